// Dates of birth, judged per column. Values decide:
// - a cell parses as a full date: ISO (`1989-12-31`, also with a time, as
//   workbook date cells arrive), US (`12/31/1989`), EU (`31.12.1989`,
//   `31/12/1989`, `31-12-1989`), two-digit years read as the most recent past;
//   or with the month as a word (`12-MAR-1985`, `Mar 12, 1985`, `12 de marzo de 1985`);
// - the header, read once per column as words (camelCase, snake_case and
//   run-together forms such as `birthYear`, `dateOfBirth`, `modeldate`,
//   `termstart` are split): a birth word makes it a birth column; a date or
//   event word without one (`Date`, `Date added`, `polldate`, `OPENDATE`,
//   `stint_start`, `Show`) rules the column out;
// - a birth column takes dates of ages 0-150 (historical people are people),
//   or plain numbers when the date is split over year, month and day columns
//   (`birthYear`, `birthMonth`, `birthDay`): those columns are one birth date
//   and are decided together at the end of the table (Detector.settle);
// - a column with no hint needs strong evidence: most values dates of ages
//   0-110 over many distinct years and days, median age adult, no sign of a
//   time series (sorted values, even spacing, one day of the month), and a
//   column of person names in the same table.

import { lit, MAX_SAMPLES, safe } from '../findings.js'
import { isSeparator, skipSeparators, wordHash } from './fold.js'
import { emptyShape, Matches, measure } from './shape.js'
import type { CellShape, ColumnVerdict, Detector } from './types.js'

/** Oldest age a birth column accepts, and the oldest a column with no hint does. */
const MAX_AGE = 150
const MAX_AGE_UNHINTED = 110

// ---------------------------------------------------------------------------
// Headers

/** What a header says about a date column. */
export interface HeaderHint {
  /** A birth word (`dob`, `birthDate`, `date of birth`, `fecha de nacimiento`…). */
  birth: boolean
  /** No birth word, and a date or event word (`Date`, `Date added`, `polldate`, `termstart`): never a birth date. */
  other: boolean
  /** Part of a date the header names (`birthYear`, `birth_month`, `yob`): PART_YEAR, PART_MONTH, PART_DAY or 0. */
  part: number
  /** The birth word can name a split part (not `births`, a count). */
  parts: boolean
}

export const PART_YEAR = 1
export const PART_MONTH = 2
export const PART_DAY = 3

/** Whole words that speak of birth. */
const BIRTH_WORDS = new Set([
  'dob',
  'dobs',
  'born',
  'birth',
  'births',
  'birthdate',
  'birthday',
  'bday',
  'bdate',
  'yob',
  'nac',
  'nacim',
  'nacido',
  'nacida',
  'nasc',
  'fnac',
  'fecnac',
  'fechanac',
  'naiss',
  'geb',
  'geboren',
  'gebdat',
  'gebdatum'
])
/** With a birth word, words that name something else than its date (`birthplace`, `Country of Birth`, `birth weight`, `Births count`). */
const NOT_A_DATE = new Set([
  'place',
  'country',
  'countries',
  'city',
  'state',
  'town',
  'county',
  'province',
  'region',
  'nation',
  'nationality',
  'location',
  'plc',
  'lugar',
  'pais',
  'weight',
  'order',
  'rank',
  'rate',
  'rates',
  'count',
  'counts',
  'number',
  'cert',
  'certificate',
  'sex',
  'gender',
  'name',
  'names',
  'total',
  'totals',
  'ort',
  'land'
])
/** Stems that speak of birth anywhere in a word (`dateofbirth`, `geburtsdatum`, `fechanacimiento`). */
const BIRTH_STEMS = [
  'birth',
  'geburt',
  'nacimiento',
  'naissance',
  'nascimento',
  'nascita',
  'geboorte',
  'fodsel',
  'fodelse',
  'syntym',
  'urodzen'
]

