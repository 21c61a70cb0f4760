// The shared-string table, stored compactly. A big table is hundreds of
// thousands of short strings; held as separate JS strings they all survive
// into the old generation and cost the collector more than the rest of the
// read. Instead:
// - a plain ASCII item (the common case) is a substring of the text of the
//   part's bytes it came from, decoded once as Latin-1 (one byte, one
//   character: exact for ASCII items whatever else the bytes hold) and kept;
//   nothing is copied or decoded per item;
// - other plain items keep their UTF-8 bytes in one growing buffer and are
//   decoded when a cell uses them;
// - items that needed more than their bytes (entities, `_x000D_` escapes,
//   rich text) are kept as the strings they became.
// Every item reads back exactly as it was decoded. An item that cells use
// more than once is decoded once and kept (a category, a country).

import { utf8 } from '../package/xml.js'

const INITIAL_BYTES = 64 * 1024
const IN_BYTES = -1
const DECODED = -2

export class SharedStrings {
  /** 0: no cell uses the item; 1: one cell; 2: more (then it is in `cache`). Sized by `seal()`. */
  used = new Uint8Array(0)
  /** Items used more than once, decoded once. */
  private cache: Array<string | undefined> = []
  private n = 0
  /**
   * Per item, three numbers: its block (or IN_BYTES, or DECODED), and its
   * start and end in that block (characters) or in `bytes`. A typed array:
   * nothing for the collector to trace or copy.
   */
  private items = new Int32Array(3 * 1024)
  private readonly blocks: string[] = []
  private lastBuf: Buffer | null = null
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES)
  private size = 0
  private readonly decoded = new Map<number, string>()

  get count(): number {
    return this.n
  }

  private push(where: number, start: number, end: number): void {
    let a = this.items
    const k = 3 * this.n++
    if (k + 3 > a.length) {
      a = new Int32Array(a.length * 2)
      a.set(this.items)
      this.items = a
    }
    a[k] = where
    a[k + 1] = start
    a[k + 2] = end
  }

  /**
   * Append an item whose text is exactly the UTF-8 bytes `src[start, end)`;
   * `ascii` when every one of those bytes is below 0x80.
   */
  addBytes(src: Buffer, start: number, end: number, ascii: boolean): void {
    if (ascii) {
      if (src !== this.lastBuf) {
        this.blocks.push(src.toString('latin1'))
        this.lastBuf = src
      }
      this.push(this.blocks.length - 1, start, end)
      return
    }
    const len = end - start
    if (this.size + len > this.bytes.length) this.grow(len)
    const at = this.size
    this.size += src.copy(this.bytes, at, start, end)
    this.push(IN_BYTES, at, this.size)
  }

  /** Append an item as a decoded string. */
  addString(s: string): void {
    this.decoded.set(this.n, s)
    this.push(DECODED, 0, 0)
  }

  /** Item i, or undefined when the table has no such item. */
  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.n) || !Number.isInteger(i)) return undefined
    const a = this.items
    const k = 3 * i
    const w = a[k] as number
    if (w >= 0) return (this.blocks[w] as string).substring(a[k + 1] as number, a[k + 2] as number)
    if (w === IN_BYTES) return utf8(this.bytes, a[k + 1] as number, a[k + 2] as number)
    return this.decoded.get(i) as string
  }

  /**
   * Item i for a cell that uses it (marked used), or undefined when the table
   * has no such item.
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
    this.lastBuf = null
    this.used = new Uint8Array(this.n)
    this.cache = new Array<string | undefined>(this.n)
    if (this.items.length > 3 * this.n * 2) this.items = this.items.slice(0, 3 * this.n)
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

/** `_x000D_`-style escapes of OOXML strings. */
export function unescapeOoxml(s: string): string {
  if (s.indexOf('_x') === -1) return s
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}
