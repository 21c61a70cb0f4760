// unique, primaryKey and foreignKeys with bounded memory. A key is kept as a
// 64-bit hash (two 32-bit halves in typed arrays), never as text: memory is
// 8 bytes a slot whatever the cell holds, and no cell text stays in memory.
// Two different keys share a hash with probability about n²/2^65 (for 4M keys,
// 4e-7): the cost would be one false "repeated" finding, never a missed one.

/**
 * Distinct keys kept per table, all unique/primaryKey/foreignKey sets together:
 * at most about 64 MB of slots (96 MB for the moment a table doubles).
 */
export const MAX_KEYS_PER_TABLE = 4_000_000

/** The limit new budgets get (tests lower it to reach it with small files). */
export const keyLimit = { perTable: MAX_KEYS_PER_TABLE }

/** A shared allowance: every set of one table draws from it. */
export class KeyBudget {
  used = 0
  constructor(readonly limit = keyLimit.perTable) {}
  take(): boolean {
    if (this.used >= this.limit) return false
    this.used++
    return true
  }
}

// Hash state lives in a typed array: 32-bit values in module variables would be
// boxed (a heap number per assignment); in a typed array they are not.
// S[0], S[1]: the two lanes while a key is hashed; S[2], S[3]: the finished hash (h1, h2).
const S = new Int32Array(4)

// A key is hashed part by part (a composite key needs no joined string):
// hashStart(), then hashString / hashNumber per part, then the set reads (h1, h2).

/** Begin a key. */
export function hashStart(): void {
  S[0] = 0xdeadbeef | 0
  S[1] = 0x41c6ce57
}

/** One text part (cyrb53's multiply-xorshift lanes), then a separator. */
export function hashString(s: string): void {
  let x = S[0] as number
  let y = S[1] as number
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    x = Math.imul(x ^ c, 2654435761)
    y = Math.imul(y ^ c, 1597334677)
  }
  S[0] = Math.imul(x ^ 0x1f, 2654435761)
  S[1] = Math.imul(y ^ 0x1f, 1597334677)
}

const f64 = new Float64Array(1)
const u32 = new Int32Array(f64.buffer)

/** One number part: its 64 bits, so `1` and `1.0` are the same key and no string is made. */
export function hashNumber(n: number): void {
  f64[0] = n === 0 ? 0 : n // -0 and 0 are one value
  const lo = u32[0] as number
  const hi = u32[1] as number
  S[0] = Math.imul(Math.imul((S[0] as number) ^ lo, 2654435761) ^ hi ^ 0x2e, 2654435761)
  S[1] = Math.imul(Math.imul((S[1] as number) ^ lo, 1597334677) ^ hi ^ 0x2e, 1597334677)
}

/** One cast value as a key part. */
export function hashValue(v: number | string | boolean): void {
  if (typeof v === 'number') hashNumber(v)
  else hashString(typeof v === 'string' ? v : v ? 'true' : 'false')
}

/** murmur3's finaliser: every input bit reaches every output bit. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return h ^ (h >>> 16)
}

/** End the key: S[2], S[3] is its 64-bit hash; S[3] is never 0 (0 marks an empty slot). */
function hashEnd(): void {
  const x = fmix((S[0] as number) ^ Math.imul(S[1] as number, 0x9e3779b1 | 0))
  S[2] = x
  S[3] = fmix((S[1] as number) ^ x) || 1
}

export type AddResult = 'new' | 'seen' | 'full'

/**
 * A set of hashed keys: open addressing, linear probing, grows to the budget. Slot i is (t[2i], t[2i+1]): one cache line per probe.
 * Smaller slots (a 32-bit fingerprint, h1 in a second array) and region-sorted adds were measured: no faster (docs/schema.md, Speed).
 */
export class KeySet {
  private t = new Int32Array(2 << 12)
  private mask = (1 << 12) - 1
  private size = 0
  constructor(private readonly budget: KeyBudget) {}

  /** add() for the key built with hashStart/hashString/hashNumber. */
  addHashed(): AddResult {
    hashEnd()
    return this.insert(S[2] as number, S[3] as number)
  }

  /** Add the hash (h1, h2); h2 is never 0. */
  insert(h1: number, h2: number): AddResult {
    const t = this.t
    const slot = this.find(h1, h2)
    if (t[slot + 1] !== 0) return 'seen'
    if (!this.budget.take()) return 'full'
    t[slot] = h1
    t[slot + 1] = h2
    if (++this.size * 2 > this.mask) this.grow()
    return 'new'
  }

  /** has() for the key built with hashStart/hashString/hashNumber. */
  hasHashed(): boolean {
    hashEnd()
    return this.t[this.find(S[2] as number, S[3] as number) + 1] !== 0
  }

  /** For PendingRefs: a key already hashed. */
  hasHash(x: number, y: number): boolean {
    return this.t[this.find(x, y) + 1] !== 0
  }

  /** Read the slot where h1's probe starts (see KeyQueue.flush): its cache line is then at hand for the add. */
  touch(h1: number): number {
    return this.t[2 * (h1 & this.mask) + 1] as number
  }

  /** The array index of (h1, h2)'s slot, or of the empty slot where it would go. */
  private find(h1: number, h2: number): number {
    const t = this.t
    const mask = this.mask
    let i = h1 & mask
    for (;;) {
      const b = t[2 * i + 1] as number
      if (b === 0 || (b === h2 && t[2 * i] === h1)) return 2 * i
      i = (i + 1) & mask
    }
  }

