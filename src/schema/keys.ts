// unique, primaryKey and foreignKeys with bounded memory. A key is kept as a
// 64-bit hash (two 32-bit halves in typed arrays), never as text: memory is
// 8 bytes a slot (16 bytes a logged key, with its row) whatever the cell
// holds, and no cell text stays in memory.
// Two different keys share a hash with probability about n²/2^65 (for 4M keys,
// 4e-7): the cost would be one false "repeated" finding, never a missed one.

/**
 * Keys kept per table, all unique/primaryKey/foreignKey sets together: at
 * most about 64 MB (a KeySet keeps distinct keys, 96 MB for the moment it
 * doubles; a KeyLog keeps every key with its row, about 115 MB while it is
 * checked at the table's end).
 */
export const MAX_KEYS_PER_TABLE = 4_000_000

/** A shared allowance: every set of one table draws from it. */
export class KeyBudget {
  used = 0
  constructor(readonly limit: number) {}
  take(): boolean {
    if (this.used >= this.limit) return false
    this.used++
    return true
  }
}

// The hash's numbers are written as literals, not as module constants: a
// module binding is loaded (and checked) on every use, which measured 3–5 %
// of the schema check on a composite primary key. They are cyrb53's lane
// seeds (0xdeadbeef, 0x41c6ce57) and multipliers (2654435761, 1597334677), a
// mark after each text part (0x1f) and number part (0x2e), the golden-ratio
// mix of the two lanes (0x9e3779b1) and murmur3's finaliser multipliers.

/**
 * Hashes one key at a time, part by part (a composite key needs no joined
 * string): start(), then value() per part; a set then takes the hash
 * (KeySet.addHashed, ...), which ends it. One per table (KeyCheck), shared by
 * its sets. The state lives in a typed array: 32-bit values in fields would be
 * boxed (a heap number per assignment); in a typed array they are not.
 */
export class KeyHasher {
  /** [0], [1]: the two lanes while a key is hashed; [2], [3]: the finished hash (h1, h2). */
  private readonly s = new Int32Array(4)
  /** A number part's 64 bits, as two 32-bit halves. */
  private readonly f64 = new Float64Array(1)
  private readonly u32 = new Int32Array(this.f64.buffer)

  /** Begin a key. */
  start(): void {
    this.s[0] = 0xdeadbeef | 0
    this.s[1] = 0x41c6ce57
  }

  /** One cast value as a key part. */
  value(v: number | string | boolean): void {
    if (typeof v === 'number') this.number(v)
    else this.string(typeof v === 'string' ? v : v ? 'true' : 'false')
  }

  /** One text part (cyrb53's multiply-xorshift lanes), then a separator. */
  private string(text: string): void {
    const s = this.s
    let x = s[0] as number
    let y = s[1] as number
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      x = Math.imul(x ^ c, 2654435761)
      y = Math.imul(y ^ c, 1597334677)
    }
    s[0] = Math.imul(x ^ 0x1f, 2654435761)
    s[1] = Math.imul(y ^ 0x1f, 1597334677)
  }

  /** One number part: its 64 bits, so `1` and `1.0` are the same key and no string is made. */
  private number(n: number): void {
    const { s, u32 } = this
    this.f64[0] = n === 0 ? 0 : n // -0 and 0 are one value
    const lo = u32[0] as number
    const hi = u32[1] as number
    s[0] = Math.imul(Math.imul((s[0] as number) ^ lo, 2654435761) ^ hi ^ 0x2e, 2654435761)
    s[1] = Math.imul(Math.imul((s[1] as number) ^ lo, 1597334677) ^ hi ^ 0x2e, 1597334677)
  }

  /** End the key: (h1, h2) is its 64-bit hash; h2 is never 0 (0 marks an empty slot). */
  end(): void {
    const s = this.s
    const x = fmix((s[0] as number) ^ Math.imul(s[1] as number, 0x9e3779b1 | 0))
    s[2] = x
    s[3] = fmix((s[1] as number) ^ x) || 1
  }

  get h1(): number {
    return this.s[2] as number
  }

  get h2(): number {
    return this.s[3] as number
  }
}

