import { fmix32 } from './sketch.js'
import type { CellShape } from './types.js'

export function emptyShape(): CellShape {
  return {
    length: 0,
    digits: 0,
    letters: 0,
    upper: 0,
    spaces: 0,
    at: 0,
    comma: 0,
    dash: 0,
    slash: 0,
    dot: 0,
    hash: 0,
    plus: 0,
    paren: 0,
    key: 0
  }
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
  s.key = fmix32(h)
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

/** Look-ups per judgement of a Memo's hit rate. */
const MEMO_WINDOW = 4096
const MEMO_SLOTS = 1024
/**
 * Slots of a per-column cache before its first growth. A cache grows four
 * times over once it has had four look-ups per slot, up to its full size:
 * memory follows the cells a column really has (a table may have thousands
 * of columns of a few cells each), and a long column gets the full cache
 * after a few hundred cells. Growing starts the cache empty (it is a cache).
 */
const FIRST_SLOTS = 16

/**
 * A direct-mapped per-column cache that grows with use and judges its hit
 * rate every `window` look-ups (the growth points, 64, 256 and 1,024
 * look-ups, fall inside the first window): below `minShare` of hits it
 * turns itself off.
 */
abstract class GrowingCache {
  on = true
  protected mask = FIRST_SLOTS - 1
  protected lookups = 0
  protected hits = 0
  /** The look-up count at which to grow or judge the hit rate. */
  protected next = FIRST_SLOTS * 4

  constructor(
    private readonly maxSlots: number,
    private readonly window: number,
    private readonly minShare: number
  ) {}

  /** Replaces the storage with `slots` empty slots. */
  protected abstract resize(slots: number): void

  protected checkpoint(): void {
    const slots = this.mask + 1
    if (slots < this.maxSlots && this.lookups === slots * 4) {
      const n = Math.min(this.maxSlots, slots * 4)
      this.resize(n)
      this.mask = n - 1
    }
    if (this.lookups === this.window) {
      if (this.hits < this.window * this.minShare) this.on = false
      this.lookups = 0
      this.hits = 0
    }
    const size = this.mask + 1
    this.next = size < this.maxSlots ? size * 4 : this.window
  }
}

/**
 * A memo of small results keyed by the cell hash (direct-mapped, up to
 * 1,024 slots): a column of repeated values (facility names, countries) is
 * classified once per distinct value, in bounded memory, without allocation.
 * Off (`on` false) once a window of MEMO_WINDOW look-ups found fewer than
 * one in eight stored (a column of distinct names): from then on `get`
 * finds nothing and `set` keeps nothing, and callers compute every value.
 */
export class Memo extends GrowingCache {
  private keys = new Uint32Array(FIRST_SLOTS)
  private vals = new Int16Array(FIRST_SLOTS).fill(-1)

  constructor() {
    super(MEMO_SLOTS, MEMO_WINDOW, 1 / 8)
  }

  /** The stored result, or -1. */
  get(hash: number): number {
    if (!this.on) return -1
    if (++this.lookups === this.next) this.checkpoint()
    const i = hash & this.mask
    if (this.keys[i] !== hash) return -1
    this.hits++
    return this.vals[i] as number
  }
  set(hash: number, v: number): void {
    if (!this.on) return
    const i = hash & this.mask
    this.keys[i] = hash
    this.vals[i] = v
  }
  protected resize(n: number): void {
    this.keys = new Uint32Array(n)
    this.vals = new Int16Array(n).fill(-1)
  }
}

const SHAPE_SLOTS = 512
/** Judge a column's cache hit rate after this many lookups. */
const SHAPE_WINDOW = 2048

/**
 * Per column: shapes of values seen before, keyed by hash and length
 * (direct-mapped, up to 512 slots, growing as Memo does; values up to 255
 * characters so that no count overflows its byte). A column of repeated
 * values (facilities, countries, report dates) is then hashed, not measured:
 * the hash is one cheap pass. A column whose values rarely repeat (IDs,
 * amounts) turns the cache off after 2,048 lookups with fewer than half hits.
 */
export class ShapeCache extends GrowingCache {
  private keys = new Uint32Array(FIRST_SLOTS)
  private packed = new Int32Array(FIRST_SLOTS * 4)

  constructor() {
    super(SHAPE_SLOTS, SHAPE_WINDOW, 1 / 2)
  }

  /** Fills `s` with the stored shape of the value with this hash and length; false when not stored. */
  load(key: number, length: number, s: CellShape): boolean {
    if (++this.lookups === this.next) this.checkpoint()
    const slot = key & this.mask
    const p = slot * 4
    const packed = this.packed
    if (this.keys[slot] !== key || packed[p + 3] !== length) return false
    this.hits++
    const a = packed[p] as number
    const b = packed[p + 1] as number
    const c = packed[p + 2] as number
    s.digits = a & 255
    s.letters = (a >>> 8) & 255
    s.upper = (a >>> 16) & 255
    s.spaces = a >>> 24
    s.at = b & 255
    s.comma = (b >>> 8) & 255
    s.dash = (b >>> 16) & 255
    s.slash = b >>> 24
    s.dot = c & 255
    s.hash = (c >>> 8) & 255
    s.plus = (c >>> 16) & 255
    s.paren = c >>> 24
    s.length = length
    s.key = key
    return true
  }

  /** Stores a measured shape (of a value of at most 255 characters). */
  store(s: CellShape): void {
    const slot = s.key & this.mask
    const p = slot * 4
    this.keys[slot] = s.key
    this.packed[p] = s.digits | (s.letters << 8) | (s.upper << 16) | (s.spaces << 24)
    this.packed[p + 1] = s.at | (s.comma << 8) | (s.dash << 16) | (s.slash << 24)
    this.packed[p + 2] = s.dot | (s.hash << 8) | (s.plus << 16) | (s.paren << 24)
    this.packed[p + 3] = s.length
  }

  protected resize(n: number): void {
    this.keys = new Uint32Array(n)
    this.packed = new Int32Array(n * 4)
  }
}

/** The engine's per-cell pass as one call: counts into `s`, and the hash returned (also left in `s.key`). */
export function measureAndHash(v: string, s: CellShape): number {
  return measure(v, s).key
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
