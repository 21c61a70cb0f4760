// A sheet part and the shared-string table through the fast tokenizer: one
// pass, one row in memory. The sheet's cells are read by two paths that set
// the same cells (sheet-cells.ts): the byte-level fast path for runs of
// common cells (sheet-fast.ts) and the general path here for the rest; the
// text outside the cells is read by SheetOutside (sheet-outside.ts).

import type { RowSink } from '../../tabular.js'
import { Byte } from './bytes.js'
import type { HidingStats } from '../package/split.js'
import { SharedStrings, unescapeOoxml } from './strings.js'
import { type CellTables, MAX_CELL_CHARS, type SheetContext, SheetCells, tooLong } from './sheet-cells.js'
import { FAST_LIMIT, FastSheetData } from './sheet-fast.js'
import { type OutsideTables, SheetOutside } from './sheet-outside.js'
import { ascii, attrs, bytesAt, decodeEntities, NEED_MORE, NOT_HANDLED, tokenize, utf8, type TokenHandler } from '../package/xml.js'

export { parseRef, type SheetContext } from './sheet-cells.js'

const T_PRESERVE = ascii('<t xml:space="preserve">')

/**
 * The shared-string table, every item in order (see strings.ts). Phonetic
 * runs (`<rPh>`, the reading of an item) are not part of the item's text:
 * each item's readings go to `phonetic` with its 1-based index.
 */
export async function readSharedStrings(
  chunks: AsyncIterable<Buffer>,
  phonetic?: (item: number, text: string) => void
): Promise<SharedStrings> {
  const reader = new SharedStringsReader(phonetic)
  await tokenize(chunks, reader)
  return reader.sst.seal()
}

class SharedStringsReader implements TokenHandler {
  readonly sst = new SharedStrings()
  capture = false
  /** The current item's text, and its phonetic runs' (`<rPh>`, `inPh` deep). */
  private cur = ''
  private phon = ''
  private inSi = false
  private inPh = 0
  /** `runs`, bound: the tokenizer's `fast`. */
  readonly fast: (buf: Buffer, lt: number) => number

  constructor(private readonly phonetic?: (item: number, text: string) => void) {
    this.fast = this.runs.bind(this)
  }

  open(name: string): void {
    if (name === 'si') (this.inSi = true), (this.cur = ''), (this.phon = '')
    else if (name === 't' && this.inSi) this.capture = true
    else if (name === 'rPh') {
      if (this.inPh++ === 0 && this.phon !== '') this.phon += '\n'
    }
  }

  close(name: string): void {
    if (name === 't') this.capture = false
    else if (name === 'rPh') this.inPh--
    else if (name === 'si') {
      if (this.phon.trim() !== '') this.phonetic?.(this.sst.count + 1, unescapeOoxml(this.phon))
      const str = unescapeOoxml(this.cur)
      if (str.length > MAX_CELL_CHARS) throw tooLong()
      this.sst.addString(str), (this.inSi = false)
    }
  }

  text(s: string): void {
    if (this.inPh > 0) this.phon += s
    else this.cur += s
  }

  /**
   * Runs of the common item, `<si><t>text</t></si>`, in one call; rich text,
   * phonetic runs, prefixes, CDATA and anything unusual take the general path.
   */
  private runs(buf: Buffer, lt: number): number {
    if (this.inSi || this.inPh !== 0 || this.capture) return NOT_HANDLED
    let i = lt
    let taken = false
    for (;;) {
      const r = this.plainItem(buf, i)
      if (r < 0) return taken ? i : r
      ;(i = r), (taken = true)
      if (i + 1 >= buf.length || buf[i] !== Byte.LT || buf[i + 1] !== Byte.s) return i
    }
  }

  /** One `<si><t>text</t></si>` at `lt`: stored, and the index after it; or NOT_HANDLED / NEED_MORE. */
  private plainItem(buf: Buffer, lt: number): number {
    const n = buf.length
    // Every read is within the buffer (a read past its end costs the optimised
    // code): an item this close to the end waits for the next chunk.
    if (lt + 4 + T_PRESERVE.length > n) return NEED_MORE
    if (buf[lt + 1] !== Byte.s || buf[lt + 2] !== Byte.i || buf[lt + 3] !== Byte.GT) return NOT_HANDLED
    let ts = -1
    if (buf[lt + 4] === Byte.LT && buf[lt + 5] === Byte.t) {
      if (buf[lt + 6] === Byte.GT) ts = lt + 7
      else if (bytesAt(buf, lt + 4, T_PRESERVE)) ts = lt + 4 + T_PRESERVE.length
    }
    if (ts === -1) return NOT_HANDLED
    // Plain text is kept as its bytes; `&` (an entity) or `_` (maybe an
    // `_x000D_` escape) sends the item through decoding first.
    let te = ts
    let plain = true
    let high = 0
    for (; te < n; te++) {
      const c = buf[te] as number
      if (c === Byte.LT) break
      if (c === Byte.AMP || c === Byte.UNDERSCORE) plain = false
      high |= c
    }
    if (te + 9 > n) return n - lt > FAST_LIMIT ? NOT_HANDLED : NEED_MORE
    // `</t></si>`, compared inline.
    if (
      buf[te + 1] !== Byte.SLASH ||
      buf[te + 2] !== Byte.t ||
      buf[te + 3] !== Byte.GT ||
      buf[te + 4] !== Byte.LT ||
      buf[te + 5] !== Byte.SLASH ||
      buf[te + 6] !== Byte.s ||
      buf[te + 7] !== Byte.i ||
      buf[te + 8] !== Byte.GT
    ) {
      return NOT_HANDLED
    }
    if (plain) {
      // More bytes than the limit has characters (a UTF-8 character is at least one byte): look closer.
      if (te - ts > MAX_CELL_CHARS && utf8(buf, ts, te).length > MAX_CELL_CHARS) throw tooLong()
      this.sst.addBytes(buf, ts, te, high < 0x80)
    } else {
      const str = unescapeOoxml(decodeEntities(utf8(buf, ts, te)))
      if (str.length > MAX_CELL_CHARS) throw tooLong()
      this.sst.addString(str)
    }
    return te + 9
  }
}

