// What a cell's style says about its value: a date (the number is a serial
// date), or hidden by cosmetics (`;;;` number format, font colour = fill).

import { parseXml } from '../package/xml.js'

export interface CellStyles {
  /** Per cellXfs index. */
  date: Uint8Array
  /** Per cellXfs index: the value is not visible (format `;;;` or font colour equal to fill). */
  cosmetic: Uint8Array
  /** Why, per cosmetic index: 'format' or 'colour'. */
  cosmeticWhy: Array<'format' | 'colour' | undefined>
}

export const NO_STYLES: CellStyles = { date: new Uint8Array(0), cosmetic: new Uint8Array(0), cosmeticWhy: [] }

/** Built-in number formats that are dates (ECMA-376 18.8.30, plus the CJK ones). */
const BUILTIN_DATE = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58])

function isDateFormat(code: string): boolean {
  const s = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .split(';')[0] as string
  if (/general/i.test(s)) return false
  // A date needs a day or a year; `m` alone may be minutes.
  return /[dy]/i.test(s)
}

function isHidingFormat(code: string): boolean {
  const sections = code.replace(/\[[^\]]*\]/g, '').split(';')
  return sections.length >= 3 && sections.every((x) => x.trim() === '')
}

interface Colour {
  key: string
}

function colourKey(a: Record<string, string>): string | undefined {
  if (a.rgb) return a.rgb.slice(-6).toUpperCase() + (a.tint ? `~${a.tint}` : '')
  if (a.theme !== undefined) {
    // Excel swaps the first two pairs: theme 0 is the light background, 1 the dark text.
    const t = Number(a.theme)
    const base = t === 0 ? 'FFFFFF' : t === 1 ? '000000' : `theme${t}`
    return base + (a.tint ? `~${a.tint}` : '')
  }
  if (a.indexed !== undefined) {
    const i = Number(a.indexed)
    return i === 8 || i === 64 ? '000000' : i === 9 || i === 65 ? 'FFFFFF' : `indexed${i}`
  }
  if (a.auto === '1' || a.auto === 'true') return undefined
  return undefined
}

export async function readStyles(chunks: AsyncIterable<string>): Promise<CellStyles> {
  const formats = new Map<number, string>()
  const fonts: Array<Colour | undefined> = []
  const fills: Array<Colour | undefined> = []
  const xfs: Array<{ numFmtId: number; fontId: number; fillId: number }> = []
  const stack: string[] = []
  await parseXml(chunks, {
    open(name, a) {
      const parent = stack[stack.length - 1]
      stack.push(name)
      if (name === 'numFmt' && parent === 'numFmts') formats.set(Number(a.numFmtId), a.formatCode ?? '')
      else if (name === 'font' && parent === 'fonts') fonts.push(undefined)
      else if (name === 'color' && parent === 'font' && stack[stack.length - 3] === 'fonts') {
        const k = colourKey(a)
        fonts[fonts.length - 1] = k === undefined ? undefined : { key: k }
      } else if (name === 'fill' && parent === 'fills') fills.push(undefined)
      else if (name === 'patternFill' && parent === 'fill' && stack[stack.length - 3] === 'fills') {
        if (a.patternType === 'solid') fills[fills.length - 1] = { key: '' }
      } else if (name === 'fgColor' && parent === 'patternFill' && stack[stack.length - 4] === 'fills') {
        const f = fills[fills.length - 1]
        if (f) f.key = colourKey(a) ?? ''
      } else if (name === 'xf' && parent === 'cellXfs') {
        xfs.push({ numFmtId: Number(a.numFmtId ?? 0), fontId: Number(a.fontId ?? 0), fillId: Number(a.fillId ?? 0) })
      }
    },
    close() {
      stack.pop()
    }
  })
  const date = new Uint8Array(xfs.length)
  const cosmetic = new Uint8Array(xfs.length)
  const cosmeticWhy: CellStyles['cosmeticWhy'] = []
  xfs.forEach((x, i) => {
    const code = formats.get(x.numFmtId)
    date[i] = (code !== undefined ? isDateFormat(code) : BUILTIN_DATE.has(x.numFmtId)) ? 1 : 0
    if (code !== undefined && isHidingFormat(code)) {
      cosmetic[i] = 1
      cosmeticWhy[i] = 'format'
      return
    }
    const font = fonts[x.fontId]?.key ?? '000000'
    const fill = fills[x.fillId]
    const background = fill ? fill.key || '000000' : 'FFFFFF'
    if (font === background) {
      cosmetic[i] = 1
      cosmeticWhy[i] = 'colour'
    }
  })
  return { date, cosmetic, cosmeticWhy }
}

const DAY_MS = 86_400_000

/** An Excel serial date to `yyyy-mm-dd`, or null when it is not a plausible date. */
export function serialToIso(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2958466) return null
  let days = Math.floor(serial)
  if (date1904) days += 1462
  else if (days < 60)
    days += 1 // 1900 is not a leap year; Excel's serial 60 is 29 Feb 1900.
  else if (days === 60) return '1900-02-29'
  const ms = Date.UTC(1899, 11, 30) + days * DAY_MS
  return new Date(ms).toISOString().slice(0, 10)
}
