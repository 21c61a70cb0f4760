// Tables inside archives: a gzip-compressed file (`staff.csv.gz`) and the
// tables of a plain zip archive (`export.zip`, not a workbook). Each table is
// inflated as a stream into a temporary file, within the zip limits, and read
// there by the ordinary readers; its findings are placed in the archive (the
// archived file's name is the `part`). Anything that cannot be inflated is
// unreadable, never skipped.

import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, posix } from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { UnreadableError } from '../errors.js'
import { lit, safe, type Finding, type Location, type SafeText } from '../findings.js'
import { labelOf } from '../labels.js'
import { extract as tarExtract } from 'tar-stream'
import { ARCHIVE_EXTENSIONS, TABLE_EXTENSIONS, UNOPENED_ARCHIVE_EXTENSIONS } from '../policy/defaults.js'
import { isDocument } from './documents.js'
import { holdsTable } from './sniff.js'
import type { ReadResult, TableSink } from '../tabular.js'
import { bomb, Zip } from './package/zip.js'
import { zipLimits, type ZipLimits } from './package/limits.js'

/** Archives inside archives: the outer file is depth 0. */
const MAX_ARCHIVE_DEPTH = 2

/** Reads one file (by its name's extension) into the sink: readTabular, passed in. */
type ReadInner = (absPath: string, relPath: string, sink: TableSink, depth: number) => Promise<ReadResult>

/** Names of archived files read as tables, besides records and pages (as in a repository); everything else in a zip archive is not a table (code, images). */
const TABLE_ENTRY = new RegExp(
  `\\.(${[...TABLE_EXTENSIONS, ...ARCHIVE_EXTENSIONS, ...UNOPENED_ARCHIVE_EXTENSIONS, 'gz', 'txt', 'dat'].join('|')})$`,
  'i'
)

/** How an archived file is taken: read, read when its content holds a table (plain text), or passed over. */
function entryKind(name: string): 'read' | 'sniff' | null {
  if (name.endsWith('/') || name.startsWith('__MACOSX/')) return null
  if (/\.(txt|dat)$/i.test(name) || !/\.[^/.]*$/.test(posix.basename(name))) return 'sniff'
  return TABLE_ENTRY.test(name) || isDocument(posix.extname(name).toLowerCase()) ? 'read' : null
}

/** An archive's files, each written to a temporary file and read through the readers, in turn. */
class ArchivedFiles {
  readonly findings: Finding[] = []
  readonly notInspected: SafeText[] = []
  private written = 0
  private shown = 0

  constructor(
    private readonly relPath: string,
    private readonly sink: TableSink,
    private readonly o: ArchiveOptions,
    private readonly dir: string
  ) {}

  /** Reads the archived file `name` of kind `kind`, its bytes written by `write`. */
  async read(name: string, kind: 'read' | 'sniff', write: (out: string) => Promise<void>): Promise<void> {
    const out = join(this.dir, `${this.written++}-${posix.basename(name).replace(/[^\w.-]/g, '_')}`)
    await write(out)
    try {
      if (kind === 'sniff' && !(await holdsTable(out))) return
      // An archived file's name may be data (a person's name): shown only when it is a safe label.
      const part = labelOf(name, safe`archived file ${++this.shown}`)
      // A fresh name keeps the archived file's extension, so the right reader reads it.
      const inner = `${this.relPath}/${name}`
      const r = await this.o.readInner(out, inner, relocating(this.sink, this.relPath, part), this.o.depth + 1)
      this.findings.push(...relocate(r.findings, this.relPath, part))
      this.notInspected.push(...r.notInspected.map((p) => safe`${part}: ${p}`))
    } finally {
      await rm(out, { force: true })
    }
  }
}

export interface ArchiveOptions {
  limits?: Partial<ZipLimits>
  depth: number
  readInner: ReadInner
  /** Reads this file as a workbook: a `.zip` that is an OOXML or OpenDocument package is one. */
  asWorkbook?: () => Promise<ReadResult>
}

/** Refuses archives nested too deep; the limits, and a temporary directory for the inflated files. */
async function begin(o: ArchiveOptions, kind: string): Promise<{ limits: ZipLimits; dir: string }> {
  if (o.depth >= MAX_ARCHIVE_DEPTH) {
    throw new UnreadableError(
      safe`an archive inside an archive more than ${MAX_ARCHIVE_DEPTH} levels deep`,
      lit('commit the tables themselves (CSV or .xlsx), not archives of archives')
    )
  }
  return { limits: zipLimits(o.limits), dir: await mkdtemp(join(tmpdir(), `publish-guard-${kind}-`)) }
}

