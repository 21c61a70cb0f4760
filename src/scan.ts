// scan(): the one core. Files in, Report out. The CLI and the Action are thin
// shells over it; it prints nothing and never exits the process.

import { stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { ConfigError, UnreadableError } from './errors.js'
import { isBlocking, lit, placeName, safe, type Finding, type Severity } from './findings.js'
import { detectorRule } from './detectors/index.js'
import { disclosureRule } from './disclosure/index.js'
import { ALWAYS_IGNORED } from './policy/defaults.js'
import { fileMatcher } from './policy/match.js'
import type { Policy } from './policy/types.js'
import { readTabular } from './readers/index.js'
import type { TableMeta } from './readers/types.js'
import { REPORT_SCHEMA_VERSION, type FileEntry, type Report } from './report/types.js'
import { columnsRule } from './rules/columns.js'
import type { Rule } from './rules/types.js'
import { prepareSchemas } from './schema/load.js'
import { schemaRule } from './schema/check.js'
import { TableScan, type TableSettings } from './table.js'
import { joinFilters, openAllowlist } from './allow/allowlist.js'
import { VERSION } from './version.js'

/** Extensions a directory walk reports even when the policy skips them. */
export const TABULAR_EXTENSIONS = /\.(csv|tsv|tab|xlsx|xlsm|xls|ods)$/i

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
    const fileFindings: Finding[] = []
    const entry: FileEntry = { path: t.rel, status: 'scanned', errors: 0, warnings: 0, tables: 0, rows: 0 }
    if (d.dataset) entry.dataset = placeName(d.dataset.name)
    const tables: TableScan[] = []
    try {
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
    entry.tables = tables.filter((ts) => !ts.discarded).length
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