/** murmur3's finaliser: every input bit reaches every output bit. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return h ^ (h >>> 16)
}

export type AddResult = 'new' | 'seen' | 'full'

/** Entries per page of a KeyLog (1 MB of hashes and rows). */
const PAGE_BITS = 16
const PAGE = 1 << PAGE_BITS

/**
 * A set of hashed keys, for keys read while the table streams (foreign keys):
 * open addressing, linear probing, grows to the budget. Slot i is
 * (t[2i], t[2i+1]): one cache line per probe.
 */
export class KeySet {
  private t = new Int32Array(2 << 12)
  private mask = (1 << 12) - 1
  private size = 0
  constructor(private readonly budget: KeyBudget) {}

  /** Add the key the hasher holds. */
  addHashed(h: KeyHasher): AddResult {
    h.end()
    return this.insert(h.h1, h.h2)
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

  /** Whether the set has the key the hasher holds. */
  hasHashed(h: KeyHasher): boolean {
    h.end()
    return this.t[this.find(h.h1, h.h2) + 1] !== 0
  }

  /** For PendingRefs: a key already hashed. */
  hasHash(x: number, y: number): boolean {
    return this.t[this.find(x, y) + 1] !== 0
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
 * A table's keys as a log: each key's hash and row, in row order, checked
 * for repeats once, when the table ends (in buckets small enough for a hash
 * table that stays in cache). For tables whose keys nothing reads while
 * they stream (no foreign key from or to them). Appending touches memory in
 * order; adding each key to a hash set of a million keys missed the cache
 * once a row and slowed the detectors beside it (docs/schema.md, Speed).
 * Every logged key draws on the budget, repeats included.
 */
export class KeyLog {
  // The log in pages of PAGE entries (the first grows to PAGE by doubling):
  // a long log never copies itself, and never leaves its old copies behind.
  private h1: Int32Array[] = [new Int32Array(1024)]
  private h2: Int32Array[] = [new Int32Array(1024)]
  private pos: Float64Array[] = [new Float64Array(1024)]
  private cur1 = this.h1[0] as Int32Array
  private cur2 = this.h2[0] as Int32Array
  private curPos = this.pos[0] as Float64Array
  private n = 0
  constructor(private readonly budget: KeyBudget) {}

  /** Log the key the hasher holds, found in row `at`; false when the budget is spent. */
  pushHashed(h: KeyHasher, at: number): boolean {
    if (!this.budget.take()) return false
    h.end()
    const o = this.n & (PAGE - 1)
    if (o === this.cur1.length || (o === 0 && this.n > 0)) this.nextPage()
    this.cur1[o] = h.h1
    this.cur2[o] = h.h2
    this.curPos[o] = at
    this.n++
    return true
  }

  private nextPage(): void {
    const last = this.h1.length - 1
    if (this.cur1.length < PAGE) {
      // Still the first page: double it.
      const size = this.cur1.length * 2
      this.h1[last] = this.cur1 = grown(this.cur1, new Int32Array(size))
      this.h2[last] = this.cur2 = grown(this.cur2, new Int32Array(size))
      this.pos[last] = this.curPos = grown(this.curPos, new Float64Array(size))
      return
    }
    this.h1.push((this.cur1 = new Int32Array(PAGE)))
    this.h2.push((this.cur2 = new Int32Array(PAGE)))
    this.pos.push((this.curPos = new Float64Array(PAGE)))
  }

  /** The rows whose key was logged in an earlier row, in row order. Once, at the table's end: the log is used up. */
  repeats(): number[] {
    const n = this.n
    const { h1, h2, pos } = this
    const pageLength = (p: number): number => Math.min(PAGE, n - p * PAGE)
    // One stable pass spreads the entries over 256 buckets by h1's top byte
    // (each bucket in log order, so a key's first row comes first); a bucket
    // is then small enough for a hash table that stays in cache.
    const next = new Int32Array(257)
    for (let p = 0; p * PAGE < n; p++) {
      const page = h1[p] as Int32Array
      for (let o = 0, len = pageLength(p); o < len; o++) {
        const b = ((page[o] as number) >>> 24) + 1
        next[b] = (next[b] as number) + 1
      }
    }
    for (let b = 0; b < 256; b++) next[b + 1] = (next[b + 1] as number) + (next[b] as number)
    const start = next.slice()
    const a1 = new Int32Array(n)
    const a2 = new Int32Array(n)
    const entry = new Uint32Array(n)
    for (let p = 0; p * PAGE < n; p++) {
      const p1 = h1[p] as Int32Array
      const p2 = h2[p] as Int32Array
      for (let o = 0, len = pageLength(p), i = p * PAGE; o < len; o++, i++) {
        const x = p1[o] as number
        const b = x >>> 24
        const to = next[b] as number
        next[b] = to + 1
        a1[to] = x
        a2[to] = p2[o] as number
        entry[to] = i
      }
    }
    const out: number[] = []
    let table = new Int32Array(0)
    for (let b = 0; b < 256; b++) {
      const from = start[b] as number
      const to = start[b + 1] as number
      if (to - from < 2) continue
      let cap = 16
      while (cap < 2 * (to - from)) cap *= 2
      if (table.length < 2 * cap) table = new Int32Array(2 * cap)
      else table.fill(0, 0, 2 * cap)
      const mask = cap - 1
      for (let i = from; i < to; i++) {
        const x = a1[i] as number
        const y = a2[i] as number // never 0: 0 marks an empty slot
        let slot = x & mask
        for (;;) {
          const t = table[2 * slot + 1] as number
          if (t === 0) {
            table[2 * slot] = x
            table[2 * slot + 1] = y
            break
          }
          if (t === y && table[2 * slot] === x) {
            out.push(entry[i] as number)
            break
          }
          slot = (slot + 1) & mask
        }
      }
    }
    const rows = Array.from(Uint32Array.from(out).sort(), (e) => (pos[e >>> PAGE_BITS] as Float64Array)[e & (PAGE - 1)] as number)
    this.h1 = this.h2 = []
    this.pos = []
    this.n = 0
    return rows
  }
}

/** Where a key goes: a set answers now; a log answers at the table's end (null now, or 'full'). */
export type KeyStore = KeySet | KeyLog

/** Add the key the hasher holds (found in row `at`). */
export function addKey(store: KeyStore, h: KeyHasher, at: number): AddResult | null {
  if (store instanceof KeyLog) return store.pushHashed(h, at) ? null : 'full'
  return store.addHashed(h)
}

/**
 * One column's keys (unique, single-field primary key). A run of consecutive
 * integers (row ids 1, 2, 3...) is kept as two numbers, not hashed: checking
 * such a column costs no memory and no hashing until the run breaks; then the
 * run goes into the store and hashing takes over.
 */
export class ColumnKeys {
  private lo = 0
  private hi = -1
  private run = true
  constructor(
    readonly keys: KeyStore,
    private readonly hasher: KeyHasher
  ) {}

  /** Add v, found in row `at`: the result, or null when a log will tell (KeyLog.repeats). */
  add(v: number | string | boolean, at = 0): AddResult | null {
    if (this.run) {
      const r = this.inRun(v, at)
      if (r !== undefined) return r
    }
    const h = this.hasher
    h.start()
    h.value(v)
    return addKey(this.keys, h, at)
  }

  /** The result while v continues the run; else the run goes into the store and undefined (or 'full'). */
  private inRun(v: number | string | boolean, at: number): AddResult | undefined {
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
    // The run's ids are logged at this row: each is its key's first row.
    const h = this.hasher
    for (let x = this.lo; x <= this.hi; x++) {
      h.start()
      h.value(x)
      if (addKey(this.keys, h, at) === 'full') return 'full'
    }
    return undefined
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

  /** Keep the key the hasher holds (and tested with hasHashed), found in row `at`. */
  pushHashed(h: KeyHasher, at: number): boolean {
    if (!this.budget.take()) return false
    h.end()
    if (this.length === this.lo.length) {
      const n = this.lo.length * 2
      this.lo = grown(this.lo, new Int32Array(n))
      this.hi = grown(this.hi, new Int32Array(n))
      this.pos = grown(this.pos, new Float64Array(n))
    }
    this.lo[this.length] = h.h1
    this.hi[this.length] = h.h2
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
