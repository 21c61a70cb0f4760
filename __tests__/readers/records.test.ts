import { scanWithPolicy } from '../helpers/scan.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { parsePolicy } from '../../src/policy/load.js'
import type { Finding, Location, PiiFinding } from '../../src/findings.js'
import type { Policy } from '../../src/policy/types.js'
import { MAX_DOCUMENT_BYTES } from '../../src/readers/documents.js'
import { SPECULATE_RECORDS } from '../../src/readers/records.js'
import { iso, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()

async function scanOne(rel: string, policy: Policy = builtInPolicy()) {
  return scanWithPolicy({ policy, paths: [rel], root: dir.path })
}
const pii = (fs: Finding[], kind: string): PiiFinding | undefined => fs.find((f) => f.kind === kind) as PiiFinding | undefined

/** Line and character column (1-based) of the n-th occurrence of `needle` in `text`. */
function placeOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1)
  if (at === -1) throw new Error(`fixture lacks ${needle}`)
  const before = text.slice(0, at)
  return { line: before.split('\n').length, column: [...before.slice(before.lastIndexOf('\n') + 1)].length + 1 }
}

const people = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => {
    const p = person(i + from)
    return {
      name: `${p.given} ${p.family}`,
      contact: { email: p.email, phone: null },
      born: iso(p.dob),
      role: i % 2 ? 'staff' : 'volunteer'
    }
  })

const unreadable = (fs: Finding[]) => fs.find((f) => f.kind === 'file/unreadable')

