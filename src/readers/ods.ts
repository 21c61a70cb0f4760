// OpenDocument spreadsheets: content.xml streamed through saxes. Hidden
// tables (table:display="false" on the table's style), collapsed and
// filtered rows and columns, annotations and document metadata are read and
// placed like their XLSX counterparts.

import { UnreadableError } from '../errors.js'
import { columnLetters, lit, placeName, safe } from '../findings.js'
import type { CellInfo, RowSink } from './types.js'
import type { PackageContext } from './xlsx/context.js'
import { emitList, readGenericText } from './xlsx/parts.js'
import { parseXml } from './xlsx/xml.js'

const MAX_COLS = 16384
const DATE: CellInfo = { date: true }
const HIDDEN: CellInfo = { hidden: true }
const HIDDEN_DATE: CellInfo = { hidden: true, date: true }
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
      ctx.notRead(placeName(name), lit('a binary part of a kind publish-guard does not read (it may hold text)'))
    }
  }
}

async function readContent(ctx: PackageContext, part: string): Promise<void> {
  const hiddenStyles = new Set<string>()
  let styleName: string | null = null
  // Table state.
  let sheet = ''
  let sheetHidden = false
  let main: { get(): RowSink; end(): void } | null = null
  let secret: { get(): RowSink; end(): void } | null = null
  let colHidden: Uint8Array = new Uint8Array(0)
  let nextCol = 0
  let rowNum = 0
  let rowRepeat = 1
  let rowHidden = false
  let vis: string[] = []
  let visInfo: Array<CellInfo | undefined> = []
  let hid: string[] = []
  let hidInfo: Array<CellInfo | undefined> = []
  let anyVis = false
  let anyHid = false
  let cells = 0
  let hiddenRows: number[] = []
  let hiddenRowCount = 0
  let hiddenCols = new Set<number>()
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
    const where = placeName(sheet)
    if (annotations.length) {
      const t = ctx.table({ addressing: 'cell', sheet: where, part: lit('comments'), hidden: true })
      for (const [r, c, v] of annotations) {
        const row: string[] = new Array<string>(c + 1).fill('')
        row[c] = v
        t.row(row, r)
      }
      t.end()
      ctx.structure('structure/comments', safe`${annotations.length} comments on sheet ${where}: hidden from a reader of the table; their text was scanned`, { sheet: where }, annotations.length)
    }
    if (sheetHidden && cells > 0) {
      ctx.structure('structure/hidden-sheet', safe`sheet ${where} is hidden and holds ${cells} cells; a reader of the spreadsheet does not see it. Delete it before publishing`, { sheet: where, part: lit('hidden sheet') })
    }
    if (hiddenRowCount > 0) {
      ctx.structure(
        filtered ? 'structure/filtered-rows' : 'structure/hidden-rows',
        safe`${hiddenRowCount} ${filtered ? lit('hidden or filtered-out') : lit('hidden')} rows with data on sheet ${where}; they were scanned. Delete them, not hide them, before publishing`,
        { sheet: where },
        hiddenRowCount,
        hiddenRows.map((r) => ctx.loc({ sheet: where, cell: `A${r}` }))
      )
    }
    if (hiddenCols.size > 0) {
      const cols = [...hiddenCols].sort((a, b) => a - b)
      ctx.structure(
        'structure/hidden-columns',
        safe`${cols.length} hidden columns with data on sheet ${where}; they were scanned. Delete them, not hide them, before publishing`,
        { sheet: where },
        cols.length,
        cols.slice(0, 20).map((c) => ctx.loc({ sheet: where, cell: columnLetters(c) }))
      )
    }
  }

  const flushRow = (): void => {
    for (let k = 0; k < rowRepeat; k++) {
      const pos = rowNum + k
      if (anyVis) main?.get().row(Array.from(vis, (v) => v ?? ''), pos, visInfo)
      if (anyHid) secret?.get().row(Array.from(hid, (v) => v ?? ''), pos, hidInfo)
      if (anyHid && rowHidden) {
        hiddenRowCount++
        if (hiddenRows.length < 20) hiddenRows.push(pos)
      }
      if (!anyVis && !anyHid) break
      if (k > 0) cells += vis.length + hid.length
      if (cells > ctx.limits.maxCellsPerSheet) throw tooMany(ctx.limits.maxCellsPerSheet)
    }
    rowNum += rowRepeat
    vis = []
    visInfo = []
    hid = []
    hidInfo = []
    anyVis = anyHid = false
  }

  const endCell = (): void => {
    const v = cellValue ?? text
    if (v.trim() !== '') {
      for (let k = 0; k < cellRepeat && nextCol + k < MAX_COLS; k++) {
        const col = nextCol + k
        if (++cells > ctx.limits.maxCellsPerSheet) throw tooMany(ctx.limits.maxCellsPerSheet)
        if (rowHidden || colHidden[col] === 1) {
          hid[col] = v
          hidInfo[col] = cellDate ? HIDDEN_DATE : HIDDEN
          anyHid = true
          if (!rowHidden) hiddenCols.add(col)
        } else {
          vis[col] = v
          if (cellDate) visInfo[col] = DATE
          anyVis = true
        }
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
          main = ctx.lazyTable({ addressing: 'cell', sheet: placeName(sheet), part: sheetHidden ? lit('hidden sheet') : undefined, hidden: sheetHidden })
          secret = ctx.lazyTable({ addressing: 'cell', sheet: placeName(sheet), part: lit('hidden rows and columns'), hidden: true })
          colHidden = new Uint8Array(MAX_COLS)
          nextCol = 0
          rowNum = 1
          cells = 0
          hiddenRows = []
          hiddenRowCount = 0
          hiddenCols = new Set()
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
      } else if (name === 'table-row') flushRow()
      else if (name === 'table') endTable()
      else if (name === 'style') styleName = null
    },
    text(s) {
      if (inAnnotation > 0) {
        if (!inCreator) annotationText += s
      } else if (inCell) text += s
    }
  })
  if (annotationAuthors) {
    const where = placeName(part)
    ctx.metadata('metadata/comment-author', safe`${where} dc:creator of annotations`, safe`${annotationAuthors} comment author name(s) in ${where} (names of people; not shown)`, where)
  }
}

const tooMany = (n: number): UnreadableError =>
  new UnreadableError(safe`a sheet has more than ${n} cells`, lit('split the sheet or publish the table as CSV'))

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
