// Two XML readers over a streamed part:
// - `parseXml`: saxes, a conforming streaming parser, for every general part
//   (decoded text);
// - `tokenize`: a narrow, fast tokenizer for the big, regular parts (sheet
//   data, shared strings, pivot cache records), on the part's UTF-8 bytes.
//   It knows tags, attributes, text, CDATA, comments and the five predefined
//   entities.
// A DOCTYPE that declares entities is refused by both (no entity is ever
// expanded beyond the predefined ones).

import { SaxesParser } from 'saxes'
import { UnreadableError } from '../../errors.js'
import { lit } from '../../findings.js'
import { MAX_TAG_CHARS } from './limits.js'

const xmlBomb = (): UnreadableError =>
  new UnreadableError(
    lit('an XML part has a DOCTYPE that declares entities (an XML bomb or external-entity attack)'),
    lit('save the workbook again from a spreadsheet program; they never write entity declarations')
  )
const badXml = (): UnreadableError =>
  new UnreadableError(
    lit('an XML part of the package is malformed, so its text cannot be read fully'),
    lit('save the workbook again from a spreadsheet program (or export it as CSV) and commit that file')
  )

const local = (name: string): string => {
  const i = name.indexOf(':')
  return i === -1 ? name : name.slice(i + 1)
}

export interface SaxHandler {
  open?(name: string, attrs: Record<string, string>): void
  close?(name: string): void
  text?(s: string): void
}

/** Stream a general XML part through saxes. Element names are local (prefix dropped). */
export async function parseXml(chunks: AsyncIterable<string>, h: SaxHandler): Promise<void> {
  const p = new SaxesParser({ position: false })
  // Errors thrown by our handlers (or the sink behind them) pass unchanged;
  // only the parser's own errors mean the XML is malformed.
  let inner: { e: unknown } | null = null
  const guard =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A): void => {
      try {
        fn(...a)
      } catch (e) {
        inner = { e }
        throw e
      }
    }
  p.on(
    'doctype',
    guard((d: string) => {
      if (/<!ENTITY/i.test(d)) throw xmlBomb()
    })
  )
  if (h.open) {
    const open = h.open.bind(h)
    p.on(
      'opentag',
      guard((t) => open(local(t.name), t.attributes as Record<string, string>))
    )
  }
  if (h.close) {
    const close = h.close.bind(h)
    p.on(
      'closetag',
      guard((t) => close(local(t.name)))
    )
  }
  if (h.text) {
    const text = guard(h.text.bind(h))
    p.on('text', text)
    p.on('cdata', text)
  }
  try {
    for await (const c of chunks) p.write(c)
    p.close()
  } catch (e) {
    if (inner) throw (inner as { e: unknown }).e
    if (e instanceof UnreadableError) throw e
    throw badXml()
  }
}

export interface TokenHandler {
  /** Text is decoded and passed to `text` only while this is true. */
  capture: boolean
  open(name: string, attrs: string, selfClosing: boolean): void
  close(name: string): void
  text(s: string): void
  /**
   * Optional fast path, tried at each open tag: consume a whole element from
   * the UTF-8 bytes `buf` at `lt` (a `<`) and return the index after it, or
   * NOT_HANDLED, or NEED_MORE when the element continues past the buffer.
   */
  fast?: ((buf: Buffer, lt: number) => number) | null
}

export const NOT_HANDLED = -1
export const NEED_MORE = -2

type Utf8Sliceable = Buffer & { utf8Slice?(start: number, end: number): string }

/** The text of `b[start, end)` (UTF-8; malformed sequences become U+FFFD). */
export const utf8: (b: Buffer, start: number, end: number) => string =
  typeof (Buffer.prototype as Utf8Sliceable).utf8Slice === 'function'
    ? (b, start, end) => (b as Utf8Sliceable).utf8Slice!(start, end)
    : (b, start, end) => b.toString('utf8', start, end)

/** Does `b` hold the bytes of `pat` (ASCII) at `at`? */
export function bytesAt(b: Buffer, at: number, pat: Uint8Array): boolean {
  if (at + pat.length > b.length) return false
  for (let k = 0; k < pat.length; k++) if (b[at + k] !== pat[k]) return false
  return true
}

