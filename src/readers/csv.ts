// Delimited text (CSV, TSV, or any other single-character delimiter),
// streamed through papaparse. Exact physical line numbers even when quoted
// fields span lines; ragged rows and broken quoting are reported. A table no
// delimiter explains, or a quote that swallows rows, blocks: either would
// hide the table's columns from the detectors.

import { isUtf8 } from 'node:buffer'
import { createReadStream } from 'node:fs'
import Papa from 'papaparse'
import { UnreadableError } from '../errors.js'
import { lit, MAX_SAMPLES, safe, type Finding, type Location } from '../findings.js'
import type { TextEncoding } from './sniff.js'
import type { ReadResult, RowSink, TableSink } from '../tabular.js'

/**
 * Parse size: large enough to amortise parsing calls, small enough that one
 * chunk's rows die young (1 MiB chunks doubled CPU time and RSS: their rows
 * outlived the young generation).
 */
const PARSE_CHUNK_BYTES = 1 << 16
/** Read size: each read through the stream costs ~50 µs of machinery, so read 256 KiB and parse it in slices. */
const READ_CHUNK_BYTES = 1 << 18
/** A single row longer than this is not a table any more (and would grow memory without bound). */
const MAX_ROW_CHARS = 64 << 20

/** The usual delimiters, tried first: the most consistent of them wins whenever one explains the table. */
const CLASSIC_DELIMITERS = [',', '\t', ';', '|']
/**
 * Any other single-byte delimiter, tried when no usual one explains the
 * table: ASCII punctuation, control characters (0x1F unit separator, ...)
 * and Latin-1 symbols (`¦`, `§`, `¬`). Left out: characters that are part of
 * values a detector must see whole (`@` of emails, `-` `/` `.` of dates,
 * `+` `(` `)` of phone numbers, space, `_` and the apostrophe of names),
 * brackets, and the quote.
 */
const OTHER_DELIMITERS = [
  ...'~^:!#$%&*=\\`?',
  ...Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).filter((c) => c !== '\t' && c !== '\n' && c !== '\r' && c !== '\0'),
  '\u007f',
  ...Array.from({ length: 0xc0 - 0xa1 }, (_, k) => String.fromCharCode(0xa1 + k))
]
/** Records sniffed to choose the delimiter. */
const SNIFF_ROWS = 30
/** Share of the sniffed rows that must have the most common field count for a delimiter to explain the table. */
const CONSISTENT_SHARE = 0.5
/** An unusual delimiter must explain more of the rows than that before a table is split on it. */
const OTHER_SHARE = 0.8

type Encoding = TextEncoding | 'windows-1252'

class InvalidUtf8 extends Error {}

export async function readDelimited(
  absPath: string,
  relPath: string,
  sink: TableSink,
  encoding: TextEncoding,
  bomLength: number
): Promise<ReadResult> {
  const format = /\.(tsv|tab)$/i.test(relPath) ? 'tsv' : 'csv'
  // A .tsv name puts the tab first; the content still decides.
  const delimiter = format === 'tsv' ? '\t' : ','
  try {
    return await parseOnce(absPath, relPath, sink, encoding, bomLength, delimiter, format)
  } catch (e) {
    if (!(e instanceof InvalidUtf8)) throw e
    // Not UTF-8: the common single-byte encoding of spreadsheet exports.
    return parseOnce(absPath, relPath, sink, 'windows-1252', bomLength, delimiter, format)
  }
}

/**
 * Reads the file chunk by chunk (back-pressure: the next chunk is read only
 * after the previous one's rows went through every check) and hands each chunk
 * to papaparse's low-level parser. The incomplete last row of a chunk is
 * carried into the next one, so memory stays at about two chunks whatever the
 * file size; a row that grows past MAX_ROW_CHARS is refused.
 */
