import { fmix32 } from './sketch.js'
import type { CellShape } from './types.js'

export function emptyShape(): CellShape {
  return { length: 0, digits: 0, letters: 0, upper: 0, spaces: 0, at: 0, comma: 0, dash: 0, slash: 0, dot: 0, hash: 0 }
}

/** Fills `s` with the character counts of `v` (one pass, no allocation). */
export function measure(v: string, s: CellShape): CellShape {
  measureAndHash(v, s)
  return s
}

/**
 * The engine's per-cell pass: fills `s` with the character counts of `v` and
 * returns its 32-bit hash (for the distinct-value sketch) from the same loop,
 * so each cell's characters are read once. Letters are tested first because
 * most characters in a table are letters; no allocation.
 */
export function measureAndHash(v: string, s: CellShape): number {
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
  let h = 0x811c9dc5 // FNV-1a
  const n = v.length
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i)
    h = Math.imul(h ^ c, 0x01000193)
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
  }
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
  return fmix32(h)
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
