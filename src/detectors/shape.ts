import type { CellShape } from './types.js'

export function emptyShape(): CellShape {
  return { length: 0, digits: 0, letters: 0, upper: 0, spaces: 0, at: 0, comma: 0, dash: 0, slash: 0, dot: 0, hash: 0, plus: 0, paren: 0, key: 0 }
}

/**
 * Fills `s` with the character counts of `v` and its hash `key` (one pass,
 * no allocation). The hash is FNV-1a with a murmur3 final mix, as sketch.ts's
 * hash32 (the two must agree).
 */
export function measure(v: string, s: CellShape): CellShape {
  let digits = 0
  let letters = 0
  let upper = 0
  let spaces = 0
  let at = 0
  let comma = 0
  let dash = 0
  let slash = 0
  let dot = 0
  let hash = 0
  let plus = 0
  let paren = 0
  let h = 0x811c9dc5
  const n = v.length
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i)
    h = Math.imul(h ^ c, 0x01000193)
    // Most frequent first: letters, then digits, then punctuation.
    if (c >= 65) {
      if (c <= 90) {
        letters++
        upper++
      } else if (c >= 97 ? c <= 122 || c >= 0xc0 : false) letters++
    } else if (c >= 48) {
      if (c <= 57) digits++
      else if (c === 64) at++
    } else if (c === 32) spaces++
    else if (c === 44) comma++
    else if (c === 45) dash++
    else if (c === 46) dot++
    else if (c === 47) slash++
    else if (c === 35) hash++
    else if (c === 43) plus++
    else if (c === 40 || c === 41) paren++
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  s.key = h >>> 0
  s.length = n
  s.digits = digits
  s.letters = letters
  s.upper = upper
  s.spaces = spaces
  s.at = at
  s.comma = comma
  s.dash = dash
  s.slash = slash
  s.dot = dot
  s.hash = hash
  s.plus = plus
  s.paren = paren
  return s
}

/**
 * A fixed-size memo of small results keyed by the cell hash (direct-mapped,
 * 1,024 slots): a column of repeated values (facility names, countries) is
 * classified once per distinct value, in bounded memory, without allocation.
 */
export class Memo {
  private readonly keys = new Uint32Array(1024)
  private readonly vals = new Int16Array(1024).fill(-1)
  /** The stored result, or -1. */
  get(hash: number): number {
    const i = hash & 1023
    return this.keys[i] === hash ? (this.vals[i] as number) : -1
  }
  set(hash: number, v: number): void {
    const i = hash & 1023
    this.keys[i] = hash
    this.vals[i] = v
  }
}

/** Collects the count and first positions of matches. */
export class Matches {
  count = 0
  readonly positions: number[] = []
  constructor(private readonly max: number) {}
  add(pos: number): void {
    this.count++
    if (this.positions.length < this.max) this.positions.push(pos)
  }
}

export function headerHas(header: string, re: RegExp): boolean {
  return header !== '' && re.test(header)
}