/** Index of the first `byte` in `b[from, end)`, or -1. */
export function findByte(b: Buffer, byte: number, from: number, end = b.length): number {
  for (let k = from; k < end; k++) if (b[k] === byte) return k
  return -1
}

const EMPTY = Buffer.alloc(0)
/** Bytes of the next chunk read together with a partial element left at the end of the last. */
const BRIDGE_BYTES = 4096

/**
 * Stream XML, as UTF-8 bytes (see `utf8Chunks`), through the fast
 * tokenizer. Markup is found on the bytes (every delimiter is ASCII, and
 * UTF-8 never uses ASCII bytes inside a multi-byte character); names,
 * attributes and captured text are decoded when passed on. Element names
 * are local.
 */
export async function tokenize(chunks: AsyncIterable<Buffer>, h: TokenHandler): Promise<void> {
  /** Tokenize `buf` as far as it goes; the index of the first byte not consumed. */
  const run = (buf: Buffer, done: boolean): number => {
    let i = 0
    const n = buf.length
    while (i < n) {
      const lt = findByte(buf, 60 /* < */, i, n)
      if (lt === -1) {
        if (!h.capture) i = n
        break
      }
      if (lt > i && h.capture) h.text(decodeEntities(utf8(buf, i, lt)))
      const c1 = lt + 1 < n ? buf[lt + 1] : -1
      if (c1 === 47 /* / */) {
        const gt = findByte(buf, 62 /* > */, lt, n)
        if (gt === -1) {
          i = lt
          break
        }
        h.close(local(utf8(buf, lt + 2, gt).trim()))
        i = gt + 1
        continue
      }
      if (c1 === 63 /* ? */) {
        const end = buf.indexOf('?>', lt)
        if (end === -1) {
          i = lt
          break
        }
        i = end + 2
        continue
      }
      if (c1 === 33 /* ! */) {
        if (bytesAt(buf, lt, COMMENT)) {
          const end = buf.indexOf('-->', lt + 4)
          if (end === -1) {
            i = lt
            break
          }
          i = end + 3
          continue
        }
        if (bytesAt(buf, lt, CDATA)) {
          const end = buf.indexOf(']]>', lt + 9)
          if (end === -1) {
            i = lt
            break
          }
          if (h.capture) h.text(utf8(buf, lt + 9, end))
          i = end + 3
          continue
        }
        if (n - lt < 9 && !done) {
          i = lt
          break
        }
        if (bytesAt(buf, lt, DOCTYPE)) {
          const bracket = findByte(buf, 91 /* [ */, lt, n)
          const gt = findByte(buf, 62, lt, n)
          let end = gt
          if (bracket !== -1 && (gt === -1 || bracket < gt)) {
            const close = findByte(buf, 93 /* ] */, bracket, n)
            end = close === -1 ? -1 : findByte(buf, 62, close, n)
          }
          if (end === -1) {
            i = lt
            break
          }
          if (/<!ENTITY/i.test(utf8(buf, lt, end))) throw xmlBomb()
          i = end + 1
          continue
        }
        throw badXml()
      }
      if (h.fast) {
        const r = h.fast(buf, lt)
        if (r >= 0) {
          i = r
          continue
        }
        if (r === NEED_MORE && !done) {
          i = lt
          break
        }
      }
      // Open tag: the name, then the closing '>' that is outside quoted attribute values.
      let j = lt + 1
      for (; j < n; j++) {
        const c = buf[j]
        if (c === 62 || c === 47 || c === 32 || c === 9 || c === 10 || c === 13) break
      }
      let gt = findByte(buf, 62, j, n)
      if (gt === -1) {
        i = lt
        break
      }
      let incomplete = false
      for (let k = j; k < gt; k++) {
        const c = buf[k]
        if (c !== 34 && c !== 39) continue
        const close = findByte(buf, c, k + 1, n)
        if (close === -1) {
          incomplete = true
          break
        }
        k = close
        if (close > gt) {
          gt = findByte(buf, 62, close, n)
          if (gt === -1) {
            incomplete = true
            break
          }
        }
      }
      if (incomplete) {
        i = lt
        break
      }
      if (j === lt + 1) throw badXml()
      const name = local(utf8(buf, lt + 1, j))
      const self = buf[gt - 1] === 47
      h.open(name, j < gt - (self ? 1 : 0) ? utf8(buf, j, self ? gt - 1 : gt) : '', self)
      if (self) h.close(name)
      i = gt + 1
    }
    return i
  }
  let buf: Buffer = EMPTY
  let done = false
  const it = chunks[Symbol.asyncIterator]()
  for (;;) {
    const next = await it.next()
    if (next.done) done = true
    else if (buf.length === 0) buf = next.value
    else {
      // The partial element left at the end of the last chunk: rather than
      // copy it and the whole next chunk into one buffer, read across the
      // seam in a small one, then go on in the next chunk itself.
      // What the bridge consumed is done with; the rest goes on.
      const more = next.value
      const bridge =
        buf.length <= BRIDGE_BYTES && more.length > 2 * BRIDGE_BYTES ? Buffer.concat([buf, more.subarray(0, BRIDGE_BYTES)]) : null
      const j = bridge ? run(bridge, false) : 0
      buf = j >= buf.length ? more.subarray(j - buf.length) : Buffer.concat([buf.subarray(j), more])
    }
    const n = buf.length
    const i = run(buf, done)
    buf = i >= n ? EMPTY : buf.subarray(i)
    if (done) {
      if (buf.length && utf8(buf, 0, buf.length).trim() !== '') throw badXml()
      return
    }
    if (buf.length > MAX_TAG_BYTES) {
      // A very long text run (a huge string): pass what we have when capturing.
      if (buf[0] !== 60 && findByte(buf, 60, 0) === -1) {
        const amp = buf.lastIndexOf(38 /* & */)
        let cut = amp > buf.length - 12 ? amp : buf.length
        // Never inside a multi-byte character.
        while (cut > 0 && cut < buf.length && ((buf[cut] as number) & 0xc0) === 0x80) cut--
        if (h.capture) h.text(decodeEntities(utf8(buf, 0, cut)))
        buf = buf.subarray(cut)
      } else throw badXml()
    }
  }
}

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
const COMMENT = ascii('<!--')
const CDATA = ascii('<![CDATA[')
const DOCTYPE = ascii('<!DOCTYPE')
/** A tag longer than MAX_TAG_CHARS characters is never more than 3 bytes a character. */
const MAX_TAG_BYTES = 3 * MAX_TAG_CHARS

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function decodeEntities(s: string): string {
  if (s.indexOf('&') === -1) return s
  return s.replace(ENTITY, (_, e: string) => {
    if (e.charCodeAt(0) !== 35) return NAMED[e] as string
    const code = e.charCodeAt(1) === 120 ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
  })
}

