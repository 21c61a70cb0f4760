// JSON, GeoJSON and NDJSON (JSON Lines), streamed: a byte-level tokenizer
// feeds the records walker (records.ts) chunk by chunk, so memory stays flat
// whatever the file size. Its own tokenizer rather than a library's: it
// gives the byte offset of every token, which lets a finding's place be
// found again later by re-reading one record (from a checkpoint every
// CHECKPOINT_EVERY records) instead of keeping every value's place.

import { isUtf8 } from 'node:buffer'
import { closeSync, createReadStream, openSync, readSync } from 'node:fs'
import { UnreadableError } from '../errors.js'
import { lit, safe } from '../findings.js'
import {
  MAX_DEPTH,
  MAX_VALUE_CHARS,
  packAt,
  RecordWalker,
  Respeculate,
  unpackAt,
  type Locator,
  type RecordEvents,
  type TableShape
} from './records.js'
import type { ReadResult, TableSink } from '../tabular.js'

const READ_CHUNK_BYTES = 1 << 18
/** A record's place is found again by re-reading from the last checkpoint (at most this many records). */
const CHECKPOINT_EVERY = 32

/** `single`: one document; `lines`: documents one after another (NDJSON); `elements`: an array's elements from inside it. */
type JsonMode = 'single' | 'lines' | 'elements'

class JsonSyntax extends Error {
  constructor(
    readonly offset: number,
    readonly what: 'syntax' | 'encoding' | 'end'
  ) {
    super(what)
  }
}

/** Stops a re-read when the value is found. */
class Found extends Error {}

/** Counts lines (and character columns when asked) up to an offset of the current chunk. */
class Lines {
  line: number
  /** Characters from the line's start to `counted`. */
  private chars: number
  private counted: number

  constructor(
    private readonly cols: boolean,
    start = 0,
    line = 1,
    column = 1
  ) {
    this.counted = start
    this.line = line
    this.chars = column - 1
  }

  /** Advance to absolute offset `to`, inside `buf` (whose first byte is at `base`). */
  advance(buf: Buffer, base: number, to: number): void {
    let i = this.counted - base
    const end = to - base
    if (i < 0 || end <= i) return
    const seg = buf.subarray(i, end)
    let k = seg.indexOf(10)
    if (k !== -1) {
      let last = k
      while (k !== -1) {
        this.line++
        last = k
        k = seg.indexOf(10, k + 1)
      }
      i += last + 1
      this.chars = 0
    }
    if (this.cols) {
      let c = 0
      for (let j = i; j < end; j++) if (((buf[j] as number) & 0xc0) !== 0x80) c++
      this.chars += c
    }
    this.counted = to
  }

  column(): number {
    return this.chars + 1
  }

  /** Already counted past this offset (a token that began in an earlier chunk). */
  passed(offset: number): boolean {
    return offset < this.counted
  }
}

const enum S {
  Value,
  ValueOrEnd,
  KeyOrEnd,
  Key,
  Colon,
  After,
  Str,
  Num,
  Lit,
  Done
}

const WS = new Uint8Array(256)
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1
const NUM = new Uint8Array(256)
for (const c of '0123456789+-.eE') NUM[c.charCodeAt(0)] = 1
/** Buffer's own decoder, without toString's argument handling (a string per value adds up). */
type Utf8Slicing = Buffer & { utf8Slice(start: number, end: number): string }

/** First walk: value strings longer than this are not decoded. */
const SKIPPED_VALUE_BYTES = 8
const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/**
 * Byte-level JSON tokenizer. `at` given to events is the token's absolute
 * byte offset, or (`exact`) its packed line and column.
 */
class JsonTokenizer {
  private state = S.Value
  /** 1: array, 0: object. */
  private readonly stack: number[] = []
  private isKey = false
  private esc = false
  private hasEsc = false
  private parts: Buffer[] = []
  private partsLen = 0
  private tokStart = 0
  private tokAt = 0
  private lit = ''
  private litPos = 0
  private buf: Buffer = Buffer.alloc(0)
  private base = 0
  readonly lines: Lines
  stopped = false
  /** The next backslash in the current chunk at or after the scan position (chunk length: none). */
  private nextBs = -1
  /** Keys by depth and order in their object (keyText). */
  private readonly keyCache: Array<Array<{ bytes: Buffer; text: string }>> = []
  private readonly keyNo: number[] = []
  /** First walk: value strings are not decoded (only short ones, a GeoJSON `type`). */
  skipValues = false

