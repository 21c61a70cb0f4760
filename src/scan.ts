// scan(): the one core. Files in, Report out. The CLI and the Action are thin
// shells over it; it prints nothing and never exits the process.

import { lstat, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { ConfigError, UnreadableError } from './errors.js'
import { isBlocking, lit, placeName, safe, type Finding, type SafeText, type Severity } from './findings.js'
import { detectorRule } from './detectors/index.js'
import { disclosureRule } from './disclosure/index.js'
import { ALWAYS_IGNORED } from './policy/defaults.js'
import { fileMatcher, tableByName } from './policy/match.js'
import type { Policy } from './policy/types.js'
import { readTabular } from './readers/index.js'
import { holdsTable } from './readers/sniff.js'
import type { TableMeta } from './readers/types.js'
import { REPORT_SCHEMA_VERSION, type FileEntry, type Report } from './report/types.js'
import { columnsRule } from './rules/columns.js'
import type { Rule } from './rules/types.js'
import { prepareSchemas } from './schema/load.js'
import { schemaRule } from './schema/check.js'
import { TableScan, type TableSettings } from './table.js'
import { joinFilters, openAllowlist } from './allow/allowlist.js'
import { VERSION } from './version.js'

/** Extensions a directory walk reports even when the policy ignores them. */
export const TABULAR_EXTENSIONS = /\.(csv|tsv|tab|psv|xlsx|xlsm|xltx|xltm|xlsb|xls|ods|fods|zip)(\.gz)?$/i

/** Detectors first: they decide which header labels are safe to show. */
export const RULES: readonly Rule[] = [detectorRule, disclosureRule, columnsRule, schemaRule]

export interface ScanOptions {
  policy: Policy
  /** Files or directories. Relative ones are resolved against `root`. */
  paths: string[]
  /** The repository root: globs and reported paths are relative to it. */
  root?: string
  failOn?: Severity
  /** Called before each file (progress display). */
  onFile?: (path: string, index: number, total: number) => void
  /** The clock for allowlist expiry (tests inject a fixed date). */
  now?: Date
  /** Fingerprint salt; when absent and needed, resolved from the policy or repository (src/allow/salt.ts). */
  salt?: string
  /** An extra per-file cell filter (the base-branch comparison, src/allow/novelty.ts). */
  cellFilter?: (rel: string) => TableSettings['cellFilter']
}

interface Target {
  abs: string
  /** Shown in the report; matched against the policy's globs. */
  rel: string
  /** Found by walking a directory (not named by the caller): a file that is not a table is left out. */
  walked: boolean
  /** A symbolic link that leaves the repository: not followed, blocks. */
  refuse?: SafeText
}

export async function scan(opts: ScanOptions): Promise<Report> {
  const root = resolve(opts.root ?? process.cwd())
  const failOn = opts.failOn ?? 'error'
  const decide = fileMatcher(opts.policy)
  const targets = await expand(opts.paths, root, decide)
  await prepareSchemas(opts.policy, root)
  const files: FileEntry[] = []
  const findings: Finding[] = []
  const allow = await openAllowlist(opts.policy, root, opts.now, opts.salt)

  for (const [i, t] of targets.entries()) {
    opts.onFile?.(t.rel, i, targets.length)
    const d = decide(t.rel)
    if (!d.scan) {
      files.push({ path: t.rel, status: 'skipped', reason: lit(d.reason), errors: 0, warnings: 0 })
      continue
    }
    if (d.sniff && !t.refuse && !(await holdsTable(t.abs))) {
      // Plain text or data that holds no rows of columns: not a table.
      if (!t.walked) files.push({ path: t.rel, status: 'skipped', reason: lit('not a table (no delimited rows in its content)'), errors: 0, warnings: 0 })
      continue
    }
    const fileFindings: Finding[] = []
    const entry: FileEntry = { path: t.rel, status: 'scanned', errors: 0, warnings: 0, tables: 0, rows: 0 }
    if (d.dataset) entry.dataset = placeName(d.dataset.name)
    const tables: TableScan[] = []
    try {
      if (t.refuse) throw new UnreadableError(t.refuse, lit('commit the file itself, or a link to a file inside the repository'))
      const result = await readTabular(t.abs, t.rel, {
        table(meta: TableMeta) {
          const ts = new TableScan(
            meta,
            {
              policy: opts.policy,
              dataset: d.dataset,
              levels: d.dataset?.detectors ?? opts.policy.detectors,
              rules: RULES,
              cellFilter: joinFilters(allow?.cellFilter(t.rel), opts.cellFilter?.(t.rel))
            },
            (f) => fileFindings.push(...f)
          )
          tables.push(ts)
          return ts
        }
      }, { hiddenContent: opts.policy.hiddenContent, limits: opts.policy.limits })
      entry.format = result.format
      fileFindings.push(...result.findings)
      if (result.notInspected.length) entry.notInspected = result.notInspected
    } catch (e) {
      const reason = e instanceof UnreadableError ? e.reason : unexpected(e)
      const remedy = e instanceof UnreadableError ? e.remedy : lit('report this as a bug in publish-guard; meanwhile publish the table as CSV')
      entry.status = 'unreadable'
      entry.reason = reason
      fileFindings.push({
        kind: 'file/unreadable',
        severity: 'error',
        location: { file: t.rel },
        message: safe`cannot be fully read, so it cannot be cleared for publication: ${reason}. To fix: ${remedy}`,
        reason,
        remedy
      })
    }
    const across = RULES.flatMap((r) => r.endFile?.(t.rel) ?? [])
    if (entry.status === 'scanned') fileFindings.push(...across)
    entry.tables = tables.length
    entry.rows = tables.reduce((n, ts) => n + ts.rows, 0)
    allow?.fileScanned(t.rel)
    allow?.apply(fileFindings)
    for (const f of fileFindings) {
      if (f.allowed) continue
      if (f.severity === 'error') entry.errors++
      else entry.warnings++
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
    ...(allow ? { allowlist: await allow.auditTrail(opts.policy.source, root) } : {})
  }
}

/** A reader crashed: fail closed, and say it is our bug without echoing content. */
function unexpected(e: unknown): ReturnType<typeof lit> {
  const name = e instanceof Error ? e.name : 'error'
  return safe`the reader failed unexpectedly (${placeName(name)})`
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
  const byName = tableByName()
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
    const found = await fg(['**/*'], { cwd: abs, dot: true, onlyFiles: false, objectMode: true, followSymbolicLinks: false, ignore: ALWAYS_IGNORED })
    found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    for (const f of found) {
      const fileAbs = resolve(abs, f.path)
      const fileRel = toRel(fileAbs, root, abs)
      const candidate = decide(fileRel).scan || byName(fileRel) === 'table'
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
