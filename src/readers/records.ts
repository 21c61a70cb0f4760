// Records as tables (JSON, NDJSON, YAML, TOML, front matter). A document is
// walked as a stream of events (containers open and close, keys, scalars);
// an array whose first non-null element is an object is a table, each
// element a record, the union of the records' keys its header. An array
// whose first element is an array of values (`[["Name", "Email"], [...]]`,
// rows as a spreadsheet export writes them) is a table too: each inner array
// a row, its first row the header candidate, as in a CSV file. Inside a
// record everything flattens into columns named by dotted paths
// (`contact.email`, `phones.0`); an array of arrays (GeoJSON coordinates)
// collapses into one column. A feature collection's table is its features'
// `properties`. Arrays inside records never start tables of their own.
//
// A table's header must be known before its rows go to the checks: either
// one walk that holds each table's first records and takes their keys
// (speculate, for streamed JSON), or two walks over the same events, the
// first finding the tables and their columns. Positions are asked for only
// when a finding needs one (a source finds the record again then).

import { UnreadableError } from '../errors.js'
import { lit, safe } from '../findings.js'
import type { RowSink, TableMeta, TableSink, ValuePlace } from '../tabular.js'

/** More columns than this is not a table a reader looks at (and would grow memory without bound). */
const MAX_RECORD_COLUMNS = 4096
/** One cell (a joined array, a long string) longer than this is refused. */
export const MAX_VALUE_CHARS = 64 << 20
/** Containers nested deeper than this are refused. */
export const MAX_DEPTH = 1000

/** What a document is, as its reader walks it. `at` is the source's own position token. */
export interface RecordEvents {
  open(array: boolean, at: number): void
  key(name: string): void
  /** `null`: a JSON/YAML null (an empty cell; a null table element is no record). */
  scalar(text: string | null, at: number): void
  close(): void
}

interface Column {
  /** Path from the record, segments joined by NUL. */
  key: string
  segs: string[]
}

/** One table found by the first walk. */
export interface TableShape {
  /** The table's path in its document (JSON Pointer style). */
  path: string
  columns: Column[]
  /** Column key -> index in the emitted rows (features: only their properties and id). */
  index: Map<string, number>
  labels: string[]
  /** Every record a GeoJSON Feature. */
  features: boolean
  /** Rows are arrays of values, not objects: no header of keys; the first row is the header candidate. */
  arrays: boolean
  records: number
  /** The element index of the first record (the header's place: keys are read there first). */
  first: number
  /** The column keys seen, each with its place in `columns`. */
  seen: Map<string, number>
}

/** How a source finds a value again (by table, element index and column path). */
export interface Locator {
  /** Element `index` of table `ordinal` starts. */
  element?(ordinal: number, index: number, at: number): void
  /** Line and character column of a value (`segs` from the element), or of the element itself. */
  find(ordinal: number, index: number, segs: readonly string[]): { line: number; column: number } | undefined
}

/**
 * What a container is to the walk. `rows`: an array whose first element is
 * an array, undecided until that array's first element (`probe`) shows
 * whether it holds values (a table of rows) or containers (not a table).
 */
type Role = 'outside' | 'pending' | 'plain' | 'table' | 'record' | 'rpending' | 'joined' | 'rows' | 'probe'

interface Frame {
  array: boolean
  role: Role
  /** Next element index (arrays). */
  index: number
  /** Current key (objects). */
  key: string
  /** Outside: this container's pointer; inside a record: its column key. */
  path: string
  segs: string[]
  /** The source's position token where the container opened. */
  at: number
}

/** A table's records brought a field or a kind of record its first records did not have: read it again in two walks. */
export class Respeculate extends Error {
  constructor(readonly ordinal: number) {
    super('records: read again')
  }
}

/** Records held before a table's header is decided (speculative walk). */
export const SPECULATE_RECORDS = 1000

/**
 * Walks events, in one of three modes:
 * - discover (`shapes` and `sink` null): finds the tables and their columns;
 * - emit (`shapes` from a discovery): opens each table on `sink` (from table
 *   `emitFrom` on) and emits its rows;
 * - speculate (`shapes` null, `sink` given): one walk that holds each table's
 *   first SPECULATE_RECORDS records, takes the union of their keys as the
 *   header and emits as it goes; a later record with a new field throws
 *   Respeculate (the reader then aborts the table and walks twice).
 */
