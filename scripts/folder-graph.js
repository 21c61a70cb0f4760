#!/usr/bin/env node
// The folder graph of src/: which top-level folder (or root module) imports
// which, from dependency-cruiser's analysis of the sources (type-only imports
// included); and the same one level down for every folder of src/ that has
// folders of its own (src/readers: readers/xlsx, readers/ods,
// readers/package, readers/index.ts ...). Prints one line per folder; exits 1
// when a graph has a cycle, naming it. Run by .ci/run; `--json` prints the
// graphs as JSON.
import { cruise } from 'dependency-cruiser'

const result = await cruise(['src'], {
  doNotFollow: { path: 'node_modules' },
  tsPreCompilationDeps: true,
  exclude: { path: '\\.generated\\.ts$' }
})
if (result.exitCode !== 0 && !result.output) {
  process.stderr.write('folder-graph: dependency-cruiser failed\n')
  process.exit(2)
}

/**
 * The child of folder `dir` of src/ ('' for src/ itself) that `path` lies in,
 * named from src/: for '', `src/readers/xlsx/sheet.ts` -> `readers` and
 * `src/scan.ts` -> `scan.ts`; for 'readers', the same path -> `readers/xlsx`.
 * Null outside `dir`.
 */
const childOf = (dir, path) => {
  const base = dir ? `src/${dir}/` : 'src/'
  if (!path.startsWith(base)) return null
  const rest = path.slice(base.length)
  const i = rest.indexOf('/')
  return (dir ? dir + '/' : '') + (i === -1 ? rest : rest.slice(0, i))
}
/** src/ and every folder of it that has folders of its own. */
const dirs = new Set([''])
for (const mod of result.output.modules) {
  const segs = /^src\/(.*)\/[^/]+$/.exec(mod.source)?.[1].split('/') ?? []
  for (let k = 1; k < segs.length; k++) dirs.add(segs.slice(0, k).join('/'))
}
/** Which child of `dir` imports which (imports leaving `dir` are left out). */
function graphOf(dir) {
  const graph = new Map()
  for (const mod of result.output.modules) {
    const from = childOf(dir, mod.source)
    if (!from) continue
    if (!graph.has(from)) graph.set(from, new Set())
    for (const dep of mod.dependencies) {
      const to = childOf(dir, dep.resolved)
      if (to && to !== from) graph.get(from).add(to)
    }
  }
  return graph
}

/** Every elementary cycle would be many; one cycle per strongly connected component says enough. */
function cycles(graph) {
  const index = new Map()
  const low = new Map()
  const stack = []
  const on = new Set()
  const out = []
  let i = 0
  const visit = (v) => {
    index.set(v, i)
    low.set(v, i++)
    stack.push(v)
    on.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v), low.get(w)))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)))
    }
    if (low.get(v) === index.get(v)) {
      const comp = []
      let w
      do {
        w = stack.pop()
        on.delete(w)
        comp.push(w)
      } while (w !== v)
      if (comp.length > 1) out.push(comp.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v)
  return out
}

const graphs = [...dirs].sort().map(graphOf)
const all = new Map(graphs.flatMap((g) => [...g]))
const sorted = [...all.keys()].sort((x, y) => (x.includes('/') === y.includes('/') ? (x < y ? -1 : 1) : x.includes('/') ? 1 : -1))
if (process.argv.includes('--json')) {
  process.stdout.write(JSON.stringify(Object.fromEntries(sorted.map((k) => [k, [...all.get(k)].sort()])), null, 2) + '\n')
} else {
  for (const k of sorted) process.stdout.write(`${k} -> ${[...all.get(k)].sort().join(', ') || '(nothing)'}\n`)
}
const found = graphs.flatMap(cycles)
for (const c of found) process.stderr.write(`folder cycle: ${c.join(' <-> ')}\n`)
process.exit(found.length ? 1 : 0)
