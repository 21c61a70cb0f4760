// What is this file, really? Decided from its first bytes, not its name:
// a workbook renamed to .csv, an LFS pointer or a binary blob must not be
// parsed as text and reported clean.

import { open } from 'node:fs/promises'
import { lit, type SafeText } from '../findings.js'

export const SNIFF_BYTES = 4096

export type Sniffed =
  | { type: 'zip' }
  | { type: 'cfb' }
  | { type: 'lfs-pointer' }
  | { type: 'text'; encoding: TextEncoding; bomLength: number }
  | { type: 'binary'; reason: SafeText }
  | { type: 'empty' }

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'

const LFS_PREFIX = 'version https://git-lfs.github.com/spec/v1'

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

export function sniffBytes(b: Buffer): Sniffed {
  if (b.length === 0) return { type: 'empty' }
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07)) return { type: 'zip' }
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
