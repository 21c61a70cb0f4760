// Sets and small-value maps of 32-bit word hashes in typed arrays (open
// addressing, linear probing). A JS Set<number> boxes every hash above 2^30
// (half of them) on lookup and hashes the box: these tables look a word up
// with no allocation, which is the detectors' per-cell hot path.

/** Mixes a hash into a slot index (the word hashes are FNV: low bits alone are weak). */
function slotOf(h: number, mask: number): number {
  return (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 17) ^ (h & mask)
}

/** uint32 hash -> small flags (0 = absent). */
export class HashFlags32 {
  private keys: Uint32Array
  private vals: Uint8Array
  private mask: number
  private count = 0
  /** Flags of key 0 (0 marks an empty slot). */
  private zero = 0

  /** `expected`: about how many keys will be added (sizes the table once: no rehashing at start-up). */
  constructor(expected = 32) {
    let size = 64
    while (size < expected * 2 + 2) size *= 2
    this.keys = new Uint32Array(size)
    this.vals = new Uint8Array(size)
    this.mask = size - 1
  }

  get(h: number): number {
    h >>>= 0
    if (h === 0) return this.zero
    const keys = this.keys
    const mask = this.mask
    for (let i = slotOf(h, mask) & mask; ; i = (i + 1) & mask) {
      const k = keys[i] as number
      if (k === h) return this.vals[i] as number
      if (k === 0) return 0
    }
  }

  /** ORs `flags` into the key's flags. */
  or(h: number, flags: number): void {
    h >>>= 0
    if (h === 0) {
      this.zero |= flags
      return
    }
    if ((this.count + 1) * 2 > this.mask) this.grow()
    const keys = this.keys
    const mask = this.mask
    for (let i = slotOf(h, mask) & mask; ; i = (i + 1) & mask) {
      const k = keys[i] as number
      if (k === h) {
        this.vals[i] = (this.vals[i] as number) | flags
        return
      }
      if (k === 0) {
        keys[i] = h
        this.vals[i] = flags
        this.count++
        return
      }
    }
  }

  /** Every key with its flags. */
  forEach(f: (h: number, flags: number) => void): void {
    if (this.zero !== 0) f(0, this.zero)
    for (let i = 0; i <= this.mask; i++) if (this.keys[i] !== 0) f(this.keys[i] as number, this.vals[i] as number)
  }

  private grow(): void {
    const oldKeys = this.keys
    const oldVals = this.vals
    const size = (this.mask + 1) * 2
    this.keys = new Uint32Array(size)
    this.vals = new Uint8Array(size)
    this.mask = size - 1
    this.count = 0
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== 0) this.or(oldKeys[i] as number, oldVals[i] as number)
  }
}

/** A set of uint32 hashes. */
export class HashSet32 {
  private readonly table = new HashFlags32()
  add(h: number): this {
    this.table.or(h, 1)
    return this
  }
  has(h: number): boolean {
    return this.table.get(h) !== 0
  }
  forEach(f: (h: number) => void): void {
    this.table.forEach((h) => f(h))
  }
}