/** Words naming a date or a period by themselves: without a birth word, the column holds another date. */
const DATE_WORDS = new Set([
  'date',
  'dates',
  'dated',
  'dt',
  'dte',
  'dtm',
  'fecha',
  'fechas',
  'datum',
  'day',
  'days',
  'dia',
  'time',
  'times',
  'timestamp',
  'datetime',
  'when',
  'year',
  'years',
  'yr',
  'month',
  'months',
  'mes',
  'week',
  'weeks',
  'weekly',
  'monthly',
  'quarter',
  'qtr',
  'period',
  'periodo',
  'fy',
  'fiscal',
  'asof',
  // Spanish, Portuguese, French, German
  'ano',
  'anio',
  'semana',
  'trimestre',
  'hora',
  'inicio',
  'fin',
  'jour',
  'annee',
  'mois',
  'heure',
  'jahr',
  'monat',
  'tag',
  'zeit',
  'beginn',
  'ende'
])
/**
 * Event words that name a date by themselves (`termstart`, `Show`,
 * `investigation-end`, `Took office`). Not the counts agencies publish
 * (`Book-ins`, `Releases`, `Removals`, `Detained`): a workbook repeats such
 * a header over hidden rows that may hold anything.
 */
const EVENT_WORDS = new Set([
  'added',
  'updated',
  'update',
  'created',
  'modified',
  'edited',
  'revised',
  'filed',
  'filing',
  'opened',
  'open',
  'opening',
  'closed',
  'closing',
  'start',
  'started',
  'starts',
  'end',
  'ended',
  'ends',
  'begin',
  'began',
  'beginning',
  'finish',
  'finished',
  'completed',
  'term',
  'terms',
  'stint',
  'office',
  'took',
  'inaugurated',
  'inauguration',
  'appointed',
  'appointment',
  'nominated',
  'nomination',
  'elected',
  'sworn',
  'resigned',
  'resignation',
  'retired',
  'retirement',
  'debut',
  'finalgame',
  'poll',
  'polls',
  'polling',
  'election',
  'elections',
  'model',
  'flight',
  'report',
  'reported',
  'show',
  'shows',
  'episode',
  'aired',
  'premiere',
  'premiered',
  'season',
  'effective',
  'expiry',
  'expiration',
  'expires',
  'expired',
  'issued',
  'death',
  'died',
  'deceased',
  'founded',
  'established',
  'launch',
  'launched',
  'incident',
  'occurred',
  'investigation',
  'decided',
  'argued',
  'announced',
  'enacted',
  'ratified',
  'awarded',
  'discovered',
  'acquired',
  'purchased',
  'observed',
  'observation',
  'recorded',
  'measured',
  'visit',
  'since',
  'until',
  'deadline',
  'due',
  'scheduled',
  'published',
  'posted',
  'signed',
  'latest',
  'last',
  'next',
  'previous'
])
/** Date and event words also found run together with another word (`modeldate`, `OPENDATE`, `originDate`, `termstart`). */
const JOINED_STEMS = [
  'date',
  'fecha',
  'datum',
  'time',
  'start',
  'end',
  'open',
  'added',
  'updated',
  'created',
  'modified',
  'filed',
  'term',
  'poll',
  'election',
  'model',
  'flight',
  'report',
  'period',
  'week',
  'month',
  'year',
  'quarter',
  'day'
]
const PART_WORDS = new Map<string, number>([
  ['year', PART_YEAR],
  ['years', PART_YEAR],
  ['yr', PART_YEAR],
  ['yrs', PART_YEAR],
  ['yyyy', PART_YEAR],
  ['yob', PART_YEAR],
  ['month', PART_MONTH],
  ['mon', PART_MONTH],
  ['mo', PART_MONTH],
  ['mm', PART_MONTH],
  ['mes', PART_MONTH],
  ['day', PART_DAY],
  ['dd', PART_DAY],
  ['dy', PART_DAY],
  ['dia', PART_DAY],
  ['ano', PART_YEAR],
  ['anio', PART_YEAR],
  ['annee', PART_YEAR],
  ['jahr', PART_YEAR],
  ['mois', PART_MONTH],
  ['monat', PART_MONTH],
  ['jour', PART_DAY],
  ['tag', PART_DAY]
])

