// Readers for the parts of a workbook around the grid: comments, pivot
// caches, external link caches, charts, document properties, and the text
// nodes of parts with no text by design. Each feeds the same tables as the
// sheets.

import { lit, safe, type SafeText } from '../../findings.js'
import { isSafeLabel, labelOf } from '../../labels.js'
import type { CellInfo, RowSink } from '../../tabular.js'
import type { PackageContext } from '../package/context.js'
import { parseRef } from './sheet.js'
import { emitList } from '../package/parts.js'
import { parseXml, tokenize, type TokenHandler } from '../package/xml.js'
import { TextJoiner, TextList } from '../package/extras.js'
import { MAX_COLS, pastXfd, spendCells, spendRows, tooManyCells } from '../package/split.js'
import type { CellBudget } from '../package/limits.js'

const DATE: CellInfo = { date: true }

/** Rows buffered by position (small parts only), emitted in order. */
class RowBuffer {
  private readonly rows = new Map<number, string[]>()
  /** Places of the rows count against the package's cell budget as they are made. */
  constructor(private readonly budget: CellBudget | undefined) {}
  set(pos: number, col: number, v: string): void {
    if (col < 0 || v.trim() === '') return
    if (col >= MAX_COLS) throw pastXfd()
    let r = this.rows.get(pos)
    if (!r) this.rows.set(pos, (r = []))
    if (col >= r.length) spendRows(this.budget, col + 1 - r.length)
    r[col] = r[col] === undefined ? v : r[col] + '\n' + v
  }
  get size(): number {
    return this.rows.size
  }
  emit(t: RowSink): void {
    for (const pos of [...this.rows.keys()].sort((a, b) => a - b)) {
      const r = this.rows.get(pos) as string[]
      for (let i = 0; i < r.length; i++) if (r[i] === undefined) r[i] = ''
      t.row(r, pos)
    }
    t.end()
  }
}

/** Legacy comments (`xl/commentsN.xml`) and threaded comments. Authors are people: metadata. */
export async function readComments(ctx: PackageContext, part: string, sheet: SafeText, threaded: boolean): Promise<number> {
  const rows = new RowBuffer(ctx.zip.budget.cells)
  let ref: [number, number] = [-1, -1]
  let text = ''
  let inText = 0
  let authors = 0
  let count = 0
  await parseXml(ctx.wholeText(part), {
    open(name, a) {
      if (name === 'comment' || name === 'threadedComment') {
        ref = parseRef(a.ref ?? '')
        text = ''
        count++
      } else if (name === 'text') inText++
    },
    close(name) {
      if (name === 'author') authors++
      else if (name === 'text') inText--
      else if (name === 'comment' || name === 'threadedComment') rows.set(ref[1], ref[0], text)
    },
    text(s) {
      if (inText > 0) text += s
    }
  })
  const where = ctx.partLabel(part)
  if (rows.size)
    rows.emit(
      ctx.table({ addressing: 'cell', sheet, part: threaded ? lit('threaded comments') : lit('comments'), hidden: true, noHeader: true })
    )
  if (count) {
    ctx.structure(
      'structure/comments',
      safe`${count} ${threaded ? lit('threaded comments') : lit('comments')} on sheet ${sheet}: hidden from a reader of the table; their text was scanned`,
      { sheet, part: where },
      count
    )
  }
  if (authors)
    ctx.metadata(
      'metadata/comment-author',
      safe`${where} authors`,
      safe`${authors} comment author name(s) in ${where} (names of people; not shown)`,
      where
    )
  return count
}

/** `xl/persons/person.xml`: people who wrote threaded comments. */
export async function readPersons(ctx: PackageContext, part: string): Promise<void> {
  let n = 0
  await parseXml(ctx.text(part), {
    open(name, a) {
      if (name === 'person' && (a.displayName ?? '').trim()) n++
    }
  })
  const where = ctx.partLabel(part)
  if (n)
    ctx.metadata('metadata/person', safe`${where} displayName`, safe`${n} person name(s) of comment authors in ${where} (not shown)`, where)
}

