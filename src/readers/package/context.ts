// State shared by the part readers of one package: where tables go, the
// findings so far, which parts were read, and the place prefix of an
// embedded workbook.

import { lit, safe, type Finding, type Location, type MetadataKind, type SafeText, type StructureKind } from '../../findings.js'
import { labelOf } from '../../labels.js'
import type { Level } from '../../policy/types.js'
import type { RowSink, TableMeta, TableSink } from '../../tabular.js'
import type { ZipLimits } from './limits.js'
import type { Zip } from './zip.js'
import { textChunks, utf8Chunks } from './zip.js'
import { UnreadableError } from '../../errors.js'
import { MAX_GENERAL_XML } from './limits.js'

export const MAX_SAMPLES = 20

/** The reader of each package format; the package reading (read.ts) picks one by the package's content. */
export interface PackageReaders {
  /** Office Open XML (XLSX, XLSM and their templates). */
  ooxml: (ctx: PackageContext) => Promise<void>
  /** An OpenDocument spreadsheet. */
  ods: (ctx: PackageContext) => Promise<void>
}

export class PackageContext {
  readonly findings: Finding[] = []
  readonly notInspected: SafeText[] = []
  /** Parts read (or known to hold no text). */
  readonly handled = new Set<string>()
  /** Targets of external relationships (hyperlinks, linked files): scanned as text. */
  readonly externalTargets: string[] = []

  constructor(
    readonly zip: Zip,
    /** Repository-relative path of the outer file. */
    readonly file: string,
    readonly sink: TableSink,
    readonly hiddenLevel: Level,
    readonly limits: ZipLimits,
    /** The format readers, for a package embedded in this one. */
    readonly readers: PackageReaders,
    readonly depth: number,
    /** `embedded workbook xl/embeddings/x.xlsx`: prefixed to every part name. */
    readonly prefix: SafeText | undefined
  ) {}

  /**
   * A part as text, for the general XML parser. Its size counts against
   * MAX_GENERAL_XML, except for `main` (an ODS's content.xml, the sheets).
   */
  text(name: string, main = false): AsyncGenerator<string> {
    this.handled.add(name)
    if (!main) this.general(name)
    return textChunks(this.zip.stream(name))
  }

  /** A part about to go through the general XML parser: its size counts against MAX_GENERAL_XML. */
  general(name: string): void {
    const b = this.zip.budget
    b.general = (b.general ?? 0) + (this.zip.entries.get(name)?.uncompressedSize ?? 0)
    if (b.general > MAX_GENERAL_XML) {
      throw new UnreadableError(
        safe`the package's parts other than its cells hold more than ${MAX_GENERAL_XML / 1048576} MiB of XML (drawings, comments, custom XML and the like), more than publish-guard reads in bounded time`,
        lit('remove the extra parts (save a copy with only the sheets), or export the tables as CSV')
      )
    }
  }

  /** A part as UTF-8 bytes, for the byte tokenizer (`tokenize`). */
  bytes(name: string): AsyncGenerator<Buffer> {
    this.handled.add(name)
    return utf8Chunks(this.zip.stream(name))
  }

  /** The text of a part whose content the reader keeps in memory (size-capped). */
  wholeText(name: string): AsyncGenerator<string> {
    this.zip.checkWhole(name)
    return this.text(name)
  }

  /** A part's name as shown: itself when it passes the safe-label check, else `part 7` (its place in the package). */
  partLabel(name: string): SafeText {
    return labelOf(name, () => safe`part ${[...this.zip.entries.keys()].indexOf(name) + 1}`)
  }

  /** The part name as reported (with the embedding prefix). */
  place(part: SafeText | undefined): SafeText | undefined {
    if (!this.prefix) return part
    return part ? safe`${this.prefix}, ${part}` : this.prefix
  }

  loc(l: Omit<Location, 'file'>): Location {
    return { ...l, file: this.file, part: this.place(l.part) }
  }

  table(meta: Omit<TableMeta, 'file'>): RowSink {
    return this.sink.table({ ...meta, file: this.file, part: this.place(meta.part), hidden: meta.hidden || this.depth > 0 })
  }

  /** A lazily opened table: `get()` opens it on first use, `end()` closes it if opened. */
  lazyTable(meta: Omit<TableMeta, 'file'>): { get(): RowSink; end(): void } {
    let t: RowSink | null = null
    return {
      get: () => (t ??= this.table(meta)),
      end: () => t?.end()
    }
  }

  structure(kind: StructureKind, message: SafeText, where: Omit<Location, 'file'>, count?: number, samples?: Location[]): void {
    if (this.hiddenLevel === 'off') return
    const f: Finding = { kind, severity: this.hiddenLevel, message, location: this.loc(where), rule: lit('hidden-content') }
    // A count is the number of places; without sample places the number is in the message.
    if (samples && count !== undefined) {
      f.count = count
      f.samples = samples.slice(0, MAX_SAMPLES)
    }
    this.findings.push(f)
  }

  metadata(kind: MetadataKind, property: SafeText, message: SafeText, part: SafeText): void {
    this.findings.push({ kind, severity: 'warning', property, message, location: this.loc({ part }), rule: lit('metadata') })
  }

  notRead(part: SafeText, why: SafeText): void {
    const name = this.place(part) as SafeText
    this.notInspected.push(name)
    this.findings.push({
      kind: 'file/not-inspected',
      // A part that can hold text and was not read blocks: nothing unread passes.
      severity: 'error',
      location: this.loc({ part }),
      message: safe`${name} was not inspected: ${why}`,
      reason: why,
      remedy: lit('check this part by hand, or remove it before publishing')
    })
  }
}
