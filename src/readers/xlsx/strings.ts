// The shared-string table, stored compactly: the UTF-8 bytes of every plain
// item in one growing buffer, decoded when a cell (or the orphan scan) asks
// for it. A big table is hundreds of thousands of short strings; held as JS
// strings they all survive into the old generation and cost the collector
// more than decoding each use does. Items that needed more than their bytes
// (entities, `_x000D_` escapes, rich text) are kept as the strings they
// became, so every item reads back exactly as it was decoded.

import { utf8 } from './xml.js'

const INITIAL_BYTES = 64 * 1024

export class SharedStrings {
  /** 0: no cell uses the item; 1: one cell; 2: more (then it is in `cache`). Sized by `seal()`. */
  used = new Uint8Array(0)
  /** Items used more than once, decoded once. */
  private cache: Array<string | undefined> = []
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES)
  private size = 0
  /** Item i is bytes [ends[i-1], ends[i]) or, when in `decoded`, that string. */
  private ends: number[] = []
  private readonly decoded = new Map<number, string>()

  get count(): number {
    return this.ends.length
  }

  /** Append an item whose text is exactly the UTF-8 bytes `src[start, end)`. */
  addBytes(src: Buffer, start: number, end: number): void {
    const len = end - start
    if (this.size + len > this.bytes.length) this.grow(len)
    const b = this.bytes
    let p = this.size
    if (len <= 64) for (let k = start; k < end; k++) b[p++] = src[k] as number
    else p += src.copy(b, p, start, end)
    this.size = p
    this.ends.push(p)
  }

  /** Append an item as a decoded string. */
  addString(s: string): void {
    this.decoded.set(this.ends.length, s)
    this.ends.push(this.size)
  }

  /** Item i, or undefined when the table has no such item. */
  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.ends.length) || !Number.isInteger(i)) return undefined
    const end = this.ends[i] as number
    const start = i === 0 ? 0 : (this.ends[i - 1] as number)
    if (start === end) return this.decoded.get(i) ?? ''
    return utf8(this.bytes, start, end)
  }

  /**
   * Item i for a cell that uses it (marked used), or undefined when the table
   * has no such item. An item used again is decoded once and kept: repeated
   * values (a category, a country) come back as one string.
   */
  use(i: number): string | undefined {
    const u = this.used[i]
    if (u === undefined || !Number.isInteger(i)) return undefined
    if (u === 2) return this.cache[i]
    const s = this.get(i) as string
    if (u === 1) (this.cache[i] = s), (this.used[i] = 2)
    else this.used[i] = 1
    return s
  }

  /** The table is complete. */
  seal(): this {
    this.used = new Uint8Array(this.ends.length)
    this.cache = new Array<string | undefined>(this.ends.length)
    if (this.bytes.length > this.size * 2 + INITIAL_BYTES) this.bytes = Buffer.from(this.bytes.subarray(0, this.size))
    return this
  }

  private grow(need: number): void {
    let cap = this.bytes.length * 2
    while (cap < this.size + need) cap *= 2
    const next = Buffer.allocUnsafe(cap)
    this.bytes.copy(next, 0, 0, this.size)
    this.bytes = next
  }
}
