// Sheet data through the fast tokenizer: one pass, one row in memory.
// Visible cells go to the sheet's table; cells a reader of the file cannot
// see (hidden or zero-size rows and columns, filtered rows, cosmetic hiding)
// go to a second, hidden table of the same sheet, at their real places.

import type { RowSink } from '../types.js'
import type { CellStyles } from './styles.js'
import { serialToIso } from './styles.js'
import { RowSplitter, type HidingStats } from './split.js'
import { attr, attrs, decodeEntities, NEED_MORE, NOT_HANDLED, tokenize, unescapeOoxml, type TokenHandler } from './xml.js'

/** A cell or string longer than this is left to the general path (which streams long text). */
const FAST_LIMIT = 64 * 1024

export interface SharedStrings {
  strings: string[]
  /** 1 where some cell uses the string. */
  used: Uint8Array
}

const T_PRESERVE = '<t xml:space="preserve">'

export async function readSharedStrings(chunks: AsyncIterable<string>): Promise<SharedStrings> {
  const strings: string[] = []
  let cur = ''
  let inSi = false
  let phonetic = 0
  const h: TokenHandler = {
    capture: false,
    open(name) {
      if (name === 'si') (inSi = true), (cur = '')
      else if (name === 't' && inSi && phonetic === 0) h.capture = true
      else if (name === 'rPh') phonetic++
    },
    close(name) {
      if (name === 't') h.capture = false
      else if (name === 'rPh') phonetic--
      else if (name === 'si') strings.push(unescapeOoxml(cur)), (inSi = false)
    },
    text(s) {
      cur += s
    },
    // The common item, `<si><t>text</t></si>`, in one step; rich text, phonetic
    // runs, prefixes, CDATA and anything unusual take the general path.
    fast(buf, lt) {
      if (inSi || phonetic !== 0 || h.capture) return NOT_HANDLED
      if (buf.charCodeAt(lt + 1) !== 115 /* s */ || buf.charCodeAt(lt + 2) !== 105 /* i */ || buf.charCodeAt(lt + 3) !== 62 /* > */) return NOT_HANDLED
      const end = buf.indexOf('</si>', lt + 4)
      if (end === -1) return buf.length - lt > FAST_LIMIT ? NOT_HANDLED : NEED_MORE
      const ts = buf.startsWith('<t>', lt + 4) ? lt + 7 : buf.startsWith(T_PRESERVE, lt + 4) ? lt + 4 + T_PRESERVE.length : -1
      const te = end - 4
      if (ts === -1 || te < ts || !buf.startsWith('</t>', te)) return NOT_HANDLED
      const text = buf.slice(ts, te)
      if (text.indexOf('<') !== -1) return NOT_HANDLED
      strings.push(unescapeOoxml(decodeEntities(text)))
      return end + 5
    }
  }
  await tokenize(chunks, h)
  return { strings, used: new Uint8Array(strings.length) }
}

export interface SheetContext {
  sst: SharedStrings
  styles: CellStyles
  date1904: boolean
  maxCells: number
}

/** What the sheet hides, for structure findings (counts and first places). */
export interface SheetOutcome extends HidingStats {
  autoFilter: boolean
}

const MAX_COLS = 16384

/** `B7` -> [col 1, row 7]; col -1 when the reference is not a cell reference. */
export function parseRef(r: string): [number, number] {
  let col = 0
  let i = 0
  for (; i < r.length; i++) {
    const c = r.charCodeAt(i)
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64)
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96)
    else break
  }
  const row = i < r.length ? Number(r.slice(i)) : NaN
  return [i === 0 ? -1 : col - 1, Number.isInteger(row) ? row : -1]
}

const truthy = (v: string | undefined): boolean => v === '1' || v === 'true'

