// A minimal zip writer for fixtures (stored or deflated entries), with knobs
// to lie in the headers the way broken or hostile files do.

import { crc32, deflateRawSync } from 'node:zlib'

export interface ZipEntry {
  name: string
  data: Buffer | string
  /** Store instead of deflate. */
  store?: boolean
  /** Pre-compressed raw deflate data (then `data` is ignored for the payload). */
  raw?: { deflated: Buffer; size: number; crc: number }
  /** Header lies: declared uncompressed size, CRC. */
  declaredSize?: number
  declaredCrc?: number
}

export function zip(entries: ZipEntry[], opts: { comment?: string } = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data
    const payload = e.raw ? e.raw.deflated : e.store ? data : deflateRawSync(data)
    const size = e.declaredSize ?? (e.raw ? e.raw.size : data.length)
    const crc = e.declaredCrc ?? (e.raw ? e.raw.crc : crc32(data))
    const method = e.store && !e.raw ? 0 : 8
    // [offset, bytes, value] of each field after the signature.
    const common = (at: number): Array<[number, 2 | 4, number]> => [
      [at, 2, 0x0800],
      [at + 2, 2, method],
      [at + 8, 4, crc >>> 0],
      [at + 12, 4, payload.length],
      [at + 16, 4, size >>> 0],
      [at + 20, 2, name.length]
    ]
    const local = header(30, 0x04034b50, [[4, 2, 20], ...common(6)])
    locals.push(local, name, payload)
    const central = header(46, 0x02014b50, [[4, 2, 20], [6, 2, 20], ...common(8), [42, 4, offset]])
    centrals.push(central, name)
    offset += 30 + name.length + payload.length
  }
  const cd = Buffer.concat(centrals)
  const comment = Buffer.from(opts.comment ?? '', 'utf8')
  const end = Buffer.alloc(22 + comment.length)
  comment.copy(end, 22)
  end.writeUInt16LE(comment.length, 20)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

function header(length: number, signature: number, fields: Array<[number, 2 | 4, number]>): Buffer {
  const b = Buffer.alloc(length)
  b.writeUInt32LE(signature, 0)
  for (const [at, bytes, v] of fields) bytes === 2 ? b.writeUInt16LE(v, at) : b.writeUInt32LE(v, at)
  return b
}
