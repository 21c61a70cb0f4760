import { scanWithPolicy } from '../helpers/scan.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import type { Finding, PiiFinding } from '../../src/findings.js'
import { csv, person, us, eu, iso } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()

async function scanOne(rel: string) {
  return scanWithPolicy({ policy: builtInPolicy(), paths: [rel], root: dir.path })
}
/** A header and 30 people: name, date of birth (dd.mm.yyyy), email. */
function spanishPeople(): string[][] {
  const rows: string[][] = [['Nombre', 'Fecha de nacimiento', 'Correo']]
  for (let i = 0; i < 30; i++) {
    const p = person(i)
    rows.push([`${p.given} ${p.family}`, eu(p.dob), p.email])
  }
  return rows
}
const pii = (fs: Finding[], kind: string): PiiFinding | undefined => fs.find((f) => f.kind === kind) as PiiFinding | undefined

describe('CSV reader', () => {
  test('exact physical lines when quoted fields span lines', async () => {
    const text = 'Notes,Email\n' + '"first line\nsecond line\nthird",a\n' + 'plain,b\n' + '"x\r\ny",maria.castillo@correo.hn\n'
    dir.write('multi.csv', text)
    const r = await scanOne('multi.csv')
    const email = pii(r.findings, 'pii/email')
    expect(email?.samples.map((s) => s.line)).toEqual([6])
    expect(email?.samples[0]?.column).toBe(2)
  })

  test.each([
    [',', 'comma.csv'],
    [';', 'semicolon.csv'],
    ['\t', 'tab.tsv'],
    ['|', 'pipe.csv']
  ])('delimiter %j is detected', async (delim, name) => {
    dir.write(name, csv(spanishPeople(), delim))
    const r = await scanOne(name)
    expect(r.files[0]?.status).toBe('scanned')
    expect(pii(r.findings, 'pii/email')?.count).toBe(30)
    expect(pii(r.findings, 'pii/email')?.location.column).toBe(3)
    expect(pii(r.findings, 'pii/person-name')?.count).toBe(30)
    expect(pii(r.findings, 'pii/date-of-birth')?.count).toBe(30)
  })

  test.each([
    ['~', 'tilde.csv'],
    ['^', 'caret.csv'],
    [':', 'colon.txt.csv'],
    ['\x1f', 'unit-separator.csv'],
    ['\u00a6', 'broken-bar.csv']
  ])('any single-byte delimiter is detected: %j', async (delim, name) => {
    dir.write(
      name,
      spanishPeople()
        .map((r) => r.join(delim))
        .join('\n') + '\n'
    )
    const r = await scanOne(name)
    expect(pii(r.findings, 'pii/email')).toMatchObject({ count: 30, location: { column: 3 } })
    expect(pii(r.findings, 'pii/person-name')).toMatchObject({ count: 30, location: { column: 1 } })
    expect(pii(r.findings, 'pii/date-of-birth')?.count).toBe(30)
    expect(r.findings.filter((f) => f.kind.startsWith('file/'))).toEqual([])
  })

  test('a stray quote that swallows the rows after it blocks, at the line where it starts', async () => {
    const rows = ['Facility,Fiscal Year,Book-ins']
    for (let i = 0; i < 40; i++) rows.push(`Facility ${i},20${10 + (i % 10)},${100 + i}`)
    rows[5] = '"' + rows[5]
    dir.write('stray-quote.csv', rows.join('\n') + '\n')
    const r = await scanOne('stray-quote.csv')
    const f = r.findings.find((x) => x.kind === 'file/malformed' && x.severity === 'error')
    expect(f).toMatchObject({ location: { line: 6 } })
    expect(f?.message).toContain('a quote at line 6')
    expect(r.blocked).toBe(true)
  })

  test('multi-line quoted cells (addresses, notes) are not a swallowed row', async () => {
    const rows = ['Facility,Address,Notes,Book-ins']
    for (let i = 0; i < 20; i++) rows.push(`Facility ${i},"${i} Main Street\nSuite ${i}\nSpringfield, IL","first, second\nthird",${i}`)
    dir.write('addresses.csv', rows.join('\n') + '\n')
    const r = await scanOne('addresses.csv')
    expect(r.findings.filter((x) => x.kind.startsWith('file/'))).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('a table no delimiter explains blocks as malformed, from its first unexplained line', async () => {
    const lines = ['a,b,c']
    for (let i = 0; i < 20; i++) lines.push(Array.from({ length: 1 + ((i * 7) % 6) }, (_, k) => `v${i}x${k}`).join(i % 2 ? ',' : ';'))
    dir.write('unexplained.csv', lines.join('\n') + '\n')
    const r = await scanOne('unexplained.csv')
    const f = r.findings.find((x) => x.kind === 'file/malformed' && x.severity === 'error')
    expect(f?.message).toContain('no delimiter explains the table')
    expect(r.blocked).toBe(true)
  })

  test('a single column (a list of values) is a table', async () => {
    const lines = ['Facility']
    for (let i = 0; i < 30; i++) lines.push(i % 3 ? `Facility ${i}: north wing ~ room ${i}` : `Facility ${i}`)
    dir.write('list.csv', lines.join('\n') + '\n')
    const r = await scanOne('list.csv')
    expect(r.findings.filter((x) => x.kind.startsWith('file/'))).toEqual([])
    expect(r.files[0]?.rows).toBe(30)
  })

  test('UTF-16 LE and BE with BOM are decoded and scanned', async () => {
    const rows = [['Name', 'DOB', 'SSN']]
    for (let i = 0; i < 12; i++) {
      const p = person(i)
      rows.push([`${p.family}, ${p.given}`, us(p.dob), p.ssn])
    }
    const text = csv(rows)
    dir.write('le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
    const be = Buffer.from(text, 'utf16le').swap16()
    dir.write('be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be]))
    for (const f of ['le.csv', 'be.csv']) {
      const r = await scanOne(f)
      expect(r.files[0]?.status).toBe('scanned')
      expect(pii(r.findings, 'pii/ssn')?.count).toBe(12)
      expect(pii(r.findings, 'pii/person-name')?.count).toBe(12)
      expect(r.blocked).toBe(true)
    }
  })

  test('invalid UTF-8 falls back to Windows-1252', async () => {
    const text = 'Apellido,Email\nPe\u00f1a,jos\u00e9@correo.hn\n'
    dir.write('cp1252.csv', Buffer.from(text, 'latin1'))
    const r = await scanOne('cp1252.csv')
    expect(r.files[0]?.status).toBe('scanned')
    expect(r.files[0]?.rows).toBe(1)
  })

  test('UTF-8 BOM is not part of the first header', async () => {
    const rows = [['SSN'], ['123456789'], ['219099999']]
    dir.write('bom.csv', '\ufeff' + csv(rows))
    const r = await scanOne('bom.csv')
    expect(pii(r.findings, 'pii/ssn')?.count).toBe(2)
  })

  test('ragged rows are reported, every field still scanned', async () => {
    dir.write('ragged.csv', 'a,b\n1,2\n3,4,k.mensah@correo.hn\n5\n')
    const r = await scanOne('ragged.csv')
    const ragged = r.findings.find((f) => f.kind === 'file/ragged-rows')
    expect(ragged).toMatchObject({ severity: 'warning', count: 2 })
    expect(pii(r.findings, 'pii/email')?.samples[0]).toMatchObject({ line: 3, column: 3 })
  })

  test('one identifier deep in a big file is found (no sampling)', async () => {
    const lines = ['Facility,Notes,Count']
    for (let i = 0; i < 100_000; i++) lines.push(`FACILITY ${i % 40},ok,${i % 500}`)
    lines.push('FACILITY 3,count excludes transfer of A123456789 pending review,12')
    dir.write('deep.csv', lines.join('\n') + '\n')
    const r = await scanOne('deep.csv')
    const a = pii(r.findings, 'pii/a-number')
    expect(a).toMatchObject({ count: 1, scope: 'cells', severity: 'error' })
    expect(a?.samples[0]).toMatchObject({ line: 100_002, column: 2 })
  })
})

describe('fail closed', () => {
  test.each([
    [
      'lfs.csv',
      'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n',
      /Git LFS pointer/
    ],
    ['binary.csv', Buffer.from([0x41, 0x2c, 0x42, 0x0a, 0x00, 0x01, 0x02, 0x03, 0x0a]), /NUL bytes/],
    ['zipped.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), /zip archive/],
    ['legacy.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /legacy Excel/],
    ['html.xls', '<html><table><tr><td>x</td></tr></table></html>', /text/],
    ['fake.xlsx', 'Name,DOB\n', /not a zip package/]
  ])('%s is unreadable and blocks, with a reason and a remedy', async (name, data, reason) => {
    dir.write(name, data)
    const r = await scanOne(name)
    expect(r.files[0]).toMatchObject({ status: 'unreadable' })
    const f = r.findings.find((x) => x.kind === 'file/unreadable')
    expect(f).toBeDefined()
    expect(f?.severity).toBe('error')
    expect(f && 'remedy' in f && f.remedy.length).toBeGreaterThan(10)
    expect(f?.message).toMatch(reason)
    expect(r.blocked).toBe(true)
  })

  test('an empty file is scanned and clean', async () => {
    dir.write('empty.csv', '')
    const r = await scanOne('empty.csv')
    expect(r.files[0]?.status).toBe('scanned')
    expect(r.blocked).toBe(false)
  })

  test('a UTF-16 file without BOM is not read as UTF-8 garbage', async () => {
    dir.write('nobom.csv', Buffer.from('Name,SSN\nA B,123-45-6789\n', 'utf16le'))
    const r = await scanOne('nobom.csv')
    expect(r.files[0]?.status).toBe('unreadable')
  })
})

test('ISO dates under a birth header are dates of birth', async () => {
  const rows = [['id', 'birth_date']]
  for (let i = 0; i < 20; i++) rows.push([String(i), iso(person(i).dob)])
  dir.write('iso.csv', csv(rows))
  const r = await scanOne('iso.csv')
  expect(pii(r.findings, 'pii/date-of-birth')?.count).toBe(20)
})