async function parseOnce(
  absPath: string,
  relPath: string,
  sink: TableSink,
  encoding: Encoding,
  start: number,
  preferred: string,
  format: string
): Promise<ReadResult> {
  // papaparse makes a new array for each row, and nothing here changes it.
  const rows = sink.table({ file: relPath, addressing: 'line', freshRows: true })
  const tracker = new RowTracker(relPath)
  try {
    let parser: Papa.Parser | null = null
    let carry = ''
    // Text held back while the incomplete row in `carry` is longer than it:
    // a long row is parsed again only when the text read since has doubled
    // it (linear time; parsing it again with every 64 KiB read was quadratic).
    let held: string[] = []
    let heldLength = 0
    for await (const read of decode(absPath, start, encoding)) {
      if (carry.length > PARSE_CHUNK_BYTES && heldLength + read.length < carry.length) {
        held.push(read)
        heldLength += read.length
        if (carry.length + heldLength > MAX_ROW_CHARS) throw tooLong(tracker.nextLine())
        continue
      }
      const text = heldLength === 0 ? read : held.join('') + read
      held = []
      heldLength = 0
      const input = carry === '' ? text : carry + text
      if (input === '') continue
      if (parser === null) parser = tracker.setup(input, preferred)
      const res = parser.parse(input, 0, true)
      tracker.chunk(res.data as string[][], res.errors, input, res.meta.cursor, false, rows)
      carry = input.substring(res.meta.cursor)
      if (carry.length > MAX_ROW_CHARS) throw tooLong(tracker.nextLine())
    }
    if (heldLength > 0) carry += held.join('')
    if (carry !== '') {
      if (parser === null) parser = tracker.setup(carry, preferred)
      const res = parser.parse(carry, 0, false)
      tracker.chunk(res.data as string[][], res.errors, carry, carry.length, true, rows)
    }
  } catch (e) {
    rows.abort()
    throw e
  }
  rows.end()
  return { format, findings: tracker.findings(), notInspected: [] }
}

const tooLong = (line: number): UnreadableError =>
  new UnreadableError(
    safe`line ${line} is longer than ${MAX_ROW_CHARS} characters (an unclosed quote or not a table)`,
    lit('check the quoting of the file; export it again as CSV')
  )

/** Follows physical lines and collects shape problems while rows stream by. */
class RowTracker {
  private line = 1
  private width = -1
  private nl = '\n'
  private ragged = 0
  private readonly raggedAt: Location[] = []
  private malformed = 0
  private readonly malformedAt: Location[] = []
  private delimiter = ','
  /** Line of the first sniffed row that the chosen delimiter does not explain, when no delimiter explains the table. */
  private unexplainedAt: number | null = null
  /** The first quoted field that swallowed rows: its line, and how many lines it ran over. */
  private swallowed: { line: number; lines: number } | null = null

  constructor(private readonly file: string) {}

  /** Chooses delimiter and line break from the first chunk; returns the parser. */
  setup(sample: string, preferred: string): Papa.Parser {
    const meta = Papa.parse(sample, { delimiter: preferred, preview: 2 }).meta
    const linebreak = meta.linebreak === '\r' || meta.linebreak === '\r\n' ? meta.linebreak : '\n'
    this.nl = linebreak === '\r' ? '\r' : '\n'
    const sniffed = sniffDelimiter(sample, linebreak, preferred)
    this.delimiter = sniffed.delimiter
    if (sniffed.unexplained !== null) this.unexplainedAt = sniffed.unexplained
    return new Papa.Parser({ delimiter: sniffed.delimiter, newline: linebreak })
  }

  nextLine(): number {
    return this.line
  }

  /**
   * The rows parsed from `input[0, used)`. Each row but the last of the file
   * ended with a line break; when the consumed text holds no other line
   * break, no field spans lines and each row is one line.
   */
  chunk(data: string[][], errors: Papa.ParseError[], input: string, used: number, final: boolean, sink: RowSink): void {
    const nl = this.nl
    let breaks = 0
    for (let k = input.indexOf(nl); k !== -1 && k < used; k = input.indexOf(nl, k + 1)) breaks++
    const oneLineEach = breaks === (final ? data.length - 1 : data.length)
    const checkLength = input.length > MAX_ROW_CHARS
    let e = 0
    for (let r = 0; r < data.length; r++) {
      const row = data[r] as string[]
      const pos = this.line
      let span = 1
      if (!oneLineEach || checkLength) {
        let chars = 0
        for (let i = 0; i < row.length; i++) {
          const v = row[i] as string
          chars += v.length
          // Quoted fields may hold line breaks: the next row starts further down.
          const before = span
          for (let k = v.indexOf(nl); k !== -1; k = v.indexOf(nl, k + 1)) span++
          if (span - before >= 2 && this.swallowed === null && this.holdsRows(v)) this.swallowed = { line: pos, lines: span - before + 1 }
        }
        if (chars > MAX_ROW_CHARS) throw tooLong(pos)
      }
      this.line += span
      let bad = false
      // Errors come in row order, each with its row's index in `data`.
      while (e < errors.length && ((errors[e] as Papa.ParseError).row ?? r) <= r) {
        if (((errors[e] as Papa.ParseError).row ?? r) === r) bad = true
        e++
      }
      if (bad) {
        this.malformed++
        if (this.malformedAt.length < MAX_SAMPLES) this.malformedAt.push({ file: this.file, line: pos })
      }
      if (row.length === 1 && row[0] === '') continue // blank line
      if (this.width === -1) this.width = row.length
      else if (row.length !== this.width) {
        this.ragged++
        if (this.raggedAt.length < MAX_SAMPLES) this.raggedAt.push({ file: this.file, line: pos })
      }
      sink.row(row, pos)
    }
  }