export class RecordWalker implements RecordEvents {
  private readonly stack: Frame[] = []
  private tableOrdinal = -1
  private shape: TableShape | null = null
  private tableDepth = -1
  readonly found: TableShape[] = []
  // The record being read.
  private recordIndex = 0
  private isFeature = false
  private allFeatures = true
  private row: string[] | null = null
  private rows: RowSink | null = null
  private readonly mode: 'discover' | 'emit' | 'speculate'
  /** Speculate: the current table's first records (rows by column order), until its header is decided. */
  private held: Array<{ row: string[]; pos: number }> | null = null

  constructor(
    private readonly file: string,
    private readonly shapes: readonly TableShape[] | null,
    private readonly sink: TableSink | null,
    private readonly locator: Locator,
    /** NDJSON: the top-level sequence is the table and each record is its own document. */
    private readonly lines = false,
    /** Emit: tables before this ordinal were emitted by an earlier walk. */
    private readonly emitFrom = 0
  ) {
    this.mode = shapes !== null ? 'emit' : sink !== null ? 'speculate' : 'discover'
  }

  /** The walk stopped (Respeculate, an error): the open table is discarded. */
  abortOpen(): void {
    this.rows?.abort()
    this.rows = null
  }

  open(array: boolean, at: number): void {
    if (this.stack.length >= MAX_DEPTH) throw tooDeep()
    const parent = this.stack[this.stack.length - 1]
    const frame: Frame = { array, role: 'outside', index: 0, key: '', path: '', segs: [], at }
    if (!parent) {
      frame.role = array ? 'pending' : 'outside'
      this.stack.push(frame)
      return
    }
    if (parent.array) parent.index++
    switch (parent.role) {
      case 'outside':
      case 'plain':
        frame.path = parent.path + '/' + escapeSeg(parent.array ? String(parent.index - 1) : parent.key)
        frame.role = array ? 'pending' : 'outside'
        break
      case 'pending':
        // The first non-null element decides.
        if (array) {
          // An array first: its own first element decides (values: rows of a table).
          parent.role = 'rows'
          frame.path = parent.path + '/' + String(parent.index - 1)
          frame.role = 'probe'
        } else {
          parent.role = 'table'
          this.startTable(parent)
          this.startRecord(frame, parent.index - 1, at)
        }
        break
      case 'table':
        this.startRecord(frame, parent.index - 1, at)
        break
      case 'record':
      case 'rpending':
        frame.segs = [...parent.segs, parent.array ? String(parent.index - 1) : parent.key]
        frame.path = frame.segs.join('\u0000')
        frame.role = array ? 'rpending' : 'record'
        if (parent.role === 'rpending') {
          if (array) {
            // An array of arrays: one column for all of it.
            parent.role = 'joined'
            frame.role = 'joined'
            frame.path = parent.path
            frame.segs = parent.segs
            this.cell(parent, '', false)
          } else parent.role = 'record'
        }
        break
      case 'joined':
        frame.role = 'joined'
        frame.path = parent.path
        frame.segs = parent.segs
        break
      case 'rows':
        // A container after the first array: the array is not rows of values.
        parent.role = 'plain'
        frame.path = parent.path + '/' + escapeSeg(String(parent.index - 1))
        frame.role = array ? 'pending' : 'outside'
        break
      case 'probe': {
        // The first array's first element is a container: not rows. The walk goes on as it did before this rule.
        const grand = this.stack[this.stack.length - 2] as Frame
        grand.role = 'plain'
        parent.role = 'pending'
        this.reopen(array, at)
        return
      }
    }
    this.stack.push(frame)
  }

  /** `open` again for a container whose parent's role has just changed. */
  private reopen(array: boolean, at: number): void {
    const parent = this.stack[this.stack.length - 1] as Frame
    if (parent.array) parent.index--
    this.open(array, at)
  }

  /** The first array's first value: the array of arrays is a table of rows, this array its first row. */
  private startRows(probe: Frame): void {
    const table = this.stack[this.stack.length - 2] as Frame
    table.role = 'table'
    this.stack.pop()
    this.startTable(table, true)
    this.stack.push(probe)
    this.startRecord(probe, table.index - 1, probe.at)
  }

