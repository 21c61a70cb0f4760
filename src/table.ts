// One table on its way through the checks: finds the header row, hands
// every row to each check, collects their findings at the end.

import { columnLetters, lit, placeName, safe, type Finding, type Location, type SafeText } from './findings.js'
import { isDataValue } from './detectors/index.js'
import type { Dataset, DetectorLevels, Policy } from './policy/types.js'
import type { CellInfo, RowSink, TableMeta } from './readers/types.js'
import type { CellFilter, Rule, TableCheck, TableContext } from './rules/types.js'

/** Header labels longer than this are cut: a header is a word or two, not a paragraph. */
const MAX_LABEL = 60

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
  /** The reader discarded this table (it reads it again as another). */
  discarded = false

  constructor(
    private readonly meta: TableMeta,
    private readonly settings: TableSettings,
    private readonly onFindings: (f: Finding[]) => void
  ) {}

  row(values: readonly string[], pos: number, info?: readonly (CellInfo | undefined)[]): void {
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
    this.discarded = true
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

/** A JSON-Pointer-style path; a key that is itself a value (an email used as a key) shows as `*`. */
function safePath(path: string): SafeText {
  return placeName(
    path
      .split('/')
      .map((seg) => (seg !== '' && isDataValue(seg.replace(/~1/g, '/').replace(/~0/g, '~')) ? '*' : seg))
      .join('/')
  )
}

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
