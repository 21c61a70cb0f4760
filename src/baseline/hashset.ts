// A set of 64-bit value hashes in two typed arrays (open addressing, linear
// probing): about 16 bytes per distinct value at most, no object per value.
// The novelty comparison keeps every value of a column this way.

export class HashSet64 {
  private hi = new Uint32Array(64)
  private lo = new Uint32Array(64)
  private mask = 63
  private count = 0
  /** The all-zero hash (the empty-slot marker) is kept apart. */
  private zero = false

  get size(): number {
    return this.count + (this.zero ? 1 : 0)
  }

  add(hi: number, lo: number): void {
    hi >>>= 0
    lo >>>= 0
    if (hi === 0 && lo === 0) {
      this.zero = true
      return
    }
    if ((this.count + 1) * 2 > this.mask) this.grow()
    this.insert(hi, lo)
  }

  has(hi: number, lo: number): boolean {
    hi >>>= 0
    lo >>>= 0
    if (hi === 0 && lo === 0) return this.zero
    for (let i = lo & this.mask; ; i = (i + 1) & this.mask) {
      const h = this.hi[i] as number
      const l = this.lo[i] as number
      if (h === hi && l === lo) return true
      if (h === 0 && l === 0) return false
    }
  }

  /** Every hash of this set is in `other`. */
  within(other: HashSet64): boolean {
    if (this.zero && !other.zero) return false
    for (let i = 0; i <= this.mask; i++) {
      const h = this.hi[i] as number
      const l = this.lo[i] as number
      if ((h !== 0 || l !== 0) && !other.has(h, l)) return false
    }
    return true
  }

  forEach(f: (hi: number, lo: number) => void): void {
    if (this.zero) f(0, 0)
    for (let i = 0; i <= this.mask; i++) if (this.hi[i] !== 0 || this.lo[i] !== 0) f(this.hi[i] as number, this.lo[i] as number)
  }

  private insert(hi: number, lo: number): void {
    for (let i = lo & this.mask; ; i = (i + 1) & this.mask) {
      const h = this.hi[i] as number
      const l = this.lo[i] as number
      if (h === hi && l === lo) return
      if (h === 0 && l === 0) {
        this.hi[i] = hi
        this.lo[i] = lo
        this.count++
        return
      }
    }
  }

  private grow(): void {
    const { hi, lo } = this
    const size = (this.mask + 1) * 2
    this.hi = new Uint32Array(size)
    this.lo = new Uint32Array(size)
    this.mask = size - 1
    this.count = 0
    for (let i = 0; i < hi.length; i++) if (hi[i] !== 0 || lo[i] !== 0) this.insert(hi[i] as number, lo[i] as number)
  }
}
