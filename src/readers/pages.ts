// Tables in pages: GitHub-flavoured Markdown pipe tables (micromark with the
// GFM table extension, through mdast for positions) and HTML `<table>`
// elements (parse5, with source locations), also in templates (Liquid,
// Nunjucks, Handlebars) and as raw HTML inside Markdown. Each table is one
// table for the checks: its first row the header when it looks like one,
// every cell placed at its line and field number.

import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table'
import { toString } from 'mdast-util-to-string'
import { gfmTable } from 'micromark-extension-gfm-table'
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5'
import { UnreadableError } from '../errors.js'
import { lit, safe } from '../findings.js'
import type { TableSink } from './types.js'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']
type ParentNode = DefaultTreeAdapterMap['parentNode']

interface MdNode {
  type: string
  value?: string
  children?: MdNode[]
  position?: { start: { line: number; column: number } }
}

/** Reads the pipe tables (and raw HTML tables) of a Markdown text; returns how many. */
export function readMarkdownTables(file: string, text: string, sink: TableSink): number {
  const tree = fromMarkdown(text, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] }) as MdNode
  let tables = 0
  const stack: MdNode[] = [tree]
  while (stack.length) {
    const n = stack.pop() as MdNode
    if (n.type === 'table') {
      tables++
      const rows = sink.table({ file, addressing: 'line' })
      for (const row of n.children ?? []) {
        const line = row.position?.start.line ?? 0
        rows.row((row.children ?? []).map((c) => toString(c)), line)
      }
      rows.end()
      continue
    }
    if (n.type === 'html' && n.value && /<table\b/i.test(n.value)) {
      tables += readHtmlTables(file, n.value, sink, (n.position?.start.line ?? 1) - 1, true)
      continue
    }
    if (n.children) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as MdNode)
  }
  return tables
}

/**
 * Reads the `<table>` elements of an HTML text (a page or a fragment of one);
 * `lineOffset` is added to the lines parse5 gives. Returns how many tables.
 */
export function readHtmlTables(file: string, text: string, sink: TableSink, lineOffset = 0, fragment = false): number {
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
  const parts: string[] = []
  const stack: Node[] = [cell]
  while (stack.length) {
    const n = stack.pop() as Node
    if (n.nodeName === '#text') parts.push((n as DefaultTreeAdapterMap['textNode']).value)
    else if ('childNodes' in n && (n === cell || n.nodeName !== 'table')) {
      if (n.nodeName === 'br' || n.nodeName === 'p' || n.nodeName === 'div') parts.push(' ')
      for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i] as Node)
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim()
}
