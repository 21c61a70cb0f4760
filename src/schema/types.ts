// Table Schema types: each field compiles to a cast function (raw cell text ->
// a comparable value, or `undefined` when the text is not of the type) and a
// description of what was expected. The description comes from the schema,
// never from a cell.

import { lit, policyText, safe, type SafeText } from '../findings.js'
import type { FieldDescriptor } from './load.js'

/** A cast value: numbers compare (dates as epoch days/ms, times as seconds), strings and booleans as they are. */
export type Value = number | string | boolean

export interface FieldType {
  /** The value, or undefined when the text is not of this type. Never throws. */
  cast(raw: string, isoDate?: boolean): Value | undefined
  /** `integer`, `date (%d/%m/%Y)`: what a cell must be. */
  expected: SafeText
  /** minimum/maximum apply (numbers, dates, times, years, durations). */
  ordered: boolean
  /** cast() returns the text as it is (string without format, any): the check skips the call. */
  identity?: boolean
  /** minLength/maxLength count characters of the cast value (strings) or of the text. */
}

/** A problem with the schema itself (the caller adds file and place). */
export class SchemaProblem extends Error {
  constructor(
    message: string,
    /** Path inside the field, e.g. ['format']. */
    readonly at: Array<string | number> = []
  ) {
    super(message)
  }
}

const DEFAULT_TRUE = ['true', 'True', 'TRUE', '1']
const DEFAULT_FALSE = ['false', 'False', 'FALSE', '0']

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

export function compileType(field: FieldDescriptor): FieldType {
  const type = field.type ?? 'string'
  const format = field.format?.replace(/^fmt:/, '') ?? 'default'
  const fmt = format === 'default' ? lit('') : safe` (${policyText(format)})`
  switch (type) {
    case 'string':
      return {
        cast: stringCast(format),
        expected: format === 'default' ? lit('text') : safe`text${fmt}`,
        ordered: false,
        identity: format === 'default'
      }
    case 'integer':
      return integerType(field)
    case 'number':
      return numberType(field)
    case 'boolean': {
      const t = new Set(field.trueValues ?? DEFAULT_TRUE)
      const f = new Set(field.falseValues ?? DEFAULT_FALSE)
      const words = [...t, ...f].map((w) => policyText(w)).join(' / ') as SafeText
      return { cast: (v) => (t.has(v) ? true : f.has(v) ? false : undefined), expected: safe`true or false (${words})`, ordered: false }
    }
    case 'date':
      return temporal('date', format, fmt)
    case 'time':
      return temporal('time', format, fmt)
    case 'datetime':
      return temporal('datetime', format, fmt)
    case 'year':
      return {
        cast: (v) => (v.length === 4 && digits(v, 0, 4) >= 0 ? digits(v, 0, 4) : undefined),
        expected: lit('a four-digit year'),
        ordered: true
      }
    case 'yearmonth':
      return {
        cast: (v) => {
          if (v.length !== 7 || v.charCodeAt(4) !== 45) return undefined
          const year = digits(v, 0, 4)
          const month = digits(v, 5, 2)
          return year >= 0 && month >= 1 && month <= 12 ? year * 12 + month - 1 : undefined
        },
        expected: lit('a year and month (YYYY-MM)'),
        ordered: true
      }
    case 'duration':
      return { cast: durationSeconds, expected: lit('an ISO 8601 duration (e.g. P1Y2M or PT30M)'), ordered: true }
    case 'geopoint':
      return geopointType(format)
    case 'any':
      return { cast: (v) => v, expected: lit('any value'), ordered: false, identity: true }
    case 'object':
    case 'array':
    case 'geojson':
      return {
        cast: (v) => {
          const j = parseJson(v)
          if (type === 'array') return Array.isArray(j) ? v : undefined
          if (j === null || typeof j !== 'object' || Array.isArray(j)) return undefined
          return type === 'geojson' && typeof (j as { type?: unknown }).type !== 'string' ? undefined : v
        },
        expected: type === 'array' ? lit('a JSON array') : type === 'object' ? lit('a JSON object') : lit('a GeoJSON object'),
        ordered: false
      }
    default:
      throw new SchemaProblem(`unknown type \`${type}\``, ['type'])
  }
}

function parseJson(v: string): unknown {
  try {
    return JSON.parse(v)
  } catch {
    return undefined
  }
}

const STRING_FORMATS: Record<string, RegExp> = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
  binary: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
}

function stringCast(format: string): FieldType['cast'] {
  if (format === 'default') return (v) => v
  const re = STRING_FORMATS[format]
  if (!re) throw new SchemaProblem(`unknown string format \`${format}\`; expected default, email, uri, uuid or binary`, ['format'])
  return (v) => (re.test(v) ? v : undefined)
}