  /**
   * Does a field that spans lines hold rows of the table? Two or more of its
   * lines with as many delimiters as a row of the table has (a stray quote
   * opened the field, and the rows after it were read into it). A real
   * multi-line cell (an address, a note) has lines of text, not of fields.
   */
  private holdsRows(v: string): boolean {
    if (this.width < 2) return false
    const d = this.delimiter
    const nl = this.nl
    let rows = 0
    for (let start = 0; start <= v.length; ) {
      let end = v.indexOf(nl, start)
      if (end === -1) end = v.length
      let fields = 1
      for (let k = v.indexOf(d, start); k !== -1 && k < end; k = v.indexOf(d, k + 1)) fields++
      if (fields >= this.width && ++rows >= 2) return true
      start = end + 1
    }
    return false
  }

  findings(): Finding[] {
    const out: Finding[] = []
    const file = this.file
    if (this.swallowed) {
      const { line, lines } = this.swallowed
      out.push({
        kind: 'file/malformed',
        severity: 'error',
        location: { file, line },
        message: safe`a quote at line ${line} opens a field that runs over ${lines} lines holding rows of the table: those rows are read as one cell, their columns hidden from the checks`,
        reason: lit('a stray or unbalanced quote swallows the rows after it'),
        remedy: lit('remove the stray quote, or double the quotes inside a quoted field (""), and export the file again')
      })
    }
    if (this.unexplainedAt !== null) {
      const line = this.unexplainedAt
      out.push({
        kind: 'file/malformed',
        severity: 'error',
        location: { file, line },
        message: safe`no delimiter explains the table: the rows have different numbers of fields under every delimiter tried, from line ${line} on`,
        reason: lit('not a consistent delimited table'),
        remedy: lit('export the table again as CSV (one delimiter, the same number of fields on every row)')
      })
    }
    if (this.ragged) {
      out.push({
        kind: 'file/ragged-rows',
        severity: 'warning',
        location: { file, line: this.raggedAt[0]?.line },
        message: safe`${this.ragged} rows have a different number of fields than the first row; every field was scanned`,
        reason: lit('rows of unequal length'),
        remedy: lit('check that the export did not shift columns'),
        count: this.ragged,
        samples: this.raggedAt
      })
    }
    if (this.malformed) {
      out.push({
        kind: 'file/malformed',
        severity: 'warning',
        location: { file, line: this.malformedAt[0]?.line },
        message: safe`${this.malformed} rows have broken quoting; their text was scanned as parsed`,
        reason: lit('unbalanced or misplaced quotes'),
        remedy: lit('quote fields that contain the delimiter, quotes or line breaks'),
        count: this.malformed,
        samples: this.malformedAt
      })
    }
    return out
  }
}

interface DelimiterChoice {
  delimiter: string
  /** Line of the first row the chosen delimiter leaves unexplained, when no delimiter explains the table; else null. */
  unexplained: number | null
}

/**
 * Chooses the delimiter by how consistently it splits the first records:
 * the delimiter whose most common field count (at least 2) covers the most
 * records, a usual one first (an unusual one must cover OTHER_SHARE). A
 * table of one column (a list of values) needs no delimiter. When a usual
 * delimiter splits most records but no delimiter gives half of them the same
 * count, the table is unexplained (reported, and read with that delimiter).
 */
