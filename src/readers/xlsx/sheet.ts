// Sheet data through the fast tokenizer: one pass, one row in memory.
// Visible cells go to the sheet's table; cells a reader of the file cannot
// see (hidden or zero-size rows and columns, filtered rows, cosmetic hiding)
// go to a second, hidden table of the same sheet, at their real places.

import type { RowSink } from '../../tabular.js'
import type { CellBudget } from './limits.js'
import type { CellStyles } from './styles.js'
import { serialToIso } from './styles.js'
import { Byte, digits, indexIn, nameIs } from './bytes.js'
import { RowSplitter, type HidingStats } from './split.js'
import { SharedStrings } from './strings.js'
import { UnreadableError } from '../../errors.js'
import { lit } from '../../findings.js'
import { CellExtras, formulaLiterals, headerFooterSections, TextList, validationItems } from './extras.js'
import {
  ascii,
  attr,
  attrs,
  bytesAt,
  decodeEntities,
  findByte,
  NEED_MORE,
  NOT_HANDLED,
  tokenize,
  unescapeOoxml,
  utf8,
  type TokenHandler
} from './xml.js'

/** A cell or string longer than this is left to the general path (which streams long text). */
const FAST_LIMIT = 64 * 1024

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
  const sst = new SharedStrings()
  let cur = ''
  let phon = ''
  let inSi = false
  let inPh = 0
  const h: TokenHandler = {
    capture: false,
    open(name) {
      if (name === 'si') (inSi = true), (cur = ''), (phon = '')
      else if (name === 't' && inSi) h.capture = true
      else if (name === 'rPh') {
        if (inPh++ === 0 && phon !== '') phon += '\n'
      }
    },
    close(name) {
      if (name === 't') h.capture = false
      else if (name === 'rPh') inPh--
      else if (name === 'si') {
        if (phon.trim() !== '') phonetic?.(sst.count + 1, unescapeOoxml(phon))
        const str = unescapeOoxml(cur)
        if (str.length > MAX_CELL_CHARS) throw tooLong()
        sst.addString(str), (inSi = false)
      }
    },
    text(s) {
      if (inPh > 0) phon += s
      else cur += s
    },
    // Runs of the common item, `<si><t>text</t></si>`, in one call; rich
    // text, phonetic runs, prefixes, CDATA and anything unusual take the
    // general path.
    fast(buf, lt) {
      if (inSi || inPh !== 0 || h.capture) return NOT_HANDLED
      let i = lt
      let taken = false
      for (;;) {
        const r = plainItem(buf, i)
        if (r < 0) return taken ? i : r
        ;(i = r), (taken = true)
        if (i + 1 >= buf.length || buf[i] !== Byte.LT || buf[i + 1] !== Byte.s) return i
      }
    }
  }
  /** One `<si><t>text</t></si>` at `lt`: stored, and the index after it; or NOT_HANDLED / NEED_MORE. */
  const plainItem = (buf: Buffer, lt: number): number => {
    const n = buf.length
    const tail = n - lt > FAST_LIMIT ? NOT_HANDLED : NEED_MORE
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
    if (te + 9 > n) return tail
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
      sst.addBytes(buf, ts, te, high < 0x80)
    } else {
      const str = unescapeOoxml(decodeEntities(utf8(buf, ts, te)))
      if (str.length > MAX_CELL_CHARS) throw tooLong()
      sst.addString(str)
    }
    return te + 9
  }
  await tokenize(chunks, h)
  return sst.seal()
}

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

/** What the sheet hides, for structure findings (counts and first places). */
export interface SheetOutcome extends HidingStats {
  autoFilter: boolean
}

const MAX_COLS = 16384

/** A cell past column XFD: no spreadsheet program writes one, and other readers disagree on it. */
export const pastXfd = (): UnreadableError =>
  new UnreadableError(
    lit('a cell lies past column XFD, the last column a spreadsheet has (the sheet is malformed, and other programs read it differently)'),
    lit('save the workbook again from a spreadsheet program (or export it as CSV) and commit that file')
  )

