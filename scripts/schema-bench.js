// Schema checks on a large CSV: the same file scanned without and with a Table
// Schema (every row typed and constrained, a unique column, a composite
// primary key). Exports the case for `npm run bench`; run alone with
//   node scripts/schema-bench.js [rows]   (after npm run build)
// It prints seconds and peak RSS of both runs and the overhead.
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = resolve(fileURLToPath(import.meta.url), '../..')
const CLI = join(REPO, 'dist/cli.js')

const FACILITIES = ['ADELANTO ICE PROCESSING CENTER', 'PORT ISABEL SPC', 'OTAY MESA DETENTION CENTER', 'KROME NORTH SPC', 'STEWART DETENTION CENTER']

/** A website's published statistics table: one row per facility, month and (synthetic) series. */
export const statsSchema = {
  fields: [
    { name: 'Row', type: 'integer', constraints: { required: true, unique: true, minimum: 1 } },
    { name: 'Facility', type: 'string', constraints: { required: true, enum: FACILITIES } },
    { name: 'Month', type: 'yearmonth', constraints: { required: true } },
    { name: 'Published', type: 'date' },
    { name: 'Book-ins', type: 'integer', constraints: { minimum: 0 } },
    { name: 'Average Length of Stay', type: 'number', constraints: { minimum: 0 } },
    { name: 'Series', type: 'string', constraints: { pattern: '[A-Z]{2}-[0-9]{4}' } }
  ],
  primaryKey: ['Facility', 'Month', 'Series'],
  missingValues: ['', 'NA']
}

/** Write the table (rows data rows) to path; resolves when flushed. */
export function writeStatsCsv(path, rows) {
  return new Promise((done, fail) => {
    const out = createWriteStream(path)
    out.on('error', fail)
    out.write(statsSchema.fields.map((f) => f.name).join(',') + '\n')
    let i = 0
    const more = () => {
      let ok = true
      while (ok && i < rows) {
        const f = FACILITIES[i % FACILITIES.length]
        const month = `${2000 + (Math.floor(i / 5) % 25)}-${String(1 + (Math.floor(i / 125) % 12)).padStart(2, '0')}`
        const series = `SR-${String(Math.floor(i / 1500) % 10000).padStart(4, '0')}`
        const day = String(1 + (i % 28)).padStart(2, '0')
        ok = out.write(`${i + 1},${f},${month},2024-03-${day},${(i * 37) % 5000},${((i * 13) % 900) / 10},${series}\n`)
        i++
      }
      if (i < rows) out.once('drain', more)
      else out.end(done)
    }
    more()
  })
}

/** The policy for the two runs: detectors as by default; with or without the schema. */
export function statsPolicy(withSchema) {
  return (
    'version: 1\ndatasets:\n  - name: stats\n    files: ["**/*.csv"]\n' +
    (withSchema ? `    schema: ${JSON.stringify(statsSchema)}\n` : '')
  )
}

/** Scan with the CLI; seconds and peak RSS (MB) from /usr/bin/time when present. */
export function timedScan(dir, file, policyFile) {
  const args = [CLI, 'scan', file, '--policy', policyFile, '--format', 'json']
  const t0 = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20 })
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const rssKb = Number(r.stderr.trim().split('\n').pop())
  let report = null
  try {
    report = JSON.parse(r.stdout)
  } catch {
    throw new Error(`scan failed (${r.status}): ${r.stderr.slice(0, 500)}`)
  }
  return { seconds, rssMb: rssKb / 1024, status: r.status, report }
}

export async function schemaBench(rows = 1_000_000, repeat = 3) {
  const dir = mkdtempSync(join(tmpdir(), 'pg-schema-bench-'))
  try {
    await writeStatsCsv(join(dir, 'stats.csv'), rows)
    writeFileSync(join(dir, 'without.yml'), statsPolicy(false))
    writeFileSync(join(dir, 'with.yml'), statsPolicy(true))
    const best = (policy) => {
      let b = null
      for (let k = 0; k < repeat; k++) {
        const r = timedScan(dir, 'stats.csv', policy)
        if (!b || r.seconds < b.seconds) b = { ...r, rssMb: Math.max(r.rssMb, b?.rssMb ?? 0) }
      }
      return b
    }
    const without = best('without.yml')
    const withSchema = best('with.yml')
    const schemaFindings = withSchema.report.findings.filter((f) => f.kind.startsWith('schema/'))
    return {
      rows,
      withoutSeconds: without.seconds,
      withSeconds: withSchema.seconds,
      overheadPercent: (withSchema.seconds / without.seconds - 1) * 100,
      withoutRssMb: without.rssMb,
      withRssMb: withSchema.rssMb,
      schemaFindings: schemaFindings.length
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 1_000_000)
  const r = await schemaBench(rows)
  console.log(JSON.stringify(r, null, 2))
}
