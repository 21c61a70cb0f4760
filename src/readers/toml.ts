// TOML (Hugo `data/*.toml`, `[[staff]]` arrays of tables) as a tree for the
// records walker, from a parser that keeps every value's place.

import { parseTOML, type AST } from 'toml-eslint-parser'
import { UnreadableError } from '../errors.js'
import { lit, safe } from '../findings.js'
import { packAt, type TreeNode } from './records.js'

type MapNode = Extract<TreeNode, { t: 'map' }>
type SeqNode = Extract<TreeNode, { t: 'seq' }>

/** The tree of a TOML text; `firstLine`: the line of its first character in the file (front matter). */
export function tomlTree(text: string, firstLine = 1): TreeNode {
  const shift = firstLine - 1
  let ast: AST.TOMLProgram
  try {
    ast = parseTOML(text)
  } catch (e) {
    const line = (typeof (e as { lineNumber?: unknown }).lineNumber === 'number' ? (e as { lineNumber: number }).lineNumber : 1) + shift
    throw new UnreadableError(
      safe`not valid TOML: reading stopped at line ${line}`,
      lit('repair the file (a TOML linter shows the error at that line), then commit it again')
    )
  }
  const root: MapNode = { t: 'map', entries: [], at: packAt(firstLine, 1) }
  const at = (l: { line: number; column: number }): number => packAt(l.line + shift, l.column + 1)
  const top = ast.body[0]
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      assign(root, item, at)
      continue
    }
    const here = at(item.loc.start)
    let node = root as TreeNode
    item.resolvedKey.forEach((seg, i) => {
      const last = i === item.resolvedKey.length - 1
      if (typeof seg === 'number') {
        const seq = node as SeqNode
        node = seq.items[seg] ??= { t: 'map', entries: [], at: here }
        return
      }
      const map = node as MapNode
      let child = map.entries.find(([k]) => k === seg)?.[1]
      if (!child) {
        const next = item.resolvedKey[i + 1]
        child =
          typeof next === 'number' || (last && item.kind === 'array')
            ? { t: 'seq', items: [], at: here }
            : { t: 'map', entries: [], at: here }
        map.entries.push([seg, child])
      }
      node = child
    })
    if (node.t === 'seq') {
      const fresh: MapNode = { t: 'map', entries: [], at: here }
      node.items.push(fresh)
      node = fresh
    }
    for (const kv of item.body) assign(node as MapNode, kv, at)
  }
  return root
}

/** `a.b.c = value` into `map`. */
function assign(map: MapNode, kv: AST.TOMLKeyValue, at: (l: { line: number; column: number }) => number): void {
  const keys = kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value))
  let node: MapNode = map
  for (const k of keys.slice(0, -1)) {
    let child = node.entries.find(([name]) => name === k)?.[1]
    if (!child || child.t !== 'map') {
      child = { t: 'map', entries: [], at: at(kv.loc.start) }
      node.entries.push([k, child])
    }
    node = child
  }
  node.entries.push([keys[keys.length - 1] as string, value(kv.value, at)])
}

function value(v: AST.TOMLContentNode, place: (l: { line: number; column: number }) => number): TreeNode {
  const at = place(v.loc.start)
  switch (v.type) {
    case 'TOMLArray':
      return { t: 'seq', items: v.elements.map((e) => value(e, place)), at }
    case 'TOMLInlineTable': {
      const m: MapNode = { t: 'map', entries: [], at }
      for (const kv of v.body) assign(m, kv, place)
      return m
    }
    default:
      switch (v.kind) {
        case 'string':
          return { t: 'val', text: v.value, at }
        case 'integer':
        case 'float':
          return { t: 'val', text: v.number, at }
        case 'boolean':
          return { t: 'val', text: String(v.value), at }
        default:
          return { t: 'val', text: v.datetime, at }
      }
  }
}
