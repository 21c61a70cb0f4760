// Person names, judged per column. Values decide, the header is a hint:
// - shape: 1-6 words of letters (accents, hyphens, apostrophes), each
//   capitalised or a particle (`de`, `van`), as `First Last` or `LAST, FIRST`;
//   no digits, no `@`, no word of an institution, place, title or month;
// - evidence: words found in the given-name and surname lists of every faker
//   locale (data/names.generated.ts); a cell is `strong` when two of its
//   words are known names and one is a given name;
// - distinctness: a column of people is mostly distinct values (KMV estimate);
// - cells that are a country or a US state are not names.
// A column of facility names, cities, counties, countries or officials'
// titles fails on shape or evidence.

import { lit, MAX_SAMPLES, safe } from '../findings.js'
import { FNV_OFFSET, FNV_PRIME, foldCode, isSeparator, isUpperCode, skipSeparators } from './fold.js'
import { WORD_FLAGS, WORD_GIVEN, WORD_NOT_NAME, WORD_PARTICLE, WORD_SURNAME } from './lexicon.js'
import { isCountryOrState } from './nationality.js'
import { emptyShape, headerHas, Matches, measure, Memo } from './shape.js'
import type { CellShape, Detector } from './types.js'

const PERSON_HEADER =
  /\b(name|names|full name|fullname|first name|firstname|last name|lastname|surname|surnames|given name|family name|forename|middle name|nombre|nombres|nombre completo|apellido|apellidos|primer apellido|segundo apellido|detainee|detenido|detenida|person|persona|individual|alien name|inmate|offender|employee|empleado|applicant|solicitante|patient|paciente|student|estudiante|client|cliente|beneficiary|beneficiario|contact|contacto|last first|first last)\b/
const NOT_PERSON_HEADER =
  /\b(facility|facilities|county|city|office|agency|company|organi[sz]ation|program|programme|country|state|street|product|business|vendor|school|hospital|site|center|centre|location|place|aor|employer|department|unit|region|district|court|airport|port|ship|project|team|category|type|month|year|title|position|role|rank|job|centro|ciudad|condado|estado|pais|oficina|programa|puesto|cargo|character|characters|alias|aliases|superhero|superheroes|hero|heroes|villain|villains|pseudonym|pseudonyms|mascot|mascots|pet|pets|dog|dogs|horse|horses|ship|ships|storm|storms|hurricane|hurricanes|song|songs|film|films|movie|movies|book|books|album|albums)\b/
/** Header words that make a one-word value a name (first-name or surname columns). */
const SINGLE_TOKEN_HEADER =
  /\b(first|last|given|surname|surnames|apellido|apellidos|forename|middle|nombre|nombres|firstname|lastname|family name)\b/

/** A header that says `name` and nothing about whose: the name of a place, a product or a person. */
const GENERIC_NAME_HEADER = /^(name|names|nombre|nom|label)?$/

/**
 * Names (strong, or known under a name header) after which later cells are
 * counted by shape alone, without word look-ups (speed only: the verdict is
 * still decided on proportions, the later cells taking the shares measured
 * before).
 */
const SURE_NAMES = 2048
/**
 * A column of names repeats (one row per term, per visit) but not a handful
 * of values: it has a quarter (a tenth under a name header) of distinct
 * values, or this many. The share holds for short tables, the count for long
 * ones, so no cut of a table at 200 rows or more turns the verdict.
 */
const REPEATED = 256

export const enum NameClass {
  None = 0,
  /** Shaped like a name, no word known. */
  Shaped = 1,
  /** Shaped, at least one word a known name. */
  Weak = 2,
  /** Shaped, two known names, one of them a given name. */
  Strong = 3
}

/** What `readName` found in a cell; the caller owns it and passes it again for every cell (no allocation per cell). */
interface NameReading {
  cls: NameClass
  /** Words of the name (1: a single word). */
  words: number
}

/** How much a cell looks like a person's name, and its words, into `out`. */
function readName(v: string, s: CellShape, out: NameReading): NameReading {
  out.cls = s.slash === 1 && s.digits === 0 ? classifyPair(v, v.indexOf('/'), out) : classifyOne(v, s, out)
  return out
}

/** How much a cell looks like a person's name (for labels and tests; a column scanner uses readName). */
export function classifyName(v: string, s: CellShape): NameClass {
  return readName(v, s, { cls: NameClass.None, words: 0 }).cls
}

/**
 * Two names in one cell (`Maria LOPEZ / Taras KOVALENKO`): a name when both
 * halves are (never a single word); as strong as the stronger half when both
 * hold a known name word, else as the weaker.
 */
