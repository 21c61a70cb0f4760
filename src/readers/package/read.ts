// A zip package read as a workbook: opened within the limits, what any
// package holds (zip comments, part names) read, and the package handed to
// the reader of its format, chosen by its content: an OpenDocument
// spreadsheet has content.xml and no [Content_Types].xml; anything else is
// read as Office Open XML. The format readers are passed in (this folder
// knows neither format). A package inside a package (an embedded workbook)
// is chosen and read the same way, one level deeper, with the same limits
// and the same inflate budget.

import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { UnreadableError } from '../../errors.js'
import { lit, safe, type SafeText } from '../../findings.js'
import type { Level } from '../../policy/types.js'
import type { ReadResult, TableSink } from '../../tabular.js'
import { PackageContext, type PackageReaders } from './context.js'
import { zipLimits, type ZipLimits } from './limits.js'
import { emitList } from './parts.js'
import { Zip, type InflateBudget } from './zip.js'

export interface WorkbookOptions {
  hiddenContent?: Level
  limits?: Partial<ZipLimits>
}

/** The workbook at `absPath` (reported as `relPath`), read by the reader its content calls for. */
export async function readPackage(
  absPath: string,
  relPath: string,
  sink: TableSink,
  readers: PackageReaders,
  opts: WorkbookOptions = {}
): Promise<ReadResult> {
  return readOne(absPath, relPath, sink, opts.hiddenContent ?? 'warning', zipLimits(opts.limits), readers, 0, undefined, { used: 0 })
}

async function readOne(
  absPath: string,
  relPath: string,
  sink: TableSink,
  hiddenLevel: Level,
  limits: ZipLimits,
  readers: PackageReaders,
  depth: number,
  prefix: SafeText | undefined,
  budget: InflateBudget
): Promise<ReadResult> {
  const zip = await Zip.open(absPath, limits, budget)
  try {
    const ctx = new PackageContext(zip, relPath, sink, hiddenLevel, limits, readers, depth, prefix)
    // The zip comment and entry comments: any zip tool shows them.
    emitList(
      ctx,
      zip.comments.map((c, i) => [i + 1, c] as [number, string]),
      lit('zip comments'),
      lit('comment')
    )
    // Part names are data too (an embedded file named after a person): scanned, shown only as labels pass.
    const partNames = (): number =>
      emitList(
        ctx,
        [...zip.entries.keys()].map((n, i): [number, string] => [i + 1, n]),
        lit('part names'),
        lit('part')
      )
    if (!zip.has('[Content_Types].xml') && zip.has('content.xml')) {
      await readers.ods(ctx)
      partNames()
      return { format: 'ods', findings: ctx.findings, notInspected: ctx.notInspected }
    }
    await readers.ooxml(ctx)
    partNames()
    return { format: posix.extname(relPath).slice(1).toLowerCase() || 'xlsx', findings: ctx.findings, notInspected: ctx.notInspected }
  } finally {
    zip.close()
  }
}

/**
 * The part `name` of the package, itself a workbook package: read as one
 * (whatever its format), its places prefixed with `prefix`, up to the
 * embedding depth limit; its findings join the outer package's.
 */
export async function readNested(ctx: PackageContext, name: string, prefix: SafeText): Promise<void> {
  if (ctx.depth + 1 > ctx.limits.maxEmbeddingDepth) {
    throw new UnreadableError(
      safe`workbooks are embedded more than ${ctx.limits.maxEmbeddingDepth} levels deep`,
      lit('remove the embedded workbooks, or publish the tables as CSV')
    )
  }
  const dir = await mkdtemp(join(tmpdir(), 'pg-embed-'))
  try {
    const file = join(dir, 'embedded.zip')
    await pipeline(Readable.from(ctx.zip.stream(name)), createWriteStream(file))
    const inner = await readOne(
      file,
      ctx.file,
      ctx.sink,
      ctx.hiddenLevel,
      ctx.limits,
      ctx.readers,
      ctx.depth + 1,
      ctx.place(prefix),
      ctx.zip.budget
    )
    ctx.findings.push(...inner.findings)
    ctx.notInspected.push(...inner.notInspected)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
