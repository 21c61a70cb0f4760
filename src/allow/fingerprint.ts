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

const FINGERPRINT_PREFIX = 'pg1:'
export const FINGERPRINT_PATTERN = /^pg1:[0-9a-f]{64}$/

/** Identifier-shaped: digits with separators and at most a short letter prefix/suffix. */
const ID_CHARS = /^[\p{L}\p{N}\s\-./#()+_]+$/u
const SEPARATORS = /[\s\-./#()+_]+/g

/** The form that is hashed. Exported for tests; never printed. */
export function normaliseValue(value: string): string {
  // ASCII needs no NFKC; most cells are ASCII.
  const ascii = ASCII.test(value)
  let v = ascii ? value : value.normalize('NFKC')
  v = v.toLowerCase().replace(WHITESPACE, ' ').trim()
  if ((ascii ? ASCII_ID_CHARS : ID_CHARS).test(v)) {
    let digits = 0
    let letters = 0
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i)
      if (c >= 48 && c <= 57) digits++
      else if ((c >= 97 && c <= 122) || (c > 127 && LETTER.test(v[i] as string))) letters++
    }
    // `A 123 456 789`, `123-45-6789`, `+1 (555) 010-0199`: the separators are formatting.
    if (digits >= 4 && letters <= 3) v = v.replace(SEPARATORS, '')
  }
  return v
}

const ASCII = /^[\x00-\x7f]*$/
const ASCII_ID_CHARS = /^[a-z0-9\s\-./#()+_]+$/
const WHITESPACE = /\s+/g
const LETTER = /\p{L}/u

export function fingerprint(value: string, salt: string): string {
  return fingerprinter(salt)(value)
}

/** A fingerprint function for one salt: the salted state is hashed once, then copied per value. */
function fingerprinter(salt: string): (value: string) => string {
  const salted = createHash('sha256')
  salted.update(salt, 'utf8')
  salted.update('\u0000')
  return (value) => FINGERPRINT_PREFIX + salted.copy().update(normaliseValue(value), 'utf8').digest('hex')
}

/**
 * A fingerprinter that remembers recent values (at most `max`; forgotten all
 * at once when full, so memory stays bounded): tables repeat values (a
 * facility, a country), and hashing is the cost of a fingerprint scan.
 */
export function memoFingerprinter(salt: string, max = 4096): (value: string) => string {
  const fp = fingerprinter(salt)
  let memo = new Map<string, string>()
  return (value) => {
    let p = memo.get(value)
    if (p === undefined) {
      p = fp(value)
      if (memo.size >= max) memo = new Map()
      memo.set(value, p)
    }
    return p
  }
}
