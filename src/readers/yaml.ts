// YAML documents (Jekyll `_data/*.yml`, Hugo `data/`, front matter) as
// trees for the records walker. Aliases are expanded, with a bound on the
// nodes they can make (an alias bomb is refused, not expanded).

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml'
import { UnreadableError } from '../errors.js'
import { lit, safe } from '../findings.js'
import { MAX_DEPTH, packAt, type TreeNode } from './records.js'

/** More nodes than this (after expanding aliases) is refused. */
const MAX_TREE_NODES = 2_000_000

/**
 * The documents of a YAML text as trees. `firstLine`: the line of the text's
 * first character in its file (front matter starts on line 2).
 */
export function yamlTrees(text: string, firstLine = 1): TreeNode[] {
  const counter = new LineCounter()
  const docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false })
  const list = Array.isArray(docs) ? docs : [docs]
  const budget: Budget = { nodes: 0, aliases: new Map() }
  const out: TreeNode[] = []
  for (const doc of list) {
    const err = doc.errors[0]
    if (err) {
      const line = counter.linePos(err.pos[0]).line + firstLine - 1
      throw new UnreadableError(
        safe`not valid YAML: reading stopped at line ${line}`,
        lit('repair the file (a YAML linter shows the error at that line), then commit it again')
      )
    }
    if (doc.contents === null) continue
    out.push(convert(doc.contents as YamlNode, doc, text, counter, firstLine, budget, 0))
  }
  return out
}

interface Budget {
  nodes: number
  /** Each alias's target, found once (finding it walks the document). */
  aliases: Map<YamlNode, YamlNode | undefined>
}

function convert(
  n: YamlNode,
  doc: Document,
  text: string,
  counter: LineCounter,
  firstLine: number,
  budget: Budget,
  depth: number
): TreeNode {
  if (++budget.nodes > MAX_TREE_NODES) {
    throw new UnreadableError(
      safe`more than ${MAX_TREE_NODES} values (after expanding aliases)`,
      lit('split the file, or publish the data as CSV')
    )
  }
  if (depth > MAX_DEPTH)
    throw new UnreadableError(safe`nested deeper than ${MAX_DEPTH} levels`, lit('flatten the data, or publish it as CSV'))
  const start = n.range?.[0] ?? 0
  const p = counter.linePos(start)
  const at = packAt(p.line + firstLine - 1, p.col)
  if (isAlias(n)) {
    let target = budget.aliases.get(n)
    if (!budget.aliases.has(n)) budget.aliases.set(n, (target = n.resolve(doc) as YamlNode | undefined))
    if (!target) return { t: 'val', text: null, at }
    return convert(target as YamlNode, doc, text, counter, firstLine, budget, depth + 1)
  }
  if (isMap(n)) {
    const entries: Array<[string, TreeNode]> = []
    for (const item of n.items) {
      if (!isPair(item)) continue
      const k = item.key
      const name = isScalar(k) ? String(k.value ?? '') : k === null ? '' : String(k)
      const v = item.value as YamlNode | null
      // `<<: *base` merges the base's entries.
      entries.push([name, v === null ? { t: 'val', text: null, at } : convert(v, doc, text, counter, firstLine, budget, depth + 1)])
    }
    return { t: 'map', entries, at }
  }
  if (isSeq(n)) {
    return {
      t: 'seq',
      items: n.items.map((v) =>
        v === null ? { t: 'val', text: null, at } : convert(v as YamlNode, doc, text, counter, firstLine, budget, depth + 1)
      ),
      at
    }
  }
  if (isScalar(n)) {
    const v = n.value
    if (v === null || v === undefined) return { t: 'val', text: null, at }
    if (typeof v === 'string') return { t: 'val', text: v, at }
    // Numbers, booleans, dates: as written (a leading zero or a `+` is kept).
    const src = n.range ? text.slice(n.range[0], n.range[1]).trim() : ''
    return { t: 'val', text: src || String(v), at }
  }
  return { t: 'val', text: null, at }
}
