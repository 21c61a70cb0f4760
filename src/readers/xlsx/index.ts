// The Office Open XML reader: XLSX/XLSM (and their templates) from a zip
// package, opened and recognised by ../package/read.ts. Every part that can
// hold text is read and fed to the same table sink as a CSV; what a reader of
// the file cannot see is marked hidden and named in structure findings; a
// part we cannot read is named, never skipped.

import { UnreadableError } from '../../errors.js'
import { lit, safe } from '../../findings.js'
import { labelOf } from '../../labels.js'
import type { PackageContext } from '../package/context.js'
import { TextItems } from '../package/extras.js'
import { emitList, isImage, readGenericText, readUnknownPart } from '../package/parts.js'
import { readNested } from '../package/read.js'
import { reportHiding } from '../package/split.js'
import { parseXml } from '../package/xml.js'
import { readChart, readComments, readDocProps, readExternalLink, readPersons, readPivotCache, readTextNodes } from './parts.js'
import { readRels, type Rel } from './rels.js'
import { readSharedStrings, readSheet } from './sheet.js'
import { SharedStrings } from './strings.js'
import { NO_STYLES, readStyles, type CellStyles } from './styles.js'

/** Printer settings: a binary device record, no text to scan. */
const NO_TEXT = [/^xl\/printerSettings\/[^/]+\.bin$/i]
/** Where images live: skipped when their bytes are an image's, read as any other part otherwise. */
const IMAGES = [/^xl\/media\//i, /\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|ico|webp)$/i, /^docProps\/thumbnail\./i]

/** An Office Open XML workbook: its workbook part, every sheet, and every other part of the package. */
export async function readOoxml(ctx: PackageContext): Promise<void> {
  const { zip } = ctx
  // Parts with no text by design: their text nodes, if any, are read (fast).
  for (const name of zip.entries.keys()) if (/^\[Content_Types\]\.xml$|^xl\/calcChain\.xml$/i.test(name)) await readTextNodes(ctx, name)
  const rootRels = await readRels(ctx, '')
  const wbPart = rootRels.find((r) => r.type === 'officeDocument' && !r.external)?.target ?? 'xl/workbook.xml'
  if (!zip.has(wbPart) || !/workbook|\.xml$/i.test(wbPart) || zip.has('word/document.xml') || zip.has('ppt/presentation.xml')) {
    throw new UnreadableError(
      lit('a zip package that is not a spreadsheet (no workbook part)'),
      lit('give the file its real extension, or export the tables as CSV')
    )
  }

  // workbook.xml: sheets, defined names, date system, local path.
  interface SheetRef {
    name: string
    state: string
    rid: string
  }
  const sheets: SheetRef[] = []
  const definedNames: Array<[number, string]> = []
  let date1904 = false
  let absPath = false
  let sharedBy = false
  let inName = false
  let nameText = ''
  await parseXml(ctx.text(wbPart), {
    open(name, a) {
      if (name === 'sheet') sheets.push({ name: a.name ?? '', state: a.state ?? 'visible', rid: a['r:id'] ?? a.id ?? '' })
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true'
      else if (name === 'absPath' && (a.url ?? '').trim()) absPath = true
      else if (name === 'fileSharing' && (a.userName ?? '').trim()) sharedBy = true
      else if (name === 'definedName') (inName = true), (nameText = '')
    },
    close(name) {
      if (name === 'definedName') {
        inName = false
        if (nameText.trim()) definedNames.push([definedNames.length + 1, nameText])
      }
    },
    text(s) {
      if (inName) nameText += s
    }
  })
  const wbWhere = ctx.partLabel(wbPart)
  if (absPath) {
    ctx.metadata(
      'metadata/local-path',
      safe`${wbWhere} x15ac:absPath`,
      safe`${wbWhere} records the folder the workbook was last saved in (a local or SharePoint path, often with a user name; not shown)`,
      wbWhere
    )
  }
  if (sharedBy) {
    ctx.metadata(
      'metadata/author',
      safe`${wbWhere} fileSharing userName`,
      safe`${wbWhere} records the name of the person who set file sharing (not shown)`,
      wbWhere
    )
  }

  const wbRels = await readRels(ctx, wbPart)
  const byId = new Map(wbRels.map((r) => [r.id, r]))
  const ofType = (t: string): Rel[] => wbRels.filter((r) => r.type === t && !r.external && zip.has(r.target))

  let styles: CellStyles = NO_STYLES
  const stylesPart = ofType('styles')[0]?.target
  if (stylesPart) {
    zip.checkWhole(stylesPart)
    styles = await readStyles(ctx.text(stylesPart))
  }
  let sst = new SharedStrings().seal()
  const sstPart = ofType('sharedStrings')[0]?.target
  if (sstPart) {
    zip.checkWhole(sstPart)
    const readings = new TextItems(
      ctx.lazyTable({
        addressing: 'record',
        part: lit('phonetic readings of shared strings'),
        unit: lit('string'),
        hidden: true,
        noHeader: true
      }).get
    )
    sst = await readSharedStrings(ctx.bytes(sstPart), (i, text) => readings.add(i, text))
    readings.end()
  }

  // Every sheet, whatever its state.
  const sheetNames = new Set(sheets.map((s) => s.name))
  for (const [i, s] of sheets.entries()) {
    const rel = byId.get(s.rid)
    const sheet = labelOf(s.name, safe`#${i + 1}`)
    if (!rel || rel.external || !zip.has(rel.target)) {
      ctx.notRead(safe`sheet ${sheet}`, lit('the workbook lists this sheet but its part is missing from the package'))
      continue
    }
    if (rel.type === 'chartsheet') {
      ctx.handled.add(rel.target)
      continue
    }
    const hidden = s.state === 'hidden' || s.state === 'veryHidden'
    const state = s.state === 'veryHidden' ? 'veryHidden' : 'hidden'
    const main = ctx.lazyTable({
      addressing: 'cell',
      sheet,
      sheetName: s.name,
      part: hidden ? (state === 'veryHidden' ? lit('very hidden sheet') : lit('hidden sheet')) : undefined,
      hidden
    })
    const secret = ctx.lazyTable({ addressing: 'cell', sheet, sheetName: s.name, part: lit('hidden rows and columns'), hidden: true })
    const extras = {
      formulas: ctx.lazyTable({ addressing: 'cell', sheet, part: lit('formula text'), hidden: true, noHeader: true }),
      phonetic: ctx.lazyTable({ addressing: 'cell', sheet, part: lit('phonetic readings'), hidden: true, noHeader: true }),
      validation: ctx.lazyTable({
        addressing: 'record',
        sheet,
        part: lit('data validation lists'),
        unit: lit('item'),
        hidden: true,
        noHeader: true
      }),
      headerFooter: ctx.lazyTable({
        addressing: 'record',
        sheet,
        part: lit('print headers and footers'),
        unit: lit('section'),
        hidden: true,
        noHeader: true
      }),
      other: ctx.lazyTable({
        addressing: 'record',
        sheet,
        part: lit('text outside the cells'),
        unit: lit('text'),
        hidden: true,
        noHeader: true
      })
    }
    const out = await readSheet(
      ctx.bytes(rel.target),
      { sst, styles, date1904, maxCells: ctx.limits.maxCellsPerSheet, cells: zip.budget.cells, text: zip.budget.text },
      main.get,
      secret.get,
      {
        formulas: extras.formulas.get,
        phonetic: extras.phonetic.get,
        validation: extras.validation.get,
        headerFooter: extras.headerFooter.get,
        other: extras.other.get
      }
    )
    main.end()
    secret.end()
    reportHiding(ctx, sheet, out, { filtered: out.autoFilter, state: hidden ? state : undefined })
    // Comments of this sheet.
    for (const r of await readRels(ctx, rel.target)) {
      if (r.external || !zip.has(r.target)) continue
      if (r.type === 'comments') await readComments(ctx, r.target, sheet, false)
      else if (r.type === 'threadedComment') await readComments(ctx, r.target, sheet, true)
    }
  }

  // Sheet names are data too: scanned, shown only as labels pass.
  emitList(
    ctx,
    sheets.map((s, i): [number, string] => [i + 1, s.name]),
    lit('sheet names'),
    lit('sheet')
  )

  // Shared strings no cell uses: deleted cells' text stays in the file.
  let orphans = 0
  const orphanList = (function* (): Generator<[number, string]> {
    for (let i = 0; i < sst.count; i++) {
      if (sst.used[i] !== 0) continue
      const s = sst.get(i) as string
      if (s.trim() !== '') {
        orphans++
        yield [i + 1, s]
      }
    }
  })()
  emitList(ctx, orphanList, lit('shared strings no cell uses'), lit('string'))
  if (orphans > 0) {
    ctx.structure(
      'structure/orphan-shared-strings',
      safe`${orphans} strings in the shared-string table are used by no cell (text of deleted cells stays in the file); they were scanned. Save a copy as CSV, or copy the sheets into a new workbook, to drop them`,
      { part: ctx.partLabel(sstPart ?? 'xl/sharedStrings.xml') },
      orphans
    )
  }

  if (definedNames.length) {
    emitList(ctx, definedNames, lit('defined names'), lit('name'))
  }

  // Pivot caches.
  let pc = 0
  for (const r of ofType('pivotCacheDefinition')) {
    pc++
    const recs = (await readRels(ctx, r.target)).find((x) => x.type === 'pivotCacheRecords' && !x.external)?.target
    await readPivotCache(ctx, pc, r.target, recs, sheetNames)
  }
  // External-link caches.
  let el = 0
  for (const r of ofType('externalLink')) {
    el++
    await readExternalLink(ctx, el, r.target)
    await readRels(ctx, r.target)
  }

  // Everything else, by place in the package.
  for (const name of [...zip.entries.keys()].sort()) {
    if (ctx.handled.has(name)) continue
    if (NO_TEXT.some((re) => re.test(name)) || (IMAGES.some((re) => re.test(name)) && (await isImage(ctx, name)))) {
      ctx.handled.add(name)
      continue
    }
    await readOtherPart(ctx, name)
  }

  if (ctx.externalTargets.length) {
    emitList(
      ctx,
      ctx.externalTargets.map((t, i) => [i + 1, t] as [number, string]),
      lit('external link and hyperlink targets'),
      lit('target')
    )
  }
}

async function readOtherPart(ctx: PackageContext, name: string): Promise<void> {
  const where = ctx.partLabel(name)
  const lower = name.toLowerCase()
  if (lower.endsWith('.rels')) {
    // Relationship parts of parts not followed above: their external targets still count.
    const owner = name.replace(/_rels\/([^/]+)\.rels$/, '$1')
    ctx.handled.add(name)
    await readRels(ctx, owner)
    return
  }
  if (/^docprops\/core\.xml$/.test(lower)) return readDocProps(ctx, name, 'core')
  if (/^docprops\/app\.xml$/.test(lower)) return readDocProps(ctx, name, 'app')
  if (/^docprops\/custom\.xml$/.test(lower)) return readDocProps(ctx, name, 'custom')
  if (/^xl\/persons\/[^/]+\.xml$/.test(lower)) return readPersons(ctx, name)
  if (/^xl\/charts\/chart[^/]*\.xml$/.test(lower)) return readChart(ctx, name)
  if (/^xl\/embeddings\//.test(lower)) return readEmbedded(ctx, name)
  if (/^xl\/vbaproject\.bin$/.test(lower) || /^xl\/vbaprojectsignature/.test(lower)) {
    ctx.handled.add(name)
    ctx.structure(
      'structure/vba-project',
      safe`the workbook contains a VBA macro project (${where}); macros can hold and produce data that is not in any cell`,
      { part: where }
    )
    return ctx.notRead(where, lit('a VBA macro project (binary) is not read by publish-guard'))
  }
  if (/^xl\/model\//.test(lower)) {
    ctx.handled.add(name)
    ctx.structure(
      'structure/data-model',
      safe`the workbook contains a data model (${where}, Power Pivot): it can hold whole source tables`,
      { part: where }
    )
    return ctx.notRead(where, lit('the Power Pivot data model is a binary format publish-guard cannot read'))
  }
  if (/^xl\/revisions\//.test(lower) && /\.xml$/.test(lower)) {
    if (/revisionlog/.test(lower)) {
      ctx.structure(
        'structure/revision-log',
        safe`the workbook keeps a revision log (${where}) that holds old and deleted values; it was scanned. Turn off change tracking and save again`,
        { part: where }
      )
    }
    await readGenericText(ctx, name, safe`revision log ${where}`)
    return
  }
  if (/\.(xml|vml)$/i.test(lower)) {
    // Custom XML and table definitions keep their data in attributes too
    // (a table's column names, a custom schema's fields).
    await readGenericText(ctx, name, undefined, !/^xl\/(drawings|charts|ctrlprops|theme)\//.test(lower) && !/^docprops\//.test(lower))
    return
  }
  // Text of any name is read as text; what is binary is not inspected (blocking).
  await readUnknownPart(ctx, name)
}

/** A workbook inside the workbook: read it as one, up to the depth limit. */
async function readEmbedded(ctx: PackageContext, name: string): Promise<void> {
  const where = ctx.partLabel(name)
  ctx.handled.add(name)
  const isWorkbook = /\.(xlsx|xlsm|xltx|xltm|ods)$/i.test(name)
  if (!isWorkbook) {
    // Text (an embedded CSV, say) is read line by line; anything binary (an OLE object, a legacy .xls) blocks as not inspected.
    const read = await readUnknownPart(ctx, name, safe`embedded object ${where}`)
    ctx.structure(
      'structure/embedded-object',
      safe`an embedded object (${where}) is stored in the workbook${read ? lit('; its text was scanned') : lit('')}`,
      { part: where }
    )
    return
  }
  ctx.structure(
    'structure/embedded-workbook',
    safe`a whole workbook is embedded in this one (${where}); it was read too. Remove the embedded object before publishing`,
    { part: where }
  )
  await readNested(ctx, name, safe`embedded workbook ${where}`)
}
