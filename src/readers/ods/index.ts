// OpenDocument spreadsheets: content.xml streamed through saxes. Hidden
// tables (table:display="false" on the table's style), collapsed and
// filtered rows and columns, annotations and document metadata are read and
// placed like their XLSX counterparts.

import { UnreadableError } from '../../errors.js'
import { lit, safe, type SafeText } from '../../findings.js'
import { labelOf } from '../../labels.js'
import type { RowSink } from '../../tabular.js'
import type { PackageContext } from '../package/context.js'
import { emitList, isImage, readGenericText, readUnknownPart } from '../package/parts.js'
import { attr, parseXml, qualifiedAttrs, tokenize, type TokenHandler } from '../package/xml.js'
import { MAX_COLS, pastXfd, reportHiding, RowSplitter, spendRows, type RepeatBudget } from '../package/split.js'
import { CellExtras, formulaLiterals, stringLiterals, TextJoiner, TextList } from '../package/extras.js'

/** The manifest (read for encryption; it lists part names only). */
const NO_TEXT = [/^META-INF\/manifest\.xml$/]
/** Where images live: skipped when their bytes are an image's, read as any other part otherwise. */
const IMAGES = [/^Thumbnails\//, /^Pictures\//, /^ObjectReplacements\//, /\.(png|jpe?g|gif|wmf|emf|bmp|tiff?|webp|svm)$/i]
/** Parts whose structure we know and whose attributes are layout: only their text is read. */
const TEXT_ONLY = /(^|\/)(content|styles|settings|meta)\.xml$/
/** Elements whose attributes the reader uses. */
const WITH_ATTRS = new Set(['style', 'table-properties', 'content-validation', 'table', 'table-column', 'table-row', 's'])
const NO_ATTRS: Record<string, string> = {}
const CELL_ATTRS = [
  'office:value-type',
  'calcext:value-type',
  'office:value',
  'office:date-value',
  'office:boolean-value',
  'table:formula',
  'table:number-columns-repeated'
]
/** The attributes of a cell the reader uses, looked up one by one (a cell is the commonest tag). */
function cellAttrs(raw: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of CELL_ATTRS) {
    const v = raw.indexOf(k) === -1 ? undefined : attr(raw, k)
    if (v !== undefined) out[k] = v
  }
  return out
}
/** Shapes and text boxes: their text is not the cell's. */
const DRAW = new Set([
  'frame',
  'text-box',
  'custom-shape',
  'rect',
  'ellipse',
  'line',
  'polygon',
  'polyline',
  'path',
  'caption',
  'measure',
  'connector',
  'control',
  'g',
  'circle',
  'regular-polygon'
])

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
      throw new UnreadableError(
        lit('a password-protected (encrypted) OpenDocument spreadsheet'),
        lit('remove the password (save without encryption) and commit the file again')
      )
    }
  }
  await readContent(ctx, 'content.xml')
  if (zip.has('meta.xml')) await readMeta(ctx)
  // Every other part of any name: XML and text are read as text, anything binary is not inspected (blocking).
  for (const name of [...zip.entries.keys()].sort()) {
    if (ctx.handled.has(name) || NO_TEXT.some((re) => re.test(name))) continue
    if (IMAGES.some((re) => re.test(name)) && (await isImage(ctx, name))) continue
    if (name === 'mimetype' && (await mimetypeIsPlain(ctx))) continue
    if (TEXT_ONLY.test(name)) await readGenericText(ctx, name)
    else await readUnknownPart(ctx, name)
  }
}

/** The `mimetype` entry holds the package's media type and nothing else (read as text otherwise). */
async function mimetypeIsPlain(ctx: PackageContext): Promise<boolean> {
  if ((ctx.zip.entries.get('mimetype')?.uncompressedSize ?? 0) > 200) return false
  let s = ''
  for await (const c of ctx.zip.stream('mimetype')) s += c.toString('latin1')
  if (!/^application\/vnd\.oasis\.opendocument\.[a-z.-]+$/.test(s.trim())) return false
  ctx.handled.add('mimetype')
  return true
}