  private grow(): void {
    const old = this.t
    const t = (this.t = new Int32Array(old.length * 2))
    this.mask = this.mask * 2 + 1
    for (let j = 0; j < old.length; j += 2) {
      const h2 = old[j + 1] as number
      if (h2 === 0) continue
      const slot = this.find(old[j] as number, h2)
      t[slot] = old[j] as number
      t[slot + 1] = h2
    }
  }
}

/**
 * Adds waiting to be made, in row order. A table's key sets are spread over
 * megabytes, so each add is one memory access that misses the cache; made
 * one after another in a tight loop (not one per row between the detectors'
 * work) the processor overlaps those misses. Results are exactly those of
 * adding at once: the adds are made in the same order, before anything reads
 * the sets (flush() before a set is read or the table ends).
 */
export class KeyQueue {
  static readonly SIZE = 512
  private readonly h = new Int32Array(2 * KeyQueue.SIZE)
  private readonly who = new Int32Array(KeyQueue.SIZE)
  private readonly pos = new Float64Array(KeyQueue.SIZE)
  private n = 0
  /** Keeps flush()'s touching reads from being optimised away. */
  private touched = 0
  /**
   * @param sets the sets adds go to, by number
   * @param done called for every add that was not 'new', in order
   */
  constructor(
    private readonly sets: readonly KeySet[],
    private readonly done: (who: number, r: AddResult, pos: number) => void
  ) {}

  /** Queue the key built with hashStart/hashString/hashNumber for set `who`, found in row `pos`. */
  push(who: number, pos: number): void {
    hashEnd()
    const n = this.n
    this.h[2 * n] = S[2] as number
    this.h[2 * n + 1] = S[3] as number
    this.who[n] = who
    this.pos[n] = pos
    if (++this.n === KeyQueue.SIZE) this.flush()
  }

  flush(): void {
    const { h, who, pos, sets } = this
    const n = this.n
    this.n = 0
    // First only read each add's slot: independent loads, whose cache misses
    // the processor overlaps; the adds below then find their slots in cache.
    let touched = 0
    for (let i = 0; i < n; i++) touched ^= (sets[who[i] as number] as KeySet).touch(h[2 * i] as number)
    this.touched = touched
    for (let i = 0; i < n; i++) {
      const w = who[i] as number
      const r = (sets[w] as KeySet).insert(h[2 * i] as number, h[2 * i + 1] as number)
      if (r !== 'new') this.done(w, r, pos[i] as number)
    }
  }
}

/**
 * One column's keys (unique, single-field primary key). A run of consecutive
 * integers (row ids 1, 2, 3...) is kept as two numbers, not hashed: checking
 * such a column costs no memory and no hashing until the run breaks; then the
 * run goes into the set and hashing takes over.
 */
export class ColumnKeys {
  private lo = 0
  private hi = -1
  private run = true
  constructor(readonly keys: KeySet) {}

  add(v: number | string | boolean): AddResult {
    const r = this.run ? this.inRun(v, null) : null
    if (r !== null) return r
    hashStart()
    hashValue(v)
    return this.keys.addHashed()
  }

  /** add(), but a key that needs the set waits in `queue` (as set `who`, row `pos`): null then, else the result. */
  addQueued(v: number | string | boolean, queue: KeyQueue, who: number, pos: number): AddResult | null {
    const r = this.run ? this.inRun(v, queue) : null
    if (r !== null) return r
    hashStart()
    hashValue(v)
    queue.push(who, pos)
    return null
  }

  /** The result while v continues the run; else the run goes into the set (after the queue's adds) and null. */
  private inRun(v: number | string | boolean, queue: KeyQueue | null): AddResult | null {
    if (typeof v === 'number' && Number.isSafeInteger(v)) {
      if (this.hi < this.lo) {
        this.lo = this.hi = v
        return 'new'
      }
      if (v === this.hi + 1) {
        this.hi = v
        return 'new'
      }
      if (v >= this.lo && v <= this.hi) return 'seen'
    }
    this.run = false
    queue?.flush()
    for (let x = this.lo; x <= this.hi; x++) {
      hashStart()
      hashNumber(x)
      if (this.keys.addHashed() === 'full') return 'full'
    }
    return null
  }
}

/**
 * References not (yet) found in the referenced keys: the hash and the row,
 * checked again when the referenced table is complete.
 */
export class PendingRefs {
  private lo = new Int32Array(256)
  private hi = new Int32Array(256)
  private pos = new Float64Array(256)
  length = 0
  constructor(private readonly budget: KeyBudget) {}

  /** Keep the key built with hashStart/hashString/hashNumber (and tested with hasHashed). */
  pushHashed(at: number): boolean {
    if (!this.budget.take()) return false
    hashEnd()
    if (this.length === this.lo.length) {
      const n = this.lo.length * 2
      this.lo = grown(this.lo, new Int32Array(n))
      this.hi = grown(this.hi, new Int32Array(n))
      this.pos = grown(this.pos, new Float64Array(n))
    }
    this.lo[this.length] = S[2] as number
    this.hi[this.length] = S[3] as number
    this.pos[this.length++] = at
    return true
  }

  /** Rows whose key is not in `keys`, in order. */
  *missing(keys: KeySet): Generator<number> {
    for (let i = 0; i < this.length; i++) {
      if (!keys.hasHash(this.lo[i] as number, this.hi[i] as number)) yield this.pos[i] as number
    }
  }
}

function grown<T extends Int32Array | Float64Array>(old: T, next: T): T {
  next.set(old)
  return next
}
