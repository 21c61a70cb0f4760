// Random access to a zip package through its central directory (yauzl);
// each entry is streamed, inflated, counted and CRC-checked. A package that
// claims, or turns out, to expand out of proportion is refused before or
// while it inflates: memory stays flat whatever the entry sizes say.

import { TextDecoder } from 'node:util'
import { close as closeFd, createReadStream, fstat, open as openFd, read as readFd } from 'node:fs'
import { Readable } from 'node:stream'
import { crc32, createInflateRaw } from 'node:zlib'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { UnreadableError } from '../../errors.js'
import { lit, safe, type SafeText } from '../../findings.js'
import { CELLS_PER_BYTE, MAX_IN_MEMORY_PART, MIN_CELL_BUDGET, type CellBudget, type ZipLimits } from './limits.js'

const corrupt = (what: SafeText): UnreadableError =>
  new UnreadableError(what, lit('save the workbook again from a spreadsheet program (or export it as CSV) and commit that file'))

export const bomb = (what: SafeText): UnreadableError =>
  new UnreadableError(
    safe`refused as a possible zip bomb: ${what}`,
    lit('a real workbook is never this large or this compressed; export the tables as CSV, or split the workbook')
  )

/** Bytes inflated so far, shared by a package and the workbooks embedded in it. */
export interface InflateBudget {
  used: number
  /**
   * What the whole package may inflate to: the total limit, and at most
   * MAX_RATIO times the outer file's size on disk (plus the size a ratio is
   * checked from). Every inflated byte is read, so this bounds the work a
   * small file can ask for, not only the memory. Set when the outer file opens.
   */
  cap?: number
  /** Bytes of parts read by the general XML parser (the slower one), for MAX_GENERAL_XML. */
  general?: number
  /** Cells with content the package may still hold (see CELLS_PER_BYTE). Set when the outer file opens. */
  cells?: CellBudget
  /**
   * Characters of cell text the package may still give the detectors: as
   * many as it may inflate to bytes (`cap`). A shared string is counted at
   * each cell that uses it, and a repeated cell at each copy.
   */
  text?: CellBudget
}

export class Zip {
  private constructor(
    private readonly zf: ZipFile,
    readonly entries: ReadonlyMap<string, Entry>,
    private readonly limits: ZipLimits,
    readonly budget: InflateBudget,
    /** The package's zip comment and its entries' comments: text that any zip tool shows. */
    readonly comments: string[]
  ) {}

  static async open(path: string, limits: ZipLimits, budget: InflateBudget = { used: 0 }): Promise<Zip> {
    const [zf, size] = await openZip(path)
    budget.cap ??= Math.min(limits.maxTotalUncompressed, limits.maxRatio * size + limits.ratioCheckFromBytes)
    if (!budget.cells) {
      const n = Math.max(MIN_CELL_BUDGET, Math.ceil(CELLS_PER_BYTE * size))
      budget.cells = { left: n, limit: n }
    }
    budget.text ??= { left: budget.cap, limit: budget.cap }
    try {
      if (zf.entryCount > limits.maxEntries) throw bomb(safe`${zf.entryCount} entries (the limit is ${limits.maxEntries})`)
      const entries = await readEntries(zf)
      let declared = 0
      for (const e of entries.values()) {
        if (e.isEncrypted()) throw new UnreadableError(lit('an encrypted zip entry'), lit('remove the password and commit the file again'))
        if (e.compressionMethod !== 0 && e.compressionMethod !== 8) {
          throw corrupt(safe`an entry uses zip compression method ${e.compressionMethod}, which spreadsheet programs do not write`)
        }
        declared += e.uncompressedSize
        if (budget.used + declared > budget.cap) throw bomb(tooBig(budget.cap, limits, lit('its entries declare')))
        checkRatio(e.uncompressedSize, e.compressedSize, limits)
      }
      const comments: string[] = []
      if (typeof zf.comment === 'string' && zf.comment.trim() !== '') comments.push(zf.comment)
      for (const e of entries.values()) if (typeof e.fileComment === 'string' && e.fileComment.trim() !== '') comments.push(e.fileComment)
      return new Zip(zf, entries, limits, budget, comments)
    } catch (e) {
      zf.close()
      throw e
    }
  }

  has(name: string): boolean {
    return this.entries.has(name)
  }