/**
 * Does a cell's displayed text say more than its value? A number shown
 * with grouping, currency or fewer decimals, or a date in any order or with
 * month names, says nothing more; other text (a name, an identifier, other
 * digits) is read too.
 */
function displayDiffers(text: string, value: string, type: string): boolean {
  const t = text.trim()
  if (t === '' || t === value) return false
  if (type === 'boolean') return t.length > 12 || /\d/.test(t)
  if (type === 'date') {
    const allowed = new Set<string>()
    for (const g of value.match(/\d+/g) ?? []) {
      allowed.add(g).add(String(Number(g)))
      if (g.length === 4) allowed.add(g.slice(2))
    }
    const words = t.match(/\p{L}+/gu) ?? []
    return words.length > 3 || (t.match(/\d+/g) ?? []).some((g) => !allowed.has(g) && !allowed.has(String(Number(g))))
  }
  // float, percentage, currency
  const shown = significant(t)
  if (shown === significant(value) && !/\p{L}{5}/u.test(t)) return false
  if (t.replace(/[^\p{L}]/gu, '').length > 4) return true
  let x = Math.abs(Number(value))
  if (!Number.isFinite(x)) return true
  if (type === 'percentage') x *= 100
  // Shown as it is, or rounded to fewer decimals than it has.
  const plain = String(x)
  if (significant(plain) === shown) return false
  const dot = plain.indexOf('.')
  const decimals = plain.includes('e') ? 15 : dot === -1 ? 0 : Math.min(15, plain.length - dot - 1)
  for (let d = 0; d < decimals; d++) if (significant(x.toFixed(d)) === shown) return false
  return true
}

/** The digits of `s` without leading and trailing zeros. */
function significant(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57 && (out !== '' || c !== 48)) out += s[i]
  }
  let e = out.length
  while (e > 0 && out.charCodeAt(e - 1) === 48) e--
  return out.slice(0, e)
}