  key(name: string): void {
    const top = this.stack[this.stack.length - 1] as Frame
    top.key = name
  }

  scalar(text: string | null, at: number): void {
    const parent = this.stack[this.stack.length - 1]
    if (!parent) return
    if (parent.array) parent.index++
    if (parent.role === 'probe') {
      this.startRows(parent)
      this.rescalar(text, at)
      return
    }
    if (text === null && (parent.role === 'pending' || parent.role === 'table' || parent.role === 'rpending')) return
    switch (parent.role) {
      case 'pending':
        parent.role = 'plain'
        return
      case 'rows':
        // A value after the first array: not rows.
        parent.role = 'plain'
        return
      case 'table': {
        // A scalar among records: a record of one unnamed value.
        const frame: Frame = { array: false, role: 'record', index: 0, key: '', path: '', segs: [], at }
        this.startRecord(frame, parent.index - 1, at)
        this.value(null, '', '', text ?? '')
        this.endRecord()
        return
      }
      case 'rpending':
      case 'record': {
        parent.role = 'record'
        const seg = parent.array ? String(parent.index - 1) : parent.key
        if (parent.segs.length === 0 && seg === 'type' && text === 'Feature') this.isFeature = true
        this.value(parent.segs, seg, parent.segs.length === 0 ? seg : parent.path + '\u0000' + seg, text ?? '')
        return
      }
      case 'joined':
        if (text !== null) this.cell(parent, text, true)
        return
      default:
        return
    }
  }

  /** `scalar` again for a value whose container has just become a record. */
  private rescalar(text: string | null, at: number): void {
    const parent = this.stack[this.stack.length - 1] as Frame
    if (parent.array) parent.index--
    this.scalar(text, at)
  }

  close(): void {
    const frame = this.stack.pop() as Frame
    if (this.stack.length === this.tableDepth + 1 && (frame.role === 'record' || frame.role === 'rpending' || frame.role === 'joined')) {
      this.endRecord()
      return
    }
    if (frame.role === 'table') this.endTable()
  }

  /** The document ended: every container must have closed. */
  finish(): void {
    if (this.shape) this.endTable()
  }

  private startTable(frame: Frame, arrays = false): void {
    this.tableOrdinal++
    this.tableDepth = this.stack.length - 1
    this.allFeatures = true
    if (this.mode !== 'emit') {
      this.held = this.mode === 'speculate' ? [] : null
      this.shape = {
        path: frame.path,
        columns: [],
        index: new Map(),
        labels: [],
        features: false,
        arrays,
        records: 0,
        first: -1,
        seen: new Map()
      }
    } else {
      this.shape = (this.shapes as readonly TableShape[])[this.tableOrdinal] ?? null
      if (!this.shape) throw new Error('records: the second walk found a table the first did not')
    }
  }

  private startRecord(frame: Frame, index: number, at: number): void {
    frame.role = frame.array ? 'rpending' : 'record'
    frame.path = ''
    frame.segs = []
    this.recordIndex = index
    this.isFeature = false
    this.locator.element?.(this.tableOrdinal, index, at)
    const shape = this.shape as TableShape
    if (this.mode === 'emit') {
      if (this.tableOrdinal < this.emitFrom) return
      if (!this.rows) this.openRows(shape)
      this.row = new Array<string>(shape.labels.length).fill('')
    } else if (this.mode === 'speculate') {
      this.row = this.held ? [] : new Array<string>(shape.labels.length).fill('')
    }
  }

  private endRecord(): void {
    const shape = this.shape as TableShape
    if (shape.records++ === 0) shape.first = this.recordIndex
    if (!this.isFeature) this.allFeatures = false
    const row = this.row
    this.row = null
    if (this.held) {
      this.held.push({ row: row as string[], pos: this.recordIndex + 1 })
      if (this.held.length >= SPECULATE_RECORDS) this.release()
      return
    }
    if (this.mode === 'speculate' && shape.features && !this.isFeature) throw new Respeculate(this.tableOrdinal)
    if (row && this.rows) this.rows.row(row, this.recordIndex + 1)
  }

  /** Columns from the keys seen (a feature collection's: its properties and id). */
  private decide(shape: TableShape): void {
    shape.features = this.allFeatures && shape.records > 0
    for (const c of shape.columns) {
      const segs = shape.features ? featureSegs(c.segs) : c.segs
      if (segs === null) continue
      shape.index.set(c.key, shape.labels.length)
      shape.labels.push(segs.join('.'))
    }
  }

