// The cells of a sheet's data as both paths read them (the byte-level fast
// path, sheet-fast.ts, and the general path, sheet.ts): the current row and
// cell, and where a finished cell goes. Visible cells go to the sheet's
// table; cells a reader of the file cannot see (hidden or zero-size rows and
// columns, cosmetic hiding) go to the hidden table, at their real places;
// formula literals and phonetic readings go to their own tables.

import type { RowSink } from '../../tabular.js'
import { UnreadableError } from '../../errors.js'
import { lit } from '../../findings.js'
import type { CellBudget } from '../package/limits.js'
import { serialToIso, type CellStyles } from './styles.js'
import { MAX_COLS, pastXfd, RowSplitter, type HidingStats } from '../package/split.js'
import type { SharedStrings } from './strings.js'
import { CellExtras, formulaLiterals } from '../package/extras.js'
import { attr } from '../package/xml.js'
import { unescapeOoxml } from './strings.js'
import { Byte } from './bytes.js'

export interface SheetContext {
  sst: SharedStrings
  styles: CellStyles
  date1904: boolean
  maxCells: number
  /** The package's budget of cells with content (all sheets together). */
  cells?: CellBudget
  /** The package's budget of characters of cell text. */
  text?: CellBudget
}

/** The tables a sheet's cells go to, beside its visible and hidden tables. */
export interface CellTables {
  /** String literals of formulas, at their cells. */
  formulas: () => RowSink
  /** Phonetic readings of inline strings, at their cells. */
  phonetic: () => RowSink
}

/** Excel's limit for the text of one cell; no spreadsheet program writes more. */
export const MAX_CELL_CHARS = 32_767

export const tooLong = (): UnreadableError =>
  new UnreadableError(
    lit(
      'a cell or shared string holds more than 32,767 characters, more than a spreadsheet program writes or shows (the file was not made by one, or is malformed)'
    ),
    lit('shorten the text, or export the tables as CSV')
  )

/** `B7` -> [col 1, row 7]; col -1 when the reference is not a cell reference. */
export function parseRef(r: string): [number, number] {
  let col = 0
  let i = 0
  for (; i < r.length; i++) {
    const c = r.charCodeAt(i)
    if (c >= Byte.UPPER_A && c <= Byte.UPPER_Z) col = col * 26 + (c - (Byte.UPPER_A - 1))
    else if (c >= Byte.LOWER_A && c <= Byte.LOWER_Z) col = col * 26 + (c - (Byte.LOWER_A - 1))
    else break
  }
  const row = i < r.length ? Number(r.slice(i)) : NaN
  return [i === 0 ? -1 : col - 1, Number.isInteger(row) ? row : -1]
}

export const truthy = (v: string | undefined): boolean => v === '1' || v === 'true'

/** The column of a cell without a reference: the one after the last cell. */
export const NEXT_COL = -2

export class SheetCells {
  private readonly sst: SharedStrings
  private readonly date1904: boolean
  private readonly dateStyle: Uint8Array
  private readonly cosmeticStyle: Uint8Array
  private readonly cosmeticWhy: CellStyles['cosmeticWhy']
  private readonly split: RowSplitter
  private readonly formulas: CellExtras
  private readonly phonetics: CellExtras
  /** 1 for each column `<col>` hides (0-based). */
  readonly colHidden = new Uint8Array(MAX_COLS + 1)
  /** `<sheetFormatPr zeroHeight="1">`: rows are hidden unless they set a height. */
  zeroHeight = false
  // The current row.
  private rowNum = 0
  private rowHidden = false
  // The current cell: column (-1 before the row's first), style, type, and
  // the raw text of its value.
  col = -1
  style = 0
  type = ''
  value = ''

  constructor(ctx: SheetContext, visible: () => RowSink, hidden: () => RowSink, tables: CellTables) {
    this.sst = ctx.sst
    this.date1904 = ctx.date1904
    this.dateStyle = ctx.styles.date
    this.cosmeticStyle = ctx.styles.cosmetic
    this.cosmeticWhy = ctx.styles.cosmeticWhy
    this.split = new RowSplitter(visible, hidden, ctx.maxCells, undefined, ctx.cells, ctx.text)
    this.formulas = new CellExtras(tables.formulas, ctx.cells, ctx.text)
    this.phonetics = new CellExtras(tables.phonetic, ctx.cells, ctx.text)
  }

  get stats(): HidingStats {
    return this.split.stats
  }