/** bareNumber: false strips leading and trailing non-numeric text (`€ 1,000`, `95%`), as frictionless-py does. */
function stripper(field: FieldDescriptor, numeric: string): (v: string) => string {
  if (field.bareNumber !== false) return (v) => v
  const lead = new RegExp(`^[^-+\\d${numeric}]+`)
  const trail = new RegExp(`[^\\d${numeric}]+$`)
  return (v) => v.replace(lead, '').replace(trail, '')
}

function groupRemover(field: FieldDescriptor): (v: string) => string {
  const g = field.groupChar
  if (!g) return (v) => v
  return (v) => (v.includes(g) ? v.split(g).join('') : v)
}

function integerType(field: FieldDescriptor): FieldType {
  const strip = stripper(field, '')
  const ungroup = groupRemover(field)
  const re = /^[-+]?\d+$/
  /** No bareNumber/groupChar: plain digits are parsed without a regex (the common case). */
  const plain = field.bareNumber !== false && !field.groupChar
  return {
    cast: (raw) => {
      if (plain) {
        const n = raw.length > 0 && raw.length < 16 ? digits(raw, 0, raw.length) : -1
        if (n >= 0) return n
      }
      const v = ungroup(strip(raw))
      if (!re.test(v)) return undefined
      const n = Number(v)
      // Past 2^53 a number loses digits: keep the exact digits so unique keys stay exact.
      return Number.isSafeInteger(n) ? n : BigInt(v).toString()
    },
    expected: lit('integer'),
    ordered: true
  }
}

function numberType(field: FieldDescriptor): FieldType {
  const dec = field.decimalChar ?? '.'
  const strip = stripper(field, escapeRe(dec))
  const ungroup = groupRemover(field)
  const re = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/
  const special: Record<string, number> = { NaN: NaN, INF: Infinity, '-INF': -Infinity, '+INF': Infinity }
  const extra: SafeText[] = []
  if (dec !== '.') extra.push(safe`decimal mark "${policyText(dec)}"`)
  if (field.groupChar) extra.push(safe`thousands separator "${policyText(field.groupChar)}"`)
  if (field.bareNumber === false) extra.push(lit('surrounding text allowed'))
  const plain = dec === '.' && !field.groupChar && field.bareNumber !== false
  return {
    cast: (raw) => {
      if (plain && isPlainNumber(raw)) return Number(raw)
      const c0 = raw.charCodeAt(0)
      if (raw.length <= 4 && (c0 === 78 || c0 === 73 || c0 === 45 || c0 === 43)) {
        const s = special[raw] // NaN, INF, -INF, +INF
        if (s !== undefined) return s
      }
      let v = ungroup(strip(raw))
      if (dec !== '.' && v.includes(dec)) v = v.split(dec).join('.')
      return re.test(v) ? Number(v) : undefined
    },
    expected: extra.length ? (`number (${extra.join(', ')})` as SafeText) : lit('number'),
    ordered: true
  }
}

/** `-12.5e3`, `.5`, `7.`: what the number regex accepts, without a regex (the hot path). */
function isPlainNumber(v: string): boolean {
  const n = v.length
  let i = 0
  let c = v.charCodeAt(0)
  if (c === 43 || c === 45) c = v.charCodeAt(++i)
  let digits = 0
  while (c >= 48 && c <= 57) digits++, (c = v.charCodeAt(++i))
  if (c === 46) {
    c = v.charCodeAt(++i)
    while (c >= 48 && c <= 57) digits++, (c = v.charCodeAt(++i))
  }
  if (digits === 0) return false
  if (c === 101 || c === 69) {
    c = v.charCodeAt(++i)
    if (c === 43 || c === 45) c = v.charCodeAt(++i)
    let exp = 0
    while (c >= 48 && c <= 57) exp++, (c = v.charCodeAt(++i))
    if (exp === 0) return false
  }
  return i === n
}

function durationSeconds(v: string): number | undefined {
  const m =
    /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      v
    )
  if (!m) return undefined
  const n = (i: number): number => Number(m[i] ?? 0)
  return ((n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4)) * 24 + n(5)) * 3600 + n(6) * 60 + n(7)
}

const NUM = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)'

