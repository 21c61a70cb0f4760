// The fast path of a sheet's data: the common cell,
// `<c r="B7" s="3" t="s"><f>..</f><v>12</v></c>`, and the common row tag,
// `<row r="7" ...>`, read in one pass over their UTF-8 bytes, runs of them in
// one call from the tokenizer. Anything else (inline strings, prefixes,
// CDATA, odd quoting, a `>` inside a value, a tag cut by the end of the
// buffer) returns NOT_HANDLED or NEED_MORE, and the tokenizer's general path
// reads it (sheet.ts). Both paths set the same cells (sheet-cells.ts).
//
// Every read is within the buffer (a read past its end costs the optimised
// code), and nothing is allocated per cell but the value's text.

import { Byte, digits, indexIn, nameIs } from './bytes.js'
import { NEXT_COL, type SheetCells } from './sheet-cells.js'
import { ascii, bytesAt, decodeEntities, findByte, NEED_MORE, NOT_HANDLED, utf8 } from '../package/xml.js'

/** A cell or string longer than this is left to the general path (which streams long text). */
export const FAST_LIMIT = 64 * 1024

const V_END = ascii('</v>')
const ROW_END = ascii('</row>')
const F_END = ascii('</f>')
const C_END = ascii('</c>')
const V_OPEN = ascii('<v>')
const A_HIDDEN = ascii('hidden')
const A_HT = ascii('ht')
const A_CUSTOM_HEIGHT = ascii('customHeight')

export class FastSheetData {
  // Where the next `</c>` is, remembered: a run of cells whose end is far
  // (or missing) would otherwise search the rest of the buffer for each cell.
  private cBuf: Buffer | null = null
  private cFrom = 0
  private cFound = -1
  /** `scan`, bound: the tokenizer's `fast`. */
  readonly fast: (buf: Buffer, lt: number) => number

  constructor(private readonly cells: SheetCells) {
    this.fast = this.scan.bind(this)
  }

  /** Runs of fast cells, with the row tags between them, from the `<` at `lt`; the index after them, or NOT_HANDLED / NEED_MORE. */
  scan(buf: Buffer, lt: number): number {
    let i = lt
    let taken = false
    const n = buf.length
    for (;;) {
      // The tail of the buffer (a partial tag) is the tokenizer's.
      if (i + 4 >= n) return taken ? i : NOT_HANDLED
      const c1 = buf[i + 1]
      const r =
        c1 === Byte.c ? this.cell(buf, i) : c1 === Byte.r && buf[i + 2] === Byte.o && buf[i + 3] === Byte.w ? this.row(buf, i) : NOT_HANDLED
      if (r < 0) return taken ? i : r
      ;(i = r), (taken = true)
      while (i + 6 <= n && buf[i + 1] === Byte.SLASH && buf[i + 2] === Byte.r && bytesAt(buf, i, ROW_END)) {
        this.cells.endRow()
        i += 6
      }
      if (i + 1 >= n || buf[i] !== Byte.LT || buf[i + 1] === Byte.SLASH) return i
    }
  }

