// One table on its way through the checks: finds the header row, hands
// every row to each check, collects their findings at the end.

import { UnreadableError } from './errors.js'
import {
  columnLetters,
  formatPlace,
  lit,
  MAX_SAMPLES,
  policyText,
  repoText,
  safe,
  type Finding,
  type Location,
  type SafeText
} from './findings.js'
import { isDataValue } from './detectors/index.js'
import { personName } from './detectors/person-name.js'
import { isSafeLabel, labelOf, MAX_LABEL, nameShaped } from './labels.js'
import type { Dataset, DetectorLevels, Policy } from './policy/types.js'
import type { CellInfo, RowSink, TableMeta } from './tabular.js'
import type { CellFilter, FileScope, Rule, TableCheck, TableContext } from './check.js'

/**
 * Columns a table may have: a spreadsheet's own maximum (XLSX ends at column
 * XFD). Every check keeps some state per column; a wider table is refused
 * as too wide to inspect (a blocking finding), not read in part.
 */
export const MAX_COLUMNS = 16_384

export interface TableSettings {
  policy: Policy
  dataset: Dataset | null
  levels: DetectorLevels
  rules: readonly Rule[]
  /** The rules' state across this file's tables (new for every file). */
  fileScope: FileScope
  /** Opens the table's cell filter (only when the scan needs value fingerprints). */
  cellFilter?: (ctx: TableContext) => CellFilter | undefined
}

export class TableScan implements RowSink {
  private checks: TableCheck[] | null = null
  private filter: CellFilter | undefined
  private header: string[] | null = null
  private headerPos: number | null = null
  private readonly unsafeHeaders = new Set<number>()
  /** A first row whose cells are people's names (column labels of a cross-tab): its finding. */
  private nameRow: Finding | null = null
  rows = 0
  /** The reader discarded this table (it reads it again as another). */
  discarded = false

  constructor(
    private readonly meta: TableMeta,
    private readonly settings: TableSettings,
    private readonly onFindings: (f: Finding[]) => void
  ) {}

  row(values: readonly string[], pos: number, info?: readonly (CellInfo | undefined)[]): void {
    if (values.length > MAX_COLUMNS) throw tooWide(values.length)
    if (this.checks === null) {
      if (isBlank(values)) return
      if (!this.meta.noHeader) this.nameRow = this.namesAsLabels(values, pos)
      if (!this.meta.noHeader && looksLikeHeader(values)) {
        this.header = values.map((v) => v.trim())
        this.headerPos = pos
        this.checks = this.open()
        return
      }
      this.checks = this.open()
    }
    this.rows++
    const checks = this.checks
    for (let i = 0; i < checks.length; i++) (checks[i] as TableCheck).row(values, pos, info)
  }

  end(): void {
    if (this.checks === null) return
    // Detectors finish first: they decide which header labels are safe to show.
    const findings: Finding[] = this.nameRow ? [this.nameRow] : []
    this.nameRow = null
    for (const c of this.checks) findings.push(...c.finish(findings))
    this.checks = null
    this.onFindings(this.filter ? this.filter.finish(findings) : findings)
  }

  abort(): void {
    this.checks = null
    this.nameRow = null
    this.rows = 0
    this.discarded = true
  }

  /**
   * A first row of which at least two cells, and at least half of the cells
   * after the first, are people's names (as the name detector's single-value
   * test judges them, or two adjacent known name words in a longer label like
   * `Dr. Maria Garcia`: a given name and another known name): the column
   * labels of a cross-tab or a transposed table are people. Those names are
   * personal data whether the row is read as a header or as data.
   */
  private namesAsLabels(values: readonly string[], pos: number): Finding | null {
    const level = this.settings.levels['person-name']
    if (level === 'off') return null
    const cols: number[] = []
    let cells = 0
    for (let i = 0; i < values.length; i++) {
      const v = (values[i] as string).trim()
      if (v === '') continue
      cells++
      if (personName.test(v) || (!/[\d_@/]/.test(v) && nameShaped(v, true))) cols.push(i)
    }
    if (cols.length < 2 || cols.length * 2 < cells - 1) return null
    const ctx = this.context()
    const samples = cols.slice(0, MAX_SAMPLES).map((c) => ctx.locate(pos, c))
    const first = samples[0] as Location
    return {
      kind: 'pii/person-name',
      scope: 'cells',
      severity: this.meta.hidden ? 'error' : level,
      location: first,
      message: safe`person names as column labels in ${formatPlace(first)}: ${cols.length} of ${cells} cells of the first row are names made of known given names and surnames`,
      rule: lit('detector person-name'),
      count: cols.length,
      samples,
      confidence: 0.9
    }
  }

  private open(): TableCheck[] {
    const ctx = this.context()
    this.filter = this.settings.cellFilter?.(ctx)
    if (this.filter) ctx.cellFilter = this.filter
    return this.settings.rules.map((r) => r.open(ctx)).filter((c): c is TableCheck => c !== null)
  }