  constructor(
    private readonly ev: RecordEvents,
    private readonly mode: JsonMode,
    private readonly exact = false,
    start = 0,
    line = 1,
    column = 1,
    cols = exact
  ) {
    this.lines = new Lines(cols, start, line, column)
  }

  /** Line and column of absolute offset `offset` of the current chunk, if not already passed. */
  where(offset: number): { line: number; column: number } | undefined {
    if (offset < this.base || this.lines.passed(offset)) return undefined
    this.lines.advance(this.buf, this.base, offset)
    return { line: this.lines.line, column: this.lines.column() }
  }

  /** The line where reading stopped (an error at `offset` of the current chunk). */
  lineAt(offset: number): number {
    this.lines.advance(this.buf, this.base, Math.max(offset, this.base))
    return this.lines.line
  }

  /**
   * Records repeat their keys in the same order: the key at the same place
   * (depth, order in its object) of the last object is compared byte by
   * byte before a new string is made.
   */
  private keyText(buf: Buffer, from: number, to: number): string {
    const depth = this.stack.length
    const no = this.keyNo[depth] ?? 0
    this.keyNo[depth] = no + 1
    const len = to - from
    const slots = (this.keyCache[depth] ??= [])
    const hit = slots[no]
    if (hit !== undefined && hit.bytes.length === len) {
      const b = hit.bytes
      let k = 0
      while (k < len && b[k] === buf[from + k]) k++
      if (k === len) return hit.text
    }
    const text = (buf as Utf8Slicing).utf8Slice(from, to)
    if (no < 256 && len <= 256) slots[no] = { bytes: Buffer.from(buf.subarray(from, to)), text }
    return text
  }

  private mark(i: number): void {
    this.tokStart = this.base + i
    if (this.exact) {
      this.lines.advance(this.buf, this.base, this.tokStart)
      this.tokAt = packAt(this.lines.line, this.lines.column())
    } else this.tokAt = this.tokStart
  }

  feed(buf: Buffer, base: number): void {
    this.buf = buf
    this.base = base
    this.nextBs = -1
    const n = buf.length
    const ev = this.ev
    let i = 0
    while (i < n) {
      switch (this.state) {
        case S.Str: {
          const from = i
          let esc = this.esc
          if (esc) {
            i++
            esc = false
          }
          // Jump from quote to quote; a backslash before the quote starts an escape (its next byte is skipped).
          while (i < n) {
            const q = buf.indexOf(0x22, i)
            const end = q === -1 ? n : q
            if (this.nextBs < i) {
              const k = buf.indexOf(0x5c, i)
              this.nextBs = k === -1 ? n : k
            }
            if (this.nextBs >= end) {
              i = end
              break
            }
            this.hasEsc = true
            i = this.nextBs + 2
            if (i > n) {
              esc = true
              i = n
            }
          }
          this.esc = esc
          if (i >= n) {
            this.parts.push(Buffer.from(buf.subarray(from, n)))
            this.partsLen += n - from
            if (this.partsLen > MAX_VALUE_CHARS) throw tooLong()
            break
          }
          let text: string
          if (this.parts.length) {
            this.parts.push(buf.subarray(from, i))
            text = Buffer.concat(this.parts).toString('utf8')
            this.parts = []
            this.partsLen = 0
          } else if (this.isKey && !this.hasEsc) text = this.keyText(buf, from, i)
          else if (this.skipValues && !this.isKey && i - from > SKIPPED_VALUE_BYTES) text = ''
          else text = (buf as Utf8Slicing).utf8Slice(from, i)
          if (this.hasEsc && text !== '') {
            try {
              text = JSON.parse('"' + text + '"') as string
            } catch {
              throw new JsonSyntax(base + i, 'syntax')
            }
          }
          i++
          if (this.isKey) {
            ev.key(text)
            this.state = S.Colon
          } else {
            ev.scalar(text, this.tokAt)
            this.after()
          }
          break
        }
        case S.Num: {
          const from = i
          while (i < n && NUM[buf[i] as number]) i++
          this.parts.push(buf.subarray(from, i))
          if (i === n) {
            this.parts[this.parts.length - 1] = Buffer.from(buf.subarray(from, i))
            if ((this.partsLen += i - from) > 4096) throw new JsonSyntax(base + i, 'syntax')
            break
          }
          this.number(base + i)
          break
        }
        case S.Lit: {
          const want = this.lit
          while (i < n && this.litPos < want.length) {
            if (buf[i] !== want.charCodeAt(this.litPos)) throw new JsonSyntax(base + i, 'syntax')
            i++
            this.litPos++
          }
          if (this.litPos === want.length) {
            ev.scalar(want === 'null' ? null : want, this.tokAt)
            this.after()
          }
          break
        }
        default: {
          let b = buf[i] as number
          while (WS[b]) {
            if (++i === n) return
            b = buf[i] as number
          }
          i = this.structural(b, i)
          if (this.stopped) return
        }
      }
    }
  }