/** What the sheet hides, for structure findings (counts and first places). */
export interface SheetOutcome extends HidingStats {
  autoFilter: boolean
}

/** The tables a sheet's text beside its cell values goes to (see extras.ts). */
export interface SheetExtras extends CellTables, OutsideTables {}

/**
 * Read one sheet part: visible cells to `visible`, hidden ones to `hidden`,
 * the text beside the values to `extra`. Runs of common cells take the fast
 * path (sheet-fast.ts); everything else the general path below.
 */
export async function readSheet(
  chunks: AsyncIterable<Buffer>,
  ctx: SheetContext,
  visible: () => RowSink,
  hidden: () => RowSink,
  extra: SheetExtras
): Promise<SheetOutcome> {
  const cells = new SheetCells(ctx, visible, hidden, extra)
  const outside = new SheetOutside(extra, cells)
  await tokenize(chunks, new SheetHandler(cells, outside, new FastSheetData(cells)))
  outside.flush()
  cells.end()
  outside.end()
  return { ...cells.stats, autoFilter: outside.autoFilter }
}

/**
 * The general path: the tokenizer's events for the whole sheet part. In
 * `<sheetData>` it reads what the fast path leaves (inline strings and their
 * phonetic runs, single-quoted or prefixed markup, CDATA, cells cut by the
 * end of a chunk ...); outside it, the text goes to SheetOutside.
 */
class SheetHandler implements TokenHandler {
  capture = false
  fast: ((buf: Buffer, lt: number) => number) | null = null
  private inData = false
  private inCell = false
  private inInline = false
  /** In a formula (`<f>`) of a cell, and its text. */
  private inF = false
  private formula = ''
  /** Depth of phonetic runs (`<rPh>`) of an inline string, and their text. */
  private phonetic = 0
  private phon = ''

  constructor(
    private readonly cells: SheetCells,
    private readonly outside: SheetOutside,
    private readonly fastData: FastSheetData
  ) {}

  open(name: string, a: string): void {
    if (this.inData) this.openInData(name, a)
    else if (name === 'sheetData') {
      this.outside.flush()
      ;(this.inData = true), (this.fast = this.fastData.fast), (this.capture = false)
    } else {
      // Outside the cells every text node is read.
      this.outside.open(name, a)
      this.capture = true
    }
  }

  private openInData(name: string, a: string): void {
    if (name === 'c') {
      this.inCell = true
      this.cells.startCell(a)
    } else if (name === 'v') {
      if (this.inCell && this.cells.type !== 'inlineStr') this.capture = true
    } else if (name === 'f') {
      if (this.inCell) (this.inF = true), (this.formula = ''), (this.capture = true)
    } else if (name === 'is') this.inInline = true
    else if (name === 't') {
      if (this.inInline) this.capture = true
    } else if (name === 'rPh') this.phonetic++
    else if (name === 'row') {
      const at = attrs(a)
      this.cells.startRow(at.r, at.hidden, at.ht, at.customHeight)
    }
  }

  close(name: string): void {
    if (!this.inData) this.outside.close(name)
    else if (name === 'c') this.endCell()
    else if (name === 'f') {
      if (this.inF) (this.inF = false), (this.capture = false), this.cells.formulaOf(this.formula)
    } else if (name === 'v' || name === 't') this.capture = false
    else if (name === 'is') this.inInline = false
    else if (name === 'rPh') this.phonetic--
    else if (name === 'row') this.cells.endRow()
    else if (name === 'sheetData') (this.inData = false), (this.fast = null), (this.capture = true)
  }

  private endCell(): void {
    this.cells.endCell()
    if (this.phon !== '') {
      this.cells.phoneticOf(this.phon)
      this.phon = ''
    }
    this.inCell = false
  }

  text(s: string): void {
    if (!this.inData) this.outside.addText(s)
    else if (this.inF) this.formula += s
    else if (this.phonetic > 0) this.phon += s
    else this.cells.value += s
  }
}
