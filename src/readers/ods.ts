// OpenDocument spreadsheets: content.xml streamed through saxes. Hidden
// tables (table:display="false" on the table's style), collapsed and
// filtered rows and columns, annotations and document metadata are read and
// placed like their XLSX counterparts.

import { UnreadableError } from '../errors.js'
import { lit, safe, type SafeText } from '../findings.js'
import { labelOf } from '../labels.js'
import type { RowSink } from '../tabular.js'
import type { PackageContext } from './xlsx/context.js'
import { emitList, readGenericText } from './xlsx/parts.js'
import { parseXml } from './xlsx/xml.js'
import { reportHiding, RowSplitter } from './xlsx/split.js'

const MAX_COLS = 16384
const NO_TEXT = [/^mimetype$/, /^META-INF\//, /^Thumbnails\//, /^Pictures\//, /\.(png|jpe?g|gif|svg|wmf|emf)$/i, /^Configurations2\//]

export async function readOds(ctx: PackageContext): Promise<void> {
  const { zip } = ctx
  if (zip.has('META-INF/manifest.xml')) {
    let encrypted = false
    await parseXml(ctx.text('META-INF/manifest.xml'), {
      open(name) {
        if (name === 'encryption-data') encrypted = true
      }
    })
    if (encrypted) {
      throw new UnreadableError(lit('a password-protected (encrypted) OpenDocument spreadsheet'), lit('remove the password (save without encryption) and commit the file again'))
    }
  }
  await readContent(ctx, 'content.xml')
  if (zip.has('meta.xml')) await readMeta(ctx)
  for (const name of [...zip.entries.keys()].sort()) {
    if (ctx.handled.has(name) || NO_TEXT.some((re) => re.test(name))) continue
    if (/\.xml$/i.test(name)) await readGenericText(ctx, name)
    else {
      ctx.handled.add(name)
      ctx.notRead(ctx.partLabel(name), lit('a binary part of a kind publish-guard does not read (it may hold text)'))
    }
  }
}

async function readContent(ctx: PackageContext, part: string): Promise<void> {
  const hiddenStyles = new Set<string>()
  let styleName: string | null = null
  // Table state.
  let sheet = ''
  let sheetLabel: SafeText = lit('')
  let sheetCount = 0
  const sheetNames: Array<[number, string]> = []
  let sheetHidden = false
  let main: { get(): RowSink; end(): void } | null = null
  let secret: { get(): RowSink; end(): void } | null = null
  let split: RowSplitter | null = null
  let colHidden: Uint8Array = new Uint8Array(0)
  let nextCol = 0
  let rowNum = 0
  let rowRepeat = 1
  let rowHidden = false
  let filtered = false
  // Cell state.
  let inCell = false
  let cellRepeat = 1
  let cellValue: string | null = null
  let cellDate = false
  let text = ''
  let paragraphs = 0
  let inAnnotation = 0
  let annotationText = ''
  let annotations: Array<[number, number, string]> = []
  let annotationAuthors = 0
  let inCreator = false

  const endTable = (): void => {
    main?.end()
    secret?.end()
    const where = sheetLabel
    if (annotations.length) {
      const t = ctx.table({ addressing: 'cell', sheet: where, part: lit('comments'), hidden: true, noHeader: true })
      for (const [r, c, v] of annotations) {
        const row: string[] = new Array<string>(c + 1).fill('')
        row[c] = v
        t.row(row, r)
      }
      t.end()
      ctx.structure('structure/comments', safe`${annotations.length} comments on sheet ${where}: hidden from a reader of the table; their text was scanned`, { sheet: where }, annotations.length)
    }
    if (split) reportHiding(ctx, where, split.stats, { filtered, state: sheetHidden ? 'hidden' : undefined })
  }

  const endCell = (): void => {
    const v = cellValue ?? text
    if (v.trim() !== '' && split) {
      for (let k = 0; k < cellRepeat && nextCol + k < MAX_COLS; k++) {
        const col = nextCol + k
        split.cell(col, v, cellDate, rowHidden ? 'row' : colHidden[col] === 1 ? 'column' : null, rowNum)
      }
    }
    nextCol += cellRepeat
  }

  await parseXml(ctx.text(part), {
    open(name, a) {
      if (inAnnotation > 0) {
        if (name === 'annotation') inAnnotation++
        else if (name === 'creator') inCreator = true
        else if (name === 'p' && annotationText) annotationText += '\n'
        else if (name === 's') annotationText += ' '.repeat(Math.min(Number(a['text:c'] ?? 1), 100))
        return
      }
      switch (name) {
        case 'style':
          styleName = a['style:family'] === 'table' ? (a['style:name'] ?? null) : null
          return
        case 'table-properties':
          if (styleName && a['table:display'] === 'false') hiddenStyles.add(styleName)
          return
        case 'table':
          sheet = a['table:name'] ?? ''
          sheetHidden = hiddenStyles.has(a['table:style-name'] ?? '')
          sheetLabel = labelOf(sheet, safe`#${++sheetCount}`)
          sheetNames.push([sheetCount, sheet])
          main = ctx.lazyTable({ addressing: 'cell', sheet: sheetLabel, sheetName: sheet, part: sheetHidden ? lit('hidden sheet') : undefined, hidden: sheetHidden })
          secret = ctx.lazyTable({ addressing: 'cell', sheet: sheetLabel, sheetName: sheet, part: lit('hidden rows and columns'), hidden: true })
          split = new RowSplitter(main.get, secret.get, ctx.limits.maxCellsPerSheet)
          colHidden = new Uint8Array(MAX_COLS)
          nextCol = 0
          rowNum = 1
          annotations = []
          filtered = false
          return
        case 'table-column': {
          const n = Math.min(Number(a['table:number-columns-repeated'] ?? 1), MAX_COLS)
          const vis = a['table:visibility']
          if (vis === 'collapse' || vis === 'filter') for (let k = 0; k < n && nextCol + k < MAX_COLS; k++) colHidden[nextCol + k] = 1
          nextCol += n
          return
        }
        case 'table-row': {
          rowRepeat = Math.max(1, Number(a['table:number-rows-repeated'] ?? 1))
          const v = a['table:visibility']
          rowHidden = v === 'collapse' || v === 'filter'
          if (v === 'filter') filtered = true
          nextCol = 0
          return
        }
        case 'table-cell':
        case 'covered-table-cell': {
          inCell = true
          cellRepeat = Math.max(1, Number(a['table:number-columns-repeated'] ?? 1))
          const type = a['office:value-type'] ?? a['calcext:value-type']
          cellDate = false
          cellValue = null
          text = ''
          paragraphs = 0
          if (type === 'date' && a['office:date-value']) (cellValue = a['office:date-value'].slice(0, 10)), (cellDate = true)
          else if (type === 'boolean' && a['office:boolean-value']) cellValue = a['office:boolean-value'].toUpperCase()
          else if ((type === 'float' || type === 'percentage' || type === 'currency') && a['office:value'] !== undefined) cellValue = a['office:value']
          return
        }
        case 'annotation':
          inAnnotation = 1
          annotationText = ''
          return
        case 'p':
        case 'h':
          if (inCell && paragraphs++ > 0) text += '\n'
          return
        case 's':
          if (inCell) text += ' '.repeat(Math.min(Number(a['text:c'] ?? 1), 100))
          return
        case 'tab':
          if (inCell) text += '\t'
          return
        case 'line-break':
          if (inCell) text += '\n'
          return
      }
    },
    close(name) {
      if (inAnnotation > 0) {
        if (name === 'creator') (inCreator = false), annotationAuthors++
        else if (name === 'annotation' && --inAnnotation === 0 && annotationText.trim()) annotations.push([rowNum, nextCol, annotationText])
        return
      }
      if (name === 'table-cell' || name === 'covered-table-cell') {
        endCell()
        inCell = false
      } else if (name === 'table-row') {
        split?.flush(rowNum, rowRepeat)
        rowNum += rowRepeat
      }
      else if (name === 'table') endTable()
      else if (name === 'style') styleName = null
    },
    text(s) {
      if (inAnnotation > 0) {
        if (!inCreator) annotationText += s
      } else if (inCell) text += s
    }
  })
  // Sheet names are data too: scanned, shown only as labels pass.
  emitList(ctx, sheetNames, lit('sheet names'), lit('sheet'))
  if (annotationAuthors) {
    const where = ctx.partLabel(part)
    ctx.metadata('metadata/comment-author', safe`${where} dc:creator of annotations`, safe`${annotationAuthors} comment author name(s) in ${where} (names of people; not shown)`, where)
  }
}

async function readMeta(ctx: PackageContext): Promise<void> {
  const where = lit('meta.xml')
  const props: string[] = []
  const texts: Array<[number, string]> = []
  let cur: string | null = null
  let buf = ''
  await parseXml(ctx.text('meta.xml'), {
    open(name) {
      cur = name
      buf = ''
    },
    close(name) {
      const v = buf.trim()
      if (cur === name && v) {
        if (name === 'creator' || name === 'initial-creator' || name === 'user-defined' || name === 'printed-by') props.push(name)
        else if (name !== 'generator' && name !== 'creation-date' && name !== 'date' && name !== 'editing-duration' && name !== 'editing-cycles') texts.push([texts.length + 1, v])
      }
      cur = null
    },
    text(s) {
      buf += s
    }
  })
  const label = { creator: lit('dc:creator'), 'initial-creator': lit('meta:initial-creator'), 'user-defined': lit('meta:user-defined'), 'printed-by': lit('meta:printed-by') } as const
  for (const p of props) {
    const prop = label[p as keyof typeof label]
    ctx.metadata(p === 'user-defined' ? 'metadata/custom-property' : 'metadata/author', safe`meta.xml ${prop}`, safe`document property ${prop} in ${where} is filled in (it may name a person; value not shown). Clear it before publishing`, where)
  }
  emitList(ctx, texts, safe`document properties ${where}`, lit('property'))
}