  /** A row's attributes (`r`, `hidden`, `ht`, `customHeight`) start the next row. */
  startRow(r: string | number | undefined, hiddenAttr: string | undefined, ht: string | undefined, customHeight: string | undefined): void {
    this.rowNum = typeof r === 'number' ? r : r ? Number(r) : this.rowNum + 1
    this.col = -1
    const customZero = ht !== undefined && Number(ht) === 0
    this.rowHidden = truthy(hiddenAttr) || customZero || (this.zeroHeight && hiddenAttr !== '0' && !truthy(customHeight))
  }

  /** The row is complete: its cells and extras go to their tables. */
  endRow(): void {
    this.split.flush(this.rowNum)
    this.formulas.flush(this.rowNum)
    this.phonetics.flush(this.rowNum)
  }

  /** A `<c>` tag's attribute text (`r`, `t`, `s`) starts the next cell, still empty. */
  startCell(a: string): void {
    let ref = ''
    let type = ''
    let style = 0
    if (a !== '') {
      ref = attr(a, 'r') ?? ''
      type = attr(a, 't') ?? ''
      const st = attr(a, 's')
      style = st ? Number(st) : 0
    }
    const parsed = ref ? (parseRef(ref)[0] as number) : -1
    this.begin(parsed >= 0 ? parsed : NEXT_COL, style, type)
  }

  /** The next cell, still empty: at `col` (or NEXT_COL), of `style` and `type`. */
  begin(col: number, style: number, type: string): void {
    this.value = ''
    this.type = type
    this.style = style
    this.col = col === NEXT_COL ? this.col + 1 : col
  }

  /** The current cell's value is `value` (raw text): it ends. */
  endCellWith(value: string): void {
    this.value = value
    this.endCell()
  }

  /** The current cell's value is complete: read as its type and style say, it goes to its table. */
  endCell(): void {
    const value = this.value
    if (value === '' || this.col < 0) return
    if (this.col >= MAX_COLS) throw pastXfd()
    let v: string
    let isDate = false
    switch (this.type) {
      case 's':
        this.sharedCell(Number(value))
        return
      case 'inlineStr':
      case 'str':
        v = unescapeOoxml(value)
        break
      case 'b':
        v = value === '1' || value === 'true' ? 'TRUE' : 'FALSE'
        break
      case 'e':
        v = value
        break
      case 'd':
        v = value.slice(0, 10)
        isDate = /^\d{4}-\d\d-\d\d$/.test(v)
        if (!isDate) v = value
        break
      default:
        v = value
        if (this.style < this.dateStyle.length && this.dateStyle[this.style] === 1) {
          const iso = serialToIso(Number(value), this.date1904)
          if (iso !== null) (v = iso), (isDate = true)
        }
    }
    this.put(v, isDate)
  }

  /** The current cell holds shared string `idx`. */
  sharedCell(idx: number): void {
    if (this.col < 0) return
    if (this.col >= MAX_COLS) throw pastXfd()
    const s = this.sst.use(idx)
    if (s !== undefined) this.put(s, false)
  }

  /** One non-empty value of the current cell, to the visible or the hidden table. */
  private put(v: string, isDate: boolean): void {
    if (v.length > MAX_CELL_CHARS) throw tooLong()
    if (v.trim() === '') return
    const style = this.style
    const cosmetic = this.cosmeticStyle
    const col = this.col
    const by = this.rowHidden
      ? 'row'
      : this.colHidden[col] === 1
        ? 'column'
        : style < cosmetic.length && cosmetic[style] === 1
          ? 'cosmetic'
          : null
    this.split.cell(col, v, isDate, by, this.rowNum, by === 'cosmetic' ? this.cosmeticWhy[style] : undefined)
  }

  /** The current cell's formula `f`: its string literals, if any, to the formulas table. */
  formulaOf(f: string): void {
    const lits = formulaLiterals(f)
    if (lits === '') return
    if (this.col >= MAX_COLS) throw pastXfd()
    this.formulas.set(this.col, lits)
  }

  /** The current cell's phonetic reading (raw text), to the phonetic table. */
  phoneticOf(p: string): void {
    if (this.col >= MAX_COLS) throw pastXfd()
    this.phonetics.set(this.col, unescapeOoxml(p))
  }

  /** The sheet is read: the extra tables end (the visible and hidden ones are the caller's). */
  end(): void {
    this.formulas.end()
    this.phonetics.end()
  }
}
