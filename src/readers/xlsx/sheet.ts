// Sheet data through the fast tokenizer: one pass, one row in memory.
// Visible cells go to the sheet's table; cells a reader of the file cannot
// see (hidden or zero-size rows and columns, filtered rows, cosmetic hiding)
// go to a second, hidden table of the same sheet, at their real places.

import type { RowSink } from '../types.js'
import type { CellStyles } from './styles.js'
import { serialToIso } from './styles.js'
import { RowSplitter, type HidingStats } from './split.js'
import { attr, attrs, tokenize, unescapeOoxml, type TokenHandler } from './xml.js'

export interface SharedStrings {
  strings: string[]
  /** 1 where some cell uses the string. */
  used: Uint8Array
}

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

  const h: TokenHandler = {
    capture: false,
    open(name, a) {
      if (inData) {
        if (name === 'c') {
          inCell = true
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
          col = ref ? (parseRef(ref)[0] as number) : col + 1
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
      if (name === 'sheetData') inData = true
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
      else if (name === 'sheetData') inData = false
    },
    text(s) {
      value += s
    }
  }
  await tokenize(chunks, h)
  return { ...split.stats, autoFilter }
}
