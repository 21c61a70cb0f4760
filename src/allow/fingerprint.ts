// Value fingerprints: how a policy names one value without writing it down,
// and how two scans recognise the same value without keeping it.
//
// `pg1:` + hex SHA-256 of (salt, NUL, normalised value). The salt is per
// repository (see salt.ts), so a fingerprint cannot be looked up in a table
// built for another repository. The normalisation makes reformatting
// irrelevant: Unicode NFKC, case-folded, whitespace collapsed, and an
// identifier-shaped value (A-number, SSN, phone, ID) loses its separators, so
// `A-123-456-789`, `A123456789` and `a 123 456 789` are one fingerprint.
//
// A fingerprint is never computed from a value in order to print the value:
// it is printed instead of it.

import { createHash } from 'node:crypto'

export const FINGERPRINT_PREFIX = 'pg1:'
export const FINGERPRINT_PATTERN = /^pg1:[0-9a-f]{64}$/

/** Identifier-shaped: digits with separators and at most a short letter prefix/suffix. */
const ID_CHARS = /^[\p{L}\p{N}\s\-./#()+_]+$/u
const SEPARATORS = /[\s\-./#()+_]+/g

/** The form that is hashed. Exported for tests; never printed. */
export function normaliseValue(value: string): string {
  let v = value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
  if (ID_CHARS.test(v)) {
    let digits = 0
    let letters = 0
    for (const ch of v) {
      if (ch >= '0' && ch <= '9') digits++
      else if (/\p{L}/u.test(ch)) letters++
    }
    // `A 123 456 789`, `123-45-6789`, `+1 (555) 010-0199`: the separators are formatting.
    if (digits >= 4 && letters <= 3) v = v.replace(SEPARATORS, '')
  }
  return v
}

export function fingerprint(value: string, salt: string): string {
  const h = createHash('sha256')
  h.update(salt, 'utf8')
  h.update('\u0000')
  h.update(normaliseValue(value), 'utf8')
  return FINGERPRINT_PREFIX + h.digest('hex')
}
