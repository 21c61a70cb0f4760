// Distinct-value estimate in fixed memory: K minimum values (KMV). Exact up
// to K distinct values, then a good estimate; memory never grows with rows.

const K = 256
const SPACE = 2 ** 32

export class DistinctSketch {
  private readonly heap: number[] = [] // max-heap of the K smallest hashes
  private readonly members = new Set<number>()
  /** Recently added hashes (direct-mapped): spares the set lookup for repeated values. */
  private readonly recent = new Uint32Array(64)
  /**
   * Hashes at or above this change nothing (the largest kept once K are
   * kept): a caller may skip `add` for them, which most hashes are.
   */
  limit = SPACE

  add(hash: number): void {
    const heap = this.heap
    if (hash >= this.limit) return
    const slot = hash & 63
    if (this.recent[slot] === hash && hash !== 0) return
    this.recent[slot] = hash
    if (this.members.has(hash)) return
    if (heap.length < K) {
      heap.push(hash)
      this.members.add(hash)
      siftUp(heap, heap.length - 1)
      if (heap.length === K) this.limit = heap[0] as number
      return
    }
    this.members.delete(heap[0] as number)
    heap[0] = hash
    this.members.add(hash)
    siftDown(heap, 0)
    this.limit = heap[0] as number
  }

  estimate(): number {
    const n = this.heap.length
    if (n < K) return n
    return Math.round(((K - 1) * SPACE) / ((this.heap[0] as number) + 1))
  }
}

function siftUp(h: number[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1
    if ((h[p] as number) >= (h[i] as number)) return
    ;[h[p], h[i]] = [h[i] as number, h[p] as number]
    i = p
  }
}

function siftDown(h: number[], i: number): void {
  const n = h.length
  for (;;) {
    const l = 2 * i + 1
    const r = l + 1
    let m = i
    if (l < n && (h[l] as number) > (h[m] as number)) m = l
    if (r < n && (h[r] as number) > (h[m] as number)) m = r
    if (m === i) return
    ;[h[m], h[i]] = [h[i] as number, h[m] as number]
    i = m
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
