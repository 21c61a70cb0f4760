import { spawnSync } from 'node:child_process'
import { CLI } from './paths.js'

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the bundled CLI (dist/cli.js) as a user would. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
    maxBuffer: 64 << 20
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}
