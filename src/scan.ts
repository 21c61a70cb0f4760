// scan(): the one core. Files in, Report out. The CLI and the Action are thin
// shells over it; it prints nothing and never exits the process.

import { lstat, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { ConfigError } from './errors.js'
import { lit, type Finding, type SafeText, type Severity } from './findings.js'
import { ALWAYS_IGNORED } from './policy/defaults.js'
import { fileMatcher, reportedFiles } from './policy/match.js'
import { totalsOf } from './report/totals.js'
import { REPORT_SCHEMA_VERSION, type FileEntry, type Report } from './report/types.js'
import type { TableSettings } from './table.js'
import { addUse, type AllowUse } from './allow/allowlist.js'
import type { ResolvedPolicy } from './resolve.js'
import { WorkerPool } from './parallel/pool.js'
import { scanFile, type FileResult, type Target } from './scan-file.js'
import { shardOf, type Shard } from './shard.js'
import { verdict } from './verdict.js'
import { VERSION } from './version.js'

export { RULES } from './scan-file.js'

export interface ScanOptions {
  /** The policy, its schemas, allow entries and limits (src/resolve.ts); the same for every scan of a run. */
  policy: ResolvedPolicy
  /** Files or directories. Relative ones are resolved against `root`. */
  paths: string[]
  /**
   * The files themselves instead of `paths` (no walk): each read from `abs`,
   * judged by the policy as `rel`, and reported as `shown` when given (a
   * history scan's `path@commit`, after the allowlist has matched `rel`).
   */
  targets?: ShownTarget[]
  /** The repository root (or the copy of it being scanned): globs and reported paths are relative to it. */
  root?: string
  failOn?: Severity
  /** Called before each file (progress display). */
  onFile?: (path: string, index: number, total: number) => void
  /** An extra per-file cell filter (the base-branch comparison, src/baseline/novelty.ts). */
  cellFilter?: (rel: string) => TableSettings['cellFilter']
  /**
   * Worker threads that read files side by side (default 1: in this thread).
   * The report is the same whatever the number. A scan with `cellFilter` (a
   * function, which cannot cross to a worker) runs in this thread.
   */
  jobs?: number
  /** Worker threads to use instead of starting `jobs` of them (several scans in turn, as a history scan does). */
  pool?: WorkerPool
  /** Scan only the files whose path hashes into this shard; their entries keep their unsharded position (`seq`). */
  shard?: Shard
}

export async function scan(opts: ScanOptions): Promise<Report> {
  const root = resolve(opts.root ?? process.cwd())
  const failOn = opts.failOn ?? 'error'
  const resolved = opts.policy
  const { policy, allowlist: allow } = resolved
  const decide = fileMatcher(policy)
  const all: ShownTarget[] = opts.targets ?? (await expand(opts.paths, root, decide))
  const shard = opts.shard
  /** Positions in the unsharded list of the files this scan reads. */
  const seqs = shard ? all.map((_, i) => i).filter((i) => shardOf((all[i] as Target).rel, shard.count) === shard.index) : null
  const targets = seqs ? seqs.map((i) => all[i] as ShownTarget) : all
  /** What the allow entries were used for, summed over the files in file order. */
  const use: AllowUse = {}
  const inScope = new Set<number>()

  const jobs = opts.cellFilter ? 1 : Math.max(1, Math.min(opts.pool ? Number.POSITIVE_INFINITY : (opts.jobs ?? 1), targets.length))
  let results: FileResult[]
  if (jobs > 1) {
    const pool = opts.pool ?? new WorkerPool({ jobs, policy: resolved })
    try {
      results = await pool.scan(targets, opts.onFile)
    } finally {
      if (!opts.pool) await pool.close()
    }
  } else {
    results = []
    for (const [i, t] of targets.entries()) {
      opts.onFile?.(t.rel, i, targets.length)
      results.push(await scanFile(t, { policy: resolved, decide, ...(opts.cellFilter ? { cellFilter: opts.cellFilter } : {}) }))
    }
  }

  const files: FileEntry[] = []
  const findings: Finding[] = []
  // In file order, whichever thread read the file: the allowlist's audit
  // trail and the report come out the same.
  for (const [i, { entry, findings: fileFindings, omit, allowUse }] of results.entries()) {
    if (omit) continue
    if (seqs) entry.seq = seqs[i]
    addUse(use, allowUse)
    if (entry.status !== 'skipped') {
      // The allowlist's `files:` globs match the path as the policy sees it, before a history blob is renamed.
      allow?.fileScanned(entry.path, inScope)
      allow?.apply(fileFindings, use)
      for (const f of fileFindings) {
        if (f.allowed) continue
        if (f.severity === 'error') entry.errors++
        else entry.warnings++
      }
    }
    const shown = targets[i]?.shown
    if (shown !== undefined) rename(entry, fileFindings, shown)
    files.push(entry)
    findings.push(...fileFindings)
  }

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'publish-guard', version: VERSION },
    policy: { source: policy.source, builtIn: policy.source === null },
    failOn,
    blocked: verdict(findings, { failOn }),
    totals: totalsOf(files, findings, allow !== undefined),
    files,
    findings,
    ...(allow ? { allowlist: await allow.auditTrail(use, inScope, policy.source, resolved.root) } : {}),
    ...(shard ? { shard } : {})
  }
}

