// Delimited text (CSV, TSV, `;`- or `|`-separated), streamed through
// papaparse. Exact physical line numbers even when quoted fields span lines;
// ragged rows and broken quoting are reported, not fatal.

import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import Papa from 'papaparse'
import { UnreadableError } from '../errors.js'
import { lit, MAX_SAMPLES, placeName, safe, type Finding, type Location } from '../findings.js'
import type { TextEncoding } from './sniff.js'
import type { ReadResult, RowSink, TableSink } from './types.js'

/** Read size: large enough to amortise parsing calls, small enough to keep memory flat. */
const READ_CHUNK_BYTES = 1 << 20
/** A single row longer than this is not a table any more (and would grow memory without bound). */
export const MAX_ROW_CHARS = 64 << 20

const DELIMITERS = [',', '\t', ';', '|']

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
  const delimiter = format === 'tsv' ? '\t' : undefined
  try {
    return await parseOnce(absPath, relPath, sink, encoding, bomLength, delimiter, format)
  } catch (e) {
    if (!(e instanceof InvalidUtf8)) throw e
    // Not UTF-8: the common single-byte encoding of spreadsheet exports.
    return parseOnce(absPath, relPath, sink, 'windows-1252', bomLength, delimiter, format)
  }
}

function parseOnce(
  absPath: string,
  relPath: string,
  sink: TableSink,
  encoding: Encoding,
  start: number,
  delimiter: string | undefined,
  format: string
): Promise<ReadResult> {
  const rows = sink.table({ file: relPath, addressing: 'line' })
  const tracker = new RowTracker(relPath)
  return new Promise<ReadResult>((resolve, reject) => {
    let failed = false
    const fail = (e: unknown): void => {
      if (failed) return
      failed = true
      rows.abort()
      reject(e)
    }
    Papa.parse(Readable.from(decode(absPath, start, encoding)), {
      delimiter,
      delimitersToGuess: DELIMITERS,
      header: false,
      skipEmptyLines: false,
      step(results) {
        if (failed) return
        try {
          tracker.step(results.data as unknown as string[], results.meta.linebreak, results.errors, rows)
        } catch (e) {
          fail(e)
        }
      },
      complete() {
        if (failed) return
        rows.end()
        resolve({ format, findings: tracker.findings(), notInspected: [] })
      },
      error(err: Error) {
        fail(err)
      }
    })
  })
}

/** Follows physical lines and collects shape problems while rows stream by. */
class RowTracker {
  private line = 1
  private width = -1
  private ragged = 0
  private readonly raggedAt: Location[] = []
  private malformed = 0
  private readonly malformedAt: Location[] = []

  constructor(private readonly file: string) {}

  step(row: string[], linebreak: string, errors: Papa.ParseError[], sink: RowSink): void {
    const pos = this.line
    let span = 1
    const nl = linebreak === '\r' ? '\r' : '\n'
    let chars = 0
    for (let i = 0; i < row.length; i++) {
      const v = row[i] as string
      chars += v.length
      // Quoted fields may hold line breaks: the next row starts further down.
      let k = v.indexOf(nl)
      while (k !== -1) {
        span++
        k = v.indexOf(nl, k + 1)
      }
    }
    this.line += span
    if (chars > MAX_ROW_CHARS) {
      throw new UnreadableError(
        safe`line ${pos} is longer than ${MAX_ROW_CHARS} characters (an unclosed quote or not a table)`,
        lit('check the quoting of the file; export it again as CSV')
      )
    }
    if (errors.length) {
      this.malformed++
      if (this.malformedAt.length < MAX_SAMPLES) this.malformedAt.push({ file: this.file, line: pos })
    }
    if (row.length === 1 && row[0] === '') return // blank line
    if (this.width === -1) this.width = row.length
    else if (row.length !== this.width) {
      this.ragged++
      if (this.raggedAt.length < MAX_SAMPLES) this.raggedAt.push({ file: this.file, line: pos })
    }
    sink.row(row, pos)
  }

  findings(): Finding[] {
    const out: Finding[] = []
    const file = this.file
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

async function* decode(absPath: string, start: number, encoding: Encoding): AsyncGenerator<string> {
  const stream = createReadStream(absPath, { start, highWaterMark: READ_CHUNK_BYTES })
  const wide = encoding === 'utf-16le' || encoding === 'utf-16be'
  const decoder = encoding === 'windows-1252' ? null : new TextDecoder(encoding, { fatal: true, ignoreBOM: true })
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!wide && chunk.indexOf(0) !== -1) throw binary()
      let text: string
      if (decoder) {
        try {
          text = decoder.decode(chunk, { stream: true })
        } catch {
          throw encoding === 'utf-8' ? new InvalidUtf8() : undecodable()
        }
      } else text = decodeWindows1252(chunk)
      if (wide && text.indexOf('\u0000') !== -1) throw binary()
      yield text
    }
    if (decoder) {
      try {
        const rest = decoder.decode()
        if (rest) yield rest
      } catch {
        throw encoding === 'utf-8' ? new InvalidUtf8() : undecodable()
      }
    }
  } finally {
    stream.destroy()
  }
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

export function decodeWindows1252(b: Buffer): string {
  const s = b.toString('latin1')
  return /[\u0080-\u009f]/.test(s) ? s.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string) : s
}