/** Excel's limit for the text of one cell; no spreadsheet program writes more. */
const MAX_CELL_CHARS = 32_767

const tooLong = (): UnreadableError =>
  new UnreadableError(
    lit(
      'a cell or shared string holds more than 32,767 characters, more than a spreadsheet program writes or shows (the file was not made by one, or is malformed)'
    ),
    lit('shorten the text, or export the tables as CSV')
  )

/** The tables a sheet's text beside its cell values goes to (see extras.ts). */
export interface SheetExtras {
  /** String literals of formulas, at their cells. */
  formulas: () => RowSink
  /** Phonetic readings of inline strings, at their cells. */
  phonetic: () => RowSink
  /** Items of data-validation lists. */
  validation: () => RowSink
  /** Print headers and footers, one item per section. */
  headerFooter: () => RowSink
  /** Any other text or labelled attribute of the sheet part outside its cells. */
  other: () => RowSink
}

const HEADER_FOOTER = new Set(['oddHeader', 'oddFooter', 'evenHeader', 'evenFooter', 'firstHeader', 'firstFooter'])
/** Attributes outside the cells that hold text a person wrote. */
const TEXT_ATTRS = [
  'prompt',
  'promptTitle',
  'error',
  'errorTitle',
  'display',
  'tooltip',
  'name',
  'text',
  'altText',
  'altTextSummary',
  'caption',
  'title'
]

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

const truthy = (v: string | undefined): boolean => v === '1' || v === 'true'

const V_OPEN = ascii('<v>')
const V_END = ascii('</v>')
const ROW_END = ascii('</row>')
const F_END = ascii('</f>')
const C_END = ascii('</c>')

const A_HIDDEN = ascii('hidden')
const A_HT = ascii('ht')
const A_CUSTOM_HEIGHT = ascii('customHeight')

