// Person attributes: age, sex or gender, street address, social-media
// handle. None identifies anyone alone (a column of ages is a statistic), so
// none is a detector of its own with a finding and a policy level: each only
// makes a row with a name a record about a person (`pii/person-record`).
// A column is looked at when its header names the attribute (or, for
// handles, when its cells start with `@`); its values must then agree.

import type { CellShape } from './types.js'

export type AttributeKind = 'age' | 'sex' | 'address' | 'handle'

export interface AttributeScanner {
  readonly kind: AttributeKind
  /** One non-blank cell (every cell, plain numbers too); true when it holds the attribute. */
  cell(v: string, s: CellShape): boolean
  /** Is the column this attribute? `nonEmpty`: the column's non-blank cells. */
  close(nonEmpty: number): boolean
}

const AGE_HEADER = /\b(age|ages|edad|aged|years old)\b/
/** An age header that is a statistic or a band, not one person's age. */
const NOT_AGE_HEADER =
  /\b(group|groups|range|ranges|band|bands|bracket|category|cohort|median|mean|average|avg|min|max|minimum|maximum|class|structure|limit|pension|retirement|percent|pct|share|rate|ratio|grade|dependency|adjusted|standardi[sz]ed)\b/
const SEX_HEADER = /\b(sex|gender|genero|sexo)\b/
const NOT_SEX_HEADER = /\b(ratio|ratios|gap|share|percent|pct|rate|offender|offenders|crime|crimes|education|same)\b/
const ADDRESS_HEADER =
  /\b(address|addresses|streetaddress|homeaddress|mailingaddress|residence|residential|addr|direccion|domicilio|street)\b/
const NOT_ADDRESS_HEADER = /\b(email|e mail|ip|web|url|mac|website|internet|server|memory|wallet|contract|hex)\b/
const HANDLE_HEADER =
  /\b(screen name|screenname|handle|handles|twitter|twitter handle|instagram|tiktok|username|user name|usernames|mastodon|bluesky|telegram|social media)\b/

const SEX_VALUES = new Set(
  'm f male female males females man woman men women h mujer hombre masculino femenino x nonbinary non binary other unknown intersex trans transgender'.split(
    ' '
  )
)
const STREET_WORD =
  /\b(st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|ter|terrace|pkwy|parkway|hwy|highway|cir|circle|sq|square|calle|avenida|carrera|rue|strasse|straße|apt|apartment|unit|suite|po box)\b\.?/i
const HOUSE_NUMBER = /^\s*\d{1,6}[A-Za-z]?(?:-\d{1,5})?\s+[A-Za-z\u00c0-\u024f]/
const HANDLE = /^\s*@?[\p{L}\p{N}_.]{2,30}\s*$/u
const AT_HANDLE = /^\s*@[\p{L}\p{N}_.]{1,30}\s*$/u

function ageOf(v: string, s: CellShape): number {
  if (s.letters > 0 || s.digits === 0 || s.digits > 6 || s.length > 8) return -1
  const x = Number(v)
  return Number.isFinite(x) && x >= 0 && x <= 120 ? x : -1
}

/** The scanner for a column with this (normalised) header, or null. */
export function openAttribute(header: string): AttributeScanner | null {
  if (header === '') return null
  if (AGE_HEADER.test(header) && !NOT_AGE_HEADER.test(header)) return ageScanner()
  if (SEX_HEADER.test(header) && !NOT_SEX_HEADER.test(header)) return setScanner('sex', SEX_VALUES)
  if (ADDRESS_HEADER.test(header) && !NOT_ADDRESS_HEADER.test(header)) return addressScanner()
  if (HANDLE_HEADER.test(header)) return handleScanner(HANDLE, 0.7, 0)
  return null
}

/** For a column with no attribute header whose cell starts with `@`: a handle column, counted from here (`before` cells already seen). */
export function openHandleByValue(before: number): AttributeScanner {
  return handleScanner(AT_HANDLE, 0.8, before)
}

function ageScanner(): AttributeScanner {
  let hits = 0
  // Which whole ages were seen (0-127): a column of one repeated number is no list of ages.
  const seen = new Uint32Array(4)
  return {
    kind: 'age',
    cell(v, s) {
      const a = ageOf(v, s)
      if (a < 0) return false
      hits++
      const k = Math.floor(a)
      seen[k >> 5] = (seen[k >> 5] as number) | (1 << (k & 31))
      return true
    },
    close(nonEmpty) {
      let distinct = 0
      for (const w of seen) for (let x = w; x !== 0; x &= x - 1) distinct++
      return nonEmpty >= 5 && hits / nonEmpty >= 0.8 && distinct >= Math.min(5, Math.ceil(nonEmpty / 4))
    }
  }
}

function setScanner(kind: AttributeKind, values: ReadonlySet<string>): AttributeScanner {
  let hits = 0
  return {
    kind,
    cell(v, s) {
      if (s.digits > 0 || s.length > 20) return false
      const hit = values.has(v.trim().toLowerCase().replace(/[-_.]/g, ' ').replace(/\s+/g, ' '))
      if (hit) hits++
      return hit
    },
    close: (nonEmpty) => nonEmpty >= 5 && hits / nonEmpty >= 0.8
  }
}

function addressScanner(): AttributeScanner {
  let hits = 0
  return {
    kind: 'address',
    cell(v, s) {
      if (s.letters < 3 || s.length > 200) return false
      const hit = (s.digits > 0 && HOUSE_NUMBER.test(v)) || STREET_WORD.test(v)
      if (hit) hits++
      return hit
    },
    close: (nonEmpty) => nonEmpty >= 5 && hits / nonEmpty >= 0.5
  }
}

function handleScanner(re: RegExp, share: number, before: number): AttributeScanner {
  let hits = 0
  return {
    kind: 'handle',
    cell(v, s) {
      if (s.length > 32 || s.letters === 0 || s.spaces > 2) return false
      const hit = re.test(v)
      if (hit) hits++
      return hit
    },
    close: (nonEmpty) => nonEmpty - before >= 5 && hits / (nonEmpty - before) >= share
  }
}
