// One file through the readers and the rules: the unit of work that scan()
// runs in order, or hands to a worker thread (src/parallel/). Everything it
// needs arrives as plain data; it returns the file's entry and findings
// before the allowlist is applied (scan() applies it, in file order).

import { UnreadableError } from './errors.js'
import { lit, policyText, safe, type Finding, type SafeText } from './findings.js'
import { labelOf } from './labels.js'
import { detectorRule } from './detectors/index.js'
import { disclosureRule } from './disclosure/index.js'
import type { fileMatcher } from './policy/match.js'
import { joinFilters, type AllowUse } from './allow/allowlist.js'
import type { ResolvedPolicy } from './resolve.js'
import { readTabular } from './readers/index.js'
import { holdsTable } from './readers/sniff.js'
import type { TableMeta } from './tabular.js'
import { sheetMap } from './report/sheets.js'
import type { FileEntry } from './report/types.js'
import { columnsRuleFor } from './rules/columns.js'
import { applyStructureLevels, readerHiddenLevel } from './rules/structure.js'
import type { FileScope, Rule } from './check.js'
import { schemaRuleFor } from './schema/check.js'
import type { PreparedSchemas } from './schema/load.js'
import { TableScan, type TableSettings } from './table.js'

/** A scan's rules, with the schemas prepared for it. Detectors first: they decide which header labels are safe to show. */
function rulesFor(schemas: PreparedSchemas | undefined, keysPerTable?: number): readonly Rule[] {
  return [detectorRule, disclosureRule, columnsRuleFor(schemas), schemaRuleFor(schemas, keysPerTable)]
}

/** The rules with no prepared schemas (inline schemas compile on the spot): for tests. */
export const RULES: readonly Rule[] = rulesFor(undefined)

export interface Target {
  abs: string
  /** Shown in the report; matched against the policy's globs. */
  rel: string
  /** Found by walking a directory (not named by the caller): a file that is not a table is left out. */
  walked?: boolean
  /** A symbolic link that leaves the repository: not followed, blocks. */
  refuse?: SafeText
}

export interface FileResult {
  /** A walked file whose content holds no table: left out of the report. */
  omit?: boolean
  entry: FileEntry
  /** The file's findings, the allowlist's column entries not yet applied. */
  findings: Finding[]
  /** What the allowlist's fingerprint entries were used for in this file's cells. */
  allowUse?: AllowUse
}

export interface FileContext {
  policy: ResolvedPolicy
  decide: ReturnType<typeof fileMatcher>
  /** A per-table cell filter for a file besides the allowlist's fingerprints (the base-branch comparison). */
  cellFilter?: (rel: string) => TableSettings['cellFilter']
}

export async function scanFile(t: Target, ctx: FileContext): Promise<FileResult> {
  const d = ctx.decide(t.rel)
  if (!d.scan) return { entry: { path: t.rel, status: 'skipped', reason: lit(d.reason), errors: 0, warnings: 0 }, findings: [] }
  if (d.sniff && !t.refuse && !(await holdsTable(t.abs))) {
    // Plain text or data that holds no rows of columns: not a table.
    const entry: FileEntry = {
      path: t.rel,
      status: 'skipped',
      reason: lit('not a table (no delimited rows in its content)'),
      errors: 0,
      warnings: 0
    }
    return t.walked ? { omit: true, entry, findings: [] } : { entry, findings: [] }
  }
  const findings: Finding[] = []
  const entry: FileEntry = { path: t.rel, status: 'scanned', errors: 0, warnings: 0, tables: 0, rows: 0 }
  if (d.dataset) entry.dataset = policyText(d.dataset.name)
  const tables: TableScan[] = []
  const metas: TableMeta[] = []
  const fileScope: FileScope = new Map()
  const { policy, allowlist, limits } = ctx.policy
  const rules = rulesFor(ctx.policy.schemas, limits.maxKeysPerTable)
  const allowUse: AllowUse = {}
  const cellFilter = joinFilters(allowlist?.cellFilter(t.rel, allowUse), ctx.cellFilter?.(t.rel))
  try {
    if (t.refuse) throw new UnreadableError(t.refuse, lit('commit the file itself, or a link to a file inside the repository'))
    const result = await readTabular(
      t.abs,
      t.rel,
      {
        table(meta: TableMeta) {
          const ts = new TableScan(
            meta,
            {
              policy,
              dataset: d.dataset,
              levels: d.dataset?.detectors ?? policy.detectors,
              rules,
              fileScope,
              cellFilter
            },
            (f) => findings.push(...f)
          )
          tables.push(ts)
          metas.push(meta)
          return ts
        }
      },
      { hiddenContent: readerHiddenLevel(policy), limits }
    )
    entry.format = result.format
    findings.push(...applyStructureLevels(result.findings, policy))
    if (result.notInspected.length) entry.notInspected = result.notInspected
  } catch (e) {
    findings.push(unreadable(entry, t.rel, e))
  }
  const across = rules.flatMap((r) => r.endFile?.(fileScope) ?? [])
  if (entry.status === 'scanned') findings.push(...across)
  entry.tables = tables.filter((ts) => !ts.discarded).length
  entry.rows = tables.reduce((n, ts) => n + ts.rows, 0)
  const sheets = sheetMap(tables.map((ts, k) => ({ meta: metas[k] as TableMeta, rows: ts.rows })))
  if (sheets) entry.sheets = sheets
  return Object.keys(allowUse).length ? { entry, findings, allowUse } : { entry, findings }
}

/**
 * The file could not be read to the end: fail closed with a blocking finding.
 * A reader's own UnreadableError says why and what to do; anything else is
 * our bug, named without echoing content.
 */
export function unreadable(entry: FileEntry, rel: string, e: unknown): Finding {
  const reason = e instanceof UnreadableError ? e.reason : unexpected(e)
  const remedy = e instanceof UnreadableError ? e.remedy : lit('report this as a bug in publish-guard; meanwhile publish the table as CSV')
  entry.status = 'unreadable'
  entry.reason = reason
  return {
    kind: 'file/unreadable',
    severity: 'error',
    location: { file: rel },
    message: safe`cannot be fully read, so it cannot be cleared for publication: ${reason}. To fix: ${remedy}`,
    reason,
    remedy
  }
}

function unexpected(e: unknown): ReturnType<typeof lit> {
  const name = e instanceof Error ? e.name : 'error'
  return safe`the reader failed unexpectedly (${labelOf(name, lit('error'))})`
}
