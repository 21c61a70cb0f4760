// What is this file, really? Decided from its first bytes, not its name:
// a workbook renamed to .csv, an LFS pointer or a binary blob must not be
// parsed as text and reported clean.

import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'
import { lit, type SafeText } from '../findings.js'

const SNIFF_BYTES = 4096

export type Sniffed =
  | { type: 'zip' }
  | { type: 'gzip' }
  | { type: 'tar' }
  | { type: 'cfb' }
  | { type: 'lfs-pointer' }
  | { type: 'text'; encoding: TextEncoding; bomLength: number }
  | { type: 'binary'; reason: SafeText }
  | { type: 'empty' }

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'

const LFS_PREFIX = 'version https://git-lfs.github.com/spec/v1'
/** Where a tar header keeps its `ustar` magic. */
const TAR_MAGIC_AT = 257

export async function sniffFile(absPath: string): Promise<Sniffed> {
  const fh = await open(absPath, 'r')
  try {
    const buf = Buffer.alloc(SNIFF_BYTES)
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0)
    return sniffBytes(buf.subarray(0, bytesRead))
  } finally {
    await fh.close()
  }
}

function sniffBytes(b: Buffer): Sniffed {
  if (b.length === 0) return { type: 'empty' }
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07)) return { type: 'zip' }
  if (b[0] === 0x1f && b[1] === 0x8b) return { type: 'gzip' }
  // A POSIX (ustar) or GNU tar archive: its first header's magic, at byte 257.
  if (b.length >= TAR_MAGIC_AT + 5 && b.subarray(TAR_MAGIC_AT, TAR_MAGIC_AT + 5).toString('latin1') === 'ustar') return { type: 'tar' }
  if (b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return { type: 'cfb' }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { type: 'text', encoding: 'utf-8', bomLength: 3 }
  if (b[0] === 0xff && b[1] === 0xfe) return { type: 'text', encoding: 'utf-16le', bomLength: 2 }
  if (b[0] === 0xfe && b[1] === 0xff) return { type: 'text', encoding: 'utf-16be', bomLength: 2 }
  if (b.subarray(0, LFS_PREFIX.length).toString('latin1') === LFS_PREFIX) return { type: 'lfs-pointer' }
  // UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text.
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) {
    return { type: 'binary', reason: lit('looks like UTF-16 text without a byte-order mark') }
  }
  if (b.indexOf(0) !== -1) return { type: 'binary', reason: lit('contains NUL bytes: binary data, not text') }
  return { type: 'text', encoding: 'utf-8', bomLength: 0 }
}

const ENCRYPTION_MARKERS = [Buffer.from('EncryptionInfo', 'utf16le'), Buffer.from('EncryptedPackage', 'utf16le')]

/**
 * An OLE compound file holding an encrypted OOXML package has the streams
 * `EncryptionInfo` and `EncryptedPackage` (MS-OFFCRYPTO). Their names are
 * stored in UTF-16LE in the directory sectors; look for both names.
 */
export async function isEncryptedOoxml(absPath: string): Promise<boolean> {
  const fh = await open(absPath, 'r')
  try {
    const found = [false, false]
    const chunk = Buffer.alloc(1 << 20)
    let tail = Buffer.alloc(0)
    for (let pos = 0; ; ) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos)
      if (bytesRead === 0) break
      pos += bytesRead
      const b = Buffer.concat([tail, chunk.subarray(0, bytesRead)])
      ENCRYPTION_MARKERS.forEach((m, i) => {
        if (!found[i] && b.indexOf(m) !== -1) found[i] = true
      })
      if (found[0] && found[1]) return true
      tail = b.subarray(Math.max(0, b.length - 64))
    }
    return false
  } finally {
    await fh.close()
  }
}

/** Bytes of a plain-text file (or of a gzip file's content) looked at to tell a table from prose. */
const TABLE_SNIFF_BYTES = 64 * 1024
/** Delimiters a table may use, besides a fixed-width layout (not sniffed). */
const SNIFF_DELIMITERS = [',', '\t', ';', '|', '~', '^', '\x1f']

/**
 * Does a file named like plain text (.txt, .dat, no extension, or gzip of
 * one) hold a table? Its first bytes decide: a workbook, an OLE file or an
 * LFS pointer may (it is read, and blocks if unreadable); binary data or
 * prose does not.
 */
export async function holdsTable(absPath: string): Promise<boolean> {
  const head = await firstBytes(createReadStream(absPath, { end: TABLE_SNIFF_BYTES - 1 }))
  return holdsTableBytes(head, 0)
}

async function holdsTableBytes(head: { bytes: Buffer; whole: boolean }, depth: number): Promise<boolean> {
  const s = sniffBytes(head.bytes)
  switch (s.type) {
    case 'empty':
    case 'binary':
      return false
    case 'gzip': {
      if (depth > 0) return true
      const source = createGunzip()
      source.end(head.bytes)
      try {
        return await holdsTableBytes(await firstBytes(source), depth + 1)
      } catch {
        // Cut before the end of the stream, or corrupt: read it, and let the reader say which.
        return true
      }
    }
    case 'text': {
      const b = head.bytes.subarray(s.bomLength)
      const text =
        s.encoding === 'utf-8'
          ? b.toString('utf8')
          : s.encoding === 'utf-16le'
            ? b.toString('utf16le')
            : Buffer.from(b).swap16().toString('utf16le')
      return looksLikeTable(text, head.whole)
    }
    default:
      return true
  }
}

/** Up to TABLE_SNIFF_BYTES of a stream; `whole` when the stream ended within them. */
async function firstBytes(stream: NodeJS.ReadableStream & { destroy(): void }): Promise<{ bytes: Buffer; whole: boolean }> {
  const parts: Buffer[] = []
  let size = 0
  let whole = true
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk)
      size += chunk.length
      if (size >= TABLE_SNIFF_BYTES) {
        whole = false
        break
      }
    }
  } catch (e) {
    // A gzip stream given only its first bytes ends early: what was inflated is enough to judge.
    if (size === 0) throw e
    whole = false
  } finally {
    stream.destroy()
  }
  return { bytes: Buffer.concat(parts).subarray(0, TABLE_SNIFF_BYTES), whole }
}

/**
 * Rows of columns: at least two non-blank lines, and one delimiter that
 * splits at least 80 % of the first lines into the same number (2 or more) of
 * fields. Prose has commas too, but not the same number on every line.
 */
export function looksLikeTable(text: string, whole = true): boolean {
  return tableDelimiter(text, whole) !== null
}

/** The delimiter that makes `text` rows of columns (see looksLikeTable), or null when none does. */
export function tableDelimiter(text: string, whole = true): string | null {
  const lines = text.split(/\r\n|\n|\r/)
  if (!whole) lines.pop()
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 100)
  if (sample.length < 2) return null
  for (const d of SNIFF_DELIMITERS) {
    const counts = new Map<number, number>()
    for (const line of sample) {
      const n = fieldsOf(line, d) - 1
      counts.set(n, (counts.get(n) ?? 0) + 1)
    }
    for (const [n, k] of counts) if (n >= 1 && k >= 2 && k >= 0.8 * sample.length) return d
  }
  return null
}

/** Fields of one line split by `d`, with delimiters inside double quotes not counted. */
function fieldsOf(line: string, d: string): number {
  let n = 1
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '"') quoted = !quoted
    else if (c === d && !quoted) n++
  }
  return n
}