/**
 * The words run together before and after a stem, with the joining `of`,
 * `de` or German `s` dropped (`yearofbirth` -> `year`, ``; `birthcountry` ->
 * ``, `country`; `geburtsjahr` -> ``, `jahr`).
 */
function around(word: string, stem: string): [string, string] {
  const at = word.indexOf(stem)
  const after = word.slice(at + stem.length).replace(/^(of|de)/, '')
  return [
    word.slice(0, at).replace(/(of|de)$/, ''),
    after.startsWith('s') && !NOT_A_DATE.has(after) && !PART_WORDS.has(after) ? after.slice(1) : after
  ]
}

/**
 * Reads a header (as the engine gives it: lower case, accents dropped,
 * punctuation as spaces) once per column. Words are runs of letters;
 * camelCase is already folded, so run-together words are found by their
 * stems (`birthyear`, `dateofbirth`, `modeldate`, `termstart`).
 */
export function readHeader(header: string): HeaderHint {
  const hint: HeaderHint = { birth: false, other: false, part: 0, parts: false }
  if (header === '') return hint
  const words = header.split(/[^a-z]+/).filter((w) => w !== '')
  if (/\bd o b\b/.test(header)) {
    hint.birth = true
    hint.parts = true
  }
  let dated = /\bas of\b/.test(header)
  let notDate = false
  for (const w of words) {
    const stem = BIRTH_STEMS.find((s) => w.includes(s))
    if (BIRTH_WORDS.has(w) || stem !== undefined || joinedBirth(w)) {
      hint.birth = true
      if (w !== 'births') hint.parts = true
      if (w === 'yob') hint.part = PART_YEAR
      else if (stem !== undefined) {
        const [before, after] = around(w, stem)
        if (NOT_A_DATE.has(before) || NOT_A_DATE.has(after)) notDate = true
        if (hint.part === 0) hint.part = PART_WORDS.get(after) ?? PART_WORDS.get(before) ?? 0
      }
      continue
    }
    if (NOT_A_DATE.has(w)) notDate = true
    const part = PART_WORDS.get(w)
    if (part !== undefined && hint.part === 0) hint.part = part
    if (namesDate(w)) dated = true
  }
  // `Country of Birth`, `birthplace`: a birth word that names no date.
  if (hint.birth && notDate) return { birth: false, other: true, part: 0, parts: false }
  hint.other = !hint.birth && dated
  if (!hint.birth) hint.part = 0
  return hint
}

/** A date or event word, alone or run together (`modeldate`, `termstart`, `createdAt`, `publishedOn`). */
function namesDate(w: string): boolean {
  if (isDateWord(w) || EVENT_WORDS.has(w)) return true
  if (JOINED_STEMS.some((s) => w.length > s.length && (w.startsWith(s) || w.endsWith(s)))) return true
  return (w.endsWith('at') || w.endsWith('on')) && EVENT_WORDS.has(w.slice(0, -2))
}

/** A run-together birth word: `memberDOB`, `patientdob`; `dobDate`, `dateBorn`, `bornOn` (with a date word only: `Dobson`, `stubborn`). */
function joinedBirth(w: string): boolean {
  if (w.length > 3 && w.endsWith('dob')) return true
  return (
    (w.startsWith('dob') && isDateWord(w.slice(3))) ||
    (w.startsWith('born') && isDateWord(w.slice(4).replace(/^on$/, ''))) ||
    (w.endsWith('born') && isDateWord(w.slice(0, -4)))
  )
}

function isDateWord(w: string): boolean {
  return w === '' || DATE_WORDS.has(w)
}

// ---------------------------------------------------------------------------
// Cells

/** Scratch: the last parsed date (no allocation per cell). `a`, `b`: month and day, in written order when `ambiguous`. */
const parsed = { year: 0, a: 0, b: 0, ambiguous: false, dayFirst: false }