function sniffDelimiter(sample: string, newline: string, preferred: string): DelimiterChoice {
  const classic = [preferred, ...CLASSIC_DELIMITERS.filter((d) => d !== preferred)]
  /** Under delimiter `d`: field count and line of each non-blank record, the most common count of 2 or more, and its share. */
  const score = (d: string): { share: number; mode: number; lines: number[]; counts: number[] } => {
    const res = Papa.parse<string[]>(sample, { delimiter: d, newline: newline as Papa.ParseConfig['newline'], preview: SNIFF_ROWS })
    const counts: number[] = []
    const lines: number[] = []
    let line = 1
    for (const row of res.data) {
      const blank = row.length === 1 && row[0] === ''
      if (!blank) {
        counts.push(row.length)
        lines.push(line)
      }
      for (const v of row) for (let k = v.indexOf(newline); k !== -1; k = v.indexOf(newline, k + 1)) line++
      line++
    }
    const freq = new Map<number, number>()
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1)
    let mode = 1
    let top = 0
    for (const [c, n] of freq) if (c >= 2 && (n > top || (n === top && c > mode))) [mode, top] = [c, n]
    return { share: counts.length === 0 ? 0 : top / counts.length, mode, lines, counts }
  }
  /** The candidate whose common count covers the most records (then: the most fields), if any covers `min`. */
  const best = (list: string[], min: number): string | null => {
    let chosen: { d: string; share: number; mode: number } | null = null
    for (const d of list) {
      const s = score(d)
      if (s.share < min || s.mode < 2) continue
      if (!chosen || s.share > chosen.share || (s.share === chosen.share && s.mode > chosen.mode))
        chosen = { d, share: s.share, mode: s.mode }
    }
    return chosen?.d ?? null
  }
  const chosen =
    best(classic, CONSISTENT_SHARE) ??
    best(
      OTHER_DELIMITERS.filter((d) => sample.includes(d)),
      OTHER_SHARE
    )
  if (chosen !== null) return { delimiter: chosen, unexplained: null }
  // No delimiter explains the records. One column of values is a table too
  // (text with an unusual character here and there included); when a usual
  // delimiter splits most records but into no common count, that delimiter
  // reads the file, reported from the first record that breaks the count.
  for (const d of classic) {
    const s = score(d)
    const split = s.counts.filter((c) => c >= 2).length
    if (split * 2 < s.counts.length) continue // mostly single fields: a list of values
    return { delimiter: d, unexplained: s.lines[s.counts.findIndex((c) => c !== s.mode)] ?? 1 }
  }
  return { delimiter: preferred, unexplained: null }
}

async function* decode(absPath: string, start: number, encoding: Encoding): AsyncGenerator<string> {
  const stream = createReadStream(absPath, { start, highWaterMark: READ_CHUNK_BYTES })
  const wide = encoding === 'utf-16le' || encoding === 'utf-16be'
  const utf8 = encoding === 'utf-8'
  const decoder = encoding === 'windows-1252' || utf8 ? null : new TextDecoder(encoding, { fatal: true, ignoreBOM: true })
  // UTF-8: validated (strictly, as TextDecoder's fatal mode) and decoded by
  // Buffer, about 4x faster; a character split between chunks waits in `tail`.
  let tail: Buffer | null = null
  try {
    for await (const read of stream as AsyncIterable<Buffer>) {
      for (let off = 0; off < read.length; off += PARSE_CHUNK_BYTES) {
        const chunk = read.subarray(off, off + PARSE_CHUNK_BYTES)
        if (!wide && chunk.indexOf(0) !== -1) throw binary()
        let text: string
        if (utf8) {
          const bytes: Buffer = tail === null ? chunk : Buffer.concat([tail, chunk])
          const end = completeUtf8(bytes)
          const whole = bytes.subarray(0, end)
          if (!isUtf8(whole)) throw new InvalidUtf8()
          tail = end < bytes.length ? Buffer.from(bytes.subarray(end)) : null
          text = whole.toString('utf8')
        } else if (decoder) {
          try {
            text = decoder.decode(chunk, { stream: true })
          } catch {
            throw undecodable()
          }
        } else text = decodeWindows1252(chunk)
        if (wide && text.indexOf('\u0000') !== -1) throw binary()
        yield text
      }
    }
    if (tail !== null) throw new InvalidUtf8() // the file ends inside a character
    if (decoder) {
      try {
        const rest = decoder.decode()
        if (rest) yield rest
      } catch {
        throw undecodable()
      }
    }
  } finally {
    stream.destroy()
  }
}

/** Length of `b` without a UTF-8 sequence cut off at its end (the lead byte's length says how long it is). */
function completeUtf8(b: Buffer): number {
  const n = b.length
  for (let k = 1; k <= 4 && k <= n; k++) {
    const c = b[n - k] as number
    if ((c & 0xc0) === 0x80) continue // a continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1
    return need > k ? n - k : n
  }
  return n
}

const binary = (): UnreadableError =>
  new UnreadableError(
    lit('contains NUL bytes: binary data, not delimited text'),
    lit('publish tables as CSV/TSV text or as a workbook with the right extension')
  )
const undecodable = (): UnreadableError =>
  new UnreadableError(lit('the UTF-16 text cannot be decoded'), lit('save the file again as UTF-8 CSV'))

// Node's TextDecoder treats windows-1252 as Latin-1 (0x80-0x9F become C1
// controls); map that range as the WHATWG encoding standard does.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

function decodeWindows1252(b: Buffer): string {
  const s = b.toString('latin1')
  return /[\u0080-\u009f]/.test(s) ? s.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string) : s
}