export async function readSheet(
  chunks: AsyncIterable<Buffer>,
  ctx: SheetContext,
  visible: () => RowSink,
  hidden: () => RowSink,
  extra: SheetExtras
): Promise<SheetOutcome> {
  const { sst, styles, date1904 } = ctx
  const formulas = new CellExtras(extra.formulas, ctx.cells, ctx.text)
  const phonetics = new CellExtras(extra.phonetic, ctx.cells, ctx.text)
  const validation = new TextList(extra.validation)
  const headerFooter = new TextList(extra.headerFooter)
  const other = new TextList(extra.other)
  // Formula text and phonetic runs of the current cell; text outside the cells.
  let inF = false
  let formula = ''
  let phon = ''
  let outside = ''
  let outKind: 'validation' | 'hf' | 'other' = 'other'
  let inValidation = 0
  const formulaOf = (f: string): void => {
    const lits = formulaLiterals(f)
    if (lits === '') return
    if (col >= MAX_COLS) throw pastXfd()
    formulas.set(col, lits)
  }
  const flushOutside = (): void => {
    const t = outside
    outside = ''
    if (t.trim() === '') return
    if (outKind === 'hf') for (const x of headerFooterSections(t)) headerFooter.add(x)
    else if (outKind === 'validation') for (const x of validationItems(t)) validation.add(x)
    else other.add(t)
  }
  const flushRow = (): void => {
    split.flush(rowNum)
    formulas.flush(rowNum)
    phonetics.flush(rowNum)
  }
  const { cosmetic, date } = styles
  const split = new RowSplitter(visible, hidden, ctx.maxCells, undefined, ctx.cells, ctx.text)
  const colHidden = new Uint8Array(MAX_COLS + 1)
  let autoFilter = false
  let zeroHeight = false
  let inData = false
  let rowNum = 0
  let rowHidden = false
  // current cell
  let col = -1
  let style = 0
  let type = ''
  let value = ''
  let inCell = false
  let inInline = false
  let phonetic = 0

  /** One non-empty value of the current cell, to its table. */
  const put = (v: string, isDate: boolean): void => {
    if (v.length > MAX_CELL_CHARS) throw tooLong()
    if (v.trim() === '') return
    const by = rowHidden ? 'row' : colHidden[col] === 1 ? 'column' : style < cosmetic.length && cosmetic[style] === 1 ? 'cosmetic' : null
    split.cell(col, v, isDate, by, rowNum, by === 'cosmetic' ? styles.cosmeticWhy[style] : undefined)
  }

  /** A shared-string cell of the current column and style. */
  const sharedCell = (idx: number): void => {
    if (col < 0) return
    if (col >= MAX_COLS) throw pastXfd()
    const s = sst.use(idx)
    if (s !== undefined) put(s, false)
  }

  const endCell = (): void => {
    if (value === '' || col < 0) return
    if (col >= MAX_COLS) throw pastXfd()
    let v: string
    let isDate = false
    switch (type) {
      case 's':
        sharedCell(Number(value))
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
        if (style < date.length && date[style] === 1) {
          const iso = serialToIso(Number(value), date1904)
          if (iso !== null) (v = iso), (isDate = true)
        }
    }
    put(v, isDate)
  }

  const startCell = (a: string): void => {
    value = ''
    type = ''
    style = 0
    let ref = ''
    if (a !== '') {
      ref = attr(a, 'r') ?? ''
      type = attr(a, 't') ?? ''
      const st = attr(a, 's')
      style = st ? Number(st) : 0
    }
    const parsed = ref ? (parseRef(ref)[0] as number) : -1
    col = parsed >= 0 ? parsed : col + 1
  }

  /** A row's attributes set the row state (number, hidden). */
  const startRow = (
    r: string | number | undefined,
    hiddenAttr: string | undefined,
    ht: string | undefined,
    customHeight: string | undefined
  ): void => {
    rowNum = typeof r === 'number' ? r : r ? Number(r) : rowNum + 1
    col = -1
    const customZero = ht !== undefined && Number(ht) === 0
    rowHidden = truthy(hiddenAttr) || customZero || (zeroHeight && hiddenAttr !== '0' && !truthy(customHeight))
  }

  // Where the next `</c>` is, remembered: a run of cells whose end is far
  // (or missing) would otherwise search the rest of the buffer for each cell.
  let cBuf: Buffer | null = null
  let cFrom = 0
  let cFound = -1
  const findCEnd = (buf: Buffer, from: number): number => {
    if (buf === cBuf && from >= cFrom && (cFound === -1 || from <= cFound)) return cFound
    cBuf = buf
    cFrom = from
    cFound = buf.indexOf(C_END, from)
    return cFound
  }

  // The common cell, `<c r="B7" s="3" t="s"><f>..</f><v>12</v></c>`, in one
  // pass over its bytes; anything else (inline strings, prefixes, CDATA, odd
  // quoting, a `>` inside a value) takes the general path.
  const fastCell = (buf: Buffer, lt: number): number => {
    const c2 = buf[lt + 2]
    if (c2 !== Byte.SPACE && c2 !== Byte.GT && c2 !== Byte.SLASH) return NOT_HANDLED
    const n = buf.length
    const tail = n - lt > FAST_LIMIT ? NOT_HANDLED : NEED_MORE
    // Attributes, all double-quoted: r (reference), s (style), t (type).
    let cCol = -2
    let cStyle = 0
    let cType = ''
    let k = lt + 2
    let gt: number
    for (;;) {
      if (k + 1 >= n) return tail
      const ch = buf[k] as number
      if (ch <= Byte.SPACE) {
        k++
        continue
      }
      if (ch === Byte.GT) {
        gt = k
        break
      }
      if (ch === Byte.SLASH) {
        if (buf[k + 1] !== Byte.GT) return NOT_HANDLED
        value = ''
        type = cType
        style = cStyle
        col = cCol === -2 ? col + 1 : cCol
        return k + 2
      }
      let eq = k + 1
      for (; eq < n; eq++) {
        const c = buf[eq]
        if (c === Byte.EQ || c === Byte.GT) break
      }
      if (eq + 1 >= n) return tail
      if (buf[eq] !== Byte.EQ || buf[eq + 1] !== Byte.QUOTE) return NOT_HANDLED
      const vs = eq + 2
      let ve = vs
      if (eq === k + 1 && ch === Byte.r) {
        let c = 0
        for (; ve < n; ve++) {
          const d = buf[ve] as number
          if (d >= Byte.UPPER_A && d <= Byte.UPPER_Z) c = c * 26 + (d - (Byte.UPPER_A - 1))
          else break
        }
        if (ve === vs) return NOT_HANDLED
        cCol = c - 1
      } else if (eq === k + 1 && ch === Byte.s) {
        let st = 0
        for (; ve < n; ve++) {
          const d = (buf[ve] as number) - Byte.DIGIT_0
          if (d < 0 || d > 9) break
          st = st * 10 + d
        }
        if (ve < n && buf[ve] !== Byte.QUOTE) return NOT_HANDLED
        cStyle = st
      }
      for (; ve < n; ve++) {
        const c = buf[ve]
        if (c === Byte.QUOTE) break
        if (c === Byte.GT) return NOT_HANDLED
      }
      if (ve >= n) return tail
      if (eq === k + 1 && ch === Byte.t) cType = ve === vs + 1 && buf[vs] === Byte.s ? 's' : utf8(buf, vs, ve)
      k = ve + 1
    }
    // A chunk's last cell waits for the next chunk here, not in the search
    // below (a path first taken after the code is optimised costs a rebuild).
    if (gt + 3 >= n) return tail
    // The commonest body, `<v>..</v></c>`, without searching ahead; the
    // digits of a shared-string index or a whole number are read on the way.
    if (buf[gt + 1] === Byte.LT && buf[gt + 2] === Byte.v && buf[gt + 3] === Byte.GT) {
      const vs = gt + 4
      let ve = vs
      let num = 0
      let digitsOnly = true
      for (; ve < n; ve++) {
        const c = buf[ve] as number
        if (c === Byte.LT) break
        const d = c - Byte.DIGIT_0
        if (d >= 0 && d <= 9) num = num * 10 + d
        else digitsOnly = false
      }
      if (ve + 8 > n) return tail
      // `</v></c>`, compared inline (the hottest check of the read).
      if (
        buf[ve + 1] === Byte.SLASH &&
        buf[ve + 2] === Byte.v &&
        buf[ve + 3] === Byte.GT &&
        buf[ve + 4] === Byte.LT &&
        buf[ve + 5] === Byte.SLASH &&
        buf[ve + 6] === Byte.c &&
        buf[ve + 7] === Byte.GT
      ) {
        value = ''
        type = cType
        style = cStyle
        col = cCol === -2 ? col + 1 : cCol
        const len = ve - vs
        if (len === 0 || cType === 'inlineStr') return ve + 8
        if (digitsOnly && len <= 15) {
          if (cType === 's') {
            sharedCell(num)
            return ve + 8
          }
          // A whole number written plainly is the text of its value.
          if (cType === '' && (len === 1 || buf[vs] !== Byte.DIGIT_0)) {
            value = String(num)
            endCell()
            return ve + 8
          }
        }
        const raw = utf8(buf, vs, ve)
        value = raw.indexOf('&') === -1 ? raw : decodeEntities(raw)
        endCell()
        return ve + 8
      }
    }
    const end = findCEnd(buf, gt)
    if (end === -1) return tail
    let vs = -1
    let ve = -1
    let fText = ''
    for (let k = buf.indexOf(Byte.LT, gt + 1); k !== -1 && k < end; ) {
      if (bytesAt(buf, k, V_OPEN)) {
        if (vs !== -1) return NOT_HANDLED
        vs = k + 3
        ve = indexIn(buf, V_END, vs, end)
        if (ve === -1) return NOT_HANDLED
        k = buf.indexOf(Byte.LT, ve + 4)
      } else if (buf[k + 1] === Byte.f && (buf[k + 2] === Byte.GT || buf[k + 2] === Byte.SPACE || buf[k + 2] === Byte.SLASH)) {
        const close = findByte(buf, Byte.GT, k, end)
        const selfClosing = close !== -1 && buf[close - 1] === Byte.SLASH
        const fe = selfClosing || close === -1 ? -1 : indexIn(buf, F_END, close, end)
        const next = selfClosing ? close + 1 : fe === -1 ? -1 : fe + 4
        if (next === -1) return NOT_HANDLED
        if (!selfClosing) {
          // String literals (or entities that may be quotes) are read; other formulas hold no text of their own.
          for (let q = close + 1; q < fe; q++) {
            const b = buf[q]
            if (b === Byte.QUOTE || b === Byte.AMP) {
              fText = utf8(buf, close + 1, fe)
              break
            }
          }
        }
        k = buf.indexOf(Byte.LT, next)
      } else return NOT_HANDLED
    }
    if (vs === -1) vs = ve = 0
    else if (buf.indexOf(Byte.LT, vs) < ve) return NOT_HANDLED
    simpleCell(buf, vs, ve, cType, cStyle, cCol)
    if (fText !== '') formulaOf(decodeEntities(fText))
    return end + 4
  }

  /** A cell whose value is `buf[vs, ve)` (no markup in it): set it as current and end it. */
  const simpleCell = (buf: Buffer, vs: number, ve: number, cType: string, cStyle: number, cCol: number): void => {
    value = ''
    type = cType
    style = cStyle
    col = cCol === -2 ? col + 1 : cCol
    if (ve > vs && cType !== 'inlineStr') {
      const raw = utf8(buf, vs, ve)
      value = raw.indexOf('&') === -1 ? raw : decodeEntities(raw)
      endCell()
    }
  }

  // `<row ...>` with plain double-quoted attributes, on the bytes; anything
  // else (single quotes, entities, self-closing) takes the general path.
  const fastRow = (buf: Buffer, lt: number): number => {
    const c4 = buf[lt + 4]
    if (c4 !== Byte.SPACE && c4 !== Byte.GT) return NOT_HANDLED
    const n = buf.length
    const tail = n - lt > FAST_LIMIT ? NOT_HANDLED : NEED_MORE
    let r: string | number | undefined
    let hiddenAttr: string | undefined
    let ht: string | undefined
    let customHeight: string | undefined
    let k = lt + 4
    for (;;) {
      if (k >= n) return tail
      const ch = buf[k] as number
      if (ch === Byte.GT) break
      if (ch === Byte.SPACE || ch === Byte.TAB || ch === Byte.LF || ch === Byte.CR) {
        k++
        continue
      }
      let ls = k
      let e = k
      for (; e < n; e++) {
        const c = buf[e] as number
        if (c === Byte.EQ || c <= Byte.SPACE || c === Byte.GT || c === Byte.SLASH || c === Byte.QUOTE || c === Byte.APOS) break
        if (c === Byte.COLON) ls = e + 1
      }
      if (e + 1 >= n) return tail
      if (e === k || buf[e] !== Byte.EQ || buf[e + 1] !== Byte.QUOTE) return NOT_HANDLED
      const vs = e + 2
      let ve = vs
      for (; ve < n; ve++) {
        const c = buf[ve]
        if (c === Byte.QUOTE) break
        if (c === Byte.AMP || c === Byte.APOS || c === Byte.GT) return NOT_HANDLED
      }
      if (ve >= n) return tail
      if (e - ls === 1 && buf[ls] === Byte.r) {
        const d = digits(buf, vs, ve)
        r = d === -1 ? utf8(buf, vs, ve) : d
      } else if (nameIs(buf, ls, e, A_HIDDEN)) hiddenAttr = utf8(buf, vs, ve)
      else if (nameIs(buf, ls, e, A_HT)) ht = utf8(buf, vs, ve)
      else if (nameIs(buf, ls, e, A_CUSTOM_HEIGHT)) customHeight = utf8(buf, vs, ve)
      k = ve + 1
    }
    startRow(r, hiddenAttr, ht, customHeight)
    return k + 1
  }

  // Runs of fast cells, with the row tags between them, in one call;
  // anything else returns to the tokenizer.
  const fastData = (buf: Buffer, lt: number): number => {
    let i = lt
    let taken = false
    const n = buf.length
    for (;;) {
      // The tail of the buffer (a partial tag) is the tokenizer's.
      if (i + 4 >= n) return taken ? i : NOT_HANDLED
      const c1 = buf[i + 1]
      const r =
        c1 === Byte.c ? fastCell(buf, i) : c1 === Byte.r && buf[i + 2] === Byte.o && buf[i + 3] === Byte.w ? fastRow(buf, i) : NOT_HANDLED
      if (r < 0) return taken ? i : r
      ;(i = r), (taken = true)
      while (i + 6 <= n && buf[i + 1] === Byte.SLASH && buf[i + 2] === Byte.r && bytesAt(buf, i, ROW_END)) {
        flushRow()
        i += 6
      }
      if (i + 1 >= n || buf[i] !== Byte.LT || buf[i + 1] === Byte.SLASH) return i
    }
  }

  const h: TokenHandler = {
    capture: false,
    fast: null,
    open(name, a) {
      if (inData) {
        if (name === 'c') {
          inCell = true
          startCell(a)
        } else if (name === 'v') {
          if (inCell && type !== 'inlineStr') h.capture = true
        } else if (name === 'f') {
          if (inCell) (inF = true), (formula = ''), (h.capture = true)
        } else if (name === 'is') inInline = true
        else if (name === 't') {
          if (inInline) h.capture = true
        } else if (name === 'rPh') phonetic++
        else if (name === 'row') {
          const at = attrs(a)
          startRow(at.r, at.hidden, at.ht, at.customHeight)
        }
        return
      }
      flushOutside()
      if (name === 'sheetData') {
        ;(inData = true), (h.fast = fastData), (h.capture = false)
        return
      }
      // Outside the cells every text node is read, and the attributes that hold words.
      h.capture = true
      if (HEADER_FOOTER.has(name)) outKind = 'hf'
      else if (inValidation > 0 && (name === 'formula1' || name === 'formula2' || name === 'f')) outKind = 'validation'
      else outKind = 'other'
      if (name === 'dataValidation') inValidation++
      if (a !== '' && TEXT_ATTRS.some((k) => a.indexOf(k + '=') !== -1)) {
        const at = attrs(a)
        for (const k of TEXT_ATTRS)
          if (at[k] !== undefined && !(name === 'sheetFormatPr' || name === 'sheetView' || name === 'pageSetup' || name === 'col'))
            other.add(at[k] as string)
      }
      if (name === 'col') {
        const at = attrs(a)
        if (truthy(at.hidden) || (at.width !== undefined && Number(at.width) === 0)) {
          const min = Math.max(1, Number(at.min ?? 1))
          const max = Math.min(MAX_COLS, Number(at.max ?? min))
          for (let i = min; i <= max; i++) colHidden[i - 1] = 1
        }
      } else if (name === 'sheetFormatPr') zeroHeight = truthy(attrs(a).zeroHeight)
      else if (name === 'autoFilter') autoFilter = true
    },
    close(name) {
      if (!inData) {
        flushOutside()
        if (name === 'dataValidation') inValidation--
        return
      }
      if (name === 'c') {
        endCell()
        if (phon !== '') {
          if (col >= MAX_COLS) throw pastXfd()
          phonetics.set(col, unescapeOoxml(phon))
          phon = ''
        }
        inCell = false
      } else if (name === 'f') {
        if (inF) (inF = false), (h.capture = false), formulaOf(formula)
      } else if (name === 'v' || name === 't') h.capture = false
      else if (name === 'is') inInline = false
      else if (name === 'rPh') phonetic--
      else if (name === 'row') flushRow()
      else if (name === 'sheetData') (inData = false), (h.fast = null), (h.capture = true)
    },
    text(s) {
      if (!inData) outside += s
      else if (inF) formula += s
      else if (phonetic > 0) phon += s
      else value += s
    }
  }
  await tokenize(chunks, h)
  flushOutside()
  for (const t of [formulas, phonetics, validation, headerFooter, other]) t.end()
  return { ...split.stats, autoFilter }
}
