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
import { HashSet32 } from './hashtable.js'
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
  /**
   * Header words naming another identifier (`Invoice ID`): under them a cell
   * that is exactly this shape (`whole`) is that identifier, not this one.
   * Free text under the same header is still searched.
   */
  otherHeader?: RegExp
  whole?(v: string): boolean
  /** Fewest digits a match has (with and without the header hint); email: none needed, `@` is. */
  minDigits: (hinted: boolean) => number
  /** Called for every cell with an `@` (email). */
  atCells?: boolean
}

function patternDetector(spec: PatternSpec): Detector {
  return {
    id: spec.id,
    kind: spec.kind,
    cells: 'digits',
    noun: spec.noun,
    test: (v) => spec.find(v),
    open(col: ColumnContext) {
      const hinted = spec.header !== undefined && spec.bare !== undefined && headerHas(col.header, spec.header)
      const m = new Matches(MAX_SAMPLES)
      const { pre, fast, bare, whole } = spec
      const other = !hinted && spec.otherHeader !== undefined && whole !== undefined && headerHas(col.header, spec.otherHeader)
      const find = other ? (v: string) => !(whole as (v: string) => boolean)(v) && spec.find(v) : spec.find
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
            ? {
                scope: 'column',
                count: m.count,
                positions: m.positions,
                confidence: 0.95,
                why: safe`${m.count} of ${stats.nonEmpty} cells hold ${spec.noun}`
              }
            : { scope: 'cells', count: m.count, positions: m.positions, confidence: 0.9, why: safe`${m.count} cells hold ${spec.noun}` }
        }
      }
    }
  }
}