  /** A byte outside strings, numbers and literals. Returns the next index. */
  private structural(b: number, i: number): number {
    const pos = this.base + i
    switch (this.state) {
      case S.Done:
        throw new JsonSyntax(pos, 'syntax')
      case S.KeyOrEnd:
      case S.Key:
        if (b === 0x22) {
          this.startString(i, true)
          return i + 1
        }
        if (b === 0x7d && this.state === S.KeyOrEnd) {
          return this.closeContainer(i)
        }
        throw new JsonSyntax(pos, 'syntax')
      case S.Colon:
        if (b !== 0x3a) throw new JsonSyntax(pos, 'syntax')
        this.state = S.Value
        return i + 1
      case S.After: {
        const top = this.stack.length ? this.stack[this.stack.length - 1] : -1
        if (top === -1) {
          // Between top-level values.
          if (this.mode === 'lines') {
            this.state = S.Value
            return this.value(b, i)
          }
          if (this.mode === 'elements') {
            if (b === 0x2c) {
              this.state = S.Value
              return i + 1
            }
            if (b === 0x5d) {
              this.state = S.Done
              this.stopped = true
              return i + 1
            }
          }
          throw new JsonSyntax(pos, 'syntax')
        }
        if (b === 0x2c) {
          this.state = top === 1 ? S.Value : S.Key
          return i + 1
        }
        if ((b === 0x5d && top === 1) || (b === 0x7d && top === 0)) {
          return this.closeContainer(i)
        }
        throw new JsonSyntax(pos, 'syntax')
      }
      case S.ValueOrEnd:
        if (b === 0x5d) {
          return this.closeContainer(i)
        }
        return this.value(b, i)
      default:
        return this.value(b, i)
    }
  }

  /** A `]` or `}` closes the innermost container. */
  private closeContainer(i: number): number {
    this.stack.pop()
    this.ev.close()
    this.after()
    return i + 1
  }

  private value(b: number, i: number): number {
    this.mark(i)
    switch (b) {
      case 0x7b:
        this.push(0)
        this.keyNo[this.stack.length] = 0
        this.ev.open(false, this.tokAt)
        this.state = S.KeyOrEnd
        return i + 1
      case 0x5b:
        this.push(1)
        this.ev.open(true, this.tokAt)
        this.state = S.ValueOrEnd
        return i + 1
      case 0x22:
        this.startString(i, false)
        return i + 1
      case 0x74:
      case 0x66:
      case 0x6e:
        this.lit = b === 0x74 ? 'true' : b === 0x66 ? 'false' : 'null'
        this.litPos = 0
        this.state = S.Lit
        return i
      default:
        if (b === 0x2d || (b >= 0x30 && b <= 0x39)) {
          this.state = S.Num
          this.partsLen = 0
          return i
        }
        throw new JsonSyntax(this.base + i, 'syntax')
    }
  }

  private push(kind: number): void {
    if (this.stack.length >= MAX_DEPTH) {
      throw new UnreadableError(safe`nested deeper than ${MAX_DEPTH} levels`, lit('flatten the data, or publish it as CSV'))
    }
    this.stack.push(kind)
  }

  private startString(i: number, key: boolean): void {
    if (!key) this.mark(i)
    this.isKey = key
    this.esc = false
    this.hasEsc = false
    this.state = S.Str
  }

  private number(pos: number): void {
    const text = this.parts.length === 1 ? (this.parts[0] as Buffer).toString('latin1') : Buffer.concat(this.parts).toString('latin1')
    this.parts = []
    this.partsLen = 0
    if (!NUMBER_RE.test(text)) throw new JsonSyntax(pos, 'syntax')
    this.ev.scalar(text, this.tokAt)
    this.after()
  }