  /** Speculate: the header is decided; the held records go out. */
  private release(): void {
    const shape = this.shape as TableShape
    this.decide(shape)
    this.openRows(shape)
    const to = shape.columns.map((c) => shape.index.get(c.key) ?? -1)
    const width = shape.labels.length
    for (const h of this.held ?? []) {
      const full = new Array<string>(width).fill('')
      for (let c = 0; c < h.row.length; c++) {
        const v = h.row[c]
        const i = to[c] as number
        if (v !== undefined && i !== -1) full[i] = v
      }
      ;(this.rows as RowSink).row(full, h.pos)
    }
    this.held = null
  }

  private endTable(): void {
    const shape = this.shape as TableShape
    if (this.mode === 'discover') {
      this.decide(shape)
      this.found.push(shape)
    } else if (this.mode === 'emit' && this.tableOrdinal < this.emitFrom) {
      // Emitted by the walk before.
    } else {
      if (this.held) this.release()
      if (!this.rows) this.openRows(shape)
      ;(this.rows as RowSink).end()
      this.rows = null
    }
    this.shape = null
    this.tableDepth = -1
  }

  private openRows(shape: TableShape): void {
    const ordinal = this.tableOrdinal
    const columns = shape.columns
    const byIndex: Column[] = []
    for (const c of columns) {
      const i = shape.index.get(c.key)
      if (i !== undefined) byIndex[i] = c
    }
    const lines = this.lines
    const meta: TableMeta = {
      file: this.file,
      addressing: 'line',
      freshRows: true,
      path: shape.path,
      locate: (pos: number, col: number): ValuePlace => {
        const c = byIndex[col]
        const record = lines || pos === 0 ? undefined : pos - 1
        if (pos === 0 || !c) {
          const where = this.locator.find(ordinal, pos === 0 ? shape.first : pos - 1, [])
          return { line: where?.line, column: where?.column, record }
        }
        const where = this.locator.find(ordinal, pos - 1, c.segs)
        return { line: where?.line, column: where?.column, record, key: '/' + c.segs.map(escapeSeg).join('/') }
      }
    }
    this.rows = (this.sink as TableSink).table(meta)
    // The header: the union of the keys, as a first row (rows of values bring their own).
    if (!shape.arrays) this.rows.row(shape.labels, 0)
  }

  /** A scalar at `key` in the current record (`parentSegs` null: the record is the scalar). */
  private value(parentSegs: readonly string[] | null, seg: string, key: string, text: string): void {
    const i = this.slot(key, parentSegs, seg)
    if (i !== undefined && this.row) this.row[i] = text
  }

  /** Appends to the joined column of `frame`. */
  private cell(frame: Frame, text: string, append: boolean): void {
    const i = this.slot(frame.path, frame.segs, null)
    if (i === undefined || !this.row) return
    const prev = this.row[i] ?? ''
    const next = !append ? prev : prev === '' ? text : prev + ', ' + text
    if (next.length > MAX_VALUE_CHARS) throw tooLong()
    this.row[i] = next
  }

  /** Where column `key` (path `segs` + `last`) goes in the current row (undefined: nowhere). */
  private slot(key: string, segs: readonly string[] | null, last: string | null): number | undefined {
    const shape = this.shape as TableShape
    if (this.mode === 'discover' || this.held) return shape.seen.get(key) ?? addColumn(shape, key, pathOf(segs, last))
    const i = shape.index.get(key)
    if (i === undefined && this.mode === 'speculate' && !shape.seen.has(key)) {
      // A field the first records did not have (a feature's geometry does not count).
      if (!(shape.features && featureSegs(pathOf(segs, last)) === null)) throw new Respeculate(this.tableOrdinal)
    }
    return i
  }
}

const pathOf = (segs: readonly string[] | null, last: string | null): string[] =>
  segs === null ? [] : last === null ? [...segs] : [...segs, last]

