// Dates of birth, judged per column. Values decide:
// - a cell parses as a full date: ISO (`1989-12-31`, also with a time, as
//   workbook date cells arrive), US (`12/31/1989`), EU (`31.12.1989`,
//   `31/12/1989`, `31-12-1989`), two-digit years read as the most recent past;
//   or with the month as a word (`12-MAR-1985`, `Mar 12, 1985`, `12 de marzo de 1985`);
// - the column: most values parse, implied ages fall in 0-110, many distinct
//   years spread over decades, median age adult.
// A header that speaks of birth lowers the bars; a header that names another
// date (report, fiscal, book-in, release...) rules the column out.
// Report dates, monthly series and fiscal years fail on years or ages.

import { lit, MAX_SAMPLES, safe } from '../findings.js'
import { isSeparator, skipSeparators, wordHash } from './fold.js'
import { emptyShape, headerHas, Matches, measure } from './shape.js'
import type { CellShape, Detector } from './types.js'

const BIRTH_HEADER =
  /\b(dob|d o b|birth|births|born|birthdate|birthday|date of birth|nacimiento|fecha nac|f nac|fnac|fec nac|geburtsdatum|naissance|nascimento)\b/
/** Headers that name a period or a record-keeping date: never birth dates. */
const PERIOD_HEADER =
  /\b(fiscal|fy|month|months|mes|period|periodo|quarter|week|as of|created|updated|modified|effective|expiry|expiration|fecha de corte)\b/
/** Event words: with a date word (`book-in date`, `fecha de ingreso`) they name another date; alone (`Book-ins`) a count. */
const EVENT_HEADER =
  /\b(report|reported|event|book|booked|book in|bookin|release|released|arrest|arrested|removal|removed|departure|arrival|entry|admission|admitted|hire|hired|start|end|death|issue|issued|filed|filing|received|decision|hearing|encounter|apprehension|detention|detained|transfer|ingreso|salida|alta|baja)\b/
const DATE_HEADER = /\b(date|dates|dt|fecha|day|time|timestamp|when)\b/

const MIN_YEAR_SPAN = 130

/** Scratch: the last parsed date (no allocation per cell). */
const parsed = { year: 0 }

/**
 * Parses a full date (day precision) and leaves its year in `parsed.year`.
 * Accepts Y-M-D, M/D/Y, D/M/Y and D.M.Y with `-`, `/`, `.`; a trailing time
 * (`T12:00:00`, ` 00:00`) is ignored.
 */
export function parseDate(v: string): boolean {
  const n = v.length
  let i = 0
  while (i < n && v.charCodeAt(i) === 32) i++
  let g0 = 0
  let g1 = 0
  let g2 = 0
  let l0 = 0
  let l1 = 0
  let l2 = 0
  let sep = 0
  // group 0
  for (; i < n; i++) {
    const c = v.charCodeAt(i)
    if (c < 48 || c > 57) break
    g0 = g0 * 10 + c - 48
    l0++
  }
  if (l0 === 0 || l0 === 3 || l0 > 4 || i >= n) return false
  sep = v.charCodeAt(i++)
  if (sep !== 45 && sep !== 47 && sep !== 46) return false
  for (; i < n; i++) {
    const c = v.charCodeAt(i)
    if (c < 48 || c > 57) break
    g1 = g1 * 10 + c - 48
    l1++
  }
  if (l1 === 0 || l1 > 2 || i >= n || v.charCodeAt(i++) !== sep) return false
  for (; i < n; i++) {
    const c = v.charCodeAt(i)
    if (c < 48 || c > 57) break
    g2 = g2 * 10 + c - 48
    l2++
  }
  if (i < n) {
    // a time may follow: `T` or a space, then digits and colons
    const c = v.charCodeAt(i)
    if (c !== 84 && c !== 32) return false
    for (i++; i < n; i++) {
      const d = v.charCodeAt(i)
      if (!((d >= 48 && d <= 57) || d === 58 || d === 46 || d === 90 || d === 32 || d === 43 || d === 45)) return false
    }
  }
  let year: number
  if (l0 === 4) {
    if (l2 === 0 || l2 > 2) return false
    year = g0
    if (!monthDay(g1, g2)) return false
  } else {
    if (l2 !== 4 && l2 !== 2) return false
    if (!monthDay(g0, g1) && !monthDay(g1, g0)) return false
    year = g2
    if (l2 === 2) year += year > THIS_YEAR % 100 ? 1900 : 2000
  }
  parsed.year = year
  return true
}

function monthDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

const THIS_YEAR = new Date().getUTCFullYear()

/** Year of a full date, or -1. */
export function dateYear(v: string): number {
  return parseDate(v) ? parsed.year : -1
}

/** Month names and abbreviations, English and Spanish (`12-MAR-1985`, `Mar 12, 1985`, `12 de marzo de 1985`). */
const MONTHS = new Map<number, number>()
{
  const names = [
    'january jan enero ene', 'february feb febrero', 'march mar marzo', 'april apr abril abr', 'may mayo',
    'june jun junio', 'july jul julio', 'august aug agosto ago', 'september sep sept septiembre setiembre set',
    'october oct octubre', 'november nov noviembre', 'december dec diciembre dic'
  ]
  names.forEach((words, m) => {
    for (const w of words.split(' ')) MONTHS.set(wordHash(w, 0, w.length), m + 1)
  })
}
const DE = wordHash('de', 0, 2)

