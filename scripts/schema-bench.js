// Schema checks on a large CSV: the same file scanned without and with a Table
// Schema (every row typed and constrained, a unique column, a composite
// primary key). Exports the case for `npm run bench`; run alone with
//   node scripts/schema-bench.js [rows] [stats|person] [repeat]   (after npm run build)
// It prints median wall and CPU seconds, peak RSS of both runs and the overhead.
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = resolve(fileURLToPath(import.meta.url), '../..')
const CLI = join(REPO, 'dist/cli.js')

const FACILITIES = [
  'ADELANTO ICE PROCESSING CENTER',
  'PORT ISABEL SPC',
  'OTAY MESA DETENTION CENTER',
  'KROME NORTH SPC',
  'STEWART DETENTION CENTER'
]

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

export function statsRow(i) {
  const f = FACILITIES[i % FACILITIES.length]
  const month = `${2000 + (Math.floor(i / 5) % 25)}-${String(1 + (Math.floor(i / 125) % 12)).padStart(2, '0')}`
  const series = `SR-${String(Math.floor(i / 1500) % 10000).padStart(4, '0')}`
  const day = String(1 + (i % 28)).padStart(2, '0')
  return `${i + 1},${f},${month},2024-03-${day},${(i * 37) % 5000},${((i * 13) % 900) / 10},${series}`
}

/** Write the table (rows data rows) to path; resolves when flushed. */
export function writeStatsCsv(path, rows, schema = statsSchema, line = statsRow) {
  return new Promise((done, fail) => {
    const out = createWriteStream(path)
    out.on('error', fail)
    out.write(schema.fields.map((f) => f.name).join(',') + '\n')
    let i = 0
    const more = () => {
      let ok = true
      while (ok && i < rows) ok = out.write(line(i++) + '\n')
      if (i < rows) out.once('drain', more)
      else out.end(done)
    }
    more()
  })
}

const GIVEN = ['María José', 'Taras', 'Chidi', 'Aigerim', 'José Luis', 'Oksana', 'Kwame', 'Li', 'Fatoumata', 'Bohdan']
const FAMILY = ['Castillo Ruiz', 'Kovalenko', 'Nwosu', 'Nurmagambetova', 'García-Márquez', 'Shevchenko', 'Mensah', 'Wang', 'Diallo']
const COUNTRIES = ['HONDURAS', 'UKRAINE', 'NIGERIA', 'KAZAKHSTAN', 'MEXICO', 'GHANA', 'CHINA', 'GUINEA', 'VENEZUELA', 'TURKEY']

/** The bench's person-record table (invented people), and a schema of the same columns. */
export const personSchema = {
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true, unique: true } },
    { name: 'Full Name', type: 'string', constraints: { required: true, maxLength: 80 } },
    { name: 'Date of Birth', type: 'date', constraints: { minimum: '1900-01-01' } },
    { name: 'A-Number', type: 'string', constraints: { pattern: 'A[0-9]{9}' } },
    { name: 'SSN', type: 'string', constraints: { pattern: '[0-9]{3}-[0-9]{2}-[0-9]{4}' } },
    { name: 'Email', type: 'string', format: 'email' },
    { name: 'Country', type: 'string', constraints: { enum: COUNTRIES } }
  ],
  primaryKey: 'id'
}

export function personRow(i) {
  const pad = (n, w) => String(n).padStart(w, '0')
  const dob = `${1950 + ((i * 13) % 50)}-${pad(1 + ((i * 5) % 12), 2)}-${pad(1 + ((i * 11) % 28), 2)}`
  const name = `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7 + 3) % FAMILY.length]}`
  const ssn = `${100 + ((i * 37) % 660)}-${pad(10 + ((i * 17) % 89), 2)}-${pad(1000 + ((i * 131) % 8999), 4)}`
  return `${i + 1},${name},${dob},A${200000000 + ((i * 7919) % 99999999)},${ssn},p${i}@example.org,${COUNTRIES[i % COUNTRIES.length]}`
}

/** The policy for the two runs: detectors as by default; with or without the schema. */
export function statsPolicy(withSchema, schema = statsSchema) {
  return 'version: 1\ndatasets:\n  - name: stats\n    files: ["**/*.csv"]\n' + (withSchema ? `    schema: ${JSON.stringify(schema)}\n` : '')
}

/** Scan with the CLI; seconds and peak RSS (MB) from /usr/bin/time when present. */
export function timedScan(dir, file, policyFile) {
  const args = [CLI, 'scan', file, '--policy', policyFile, '--format', 'json']
  const t0 = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20 })
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const [rssKb, user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number)
  let report = null
  try {
    report = JSON.parse(r.stdout)
  } catch {
    throw new Error(`scan failed (${r.status}): ${r.stderr.slice(0, 500)}`)
  }
  return { seconds, cpuSeconds: user + sys, rssMb: rssKb / 1024, status: r.status, report }
}

/** case: 'stats' (a published statistics table) or 'person' (the bench's person-record table). */
export async function schemaBench(rows = 1_000_000, repeat = 3, which = 'stats') {
  const dir = mkdtempSync(join(tmpdir(), 'pg-schema-bench-'))
  const schema = which === 'person' ? personSchema : statsSchema
  try {
    await writeStatsCsv(join(dir, 'stats.csv'), rows, schema, which === 'person' ? personRow : statsRow)
    writeFileSync(join(dir, 'without.yml'), statsPolicy(false))
    writeFileSync(join(dir, 'with.yml'), statsPolicy(true, schema))
    // Alternate the two runs; keep the median of each (shared machines are noisy).
    const runs = { without: [], with: [] }
    for (let k = 0; k < repeat; k++) for (const p of ['without', 'with']) runs[p].push(timedScan(dir, 'stats.csv', `${p}.yml`))
    const median = (rs, key) => rs.map((r) => r[key]).sort((x, y) => x - y)[Math.floor(rs.length / 2)]
    const pick = (rs) => ({
      seconds: median(rs, 'seconds'),
      cpuSeconds: median(rs, 'cpuSeconds'),
      rssMb: Math.max(...rs.map((r) => r.rssMb)),
      report: rs[0].report
    })
    const without = pick(runs.without)
    const withSchema = pick(runs.with)
    const schemaFindings = withSchema.report.findings.filter((f) => f.kind.startsWith('schema/'))
    return {
      case: which,
      rows,
      withoutSeconds: without.seconds,
      withSeconds: withSchema.seconds,
      overheadPercent: (withSchema.seconds / without.seconds - 1) * 100,
      withoutCpuSeconds: without.cpuSeconds,
      withCpuSeconds: withSchema.cpuSeconds,
      cpuOverheadPercent: (withSchema.cpuSeconds / without.cpuSeconds - 1) * 100,
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
  const r = await schemaBench(rows, Number(process.argv[4] ?? 3), process.argv[3] ?? 'stats')
  console.log(JSON.stringify(r, null, 2))
}
