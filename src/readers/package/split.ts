// One sheet row at a time, split in two: the cells a reader of the file sees
// go to the sheet's table, the ones hidden from them (hidden or filtered
// rows, hidden columns, cosmetic hiding) to a hidden table of the same sheet
// at their real places. Shared by the XLSX and ODS readers, as is the
// report of what was hidden.

import { UnreadableError } from '../../errors.js'
import { columnLetters, lit, safe, type SafeText } from '../../findings.js'
import type { CellInfo, RowSink } from '../../tabular.js'
import { MAX_SAMPLES, type PackageContext } from './context.js'
import { GAP_COST, type CellBudget } from './limits.js'

export type HiddenBy = 'row' | 'column' | 'cosmetic'
export type CosmeticWhy = 'format' | 'colour'

export interface HidingStats {
  cells: number
  hiddenRowCount: number
  hiddenRows: number[]
  hiddenCols: Set<number>
  cosmeticCount: number
  cosmetic: string[]
  cosmeticWhy: Set<CosmeticWhy>
}

const DATE: CellInfo = { date: true }
const HIDDEN: CellInfo = { hidden: true }
const HIDDEN_DATE: CellInfo = { hidden: true, date: true }

/** The columns a sheet has, A to XFD (Excel's limit; ODS readers keep to it too). */
export const MAX_COLS = 16384

/** A cell past column XFD: no spreadsheet program writes one, and other readers disagree on it. */
export const pastXfd = (): UnreadableError =>
  new UnreadableError(
    lit('a cell lies past column XFD, the last column a spreadsheet has (the sheet is malformed, and other programs read it differently)'),
    lit('save the workbook again from a spreadsheet program (or export it as CSV) and commit that file')
  )

export const tooManyCells = (n: number): UnreadableError =>
  new UnreadableError(safe`a sheet has more than ${n} cells`, lit('split the sheet or publish the table as CSV'))

const tooManyRepeats = (n: number): UnreadableError =>
  new UnreadableError(
    safe`repeated rows and cells expand to more than ${n} cells with content (a tiny file can claim billions of copies; they are not expanded)`,
    lit('save the table without repeated content (or export it as CSV) and commit that file')
  )

const tooManyPackageCells = (n: number): UnreadableError =>
  new UnreadableError(
    safe`the workbook holds more than ${n} cells with content (an empty place before a far column counts as a fraction of one), more than publish-guard scans in bounded time for a file of its size on disk`,
    lit('split the workbook, or export the tables as CSV')
  )

/** Count `n` more cells against a package's budget. */
export function spendCells(b: CellBudget | undefined, n: number): void {
  if (b && (b.left -= n) < 0) throw tooManyPackageCells(b.limit)
}

const tooMuchText = (n: number): UnreadableError =>
  new UnreadableError(
    safe`the cells of the workbook hold more than ${n} characters of text (a long shared string used by many cells, or a repeated one, counts at each cell), more than publish-guard scans in bounded time for a file of its size on disk`,
    lit('shorten the long texts or split the workbook, or export the tables as CSV')
  )

/** Count `n` more characters of cell text against a package's budget. */
export function spendText(b: CellBudget | undefined, n: number): void {
  if (b && (b.left -= n) < 0) throw tooMuchText(b.limit)
}

/** Count `times` rows of `width` places (empty or not) against a package's budget. */
export function spendRows(b: CellBudget | undefined, width: number, times = 1): void {
  if (b && width > 0) spendCells(b, Math.ceil(width * times * GAP_COST))
}

/** Cells that repeats (ODS `number-rows-repeated`, `number-columns-repeated`) may still add, for one package. */
export interface RepeatBudget {
  left: number
  readonly limit: number
}

export class RowSplitter {
  readonly stats: HidingStats = {
    cells: 0,
    hiddenRowCount: 0,
    hiddenRows: [],
    hiddenCols: new Set(),
    cosmeticCount: 0,
    cosmetic: [],
    cosmeticWhy: new Set()
  }
  private vis: string[] = []
  private visInfo: Array<CellInfo | undefined> = []
  private hid: string[] = []
  private hidInfo: Array<CellInfo | undefined> = []
  private cellsInRow = 0
  private rowHidden = false
  private visSink: RowSink | null = null
  private hidSink: RowSink | null = null
  /** The sheet's first visible row: the hidden table's header when it comes first (see flush). */
  private firstVisible: { row: string[]; info: Array<CellInfo | undefined>; pos: number } | null = null

  constructor(
    private readonly visible: () => RowSink,
    private readonly hidden: () => RowSink,
    private readonly maxCells: number,
    private readonly repeats: RepeatBudget = { left: Infinity, limit: Infinity },
    private readonly pkg?: CellBudget,
    private readonly text?: CellBudget
  ) {}

  /** Characters of the current row's cells. */
  private chars = 0

  /**
   * `extra` more copies of a cell with content will follow (a repeated
   * cell): counted against the limits before any copy is made.
   */
  claim(extra: number, chars = 0): void {
    if (extra <= 0) return
    const r = this.repeats
    if ((r.left -= extra) < 0) throw tooManyRepeats(r.limit)
    if (this.stats.cells + extra > this.maxCells) throw tooManyCells(this.maxCells)
    spendCells(this.pkg, extra)
    spendText(this.text, chars * extra)
  }