/** One attribute (double-quoted, as every spreadsheet program writes them) or undefined; falls back to `attrs`. */
export function attr(s: string, name: string): string | undefined {
  const key = name + '="'
  for (let k = s.indexOf(key); k !== -1; k = s.indexOf(key, k + 1)) {
    const before = s.charCodeAt(k - 1)
    if (before === 32 || before === 9 || before === 10 || before === 13) {
      const start = k + key.length
      const v = s.slice(start, s.indexOf('"', start))
      return v.indexOf('&') === -1 ? v : decodeEntities(v)
    }
  }
  // Unusual spellings (single quotes, spaces around '='): the full parse.
  return s.indexOf("'") === -1 && s.indexOf(' =') === -1 && s.indexOf('= ') === -1 ? undefined : attrs(s)[name]
}

/** All attributes of a tag's attribute text, entity-decoded. */
export function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (s === '') return out
  ATTR.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = ATTR.exec(s)) !== null) out[local(m[1] as string)] = decodeEntities(m[2] ?? m[3] ?? '')
  return out
}
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

/** All attributes of a tag's attribute text by their qualified names (`office:value`), entity-decoded. */
export function qualifiedAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (s === '') return out
  ATTR.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = ATTR.exec(s)) !== null) out[m[1] as string] = decodeEntities(m[2] ?? m[3] ?? '')
  return out
}
