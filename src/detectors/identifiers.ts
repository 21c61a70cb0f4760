// Identifiers and contact details: strong on their own, so any cell that
// holds one is a finding, also inside free text (one A-number in a notes
// column of 100,000 clean rows is found: no sampling). A header hint lets
// bare digits count (`123456789` under "SSN" or "A-Number"). Every detector
// looks at the cell's character counts first and runs its pattern only when
// they allow one.

import { lit, MAX_SAMPLES, safe, type PiiKind, type SafeText } from '../findings.js'
import type { DetectorId } from '../policy/types.js'
import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js/core'
import metadata from 'libphonenumber-js/max/metadata'
import { parseDate } from './date-of-birth.js'
import { headerHas, Matches } from './shape.js'
import type { CellShape, ColumnContext, ColumnScanner, Detector } from './types.js'

interface PatternSpec {
  id: DetectorId
  kind: PiiKind
  noun: SafeText
  /** Cheap test on the character counts; false skips the regex. */
  pre(s: CellShape): boolean
  /** Does the text contain one (anywhere)? */
  find(v: string): boolean
  /** A regex-free yes for the most common exact form (e.g. `A123456789`); false means: ask `find`. */
  fast?(v: string, s: CellShape): boolean
  /** Header words that make bare values count. */
  header?: RegExp
  /** A bare value under a matching header. */
  bare?(v: string, s: CellShape): boolean
  /** Fewest digits a match has (with and without the header hint); email: none needed, `@` is. */
  minDigits: (hinted: boolean) => number
  /** Called for every cell with an `@` (email). */
  atCells?: boolean
}

export function patternDetector(spec: PatternSpec): Detector {
  return {
    id: spec.id,
    kind: spec.kind,
    cells: 'digits',
    noun: spec.noun,
    test: (v) => spec.find(v),
    open(col: ColumnContext) {
      const hinted = spec.header !== undefined && spec.bare !== undefined && headerHas(col.header, spec.header)
      const m = new Matches(MAX_SAMPLES)
      const { pre, fast, find, bare } = spec
      // The same test as `(pre && (fast || find)) || (hinted && bare)`, one
      // closure per case so that the hot path calls no optional member.
      const cell: ColumnScanner['cell'] =
        hinted && bare !== undefined
          ? (v, s, pos) => {
              const hit = (pre(s) && (fast?.(v, s) === true || find(v))) || bare(v, s)
              if (hit) m.add(pos)
              return hit
            }
          : fast !== undefined
            ? (v, s, pos) => {
                if (!pre(s) || !(fast(v, s) || find(v))) return false
                m.add(pos)
                return true
              }
            : (v, s, pos) => {
                if (!pre(s) || !find(v)) return false
                m.add(pos)
                return true
              }
      return {
        minDigits: spec.minDigits(hinted),
        atCells: spec.atCells === true,
        cell,
        close(stats) {
          if (m.count === 0) return null
          const share = m.count / Math.max(1, stats.nonEmpty)
          // A lone match (an ID in a notes cell) is about that cell, not the column.
          return share >= 0.5 && m.count >= 3
            ? { scope: 'column', count: m.count, positions: m.positions, confidence: 0.95, why: safe`${m.count} of ${stats.nonEmpty} cells hold ${spec.noun}` }
            : { scope: 'cells', count: m.count, positions: m.positions, confidence: 0.9, why: safe`${m.count} cells hold ${spec.noun}` }
        }
      }
    }
  }
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/

export const email = patternDetector({
  id: 'email',
  kind: 'pii/email',
  noun: lit('email addresses'),
  pre: (s) => s.at > 0 && s.dot > 0,
  minDigits: () => Number.MAX_SAFE_INTEGER,
  atCells: true,
  find: (v) => EMAIL.test(v)
})

// SSN: 3-2-4 digits. Never issued: area 000, 666, 900-999 (900+ is ITIN
// territory), group 00, serial 0000.
const SSN_SEPARATED = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g
const NINE_DIGITS = /^\s*(\d{3})[- ]?(\d{2})[- ]?(\d{4})\s*$/

export function validSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area)
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000'
}

// ITIN: 9XX-GG-XXXX with group 50-65, 70-88, 90-92 or 94-99.
export function validItin(area: string, group: string): boolean {
  const g = Number(group)
  return area[0] === '9' && ((g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94)
}

function findSeparated(v: string, ok: (a: string, g: string, s: string) => boolean): boolean {
  SSN_SEPARATED.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = SSN_SEPARATED.exec(v)) !== null) {
    if (ok(m[1] as string, m[3] as string, m[4] as string)) return true
  }
  return false
}

function bareNine(v: string, ok: (a: string, g: string, s: string) => boolean): boolean {
  const m = NINE_DIGITS.exec(v)
  return m !== null && ok(m[1] as string, m[2] as string, m[3] as string)
}