function geopointType(format: string): FieldType {
  const inRange = (lon: unknown, lat: unknown): string | undefined =>
    typeof lon === 'number' && typeof lat === 'number' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? `${lon},${lat}` : undefined
  if (format === 'default') {
    const re = new RegExp(`^\\s*(${NUM})\\s*,\\s*(${NUM})\\s*$`)
    return {
      cast: (v) => {
        const m = re.exec(v)
        return m ? inRange(Number(m[1]), Number(m[2])) : undefined
      },
      expected: lit('a point "lon, lat"'),
      ordered: false
    }
  }
  if (format === 'array') {
    return {
      cast: (v) => {
        const j = parseJson(v)
        return Array.isArray(j) && j.length === 2 ? inRange(j[0], j[1]) : undefined
      },
      expected: lit('a point [lon, lat]'),
      ordered: false
    }
  }
  if (format === 'object') {
    return {
      cast: (v) => {
        const j = parseJson(v) as { lon?: unknown; lat?: unknown } | undefined
        return j && typeof j === 'object' ? inRange(j.lon, j.lat) : undefined
      },
      expected: lit('a point {"lon": .., "lat": ..}'),
      ordered: false
    }
  }
  throw new SchemaProblem(`unknown geopoint format \`${format}\`; expected default, array or object`, ['format'])
}

// --- dates and times -------------------------------------------------------

type Kind = 'date' | 'time' | 'datetime'

interface Parts {
  y: number
  mo: number
  d: number
  h: number
  mi: number
  s: number
  ms: number
  /** Offset from UTC in minutes. */
  off: number
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const MONTHS_FULL = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december'
]

type Setter = (p: Parts, text: string) => boolean

/** strptime directives: regex and how the matched text sets the parts. */
const DIRECTIVES: Record<string, [string, Setter]> = {
  Y: ['\\d{4}', (p, t) => ((p.y = Number(t)), true)],
  y: ['\\d{2}', (p, t) => ((p.y = Number(t) + (Number(t) < 69 ? 2000 : 1900)), true)],
  m: ['\\d{1,2}', (p, t) => ((p.mo = Number(t)), p.mo >= 1 && p.mo <= 12)],
  d: ['\\d{1,2}', (p, t) => ((p.d = Number(t)), p.d >= 1 && p.d <= 31)],
  H: ['\\d{1,2}', (p, t) => ((p.h = Number(t)), p.h <= 23)],
  I: ['\\d{1,2}', (p, t) => ((p.h = Number(t) % 12), Number(t) >= 1 && Number(t) <= 12)],
  p: ['[AaPp][Mm]', (p, t) => (t.toLowerCase() === 'pm' && (p.h += 12), true)],
  M: ['\\d{1,2}', (p, t) => ((p.mi = Number(t)), p.mi <= 59)],
  S: ['\\d{1,2}', (p, t) => ((p.s = Number(t)), p.s <= 59)],
  f: ['\\d{1,6}', (p, t) => ((p.ms = Number(t.padEnd(6, '0')) / 1000), true)],
  b: ['[A-Za-z]{3}', (p, t) => ((p.mo = MONTHS.indexOf(t.toLowerCase()) + 1), p.mo > 0)],
  B: ['[A-Za-z]{3,9}', (p, t) => ((p.mo = MONTHS_FULL.indexOf(t.toLowerCase()) + 1), p.mo > 0)],
  a: ['[A-Za-z]{3}', () => true],
  A: ['[A-Za-z]{6,9}', () => true],
  z: ['Z|[-+]\\d{2}:?\\d{2}', (p, t) => ((p.off = offsetMinutes(t)), true)],
  Z: ['[A-Za-z]{1,5}', () => true],
  '%': ['%', () => true]
}

function offsetMinutes(t: string): number {
  if (t === 'Z') return 0
  const sign = t[0] === '-' ? -1 : 1
  const digits = t.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
}

/** A strptime-style format (`%d/%m/%Y`) as a parser. */
function strptime(format: string): (v: string) => Parts | undefined {
  let re = '^'
  const setters: Setter[] = []
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string
    if (c !== '%') {
      re += escapeRe(c)
      continue
    }
    const d = format[++i]
    const dir = d === undefined ? undefined : DIRECTIVES[d]
    if (!dir) throw new SchemaProblem(`unsupported format directive \`%${d ?? ''}\` in \`${format}\``, ['format'])
    if (d === '%') {
      re += '%'
      continue
    }
    re += `(${dir[0]})`
    setters.push(dir[1])
  }
  const compiled = new RegExp(re + '$')
  return (v) => {
    const m = compiled.exec(v)
    if (!m) return undefined
    const p: Parts = { y: 1900, mo: 1, d: 1, h: 0, mi: 0, s: 0, ms: 0, off: 0 }
    for (let i = 0; i < setters.length; i++) if (!(setters[i] as Setter)(p, m[i + 1] as string)) return undefined
    return p
  }
}

/** ISO forms are strict: two digits for month, day, hours, minutes, seconds. */
const twoDigits = (parse: (v: string) => Parts | undefined, re: RegExp) => (v: string) => (re.test(v) ? parse(v) : undefined)