/**
 * Parses a full date (day precision) and leaves its year in `parsed.year`
 * and its month and day in `parsed.a`, `parsed.b` (for `M/D/Y` and `D/M/Y`
 * in written order, `parsed.ambiguous`). Accepts Y-M-D, M/D/Y, D/M/Y and
 * D.M.Y with `-`, `/`, `.`; a trailing time (`T12:00:00`, ` 00:00`) is ignored.
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
    parsed.a = g1
    parsed.b = g2
    parsed.ambiguous = false
  } else {
    if (l2 !== 4 && l2 !== 2) return false
    if (!monthDay(g0, g1) && !monthDay(g1, g0)) return false
    year = g2
    if (l2 === 2) year += year > THIS_YEAR % 100 ? 1900 : 2000
    parsed.a = g0
    parsed.b = g1
    parsed.ambiguous = true
    // `31.12.1989`, `31-12-1989` are day first; `12/31/1989` is read month first until a value says otherwise.
    parsed.dayFirst = sep !== 47
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
    'january jan enero ene',
    'february feb febrero',
    'march mar marzo',
    'april apr abril abr',
    'may mayo',
    'june jun junio',
    'july jul julio',
    'august aug agosto ago',
    'september sep sept septiembre setiembre set',
    'october oct octubre',
    'november nov noviembre',
    'december dec diciembre dic'
  ]
  names.forEach((words, m) => {
    for (const w of words.split(' ')) MONTHS.set(wordHash(w, 0, w.length), m + 1)
  })
}
const DE = wordHash('de', 0, 2)

/**
 * A date with the month as a word: day, month and year in any of the orders
 * `12-MAR-1985`, `12 Mar 1985`, `Mar 12, 1985`, `12 de marzo de 1985`.
 * Leaves the year in `parsed.year`, the month and day in `parsed.a`, `parsed.b`.
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
  parsed.a = month
  parsed.b = day
  parsed.ambiguous = false
  return true
}

/** Cheap pre-check on the character counts: could this be a full date? */
function maybeDate(s: CellShape): boolean {
  if (s.digits < 3 || s.digits > 17 || s.length > 30) return false
  if (s.letters <= 1) return s.digits >= 4 && s.dash + s.slash + s.dot >= 2
  return s.letters <= 12 && s.digits <= 6 && s.at === 0
}

/** Any full date this detector reads. */
function parseAnyDate(v: string, s: CellShape): boolean {
  return s.letters <= 1 ? parseDate(v) : parseMonthDate(v)
}

/**
 * A plain whole number of 1-4 digits (`1934`, `7`, `1934.0` as spreadsheets
 * export years), or -1. For the split parts of a birth date.
 */
function plainNumber(v: string, s: CellShape): number {
  if (s.letters !== 0 || s.dash + s.slash !== 0 || s.dot > 1 || s.digits === 0 || s.digits > 6) return -1
  const n = v.length
  let x = 0
  let len = 0
  let i = 0
  while (i < n && v.charCodeAt(i) === 32) i++
  for (; i < n; i++) {
    const c = v.charCodeAt(i)
    if (c < 48 || c > 57) break
    x = x * 10 + c - 48
    len++
  }
  if (len === 0 || len > 4) return -1
  if (i < n && v.charCodeAt(i) === 46) for (i++; i < n && v.charCodeAt(i) === 48; i++);
  while (i < n && v.charCodeAt(i) === 32) i++
  return i === n ? x : -1
}