export const ssn = patternDetector({
  id: 'ssn',
  kind: 'pii/ssn',
  noun: lit('US social security numbers'),
  pre: (s) => s.digits >= 9 && (s.dash >= 2 || s.spaces >= 2),
  minDigits: () => 9,
  find: (v) => findSeparated(v, validSsn),
  header: /\b(ssn|ss no|ss#|social security|social sec|seguro social|numero de seguro social)\b/,
  bare: (v, s) => s.digits === 9 && bareNine(v, validSsn)
})

export const itin = patternDetector({
  id: 'itin',
  kind: 'pii/itin',
  noun: lit('ITINs (taxpayer identification numbers)'),
  pre: (s) => s.digits >= 9 && (s.dash >= 2 || s.spaces >= 2),
  minDigits: () => 9,
  find: (v) => findSeparated(v, (a, g) => validItin(a, g)),
  header: /\b(itin|taxpayer id|tax id|tin)\b/,
  bare: (v, s) => s.digits === 9 && bareNine(v, (a, g) => validItin(a, g))
})

// A-number: `A`, `A#`, `A-`, `A-Number:`, `USCIS #` then 7-9 digits, with or
// without separators (`A123-456-789`, `A 123456789`).
const A_NUMBER =
  /(?:^|[^A-Za-z0-9])(?:A|USCIS)\s*(?:[-#]|-?\s*(?:number|num|nbr|no)\.?\s*[:#]?)?\s*#?\s*\d(?:[- ]?\d){6,8}(?![\d])/i
const A_NUMBER_PREFIX = /(?:^|[^A-Za-z0-9])(?:A|USCIS)/i
const BARE_A = /^\s*A?\s*[-#]?\s*\d(?:[- ]?\d){6,8}\s*$/i

export const aNumber = patternDetector({
  id: 'a-number',
  kind: 'pii/a-number',
  noun: lit('alien registration numbers (A-numbers)'),
  pre: (s) => s.digits >= 7 && s.letters > 0,
  minDigits: () => 7,
  // `A123456789`: an upper-case A and 7-9 digits, nothing else.
  fast: (v, s) => s.letters === 1 && s.length === s.digits + 1 && s.digits <= 9 && v.charCodeAt(0) === 65,
  find: (v) => A_NUMBER_PREFIX.test(v) && matchesANumber(v),
  header: /\b(a ?number|a ?num|a ?nbr|a ?no|a#|alien|alien number|alien registration|uscis|anumber|numero a|numero de extranjero|no de extranjero)\b/,
  bare: (v, s) => s.digits >= 7 && s.digits <= 9 && BARE_A.test(v)
})

function matchesANumber(v: string): boolean {
  const m = A_NUMBER.exec(v)
  if (!m) return false
  // The prefix must be an uppercase A or USCIS: a lowercase `a 1234567` is prose.
  const start = m[0].search(/[A-Za-z]/)
  const c = m[0].charCodeAt(start)
  return c === 65 || c === 85 || c === 117
}

// Phone numbers: libphonenumber-js (full metadata) decides; US is the
// default region. Pre-check: 10-15 digits (more in free text) with phone
// punctuation (`+`, `(`, `-`, space, `.`); bare digit strings count only under
// a phone header (a 10-digit number is as likely a count or an ID).
const PHONE_HEADER = /\b(phone|phones|telephone|tel|telefono|celular|movil|mobile|cell|cellphone|fax|contact number|numero de contacto|whatsapp)\b/
const THOUSANDS = /^\s*\d{1,3}(?:([., ])\d{3})(?:\1\d{3})+\s*$/

/** A plain number (`50165.43836`, `-2025550143`): a measurement or a count, never a phone number by itself. */
const PLAIN_NUMBER = /^\s*-?\d+(?:[.,]\d+)?\s*$/

export function findPhone(v: string): boolean {
  if (THOUSANDS.test(v) || PLAIN_NUMBER.test(v) || (v.length <= 30 && parseDate(v))) return false
  for (const m of findPhoneNumbersInText(v, 'US', metadata)) {
    // Inside free text too, a match written as a plain decimal is a number.
    if (!PLAIN_NUMBER.test(v.slice(m.startsAt, m.endsAt))) return true
  }
  // `+1 555 010 0199`: a number written with its country code is a phone
  // number even when its range is fictional or not yet allocated.
  const t = v.trim()
  return t.charCodeAt(0) === 43 && t.length <= 24 && parsePhoneNumberFromString(t, metadata)?.isPossible() === true
}

export const phone = patternDetector({
  id: 'phone',
  kind: 'pii/phone',
  noun: lit('phone numbers'),
  pre: (s) =>
    s.digits >= 10 &&
    (s.length <= 24 ? s.digits <= 15 && s.letters === 0 : true) &&
    s.plus + s.paren + s.dash + s.spaces + s.dot > 0,
  minDigits: (hinted) => (hinted ? 7 : 10),
  find: findPhone,
  header: PHONE_HEADER,
  bare: (v, s) =>
    s.digits >= 7 && s.digits <= 15 && s.letters <= 3 && s.dot + s.comma === 0 && !THOUSANDS.test(v) && parsePhoneNumberFromString(v, 'US', metadata)?.isPossible() === true
})

export const identifierDetectors = [aNumber, ssn, itin, email, phone]

