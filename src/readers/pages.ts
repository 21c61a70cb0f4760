// Tables in pages: GitHub-flavoured Markdown pipe tables (markdown-it, whose
// block tokens carry their lines) and HTML `<table>` elements (parse5, with
// source locations), also in templates (Liquid, Nunjucks, Handlebars) and as
// raw HTML inside Markdown. A code block or preformatted text (a fenced
// block, `<pre>`, `<textarea>`) that holds delimited rows, a CSV pasted into
// a page, is published as it is: it is a table too. So are the records of a
// JSON data block (`<script type="application/ld+json">`, schema.org
// `Person`s), which the caller reads as records. Each table is one table
// for the checks: its first row the header when it looks like one, every
// cell placed at its line and field number.

import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5'
import Papa from 'papaparse'
import { UnreadableError } from '../errors.js'
import { lit, safe } from '../findings.js'
import type { TableSink } from '../tabular.js'
import { tableDelimiter } from './sniff.js'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']
type ParentNode = DefaultTreeAdapterMap['parentNode']

/** Reads the pipe tables (and raw HTML tables) of a Markdown text; returns how many. */
export function readMarkdownTables(file: string, text: string, sink: TableSink, data?: DataBlocks): number {
  const tokens = new MarkdownIt({ html: true }).parse(text, {})
  let tables = 0
  let rows: ReturnType<TableSink['table']> | null = null
  let cells: string[] = []
  let line = 0
  for (const t of tokens) {
    switch (t.type) {
      case 'table_open':
        tables++
        rows = sink.table({ file, addressing: 'line', freshRows: true })
        break
      case 'tr_open':
        cells = []
        line = (t.map?.[0] ?? 0) + 1
        break
      case 'inline':
        if (rows) cells.push(inlineText(t))
        break
      case 'tr_close':
        rows?.row(cells, line)
        break
      case 'table_close':
        rows?.end()
        rows = null
        break
      case 'html_block':
        if (/<(table|pre|textarea|script)\b/i.test(t.content)) tables += readHtmlTables(file, t.content, sink, t.map?.[0] ?? 0, true, data)
        break
      case 'fence':
        // The block's text starts on the line after its opening fence.
        tables += readTextBlock(file, t.content, (t.map?.[0] ?? 0) + 2, sink)
        break
      case 'code_block':
        tables += readTextBlock(file, t.content, (t.map?.[0] ?? 0) + 1, sink)
        break
    }
  }
  return tables
}

/** A cell's text as a reader sees it: text, code and link text, without markup. */
function inlineText(t: Token): string {
  let out = ''
  for (const c of t.children ?? []) {
    if (c.type === 'text' || c.type === 'code_inline') out += c.content
    else if (c.type === 'softbreak' || c.type === 'hardbreak') out += ' '
  }
  return out.trim()
}

/** Reads the text of a JSON data block, which starts at `line` and character `column`, as records; returns how many tables. */
export type DataBlocks = (text: string, line: number, column: number) => number

/** `<script type>`s whose text is JSON data published with the page. */
const JSON_SCRIPT = /^application\/(ld\+json|json)$/i

/**
 * Reads the `<table>` elements of an HTML text (a page or a fragment of one);
 * `lineOffset` is added to the lines parse5 gives. Returns how many tables.
 */
export function readHtmlTables(file: string, text: string, sink: TableSink, lineOffset = 0, fragment = false, data?: DataBlocks): number {
  let stopped: number | null = null
  const options = {
    sourceCodeLocationInfo: true,
    onParseError: (e: { code: string; startLine: number }) => {
      // The input ended inside a tag, comment or text element: the rest was not read as the page.
      if (stopped === null && e.code.startsWith('eof-in-')) stopped = e.startLine
    }
  }
  const root: ParentNode = fragment ? parseFragment(text, options) : parse(text, options)
  if (stopped !== null) {
    throw new UnreadableError(
      safe`the HTML ends inside a tag, comment or text element: reading stopped at line ${(stopped as number) + lineOffset}`,
      lit('close the tag or comment, then commit the file again')
    )
  }
  let tables = 0
  const stack: Node[] = [root]
  while (stack.length) {
    const n = stack.pop() as Node
    if (!('childNodes' in n)) continue
    if (n.nodeName === 'table') {
      tables++
      emitTable(file, n as Element, sink, lineOffset)
    } else if (n.nodeName === 'pre' || n.nodeName === 'textarea') {
      tables += readPreformatted(file, n as Element, sink, lineOffset)
    } else if (n.nodeName === 'script' && data && JSON_SCRIPT.test(attrOf(n as Element, 'type') ?? '')) {
      const el = n as Element
      const first = el.childNodes.find((c) => c.nodeName === '#text') as DefaultTreeAdapterMap['textNode'] | undefined
      const at = first?.sourceCodeLocation
      if (first) tables += data(textParts(el, false).join(''), (at?.startLine ?? 1) + lineOffset, at?.startCol ?? 1)
    }
    const kids = n.nodeName === 'template' ? (n as DefaultTreeAdapterMap['template']).content.childNodes : n.childNodes
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Node)
  }
  return tables
}