  private context(): TableContext {
    const meta = this.meta
    const base = (): Location => ({ file: meta.file, sheet: meta.sheet, part: meta.part })
    const tablePath = meta.path === undefined ? undefined : safePath(meta.path)
    const located = (pos: number, col: number): Location => {
      const p = (meta.locate as NonNullable<TableMeta['locate']>)(pos, col)
      if (tablePath === undefined) return { ...base(), line: p.line, column: p.column }
      const record = p.record === undefined ? lit('') : safe`/${p.record}`
      // Keys in the path show when the column's header does.
      const key = p.key !== undefined && p.key.length <= MAX_LABEL && label(col) !== undefined ? safePath(p.key) : lit('')
      return { ...base(), line: p.line, column: p.column, pointer: safe`${tablePath}${record}${key}` }
    }
    const locate = (pos: number, col: number): Location =>
      meta.locate
        ? located(pos, col)
        : meta.addressing === 'line'
          ? { ...base(), line: pos, column: col + 1 }
          : meta.addressing === 'record'
            ? { ...base(), part: safe`${meta.part ?? lit('part')}, ${meta.unit ?? lit('record')} ${pos}`, column: col + 1 }
            : { ...base(), cell: columnLetters(col) + pos }
    const locateColumn = (col: number): Location =>
      tablePath !== undefined
        ? { ...base(), pointer: tablePath, header: label(col) }
        : meta.addressing === 'cell'
          ? { ...base(), cell: columnLetters(col), header: label(col) }
          : { ...base(), column: col + 1, header: label(col) }
    // Headers are data: shown when the policy declares them, or when they pass the safe-label check.
    const declared = declaredHeaders(this.settings)
    const label = (col: number): SafeText | undefined => {
      const h = this.header?.[col]
      if (!h || this.unsafeHeaders.has(col)) return undefined
      if (declared.has(headerKey(h))) return policyText(h)
      return isSafeLabel(h) ? labelOf(h, lit('')) : undefined
    }
    return {
      meta,
      policy: this.settings.policy,
      dataset: this.settings.dataset,
      fileScope: this.settings.fileScope,
      levels: this.settings.levels,
      header: this.header,
      headerPos: this.headerPos,
      locate,
      locateHeader: (col) => {
        const pos = this.headerPos
        const where = pos === null ? locateColumn(col) : locate(pos, col)
        return { ...where, header: label(col) }
      },
      locateColumn,
      label,
      markHeaderUnsafe: (col) => this.unsafeHeaders.add(col)
    }
  }
}

/** Header text as the policy declares it: trimmed, case-insensitive. */
const headerKey = (h: string): string => h.trim().toLowerCase()

/** Column names the policy author wrote (dataset columns and fields, inline schema fields, allow entries): fit to show. */
function declaredHeaders(s: TableSettings): Set<string> {
  const out = new Set<string>()
  const d = s.dataset
  for (const n of [...(d?.columns?.allow ?? []), ...(d?.columns?.deny ?? []), ...(d?.fields ?? []).map((f) => f.name)])
    out.add(headerKey(n))
  const schema = d?.schema
  if (schema && typeof schema === 'object' && 'fields' in schema) for (const f of schema.fields) out.add(headerKey(f.name))
  for (const e of s.policy.allow ?? []) for (const c of e.columns ?? []) out.add(headerKey(c))
  return out
}

/** A JSON-Pointer-style path; a key that may be a value (an email or a person's name used as a key) shows as `*`. */
function safePath(path: string): SafeText {
  return path
    .split('/')
    .map(
      (seg): SafeText => (seg === '' || /^\d+$/.test(seg) ? repoText(seg) : labelOf(seg.replace(/~1/g, '/').replace(/~0/g, '~'), lit('*')))
    )
    .reduce((a, seg, i) => (i === 0 ? seg : safe`${a}/${seg}`), lit(''))
}

const tooWide = (columns: number): UnreadableError =>
  new UnreadableError(
    safe`a row has ${columns} columns, more than the ${MAX_COLUMNS} a table may have (a spreadsheet's own maximum): too wide to inspect`,
    lit('split the table into narrower files, or check that the file really is a table with the delimiter you expect')
  )

function isBlank(values: readonly string[]): boolean {
  for (const v of values) if (v.trim() !== '') return false
  return true
}

/**
 * The first non-blank row is a header when it has words and none of its cells
 * is something a detector would flag (an email, an ID, a date, a name): then
 * it is data, and is scanned as data.
 */
function looksLikeHeader(values: readonly string[]): boolean {
  let words = 0
  for (const v of values) {
    const t = v.trim()
    if (t === '') continue
    if (/\p{L}/u.test(t)) words++
    if (isDataValue(t)) return false
  }
  return words > 0
}
