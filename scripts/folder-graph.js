#!/usr/bin/env node
// The folder graph of src/: which top-level folder (or root module) imports
// which, from dependency-cruiser's analysis of the sources (type-only imports
// included). Prints one line per folder; exits 1 when the graph has a cycle,
// naming it. Run by .ci/run; `--json` prints the graph as JSON.
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

/** `src/readers/xlsx/sheet.ts` -> `readers`; `src/scan.ts` -> `scan.ts`. */
const unit = (path) => {
  const m = /^src\/([^/]+)(\/)?/.exec(path)
  return m ? m[1] : null
}
const graph = new Map()
for (const mod of result.output.modules) {
  const from = unit(mod.source)
  if (!from) continue
  if (!graph.has(from)) graph.set(from, new Set())
  for (const dep of mod.dependencies) {
    const to = unit(dep.resolved)
    if (to && to !== from) graph.get(from).add(to)
  }
}

/** Every elementary cycle would be many; one cycle per strongly connected component says enough. */
function cycles() {
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

const sorted = [...graph.keys()].sort()
if (process.argv.includes('--json')) {
  process.stdout.write(JSON.stringify(Object.fromEntries(sorted.map((k) => [k, [...graph.get(k)].sort()])), null, 2) + '\n')
} else {
  for (const k of sorted) process.stdout.write(`${k} -> ${[...graph.get(k)].sort().join(', ') || '(nothing)'}\n`)
}
const found = cycles()
for (const c of found) process.stderr.write(`folder cycle: ${c.join(' <-> ')}\n`)
process.exit(found.length ? 1 : 0)