/** What an address is: none found, a personal one, one at a reserved or placeholder domain, a role mailbox or placeholder name. */
export const enum EmailClass {
  None = 0,
  Personal = 1,
  /** At a reserved domain (RFC 2606/6761) or a placeholder one (`domain.com`): counts only as part of a column of addresses. */
  Reserved = 2,
  /** A role mailbox (`info@`, `press@`) or a placeholder name (`name@`, `your.name@`): never personal. */
  Role = 3
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
/** `[A-Za-z0-9._%+-]`: a character of an address's local part. */
const isLocal = (c: number): boolean => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45

/**
 * An address's domain, matched only where it starts (right after an `@`):
 * labels of letters, digits and inner hyphens, then a top-level domain
 * starting with two letters. Sticky and anchored, it never retries from
 * other positions, so its work is linear in the text after the `@` up to
 * the next character no domain holds (a next `@` included).
 */
const DOMAIN = /[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/y
const WHOLE_EMAIL =
  /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/

/**
 * Every email address in `v`, in linear time: from each `@`, the local part
 * is read leftwards (`[A-Za-z0-9._%+-]`, never past the previous `@`) and the
 * domain matched rightwards from that position only. (The old unanchored
 * pattern retried the local part from every start: a 400 KB cell of
 * `a.a.a.…@` took 78 s.) Calls `found` with the local part's and the
 * domain's bounds; stops when it returns true.
 */
export function scanEmails(v: string, found: (l0: number, l1: number, d0: number, d1: number) => boolean): boolean {
  // The common cell, one address and nothing else: one anchored match
  // (anchored, it is tried from the start only: linear too).
  if (WHOLE_EMAIL.test(v)) {
    const at = v.indexOf('@')
    return found(0, at, at + 1, v.length)
  }
  let from = 0
  for (let at = v.indexOf('@'); at !== -1; at = v.indexOf('@', at + 1)) {
    const prev = from
    from = at + 1
    if (at === prev || !isLocal(v.charCodeAt(at - 1))) continue
    DOMAIN.lastIndex = at + 1
    if (!DOMAIN.test(v)) continue
    let l0 = at - 1
    while (l0 > prev && isLocal(v.charCodeAt(l0 - 1))) l0--
    if (found(l0, at, at + 1, DOMAIN.lastIndex)) return true
  }
  return false
}

/** FNV-1a hash of v[a, b) lower-cased (ASCII): word look-ups without a substring. */
function lowerHash(v: string, a: number, b: number): number {
  let h = 0x811c9dc5
  for (let i = a; i < b; i++) {
    const c = v.charCodeAt(i)
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193)
  }
  return h
}
function hashes(words: string): HashSet32 {
  const set = new HashSet32()
  for (const w of words.split(' ')) set.add(lowerHash(w, 0, w.length))
  return set
}

/** Role mailboxes and placeholder names: every part of the local part (split at `.`, `_`, `-`, `+`) is one of these. */
const ROLE_WORDS =
  'info information press media contact contacts contactus hello office noreply no reply donotreply do not webmaster admin ' +
  'administrator support help helpdesk service services customerservice customer care sales marketing team jobs careers ' +
  'hr billing accounts accounting feedback news newsletter newsroom communications comms pr publicaffairs public affairs ' +
  'postmaster hostmaster abuse security privacy legal editor editors tips mail inbox reception general enquiries ' +
  'inquiries enquiry inquiry foia records clerk webteam web desk us hq main ' +
  // placeholder names
  'name yourname your my email youremail myemail user username you someone somebody first last firstname lastname ' +
  'fname lname john jane doe example test sample xxx xxxx'
const ROLE_PARTS = hashes(ROLE_WORDS)
/** A local part that starts with a role word (then a separator or the `@`). */
const ROLE_START = new RegExp(`(?:${[...new Set(ROLE_WORDS.split(' '))].sort((a, b) => b.length - a.length).join('|')})(?=[._+@-])`, 'iy')
/** Bit (first letter, length) of every role word: most parts are ruled out by this before any hash. */
const ROLE_SHAPES = new Uint32Array(26)
for (const w of ROLE_WORDS.split(' '))
  ROLE_SHAPES[w.charCodeAt(0) - 97] = (ROLE_SHAPES[w.charCodeAt(0) - 97] as number) | (1 << Math.min(w.length, 31))
const mayBeRole = (v: string, a: number, b: number): boolean => {
  const c = v.charCodeAt(a) | 0x20
  return c >= 97 && c <= 122 && ((ROLE_SHAPES[c - 97] as number) & (1 << Math.min(b - a, 31))) !== 0
}
/** Placeholder domains (second-level labels) beside the reserved ones. */
const PLACEHOLDER_DOMAINS = hashes(
  'domain yourdomain mydomain email youremail yourcompany company companyname yoursite website yourwebsite sample test foo bar host'
)
/** Reserved top-level domains (RFC 2606, RFC 6761), and `local`. */
const RESERVED_TLDS = hashes('test invalid localhost example local')
const EXAMPLE = lowerHash('example', 0, 7)

const isLocalSeparator = (c: number): boolean => c === 46 || c === 95 || c === 45 || c === 43

/**
 * Per column: the last domain classified. A column of addresses mostly
 * repeats a few domains; an address that ends with the same domain as the
 * last one is answered by one native comparison.
 */
export class DomainMemo {
  private last = ''
  private lastReserved = false
  reserved(v: string, d0: number, d1: number): boolean {
    const n = d1 - d0
    if (d1 === v.length && n === this.last.length && n > 0 && v.endsWith(this.last)) return this.lastReserved
    const r = reservedDomain(v, d0, d1)
    if (d1 === v.length && n <= 64) {
      this.last = v.slice(d0, d1)
      this.lastReserved = r
    }
    return r
  }
}

/** Is v[d0, d1) a reserved domain or a placeholder one? */
function reservedDomain(v: string, d0: number, d1: number): boolean {
  // Labels from the right: the top-level domain, the one under it, and any `example`.
  let end = d1
  let label = 0
  for (let i = d1 - 1; i >= d0 - 1; i--) {
    if (i >= d0 && v.charCodeAt(i) !== 46) continue
    const h = lowerHash(v, i + 1, end)
    if (label === 0 && RESERVED_TLDS.has(h)) return true
    // `domain.com`, `yourcompany.org`: the label just under the top-level domain.
    if (label === 1 && PLACEHOLDER_DOMAINS.has(h)) return true
    if (h === EXAMPLE) return true
    label++
    end = i
  }
  return false
}

/** What the address v[l0, l1) @ v[d0, d1) is (no allocation). */
function classifyEmail(v: string, l0: number, l1: number, d0: number, d1: number, memo?: DomainMemo): EmailClass {
  // Most addresses start with no role word: one native match says so.
  ROLE_START.lastIndex = l0
  if (!ROLE_START.test(v)) return (memo ? memo.reserved(v, d0, d1) : reservedDomain(v, d0, d1)) ? EmailClass.Reserved : EmailClass.Personal
  for (let i = l0; i < l1; ) {
    while (i < l1 && isLocalSeparator(v.charCodeAt(i))) i++
    const a = i
    while (i < l1 && !isLocalSeparator(v.charCodeAt(i))) i++
    // A part that is no role or placeholder word: a person's address, unless the domain is reserved.
    if (i > a && !(mayBeRole(v, a, i) && ROLE_PARTS.has(lowerHash(v, a, i)))) {
      return (memo ? memo.reserved(v, d0, d1) : reservedDomain(v, d0, d1)) ? EmailClass.Reserved : EmailClass.Personal
    }
  }
  return EmailClass.Role
}

/** The most personal address in the cell: Personal before Reserved before Role; None when there is none. */
export function emailClass(v: string, memo?: DomainMemo): EmailClass {
  // The common cell, one address and nothing else (no closure, no scan).
  if (WHOLE_EMAIL.test(v)) {
    const at = v.indexOf('@')
    return classifyEmail(v, 0, at, at + 1, v.length, memo)
  }
  let best = EmailClass.None
  scanEmails(v, (l0, l1, d0, d1) => {
    const c = classifyEmail(v, l0, l1, d0, d1, memo)
    if (best === EmailClass.None || c < best) best = c
    return best === EmailClass.Personal
  })
  return best
}

const anyEmail = (): boolean => true

/**
 * Email addresses. Role mailboxes and placeholder names never count; an
 * address at a reserved or placeholder domain counts only where addresses
 * make the column (a list of contacts, even made-up ones), never as a lone
 * cell (`name@domain.com` in a template row).
 */
export const email: Detector = {
  id: 'email',
  kind: 'pii/email',
  cells: 'digits',
  noun: lit('email addresses'),
  test: (v) => scanEmails(v, anyEmail),
  open() {
    const personal = new Matches(MAX_SAMPLES)
    const reserved = new Matches(MAX_SAMPLES)
    const domains = new DomainMemo()
    const noun = lit('email addresses')
    return {
      minDigits: Number.MAX_SAFE_INTEGER,
      atCells: true,
      cell(v, s, pos) {
        if (s.at === 0 || s.dot === 0) return false
        const c = emailClass(v, domains)
        if (c === EmailClass.Personal) personal.add(pos)
        else if (c === EmailClass.Reserved) reserved.add(pos)
        else return false
        return true
      },
      close(stats) {
        const all = personal.count + reserved.count
        if (all >= 3 && all / Math.max(1, stats.nonEmpty) >= 0.5) {
          const positions = [...personal.positions, ...reserved.positions].sort((a, b) => a - b).slice(0, MAX_SAMPLES)
          return { scope: 'column', count: all, positions, confidence: 0.95, why: safe`${all} of ${stats.nonEmpty} cells hold ${noun}` }
        }
        if (personal.count === 0) return null
        return {
          scope: 'cells',
          count: personal.count,
          positions: personal.positions,
          confidence: 0.9,
          why: safe`${personal.count} cells hold ${noun}`
        }
      }
    }
  }
}

/** Characters that end a link token: white space, quotes, brackets, `,` `;` `|`. */
const isTokenEnd = (c: number): boolean =>
  c <= 32 ||
  c === 34 ||
  c === 39 ||
  c === 60 ||
  c === 62 ||
  c === 40 ||
  c === 41 ||
  c === 91 ||
  c === 93 ||
  c === 123 ||
  c === 125 ||
  c === 44 ||
  c === 59 ||
  c === 124

/**
 * Is v[a, b) a URL or a file path? `scheme://...`, `www.`..., or a token with
 * a letter and two path separators (`docs/2019-10/report.pdf`), or one
 * separator and a file extension (`scans/2025550143.pdf`). A date
 * (`12/31/1989`) has no letter; `Tel/Fax` has one separator and no extension.
 */
function isLink(v: string, a: number, b: number): boolean {
  const t = v.slice(a, b)
  if (t.includes('://') || /^www\./i.test(t)) return true
  let seps = 0
  let letters = 0
  for (let i = a; i < b; i++) {
    const c = v.charCodeAt(i)
    if (c === 47 || c === 92) seps++
    else if (isAlpha(c)) letters++
  }
  return letters > 0 && (seps >= 2 || (seps === 1 && /\.[A-Za-z][A-Za-z0-9]{1,4}$/.test(t)))
}

/**
 * The value with every URL and file path blanked (same length, so positions
 * hold): digits inside a link are never a phone number, an SSN or an A-number.
 * Returns `v` itself when it holds no `/` or `\\`.
 */
function withoutLinks(v: string): string {
  if (v.indexOf('/') === -1 && v.indexOf('\\') === -1) return v
  let out = ''
  let last = 0
  const n = v.length
  for (let i = 0; i < n; ) {
    while (i < n && isTokenEnd(v.charCodeAt(i))) i++
    const a = i
    while (i < n && !isTokenEnd(v.charCodeAt(i))) i++
    if (i > a && isLink(v, a, i)) {
      out += v.slice(last, a) + ' '.repeat(i - a)
      last = i
    }
  }
  return last === 0 ? v : out + v.slice(last)
}

/** Header words naming an identifier that is not an SSN (`Invoice ID`, `Order number`, `Case no`). */
const OTHER_ID_HEADER =
  /\b(invoice|order|case|ticket|sku|id|ids|ref|reference|number|no|num|nbr|code|account|acct|transaction|txn|receipt|serial|tracking|confirmation|booking|reservation|claim|policy|item|product|part|batch|lot|record|docket|permit|license|licence|registration|voucher|po|isbn|issn|phone|fax|zip|postal)\b/

// SSN: 3-2-4 digits. Never issued: area 000, 666, 900-999 (900+ is ITIN
// territory), group 00, serial 0000.
const SSN_SEPARATED = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g
/** A cell that is one 3-2-4 number and nothing else. */
const SEPARATED_WHOLE = /^\s*\d{3}([- ])\d{2}\1\d{4}\s*$/
const NINE_DIGITS = /^\s*(\d{3})[- ]?(\d{2})[- ]?(\d{4})\s*$/

function validSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area)
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000'
}

