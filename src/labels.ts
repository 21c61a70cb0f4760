// Labels are data. A header, a sheet name, a part name, a defined name or an
// embedded file's name comes from the file, so it may be a person's name or
// an identifier. `labelOf` is the one way to turn such a name into SafeText:
// it passes the name through only when the safe-label check does, and gives
// a positional stand-in (`column 3`, sheet `#2`, `part 7`) otherwise.

import type { SafeText } from './findings.js'
import { isDataValue } from './detectors/index.js'
import { FNV_OFFSET, FNV_PRIME, foldCode, isUpperCode } from './detectors/fold.js'
import { WORD_FLAGS, WORD_GIVEN, WORD_NOT_NAME, WORD_PARTICLE, WORD_SURNAME } from './detectors/lexicon.js'

/** Longer labels are never shown: a label is a word or two, not a paragraph. */
export const MAX_LABEL = 60

/** Identifier shapes anywhere in a label: SSN, A-number, phone, long digit runs, e-mail addresses. */
const IDENTIFIER = [
  /(?<!\d)\d{3}[- ]\d{2}[- ]\d{4}(?!\d)/, // SSN / ITIN
  /(?<![\p{L}\d])A[- ]?\d{3}[- ]?\d{3}[- ]?\d{2,3}(?!\d)/iu, // A-number
  /(?<!\d)\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?!\d)/, // phone
  /\d{7,}/, // any other long number
  /[^\s@]@[^\s@]+\.[^\s@]/ // e-mail address
]

/**
 * Is this name from inside a file fit to show? Only when it is at most
 * MAX_LABEL characters, no detector would flag it (or any of its path or
 * `_`-separated parts) as a value, it holds no identifier shape, and no two
 * adjacent capitalised words look like a given name and a surname.
 */
export function isSafeLabel(raw: string): boolean {
  const t = raw.trim()
  if (t.length > MAX_LABEL) return false
  if (t === '') return true
  if (IDENTIFIER.some((re) => re.test(t))) return false
  if (isDataValue(t)) return false
  // Parts of a path or of a file name: `xl/embeddings/Maria_Garcia.xlsx`.
  const pieces = t.split(/[/\\]+/)
  for (const p of pieces) {
    const words = p
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .replace(/[_.]+/g, ' ')
      .trim()
    if (words !== '' && words !== t && isDataValue(words)) return false
    if (nameShaped(words)) return false
  }
  return true
}

/** The label to show for `raw`: itself when it passes the check, else `fallback`. */
export function labelOf(raw: string | undefined, fallback: SafeText | (() => SafeText)): SafeText {
  if (raw === undefined || !isSafeLabel(raw)) return typeof fallback === 'function' ? fallback() : fallback
  // Control characters would break log lines and workflow commands.
  return raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?') as SafeText
}

/**
 * Two adjacent capitalised words that look like a given name and a surname
 * (either order): a known given name next to another capitalised word, or a
 * known surname next to a known given name. Name particles between them
 * (`Maria de la Cruz`) are skipped; institution, place and title words break
 * the pair. `strict`: both words are known names (a given name among them).
 */
export function nameShaped(text: string, strict = false): boolean {
  let prev = 0 // flags of the previous capitalised word (0: none)
  for (const m of text.matchAll(/[\p{L}\p{M}'’]+/gu)) {
    const w = m[0]
    const flags = wordFlags(w)
    if (flags < 0) {
      prev = 0
      continue
    }
    // `de`, `La`, `Los`: between two names, never one of them.
    if ((flags & WORD_PARTICLE) !== 0) continue
    if (!isUpperCode(w.charCodeAt(0)) || (flags & WORD_NOT_NAME) !== 0 || w.length < 2) {
      prev = 0
      continue
    }
    const cur = flags | CAPITAL
    if (prev !== 0) {
      const given = (x: number): boolean => (x & WORD_GIVEN) !== 0
      const known = (x: number): boolean => (x & (WORD_GIVEN | WORD_SURNAME)) !== 0
      if (
        strict
          ? (given(prev) && known(cur)) || (known(prev) && given(cur))
          : (given(prev) && (cur & CAPITAL) !== 0) || (known(prev) && given(cur))
      )
        return true
    }
    prev = cur
  }
  return false
}

const CAPITAL = 1 << 8

/** The word's flags in the name lexicon (-1: not a word), hashed as the name detector hashes. */
function wordFlags(w: string): number {
  let h = FNV_OFFSET
  for (let i = 0; i < w.length; i++) {
    const f = foldCode(w.charCodeAt(i))
    if (f < 0) return -1
    if (f === 0) continue
    h = Math.imul(h ^ f, FNV_PRIME)
  }
  return WORD_FLAGS.get(h)
}