  /** The inflated bytes of one entry, chunk by chunk; throws UnreadableError on any inconsistency. */
  async *stream(name: string): AsyncGenerator<Buffer> {
    const entry = this.entries.get(name)
    if (!entry) throw corrupt(lit('a part named in the package is missing'))
    const deflated = entry.compressionMethod === 8
    const raw = await new Promise<Readable>((resolve, reject) =>
      this.zf.openReadStream(entry, deflated ? { decompress: false } : {}, (err, s) =>
        err || !s ? reject(corrupt(lit('a zip entry cannot be opened (corrupt local header)'))) : resolve(s as Readable)
      )
    )
    // Deflated entries are inflated here rather than by yauzl: bigger output
    // chunks (yauzl's are 16 KiB) cost far fewer callbacks; sizes and CRC are
    // checked below exactly as before.
    const inflate = deflated ? createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES }) : null
    if (inflate) {
      raw.on('error', (e) => inflate.destroy(e))
      raw.pipe(inflate)
    }
    const rs = inflate ?? raw
    let n = 0
    let crc = 0
    try {
      for await (const chunk of rs as AsyncIterable<Buffer>) {
        n += chunk.length
        this.budget.used += chunk.length
        if (n > entry.uncompressedSize) throw bomb(lit('an entry inflates to more than its declared size'))
        if (this.budget.used > (this.budget.cap as number))
          throw bomb(tooBig(this.budget.cap as number, this.limits, lit('the package inflates to')))
        if (n > this.limits.ratioCheckFromBytes) checkRatio(n, entry.compressedSize, this.limits)
        crc = crc32(chunk, crc)
        yield chunk
      }
      // What yauzl's byte count reported as an error when it inflated.
      if (inflate && n < entry.uncompressedSize) throw corrupt(lit('a zip entry cannot be inflated (truncated or corrupt data)'))
    } catch (e) {
      if (e instanceof UnreadableError) throw e
      const msg = e instanceof Error ? e.message : ''
      if (/too many bytes/i.test(msg)) throw bomb(lit('an entry inflates to more than its declared size'))
      if (/too few bytes/i.test(msg)) throw corrupt(lit('a zip entry is shorter than its declared size (truncated or corrupt)'))
      throw corrupt(lit('a zip entry cannot be inflated (truncated or corrupt data)'))
    } finally {
      inflate?.destroy()
      ;(raw as unknown as { destroy?: () => void }).destroy?.()
    }
    if (n !== entry.uncompressedSize) throw corrupt(lit('a zip entry is shorter than its declared size (truncated or corrupt)'))
    if (crc >>> 0 !== entry.crc32 >>> 0) throw corrupt(lit('a zip entry fails its CRC check (the file is corrupt)'))
  }

  /** Parts whose content is held in memory (shared strings, styles, comments, caches' items) are capped. */
  checkWhole(name: string): void {
    const e = this.entries.get(name)
    if (e && e.uncompressedSize > MAX_IN_MEMORY_PART)
      throw bomb(safe`a part that must be read whole is larger than ${mib(MAX_IN_MEMORY_PART)} MiB`)
  }

  close(): void {
    this.zf.close()
  }
}

/** Why a package is too big: the total limit, or its ratio to the size on disk. */
function tooBig(cap: number, limits: ZipLimits, what: SafeText): SafeText {
  return cap < limits.maxTotalUncompressed
    ? safe`${what} more than ${mib(cap)} MiB, over ${limits.maxRatio} times the file's size on disk`
    : safe`${what} more than ${mib(limits.maxTotalUncompressed)} MiB uncompressed`
}

function checkRatio(uncompressed: number, compressed: number, limits: ZipLimits): void {
  if (uncompressed > limits.ratioCheckFromBytes && uncompressed > limits.maxRatio * Math.max(compressed, 1)) {
    throw bomb(safe`an entry of over ${mib(limits.ratioCheckFromBytes)} MiB is compressed more than ${limits.maxRatio}:1`)
  }
}

const mib = (n: number): number => Math.round((n / 1048576) * 10) / 10

function readEntries(zf: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Entry>()
    const folded = new Set<string>()
    zf.on('entry', (e: Entry) => {
      // Zip names are case-sensitive; OOXML part names are not. Two entries
      // that name the same part are read differently by different programs
      // (the first or the last wins): the package cannot be read one way.
      const name = e.fileName.replace(/\\/g, '/').replace(/^\/+/, '')
      const key = name.toLowerCase()
      if (folded.has(key)) {
        return reject(
          corrupt(
            lit('two zip entries have the same name (programs disagree on which one is the part), so the package cannot be read one way')
          )
        )
      }
      folded.add(key)
      if (!name.endsWith('/')) out.set(name, e)
      zf.readEntry()
    })
    zf.on('end', () => resolve(out))
    zf.on('error', () => reject(corrupt(lit('a truncated or corrupt zip package (bad central directory entry)'))))
    zf.readEntry()
  })
}

/** Inflated output chunk size (zlib's default is 16 KiB): fewer, bigger chunks cost far fewer callbacks. */
const INFLATE_CHUNK_BYTES = 512 * 1024
/** Compressed bytes per file read (yauzl's reader reads 16 KiB at a time). */
const READ_BYTES = 256 * 1024