  private after(): void {
    this.state = this.stack.length === 0 && this.mode === 'single' ? S.Done : S.After
  }

  /** The input ended. */
  end(offset: number): void {
    if (this.stopped) return
    if (this.state === S.Num) {
      this.number(offset)
    }
    if (this.state === S.Done) return
    if (this.state === S.After && this.stack.length === 0) return
    if (this.state === S.Value && this.stack.length === 0 && this.mode === 'lines') return
    throw new JsonSyntax(offset, 'end')
  }
}

const tooLong = (): UnreadableError =>
  new UnreadableError(safe`one value is longer than ${MAX_VALUE_CHARS} characters`, lit('publish the data as CSV, one value per cell'))

/** Length of `b` without a UTF-8 sequence cut off at its end. */
function completeUtf8(b: Buffer): number {
  const n = b.length
  for (let k = 1; k <= 4 && k <= n; k++) {
    const c = b[n - k] as number
    if ((c & 0xc0) === 0x80) continue
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1
    return need > k ? n - k : n
  }
  return n
}

/** One pass over the file through a tokenizer (validating UTF-8 when asked). */
async function pass(absPath: string, start: number, tok: JsonTokenizer, validate: boolean): Promise<void> {
  const stream = createReadStream(absPath, { start, highWaterMark: READ_CHUNK_BYTES })
  let base = start
  let tail: Buffer | null = null
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (validate) {
        // A character split between chunks waits in `tail`.
        const bytes: Buffer = tail === null ? chunk : Buffer.concat([tail, chunk])
        const end = completeUtf8(bytes)
        if (!isUtf8(bytes.subarray(0, end))) throw new JsonSyntax(base, 'encoding')
        tail = end < bytes.length ? Buffer.from(bytes.subarray(end)) : null
      }
      tok.feed(chunk, base)
      base += chunk.length
      tok.lines.advance(chunk, base - chunk.length, base)
    }
    if (tail !== null) throw new JsonSyntax(base, 'encoding')
    tok.end(base)
  } finally {
    stream.destroy()
  }
}

/** Checkpoints of one table: where every CHECKPOINT_EVERY-th element starts. */
interface Checkpoints {
  index: number[]
  offset: number[]
  line: number[]
  column: number[]
}

/** Finds a value by re-reading a few records from the checkpoint before it. */
class JsonLocator implements Locator {
  private readonly points: Checkpoints[] = []
  tok: JsonTokenizer | null = null
  private readonly cache = new Map<string, { line: number; column: number } | undefined>()

  constructor(
    private readonly absPath: string,
    private readonly lines: boolean
  ) {}

  element(ordinal: number, index: number, at: number): void {
    const cp = (this.points[ordinal] ??= { index: [], offset: [], line: [], column: [] })
    const last = cp.index.length ? (cp.index[cp.index.length - 1] as number) : -Infinity
    if (index - last < CHECKPOINT_EVERY) return
    const w = this.tok?.where(at)
    if (!w) return
    cp.index.push(index)
    cp.offset.push(at)
    cp.line.push(w.line)
    cp.column.push(w.column)
  }

  find(ordinal: number, index: number, segs: readonly string[]): { line: number; column: number } | undefined {
    const key = `${ordinal}:${index}:${segs.join('\u0000')}`
    if (this.cache.has(key)) return this.cache.get(key)
    const found = this.search(ordinal, index, segs)
    this.cache.set(key, found)
    return found
  }

  private search(ordinal: number, index: number, segs: readonly string[]): { line: number; column: number } | undefined {
    const cp = this.points[ordinal]
    if (!cp || !cp.index.length) return undefined
    // The last checkpoint at or before the element.
    let lo = 0
    let hi = cp.index.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((cp.index[mid] as number) <= index) lo = mid
      else hi = mid - 1
    }
    if ((cp.index[lo] as number) > index) return undefined
    const finder = new Finder(cp.index[lo] as number, index, segs)
    const tok = new JsonTokenizer(finder, this.lines ? 'lines' : 'elements', true, cp.offset[lo], cp.line[lo], cp.column[lo])
    const fd = openSync(this.absPath, 'r')
    try {
      const buf = Buffer.alloc(1 << 16)
      let pos = cp.offset[lo] as number
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, pos)
        if (n === 0) break
        tok.feed(buf.subarray(0, n), pos)
        if (tok.stopped) break
        pos += n
        tok.lines.advance(buf.subarray(0, n), pos - n, pos)
      }
    } catch (e) {
      if (e instanceof Found) return finder.at === null ? undefined : unpackAt(finder.at)
      return undefined
    } finally {
      closeSync(fd)
    }
    return undefined
  }
}

