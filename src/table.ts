// One table on its way through the checks: finds the header row, hands
// every row to each check, collects their findings at the end.

import { UnreadableError } from './errors.js'
import { columnLetters, lit, placeName, safe, type Finding, type Location, type SafeText } from './findings.js'
import { isDataValue } from './detectors/index.js'
import type { Dataset, DetectorLevels, Policy } from './policy/types.js'
import type { CellInfo, RowSink, TableMeta } from './readers/types.js'
import type { CellFilter, Rule, TableCheck, TableContext } from './rules/types.js'

/** Header labels longer than this are cut: a header is a word or two, not a paragraph. */
const MAX_LABEL = 60

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
  /** Opens the table's cell filter (only when the scan needs value fingerprints). */
  cellFilter?: (ctx: TableContext) => CellFilter | undefined
}

export class TableScan implements RowSink {
  private checks: TableCheck[] | null = null
  private filter: CellFilter | undefined
  private header: string[] | null = null
  private headerPos: number | null = null
  private readonly unsafeHeaders = new Set<number>()
  rows = 0

  constructor(
    private readonly meta: TableMeta,
    private readonly settings: TableSettings,
    private readonly onFindings: (f: Finding[]) => void
  ) {}

  row(values: readonly string[], pos: number, info?: readonly (CellInfo | undefined)[]): void {
    if (values.length > MAX_COLUMNS) throw tooWide(values.length)
    if (this.checks === null) {
      if (isBlank(values)) return
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
    const findings: Finding[] = []
    for (const c of this.checks) findings.push(...c.finish(findings))
    this.checks = null
    this.onFindings(this.filter ? this.filter.finish(findings) : findings)
  }

  abort(): void {
    this.checks = null
    this.rows = 0
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
    const locate = (pos: number, col: number): Location =>
      meta.addressing === 'line'
        ? { ...base(), line: pos, column: col + 1 }
        : meta.addressing === 'record'
          ? { ...base(), part: safe`${meta.part ?? lit('part')}, ${meta.unit ?? lit('record')} ${pos}`, column: col + 1 }
          : { ...base(), cell: columnLetters(col) + pos }
    const locateColumn = (col: number): Location =>
      meta.addressing === 'cell'
        ? { ...base(), cell: columnLetters(col), header: label(col) }
        : { ...base(), column: col + 1, header: label(col) }
    const label = (col: number): SafeText | undefined => {
      const h = this.header?.[col]
      if (!h || this.unsafeHeaders.has(col)) return undefined
      return placeName(h.length > MAX_LABEL ? h.slice(0, MAX_LABEL - 3) + '...' : h)
    }
    return {
      meta,
      policy: this.settings.policy,
      dataset: this.settings.dataset,
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
export function looksLikeHeader(values: readonly string[]): boolean {
  let words = 0
  for (const v of values) {
    const t = v.trim()
    if (t === '') continue
    if (/\p{L}/u.test(t)) words++
    if (isDataValue(t)) return false
  }
  return words > 0
}