function classifyPair(v: string, k: number, out: NameReading): NameClass {
  // Rare (one slash, no digit): a shape for the halves is made here.
  const half = emptyShape()
  const a = v.slice(0, k)
  const first = classifyOne(a, measure(a, half), out)
  const firstWords = out.words
  if (first === NameClass.None || firstWords < 2) return NameClass.None
  const b = v.slice(k + 1)
  const second = classifyOne(b, measure(b, half), out)
  if (second === NameClass.None || out.words < 2) return NameClass.None
  out.words = Math.max(firstWords, out.words)
  return (Math.min(first, second) >= NameClass.Weak ? Math.max(first, second) : Math.min(first, second)) as NameClass
}

/** One name's class; its word count goes into `out.words`. */
function classifyOne(v: string, s: CellShape, out: NameReading): NameClass {
  out.words = 0
  if (s.digits > 0 || s.at > 0 || s.letters < 2 || s.length > 80 || s.comma > 1 || s.slash > 0 || s.hash > 0) return NameClass.None
  let words = 0
  let known = 0
  let given = 0
  let givenAt = -1
  let knownMask = 0
  let lower = 0
  const n = v.length
  let i = 0
  while ((i = skipSeparators(v, i)) < n) {
    let letters = 0
    let firstUpper = false
    let wh = FNV_OFFSET // the word's hash, as wordHash() makes it, in the same pass
    for (; i < n; i++) {
      const c = v.charCodeAt(i)
      if (isSeparator(c)) break
      const f = foldCode(c)
      if (f < 0) return NameClass.None // a symbol: not a name
      if (f === 0) continue
      if (letters === 0) firstUpper = isUpperCode(c)
      letters++
      wh = Math.imul(wh ^ f, FNV_PRIME)
    }
    if (letters === 0) continue
    const flags = WORD_FLAGS.get(wh)
    if ((flags & WORD_NOT_NAME) !== 0) return NameClass.None
    const particle = (flags & WORD_PARTICLE) !== 0
    if (!firstUpper && particle) continue
    if (!firstUpper) lower++
    const w = words++
    if (w >= 6) return NameClass.None
    if (letters >= 2 && !particle) {
      const g = (flags & WORD_GIVEN) !== 0
      if (g || (flags & WORD_SURNAME) !== 0) {
        known++
        knownMask |= 1 << w
        if (g && givenAt === -1) givenAt = w
        if (g) given++
      }
    }
  }
  out.words = words
  if (words === 0) return NameClass.None
  // Lower-case words (`maria garcia`): two to four words with a known name;
  // strong only when every word is a known name and one a given name (prose
  // rarely is).
  if (lower > 0) {
    if (words < 2 || words > 4 || known === 0) return NameClass.None
    return known === words && given >= 1 ? NameClass.Strong : NameClass.Weak
  }
  if (known === 0) return NameClass.Shaped
  if (known >= 2 && given >= 1 && (knownMask & ~(1 << givenAt)) !== 0) return NameClass.Strong
  return NameClass.Weak
}