/** Follows elements from a checkpoint to one value's path. */
class Finder implements RecordEvents {
  private depth = 0
  private index: number
  private readonly path: string[] = []
  private readonly arrays: number[] = []
  at: number | null = null
  private readonly want: string

  constructor(
    start: number,
    private readonly target: number,
    segs: readonly string[]
  ) {
    this.index = start - 1
    this.want = segs.join('\u0000')
  }

  private enter(at: number): void {
    if (this.depth === 0) this.index++
    else if (this.arrays[this.depth - 1] !== -1) {
      this.path[this.depth - 1] = String(this.arrays[this.depth - 1])
      this.arrays[this.depth - 1] = (this.arrays[this.depth - 1] as number) + 1
    }
    if (this.index === this.target && this.path.slice(0, this.depth).join('\u0000') === this.want) {
      this.at = at
      throw new Found()
    }
    if (this.index > this.target) throw new Found()
  }

  open(array: boolean, at: number): void {
    this.enter(at)
    this.arrays[this.depth] = array ? 0 : -1
    this.depth++
  }

  key(name: string): void {
    this.path[this.depth - 1] = name
  }

  scalar(_text: string | null, at: number): void {
    this.enter(at)
  }

  close(): void {
    this.depth--
  }
}

/**
 * Reads a JSON or NDJSON file: every array of records in it is a table. One
 * walk when each table's first records bring all its fields (the usual
 * case); otherwise the tables from the one that surprised are read again in
 * two walks (columns first, then rows).
 */
export async function readJson(absPath: string, relPath: string, sink: TableSink, bomLength: number, ndjson: boolean): Promise<ReadResult> {
  const format = ndjson ? 'ndjson' : /\.geojson$/i.test(relPath) ? 'geojson' : 'json'
  const done: ReadResult = { format, findings: [], notInspected: [] }
  const locator = new JsonLocator(absPath, ndjson)
  const once = new RecordWalker(relPath, null, sink, locator, ndjson)
  let from: number
  try {
    await walk(absPath, bomLength, ndjson, once, { validate: true, locator })
    return done
  } catch (e) {
    once.abortOpen()
    if (!(e instanceof Respeculate)) throw e
    from = e.ordinal
  }
  const shapes = await walk(absPath, bomLength, ndjson, new RecordWalker(relPath, null, null, { find: () => undefined }, ndjson), {
    skipValues: true
  })
  await walk(absPath, bomLength, ndjson, new RecordWalker(relPath, shapes, sink, locator, ndjson, from), { locator })
  return done
}

/** One walk over the file. */
async function walk(
  absPath: string,
  start: number,
  ndjson: boolean,
  walker: RecordWalker,
  how: { validate?: boolean; skipValues?: boolean; locator?: JsonLocator }
): Promise<TableShape[]> {
  const tok = new JsonTokenizer(walker, ndjson ? 'lines' : 'single', false, start, 1, 1, how.locator !== undefined)
  tok.skipValues = how.skipValues === true
  if (how.locator) how.locator.tok = tok
  // NDJSON: the sequence of documents is the table.
  if (ndjson) walker.open(true, start)
  try {
    await pass(absPath, start, tok, how.validate === true)
  } catch (e) {
    if (!(e instanceof JsonSyntax)) throw e
    const line = tok.lineAt(e.offset)
    throw e.what === 'encoding'
      ? new UnreadableError(safe`not valid UTF-8 text (reading stopped at line ${line})`, lit('save the file as UTF-8'))
      : e.what === 'end'
        ? new UnreadableError(
            safe`the JSON ends early: reading stopped at line ${line}`,
            lit('complete or repair the file (a JSON validator shows where), then commit it again')
          )
        : new UnreadableError(
            safe`not valid JSON: reading stopped at line ${line}`,
            lit('repair the file (a JSON validator shows the error at that line), then commit it again')
          )
  }
  if (ndjson) walker.close()
  walker.finish()
  return walker.found
}