describe('JSON records', () => {
  test('an array of records at any depth is a table; values are placed by line, character column and pointer', async () => {
    const rows = people(100)
    // Pretty-printed, with non-ASCII names before the emails (character columns, not bytes).
    const text = JSON.stringify({ site: { title: 'Lab' }, data: { staff: rows } }, null, 2) + '\n'
    dir.write('data/team.json', text)
    const r = await scanOne('data/team.json')
    expect(r.files[0]).toMatchObject({ status: 'scanned', format: 'json', tables: 1, rows: 100 })
    const email = pii(r.findings, 'pii/email')
    expect(email?.location.header).toBe('contact.email')
    expect(email?.count).toBe(100)
    // The first sample and one past the first checkpoints: found again by re-reading.
    const idx = [0, email!.samples.length - 1]
    for (const k of idx) {
      const s = email!.samples[k] as Location
      const n = Number(/^\/data\/staff\/(\d+)\/contact\/email$/.exec(s.pointer ?? '')?.[1])
      expect(Number.isInteger(n)).toBe(true)
      expect({ line: s.line, column: s.column }).toEqual(placeOf(text, JSON.stringify(rows[n]!.contact.email)))
    }
  })

  test('a place deep in a large minified array is exact (checkpoints on one long line)', async () => {
    const rows = people(300)
    const text = JSON.stringify(rows)
    dir.write('min.json', text)
    const r = await scanOne('min.json')
    const names = pii(r.findings, 'pii/person-name')
    expect(names).toBeDefined()
    for (const s of names!.samples) {
      const n = Number(/^\/(\d+)\/name$/.exec(s.pointer ?? '')?.[1])
      expect(s.line).toBe(1)
      expect(s.column).toBe(placeOf(text, JSON.stringify(rows[n]!.name), 0).column)
    }
  })

  test('the union of keys is the header: a key first seen in a late record is a column', async () => {
    const rows: Array<Record<string, string>> = people(40).map((p) => ({ name: p.name, role: p.role }))
    const late = person(77)
    rows[35]!.email = late.email
    dir.write('late.json', JSON.stringify(rows, null, 1))
    const r = await scanOne(
      'late.json',
      parsePolicy('version: 1\ndatasets:\n  - name: team\n    files: ["late.json"]\n    columns:\n      deny: [email]\n', 'p.yml')
    )
    const denied = r.findings.find((f) => f.kind === 'policy/column-denied')
    expect(denied?.location.header).toBe('email')
  })

  test('a field first seen after the records read ahead: the table is read again, every table once', async () => {
    const first = people(3).map((p) => ({ name: p.name, role: p.role }))
    const rows: Array<Record<string, string>> = people(SPECULATE_RECORDS + 100).map((p) => ({ role: p.role }))
    const late = person(5000)
    rows[SPECULATE_RECORDS + 50]!.email = late.email
    const text = JSON.stringify({ board: first, staff: rows }, null, 1)
    dir.write('later.json', text)
    const r = await scanOne(
      'later.json',
      parsePolicy('version: 1\ndatasets:\n  - name: t\n    files: ["later.json"]\n    columns:\n      deny: [email]\n', 'p.yml')
    )
    expect(r.files[0]).toMatchObject({ status: 'scanned', tables: 2, rows: 3 + SPECULATE_RECORDS + 100 })
    const denied = r.findings.filter((f) => f.kind === 'policy/column-denied')
    expect(denied.map((f) => f.location.header)).toEqual(['email'])
    expect(denied[0]?.location.pointer).toBe('/staff')
  })

  test('the allowlist matches a records column by its dotted header', async () => {
    dir.write('press.json', JSON.stringify({ press: people(20) }, null, 2))
    const policy = parsePolicy(
      'version: 1\nsalt: test-salt\nallow:\n  - columns: ["contact.email"]\n    files: ["press.json"]\n    kinds: [pii/email]\n    reason: "press contacts, published on purpose"\n',
      'p.yml'
    )
    const r = await scanOne('press.json', policy)
    expect(pii(r.findings, 'pii/email')?.allowed?.reason).toBe('press contacts, published on purpose')
    expect(pii(r.findings, 'pii/person-name')?.allowed).toBeUndefined()
  })

  test('GeoJSON: each feature’s properties is a row, the geometry is not read as columns', async () => {
    const features = people(12).map((p, i) => ({
      type: 'Feature',
      id: i,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [i, 1],
            [2, 3],
            [4, 5],
            [i, 1]
          ]
        ]
      },
      properties: { owner_name: p.name, email: p.contact.email }
    }))
    const text = JSON.stringify({ type: 'FeatureCollection', features }, null, 2)
    dir.write('parcels.geojson', text)
    const r = await scanOne('parcels.geojson')
    expect(r.files[0]).toMatchObject({ format: 'geojson', tables: 1, rows: 12 })
    const email = pii(r.findings, 'pii/email')
    expect(email?.location.header).toBe('email')
    expect(email?.samples[3]?.pointer).toBe('/features/3/properties/email')
    expect(email?.samples[3]?.line).toBe(placeOf(text, JSON.stringify(features[3]!.properties.email)).line)
  })

  test('NDJSON: one record a line, blank lines kept in the count', async () => {
    const rows = people(30)
    const lines = rows.map((p) => JSON.stringify(p))
    lines.splice(10, 0, '')
    const text = lines.join('\n') + '\n'
    dir.write('export.ndjson', text)
    const r = await scanOne('export.ndjson')
    expect(r.files[0]).toMatchObject({ format: 'ndjson', tables: 1, rows: 30 })
    const email = pii(r.findings, 'pii/email')
    const last = email!.samples[email!.samples.length - 1] as Location
    expect(last.pointer).toBe('/contact/email')
    const n = lines.findIndex((_l, i) => i + 1 === last.line)
    expect(n).toBeGreaterThan(10)
    expect(last.column).toBe(placeOf(lines[n]!, JSON.stringify(JSON.parse(lines[n]!).contact.email)).column)
  })

  test('rows as arrays (a spreadsheet export) are a table: the first row its header, each value at its place', async () => {
    const list = people(12)
    const rows = [['Name', 'Email', 'Date of Birth'], ...list.map((p) => [p.name, p.contact.email, p.born])]
    const text = JSON.stringify({ range: 'Sheet1!A1:C13', majorDimension: 'ROWS', values: rows }, null, 2)
    dir.write('sheet-values.json', text)
    const r = await scanOne('sheet-values.json')
    expect(r.files[0]).toMatchObject({ format: 'json', tables: 1 })
    const email = pii(r.findings, 'pii/email')
    expect(email?.location).toMatchObject({ header: 'Email' })
    expect(email?.samples[0]).toMatchObject({ ...placeOf(text, JSON.stringify(list[0]!.contact.email)), pointer: '/values/1/1' })
    expect(pii(r.findings, 'pii/date-of-birth')).toBeDefined()
    // The same rows in YAML, and an array of arrays of containers is still not a table.
    dir.write('rows.yml', `rows:\n${rows.map((row) => `  - [${row.map((v) => JSON.stringify(v)).join(', ')}]`).join('\n')}\n`)
    expect(pii((await scanOne('rows.yml')).findings, 'pii/email')).toBeDefined()
    dir.write('nested.json', JSON.stringify([[{ name: 'Park', area: 12 }], [{ name: 'Lake', area: 3 }]]))
    expect((await scanOne('nested.json')).findings).toEqual([])
  })

  test('configuration with no array of records holds no table and passes', async () => {
    dir.write(
      'cfg/tsconfig.json',
      JSON.stringify({ compilerOptions: { strict: true, paths: { '@/*': ['src/*'] } }, include: ['src'] }, null, 2)
    )
    dir.write(
      'cfg/package.json',
      JSON.stringify(
        { name: 'site', author: { name: 'Maria Castillo Ruiz', email: 'maria@example.org' }, scripts: { build: 'jekyll build' } },
        null,
        2
      )
    )
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['cfg'], root: dir.path })
    expect(r.files.map((f) => [f.path, f.status, f.tables])).toEqual([
      ['cfg/package.json', 'scanned', 0],
      ['cfg/tsconfig.json', 'scanned', 0]
    ])
    expect(r.findings).toEqual([])
  })

  test('a key that is itself a value is never shown, not even in a pointer', async () => {
    const rows = people(20).map((p) => ({ [p.contact.email]: p.name }))
    dir.write('keys.json', JSON.stringify([{ 'maria.castillo@example.org': 'x', 'taras.k@example.org': 'y' }, ...rows.slice(0, 3)]))
    // Records kept under a person's email: the table's path hides that key.
    dir.write('by-person.json', JSON.stringify({ 'amara.sesay@example.org': people(10) }))
    const byPerson = await scanOne('by-person.json')
    expect(pii(byPerson.findings, 'pii/email')?.samples[0]?.pointer).toBe('/*/0/contact/email')
    expect(JSON.stringify(byPerson)).not.toContain('amara.sesay')
    const r = await scanOne('keys.json')
    // The keys are read as data (they are not a header): placed at the table, at its first record.
    expect(pii(r.findings, 'pii/email')?.samples[0]).toMatchObject({ pointer: '', line: 1, column: 2 })
    const out = JSON.stringify(r)
    expect(out).not.toContain('@example.org')
  })

  test.each([
    ['truncated.json', '{"staff": [\n  {"name": "x"},\n  {"name": ', 3, 'ends early'],
    ['bad.json', '[\n {"a": 1},\n {"a": 2,, "b": 3}\n]', 3, 'not valid JSON'],
    ['two.json', '{"a": 1}\n{"a": 2}\n', 2, 'not valid JSON'],
    ['bad.ndjson', '{"a": 1}\n{"a": 2\n{"a": 3}\n', 3, 'not valid JSON']
  ])('malformed %s blocks as unreadable with the line where reading stopped', async (name, text, line, what) => {
    dir.write(name, text)
    const r = await scanOne(name)
    const u = unreadable(r.findings)
    expect(u?.severity).toBe('error')
    expect(u?.message).toContain(what)
    expect(u?.message).toContain(`line ${line}`)
  })

  test('nesting past the depth limit blocks instead of growing the stack', async () => {
    dir.write('deep.json', '['.repeat(5000) + ']'.repeat(5000))
    expect(unreadable((await scanOne('deep.json')).findings)?.message).toContain('nested deeper than')
    // YAML: its parser refuses this itself; either way the file blocks.
    dir.write('deep.yml', '- '.repeat(1500) + 'x\n')
    expect(unreadable((await scanOne('deep.yml')).findings)?.severity).toBe('error')
  })

  test('invalid UTF-8 blocks', async () => {
    dir.write('latin1.json', Buffer.concat([Buffer.from('[{"name": "Jos'), Buffer.from([0xe9]), Buffer.from('"}]')]))
    const r = await scanOne('latin1.json')
    expect(unreadable(r.findings)?.message).toContain('UTF-8')
  })
})

