// Two XML readers over streamed text:
// - `parseXml`: saxes, a conforming streaming parser, for every general part;
// - `tokenize`: a narrow, fast tokenizer for the big, regular parts (sheet
//   data, shared strings). It knows tags, attributes, text, CDATA, comments
//   and the five predefined entities; a DOCTYPE that declares entities is
//   refused by both (no entity is ever expanded beyond the predefined ones).

import { SaxesParser } from 'saxes'
import { UnreadableError } from '../../errors.js'
import { lit } from '../../findings.js'
import { MAX_TAG_CHARS } from './limits.js'

export const xmlBomb = (): UnreadableError =>
  new UnreadableError(
    lit('an XML part has a DOCTYPE that declares entities (an XML bomb or external-entity attack)'),
    lit('save the workbook again from a spreadsheet program; they never write entity declarations')
  )
export const badXml = (): UnreadableError =>
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
    p.on('opentag', guard((t) => open(local(t.name), t.attributes as Record<string, string>)))
  }
  if (h.close) {
    const close = h.close.bind(h)
    p.on('closetag', guard((t) => close(local(t.name))))
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
   * `buf` at `lt` and return the index after it, or NOT_HANDLED, or
   * NEED_MORE when the element continues past the buffer.
   */
  fast?: ((buf: string, lt: number) => number) | null
}

export const NOT_HANDLED = -1
export const NEED_MORE = -2

/** Stream XML text through the fast tokenizer. Element names are local. */
export async function tokenize(chunks: AsyncIterable<string>, h: TokenHandler): Promise<void> {
  let buf = ''
  let done = false
  const it = chunks[Symbol.asyncIterator]()
  for (;;) {
    const next = await it.next()
    if (next.done) done = true
    else buf = buf.length ? buf + next.value : next.value
    let i = 0
    const n = buf.length
    while (i < n) {
      const lt = buf.indexOf('<', i)
      if (lt === -1) {
        if (!h.capture) i = n
        break
      }
      if (lt > i && h.capture) h.text(decodeEntities(buf.slice(i, lt)))
      const c1 = buf.charCodeAt(lt + 1)
      if (c1 === 47 /* / */) {
        const gt = buf.indexOf('>', lt)
        if (gt === -1) {
          i = lt
          break
        }
        h.close(local(buf.slice(lt + 2, gt).trim()))
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
        if (buf.startsWith('<!--', lt)) {
          const end = buf.indexOf('-->', lt + 4)
          if (end === -1) {
            i = lt
            break
          }
          i = end + 3
          continue
        }
        if (buf.startsWith('<![CDATA[', lt)) {
          const end = buf.indexOf(']]>', lt + 9)
          if (end === -1) {
            i = lt
            break
          }
          if (h.capture) h.text(buf.slice(lt + 9, end))
          i = end + 3
          continue
        }
        if (n - lt < 9 && !done) {
          i = lt
          break
        }
        if (buf.startsWith('<!DOCTYPE', lt)) {
          const bracket = buf.indexOf('[', lt)
          const gt = buf.indexOf('>', lt)
          let end = gt
          if (bracket !== -1 && (gt === -1 || bracket < gt)) end = buf.indexOf(']', bracket) === -1 ? -1 : buf.indexOf('>', buf.indexOf(']', bracket))
          if (end === -1) {
            i = lt
            break
          }
          if (/<!ENTITY/i.test(buf.slice(lt, end))) throw xmlBomb()
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
        const c = buf.charCodeAt(j)
        if (c === 62 || c === 47 || c === 32 || c === 9 || c === 10 || c === 13) break
      }
      let gt = buf.indexOf('>', j)
      if (gt === -1) {
        i = lt
        break
      }
      let incomplete = false
      for (let k = j; k < gt; k++) {
        const c = buf.charCodeAt(k)
        if (c !== 34 && c !== 39) continue
        const close = buf.indexOf(c === 34 ? '"' : "'", k + 1)
        if (close === -1) {
          incomplete = true
          break
        }
        k = close
        if (close > gt) {
          gt = buf.indexOf('>', close)
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
      const name = local(buf.slice(lt + 1, j))
      const self = buf.charCodeAt(gt - 1) === 47
      h.open(name, j < gt - (self ? 1 : 0) ? buf.slice(j, self ? gt - 1 : gt) : '', self)
      if (self) h.close(name)
      i = gt + 1
    }
    buf = i >= n ? '' : buf.slice(i)
    if (done) {
      if (buf.trim() !== '') throw badXml()
      return
    }
    if (buf.length > MAX_TAG_CHARS) {
      // A very long text run (a huge string): pass what we have when capturing.
      if (buf.charCodeAt(0) !== 60 && buf.indexOf('<') === -1) {
        const cut = buf.lastIndexOf('&') > buf.length - 12 ? buf.lastIndexOf('&') : buf.length
        if (h.capture) h.text(decodeEntities(buf.slice(0, cut)))
        buf = buf.slice(cut)
      } else throw badXml()
    }
  }
}

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

/** `_x000D_`-style escapes of OOXML strings. */
export function unescapeOoxml(s: string): string {
  if (s.indexOf('_x') === -1) return s
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}