  /** One non-empty cell of the current row (`row` is its sheet row number). */
  cell(col: number, v: string, isDate: boolean, by: HiddenBy | null, row: number, why?: CosmeticWhy): void {
    const s = this.stats
    if (++s.cells > this.maxCells) throw tooManyCells(this.maxCells)
    if (this.pkg && --this.pkg.left < 0) throw tooManyPackageCells(this.pkg.limit)
    this.chars += v.length
    if (this.text && (this.text.left -= v.length) < 0) throw tooMuchText(this.text.limit)
    this.cellsInRow++
    if (by === null) {
      this.vis[col] = v
      if (isDate) this.visInfo[col] = DATE
      return
    }
    this.hid[col] = v
    this.hidInfo[col] = isDate ? HIDDEN_DATE : HIDDEN
    if (by === 'row') this.rowHidden = true
    else if (by === 'column') s.hiddenCols.add(col)
    else {
      s.cosmeticCount++
      if (why) s.cosmeticWhy.add(why)
      if (s.cosmetic.length < MAX_SAMPLES) s.cosmetic.push(columnLetters(col) + row)
    }
  }

  /** The row is complete: emit it at `pos`, `times` times over (ODS repeated rows). */
  flush(pos: number, times = 1): void {
    const s = this.stats
    // Repeated rows count against the limits before any row is emitted.
    if (times > 1 && this.cellsInRow > 0) {
      this.claim(this.cellsInRow * (times - 1))
      spendText(this.text, this.chars * (times - 1))
      s.cells += this.cellsInRow * (times - 1)
    }
    spendRows(this.pkg, this.vis.length + this.hid.length, times)
    if (this.vis.length) {
      const row = dense(this.vis)
      const sink = (this.visSink ??= this.visible())
      for (let k = 0; k < times; k++) sink.row(row, pos + k, this.visInfo)
      this.firstVisible ??= { row, info: this.visInfo, pos }
    }
    if (this.hid.length) {
      let row = dense(this.hid)
      let info = this.hidInfo
      if (this.hidSink === null) {
        this.hidSink = this.hidden()
        // Hidden cells are read under the sheet's header: the first visible row
        // (where the header of a hidden column is too) leads the hidden table.
        const first = this.firstVisible
        if (first && first.pos < pos) this.hidSink.row(first.row, first.pos, first.info)
        else if (first && first.pos === pos) {
          row = Array.from({ length: Math.max(row.length, first.row.length) }, (_, i) => row[i] || first.row[i] || '')
          info = row.map((_, i) => this.hidInfo[i] ?? first.info[i])
        }
      }
      for (let k = 0; k < times; k++) this.hidSink.row(row, pos + k, info)
    }
    if (this.rowHidden) {
      s.hiddenRowCount += times
      for (let k = 0; k < times && s.hiddenRows.length < MAX_SAMPLES; k++) s.hiddenRows.push(pos + k)
    }
    // A new array for each row's values; the others only when they were used
    // or kept (the first visible row's): an empty one that only passed through
    // a sink's row() has nothing another row could see.
    this.vis = []
    if (this.visInfo.length || this.firstVisible?.info === this.visInfo) this.visInfo = []
    if (this.hid.length || this.hidInfo.length) (this.hid = []), (this.hidInfo = [])
    this.cellsInRow = 0
    this.chars = 0
    this.rowHidden = false
  }

  end(): void {
    this.visSink?.end()
    this.hidSink?.end()
  }
}

/** The row's values with '' for empty cells: the array itself when it has no gaps (the caller starts a new one). */
function dense(cells: string[]): string[] {
  for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) return Array.from(cells, (v) => v ?? '')
  return cells
}

/** Structure findings for what one sheet hides. */
export function reportHiding(
  ctx: PackageContext,
  sheet: SafeText,
  s: HidingStats,
  opts: { filtered: boolean; state?: 'hidden' | 'veryHidden' }
): void {
  if (opts.state && s.cells > 0) {
    const state = opts.state === 'veryHidden' ? lit('very hidden') : lit('hidden')
    ctx.structure(
      'structure/hidden-sheet',
      safe`sheet ${sheet} is ${state}${opts.state === 'veryHidden' ? lit(" (not even listed by Excel's Unhide command)") : lit('')} and holds ${s.cells} cells; a reader of the file does not see it. Delete it before publishing`,
      { sheet, part: safe`${state} sheet` }
    )
  }
  if (s.hiddenRowCount > 0) {
    ctx.structure(
      opts.filtered ? 'structure/filtered-rows' : 'structure/hidden-rows',
      safe`${s.hiddenRowCount} ${opts.filtered ? lit('hidden or filtered-out') : lit('hidden')} rows with data on sheet ${sheet}; they were scanned. Delete them, not hide them, before publishing`,
      { sheet },
      s.hiddenRowCount,
      s.hiddenRows.map((r) => ctx.loc({ sheet, cell: `A${r}` }))
    )
  }
  if (s.hiddenCols.size > 0) {
    const cols = [...s.hiddenCols].sort((a, b) => a - b)
    ctx.structure(
      'structure/hidden-columns',
      safe`${cols.length} hidden columns with data on sheet ${sheet}; they were scanned. Delete them, not hide them, before publishing`,
      { sheet },
      cols.length,
      cols.map((c) => ctx.loc({ sheet, cell: columnLetters(c) }))
    )
  }
  if (s.cosmeticCount > 0) {
    const how =
      s.cosmeticWhy.size === 2
        ? lit('the number format ;;; and a font colour equal to the fill')
        : s.cosmeticWhy.has('format')
          ? lit('the number format ;;;')
          : lit('a font colour equal to the fill')
    ctx.structure(
      'structure/cosmetic-hiding',
      safe`${s.cosmeticCount} cells on sheet ${sheet} are made invisible by ${how}; their values were scanned`,
      { sheet },
      s.cosmeticCount,
      s.cosmetic.map((c) => ctx.loc({ sheet, cell: c }))
    )
  }
}