/** Days since 0000-03-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): even steps show a series. */
function dayNumber(y: number, m: number, d: number): number {
  if (m <= 2) y--
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = (((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) | 0) + d - 1
  return era * 146097 + yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy
}

/**
 * Signs that a column of dates is a time series, in fixed memory: values
 * sorted either way (or in sorted runs, as a panel of series), evenly
 * spaced, or always on the same day of the month. Dates of birth of listed
 * people are none of these.
 */
class SeriesEvidence {
  private last = Number.NaN
  private lastGap = 0
  /** Consecutive pairs of dates: later, earlier, equal; pairs whose gap repeats the previous gap. */
  private up = 0
  private down = 0
  private same = 0
  private even = 0
  private dates = 0
  private readonly dayOfMonth = new Uint32Array(32)

  add(day: number, dom: number): void {
    this.dates++
    this.dayOfMonth[dom]!++
    const last = this.last
    this.last = day
    if (Number.isNaN(last)) return
    const gap = day - last
    if (gap > 0) this.up++
    else if (gap < 0) this.down++
    else this.same++
    if (gap !== 0 && gap === this.lastGap) this.even++
    this.lastGap = gap
  }

  /** Does the column look like a time series rather than a list of people's birth dates? */
  isSeries(): boolean {
    const pairs = this.up + this.down + this.same
    if (pairs < 4) return false
    if (this.up + this.same >= 0.85 * pairs || this.down + this.same >= 0.85 * pairs) return true
    if (this.even >= 0.5 * pairs) return true
    let top = 0
    for (let d = 1; d < 32; d++) top = Math.max(top, this.dayOfMonth[d] as number)
    return this.dates >= 10 && top >= 0.5 * this.dates
  }
}

// ---------------------------------------------------------------------------
// Columns

/** Extra facts a date-of-birth verdict carries to the table's settle step. */
interface BirthVerdict extends ColumnVerdict {
  /** PART_YEAR, PART_MONTH, PART_DAY: one part of a date split over columns; 0 a full date. */
  part: number
  /** A column with no header hint: it stands only next to a column of person names. */
  needsPerson: boolean
}

const PART_NOUN = [lit(''), lit('year'), lit('month'), lit('day')]

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
  // A date or event column (`Date`, `Book In Date`, `termstart`) is never judged to hold dates of birth.
  rulesOut: (col) => readHeader(col.header).other,
  plainCells: (col) => readHeader(col.header).parts,
  open(col) {
    const hint = readHeader(col.header)
    const hinted = hint.birth
    const maxAge = hinted ? MAX_AGE : MAX_AGE_UNHINTED
    const m = new Matches(MAX_SAMPLES)
    // Ages 0..MAX_AGE, counted per year of birth: fixed memory.
    const ages = new Uint32Array(MAX_AGE + 1)
    const series = hinted ? null : new SeriesEvidence()
    let dates = 0
    let future = 0
    let inRange = 0
    // Month/day order of `NN/NN/YYYY` dates: 0 not yet known, 1 month first, 2 day first.
    let order = 0
    // Plain numbers in a birth column (split parts): years of ages 0..MAX_AGE, values 1-31 (a bit each), others.
    let plain = 0
    let plainHits = 0
    let plainYears = 0
    let yearsInRange = 0
    // Years of birth seen among plain numbers, by age (apart from full dates).
    const plainAges = hint.parts ? new Uint8Array(MAX_AGE + 1) : null
    let small = 0
    let smallSeen = 0
    let smallMax = 0
    return {
      minDigits: hint.parts ? 1 : 4,
      cell(v, s, pos) {
        if (!maybeDate(s) || !parseAnyDate(v, s)) {
          if (!hint.parts) return false
          const x = plainNumber(v, s)
          if (x < 0) return false
          plain++
          const age = THIS_YEAR - x
          if (x >= 1000 && age >= 0) {
            // A year: counted when of an age 0..MAX_AGE (older years are still years, as in a full date).
            plainYears++
            if (age > MAX_AGE) return false
            plainAges![age] = 1
            yearsInRange++
          } else if (x >= 1 && x <= 31) {
            small++
            smallSeen |= 1 << x
            if (x > smallMax) smallMax = x
          } else return false
          plainHits++
          m.add(pos)
          return true
        }
        dates++
        const year = parsed.year
        if (series !== null) {
          let month = parsed.a
          let day = parsed.b
          if (parsed.ambiguous) {
            if (order === 0) order = month > 12 ? 2 : day > 12 ? 1 : 0
            if (order === 2 || (order === 0 && parsed.dayFirst) || month > 12) {
              month = parsed.b
              day = parsed.a
            }
          }
          series.add(dayNumber(year, month, day), day)
        }
        const age = THIS_YEAR - year
        if (age < 0) {
          future++
          return false
        }
        if (age > maxAge) return false
        ages[age]!++
        inRange++
        m.add(pos)
        return true
      },
      close(stats) {
        const n = stats.nonEmpty
        if (m.count === 0) return null
        if (hinted && plain > dates) return splitPart(n)
        if (inRange === 0) return null
        let years = 0
        let minAge = -1
        let maxSeen = 0
        let median = -1
        let seen = 0
        for (let a = 0; a <= maxAge; a++) {
          const k = ages[a] as number
          if (k === 0) continue
          years++
          if (minAge === -1) minAge = a
          maxSeen = a
          seen += k
          if (median === -1 && seen * 2 >= inRange) median = a
        }
        const parsedShare = dates / n
        if (hinted) {
          if (parsedShare < 0.6 || inRange < 0.5 * dates || future > 0.1 * dates || years < Math.min(3, inRange)) return null
        } else {
          if (n < 5 || parsedShare < 0.8 || inRange < 0.95 * dates) return null
          if (years < Math.min(10, Math.max(3, Math.ceil(inRange / 3)))) return null
          if (inRange >= 10 && maxSeen - minAge < 10) return null
          if (median < 18) return null
          // Many distinct days (for its size: a long list shares birthdays, at most 366 a year) and
          // no sign of a series: a list of people's birth dates is in no date order.
          if (inRange >= 20 && stats.distinct < 0.2 * Math.min(inRange, 366 * years)) return null
          if (series !== null && series.isSeries()) return null
        }
        const verdict: BirthVerdict = {
          scope: 'column',
          count: inRange,
          positions: m.positions,
          confidence: Math.min(0.99, (hinted ? 0.6 : 0.45) + parsedShare / 2.5),
          why: hinted
            ? safe`header speaks of birth and ${inRange} of ${n} values are dates with ages 0-${MAX_AGE}`
            : safe`${inRange} of ${n} values are dates with ages 0-${MAX_AGE_UNHINTED} over ${years} distinct years, median age adult, in no date order, next to a column of names`,
          part: 0,
          needsPerson: !hinted
        }
        return verdict
      }
    }

    /** A birth column of plain numbers: the year, month or day of a birth date split over columns (decided in settle). */
    function splitPart(n: number): BirthVerdict | null {
      if (plain < 0.6 * n) return null
      let part = 0
      let distinct = 0
      for (let x = smallSeen; x !== 0; x &= x - 1) distinct++
      if (plainYears >= 0.9 * plain) {
        let years = 0
        for (const k of plainAges!) years += k
        if (yearsInRange >= 0.5 * plainYears && years >= Math.min(3, yearsInRange)) part = PART_YEAR
      } else if (small >= 0.9 * plain && distinct >= Math.min(3, small)) {
        if (smallMax <= 12 && hint.part !== PART_DAY) part = PART_MONTH
        else if (hint.part !== PART_YEAR && hint.part !== PART_MONTH) part = PART_DAY
      }
      if (part === 0) return null
      return {
        scope: 'column',
        count: plainHits,
        positions: m.positions,
        confidence: 0.8,
        why: safe`header speaks of birth and ${plainHits} of ${n} values are the ${PART_NOUN[part] ?? lit('')} of a birth date split over year, month and day columns`,
        // Reported only beside the other parts (see settle); alone it still makes person records.
        silent: true,
        part,
        needsPerson: false
      }
    }
  },
  settle(verdicts, table) {
    const parts = new Set<number>()
    for (const v of verdicts) if ((v as BirthVerdict).part) parts.add((v as BirthVerdict).part)
    // A year and a month of birth side by side are one birth date; a birth year alone is no
    // date of birth (it still makes a person record next to a name).
    const whole = parts.has(PART_YEAR) && parts.has(PART_MONTH)
    return verdicts.map((v) => {
      const b = v as BirthVerdict
      if (b.needsPerson && !table.persons) return null
      if (b.part !== 0 && whole) return { ...b, silent: false }
      return v
    })
  }
}