export const personName: Detector = {
  id: 'person-name',
  kind: 'pii/person-name',
  cells: 'text',
  noun: lit('person names'),
  // For header safety: a value of two or more words with a given name and another known name.
  test: (v) => {
    const t = v.trim()
    if (PERSON_HEADER.test(t.toLowerCase())) return false
    // Capitalised only: a lower-case header row (`mark price`) stays a header.
    const s = shapeOf(t)
    return s.upper > 0 && classifyName(t, s) === NameClass.Strong && !isCountryOrState(t, s)
  },
  headerIsValue: (v) => {
    const t = v.trim()
    if (PERSON_HEADER.test(t.toLowerCase())) return false
    const s = shapeOf(t)
    return classifyName(t, s) >= NameClass.Weak && !isCountryOrState(t, s)
  },
  // A facility, country or title column is never judged a name column.
  rulesOut: (col) => headerHas(col.header, NOT_PERSON_HEADER),
  open(col) {
    const notPerson = headerHas(col.header, NOT_PERSON_HEADER)
    const hinted = !notPerson && headerHas(col.header, PERSON_HEADER)
    const single = hinted && headerHas(col.header, SINGLE_TOKEN_HEADER)
    const m = new Matches(MAX_SAMPLES)
    const memo = new Memo()
    const reading: NameReading = { cls: NameClass.None, words: 0 }
    let shaped = 0
    let known = 0
    let strong = 0
    let singleKnown = 0
    let singles = 0
    // Once this many cells are names made of known name words (with a header
    // hint: with a known word), the column holds people whatever follows:
    // later cells are counted by shape alone, without word look-ups.
    let sure = false
    // Cells counted by shape alone once sure, and the counts when it became sure.
    let late = 0
    let atSure = { shaped: 0, known: 0, strong: 0, singles: 0, singleKnown: 0 }
    return {
      cell(v, s, pos) {
        if (notPerson || s.digits > 0 || s.at > 0) return false
        if (sure) {
          const hit =
            s.letters >= 2 && s.length <= (s.slash === 1 ? 161 : 80) && s.comma <= (s.slash === 1 ? 2 : 1) && s.slash <= 1 && s.hash === 0
          if (hit) late++
          if (hit) m.add(pos)
          return hit
        }
        let r = memo.get(s.key)
        if (r === -1) {
          const { cls: c, words } = readName(v, s, reading)
          // Country and state names of four words or more meet a veto word
          // (`of`, `and`, `republic`, `united`, `new`...): only shorter cells are looked up.
          r = c === NameClass.None || (c >= NameClass.Weak && words <= 3 && isCountryOrState(v, s)) ? 0 : c * 2 + (words === 1 ? 1 : 0)
          memo.set(s.key, r)
        }
        if (r === 0) return false
        const k = (r >> 1) as NameClass
        const one = (r & 1) === 1
        shaped++
        if (one) singles++
        if (k >= NameClass.Weak) {
          known++
          if (one) singleKnown++
        }
        if ((k === NameClass.Strong && ++strong >= SURE_NAMES) || (hinted && known >= SURE_NAMES)) {
          sure = true
          atSure = { shaped, known, strong, singles, singleKnown }
        }
        // Every cell shaped like a name counts once the column is judged a
        // name column (names missing from the lists are still names); a
        // single word counts only under a first/last-name header or when known.
        const hit = !one || single || k >= NameClass.Weak
        if (hit) m.add(pos)
        return hit
      },
      close(stats) {
        const n = stats.nonEmpty
        if (notPerson || n === 0 || m.count === 0) return null
        // Cells counted by shape alone once sure take the shares measured before.
        const scale = sure && atSure.shaped > 0 ? late / atSure.shaped : 0
        const est = (x: number, at: number): number => x + at * scale
        const shapedAll = est(shaped, atSure.shaped)
        const knownAll = est(known, atSure.known)
        const strongAll = est(strong, atSure.strong)
        const singlesAll = est(singles, atSure.singles)
        const singleKnownAll = est(singleKnown, atSure.singleKnown)
        const distinct = stats.distinct / n
        const shapedShare = shapedAll / n
        const knownShare = knownAll / n
        const strongShare = strongAll / n
        const singleShare = singlesAll / n
        let why
        let weak = false
        if (hinted) {
          if (shapedShare < 0.6 || knownShare < 0.3 || (n >= 10 && distinct < 0.1 && stats.distinct < REPEATED)) return null
          if (singleShare > 0.5 && !single) return null
          // First names or surnames alone: weak evidence without the other half.
          weak = singleShare > 0.5
          why = safe`header names people and ${Math.round(shapedAll)} of ${n} values are shaped like names, ${Math.round(knownAll)} with known name words`
        } else if (singleShare > 0.5) {
          // A column of single words: given names or surnames only when
          // nearly all are known names and they vary; weak evidence alone.
          if (n < 20 || singleKnownAll / n < 0.85 || distinct < 0.5) return null
          weak = true
          why = safe`${Math.round(singleKnownAll)} of ${n} values are known given names or surnames`
        } else {
          if (
            n < 5 ||
            shapedShare < 0.7 ||
            knownShare < 0.6 ||
            strongShare < 0.3 ||
            (n >= 20 && distinct < 0.25 && stats.distinct < REPEATED)
          )
            return null
          why = safe`${Math.round(shapedAll)} of ${n} values are shaped like names, ${Math.round(strongAll)} made of known given names and surnames`
        }
        return {
          scope: 'column',
          count: m.count,
          positions: m.positions,
          confidence: Math.min(0.99, 0.4 + knownShare / 2 + (hinted ? 0.1 : 0)),
          why,
          names: { weak, generic: headerHas(col.header, GENERIC_NAME_HEADER) || col.header === '', distinct }
        }
      }
    }
  }
}

const scratch = emptyShape()
function shapeOf(v: string): CellShape {
  return measure(v, scratch)
}
