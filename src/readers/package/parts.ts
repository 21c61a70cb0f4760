// Readers for the parts any zip package may hold, whatever its format: a
// generic text reader for XML parts, a reader for parts of unknown kinds
// (XML, text by lines, or binary named as not inspected), the image sniff,
// and plain strings as a one-column table.

import { lit, safe, type SafeText } from '../../findings.js'
import { isSafeLabel } from '../../labels.js'
import type { RowSink } from '../../tabular.js'
import type { PackageContext } from './context.js'
import { TextJoiner, TextList } from './extras.js'
import { parseXml } from './xml.js'

/**
 * Any other XML part: every text node (and, with `attributes`, every
 * attribute value but namespace declarations) as one column.
 */
export async function readGenericText(ctx: PackageContext, part: string, label?: SafeText, attributes = false): Promise<number> {
  let t: RowSink | null = null
  let n = 0
  const row = (s: string): void => {
    ;(t ??= ctx.table({
      addressing: 'record',
      part: label ?? (isSafeLabel(part) ? safe`part ${ctx.partLabel(part)}` : ctx.partLabel(part)),
      unit: lit('text'),
      hidden: true,
      noHeader: true
    })).row([s], ++n)
  }
  const text = new TextJoiner(row)
  await parseXml(ctx.text(part), {
    open(name, a) {
      text.open(name)
      if (attributes) {
        for (const k in a) {
          const v = (a[k] as string).trim()
          if (v !== '' && k !== 'xmlns' && !k.startsWith('xmlns:')) row(v)
        }
      }
    },
    close: (name) => text.close(name),
    text: (s) => text.text(s)
  })
  text.flush()
  ;(t as RowSink | null)?.end()
  return n
}

const MAX_LINE_FIELDS = 16384

/** Does the part start like an image (PNG, JPEG, GIF, BMP, TIFF, EMF, WMF, ICO, WebP, SVM)? Then it holds no text to read. */
export async function isImage(ctx: PackageContext, part: string): Promise<boolean> {
  let b: Buffer | null = null
  for await (const chunk of ctx.zip.stream(part)) {
    b = chunk
    break
  }
  if (b === null) return true
  const at = (i: number, ...bytes: number[]): boolean => bytes.every((x, k) => b![i + k] === x)
  return (
    at(0, 0x89, 0x50, 0x4e, 0x47) ||
    at(0, 0xff, 0xd8, 0xff) ||
    at(0, 0x47, 0x49, 0x46, 0x38) ||
    at(0, 0x42, 0x4d) ||
    at(0, 0x49, 0x49, 0x2a, 0x00) ||
    at(0, 0x4d, 0x4d, 0x00, 0x2a) ||
    (at(0, 0x01, 0x00, 0x00, 0x00) && at(40, 0x20, 0x45, 0x4d, 0x46)) ||
    at(0, 0xd7, 0xcd, 0xc6, 0x9a) ||
    at(0, 0x01, 0x00, 0x09, 0x00) ||
    at(0, 0x02, 0x00, 0x09, 0x00) ||
    at(0, 0x00, 0x00, 0x01, 0x00) ||
    (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) ||
    at(0, 0x56, 0x43, 0x4c, 0x4d, 0x54, 0x46) // StarView metafile (VCLMTF), an ODS chart's replacement image
  )
}

function isUtf16le(b: Buffer): boolean {
  for (let i = 0; i + 1 < b.length; i += 2) if (b[i + 1] !== 0 || b[i] === 0) return false
  return true
}

/** A UTF-16LE part without a byte-order mark: XML through the general parser, other text by lines. */
async function readUtf16Part(ctx: PackageContext, part: string, label: SafeText): Promise<boolean> {
  const decoded = async function* (): AsyncGenerator<string> {
    const dec = new TextDecoder('utf-16le')
    for await (const c of ctx.zip.stream(part)) yield dec.decode(c, { stream: true })
    yield dec.decode()
  }
  let first = ''
  for await (const s of decoded()) {
    first = s
    break
  }
  const list = new TextList(() => ctx.table({ addressing: 'record', part: label, unit: lit('text'), hidden: true, noHeader: true }))
  if (first.trimStart().startsWith('<')) {
    ctx.general(part)
    const text = new TextJoiner((s) => list.add(s))
    await parseXml(decoded(), { open: (n) => text.open(n), close: (n) => text.close(n), text: (s) => text.text(s) })
    text.flush()
  } else {
    let all = ''
    for await (const s of decoded()) all += s
    for (const line of all.split(/\r\n|\n|\r/)) list.add(line)
  }
  list.end()
  return true
}