function addColumn(shape: TableShape, key: string, segs: readonly string[]): number {
  shape.seen.set(key, shape.columns.length)
  if (shape.columns.length >= MAX_RECORD_COLUMNS) {
    throw new UnreadableError(
      safe`the records have more than ${MAX_RECORD_COLUMNS} different fields: not read as a table`,
      lit('split the records into smaller files or publish them as CSV')
    )
  }
  shape.columns.push({ key, segs: [...segs] })
  return shape.columns.length - 1
}

/** A feature's columns: its `properties` (without the prefix) and its `id`; not its geometry. */
function featureSegs(segs: readonly string[]): string[] | null {
  if (segs[0] === 'properties' && segs.length > 1) return segs.slice(1)
  if (segs[0] === 'id' && segs.length === 1) return ['id']
  return null
}

/** JSON Pointer escaping (RFC 6901). */
function escapeSeg(s: string): string {
  return s.indexOf('~') === -1 && s.indexOf('/') === -1 ? s : s.replace(/~/g, '~0').replace(/\//g, '~1')
}

const tooDeep = (): UnreadableError =>
  new UnreadableError(safe`nested deeper than ${MAX_DEPTH} levels`, lit('flatten the data, or publish it as CSV'))
const tooLong = (): UnreadableError =>
  new UnreadableError(safe`one value is longer than ${MAX_VALUE_CHARS} characters`, lit('publish the data as CSV, one value per cell'))

// ------------------------------------------------------------------ trees

/** A parsed document (YAML, TOML), small enough to hold: `at` is a packed line and column. */
export type TreeNode =
  | { t: 'map'; entries: Array<[string, TreeNode]>; at: number }
  | { t: 'seq'; items: TreeNode[]; at: number }
  | { t: 'val'; text: string | null; at: number }

const COL_BITS = 2 ** 21
export const packAt = (line: number, column: number): number => line * COL_BITS + Math.min(column, COL_BITS - 1)
export const unpackAt = (at: number): { line: number; column: number } => ({ line: Math.floor(at / COL_BITS), column: at % COL_BITS })

/** Events of a tree (iterative: deep documents do not exhaust the call stack). `onNode` sees each node before its events. */
function walkTree(root: TreeNode, ev: RecordEvents, onNode?: (n: TreeNode) => void): void {
  type Step = { n: TreeNode; i: number }
  const stack: Step[] = []
  const enter = (n: TreeNode): void => {
    onNode?.(n)
    if (n.t === 'val') {
      ev.scalar(n.text, n.at)
      return
    }
    ev.open(n.t === 'seq', n.at)
    stack.push({ n, i: 0 })
  }
  enter(root)
  while (stack.length) {
    const top = stack[stack.length - 1] as Step
    const n = top.n
    if (n.t === 'map' && top.i < n.entries.length) {
      const [k, v] = n.entries[top.i++] as [string, TreeNode]
      ev.key(k)
      enter(v)
    } else if (n.t === 'seq' && top.i < n.items.length) {
      enter(n.items[top.i++] as TreeNode)
    } else {
      stack.pop()
      ev.close()
    }
  }
}

/** Finds values in trees: each table's element nodes are kept during the second walk. */
class TreeLocator implements Locator {
  private readonly tables: TreeNode[][] = []
  private last: TreeNode | null = null

  entered(n: TreeNode): void {
    this.last = n
  }

  element(ordinal: number, index: number): void {
    if (this.last) (this.tables[ordinal] ??= [])[index] = this.last
  }

  find(ordinal: number, index: number, segs: readonly string[]): { line: number; column: number } | undefined {
    let n: TreeNode | undefined = this.tables[ordinal]?.[index]
    for (const s of segs) {
      if (!n || n.t === 'val') break
      n = n.t === 'map' ? n.entries.find(([k]) => k === s)?.[1] : n.items[Number(s)]
    }
    return n ? unpackAt(n.at) : undefined
  }
}

/** Reads the tables of parsed documents (each a root) into `sink`; returns how many. */
export function readTrees(file: string, roots: readonly TreeNode[], sink: TableSink): number {
  let tables = 0
  for (const root of roots) {
    const first = new RecordWalker(file, null, null, { find: () => undefined })
    walkTree(root, first)
    first.finish()
    if (first.found.length === 0) continue
    tables += first.found.length
    const locator = new TreeLocator()
    const second = new RecordWalker(file, first.found, sink, locator)
    walkTree(root, second, (n) => locator.entered(n))
    second.finish()
  }
  return tables
}