/** `staff.csv.gz`: inflated (streamed, within the uncompressed-size limit) and read as `staff.csv`. */
export async function readGzip(absPath: string, relPath: string, sink: TableSink, o: ArchiveOptions): Promise<ReadResult> {
  const inner = relPath.replace(/\.tgz$/i, '.tar').replace(/\.gz$/i, '') || 'data'
  const { limits, dir } = await begin(o, 'gz')
  try {
    const out = join(dir, basename(inner))
    try {
      await pipeline(createReadStream(absPath), createGunzip(), budget(limits.maxTotalUncompressed).counter(), createWriteStream(out))
    } catch (e) {
      if (e instanceof UnreadableError) throw e
      throw new UnreadableError(
        lit('a gzip file that cannot be decompressed (truncated or corrupt)'),
        lit('compress the table again, or commit it uncompressed')
      )
    }
    const r = await o.readInner(out, inner, relocating(sink, relPath, undefined), o.depth + 1)
    return { ...r, format: `${r.format}.gz`, findings: relocate(r.findings, relPath, undefined) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * A zip archive that is not a workbook: every archived file named like a
 * table, record file or page (or plain text that holds a table) is read, as
 * it would be in the repository; other files (code, images, office
 * documents) are not tables and are passed over.
 */
export async function readZipArchive(absPath: string, relPath: string, sink: TableSink, o: ArchiveOptions): Promise<ReadResult> {
  const { limits, dir } = await begin(o, 'zip')
  const zip = await Zip.open(absPath, limits).catch(async (e: unknown) => {
    await rm(dir, { recursive: true, force: true })
    throw e
  })
  // As the package reader tells them: an OpenDocument spreadsheet needs no `mimetype` entry to be read as one.
  if (o.asWorkbook && (zip.has('[Content_Types].xml') || zip.has('content.xml'))) {
    zip.close()
    await rm(dir, { recursive: true, force: true })
    return o.asWorkbook()
  }
  const files = new ArchivedFiles(relPath, sink, o, dir)
  try {
    for (const name of [...zip.entries.keys()].sort()) {
      const kind = entryKind(name)
      if (kind) await files.read(name, kind, (out) => pipeline(zip.stream(name), createWriteStream(out)))
    }
    return { format: 'zip', findings: files.findings, notInspected: files.notInspected }
  } finally {
    zip.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * A tar archive (`.tar`; `.tar.gz` and `.tgz` arrive here inflated by
 * readGzip): read as a zip archive is, entry by entry in archive order, each
 * file the repository walk would read. Links and other non-file entries
 * hold no data and are passed over. Within the package limits: entries and
 * bytes written out.
 */
export async function readTarArchive(absPath: string, relPath: string, sink: TableSink, o: ArchiveOptions): Promise<ReadResult> {
  const { limits, dir } = await begin(o, 'tar')
  const files = new ArchivedFiles(relPath, sink, o, dir)
  const spent = budget(limits.maxTotalUncompressed)
  const extract = tarExtract()
  const source = createReadStream(absPath)
  source.on('error', (e) => extract.destroy(e))
  source.pipe(extract)
  let entries = 0
  try {
    for await (const entry of extract) {
      if (++entries > limits.maxEntries) throw bomb(safe`it holds more than ${limits.maxEntries} entries`)
      const { name, type } = entry.header
      const kind = type === 'file' || type === 'contiguous-file' ? entryKind(name) : null
      if (kind) await files.read(name, kind, (out) => pipeline(entry, spent.counter(), createWriteStream(out)))
      else entry.resume()
    }
    return { format: 'tar', findings: files.findings, notInspected: files.notInspected }
  } catch (e) {
    if (e instanceof UnreadableError) throw e
    throw new UnreadableError(
      lit('a tar archive that cannot be read to its end (truncated or corrupt)'),
      lit('archive the tables again, or commit them unarchived')
    )
  } finally {
    source.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Counts the bytes an archive writes out, over every stream it counts
 * (`counter()` gives one); past the limit the archive is refused as a
 * possible bomb.
 */
function budget(max: number): { counter(): Transform } {
  let used = 0
  return {
    counter: () =>
      new Transform({
        transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
          used += chunk.length
          if (used > max) done(bomb(safe`it inflates to more than ${Math.round(max / 1048576)} MiB`))
          else done(null, chunk)
        }
      })
  }
}

const inPart = (archived: SafeText | undefined, part: SafeText | undefined): SafeText | undefined =>
  archived === undefined ? part : part === undefined ? archived : safe`${archived}, ${part}`

/** Tables of an archived file are tables of the archive, placed in the archived file. */
function relocating(sink: TableSink, file: string, archived: SafeText | undefined): TableSink {
  return { table: (meta) => sink.table({ ...meta, file, ...(inPart(archived, meta.part) ? { part: inPart(archived, meta.part) } : {}) }) }
}

function relocate(findings: Finding[], file: string, archived: SafeText | undefined): Finding[] {
  return findings.map((f) => {
    const move = (l: Location): Location => {
      const part = inPart(archived, l.part)
      return { ...l, file, ...(part ? { part } : {}) }
    }
    const samples = 'samples' in f && f.samples ? { samples: f.samples.map(move) } : {}
    return { ...f, location: move(f.location), ...samples } as Finding
  })
}
