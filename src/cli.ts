// The command line: argv -> scan() -> output and exit code.
// 0: nothing blocks; 1: blocking findings (unreadable files included);
// 2: usage or policy error; 3: a bug in publish-guard.
// This is the only place that sets the process's exit status.

import { writeFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError } from './errors.js'
import { resolvePolicy, DEFAULT_POLICY_PATH } from './policy/index.js'
import { renderJson } from './report/json.js'
import { renderSarif } from './report/sarif.js'
import { renderText } from './report/text.js'
import type { Report } from './report/types.js'
import { scan } from './scan.js'
import { VERSION } from './version.js'
import { fingerprintCommand } from './cli/fingerprint.js'
import { stagedTargets } from './cli/staged.js'
import { repoTop } from './git/materialise.js'

const USAGE = `Usage: publish-guard scan PATH... [options]
       publish-guard scan --staged [PATH...] [options]
       publish-guard fingerprint FILE --at CELL | --line N --column N

Scans CSV, TSV, XLSX and ODS files for personal data and policy violations.
Directories are walked with the policy's file globs.

Options:
  --staged             scan the staged version of staged tabular files (pre-commit)
  --policy FILE        policy file (default: ${DEFAULT_POLICY_PATH} at the repository's
                       top level if present, else built-in)
  --format FORMAT      text (default), json or sarif
  --output FILE        write the report to FILE instead of standard output
  --fail-on LEVEL      error (default) or warning: the lowest severity that blocks
  -h, --help           show this help
  --version            show the version

Exit status: 0 nothing blocks, 1 blocked, 2 usage or policy error, 3 internal error.
`

const RENDERERS: Record<string, (r: Report) => string> = { text: renderText, json: renderJson, sarif: renderSarif }

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE)
    return command === undefined ? 2 : 0
  }
  if (command === '--version') {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  if (command === 'fingerprint') {
    return fingerprintCommand(rest, process.cwd(), (s) => process.stdout.write(s), (s) => process.stderr.write(s))
  }
  if (command !== 'scan') throw new ConfigError(`unknown command \`${command}\`; expected \`scan\` or \`fingerprint\`\n\n${USAGE}`)

  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        policy: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        'fail-on': { type: 'string', default: 'error' },
        staged: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (e) {
    throw new ConfigError(`${(e as Error).message}\n\n${USAGE}`)
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  if (positionals.length === 0 && !values.staged) throw new ConfigError(`no PATH given\n\n${USAGE}`)
  const render = RENDERERS[values.format]
  if (!render) throw new ConfigError(`must be text, json or sarif (got \`${values.format}\`)`, '--format')
  const failOn = values['fail-on']
  if (failOn !== 'error' && failOn !== 'warning') throw new ConfigError(`must be error or warning (got \`${failOn}\`)`, '--fail-on')

  const cwd = process.cwd()
  const staged = values.staged ? await stagedTargets(cwd, positionals) : null
  // Run from a subfolder of a repository, the policy is the repository's and
  // paths are reported (and matched by the policy's globs) from its top level.
  const root = staged?.repo ?? (await repoTop(cwd)) ?? cwd
  const policy = await resolvePolicy(values.policy && fromRoot(root, resolve(cwd, values.policy)), root)
  if (policy.source === null) process.stderr.write(`publish-guard: no ${DEFAULT_POLICY_PATH} in ${root}; using the built-in default policy\n`)

  const progress = process.stderr.isTTY && !process.env.CI
  let report: Report
  try {
    report = await scan({
      policy,
      ...(staged ? await staged.open(policy) : { paths: positionals.map((p) => resolve(cwd, p)), root }),
      failOn,
      onFile: progress ? (path, i, n) => process.stderr.write(`\r\x1b[K[${i + 1}/${n}] ${path}`) : undefined
    })
  } finally {
    await staged?.close()
  }
  if (progress) process.stderr.write('\r\x1b[K')

  const out = render(report)
  if (values.output) {
    await writeFile(values.output, out)
    process.stderr.write(`publish-guard: ${report.blocked ? 'BLOCKED' : 'OK'}; report written to ${values.output}\n`)
  } else process.stdout.write(out)
  return report.blocked ? 1 : 0
}

/** A path as seen from the repository's top level when it is inside it (how the report names the policy). */
function fromRoot(root: string, abs: string): string {
  const r = relative(root, abs)
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : abs
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    if (e instanceof ConfigError) {
      process.stderr.write(`publish-guard: ${e.message}\n`)
      process.exitCode = 2
    } else {
      process.stderr.write(`publish-guard: internal error (a bug; please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
      process.exitCode = 3
    }
  }
)