// ITIN: 9XX-GG-XXXX with group 50-65, 70-88, 90-92 or 94-99.
function validItin(area: string, group: string): boolean {
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
  find: (v) => findSeparated(withoutLinks(v), validSsn),
  header: /\b(ssn|ss no|ss#|social security|social sec|seguro social|numero de seguro social)\b/,
  bare: (v, s) => s.digits === 9 && bareNine(v, validSsn),
  otherHeader: OTHER_ID_HEADER,
  whole: (v) => SEPARATED_WHOLE.test(v)
})

export const itin = patternDetector({
  id: 'itin',
  kind: 'pii/itin',
  noun: lit('ITINs (taxpayer identification numbers)'),
  pre: (s) => s.digits >= 9 && (s.dash >= 2 || s.spaces >= 2),
  minDigits: () => 9,
  find: (v) => findSeparated(withoutLinks(v), (a, g) => validItin(a, g)),
  header: /\b(itin|taxpayer id|tax id|tin)\b/,
  bare: (v, s) => s.digits === 9 && bareNine(v, (a, g) => validItin(a, g)),
  otherHeader: OTHER_ID_HEADER,
  whole: (v) => SEPARATED_WHOLE.test(v)
})

// A-number: `A`, `A#`, `A-`, `A-Number:`, `USCIS #` then 7-9 digits, with or
// without separators (`A123-456-789`, `A 123456789`).
const A_NUMBER = /(?:^|[^A-Za-z0-9])(?:A|USCIS)\s*(?:[-#]|-?\s*(?:number|num|nbr|no)\.?\s*[:#]?)?\s*#?\s*\d(?:[- ]?\d){6,8}(?![\d])/i
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
  find: (v) => A_NUMBER_PREFIX.test(v) && matchesANumber(withoutLinks(v)),
  header:
    /\b(a ?number|a ?num|a ?nbr|a ?no|a#|alien|alien number|alien registration|uscis|anumber|numero a|numero de extranjero|no de extranjero)\b/,
  bare: (v, s) => s.digits >= 7 && s.digits <= 9 && BARE_A.test(v) && aGroups(v)
})

/**
 * The digits of an A-number, when written with separators, group as
 * `123-456-789` or `12-345-678`: the last two groups of three. A case number
 * (`A-2007-11-017`) or a date-like grouping is not one.
 */
function aGroups(m: string): boolean {
  const groups = m.match(/\d+/g)
  if (groups === null || groups.length === 1) return true
  for (let i = 1; i < groups.length; i++) if ((groups[i] as string).length !== 3) return false
  return (groups[0] as string).length <= 3
}

function matchesANumber(v: string): boolean {
  const m = A_NUMBER.exec(v)
  if (!m || !aGroups(m[0])) return false
  // The prefix must be an uppercase A or USCIS: a lowercase `a 1234567` is prose.
  const start = m[0].search(/[A-Za-z]/)
  const c = m[0].charCodeAt(start)
  return c === 65 || c === 85 || c === 117
}

// Phone numbers: libphonenumber-js (full metadata) decides; US is the
// default region. Pre-check: 10-15 digits (more in free text) with phone
// punctuation (`+`, `(`, `-`, space, `.`); bare digit strings count only under
// a phone header (a 10-digit number is as likely a count or an ID).
const PHONE_HEADER =
  /\b(phone|phones|telephone|tel|telefono|celular|movil|mobile|cell|cellphone|fax|contact number|numero de contacto|whatsapp)\b/
const THOUSANDS = /^\s*\d{1,3}(?:([., ])\d{3})(?:\1\d{3})+\s*$/

/** A plain number (`50165.43836`, `-2025550143`): a measurement or a count, never a phone number by itself. */
const PLAIN_NUMBER = /^\s*-?\d+(?:[.,]\d+)?\s*$/

const isDigit = (c: number): boolean => c >= 48 && c <= 57

/** Does v[a, b) continue a number on either side (`0.|1122...`, `...959|.09`)? */
function cutFromNumber(v: string, a: number, b: number): boolean {
  const before = a > 0 ? v.charCodeAt(a - 1) : 32
  if (isDigit(before)) return true
  if ((before === 46 || before === 44) && a > 1 && isDigit(v.charCodeAt(a - 2))) return true
  const after = b < v.length ? v.charCodeAt(b) : 32
  if (isDigit(after)) return true
  return (after === 46 || after === 44) && b + 1 < v.length && isDigit(v.charCodeAt(b + 1)) && isDigit(v.charCodeAt(b - 1))
}

/**
 * What a phone number in long free text looks like before the phone library
 * reads it: a US number (`(202) 555-0143`, `1-212-736-5000`, `212.736.5000`)
 * or one written with `+` and a country code. Bounded repeats, so the search
 * is linear in the text; the library then reads these stretches only (its
 * cost grows fast with what it reads, on lists of numbers most).
 */
const PHONE_SHAPE = /(?<![\d.])(?:\+\d[\d ().-]{6,22}\d|(?:1[ .-]{0,2})?(?:\(\d{3}\)|\d{3})[ .-]{0,3}\d{3}[ .-]{0,3}\d{4})(?!\d)/g
/** Texts longer than this are read through PHONE_SHAPE first. */
const LONG_TEXT = 80

/** A phone number in v[a, b) of `text` that is neither a plain decimal nor cut out of a longer number. */
function phoneIn(text: string, a: number, b: number): boolean {
  const part = a === 0 && b === text.length ? text : text.slice(a, b)
  for (const m of findPhoneNumbersInText(part, 'US', metadata)) {
    // Inside free text too, a match written as a plain decimal is a number,
    // and so is one cut out of a longer number (`0.112244897959, 0.09`).
    if (!PLAIN_NUMBER.test(part.slice(m.startsAt, m.endsAt)) && !cutFromNumber(text, a + m.startsAt, a + m.endsAt)) return true
  }
  return false
}

export function findPhone(v: string): boolean {
  if (THOUSANDS.test(v) || PLAIN_NUMBER.test(v) || (v.length <= 30 && parseDate(v))) return false
  const text = withoutLinks(v)
  if (text.length <= LONG_TEXT) {
    if (phoneIn(text, 0, text.length)) return true
  } else {
    PHONE_SHAPE.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = PHONE_SHAPE.exec(text)) !== null) if (phoneIn(text, m.index, m.index + m[0].length)) return true
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
    s.digits >= 10 && (s.length <= 24 ? s.digits <= 15 && s.letters === 0 : true) && s.plus + s.paren + s.dash + s.spaces + s.dot > 0,
  minDigits: (hinted) => (hinted ? 7 : 10),
  find: findPhone,
  header: PHONE_HEADER,
  bare: (v, s) =>
    s.digits >= 7 &&
    s.digits <= 15 &&
    s.letters <= 3 &&
    s.dot + s.comma === 0 &&
    !THOUSANDS.test(v) &&
    parsePhoneNumberFromString(v, 'US', metadata)?.isPossible() === true
})

export const identifierDetectors = [aNumber, ssn, itin, email, phone]