async function readContent(ctx: PackageContext, part: string): Promise<void> {
  const hiddenStyles = new Set<string>()
  let styleName: string | null = null
  const repeats: RepeatBudget = { left: ctx.limits.maxRepeatedCells, limit: ctx.limits.maxRepeatedCells }
  // Table state.
  let sheet = ''
  let sheetLabel: SafeText = lit('')
  let sheetCount = 0
  const sheetNames: Array<[number, string]> = []
  let sheetHidden = false
  let main: { get(): RowSink; end(): void } | null = null
  let secret: { get(): RowSink; end(): void } | null = null
  let split: RowSplitter | null = null
  let formulas: CellExtras | null = null
  let displayed: CellExtras | null = null
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
  let cellType = ''
  let cellDate = false
  let cellFormula = ''
  let text = ''
  let paragraphs = 0
  let inAnnotation = 0
  let annotationText = ''
  let annotations: Array<[number, number, string]> = []
  let annotationAuthors = 0
  let inCreator = false
  // Shapes and text boxes (in a cell or not), validation lists, and any other text outside the cells.
  let inDraw = 0
  const place = (): SafeText | undefined => (main ? sheetLabel : undefined)
  const list = (what: SafeText, unit: SafeText): TextList =>
    new TextList(() => ctx.table({ addressing: 'record', sheet: place(), part: what, unit, hidden: true, noHeader: true }))
  const shapes = new TextJoiner((s) => (shapeList ??= list(lit('text boxes and shapes'), lit('text'))).add(s))
  const outside = new TextJoiner((s) => (otherList ??= list(lit('text outside the cells'), lit('text'))).add(s))
  let shapeList: TextList | null = null
  let otherList: TextList | null = null
  const validation = list(lit('data validation lists'), lit('item'))
  const endLists = (): void => {
    shapes.flush()
    outside.flush()
    shapeList?.end()
    otherList?.end()
    shapeList = otherList = null
  }

  const endTable = (): void => {
    main?.end()
    secret?.end()
    formulas?.end()
    displayed?.end()
    endLists()
    const where = sheetLabel
    if (annotations.length) {
      const t = ctx.table({ addressing: 'cell', sheet: where, part: lit('comments'), hidden: true, noHeader: true })
      for (const [r, c, v] of annotations) {
        spendRows(ctx.zip.budget.cells, c + 1)
        const row: string[] = new Array<string>(c + 1).fill('')
        row[c] = v
        t.row(row, r)
      }
      t.end()
      ctx.structure(
        'structure/comments',
        safe`${annotations.length} comments on sheet ${where}: hidden from a reader of the table; their text was scanned`,
        { sheet: where },
        annotations.length
      )
    }
    if (split) reportHiding(ctx, where, split.stats, { filtered, state: sheetHidden ? 'hidden' : undefined })
    main = secret = null
    split = null
    formulas = displayed = null
  }

  const endCell = (): void => {
    const v = cellValue ?? text
    const shown = cellValue !== null && displayDiffers(text, cellValue, cellType) ? text : ''
    const lits = cellFormula ? formulaLiterals(cellFormula) : ''
    if ((v.trim() !== '' || shown.trim() !== '' || lits.trim() !== '') && split) {
      // Content past the last column is not dropped: the file is refused.
      if (nextCol + cellRepeat > MAX_COLS) throw pastXfd()
      // Copies of a repeated cell count against the limits before any is made.
      split.claim(cellRepeat - 1, v.length + shown.length + lits.length)
      for (let k = 0; k < cellRepeat; k++) {
        const col = nextCol + k
        if (v.trim() !== '') split.cell(col, v, cellDate, rowHidden ? 'row' : colHidden[col] === 1 ? 'column' : null, rowNum)
        if (shown.trim() !== '') displayed?.set(col, shown)
        if (lits.trim() !== '') formulas?.set(col, lits)
      }
    }
    nextCol += cellRepeat
  }

  // content.xml holds every cell: it goes through the byte tokenizer (as
  // sheet data does), about ten times faster than the general parser.
  const h: TokenHandler = {
    capture: true,
    open(name, raw) {
      const a =
        raw === ''
          ? NO_ATTRS
          : name === 'table-cell' || name === 'covered-table-cell'
            ? cellAttrs(raw)
            : WITH_ATTRS.has(name)
              ? qualifiedAttrs(raw)
              : NO_ATTRS
      if (inAnnotation > 0) {
        if (name === 'annotation') inAnnotation++
        else if (name === 'creator') inCreator = true
        else if (name === 'p' && annotationText) annotationText += '\n'
        else if (name === 's') annotationText += ' '.repeat(Math.min(Number(a['text:c'] ?? 1), 100))
        return
      }
      if (inDraw > 0 || DRAW.has(name)) {
        inDraw++
        shapes.open(name)
        return
      }
      if (!inCell) outside.open(name)
      switch (name) {
        case 'style':
          styleName = a['style:family'] === 'table' ? (a['style:name'] ?? null) : null
          return
        case 'table-properties':
          if (styleName && a['table:display'] === 'false') hiddenStyles.add(styleName)
          return
        case 'content-validation': {
          const cond = a['table:condition'] ?? ''
          if (/in-list/i.test(cond)) for (const item of stringLiterals(cond)) validation.add(item)
          return
        }
        case 'table':
          endLists()
          sheet = a['table:name'] ?? ''
          sheetHidden = hiddenStyles.has(a['table:style-name'] ?? '')
          sheetLabel = labelOf(sheet, safe`#${++sheetCount}`)
          sheetNames.push([sheetCount, sheet])
          main = ctx.lazyTable({
            addressing: 'cell',
            sheet: sheetLabel,
            sheetName: sheet,
            part: sheetHidden ? lit('hidden sheet') : undefined,
            hidden: sheetHidden
          })
          secret = ctx.lazyTable({
            addressing: 'cell',
            sheet: sheetLabel,
            sheetName: sheet,
            part: lit('hidden rows and columns'),
            hidden: true
          })
          formulas = new CellExtras(
            ctx.lazyTable({
              addressing: 'cell',
              sheet: sheetLabel,
              sheetName: sheet,
              part: lit('formula text'),
              hidden: true,
              noHeader: true
            }).get,
            ctx.zip.budget.cells,
            ctx.zip.budget.text
          )
          displayed = new CellExtras(
            ctx.lazyTable({
              addressing: 'cell',
              sheet: sheetLabel,
              sheetName: sheet,
              part: lit('displayed text'),
              hidden: true,
              noHeader: true
            }).get,
            ctx.zip.budget.cells,
            ctx.zip.budget.text
          )
          split = new RowSplitter(main.get, secret.get, ctx.limits.maxCellsPerSheet, repeats, ctx.zip.budget.cells, ctx.zip.budget.text)
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
          rowRepeat = Math.max(1, Number(a['table:number-rows-repeated'] ?? 1) || 1)
          const v = a['table:visibility']
          rowHidden = v === 'collapse' || v === 'filter'
          if (v === 'filter') filtered = true
          nextCol = 0
          return
        }
        case 'table-cell':
        case 'covered-table-cell': {
          inCell = true
          cellRepeat = Math.max(1, Number(a['table:number-columns-repeated'] ?? 1) || 1)
          const type = a['office:value-type'] ?? a['calcext:value-type'] ?? ''
          cellType = type
          cellDate = false
          cellValue = null
          cellFormula = a['table:formula'] ?? ''
          text = ''
          paragraphs = 0
          if (type === 'date' && a['office:date-value']) (cellValue = a['office:date-value'].slice(0, 10)), (cellDate = true)
          else if (type === 'boolean' && a['office:boolean-value']) cellValue = a['office:boolean-value'].toUpperCase()
          else if ((type === 'float' || type === 'percentage' || type === 'currency') && a['office:value'] !== undefined)
            cellValue = a['office:value']
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
        else if (name === 'annotation' && --inAnnotation === 0 && annotationText.trim()) {
          if (nextCol >= MAX_COLS) throw pastXfd()
          annotations.push([rowNum, nextCol, annotationText])
        }
        return
      }
      if (inDraw > 0) {
        inDraw--
        shapes.close(name)
        return
      }
      if (!inCell) outside.close(name)
      if (name === 'table-cell' || name === 'covered-table-cell') {
        endCell()
        inCell = false
      } else if (name === 'table-row') {
        // Copies of a repeated row's extra text count before any is made (the cells' own in flush).
        split?.claim(((formulas?.pending ?? 0) + (displayed?.pending ?? 0)) * (rowRepeat - 1))
        split?.flush(rowNum, rowRepeat)
        formulas?.flush(rowNum, rowRepeat)
        displayed?.flush(rowNum, rowRepeat)
        rowNum += rowRepeat
      } else if (name === 'table') endTable()
      else if (name === 'style') styleName = null
    },
    text(s) {
      if (inAnnotation > 0) {
        if (!inCreator) annotationText += s
      } else if (inDraw > 0) shapes.text(s)
      else if (inCell) text += s
      else outside.text(s)
    }
  }
  await tokenize(ctx.bytes(part), h)
  endLists()
  validation.end()
  // Sheet names are data too: scanned, shown only as labels pass.
  emitList(ctx, sheetNames, lit('sheet names'), lit('sheet'))
  if (annotationAuthors) {
    const where = ctx.partLabel(part)
    ctx.metadata(
      'metadata/comment-author',
      safe`${where} dc:creator of annotations`,
      safe`${annotationAuthors} comment author name(s) in ${where} (names of people; not shown)`,
      where
    )
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
        else if (
          name !== 'generator' &&
          name !== 'creation-date' &&
          name !== 'date' &&
          name !== 'editing-duration' &&
          name !== 'editing-cycles'
        )
          texts.push([texts.length + 1, v])
      }
      cur = null
    },
    text(s) {
      buf += s
    }
  })
  const label = {
    creator: lit('dc:creator'),
    'initial-creator': lit('meta:initial-creator'),
    'user-defined': lit('meta:user-defined'),
    'printed-by': lit('meta:printed-by')
  } as const
  for (const p of props) {
    const prop = label[p as keyof typeof label]
    ctx.metadata(
      p === 'user-defined' ? 'metadata/custom-property' : 'metadata/author',
      safe`meta.xml ${prop}`,
      safe`document property ${prop} in ${where} is filled in (it may name a person; value not shown). Clear it before publishing`,
      where
    )
  }
  emitList(ctx, texts, safe`document properties ${where}`, lit('property'))
}