/** Pivot cache definition (field names + shared items) and its records. */
export async function readPivotCache(
  ctx: PackageContext,
  n: number,
  defPart: string,
  recordsPart: string | undefined,
  sheetNames: ReadonlySet<string>
): Promise<void> {
  const fields: string[] = []
  const items: string[][] = []
  const itemDate: boolean[][] = []
  let inShared = false
  let sourceSheet: string | undefined
  let missingSource = false
  await parseXml(ctx.wholeText(defPart), {
    open(name, a) {
      if (name === 'worksheetSource') {
        sourceSheet = a.sheet
        if (sourceSheet !== undefined && !sheetNames.has(sourceSheet)) missingSource = true
      } else if (name === 'cacheField') {
        fields.push(a.name ?? '')
        items.push([])
        itemDate.push([])
      } else if (name === 'sharedItems') inShared = true
      else if (inShared && (name === 's' || name === 'n' || name === 'd' || name === 'b' || name === 'e' || name === 'm')) {
        const f = items.length - 1
        const isDate = name === 'd'
        ;(items[f] as string[]).push(isDate ? (a.v ?? '').slice(0, 10) : name === 'm' ? '' : (a.v ?? ''))
        ;(itemDate[f] as boolean[]).push(isDate)
      }
    },
    close(name) {
      if (name === 'sharedItems') inShared = false
    }
  })
  const label = safe`pivot cache ${n}`
  // Shared items: one column per field, the field name as header.
  const longest = items.reduce((m, x) => Math.max(m, x.length), 0)
  let itemCount = 0
  if (longest > 0) {
    const t = ctx.table({ addressing: 'record', part: safe`${label} shared items`, unit: lit('item'), hidden: true })
    t.row(fields, 0)
    for (let i = 0; i < longest; i++) {
      const row = items.map((x) => x[i] ?? '')
      const info = itemDate.map((x) => (x[i] ? DATE : undefined))
      itemCount += row.filter((v) => v !== '').length
      t.row(row, i + 1, info)
    }
    t.end()
  }
  let records = 0
  if (recordsPart && ctx.zip.has(recordsPart)) {
    const t = ctx.table({ addressing: 'record', part: label, unit: lit('record'), hidden: true })
    t.row(fields, 0)
    let row: string[] = []
    let info: Array<CellInfo | undefined> = []
    let f = 0
    let cells = 0
    const h: TokenHandler = {
      capture: false,
      open(name, raw) {
        if (name === 'r') {
          row = new Array<string>(fields.length).fill('')
          info = []
          f = 0
          return
        }
        if (name === 'x' || name === 's' || name === 'n' || name === 'd' || name === 'b' || name === 'e' || name === 'm') {
          const v = /\bv\s*=\s*"([^"]*)"/.exec(raw)?.[1] ?? ''
          if (name === 'x') {
            const k = Number(v)
            row[f] = items[f]?.[k] ?? ''
            if (itemDate[f]?.[k]) info[f] = DATE
          } else if (name === 'd') (row[f] = v.slice(0, 10)), (info[f] = DATE)
          else if (name !== 'm') row[f] = decode(v)
          f++
        }
      },
      close(name) {
        if (name === 'r') {
          records++
          // Cut content is never a silent drop: past the limit the file is unreadable (blocking).
          cells += Math.max(f, 1)
          if (cells > ctx.limits.maxCellsPerSheet) throw tooManyCells(ctx.limits.maxCellsPerSheet)
          spendCells(ctx.zip.budget.cells, Math.max(f, 1))
          t.row(row, records, info)
        }
      },
      text() {}
    }
    await tokenize(ctx.bytes(recordsPart), h)
    t.end()
  }
  const where = ctx.partLabel(defPart)
  ctx.structure(
    'structure/pivot-cache',
    safe`${label} keeps a copy of its source data (${records} records, ${itemCount} distinct items)${missingSource ? lit(', and its source sheet is no longer in the workbook') : lit('')}; it was scanned. Remove the pivot table or its cache before publishing`,
    { part: label },
    records,
    [ctx.loc({ part: where })]
  )
}