/** Bytes no text file holds (C0 controls but TAB, LF, FF, CR, ESC). */
const BINARY_BYTE = new Uint8Array(256)
for (let b = 0; b < 32; b++) if (b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) BINARY_BYTE[b] = 1

/**
 * A part of a kind we do not know (or an embedded object): XML is read as
 * XML, text as lines (split on the commonest delimiter of its first line),
 * and anything binary is named as not inspected, which blocks. Returns
 * whether it was read.
 */
export async function readUnknownPart(ctx: PackageContext, part: string, label?: SafeText): Promise<boolean> {
  const where = ctx.partLabel(part)
  ctx.handled.add(part)
  // Sniff the first bytes (UTF-16 is transcoded, a BOM dropped).
  let head: Buffer | null = null
  for await (const chunk of ctx.bytes(part)) {
    head = chunk.subarray(0, 4096)
    break
  }
  if (head === null) return true
  // UTF-16LE text without a byte-order mark (Excel writes sheet custom properties so): every other byte zero.
  if (head.length >= 2 && head.length % 2 === 0 && isUtf16le(head)) return readUtf16Part(ctx, part, label ?? safe`part ${where}`)
  let k = 0
  while (k < head.length && (head[k] === 32 || head[k] === 9 || head[k] === 10 || head[k] === 13)) k++
  if (head[k] === 60 /* < */ && !head.some((b) => BINARY_BYTE[b] === 1)) {
    await readGenericText(ctx, part, label ?? safe`part ${where}`, true)
    return true
  }
  const name = label ?? safe`part ${where}`
  let t: RowSink | null = null
  let line = 0
  let delim: string | null = null
  const emit = (s: string): void => {
    line++
    if (s.trim() === '') return
    if (delim === null) {
      let best = ','
      let most = 0
      for (const d of [',', '\t', ';', '|']) {
        const c = s.split(d).length - 1
        if (c > most) (most = c), (best = d)
      }
      delim = best
    }
    t ??= ctx.table({ addressing: 'record', part: name, unit: lit('line'), hidden: true, noHeader: true })
    const fields = s.split(delim)
    // A line of more fields than a sheet has columns goes on in further rows of the same line.
    for (let k = 0; k < fields.length; k += MAX_LINE_FIELDS)
      t.row(k === 0 && fields.length <= MAX_LINE_FIELDS ? fields : fields.slice(k, k + MAX_LINE_FIELDS), line)
  }
  try {
    const dec = new TextDecoder('utf-8')
    // Text after the last line break, kept in pieces (a long line is joined once).
    let pending: string[] = []
    for await (const chunk of ctx.bytes(part)) {
      for (let i = 0; i < chunk.length; i++) {
        if (BINARY_BYTE[chunk[i] as number] === 1) {
          ctx.notRead(where, lit('a binary part or embedded object of a kind publish-guard does not read (it may hold text)'))
          return false
        }
      }
      const d = dec.decode(chunk, { stream: true })
      const last = Math.max(d.lastIndexOf('\n'), d.lastIndexOf('\r'))
      if (last === -1) {
        pending.push(d)
        continue
      }
      const lines = (pending.join('') + d.slice(0, last)).split(/\r\n|\n|\r/)
      pending = [d.slice(last + 1)]
      for (const l of lines) emit(l)
    }
    emit(pending.join('') + dec.decode())
  } finally {
    ;(t as RowSink | null)?.end()
  }
  return true
}

/** Plain strings as a one-column table (orphan shared strings, external targets). */
export function emitList(ctx: PackageContext, values: Iterable<[number, string]>, part: SafeText, unit: SafeText): number {
  let t: RowSink | null = null
  let n = 0
  for (const [pos, v] of values) {
    if (v.trim() === '') continue
    ;(t ??= ctx.table({ addressing: 'record', part, unit, hidden: true, noHeader: true })).row([v], pos)
    n++
  }
  ;(t as RowSink | null)?.end()
  return n
}