export async function readSheet(
  chunks: AsyncIterable<string>,
  ctx: SheetContext,
  visible: () => RowSink,
  hidden: () => RowSink
): Promise<SheetOutcome> {
  const { sst, styles, date1904 } = ctx
  const split = new RowSplitter(visible, hidden, ctx.maxCells)
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

  const endCell = (): void => {
    if (value === '' || col < 0 || col >= MAX_COLS) return
    let v: string
    let isDate = false
    switch (type) {
      case 's': {
        const idx = Number(value)
        const s = sst.strings[idx]
        if (s === undefined) return
        sst.used[idx] = 1
        v = s
        break
      }
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
        if (styles.date[style] === 1) {
          const iso = serialToIso(Number(value), date1904)
          if (iso !== null) (v = iso), (isDate = true)
        }
    }
    if (v.trim() === '') return
    const by = rowHidden ? 'row' : colHidden[col] === 1 ? 'column' : styles.cosmetic[style] === 1 ? 'cosmetic' : null
    split.cell(col, v, isDate, by, rowNum, styles.cosmeticWhy[style])
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

  // The common cell, `<c r="B7" s="3" t="s"><f>..</f><v>12</v></c>`, in one step;
  // anything else (inline strings, prefixes, CDATA, odd quoting) takes the general path.
  const fastCell = (buf: string, lt: number): number => {
    if (buf.charCodeAt(lt + 1) !== 99 /* c */) return NOT_HANDLED
    const c2 = buf.charCodeAt(lt + 2)
    if (c2 !== 32 && c2 !== 62 && c2 !== 47) return NOT_HANDLED
    const gt = buf.indexOf('>', lt)
    if (gt === -1) return buf.length - lt > FAST_LIMIT ? NOT_HANDLED : NEED_MORE
    const selfClosing = buf.charCodeAt(gt - 1) === 47
    const attrEnd = selfClosing ? gt - 1 : gt
    // Attributes, all double-quoted: r (reference), s (style), t (type).
    let cCol = -2
    let cStyle = 0
    let cType = ''
    for (let k = lt + 2; k < attrEnd; ) {
      const ch = buf.charCodeAt(k)
      if (ch <= 32) {
        k++
        continue
      }
      const eq = buf.indexOf('=', k)
      if (eq === -1 || eq >= attrEnd || buf.charCodeAt(eq + 1) !== 34) return NOT_HANDLED
      const vs = eq + 2
      const ve = buf.indexOf('"', vs)
      if (ve === -1 || ve >= attrEnd) return NOT_HANDLED
      if (eq === k + 1) {
        if (ch === 114 /* r */) {
          let col = 0
          let j = vs
          for (; j < ve; j++) {
            const d = buf.charCodeAt(j)
            if (d >= 65 && d <= 90) col = col * 26 + (d - 64)
            else break
          }
          if (j === vs) return NOT_HANDLED
          cCol = col - 1
        } else if (ch === 115 /* s */) {
          let st = 0
          for (let j = vs; j < ve; j++) {
            const d = buf.charCodeAt(j) - 48
            if (d < 0 || d > 9) return NOT_HANDLED
            st = st * 10 + d
          }
          cStyle = st
        } else if (ch === 116 /* t */) cType = buf.slice(vs, ve)
      }
      k = ve + 1
    }
    if (selfClosing) {
      value = ''
      type = cType
      style = cStyle
      col = cCol === -2 ? col + 1 : cCol
      return gt + 1
    }
    // The commonest body, `<v>..</v></c>`, without searching ahead.
    if (buf.startsWith('<v>', gt + 1)) {
      const vs = gt + 4
      const ve = buf.indexOf('<', vs)
      if (ve !== -1 && buf.startsWith('</v></c>', ve)) {
        simpleCell(buf, vs, ve, cType, cStyle, cCol)
        return ve + 8
      }
    }
    const end = buf.indexOf('</c>', gt)
    if (end === -1) return buf.length - lt > FAST_LIMIT ? NOT_HANDLED : NEED_MORE
    let vs = -1
    let ve = -1
    for (let k = buf.indexOf('<', gt + 1); k !== -1 && k < end; ) {
      if (buf.startsWith('<v>', k)) {
        if (vs !== -1) return NOT_HANDLED
        vs = k + 3
        ve = buf.indexOf('</v>', vs)
        if (ve === -1 || ve > end) return NOT_HANDLED
        k = buf.indexOf('<', ve + 4)
      } else if (buf.startsWith('<f', k) && (buf.charCodeAt(k + 2) === 62 || buf.charCodeAt(k + 2) === 32 || buf.charCodeAt(k + 2) === 47)) {
        const fe = buf.indexOf('</f>', k)
        const close = buf.indexOf('>', k)
        const next = buf.charCodeAt(close - 1) === 47 ? close + 1 : fe === -1 || fe > end ? -1 : fe + 4
        if (next === -1) return NOT_HANDLED
        k = buf.indexOf('<', next)
      } else return NOT_HANDLED
    }
    if (vs === -1) vs = ve = 0
    else if (buf.indexOf('<', vs) < ve) return NOT_HANDLED
    simpleCell(buf, vs, ve, cType, cStyle, cCol)
    return end + 4
  }

  /** A fast cell whose value is `buf[vs, ve)` (no markup in it): set it as current and end it. */
  const simpleCell = (buf: string, vs: number, ve: number, cType: string, cStyle: number, cCol: number): void => {
    value = ''
    type = cType
    style = cStyle
    col = cCol === -2 ? col + 1 : cCol
    if (ve > vs && cType !== 'inlineStr') {
      const raw = buf.slice(vs, ve)
      value = raw.indexOf('&') === -1 ? raw : decodeEntities(raw)
      endCell()
    }
  }

  // Runs of fast cells, with the row tags between them, in one call: the
  // plain `<row ...>` and `</row>` go to the same handlers the tokenizer
  // would call; anything else returns to the tokenizer.
  const fastData = (buf: string, lt: number): number => {
    let i = lt
    for (;;) {
      if (buf.charCodeAt(i + 1) === 114 /* r */ && buf.startsWith('<row', i)) {
        const c4 = buf.charCodeAt(i + 4)
        if (c4 !== 32 && c4 !== 62) return i === lt ? NOT_HANDLED : i
        const gt = buf.indexOf('>', i + 4)
        if (gt === -1 || buf.charCodeAt(gt - 1) === 47) return i === lt ? NOT_HANDLED : i
        const a = c4 === 62 ? '' : buf.slice(i + 4, gt)
        if (a.indexOf("'") !== -1 || (a.split('"').length - 1) % 2 !== 0) return i === lt ? NOT_HANDLED : i
        h.open('row', a, false)
        i = gt + 1
      } else {
        const r = fastCell(buf, i)
        if (r < 0) return i === lt ? r : i
        i = r
      }
      while (buf.startsWith('</row>', i)) {
        h.close('row')
        i += 6
      }
      if (buf.charCodeAt(i) !== 60 /* < */ || buf.charCodeAt(i + 1) === 47 /* / */) return i
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
        } else if (name === 'is') inInline = true
        else if (name === 't') {
          if (inInline && phonetic === 0) h.capture = true
        } else if (name === 'rPh') phonetic++
        else if (name === 'row') {
          const at = attrs(a)
          rowNum = at.r ? Number(at.r) : rowNum + 1
          col = -1
          const customZero = at.ht !== undefined && Number(at.ht) === 0
          rowHidden = truthy(at.hidden) || customZero || (zeroHeight && at.hidden !== '0' && !truthy(at.customHeight))
        }
        return
      }
      if (name === 'sheetData') (inData = true), (h.fast = fastData)
      else if (name === 'col') {
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
      if (!inData) return
      if (name === 'c') {
        endCell()
        inCell = false
      } else if (name === 'v' || name === 't') h.capture = false
      else if (name === 'is') inInline = false
      else if (name === 'rPh') phonetic--
      else if (name === 'row') split.flush(rowNum)
      else if (name === 'sheetData') (inData = false), (h.fast = null)
    },
    text(s) {
      value += s
    }
  }
  await tokenize(chunks, h)
  return { ...split.stats, autoFilter }
}