/**
 * A date with the month as a word: day, month and year in any of the orders
 * `12-MAR-1985`, `12 Mar 1985`, `Mar 12, 1985`, `12 de marzo de 1985`.
 * Leaves the year in `parsed.year`.
 */
export function parseMonthDate(v: string): boolean {
  const n = v.length
  let month = 0
  let day = -1
  let year = -1
  let i = 0
  while ((i = skipSeparators(v, i)) < n) {
    const c = v.charCodeAt(i)
    const start = i
    if (c >= 48 && c <= 57) {
      let x = 0
      for (; i < n && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57; i++) x = x * 10 + v.charCodeAt(i) - 48
      const len = i - start
      if (len <= 2 && day === -1 && (year === -1 || month !== 0)) day = x
      else if ((len === 4 || len === 2) && year === -1) year = len === 2 ? x + (x > THIS_YEAR % 100 ? 1900 : 2000) : x
      else return false
      continue
    }
    for (; i < n; i++) {
      const d = v.charCodeAt(i)
      if (isSeparator(d) || (d >= 48 && d <= 57)) break
    }
    const h = wordHash(v, start, i)
    if (h === DE) continue
    const m = MONTHS.get(h)
    if (m === undefined || month !== 0) return false
    month = m
  }
  if (month === 0 || year === -1 || day < 1 || day > 31) return false
  parsed.year = year
  return true
}

/** Cheap pre-check on the character counts: could this be a full date? */
export function maybeDate(s: CellShape): boolean {
  if (s.digits < 3 || s.digits > 17 || s.length > 30) return false
  if (s.letters <= 1) return s.digits >= 4 && s.dash + s.slash + s.dot >= 2
  return s.letters <= 12 && s.digits <= 6 && s.at === 0
}

/** Any full date this detector reads. */
function parseAnyDate(v: string, s: CellShape): boolean {
  return s.letters <= 1 ? parseDate(v) : parseMonthDate(v)
}

function isOtherDate(header: string): boolean {
  return !headerHas(header, BIRTH_HEADER) && (headerHas(header, PERIOD_HEADER) || (headerHas(header, EVENT_HEADER) && headerHas(header, DATE_HEADER)))
}

export const dateOfBirth: Detector = {
  id: 'date-of-birth',
  kind: 'pii/date-of-birth',
  cells: 'digits',
  noun: lit('dates of birth'),
  test: (v) => {
    const t = v.trim()
    const s = measure(t, emptyShape())
    return maybeDate(s) && parseAnyDate(t, s)
  },
  // A period or event date column (`Book In Date`) is never judged to hold dates of birth.
  rulesOut: (col) => isOtherDate(col.header),
  open(col) {
    const hinted = headerHas(col.header, BIRTH_HEADER)
    const otherDate = isOtherDate(col.header)
    const m = new Matches(MAX_SAMPLES)
    // Ages 0..MIN_YEAR_SPAN-1, counted per year of birth: fixed memory.
    const ages = new Uint32Array(MIN_YEAR_SPAN)
    let dates = 0
    return {
      minDigits: otherDate ? Number.MAX_SAFE_INTEGER : 4,
      cell(v, s, pos) {
        if (otherDate || !maybeDate(s) || !parseAnyDate(v, s)) return false
        dates++
        const age = THIS_YEAR - parsed.year
        if (age < 0 || age > 110) return false
        ages[age]!++
        m.add(pos)
        return true
      },
      close(stats) {
        const n = stats.nonEmpty
        if (otherDate || m.count === 0) return null
        const inRange = m.count
        let years = 0
        let minAge = -1
        let maxAge = 0
        let median = -1
        let seen = 0
        for (let a = 0; a < ages.length; a++) {
          const k = ages[a] as number
          if (k === 0) continue
          years++
          if (minAge === -1) minAge = a
          maxAge = a
          seen += k
          if (median === -1 && seen * 2 >= inRange) median = a
        }
        const parsedShare = dates / n
        const rangeShare = inRange / Math.max(1, dates)
        if (hinted) {
          if (parsedShare < 0.6 || rangeShare < 0.9 || years < Math.min(3, inRange)) return null
        } else {
          if (n < 5 || parsedShare < 0.8 || rangeShare < 0.95) return null
          if (years < Math.min(10, Math.max(3, Math.ceil(inRange / 3)))) return null
          if (inRange >= 10 && maxAge - minAge < 10) return null
          if (median < 18) return null
        }
        return {
          scope: 'column',
          count: inRange,
          positions: m.positions,
          confidence: Math.min(0.99, (hinted ? 0.6 : 0.45) + parsedShare / 2.5),
          why: hinted
            ? safe`header speaks of birth and ${inRange} of ${n} values are dates with ages 0-110`
            : safe`${inRange} of ${n} values are dates with ages 0-110 over ${years} distinct years, median age adult`
        }
      }
    }
  }
}