  /**
   * One `<c ...>...</c>` or `<c .../>` at `lt`: read, and the index after it.
   * First the tag's attributes, all double-quoted: r (reference), s (style),
   * t (type); then the commonest body, `<v>..</v></c>`, read here without
   * searching ahead; any other body goes to `body`.
   *
   * One function on purpose: it is the root of V8's optimised code for the
   * read, and what V8 inlines into it (the cell's way to its table:
   * SheetCells.sharedCell/put, the shared-string lookup, RowSplitter.cell)
   * fits its inlining budget only when the value's bytes are read here too
   * (split in two, the read was 4-5 % slower).
   */
  private cell(buf: Buffer, lt: number): number {
    const c2 = buf[lt + 2]
    if (c2 !== Byte.SPACE && c2 !== Byte.GT && c2 !== Byte.SLASH) return NOT_HANDLED
    const n = buf.length
    // What a cell that goes on past the buffer returns: the general path
    // when it is long, else the next chunk. Worked out here, on every path
    // (a path first taken after the code is optimised costs a rebuild).
    const tail = n - lt > FAST_LIMIT ? NOT_HANDLED : NEED_MORE
    let col = NEXT_COL
    let style = 0
    let type = ''
    let k = lt + 2
    for (;;) {
      if (k + 1 >= n) return tail
      const ch = buf[k] as number
      if (ch <= Byte.SPACE) {
        k++
        continue
      }
      if (ch === Byte.GT) break
      if (ch === Byte.SLASH) {
        if (buf[k + 1] !== Byte.GT) return NOT_HANDLED
        this.cells.begin(col, style, type)
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
      const oneLetter = eq === k + 1
      if (oneLetter && ch === Byte.r) {
        // The column letters; the row number after them is the row's.
        let c = 0
        for (; ve < n; ve++) {
          const d = buf[ve] as number
          if (d >= Byte.UPPER_A && d <= Byte.UPPER_Z) c = c * 26 + (d - (Byte.UPPER_A - 1))
          else break
        }
        if (ve === vs) return NOT_HANDLED
        col = c - 1
      } else if (oneLetter && ch === Byte.s) {
        let st = 0
        for (; ve < n; ve++) {
          const d = (buf[ve] as number) - Byte.DIGIT_0
          if (d < 0 || d > 9) break
          st = st * 10 + d
        }
        if (ve < n && buf[ve] !== Byte.QUOTE) return NOT_HANDLED
        style = st
      }
      for (; ve < n; ve++) {
        const c = buf[ve]
        if (c === Byte.QUOTE) break
        if (c === Byte.GT) return NOT_HANDLED
      }
      if (ve >= n) return tail
      if (oneLetter && ch === Byte.t) type = ve === vs + 1 && buf[vs] === Byte.s ? 's' : utf8(buf, vs, ve)
      k = ve + 1
    }
    // A chunk's last cell waits for the next chunk here, not in the search
    // below (a path first taken after the code is optimised costs a rebuild).
    const gt = k
    if (gt + 3 >= n) return tail
    // The commonest body, `<v>..</v></c>`, without searching ahead; the
    // digits of a shared-string index or a whole number are read on the way.
    if (buf[gt + 1] !== Byte.LT || buf[gt + 2] !== Byte.v || buf[gt + 3] !== Byte.GT) return this.body(buf, gt, tail, col, style, type)
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
      buf[ve + 1] !== Byte.SLASH ||
      buf[ve + 2] !== Byte.v ||
      buf[ve + 3] !== Byte.GT ||
      buf[ve + 4] !== Byte.LT ||
      buf[ve + 5] !== Byte.SLASH ||
      buf[ve + 6] !== Byte.c ||
      buf[ve + 7] !== Byte.GT
    ) {
      return this.body(buf, gt, tail, col, style, type)
    }
    // The cell starts (SheetCells.begin, written out to keep the inlining budget).
    const cells = this.cells
    cells.value = ''
    cells.type = type
    cells.style = style
    cells.col = col === NEXT_COL ? cells.col + 1 : col
    const len = ve - vs
    if (len === 0 || type === 'inlineStr') return ve + 8
    if (digitsOnly && len <= 15) {
      if (type === 's') {
        cells.sharedCell(num)
        return ve + 8
      }
      // A whole number written plainly is the text of its value.
      if (type === '' && (len === 1 || buf[vs] !== Byte.DIGIT_0)) {
        cells.endCellWith(String(num))
        return ve + 8
      }
    }
    this.valueText(buf, vs, ve)
    return ve + 8
  }

  /**
   * Any other body after the `>` at `gt`, up to the next `</c>`: one `<v>`
   * and formulas (`<f>`), in any order. The index after the cell; NOT_HANDLED
   * for anything else; `tail` when the cell goes on past the buffer.
   */
  private body(buf: Buffer, gt: number, tail: number, col: number, style: number, type: string): number {
    const end = this.cEnd(buf, gt)
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
          const t = formulaText(buf, close + 1, fe)
          if (t !== '') fText = t
        }
        k = buf.indexOf(Byte.LT, next)
      } else return NOT_HANDLED
    }
    if (vs === -1) vs = ve = 0
    else if (buf.indexOf(Byte.LT, vs) < ve) return NOT_HANDLED
    this.cells.begin(col, style, type)
    if (ve > vs && type !== 'inlineStr') this.valueText(buf, vs, ve)
    if (fText !== '') this.cells.formulaOf(decodeEntities(fText))
    return end + 4
  }

  /** The current cell's value is `buf[vs, ve)` (no markup in it): decoded, and the cell ends. */
  private valueText(buf: Buffer, vs: number, ve: number): void {
    const raw = utf8(buf, vs, ve)
    this.cells.endCellWith(raw.indexOf('&') === -1 ? raw : decodeEntities(raw))
  }

  /** The next `</c>` from `from`, or -1. */
  private cEnd(buf: Buffer, from: number): number {
    if (buf === this.cBuf && from >= this.cFrom && (this.cFound === -1 || from <= this.cFound)) return this.cFound
    this.cBuf = buf
    this.cFrom = from
    this.cFound = buf.indexOf(C_END, from)
    return this.cFound
  }

  /**
   * `<row ...>` at `lt` with plain double-quoted attributes: the row starts,
   * and the index after the tag. Anything else (single quotes, entities,
   * self-closing) is NOT_HANDLED.
   */
  private row(buf: Buffer, lt: number): number {
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
      // The name (`ls`: its local part, after any prefix), then `="value"`.
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
    this.cells.startRow(r, hiddenAttr, ht, customHeight)
    return k + 1
  }
}

/**
 * The text of a formula `buf[s, e)` when it may hold string literals (a quote,
 * or an entity that may be one), else ''; other formulas hold no text of their own.
 */
function formulaText(buf: Buffer, s: number, e: number): string {
  for (let q = s; q < e; q++) {
    const b = buf[q]
    if (b === Byte.QUOTE || b === Byte.AMP) return utf8(buf, s, e)
  }
  return ''
}
