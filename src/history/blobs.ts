// Which tabular blobs a branch's history holds: streamed from `git log
// --raw` (every commit's added and changed files, oldest first), each
// distinct blob once, with the first commit that added it and every path it
// was committed at; and which blobs the branch's tree still holds.

import { spawn } from 'node:child_process'
import { git, GitError } from '../git/run.js'

export interface HistoryBlob {
  /** Blob id (40 or 64 hex digits). */
  blob: string
  /** The first commit (oldest first, parents before children) that added it. */
  commit: string
  /** Every path it was committed at, in order of first appearance. */
  paths: string[]
  /** Position in the whole history's list (shards keep the unsharded order). */
  seq: number
}

/** Regular files only (100644, 100755): not symlinks, not submodules. */
const REGULAR = /^100(644|755)$/

/**
 * The blobs of files that `isTable(path)` accepts, added or changed by the
 * commits of `range` (`B`, or `SINCE..B`), in order of first appearance.
 */
export async function historyBlobs(repo: string, range: string, isTable: (path: string) => boolean): Promise<HistoryBlob[]> {
  const args = [
    'log',
    '--reverse',
    '--topo-order',
    '--format=%x01%H',
    '--raw',
    '-z',
    '--no-renames',
    '--no-abbrev',
    '--diff-merges=first-parent',
    range,
    '--'
  ]
  const p = spawn('git', args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  p.stderr.on('data', (b: Buffer) => {
    if (stderr.length < 4096) stderr += b.toString('utf8')
  })
  const closed = new Promise<number | null>((resolve, reject) => {
    p.on('error', reject)
    p.on('close', resolve)
  })
  const byBlob = new Map<string, HistoryBlob>()
  const list: HistoryBlob[] = []
  let commit = ''
  /** The raw header waiting for its path. */
  let raw: string | null = null
  let rest = ''
  const token = (t: string): void => {
    if (raw !== null) {
      const [, newMode, , newBlob, status] = raw.slice(1).split(' ')
      raw = null
      if (!newMode || !newBlob || !status || !REGULAR.test(newMode) || status === 'D' || /^0+$/.test(newBlob)) return
      if (!isTable(t)) return
      const seen = byBlob.get(newBlob)
      if (seen) {
        if (!seen.paths.includes(t)) seen.paths.push(t)
        return
      }
      const b: HistoryBlob = { blob: newBlob, commit, paths: [t], seq: list.length }
      byBlob.set(newBlob, b)
      list.push(b)
      return
    }
    const s = t.replace(/^\n+/, '')
    if (s.startsWith('\x01')) commit = s.slice(1)
    else if (s.startsWith(':')) raw = s
  }
  p.stdout.setEncoding('utf8')
  for await (const chunk of p.stdout as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\0')
    rest = parts.pop() ?? ''
    for (const t of parts) token(t)
  }
  if (rest) token(rest)
  const code = await closed
  if (code !== 0) throw new GitError(args, code, stderr)
  return list
}

/** The blob ids of the regular files in `rev`'s tree. */
export async function treeBlobs(repo: string, rev: string): Promise<Set<string>> {
  const out = await git(['ls-tree', '-r', '-z', '--full-tree', rev], repo)
  const ids = new Set<string>()
  for (const entry of out.split('\0')) {
    // `<mode> blob <id>\t<path>`
    const [mode, type, id] = entry.split('\t')[0]?.split(' ') ?? []
    if (type === 'blob' && mode && id && REGULAR.test(mode)) ids.add(id)
  }
  return ids
}
