// `publish-guard scan --history`: every tabular blob a branch's history
// holds, each distinct blob scanned once, read straight from git (no
// checkout). A table that held people and was "fixed" later is still
// published: every commit of a public repository can be browsed and
// downloaded. Findings name the blob's first commit and its paths, and say
// whether the branch's tree still holds it.
//
// Blobs are written to a temp directory in batches (a bounded number of files
// and bytes) and scanned with scan() itself, each judged by the policy as its
// first path, so every reader, detector, rule and the allowlist apply as in a
// normal scan.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { ConfigError } from '../errors.js'
import type { Severity } from '../findings.js'
import { BlobReader } from '../git/batch.js'
import { git, hasCommit } from '../git/run.js'
import { WorkerPool } from '../parallel/pool.js'
import { fileMatcher, reportedFiles } from '../policy/match.js'
import type { ResolvedPolicy } from '../resolve.js'
import { mergeReports } from '../report/merge.js'
import type { FileEntry, Report } from '../report/types.js'
import { scan } from '../scan.js'
import { shardOf, type Shard } from '../shard.js'
import { historyBlobs, treeBlobs, type HistoryBlob } from './blobs.js'

/** Blobs written out and scanned together: bounded disk use, and enough files to keep every worker busy. */
const BATCH_FILES = 4096
const BATCH_BYTES = 256 * 1024 * 1024

export interface HistoryOptions {
  /** The repository (any folder inside it). */
  cwd: string
  /** Resolved at the repository's top level. */
  policy: ResolvedPolicy
  /** Branch or any commit-ish; default HEAD. */
  branch?: string
  /** Only blobs added after this commit (`SINCE..BRANCH`). */
  since?: string
  failOn?: Severity
  jobs?: number
  shard?: Shard
  onFile?: (path: string, index: number, total: number) => void
}

export async function scanHistory(o: HistoryOptions): Promise<Report> {
  let repo: string
  try {
    repo = (await git(['rev-parse', '--show-toplevel'], o.cwd)).trim()
  } catch {
    throw new ConfigError('--history needs a git repository (run it inside one)')
  }
  const branch = o.branch ?? 'HEAD'
  for (const [rev, what] of [[branch, '--branch'], ...(o.since ? [[o.since, '--since']] : [])] as const) {
    if (!(await hasCommit(rev, repo)))
      throw new ConfigError(`\`${rev}\` is not a commit in this repository (a shallow clone? fetch the full history)`, what)
  }
  const head = (await git(['rev-parse', `${branch}^{commit}`], repo)).trim()
  const all = await historyBlobs(repo, o.since ? `${o.since}..${head}` : head, reportedFiles(fileMatcher(o.policy.policy)))
  const shard = o.shard
  const blobs = shard ? all.filter((b) => shardOf(b.blob, shard.count) === shard.index) : all
  const inTree = await treeBlobs(repo, head)

  const tmp = await mkdtemp(join(tmpdir(), 'publish-guard-history-'))
  const reader = new BlobReader(repo)
  // One pool for every batch: its threads start once.
  const jobs = o.jobs ?? 1
  const pool = jobs > 1 && blobs.length > 1 ? new WorkerPool({ jobs, policy: o.policy }) : undefined
  const parts: Report[] = []
  let batch: HistoryBlob[] = []
  let bytes = 0
  let done = 0
  /** Scans the blobs written so far (one scan() call), then deletes them. */
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const these = batch
    const dir = join(tmp, String(parts.length))
    const part = await scan({
      policy: o.policy,
      paths: [],
      // Walked: a blob named like plain text that holds no table is left out, as in a directory walk.
      targets: these.map((b, i) => ({ abs: fileOf(dir, b, i), rel: b.paths[0] as string, shown: shown(b), walked: true })),
      root: dir,
      failOn: o.failOn,
      ...(pool ? { pool } : {}),
      onFile: o.onFile ? (_p, i) => o.onFile?.(shown(these[i] as HistoryBlob), done + i, blobs.length) : undefined
    })
    done += these.length
    parts.push(attach(part, these, inTree))
    await rm(dir, { recursive: true, force: true })
    batch = []
    bytes = 0
  }
  try {
    for (const b of blobs) {
      if (batch.length >= BATCH_FILES || bytes >= BATCH_BYTES) await flush()
      bytes += await reader.toFile(b.blob, fileOf(join(tmp, String(parts.length)), b, batch.length))
      batch.push(b)
    }
    await flush()
  } finally {
    await pool?.close()
    await reader.close().catch(() => undefined)
    await rm(tmp, { recursive: true, force: true })
  }
  const joined = parts.length
    ? mergeReports(parts.map((p, i) => ({ ...p, shard: { index: i + 1, count: parts.length } })))
    : await emptyReport(o)
  const { shard: _none, ...report } = joined
  if (shard) {
    // A shard's entries keep their place in the whole history, for `merge`.
    const seqOf = new Map(blobs.map((b) => [shown(b), b.seq]))
    report.files = report.files.map((f) => ({ ...f, seq: seqOf.get(f.path) ?? 0 }))
  }
  return { ...report, history: { branch, head, ...(o.since ? { since: o.since } : {}) }, ...(shard ? { shard } : {}) }
}

/** How a blob is named in the report: its first path at its first commit. */
function shown(b: Pick<HistoryBlob, 'paths' | 'commit'>): string {
  return `${b.paths[0]}@${b.commit.slice(0, 12)}`
}

/** Where blob `i` of a batch is written: its own folder, under its file name (the readers look at the extension). */
function fileOf(dir: string, b: HistoryBlob, i: number): string {
  return join(dir, String(i), basename(b.paths[0] as string))
}

/** A batch's report with each file's history attached. */
function attach(r: Report, batch: readonly HistoryBlob[], inTree: ReadonlySet<string>): Report {
  const byName = new Map(batch.map((b) => [shown(b), b]))
  const files = r.files.map((f): FileEntry => {
    const b = byName.get(f.path)
    if (!b) return f
    return { ...f, seq: b.seq, history: { blob: b.blob, commit: b.commit, paths: [...b.paths], inTree: inTree.has(b.blob) } }
  })
  return { ...r, files }
}

/** A history with no tabular blob: the report of a scan of nothing. */
async function emptyReport(o: HistoryOptions): Promise<Report> {
  const dir = await mkdtemp(join(tmpdir(), 'publish-guard-history-'))
  try {
    return await scan({ policy: o.policy, paths: [], root: dir, failOn: o.failOn })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
