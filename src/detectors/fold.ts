// Allocation-free folding and hashing of words: lower case, accents and
// apostrophes dropped, so `Ñúñez`, `NUNEZ` and `nunez` hash alike. The word
// lists (data/*.generated.ts) are hashed the same way once at load, so a
// cell's words are looked up without making a single substring.

import { HashSet32 } from './hashtable.js'

/** Folded code of a character: >0 a letter, 0 to skip (apostrophe, mark), -1 a separator. */
const TABLE_SIZE = 0x2000 // through Latin Extended Additional (Vietnamese) and Greek Extended
const TABLE = new Int32Array(TABLE_SIZE).fill(-1)
{
  const special: Record<string, string> = {
    ø: 'o',
    Ø: 'o',
    ł: 'l',
    Ł: 'l',
    đ: 'd',
    Đ: 'd',
    ß: 's',
    æ: 'a',
    Æ: 'a',
    œ: 'o',
    Œ: 'o',
    ı: 'i',
    ς: 'σ'
  }
  // One regex pass over every character (a test per character took 12 ms of each start-up).
  let all = ''
  for (let c = 0; c < TABLE_SIZE; c++) all += String.fromCharCode(c)
  for (const m of all.matchAll(/\p{M}/gu)) TABLE[m.index] = 0
  for (const m of all.matchAll(/\p{L}/gu)) {
    const c = m.index
    if (c < 0xc0 || TABLE[c] === 0) continue
    const ch = m[0]
    const s = special[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    TABLE[c] = (special[s] ?? s).charCodeAt(0)
  }
  for (let c = 65; c <= 90; c++) TABLE[c] = c + 32
  for (let c = 97; c <= 122; c++) TABLE[c] = c
  TABLE[39] = 0
  TABLE[96] = 0
}

const UPPER = new Uint8Array(TABLE_SIZE)
for (let c = 0; c < TABLE_SIZE; c++) {
  const ch = String.fromCharCode(c)
  UPPER[c] = ch !== ch.toLowerCase() ? 1 : 0
}

/** Is this character an upper-case (or title-case) letter? Scripts without case (past U+2000) count as upper. */
export function isUpperCode(c: number): boolean {
  return c < TABLE_SIZE ? UPPER[c] === 1 : true
}

export function foldCode(c: number): number {
  if (c < TABLE_SIZE) return TABLE[c] as number
  if (c === 0x2019 || c === 0x2bb || c === 0x2018) return 0
  if (c < 0x3000 && c >= 0x2000) return -1 // punctuation, symbols
  return c
}

/** Between words and date parts: space, tab, `,`, `-`, `.`, `/`. */
export function isSeparator(c: number): boolean {
  return c === 32 || c === 44 || c === 45 || c === 46 || c === 47 || c === 9
}

/** The index of the first non-separator at or after i (v.length when none). */
export function skipSeparators(v: string, i: number): number {
  while (i < v.length && isSeparator(v.charCodeAt(i))) i++
  return i
}

export const FNV_OFFSET = 0x811c9dc5
export const FNV_PRIME = 0x01000193

/** Hash of the folded letters of v[start, end), skipping separators. */
export function wordHash(v: string, start: number, end: number): number {
  let h = FNV_OFFSET
  for (let i = start; i < end; i++) {
    const f = foldCode(v.charCodeAt(i))
    if (f <= 0) continue
    h = Math.imul(h ^ f, FNV_PRIME)
  }
  return h >>> 0
}

/** Folds one more word hash into a phrase hash. */
function phraseStep(h: number, word: number): number {
  return (Math.imul(h ^ word, 0x9e3779b1) + 0x7f4a7c15) >>> 0
}

export const PHRASE_START = 0x2545f491

/** Words to leave out of phrase hashes (`The Bahamas` = `Bahamas, The` = `Bahamas`). */
const THE = wordHash('the', 0, 3)

/**
 * Phrase hash of the words in v[start, end): words are runs of letters;
 * `the` is skipped. Returns the hash and leaves the word count in `out.words`.
 */
export function phraseHash(v: string, start: number, end: number, h: number, out: { words: number }): number {
  let i = start
  while (i < end) {
    while (i < end && foldCode(v.charCodeAt(i)) < 0) i++
    if (i >= end) break
    const ws = i
    while (i < end && foldCode(v.charCodeAt(i)) >= 0) i++
    const w = wordHash(v, ws, i)
    if (w === THE || w === FNV_OFFSET) continue
    h = phraseStep(h, w)
    out.words++
  }
  return h
}

/** Hash of the first word of v[start, end) other than `the` (a cheap look before a whole phrase). */
export function firstWordHash(v: string, start: number, end: number): number {
  let i = start
  for (;;) {
    let f = -1
    while (i < end && (f = foldCode(v.charCodeAt(i))) < 0) i++
    if (i >= end) return FNV_OFFSET
    // One pass: the word's hash as wordHash() makes it (marks and apostrophes, f === 0, skipped).
    let h = FNV_OFFSET
    while (f >= 0) {
      if (f > 0) h = Math.imul(h ^ f, FNV_PRIME)
      if (++i >= end) break
      f = foldCode(v.charCodeAt(i))
    }
    const w = h >>> 0
    if (w !== THE && w !== FNV_OFFSET) return w
  }
}

/**
 * The first words of a list of phrases, with a look that usually answers
 * from the word's first PREFIX letters: most cells (names, in a column that
 * is checked for countries too) fail there without folding or hashing the
 * whole word.
 */
export class FirstWordSet {
  private readonly words = new HashSet32()
  /** Bits of the words' first PREFIX letters (a-z as 1-26, 0 past a shorter word's end), hashed to PREFIX_BITS. */
  private readonly prefixes = new Uint32Array((1 << PREFIX_BITS) / 32)

  /** Adds the phrase's first word other than `the`: its hash as firstWordHash() makes it, and its prefix bit, in one pass. */
  add(p: string): void {
    const n = p.length
    for (let i = 0; ; ) {
      while (i < n && foldCode(p.charCodeAt(i)) < 0) i++
      if (i >= n) return
      let h = FNV_OFFSET
      // The first PREFIX folded letters (a-z as 1-26; any other letter ends the key).
      let key = 0
      let digits = 0
      let open = true
      for (let f: number; i < n && (f = foldCode(p.charCodeAt(i))) >= 0; i++) {
        if (f === 0) continue
        h = Math.imul(h ^ f, FNV_PRIME)
        if (open && digits < PREFIX) {
          if (f >= 97 && f <= 122) {
            key = key * 27 + (f - 96)
            digits++
          } else open = false
        }
      }
      const w = h >>> 0
      if (w === THE || w === FNV_OFFSET) continue
      this.words.add(w)
      for (; digits < PREFIX; digits++) key *= 27
      const b = prefixBit(key)
      this.prefixes[b >>> 5] = (this.prefixes[b >>> 5] as number) | (1 << (b & 31))
      return
    }
  }

  /** Is the first word of v[start, end) (other than `the`) one of the set's? */
  hasFirstWord(v: string, start: number, end: number): boolean {
    const key = asciiPrefix(v, start, end)
    if (key >= 0) {
      const b = prefixBit(key)
      if (((this.prefixes[b >>> 5] as number) & (1 << (b & 31))) === 0) return false
    }
    return this.words.has(firstWordHash(v, start, end))
  }
}

/** Letters of a word's start that the bitmap looks at: six tell most names from countries (`andres`, `andorra`). */
const PREFIX = 6
/** 64K bits (8 KiB): a few hundred country first words leave a name through about once in 200. */
const PREFIX_BITS = 16
const prefixBit = (key: number): number => Math.imul(key, 0x9e3779b1) >>> (32 - PREFIX_BITS)

/**
 * The first-PREFIX-letters key of the first word of v[start, end) when they
 * are plain ASCII letters and the word is not `the`; -1 when only the full
 * fold can tell.
 */
function asciiPrefix(v: string, start: number, end: number): number {
  let i = start
  // Leading separators: ASCII other than letters and apostrophes.
  for (; i < end; i++) {
    const c = v.charCodeAt(i)
    if (c >= 128 || c === 39 || c === 96) return -1
    if ((c | 32) >= 97 && (c | 32) <= 122) break
  }
  if (i >= end) return -1
  let key = 0
  let k = 0
  for (; k < PREFIX && i < end; k++, i++) {
    const c = v.charCodeAt(i)
    if ((c | 32) >= 97 && (c | 32) <= 122) key = key * 27 + ((c | 32) - 96)
    else if (c >= 128 || c === 39 || c === 96) return -1
    else break
  }
  // `the` is skipped by the full look: let it decide.
  if (k === 3 && key === THE_KEY) return -1
  for (; k < PREFIX; k++) key *= 27
  return key
}

const THE_KEY = (20 * 27 + 8) * 27 + 5

/** The first words of a newline-separated list of phrases. */
export function firstWordSet(list: string): FirstWordSet {
  const out = new FirstWordSet()
  for (const p of list.split('\n')) if (p) out.add(p)
  return out
}

/** A set of word hashes from a newline-separated list. */
export function wordSet(list: string): HashSet32 {
  const out = new HashSet32()
  for (const w of list.split('\n')) if (w) out.add(wordHash(w, 0, w.length))
  return out
}

/** A set of phrase hashes from a newline-separated list of phrases. */
export function phraseSet(list: string): HashSet32 {
  const out = new HashSet32()
  const count = { words: 0 }
  for (const p of list.split('\n')) if (p) out.add(phraseHash(p, 0, p.length, PHRASE_START, count))
  return out
}