function emitTable(file: string, table: Element, sink: TableSink, lineOffset: number): void {
  const rows: Element[] = []
  for (const c of table.childNodes) {
    if (c.nodeName === 'tr') rows.push(c as Element)
    else if (c.nodeName === 'thead' || c.nodeName === 'tbody' || c.nodeName === 'tfoot') {
      for (const r of (c as Element).childNodes) if (r.nodeName === 'tr') rows.push(r as Element)
    }
  }
  // Each cell's line: a row's cells may be on lines of their own.
  const lines: number[][] = []
  const out = sink.table({
    file,
    addressing: 'line',
    locate: (pos, col) => ({ line: lines[pos - 1]?.[col] ?? lines[pos - 1]?.[0], column: col + 1 })
  })
  for (const [r, tr] of rows.entries()) {
    const cells = tr.childNodes.filter((c): c is Element => c.nodeName === 'td' || c.nodeName === 'th')
    const rowLine = (tr.sourceCodeLocation?.startLine ?? 0) + lineOffset
    lines[r] = cells.map((c) => (c.sourceCodeLocation?.startLine ?? rowLine - lineOffset) + lineOffset)
    out.row(
      cells.map((c) => textOf(c)),
      r + 1
    )
  }
  out.end()
}

/** The text of a cell, without nested tables (read as tables of their own), whitespace collapsed. */
function textOf(cell: Element): string {
  return textParts(cell, true).join('').replace(/\s+/g, ' ').trim()
}

/**
 * The text nodes under `root`, in document order. In a table cell (`cell`),
 * nested tables are left out and a break, paragraph or division is a space.
 */
function textParts(root: Element, cell: boolean): string[] {
  const parts: string[] = []
  const stack: Node[] = [root]
  while (stack.length) {
    const n = stack.pop() as Node
    if (n.nodeName === '#text') parts.push((n as DefaultTreeAdapterMap['textNode']).value)
    else if ('childNodes' in n && (!cell || n === root || n.nodeName !== 'table')) {
      if (cell && (n.nodeName === 'br' || n.nodeName === 'p' || n.nodeName === 'div')) parts.push(' ')
      for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i] as Node)
    }
  }
  return parts
}

/**
 * A block of text whose first line is at `firstLine`: when its lines are
 * rows of delimited columns, one table, each row at its line. Returns 1 or 0.
 */
function readTextBlock(file: string, text: string, firstLine: number, sink: TableSink): number {
  const delimiter = tableDelimiter(text)
  if (delimiter === null) return 0
  const out = sink.table({ file, addressing: 'line', freshRows: true })
  for (const [i, line] of text.split(/\r\n|\n|\r/).entries()) {
    if (line.trim() === '') continue
    const fields = Papa.parse<string[]>(line, { delimiter }).data[0] ?? []
    out.row(
      fields.map((f) => f.trim()),
      firstLine + i
    )
  }
  out.end()
  return 1
}

/** The text of a `<pre>` or `<textarea>` as a table, when it is one; its lines from its first text's place. */
function readPreformatted(file: string, el: Element, sink: TableSink, lineOffset: number): number {
  const first = el.childNodes.find((c) => c.nodeName === '#text') as DefaultTreeAdapterMap['textNode'] | undefined
  // Every text inside, newlines kept (markup such as `<code>` or `<b>` inside is not text).
  const text = textParts(el, false).join('')
  const line = (first?.sourceCodeLocation?.startLine ?? el.sourceCodeLocation?.startLine ?? 1) + lineOffset
  return readTextBlock(file, text, line, sink)
}

function attrOf(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value
}
