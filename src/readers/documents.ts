// Text documents that can hold tables without being one: records (JSON,
// NDJSON, GeoJSON, YAML, TOML) and pages (Markdown, HTML, templates).
// JSON and NDJSON stream; the others are parsed whole, so they are refused
// past MAX_DOCUMENT_BYTES (a page or a data file of a site is far smaller).

import { isUtf8 } from 'node:buffer'
import { readFile, stat } from 'node:fs/promises'
import { UnreadableError } from '../errors.js'
import { lit, safe } from '../findings.js'
import { readJson } from './json.js'
import { readHtmlTables, readMarkdownTables, type DataBlocks } from './pages.js'
import { readTrees } from './records.js'
import type { TextEncoding } from './sniff.js'
import { tomlTree } from './toml.js'
import type { ReadResult, TableSink } from '../tabular.js'
import { yamlTrees } from './yaml.js'

/**
 * YAML, TOML, Markdown and HTML files are parsed whole: larger ones are
 * refused (fail closed). Their parse trees take about 80 times the file's
 * size (a 4 MiB page or data file peaks near 330 MB); a site's data file or
 * page is far smaller (a 10,000-row page table is 1-2 MB).
 */
export const MAX_DOCUMENT_BYTES = 4 << 20

type DocumentKind = 'json' | 'ndjson' | 'yaml' | 'toml' | 'markdown' | 'html'

const KINDS: Record<string, DocumentKind> = {
  '.json': 'json',
  '.geojson': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.toml': 'toml',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.liquid': 'html',
  '.njk': 'html',
  '.hbs': 'html',
  '.handlebars': 'html'
}

export function isDocument(ext: string): boolean {
  return ext in KINDS
}

/** Reads a text document named with one of DOCUMENT_EXTENSIONS. */
export async function readDocument(
  absPath: string,
  relPath: string,
  ext: string,
  sink: TableSink,
  encoding: TextEncoding,
  bomLength: number
): Promise<ReadResult> {
  const kind = KINDS[ext] as DocumentKind
  if (encoding !== 'utf-8') {
    throw new UnreadableError(lit('UTF-16 text: records and pages are read as UTF-8'), lit('save the file as UTF-8'))
  }
  if (kind === 'json' || kind === 'ndjson') return readJson(absPath, relPath, sink, bomLength, kind === 'ndjson')
  const text = await readWhole(absPath, bomLength)
  switch (kind) {
    case 'yaml':
      readTrees(relPath, yamlTrees(text), sink)
      break
    case 'toml':
      readTrees(relPath, [tomlTree(text)], sink)
      break
    case 'markdown':
    case 'html': {
      const fm = frontMatter(text)
      // Front matter is read as records.
      if (fm) readTrees(relPath, fm.toml ? [tomlTree(fm.block, 2)] : yamlTrees(fm.block, 2), sink)
      const data = dataBlocks(relPath, sink)
      if (kind === 'markdown') readMarkdownTables(relPath, fm?.rest ?? text, sink, data)
      else readHtmlTables(relPath, fm?.rest ?? text, sink, 0, false, data)
      break
    }
  }
  return { format: kind, findings: [], notInspected: [] }
}

/**
 * A page's JSON data blocks (`<script type="application/ld+json">`), read
 * as records at their lines. A block that is not JSON is left unread only
 * when it holds template tags (`{{ }}`, `{% %}`: the site generator fills it
 * in); otherwise the page is unreadable.
 */
function dataBlocks(relPath: string, sink: TableSink): DataBlocks {
  return (text, line, column) => {
    let trees: ReturnType<typeof yamlTrees>
    try {
      // Indented to its column, so that places on its first line are exact too.
      trees = yamlTrees(' '.repeat(column - 1) + text, line)
    } catch (e) {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        if (/\{\{|\{%/.test(text)) return 0
        throw e
      }
      // JSON the YAML reader refuses (tabs, say): read again, laid out, from the block's first line.
      trees = yamlTrees(JSON.stringify(value, null, 1), line)
    }
    return readTrees(relPath, trees, sink)
  }
}

async function readWhole(absPath: string, bomLength: number): Promise<string> {
  const size = (await stat(absPath)).size
  if (size > MAX_DOCUMENT_BYTES) {
    throw new UnreadableError(
      safe`larger than ${MAX_DOCUMENT_BYTES >> 20} MiB: this kind of file is read whole, and one this large is not read`,
      lit('split the file, or publish its table as CSV')
    )
  }
  const buf = (await readFile(absPath)).subarray(bomLength)
  if (!isUtf8(buf)) throw new UnreadableError(lit('not valid UTF-8 text'), lit('save the file as UTF-8'))
  return buf.toString('utf8')
}

/**
 * Front matter: a YAML block between `---` lines (or TOML between `+++`
 * lines, Hugo) at the very start. The rest keeps its line numbers (the block
 * becomes blank lines).
 */
function frontMatter(text: string): { toml: boolean; block: string; rest: string } | null {
  const m = /^(---|\+\+\+)[ \t]*\r?\n/.exec(text)
  if (!m) return null
  const toml = m[1] === '+++'
  const close = toml ? /^\+\+\+[ \t]*(?:\r?\n|$)/m : /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m
  const body = text.slice(m[0].length)
  const end = close.exec(body)
  if (!end) return null
  const consumed = m[0].length + end.index + end[0].length
  const blank = '\n'.repeat(text.slice(0, consumed).split('\n').length - 1)
  return { toml, block: body.slice(0, end.index), rest: blank + text.slice(consumed) }
}
