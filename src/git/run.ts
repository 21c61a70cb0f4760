// Running git: small outputs as strings, blobs streamed to files. Arguments
// are passed as an array (no shell), paths after `--` where git allows it.

import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { ConfigError } from '../errors.js'

export class GitError extends Error {
  override readonly name = 'GitError'
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly stderr: string
  ) {
    super(`git ${args[0] ?? ''} failed (exit ${code ?? 'signal'}): ${stderr.split('\n')[0] ?? ''}`)
  }
}

/** Runs git and returns its standard output (for small outputs). */
export function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    p.stdout.on('data', (b: Buffer) => out.push(b))
    p.stderr.on('data', (b: Buffer) => err.push(b))
    p.on('error', reject)
    p.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'))
      else reject(new GitError(args, code, Buffer.concat(err).toString('utf8')))
    })
  })
}

/** Streams `git show <spec>` (a blob: `base:path`, `:path`) into a file; memory stays flat. */
export async function gitShowToFile(spec: string, cwd: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true })
  const p = spawn('git', ['cat-file', 'blob', spec], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  const err: Buffer[] = []
  p.stderr.on('data', (b: Buffer) => err.push(b))
  const closed = new Promise<number | null>((resolve, reject) => {
    p.on('error', reject)
    p.on('close', resolve)
  })
  await pipeline(p.stdout, createWriteStream(dest))
  const code = await closed
  if (code !== 0) throw new GitError(['cat-file', 'blob', spec], code, Buffer.concat(err).toString('utf8'))
}

/** Does `<rev>:<path>` exist (and is it a blob)? */
export async function blobExists(spec: string, cwd: string): Promise<boolean> {
  try {
    return (await git(['cat-file', '-t', spec], cwd)).trim() === 'blob'
  } catch {
    return false
  }
}

/** Is `rev` a commit in the repository at `cwd`? */
export async function hasCommit(rev: string, cwd: string): Promise<boolean> {
  return git(['cat-file', '-t', `${rev}^{commit}`], cwd).then(
    (t) => t.trim() === 'commit',
    () => false
  )
}

/**
 * A commit the run needs is missing from the checkout (a shallow clone):
 * one message for every caller (the changed-file list, the base-branch
 * comparison), naming the commit, why it is needed, and the fix.
 */
export async function requireCommit(
  rev: string,
  cwd: string,
  o: { role: 'base' | 'head'; needed: string; orFetch?: boolean }
): Promise<void> {
  if (await hasCommit(rev, cwd)) return
  throw new ConfigError(
    `the ${o.role} commit ${rev} is not in the checkout, so ${o.needed}. Check out the full history: actions/checkout with \`fetch-depth: 0\`` +
      (o.orFetch ? ` (or fetch that commit: \`git fetch --depth=1 origin ${rev}\`)` : ''),
    'checkout'
  )
}
