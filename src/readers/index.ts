// Dispatch by content, not by name: the extension only says what the user
// meant; the first bytes say what the file is. Anything we cannot read fully
// is an UnreadableError (the scan turns it into a blocking finding).

import { extname } from 'node:path'
import { UnreadableError } from '../errors.js'
import { lit } from '../findings.js'
import { UNOPENED_ARCHIVE_EXTENSIONS } from '../policy/defaults.js'
import { readGzip, readTarArchive, readZipArchive } from './archive.js'
import { readDelimited } from './csv.js'
import { isDocument, readDocument } from './documents.js'
import { isEncryptedOoxml, sniffFile } from './sniff.js'
import { readOds } from './ods/index.js'
import { readPackage, type WorkbookOptions } from './package/read.js'
import { readOoxml } from './xlsx/index.js'
import type { ReadResult, TableSink } from '../tabular.js'

const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.ods', '.xltx', '.xltm'])

/** A workbook package, read as the format its content says (OOXML or ODS). */
const readWorkbook = (absPath: string, relPath: string, sink: TableSink, options: WorkbookOptions): Promise<ReadResult> =>
  readPackage(absPath, relPath, sink, { ooxml: readOoxml, ods: readOds }, options)

export type ReadOptions = WorkbookOptions & {
  /** Archives around this file (src/readers/archive.ts): 0 for a file in the repository. */
  depth?: number
}

/** Archive formats publish-guard does not open (it reads .zip, .gz, .tar, .tar.gz and .tgz). */
const UNOPENED_ARCHIVE = new RegExp(`\\.(${UNOPENED_ARCHIVE_EXTENSIONS.join('|')})$`, 'i')

const XLSB = (): UnreadableError =>
  new UnreadableError(
    lit('an Excel binary workbook (.xlsb): its cells are stored in a binary format publish-guard cannot inspect'),
    lit('save it as .xlsx (File > Save As > Excel Workbook) or export the tables as CSV, and commit that file')
  )

export async function readTabular(absPath: string, relPath: string, sink: TableSink, options: ReadOptions = {}): Promise<ReadResult> {
  const ext = extname(relPath).toLowerCase()
  if (UNOPENED_ARCHIVE.test(relPath)) {
    throw new UnreadableError(
      lit('an archive in a format publish-guard does not open (.7z, .rar, .bz2, .xz, .zst, .lz): what it holds cannot be inspected'),
      lit(
        "publish the tables themselves, or a .zip, .gz or .tar.gz of them; an archive that holds no table can be listed under the policy's `ignore`"
      )
    )
  }
  const sniffed = await sniffFile(absPath)
  const inner = {
    limits: options.limits,
    depth: options.depth ?? 0,
    readInner: (a: string, r: string, k: TableSink, depth: number) => readTabular(a, r, k, { ...options, depth })
  }
  switch (sniffed.type) {
    case 'gzip':
      return readGzip(absPath, relPath, sink, inner)
    case 'tar':
      return readTarArchive(absPath, relPath, sink, inner)
    case 'empty':
      return { format: ext.slice(1) || 'empty', findings: [], notInspected: [] }
    case 'lfs-pointer':
      throw new UnreadableError(
        lit('this is a Git LFS pointer: the real file was not checked out, so it was not scanned'),
        lit('check out LFS content before scanning (actions/checkout with `lfs: true`, or `git lfs pull`)')
      )
    case 'cfb':
      if (await isEncryptedOoxml(absPath)) {
        throw new UnreadableError(
          lit('a password-encrypted workbook (an encrypted OOXML package inside an OLE container): its content cannot be inspected'),
          lit('remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and commit that file')
        )
      }
      throw new UnreadableError(
        ext === '.xls' || ext === ''
          ? lit('legacy Excel 97-2003 workbook (.xls, binary BIFF format): its content cannot be inspected')
          : lit('an OLE compound file (a legacy .xls workbook or another binary Office file): its content cannot be inspected'),
        lit('save it as .xlsx or .csv, then commit that file instead')
      )
    case 'zip':
      if (ext === '.xlsb') throw XLSB()
      if (ext === '.zip')
        return readZipArchive(absPath, relPath, sink, { ...inner, asWorkbook: () => readWorkbook(absPath, relPath, sink, options) })
      if (WORKBOOK_EXTENSIONS.has(ext) || ext === '.xls') return readWorkbook(absPath, relPath, sink, options)
      throw new UnreadableError(
        lit('a zip archive (probably a workbook) with a text-file name'),
        lit('give the file its real extension (.xlsx, .ods) or export it as CSV')
      )
    case 'binary':
      throw new UnreadableError(sniffed.reason, lit('publish tables as UTF-8 CSV/TSV text, or as a workbook with the right extension'))
    case 'text':
      if (ext === '.xls') {
        // Excel opens HTML and text saved as .xls; we cannot tell its cells apart reliably.
        throw new UnreadableError(
          lit('named .xls but is text (often an HTML table saved with an Excel name)'),
          lit('export the table as CSV or .xlsx and commit that instead')
        )
      }
      if (ext === '.fods') {
        throw new UnreadableError(
          lit('a flat OpenDocument spreadsheet (.fods, one XML file): publish-guard reads .ods packages, not this form'),
          lit('save it as .ods (File > Save As > ODF Spreadsheet) or export the tables as CSV, and commit that file')
        )
      }
      if (ext === '.xlsb') throw XLSB()
      if (isDocument(ext)) return readDocument(absPath, relPath, ext, sink, sniffed.encoding, sniffed.bomLength)
      if (WORKBOOK_EXTENSIONS.has(ext)) {
        throw new UnreadableError(
          lit('named as a workbook but is not a zip package (damaged, or another format renamed)'),
          lit('save the workbook again from a spreadsheet program, or export it as CSV')
        )
      }
      return readDelimited(absPath, relPath, sink, sniffed.encoding, sniffed.bomLength)
  }
}