describe('YAML and TOML records', () => {
  test('a Jekyll _data list of people blocks at the exact lines, nested keys as dotted columns', async () => {
    const rows = people(6)
    const text =
      '# The team page reads this\n' +
      rows.map((p) => `- name: ${p.name}\n  role: ${p.role}\n  contact:\n    email: ${p.contact.email}\n  born: ${p.born}\n`).join('')
    dir.write('_data/staff.yml', text)
    const r = await scanOne('_data/staff.yml')
    expect(r.files[0]).toMatchObject({ format: 'yaml', tables: 1, rows: 6 })
    const email = pii(r.findings, 'pii/email')
    expect(email?.location.header).toBe('contact.email')
    expect(email?.samples.map((s) => s.line)).toEqual(rows.map((p) => placeOf(text, p.contact.email).line))
    expect(email?.samples[2]).toMatchObject({ pointer: '/2/contact/email', column: 12 })
    expect(pii(r.findings, 'pii/date-of-birth')?.samples[0]?.line).toBe(placeOf(text, rows[0]!.born).line)
  })

  test('navigation menus and site configuration pass', async () => {
    dir.write(
      'site/_data/navigation.yml',
      'main:\n  - title: Home\n    url: /\n  - title: Team\n    url: /team/\n  - title: Contact\n    url: /contact/\n'
    )
    dir.write(
      'site/_config.yml',
      'title: Lab\nemail: contact@lab.example.org\nauthor:\n  name: Maria Castillo Ruiz\nplugins:\n  - jekyll-feed\ndefaults:\n  - scope:\n      path: ""\n    values:\n      layout: default\n'
    )
    dir.write(
      'site/config.toml',
      'baseURL = "https://example.org/"\ntitle = "Lab"\n[params]\nauthor = "Maria Castillo Ruiz"\n[[menu.main]]\nname = "Team"\nurl = "/team/"\nweight = 1\n'
    )
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['site'], root: dir.path })
    expect(r.files.every((f) => f.status === 'scanned')).toBe(true)
    expect(r.findings).toEqual([])
  })

  test('TOML arrays of tables are tables', async () => {
    const rows = people(5)
    const text = 'title = "Team"\n\n' + rows.map((p) => `[[member]]\nname = "${p.name}"\nemail = "${p.contact.email}"\n`).join('\n')
    dir.write('data/team.toml', text)
    const r = await scanOne('data/team.toml')
    expect(r.files[0]).toMatchObject({ format: 'toml', tables: 1, rows: 5 })
    const email = pii(r.findings, 'pii/email')
    expect(email?.samples[4]).toMatchObject({ pointer: '/member/4/email', ...placeOf(text, `"${rows[4]!.contact.email}"`) })
  })

  test.each([
    ['broken.yml', 'staff:\n  - name: a\n    email: [b\n  - name: c\n', 'YAML'],
    ['broken.toml', 'a = 1\nb = \n[c]\n', 'TOML']
  ])('malformed %s blocks as unreadable with a line', async (name, text, what) => {
    dir.write(name, text)
    const r = await scanOne(name)
    expect(unreadable(r.findings)?.message).toMatch(new RegExp(`not valid ${what}: reading stopped at line \\d+`))
  })

  test('a YAML file past the size cap is refused, not loaded whole', async () => {
    const line = '- note: ' + 'x'.repeat(200) + '\n'
    dir.write('huge.yml', line.repeat(Math.ceil((MAX_DOCUMENT_BYTES + 1) / line.length)))
    const r = await scanOne('huge.yml')
    expect(unreadable(r.findings)?.message).toContain('read whole')
  })

  test('an alias bomb is refused', async () => {
    let text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    let prev = 'a'
    for (const n of 'bcdefghi') {
      text += `${n}: &${n} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]\n`
      prev = n
    }
    dir.write('bomb.yml', text)
    const r = await scanOne('bomb.yml')
    expect(unreadable(r.findings)?.message).toContain('aliases')
  })
})
