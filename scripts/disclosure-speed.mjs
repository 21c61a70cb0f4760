// Ad-hoc timing of the disclosure checks (not part of npm test; the bench owns the official numbers).
// Usage: node scripts/disclosure-speed.mjs   (bundles src/ with esbuild into a temp dir first)
import { build } from 'esbuild'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'pg-speed-'))
const entry = join(dir, 'entry.ts')
const src = new URL('../src/', import.meta.url).pathname
writeFileSync(
  entry,
  `export { scan } from '${src}scan.ts'
export { parsePolicy } from '${src}policy/load.ts'
export { findRecoverable } from '${src}disclosure/secondary.ts'
export { syntheticCrossTab, syntheticCrossTabCsv } from '${new URL('../__tests__/helpers/synthetic.ts', import.meta.url).pathname}'
`
)
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: join(dir, 'b.mjs'),
  logLevel: 'error',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }
})
const m = await import(join(dir, 'b.mjs'))

/** Findings by kind: number of findings and the sum of their counts. */
const summary = (r) => {
  const by = new Map()
  for (const f of r.findings) {
    if (!f.kind.startsWith('disclosure/')) continue
    const [n, c] = by.get(f.kind) ?? [0, 0]
    by.set(f.kind, [n + 1, c + (f.count ?? 0)])
  }
  return ' (' + [...by].map(([k, [n, c]]) => `${k}: ${n} finding(s), count ${c}`).join('; ') + ')'
}
const ms = (t) => `${(performance.now() - t).toFixed(0)} ms`
const policy = (d) => m.parsePolicy(`version: 1\ndatasets:\n  - name: t\n    files: ["**/*.csv"]\n    disclosure:\n${d}`, 'p.yml')

for (const [rows, cols, opts] of [
  [100, 100, {}],
  [1000, 1000, {}],
  [1000, 1000, { share: 0.001 }],
  [1000, 1000, { share: 0.01 }]
]) {
  console.log(`${rows}x${cols} ${JSON.stringify(opts)}`)
  const t = m.syntheticCrossTab(rows, cols, { seed: 1, ...opts })
  let t0 = performance.now()
  const res = m.findRecoverable(t)
  console.log(
    `  solver: ${ms(t0)}; exposed ${res.exposed.length}, plan ${res.suggest.length}, unprotected ${res.unprotected}, ${res.structure}`
  )
  t0 = performance.now()
  const g = m.findRecoverable(t, { general: true })
  console.log(`  general solver: ${ms(t0)}; exposed ${g.exposed.length}, unverified ${g.unverified}`)
  writeFileSync(join(dir, 'x.csv'), m.syntheticCrossTabCsv(rows, cols, { seed: 1, ...opts }))
  await compare('  scan', 'x.csv', '      min-count: 10\n')
}

/** Scan one file without a policy, then with a disclosure block, and print both times (best of three). */
async function compare(label, file, disclosure) {
  for (const [name, d] of [
    ['no disclosure', null],
    [
      disclosure
        .trim()
        .split('\n')
        .map((l) => l.trim())
        .join(' '),
      disclosure
    ]
  ]) {
    const p = d ? policy(d) : m.parsePolicy('version: 1\n', 'p.yml')
    // Best of three: this machine is shared, wall times are noisy.
    let best = Infinity
    let r
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      r = await m.scan({ policy: p, paths: [file], root: dir })
      best = Math.min(best, performance.now() - t0)
    }
    console.log(`${label}, ${name}: ${best.toFixed(0)} ms (best of 3)${summary(r)}`)
  }
}

// Subtotals inside a grand total (the equations solver): regions x facilities x 12 months, 10 % suppressed.
{
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  let seed = 7
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const lines = [['Region', 'Facility', ...months, 'Total'].join(',')]
  const grand = new Array(13).fill(0)
  for (let g = 0; g < 50; g++) {
    const sub = new Array(13).fill(0)
    for (let f = 0; f < 20; f++) {
      const v = months.map(() => 1 + Math.floor(next() * 200))
      const tot = v.reduce((a, b) => a + b, 0)
      v.forEach((x, i) => (sub[i] += x))
      sub[12] += tot
      lines.push([`R${g}`, `F${g}-${f}`, ...v.map((x) => (next() < 0.1 ? '*' : x)), tot].join(','))
    }
    sub.forEach((x, i) => (grand[i] += x))
    lines.push([`R${g}`, 'Total', ...sub].join(','))
  }
  lines.push(['Grand total', '', ...grand].join(','))
  writeFileSync(join(dir, 'regions.csv'), lines.join('\n') + '\n')
  await compare('regions 50 x 20 facilities x 12 months', 'regions.csv', '      min-count: 10\n')
}

// Linear checks: primary on a long table and k-anonymity on a record table, 1M rows.
{
  const N = 1_000_000
  const parts = ['Facility,Citizenship,Detained\n']
  for (let i = 0; i < N; i++) parts.push(`F${i % 500},C${i % 97},${(i * 7919) % 400}\n`)
  writeFileSync(join(dir, 'long.csv'), parts.join(''))
  await compare('long 1M rows', 'long.csv', '      min-count: 10\n      count-columns: [Detained]\n')
  const rec = ['Age,Sex,Nationality,Facility\n']
  for (let i = 0; i < N; i++) rec.push(`${20 + (i % 50)},${i % 2 ? 'M' : 'F'},C${(i * 31) % 97},F${(i * 17) % 200}\n`)
  writeFileSync(join(dir, 'rec.csv'), rec.join(''))
  await compare('records 1M rows', 'rec.csv', '      quasi-identifiers: [Age, Sex, Nationality, Facility]\n      k: 5\n')
}
rmSync(dir, { recursive: true, force: true })