interface ShownTarget extends Target {
  shown?: string
}

/** A file's entry and findings under the name it is shown by. */
function rename(entry: FileEntry, findings: Finding[], shown: string): void {
  const from = entry.path
  entry.path = shown
  for (const f of findings) {
    if (f.location.file === from) f.location = { ...f.location, file: shown }
    if ('samples' in f && f.samples) f.samples = f.samples.map((l) => (l.file === from ? { ...l, file: shown } : l))
  }
}

/**
 * Files and directories -> the files to consider, each once, in a stable
 * order. A directory walk keeps every file named like a table (or like plain
 * text that may hold one), whatever the policy's globs, so that the report
 * lists every table found. A symbolic link is followed when its target stays
 * inside the repository (or the walked directory); one that leaves it is
 * kept, to be reported as unreadable.
 */
async function expand(paths: string[], root: string, decide: ReturnType<typeof fileMatcher>): Promise<Target[]> {
  const seen = new Set<string>()
  const out: Target[] = []
  const reported = reportedFiles(decide)
  const rootDir = { named: root, real: await realpath(root).catch(() => root) }
  const add = (t: Target): void => {
    if (seen.has(t.abs)) return
    seen.add(t.abs)
    out.push(t)
  }
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(root, p)
    let st
    try {
      st = await stat(abs)
    } catch {
      // A link whose target is missing: outside the repository it is refused, inside there is nothing to read.
      const link = await lstat(abs).catch(() => null)
      if (!link?.isSymbolicLink()) throw new ConfigError('no such file or directory', p)
    }
    const rel = toRel(abs, root, abs)
    const link = await linkCheck(abs, [rootDir])
    if (link === 'dangling') {
      if (st) throw new ConfigError('cannot resolve the path', p)
      continue
    }
    if (link) {
      add({ abs, rel, walked: false, refuse: link })
      continue
    }
    if (!st?.isDirectory()) {
      add({ abs, rel, walked: false })
      continue
    }
    // Loaded when a directory is walked: its start-up (~8 ms) is not paid for single files.
    const { default: fg } = await import('fast-glob')
    const walked = [rootDir, { named: abs, real: await realpath(abs) }]
    const found = await fg(['**/*'], {
      cwd: abs,
      dot: true,
      onlyFiles: false,
      objectMode: true,
      followSymbolicLinks: false,
      ignore: ALWAYS_IGNORED
    })
    found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    for (const f of found) {
      const fileAbs = resolve(abs, f.path)
      const fileRel = toRel(fileAbs, root, abs)
      const candidate = reported(fileRel)
      if (f.dirent.isSymbolicLink()) {
        if (!candidate) continue
        const why = await linkCheck(fileAbs, walked)
        if (why === 'dangling') continue
        if (why) add({ abs: fileAbs, rel: fileRel, walked: true, refuse: why })
        // Inside the repository: a linked file is read through its link; a linked directory's files are found where they are.
        else if ((await stat(fileAbs)).isFile()) add({ abs: fileAbs, rel: fileRel, walked: true })
      } else if (f.dirent.isFile() && candidate) add({ abs: fileAbs, rel: fileRel, walked: true })
    }
  }
  return out
}

/**
 * null: the path stays where it is named (no link, or links that stay inside
 * the directory `abs` is named under); 'dangling': a link to nothing; else
 * why it is refused (a link on the way leaves that directory).
 */
async function linkCheck(abs: string, dirs: ReadonlyArray<{ named: string; real: string }>): Promise<SafeText | 'dangling' | null> {
  let real: string
  try {
    real = await realpath(abs)
  } catch {
    return 'dangling'
  }
  const within = (dir: string, p: string): boolean => {
    const r = relative(dir, p)
    return r === '' || (!r.startsWith('..') && !isAbsolute(r))
  }
  const home = dirs.filter((d) => within(d.named, abs))
  if (home.length === 0 || home.some((d) => within(d.real, real))) return null
  return lit('a symbolic link whose target is outside the repository: it is not followed, so what it publishes cannot be inspected')
}

/** Repository-relative when inside the root; otherwise relative to the walked directory's parent. */
function toRel(abs: string, root: string, base: string): string {
  const r = relative(root, abs)
  if (!r.startsWith('..') && !isAbsolute(r)) return r.split(sep).join('/')
  return relative(resolve(base, '..'), abs).split(sep).join('/')
}