const decode = (s: string): string =>
  s.indexOf('&') === -1
    ? s
    : s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] as string)

/** External-link caches: values copied from another workbook. */
export async function readExternalLink(ctx: PackageContext, n: number, part: string): Promise<void> {
  const names: string[] = []
  let t: RowSink | null = null
  let row: string[] = []
  let rowNum = 0
  let col = 0
  let value = ''
  let inV = false
  let cells = 0
  await parseXml(ctx.text(part), {
    open(name, a) {
      if (name === 'sheetName') names.push(a.val ?? '')
      else if (name === 'sheetData') {
        const sheet = names[Number(a.sheetId ?? 0)]
        t = ctx.table({
          addressing: 'cell',
          part:
            sheet !== undefined
              ? safe`external-link cache ${n}, linked sheet ${labelOf(sheet, safe`#${Number(a.sheetId ?? 0) + 1}`)}`
              : safe`external-link cache ${n}`,
          hidden: true
        })
      } else if (name === 'row') (rowNum = Number(a.r ?? rowNum + 1)), (row = [])
      else if (name === 'cell') (col = parseRef(a.r ?? '')[0]), (value = '')
      else if (name === 'v') inV = true
    },
    close(name) {
      if (name === 'v') inV = false
      else if (name === 'cell' && col >= 0 && value.trim() !== '') (row[col] = value), cells++
      else if (name === 'row' && t && row.length) {
        for (let i = 0; i < row.length; i++) if (row[i] === undefined) row[i] = ''
        t.row(row, rowNum)
      } else if (name === 'sheetData' && t) t.end(), (t = null)
    },
    text(s) {
      if (inV) value += s
    }
  })
  ctx.structure(
    'structure/external-link-cache',
    safe`external-link cache ${n} keeps ${cells} values copied from another workbook; they were scanned. Break the link (Data > Edit Links > Break Link) before publishing`,
    { part: ctx.partLabel(part) },
    cells
  )
}

/**
 * Charts: the values a chart plots, from its caches (`strCache`, `numCache`)
 * and literals (`strLit`, `numLit`), as columns of points; and every other
 * text (rich-text titles and labels) as a list. Cell references (`c:f`) and
 * number formats are not text.
 */
export async function readChart(ctx: PackageContext, part: string): Promise<void> {
  const rows = new RowBuffer(ctx.zip.budget.cells)
  const list = new TextList(() =>
    ctx.table({ addressing: 'record', part: safe`chart text ${ctx.partLabel(part)}`, unit: lit('text'), hidden: true, noHeader: true })
  )
  const texts = new TextJoiner((s) => list.add(s))
  let cache = -1
  let inCache = false
  let idx = 0
  let inV = false
  let v = ''
  let skip = 0
  await parseXml(ctx.wholeText(part), {
    open(name, a) {
      texts.open(name)
      if (CHART_DATA.has(name)) (inCache = true), cache++
      else if (inCache && name === 'pt') idx = Number(a.idx ?? 0)
      else if (inCache && name === 'v') (inV = true), (v = '')
      else if (name === 'f' || name === 'formatCode') skip++
    },
    close(name) {
      if (CHART_DATA.has(name)) inCache = false
      else if (name === 'v' && inV) (inV = false), rows.set(idx + 1, cache, v)
      else if (name === 'f' || name === 'formatCode') skip--
      texts.close(name)
    },
    text(s) {
      if (inV) v += s
      else if (skip === 0) texts.text(s)
    }
  })
  texts.flush()
  list.end()
  if (rows.size)
    rows.emit(
      ctx.table({ addressing: 'record', part: safe`chart cache ${ctx.partLabel(part)}`, unit: lit('point'), hidden: true, noHeader: true })
    )
}
const CHART_DATA = new Set(['strCache', 'numCache', 'multiLvlStrCache', 'strLit', 'numLit'])

/**
 * A regular XML part with no text of its own by design (the calculation
 * chain, the content types): its text nodes, if any, read through the byte
 * tokenizer (fast, so a big calculation chain costs little).
 */
