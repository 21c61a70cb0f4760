// unique, primaryKey and foreignKeys with bounded memory. A key is kept as a
// 64-bit hash (two 32-bit halves in typed arrays), never as text: memory is
// 16 bytes a slot whatever the cell holds, and no cell text stays in memory.
// Two different keys share a hash with probability about n²/2^65 (for 4M keys,
// 4e-7): the cost would be one false "repeated" finding, never a missed one.

/** Distinct keys kept per table, all unique/primaryKey/foreignKey sets together (~128 MB at most). */
export const MAX_KEYS_PER_TABLE = 4_000_000

/** A shared allowance: every set of one table draws from it. */
export class KeyBudget {
  used = 0
  constructor(readonly limit = MAX_KEYS_PER_TABLE) {}
  take(): boolean {
    if (this.used >= this.limit) return false
    this.used++
    return true
  }
}

let h1 = 0
let h2 = 0

/** 64-bit hash of a string into (h1, h2): two multiply-xorshift lanes (cyrb53's mixing). */
function hash(s: string): void {
  let a = 0xdeadbeef
  let b = 0x41c6ce57
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    a = Math.imul(a ^ c, 2654435761)
    b = Math.imul(b ^ c, 1597334677)
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909)
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909)
  h1 = a >>> 0
  h2 = b >>> 0 || 1 // (x, 0) marks an empty slot
}

export type AddResult = 'new' | 'seen' | 'full'

/** A set of hashed keys: open addressing, linear probing, grows to the budget. */
export class KeySet {
  private lo = new Uint32Array(1 << 12)
  private hi = new Uint32Array(1 << 12)
  private size = 0
  constructor(private readonly budget: KeyBudget) {}

  add(key: string): AddResult {
    hash(key)
    const slot = this.find()
    if (this.hi[slot] !== 0) return 'seen'
    if (!this.budget.take()) return 'full'
    this.lo[slot] = h1
    this.hi[slot] = h2
    if (++this.size * 2 > this.lo.length) this.grow()
    return 'new'
  }

  has(key: string): boolean {
    hash(key)
    return this.hi[this.find()] !== 0
  }

  /** For PendingRefs: a key already hashed. */
  hasHash(a: number, b: number): boolean {
    h1 = a
    h2 = b
    return this.hi[this.find()] !== 0
  }

  /** The slot of (h1, h2), or the empty slot where it would go. */
  private find(): number {
    const mask = this.lo.length - 1
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask
    while (this.hi[i] !== 0 && (this.lo[i] !== h1 || this.hi[i] !== h2)) i = (i + 1) & mask
    return i
  }

  private grow(): void {
    const oldLo = this.lo
    const oldHi = this.hi
    this.lo = new Uint32Array(oldLo.length * 2)
    this.hi = new Uint32Array(oldLo.length * 2)
    const keepH1 = h1
    const keepH2 = h2
    for (let j = 0; j < oldLo.length; j++) {
      if (oldHi[j] === 0) continue
      h1 = oldLo[j] as number
      h2 = oldHi[j] as number
      const slot = this.find()
      this.lo[slot] = h1
      this.hi[slot] = h2
    }
    h1 = keepH1
    h2 = keepH2
  }
}

/**
 * References not (yet) found in the referenced keys: the hash and the row,
 * checked again when the referenced table is complete.
 */
export class PendingRefs {
  private lo = new Uint32Array(256)
  private hi = new Uint32Array(256)
  private pos = new Float64Array(256)
  length = 0
  constructor(private readonly budget: KeyBudget) {}

  push(key: string, at: number): boolean {
    if (!this.budget.take()) return false
    if (this.length === this.lo.length) {
      const n = this.lo.length * 2
      this.lo = grown(this.lo, new Uint32Array(n))
      this.hi = grown(this.hi, new Uint32Array(n))
      this.pos = grown(this.pos, new Float64Array(n))
    }
    hash(key)
    this.lo[this.length] = h1
    this.hi[this.length] = h2
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

function grown<T extends Uint32Array | Float64Array>(old: T, next: T): T {
  next.set(old)
  return next
}
