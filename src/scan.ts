// scan(): the one core. Files in, Report out. The CLI and the Action are thin
// shells over it; it prints nothing and never exits the process.

import { stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { ConfigError } from './errors.js'
import { isBlocking, type Finding, type Severity } from './findings.js'
import { ALWAYS_IGNORED } from './policy/defaults.js'
import { fileMatcher } from './policy/match.js'
import type { Policy } from './policy/types.js'
import { REPORT_SCHEMA_VERSION, type FileEntry, type Report } from './report/types.js'
import { prepareSchemas } from './schema/load.js'
import type { TableSettings } from './table.js'
import { joinFilters, openAllowlist } from './allow/allowlist.js'
import { WorkerPool } from './parallel/pool.js'
import { scanFile, type FileResult, type Target } from './scan-file.js'
import { shardOf, type Shard } from './shard.js'
import { VERSION } from './version.js'

export { RULES } from './scan-file.js'

/** Extensions a directory walk reports even when the policy skips them. */
export const TABULAR_EXTENSIONS = /\.(csv|tsv|tab|xlsx|xlsm|xls|ods)$/i

export interface ScanOptions {
  policy: Policy
  /** Files or directories. Relative ones are resolved against `root`. */
  paths: string[]
  /**
   * The files themselves instead of `paths` (no walk): each read from `abs`,
   * judged by the policy as `rel`, and reported as `shown` when given (a
   * history scan's `path@commit`, after the allowlist has matched `rel`).
   */
  targets?: ShownTarget[]
  /** The repository root: globs and reported paths are relative to it. */
  root?: string
  /**
   * Where the policy lives, when the files are copies elsewhere (staged
   * versions, history blobs): the policy's schema files and the allowlist's
   * git blame are read there. Default: `root`.
   */
  policyRoot?: string
  failOn?: Severity
  /** Called before each file (progress display). */
  onFile?: (path: string, index: number, total: number) => void
  /** The clock for allowlist expiry (tests inject a fixed date). */
  now?: Date
  /** Fingerprint salt; when absent and needed, resolved from the policy or repository (src/allow/salt.ts). */
  salt?: string
  /** An extra per-file cell filter (the base-branch comparison, src/allow/novelty.ts). */
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
  const decide = fileMatcher(opts.policy)
  const all: ShownTarget[] = opts.targets ?? (await expand(opts.paths, root, decide))
  const shard = opts.shard
  /** Positions in the unsharded list of the files this scan reads. */
  const seqs = all.map((_, i) => i).filter((i) => !shard || shardOf((all[i] as Target).rel, shard.count) === shard.index)
  const targets = shard ? seqs.map((i) => all[i] as ShownTarget) : all
  const policyRoot = resolve(opts.policyRoot ?? root)
  await prepareSchemas(opts.policy, policyRoot)
  const allow = await openAllowlist(opts.policy, policyRoot, opts.now, opts.salt)

  const jobs = opts.cellFilter ? 1 : Math.max(1, Math.min(opts.pool ? Number.POSITIVE_INFINITY : (opts.jobs ?? 1), targets.length))
  let results: FileResult[]
  if (jobs > 1) {
    const place = { root: policyRoot, now: (opts.now ?? new Date()).toISOString(), ...(opts.salt ? { salt: opts.salt } : {}) }
    const pool = opts.pool ?? new WorkerPool({ jobs, policy: opts.policy })
    try {
      results = await pool.scan(targets, place, opts.onFile)
    } finally {
      if (!opts.pool) await pool.close()
    }
  } else {
    const cellFilter = (rel: string): TableSettings['cellFilter'] => joinFilters(allow?.cellFilter(rel), opts.cellFilter?.(rel))
    results = []
    for (const [i, t] of targets.entries()) {
      opts.onFile?.(t.rel, i, targets.length)
      results.push(await scanFile(t, { policy: opts.policy, decide, cellFilter }))
    }
  }

  const files: FileEntry[] = []
  const findings: Finding[] = []
  // In file order, whichever thread read the file: the allowlist's audit
  // trail and the report come out the same.
  for (const [i, { entry, findings: fileFindings }] of results.entries()) {
    if (shard) entry.seq = seqs[i]
    const shown = targets[i]?.shown
    if (shown !== undefined) rename(entry, fileFindings, shown)
    if (entry.status !== 'skipped') {
      allow?.fileScanned(entry.path)
      allow?.apply(fileFindings)
      for (const f of fileFindings) {
        if (f.allowed) continue
        if (f.severity === 'error') entry.errors++
        else entry.warnings++
      }
    }
    files.push(entry)
    findings.push(...fileFindings)
  }

  const count = (s: FileEntry['status']): number => files.filter((f) => f.status === s).length
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'publish-guard', version: VERSION },
    policy: { source: opts.policy.source, builtIn: opts.policy.source === null },
    failOn,
    blocked: findings.some((f) => isBlocking(f, failOn)),
    totals: {
      files: files.length,
      scanned: count('scanned'),
      skipped: count('skipped'),
      unreadable: count('unreadable'),
      errors: findings.filter((f) => f.severity === 'error' && !f.allowed).length,
      warnings: findings.filter((f) => f.severity === 'warning' && !f.allowed).length,
      ...(allow ? { allowed: findings.filter((f) => f.allowed).length } : {})
    },
    files,
    findings,
    ...(allow ? { allowlist: await allow.auditTrail(opts.policy.source, policyRoot) } : {}),
    ...(shard ? { shard } : {})
  }
}

export interface ShownTarget extends Target {
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

/** Files and directories -> the files to consider, each once, in a stable order. */
async function expand(paths: string[], root: string, decide: ReturnType<typeof fileMatcher>): Promise<Target[]> {
  const seen = new Set<string>()
  const out: Target[] = []
  const add = (abs: string, rel: string): void => {
    if (seen.has(abs)) return
    seen.add(abs)
    out.push({ abs, rel })
  }
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(root, p)
    let st
    try {
      st = await stat(abs)
    } catch {
      throw new ConfigError('no such file or directory', p)
    }
    if (st.isDirectory()) {
      // Walk with the policy's own globs plus every tabular extension, so that
      // files the policy skips still show up in the report as skipped.
      // Loaded when a directory is walked: its start-up (~8 ms) is not paid for single files.
      const { default: fg } = await import('fast-glob')
      const found = await fg(['**/*'], {
        cwd: abs,
        dot: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        ignore: ALWAYS_IGNORED
      })
      found.sort()
      for (const f of found) {
        const fileAbs = resolve(abs, f)
        const rel = toRel(fileAbs, root, abs)
        if (TABULAR_EXTENSIONS.test(f) || decide(rel).scan) add(fileAbs, rel)
      }
    } else add(abs, toRel(abs, root, abs))
  }
  return out
}

/** Repository-relative when inside the root; otherwise relative to the walked directory's parent. */
function toRel(abs: string, root: string, base: string): string {
  const r = relative(root, abs)
  if (!r.startsWith('..') && !isAbsolute(r)) return r.split(sep).join('/')
  return relative(resolve(base, '..'), abs).split(sep).join('/')
}
