// Distinct-value estimate in fixed memory: K minimum values (KMV). Exact up
// to K distinct values, then a good estimate; memory never grows with rows.

const K = 256
const SPACE = 2 ** 32
/** Hashes kept before the first growth (the array doubles up to K): a column of few cells costs a few bytes. */
const FIRST_CAPACITY = 8
const NONE = new Uint32Array(0)

/**
 * Per column, and a table may have thousands of columns: the K smallest
 * hashes are kept in one sorted typed array that grows with what is kept
 * (4 bytes a hash). Membership is a binary search; a new hash below the
 * limit is put in place and, once K are kept, the largest drops off the end.
 */
export class DistinctSketch {
  // Allocated on the first add (a shared empty array until then).
  private kept = NONE
  private size = 0
  /**
   * Hashes at or above this change nothing (the largest kept once K are
   * kept): a caller may skip `add` for them, which most hashes are.
   */
  limit = SPACE

  add(hash: number): void {
    if (hash >= this.limit) return
    const kept = this.kept
    const n = this.size
    // First index whose hash is >= `hash`.
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((kept[mid] as number) < hash) lo = mid + 1
      else hi = mid
    }
    if (lo < n && kept[lo] === hash) return
    if (n < K) {
      if (n === kept.length) this.grow()
      const a = this.kept
      a.copyWithin(lo + 1, lo, n)
      a[lo] = hash
      this.size = n + 1
      if (n + 1 === K) this.limit = a[K - 1] as number
      return
    }
    // Full: the largest (last) drops off.
    kept.copyWithin(lo + 1, lo, K - 1)
    kept[lo] = hash
    this.limit = kept[K - 1] as number
  }

  estimate(): number {
    const n = this.size
    if (n < K) return n
    return Math.round(((K - 1) * SPACE) / ((this.kept[K - 1] as number) + 1))
  }

  private grow(): void {
    const a = new Uint32Array(Math.max(FIRST_CAPACITY, Math.min(K, this.kept.length * 2)))
    a.set(this.kept)
    this.kept = a
  }
}

/** FNV-1a, 32 bits, with a final mix: cheap and good enough for a distinct estimate. */
export function hash32(v: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < v.length; i++) {
    h ^= v.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  // Final avalanche so the minimum values are uniform.
  return fmix32(h)
}

/** murmur3's final mix: spreads a hash state over all 32 bits (unsigned result). */
export function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
