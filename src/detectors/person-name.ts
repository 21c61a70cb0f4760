// Person names, judged per column: a header that speaks of people, values
// shaped like names (`LAST, FIRST`, `First Middle Last`, hyphens, accents),
// and enough distinct values. Facility and place columns are excluded by
// header words and institutional tokens.

import { lit, MAX_SAMPLES, safe } from '../findings.js'
import { headerHas, Matches } from './shape.js'
import type { CellShape, Detector } from './types.js'

const PERSON_HEADER =
  /\b(name|names|nombre|nombres|apellido|apellidos|surname|surnames|given|forename|first|last|middle|detainee|detenido|person|individual|fullname|firstname|lastname|alien name|inmate|offender|officer|employee|applicant|patient|student|client)\b/
const NOT_PERSON_HEADER =
  /\b(facility|facilities|county|city|office|agency|company|organi[sz]ation|program|programme|country|state|street|file|sheet|product|business|vendor|school|hospital|site|center|centre|location|place|aor|employer|department|unit|field|column|table|region|district|court|airport|port|ship|project|team|category|type|month|year)\b/
/** Header words that make a one-word value a name (first-name or surname columns). */
const SINGLE_TOKEN_HEADER = /\b(first|last|given|surname|surnames|apellido|apellidos|forename|middle|nombre|nombres|firstname|lastname)\b/

const NAME_TOKEN = /^[\p{Lu}\p{Ll}\p{Lt}\p{M}][\p{L}\p{M}'’.-]*$/u
const INSTITUTIONAL = new Set(
  (
    'detention facility center centre county jail spc ice processing correctional corrections department dept office ' +
    'inc llc ltd corp company services service contract prison federal state city regional police sheriff unit ' +
    'total subtotal all other unknown none n/a na of the and street road avenue hospital school university ' +
    'program district court bureau agency division national international field staging hold room'
  ).split(' ')
)

export function nameShaped(v: string, s: CellShape, allowSingle: boolean): boolean {
  if (s.digits > 0 || s.at > 0 || s.letters < 2 || s.length > 80) return false
  const t = v.trim()
  let tokens: string[]
  if (s.comma === 1) {
    // LAST, FIRST [MIDDLE]
    const [last, first] = t.split(',') as [string, string]
    tokens = [...last.trim().split(/\s+/), ...first.trim().split(/\s+/)]
    if (!last.trim() || !first.trim()) return false
  } else if (s.comma === 0) {
    tokens = t.split(/\s+/)
    if (tokens.length < (allowSingle ? 1 : 2)) return false
  } else return false
  if (tokens.length > 6) return false
  for (const tok of tokens) {
    if (!NAME_TOKEN.test(tok)) return false
    if (INSTITUTIONAL.has(tok.toLowerCase())) return false
  }
  return true
}

export const personName: Detector = {
  id: 'person-name',
  kind: 'pii/person-name',
  noun: lit('person names'),
  // For header safety: a two-to-four-word name is flagged when it has no header word in it.
  test: (v) => {
    const s = v.trim()
    return /^[\p{L}'’ ,.-]+$/u.test(s) && !PERSON_HEADER.test(s.toLowerCase()) && !NOT_PERSON_HEADER.test(s.toLowerCase()) && s.split(/[\s,]+/).length >= 2 && /^\p{Lu}/u.test(s) && !/\b(of|and|by|per|de|del)\b/i.test(s)
  },
  open(col) {
    const hinted = headerHas(col.header, PERSON_HEADER) && !headerHas(col.header, NOT_PERSON_HEADER)
    const single = hinted && headerHas(col.header, SINGLE_TOKEN_HEADER)
    const m = new Matches(MAX_SAMPLES)
    return {
      cell(v, s, pos) {
        if (hinted && nameShaped(v, s, single)) m.add(pos)
      },
      close(stats) {
        if (!hinted || m.count === 0) return null
        const share = m.count / Math.max(1, stats.nonEmpty)
        const distinct = stats.distinct / Math.max(1, stats.nonEmpty)
        if (share < 0.6 || (stats.nonEmpty >= 10 && distinct < 0.3)) return null
        return {
          scope: 'column',
          count: m.count,
          positions: m.positions,
          confidence: Math.min(0.99, 0.5 + share / 2),
          why: safe`header names people and ${m.count} of ${stats.nonEmpty} values are shaped like names`
        }
      }
    }
  }
}