const ISO: Record<Kind, (v: string) => Parts | undefined> = {
  date: twoDigits(strptime('%Y-%m-%d'), /^\d{4}-\d{2}-\d{2}$/),
  time: twoDigits(strptime('%H:%M:%S'), /^\d{2}:\d{2}:\d{2}$/),
  datetime: (v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[-+]\d{2}:?\d{2})?$/.exec(v)
    if (!m) return undefined
    const n = (i: number): number => Number(m[i])
    const p: Parts = {
      y: n(1),
      mo: n(2),
      d: n(3),
      h: n(4),
      mi: n(5),
      s: n(6),
      ms: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
      off: m[8] ? offsetMinutes(m[8]) : 0
    }
    return p.mo >= 1 && p.mo <= 12 && p.h <= 23 && p.mi <= 59 && p.s <= 59 ? p : undefined
  }
}

const DAY_MS = 86_400_000

/** Parts -> comparable number: days (date), seconds (time), ms (datetime); undefined for 31 February. */
function toValue(kind: Kind, p: Parts): number | undefined {
  if (kind === 'time') return p.h * 3600 + p.mi * 60 + p.s + p.ms / 1000
  const t = Date.UTC(p.y, p.mo - 1, p.d)
  const check = new Date(t)
  if (check.getUTCDate() !== p.d || check.getUTCMonth() !== p.mo - 1) return undefined
  if (kind === 'date') return t / DAY_MS
  return t + ((p.h * 60 + p.mi - p.off) * 60 + p.s) * 1000 + p.ms
}

function temporal(kind: Kind, format: string, fmt: SafeText): FieldType {
  const names: Record<Kind, SafeText> = {
    date: lit('a date (YYYY-MM-DD)'),
    time: lit('a time (hh:mm:ss)'),
    datetime: lit('a date and time (YYYY-MM-DDThh:mm:ssZ)')
  }
  const kindWord: Record<Kind, SafeText> = { date: lit('a date'), time: lit('a time'), datetime: lit('a date and time') }
  let parse: (v: string) => Parts | undefined
  if (format === 'default') parse = ISO[kind]
  else if (format === 'any') parse = anyParser(kind)
  else parse = strptime(format)
  const iso = ISO.date
  if (kind === 'date' && format === 'default') return { cast: isoDay, expected: names.date, ordered: true }
  return {
    cast: (v, isoDate) => {
      // A workbook cell formatted as a date arrives as an ISO date: it is a date whatever the format says.
      const p = isoDate && kind !== 'time' ? (iso(v) ?? parse(v)) : parse(v)
      return p && toValue(kind, p)
    },
    expected: format === 'default' ? names[kind] : safe`${kindWord[kind]}${fmt}`,
    ordered: true
  }
}

/** The digits v[at..at+n) as a number, or -1. */
function digits(v: string, at: number, n: number): number {
  let x = 0
  for (let i = at; i < at + n; i++) {
    const c = v.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    x = x * 10 + c
  }
  return x
}

const daysIn = (y: number, mo: number): number =>
  mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31

/** The default date form, YYYY-MM-DD, on the hot path: epoch days, no allocation. */
function isoDay(v: string): number | undefined {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return undefined
  const y = digits(v, 0, 4)
  const mo = digits(v, 5, 2)
  const d = digits(v, 8, 2)
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined
  return daysFromCivil(y, mo, d)
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm): what Date.UTC gives / 86400000. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  // Integer division by truncation (`| 0`) equals floor for yy ≥ 0; year 0000's January and February (yy = -1) take floor.
  const era = yy >= 0 ? (yy / 400) | 0 : Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = (((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) | 0) + d - 1
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy
  return era * 146097 + doe - 719468
}

/** `format: any`: ISO forms, then what Date.parse understands. */
function anyParser(kind: Kind): (v: string) => Parts | undefined {
  const iso = ISO[kind]
  return (v) => {
    const p = iso(v) ?? (kind === 'datetime' ? ISO.date(v) : undefined)
    if (p) return p
    if (kind === 'time') {
      const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(v)
      if (!t) return undefined
      let h = Number(t[1])
      if (t[4]) h = (h % 12) + (t[4].toLowerCase() === 'pm' ? 12 : 0)
      return h <= 23 ? { y: 1900, mo: 1, d: 1, h, mi: Number(t[2]), s: Number(t[3] ?? 0), ms: 0, off: 0 } : undefined
    }
    if (!/\d/.test(v)) return undefined
    const ms = Date.parse(v)
    if (Number.isNaN(ms)) return undefined
    const d = new Date(ms)
    return {
      y: d.getUTCFullYear(),
      mo: d.getUTCMonth() + 1,
      d: d.getUTCDate(),
      h: d.getUTCHours(),
      mi: d.getUTCMinutes(),
      s: d.getUTCSeconds(),
      ms: d.getUTCMilliseconds(),
      off: 0
    }
  }
}