/** File-system calls for an entry's read stream: it reads, and never closes the shared descriptor. */
const KEEP_FD = { open: openFd, read: readFd, close: (_fd: number, cb: (err: Error | null) => void): void => cb(null) }

/**
 * The package file for yauzl, as its own file reader does it (positional
 * reads of one descriptor, closed when the last stream and the zip file are
 * done) but reading entries in bigger pieces.
 */
class FileReader extends yauzl.RandomAccessReader {
  constructor(private readonly fd: number) {
    super()
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead?: number) => void
  ): void {
    readFd(this.fd, buffer, offset, length, position, (err, n) => callback(err, n))
  }

  override createReadStream({ start, end }: { start: number; end: number }): Readable {
    const r = this as unknown as { ref(): void; unref(): void }
    if (start >= end) return Readable.from([])
    r.ref()
    // Destroying a file stream closes its descriptor, which every entry shares: KEEP_FD keeps it open.
    const s = createReadStream('', { fd: this.fd, start, end: end - 1, autoClose: false, highWaterMark: READ_BYTES, fs: KEEP_FD })
    let open = true
    const done = (): void => {
      if (open) (open = false), r.unref()
    }
    s.once('end', done)
    s.once('close', done)
    s.once('error', done)
    return s
  }

  override close(callback: (err: Error | null) => void): void {
    closeFd(this.fd, callback)
  }
}

function openZip(path: string): Promise<[ZipFile, number]> {
  const unreadable = (): UnreadableError => corrupt(lit('a truncated or corrupt zip package (its central directory cannot be read)'))
  return new Promise((resolve, reject) =>
    openFd(path, 'r', (err, fd) => {
      if (err) return reject(unreadable())
      fstat(fd, (err, st) => {
        if (err) return closeFd(fd, () => reject(unreadable()))
        const opts = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }
        yauzl.fromRandomAccessReader(new FileReader(fd), st.size, opts, (err, z) => {
          if (err || !z) closeFd(fd, () => reject(unreadable()))
          else resolve([z, st.size])
        })
      })
    })
  )
}

/** Saxes works better on bigger pieces than a stored entry's reads or a short inflate output. */
const TEXT_BATCH_BYTES = 512 * 1024

async function* batched(bytes: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let parts: Buffer[] = []
  let size = 0
  for await (const b of bytes) {
    parts.push(b)
    size += b.length
    if (size >= TEXT_BATCH_BYTES) {
      yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size)
      parts = []
      size = 0
    }
  }
  if (size) yield Buffer.concat(parts, size)
}

/**
 * An entry as UTF-8 bytes for the byte tokenizer: a UTF-8 byte-order mark is
 * dropped, UTF-16 (by its mark) is transcoded; anything else passes as it is.
 */
export async function* utf8Chunks(bytes: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let first = true
  let dec: TextDecoder | null = null
  // Each chunk is passed on when the next one has arrived, and the last only
  // once the entry has passed its size and CRC checks: a part that fits in one
  // chunk is never read at all when it is corrupt.
  let held: Buffer | null = null
  for await (const chunk of bytes) {
    let c = chunk
    if (first) {
      first = false
      if (c[0] === 0xff && c[1] === 0xfe) (dec = new TextDecoder('utf-16le')), (c = c.subarray(2))
      else if (c[0] === 0xfe && c[1] === 0xff) (dec = new TextDecoder('utf-16be')), (c = c.subarray(2))
      else if (c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf) c = c.subarray(3)
    }
    if (dec) c = Buffer.from(dec.decode(c, { stream: true }), 'utf8')
    if (c.length === 0) continue
    if (held) yield held
    held = c
  }
  if (dec) {
    const rest = dec.decode()
    if (rest) held = held ? Buffer.concat([held, Buffer.from(rest, 'utf8')]) : Buffer.from(rest, 'utf8')
  }
  if (held) yield held
}

/** A streaming decoder for an entry (BOM-aware). */
export async function* textChunks(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let dec: TextDecoder | null = null
  for await (const chunk of batched(bytes)) {
    let c = chunk
    if (!dec) {
      if (c[0] === 0xff && c[1] === 0xfe) (dec = new TextDecoder('utf-16le')), (c = c.subarray(2))
      else if (c[0] === 0xfe && c[1] === 0xff) (dec = new TextDecoder('utf-16be')), (c = c.subarray(2))
      else dec = new TextDecoder('utf-8')
    }
    const s = dec.decode(c, { stream: true })
    if (s) yield s
  }
  if (dec) {
    const rest = dec.decode()
    if (rest) yield rest
  }
}