export async function readTextNodes(ctx: PackageContext, part: string): Promise<void> {
  const list = new TextList(() =>
    ctx.table({
      addressing: 'record',
      part: isSafeLabel(part) ? safe`part ${ctx.partLabel(part)}` : ctx.partLabel(part),
      unit: lit('text'),
      hidden: true,
      noHeader: true
    })
  )
  const text = new TextJoiner((s) => list.add(s))
  await tokenize(ctx.bytes(part), { capture: true, open: (n) => text.open(n), close: (n) => text.close(n), text: (s) => text.text(s) })
  text.flush()
  list.end()
}

const CORE_PEOPLE: Record<string, SafeText> = {
  creator: lit('dc:creator'),
  lastModifiedBy: lit('cp:lastModifiedBy'),
  initial_creator: lit('meta:initial-creator')
}
const APP_PROPS: Record<string, SafeText> = { Company: lit('Company'), Manager: lit('Manager'), HyperlinkBase: lit('HyperlinkBase') }

/** docProps/core.xml and app.xml: who made the file, for which organisation. */
export async function readDocProps(ctx: PackageContext, part: string, kind: 'core' | 'app' | 'custom'): Promise<void> {
  const where = ctx.partLabel(part)
  const seen: Array<{ prop: SafeText; kindName: 'author' | 'company' | 'custom-property' }> = []
  const texts: Array<[number, string]> = []
  let cur: string | null = null
  let curName = ''
  let buf = ''
  let depth = 0
  let custom = 0
  await parseXml(ctx.text(part), {
    open(name, a) {
      depth++
      if (kind === 'custom' && name === 'property') custom++, (curName = a.name ?? '')
      if ((kind !== 'custom' && depth === 2) || (kind === 'custom' && depth === 3)) (cur = name), (buf = '')
    },
    close() {
      if (cur !== null && ((kind !== 'custom' && depth === 2) || (kind === 'custom' && depth === 3))) {
        const v = buf.trim()
        if (v !== '') {
          // Properties reported as metadata are not also scanned (a warning, not a block).
          if (kind === 'core' && CORE_PEOPLE[cur]) seen.push({ prop: CORE_PEOPLE[cur] as SafeText, kindName: 'author' })
          else if (kind === 'app' && APP_PROPS[cur]) seen.push({ prop: APP_PROPS[cur] as SafeText, kindName: 'company' })
          else if (kind === 'custom') {
            const known = knownCustom(curName)
            seen.push({ prop: known ?? safe`property ${custom}`, kindName: 'custom-property' })
            // A custom value is scanned too; only a single short value of a
            // property known to name its author stays a metadata warning alone.
            if (!(known && PERSON_CUSTOM.includes(curName) && v.length <= 100 && !/[\n;,|]/.test(v))) texts.push([custom, v])
          } else texts.push([texts.length + 1, v])
        }
        cur = null
      }
      depth--
    },
    text(s) {
      if (cur !== null) buf += s
    }
  })
  for (const s of seen) {
    ctx.metadata(
      `metadata/${s.kindName}`,
      safe`${where} ${s.prop}`,
      safe`document property ${s.prop} in ${where} is filled in (it may name a person or organisation; value not shown). Clear it before publishing (File > Info > Inspect Document)`,
      where
    )
  }
  // The values themselves go to the detectors too (an email in a description, say).
  emitList(ctx, texts, safe`document properties ${where}`, lit('property'))
}

const KNOWN_CUSTOM = [
  '_AuthorEmail',
  '_AuthorEmailDisplayName',
  '_EmailSubject',
  'ContentTypeId',
  'MediaServiceImageTags',
  '_NewReviewCycle',
  'Owner',
  'Author',
  'Department'
]
/** Custom properties whose value names the author or owner of the file. */
const PERSON_CUSTOM = ['_AuthorEmail', '_AuthorEmailDisplayName', 'Owner', 'Author']
function knownCustom(name: string): SafeText | undefined {
  return KNOWN_CUSTOM.includes(name) ? labelOf(name, lit('custom property')) : undefined
}
