// Text a sheet keeps beside its cell values: string literals inside
// formulas (and formulas with no cached value), phonetic readings, data
// validation lists, print headers and footers, and any other text of the
// sheet part outside its cells. Each goes to a hidden table of the sheet at
// its own place, so the detectors see it like a cell. Shared by the XLSX and
// ODS readers; SpreadsheetML's own notations (validation lists, header and
// footer codes) are read by the XLSX reader alone.

import type { RowSink } from '../../tabular.js'
import type { CellBudget } from './limits.js'
import { spendCells, spendRows, spendText } from './split.js'

/** Extra text at cell places, one sheet row at a time (the row's cells arrive in order). */
export class CellExtras {
  private cells: string[] = []
  private sink: RowSink | null = null
  private width = 0

  constructor(
    private readonly open: () => RowSink,
    private readonly budget?: CellBudget,
    private readonly text?: CellBudget
  ) {}

  private chars = 0

  private set_ = 0

  set(col: number, v: string): void {
    if (col < 0 || v.trim() === '') return
    const c = this.cells
    if (c[col] === undefined) (c[col] = v), this.set_++
    else c[col] += '\n' + v
    this.chars += v.length
    if (col + 1 > this.width) this.width = col + 1
  }

  /** Cells set in the current row. */
  get pending(): number {
    return this.set_
  }

  /** The row is complete: emit it at `pos`, `times` times (ODS repeated rows). */
  flush(pos: number, times = 1): void {
    if (this.width === 0) return
    spendCells(this.budget, this.set_ * times)
    spendText(this.text, this.chars * times)
    spendRows(this.budget, this.width, times)
    const row = Array.from({ length: this.width }, (_, i) => this.cells[i] ?? '')
    const sink = (this.sink ??= this.open())
    for (let k = 0; k < times; k++) sink.row(row, pos + k)
    this.cells = []
    this.width = 0
    this.set_ = 0
    this.chars = 0
  }

  end(): void {
    this.sink?.end()
  }
}

/** Text items at given positions, as a one-column table opened on first use. */
export class TextItems {
  private sink: RowSink | null = null

  constructor(private readonly open: () => RowSink) {}

  add(pos: number, v: string): void {
    const s = v.trim()
    if (s !== '') (this.sink ??= this.open()).row([s], pos)
  }

  end(): void {
    this.sink?.end()
  }
}

/** Text items numbered in order. */
export class TextList {
  private readonly items: TextItems
  private n = 0

  constructor(open: () => RowSink) {
    this.items = new TextItems(open)
  }

  add(v: string): void {
    if (v.trim() !== '') this.items.add(++this.n, v)
  }

  end(): void {
    this.items.end()
  }
}

/** The string literals of a formula (`"..."`, `""` inside one is a quote), in order. */
export function stringLiterals(f: string): string[] {
  const out: string[] = []
  for (let i = f.indexOf('"'); i !== -1; ) {
    let j = i + 1
    let s = ''
    for (;;) {
      const q = f.indexOf('"', j)
      if (q === -1) {
        s += f.slice(j)
        j = f.length
        break
      }
      s += f.slice(j, q)
      if (f.charCodeAt(q + 1) === 34) {
        s += '"'
        j = q + 2
        continue
      }
      j = q + 1
      break
    }
    out.push(s)
    i = j < f.length ? f.indexOf('"', j) : -1
  }
  return out
}

/**
 * The string literals of a formula as one text, or '' when it has none.
 * Literals joined by `&` or CONCAT are joined as the formula would; others
 * are one per line.
 */
export function formulaLiterals(f: string): string {
  if (f.indexOf('"') === -1) return ''
  const out = stringLiterals(f)
  const joined = /&|CONCAT/i.test(f.replace(/"(?:[^"]|"")*"/g, '')) ? out.join('') : out.join('\n')
  return joined.trim() === '' ? '' : joined
}

/** Elements inside one run of text: a run (`r`, ODF `span`), its text, its formatting. */
const RUN = new Set(['r', 't', 'span', 's', 'tab', 'rPr', 'pPr', 'endParaRPr'])
/** Elements that hold a paragraph of runs: DrawingML and ODF `p`, `h`; SpreadsheetML `si`, `is`, comment `text`. */
const PARAGRAPH = new Set(['p', 'h', 'si', 'is', 'text'])

/**
 * Text nodes of a general part, joined within a paragraph: rich-text runs
 * (`<a:p><a:r><a:t>Jo</a:t></a:r><a:r><a:t>hn</a:t></a:r></a:p>`) read as
 * one item; outside a paragraph every element ends an item (custom XML's
 * own `<s>` or `<t>` elements stay apart).
 */
export class TextJoiner {
  private buf = ''
  private inProps = 0
  private inPara = 0

  constructor(private readonly emit: (s: string) => void) {}

  open(name: string): void {
    if (this.inProps > 0 || (this.inPara > 0 && (name === 'rPr' || name === 'pPr' || name === 'endParaRPr'))) {
      this.inProps++
      return
    }
    if (PARAGRAPH.has(name)) {
      this.flush()
      this.inPara++
      return
    }
    if (this.inPara > 0 && RUN.has(name)) {
      if (name === 's') this.buf += ' '
      else if (name === 'tab') this.buf += '\t'
      return
    }
    this.flush()
  }

  close(name: string): void {
    if (this.inProps > 0) {
      this.inProps--
      return
    }
    if (PARAGRAPH.has(name)) {
      this.flush()
      if (this.inPara > 0) this.inPara--
      return
    }
    if (!(this.inPara > 0 && RUN.has(name))) this.flush()
  }

  text(s: string): void {
    this.buf += s
  }

  flush(): void {
    const s = this.buf.trim()
    this.buf = ''
    if (s !== '') this.emit(s)
  }
}
