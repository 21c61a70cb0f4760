// Nationality / country of citizenship. A cell is a country when its words,
// folded, are a country name in English or Spanish, an official name, a
// demonym (world-countries, data/countries.generated.ts) or an agency
// spelling (`CHINA, PEOPLES REPUBLIC OF`, `KOREA, SOUTH`: the part after the
// comma is read first). ISO alpha-2/alpha-3 codes count only under a
// nationality header (`CA`, `GA` are also US states).
// Alone a country column is an aggregate dimension (counts by country): it
// is reported only under a nationality header, at the policy's level
// (warning by default). Without that header a country column is silent but
// still makes a row with a name a person record.

import { lit, MAX_SAMPLES, safe } from '../findings.js'
import { PHRASE_START, phraseHash, wordHash } from './fold.js'
import { COUNTRY, COUNTRY_CODE, COUNTRY_FIRST, STATE, STATE_FIRST } from './lexicon.js'
import { emptyShape, headerHas, Matches, measure, Memo } from './shape.js'
import type { CellShape, Detector } from './types.js'

const NATIONALITY_HEADER =
  /\b(citizenship|nationality|nationalities|nacionalidad|nacionalidades|ciudadania|country of birth|country of citizenship|birth country|citizen|pais de origen|pais de nacimiento|pais de nacionalidad|country of origin|origin country)\b/
const COUNTRY_HEADER = /\b(country|countries|pais|paises|nation)\b/

const words = { words: 0 }

function phraseOf(v: string, s: CellShape): number {
  words.words = 0
  if (s.comma === 1) {
    // `KOREA, SOUTH` -> `south korea`; `CHINA, PEOPLES REPUBLIC OF` -> `peoples republic of china`
    const k = v.indexOf(',')
    return phraseHash(v, 0, k, phraseHash(v, k + 1, v.length, PHRASE_START, words), words)
  }
  return phraseHash(v, 0, v.length, PHRASE_START, words)
}

/** Is the cell a country name (any spelling we know)? */
export function isCountry(v: string, s: CellShape): boolean {
  if (s.digits > 0 || s.letters < 4 || s.length > 60 || s.comma > 1 || s.at > 0) return false
  // Cheap look first: the phrase must start with a country's first word
  // (after the comma in the agency form, or as written).
  const comma = s.comma === 1 ? v.indexOf(',') : -1
  if (!COUNTRY_FIRST.hasFirstWord(v, comma + 1, v.length) && !(comma >= 0 && COUNTRY_FIRST.hasFirstWord(v, 0, comma))) return false
  const h = phraseOf(v, s)
  if (words.words === 0 || words.words > 7) return false
  if (COUNTRY.has(h)) return true
  // `Bahamas, The` reads as `the bahamas`; a comma form also as written.
  return s.comma === 1 && COUNTRY.has(phraseHash(v, 0, v.length, PHRASE_START, words))
}

/** A country or a US state: places, not people. */
export function isCountryOrState(v: string, s: CellShape): boolean {
  if (isCountry(v, s)) return true
  if (s.digits > 0 || s.length > 30 || !STATE_FIRST.hasFirstWord(v, 0, v.length)) return false
  return STATE.has(phraseHash(v, 0, v.length, PHRASE_START, words))
}

function isCode(v: string, s: CellShape): boolean {
  if (s.letters !== s.length || (s.length !== 2 && s.length !== 3) || s.upper !== s.length) return false
  return COUNTRY_CODE.has(wordHash(v, 0, v.length))
}

export const nationality: Detector = {
  id: 'nationality',
  kind: 'pii/nationality',
  cells: 'text',
  noun: lit('nationalities'),
  // A country name alone is not personal data, and rows of country names are
  // common headers of aggregate tables: a first row of countries stays a header.
  test: () => false,
  // But in a column judged to hold nationalities, a country in the header
  // cell is the first person's nationality (no header row): not a label.
  headerIsValue: (v) => {
    const t = v.trim()
    return isCountry(t, measure(t, emptyShape()))
  },
  open(col) {
    const strongHint = headerHas(col.header, NATIONALITY_HEADER)
    const hinted = strongHint || headerHas(col.header, COUNTRY_HEADER)
    const m = new Matches(MAX_SAMPLES)
    const memo = new Memo()
    return {
      cell(v, s, pos) {
        if (s.digits > 0 || s.letters < 2) return false
        let r = memo.get(s.key)
        if (r === -1) {
          r = isCountry(v, s) || (hinted && isCode(v, s)) ? 1 : 0
          memo.set(s.key, r)
        }
        const hit = r === 1
        if (hit) m.add(pos)
        return hit
      },
      close(stats) {
        const share = m.count / Math.max(1, stats.nonEmpty)
        if (m.count === 0 || share < (hinted ? 0.6 : 0.8)) return null
        return {
          scope: 'column',
          count: m.count,
          positions: m.positions,
          confidence: strongHint ? 0.8 : 0.6,
          // Reported only under a nationality header; otherwise it only
          // makes person records.
          silent: !strongHint,
          // A country column with no nationality header is as likely where
          // things are as whose people are: evidence of a table of places.
          place: !strongHint,
          why: strongHint
            ? safe`header speaks of nationality and ${m.count} of ${stats.nonEmpty} values are countries`
            : safe`${m.count} of ${stats.nonEmpty} values are countries`
        }
      }
    }
  }
}
