// Detector pieces on single values, and engine behaviour that needs a
// table: workbook date cells, exact person-record rows, policy levels,
// a late identifying row, and that no output carries a found value.

import { dateOfBirth, dateYear, parseMonthDate } from '../../src/detectors/date-of-birth.js'
import { aNumber, email, itin, phone, ssn } from '../../src/detectors/identifiers.js'
import { classifyName, NameClass, personName } from '../../src/detectors/person-name.js'
import { isCountry } from '../../src/detectors/nationality.js'
import { emptyShape, measure, Memo, ShapeCache } from '../../src/detectors/shape.js'
import { hash32 } from '../../src/detectors/sketch.js'
import { isDataValue } from '../../src/detectors/index.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { RULES } from '../../src/scan.js'
import { scanWithPolicy } from '../helpers/scan.js'
import { TableScan } from '../../src/table.js'
import type { Finding, PiiFinding } from '../../src/findings.js'
import type { Policy } from '../../src/policy/types.js'
import { csv, iso, person } from '../helpers/people.js'
import { brotliDecompressSync } from 'node:zlib'
import { GIVEN_NAMES_BR } from '../../src/detectors/data/names.generated.js'
import { COUNTRY_NAMES } from '../../src/detectors/data/countries.generated.js'
import { firstWordHash, firstWordSet } from '../../src/detectors/fold.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()
const shape = emptyShape()
const pii = (fs: Finding[], kind: string): PiiFinding | undefined => fs.find((f) => f.kind === kind) as PiiFinding | undefined
const cls = (v: string): NameClass => classifyName(v, measure(v, shape))

describe('dates', () => {
  test.each([
    ['1989-12-31', 1989],
    ['1989-12-31T00:00:00', 1989],
    ['1989-12-31 00:00', 1989],
    ['12/31/1989', 1989],
    ['31/12/1989', 1989],
    ['31.12.1989', 1989],
    ['31-12-1989', 1989],
    ['1.2.85', 1985],
    [' 07/04/2001 ', 2001]
  ])('%s is a full date of %d', (v, y) => expect(dateYear(v)).toBe(y))

  test.each(['12-MAR-1985', '12 Mar 1985', 'Mar 12, 1985', '12 de marzo de 1985', '1-ENE-85'])(
    '%s is a full date with a month word',
    (v) => {
      expect(dateOfBirth.test(v)).toBe(true)
      expect(parseMonthDate(v)).toBe(true)
    }
  )
  test.each(['March 2019', 'Mar-19', 'FY 2019 Q2', 'May 5', 'Marzo', 'June 12 2019 and 13'])(
    '%s is not a full date with a month word',
    (v) => expect(dateOfBirth.test(v)).toBe(false)
  )

  test.each(['2019-10', '10/2019', 'FY2019', '2019', '13/13/2000', '1989-13-45', '12/31/1989 and more', '123-45-6789', '1.234.567'])(
    '%s is not a full date',
    (v) => expect(dateYear(v)).toBe(-1)
  )
})

describe('identifiers', () => {
  const hit = (d: typeof ssn, v: string): boolean => {
    const s = measure(v, emptyShape())
    const sc = d.open({ index: 0, header: '' })
    return sc.cell(v, s, 1, undefined)
  }
  test('SSN: issued ranges only, also in free text', () => {
    expect(hit(ssn, '123-45-6789')).toBe(true)
    expect(hit(ssn, 'record shows 512 44 1234 on file')).toBe(true)
    for (const v of ['000-12-3456', '666-12-3456', '912-70-1234', '123-00-4567', '123-45-0000', '1234-56-7890'])
      expect(hit(ssn, v)).toBe(false)
  })
  test('ITIN: 9XX with the issued group ranges', () => {
    expect(hit(itin, '912-70-1234')).toBe(true)
    expect(hit(itin, '912-93-1234')).toBe(false)
    expect(hit(itin, '912-45-1234')).toBe(false)
  })
  test('bare nine digits count only under an SSN header', () => {
    const v = '123456789'
    expect(hit(ssn, v)).toBe(false)
    expect(ssn.open({ index: 0, header: 'ssn' }).cell(v, measure(v, emptyShape()), 1, undefined)).toBe(true)
  })
  test.each([
    'A123456789',
    'A# 123-456-789',
    'A-12345678',
    'USCIS # 123456789',
    'A 123 456 789',
    'A-Number: 123456789',
    'transfer of A123456789 pending'
  ])('A-number %s', (v) => expect(hit(aNumber, v)).toBe(true))
  test.each(['a 1234567 of them', 'Form I-589', 'AB1234567', 'A12345'])('not an A-number: %s', (v) => expect(hit(aNumber, v)).toBe(false))
  test('email and phone, also inside free text', () => {
    expect(hit(email, 'ask maria.castillo@example.org today')).toBe(true)
    expect(hit(email, 'user@localhost')).toBe(false)
    expect(hit(phone, '(202) 555-0143')).toBe(true)
    expect(hit(phone, '+44 20 7946 0958')).toBe(true)
    expect(hit(phone, 'call the duty officer at 212-736-5000 for details')).toBe(true)
    for (const v of [
      '50165.43836',
      'ratio 46947.32258 in FY19',
      '-2025550143',
      '1,234,567,890',
      '1.234.567.890',
      '2019-10-01 12:00:00',
      '$1,234,567.00',
      '12/31/1989 10:11',
      '1234567'
    ])
      expect(hit(phone, v)).toBe(false)
  })
})

describe('names', () => {
  test.each([
    'María José Castillo Ruiz',
    'GARCÍA LÓPEZ, MARÍA JOSÉ',
    'Jean-Robert Flores',
    'KOVALENKO, TARAS',
    'Nguyễn Văn An',
    'Kwame Mensah',
    'Amara de la Cruz',
    'maria garcia'
  ])('%s is a strong name', (v) => expect(cls(v)).toBe(NameClass.Strong))
  test.each([
    'Field Office Director',
    'Los Angeles County',
    'San Diego',
    'ADELANTO ICE PROCESSING CENTER',
    'Operations and Support',
    '10400 Rancho Road',
    'maria holds the count',
    'June 2020',
    'Chief of Staff'
  ])('%s is not a name', (v) => expect(cls(v)).toBeLessThan(NameClass.Weak))
})

describe('countries', () => {
  test.each([
    'MEXICO',
    'CHINA, PEOPLES REPUBLIC OF',
    'KOREA, SOUTH',
    'Bahamas, The',
    'Congo, Democratic Republic of the',
    'El Salvador',
    'Burma',
    'mexican',
    'Estados Unidos'
  ])('%s is a country', (v) => expect(isCountry(v, measure(v, emptyShape()))).toBe(true))
  test.each(['Texas', 'Field Office', 'MX', 'Harris County'])('%s is not a country name', (v) =>
    expect(isCountry(v, measure(v, emptyShape()))).toBe(false)
  )

  test('the first-word look answers as the full word hash does (its three-letter shortcut never drops a word)', () => {
    const phrases = COUNTRY_NAMES.split('\n').filter(Boolean)
    const set = firstWordSet(COUNTRY_NAMES)
    const full = new Set(phrases.map((p) => firstWordHash(p, 0, p.length)))
    const cells = [
      ...phrases,
      ...phrases.map((p) => p.toUpperCase()),
      ...phrases.map((p) => `The ${p}`),
      ...phrases.map((p) => `${p.slice(0, 2)}'${p.slice(2)}`),
      ...Array.from({ length: 256 }, (_, i) => person(i)).flatMap((p) => [
        p.family,
        `${p.family.toUpperCase()}, ${p.given.toUpperCase()}`,
        `${p.given} ${p.family}`
      ]),
      // every given name in the lists: many start as a country does (`Andrea`, `Chad`, `Georgia`)
      ...brotliDecompressSync(Buffer.from(GIVEN_NAMES_BR, 'base64')).toString('utf8').split('\n'),
      'the',
      'THE',
      'The',
      'el',
      'EL SALVADOR',
      'Côte',
      'ÉIRE',
      ' , korea',
      '-- us',
      'U.S.',
      'x',
      '',
      '  ',
      "'"
    ]
    let checked = 0
    for (const v of cells) {
      for (const start of [0, 1, 3]) {
        expect([v, start, set.hasFirstWord(v, start, v.length)]).toEqual([v, start, full.has(firstWordHash(v, start, v.length))])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(50000)
  })
})

describe('never echo: Detector.test keeps data out of header labels', () => {
  test('each detector flags its own kind of value and not header words', () => {
    expect(personName.test('María José Castillo')).toBe(true)
    expect(personName.test('Full Name')).toBe(false)
    expect(personName.test('Facility Name')).toBe(false)
    expect(dateOfBirth.test('1985-03-12')).toBe(true)
    expect(dateOfBirth.test('Date of Birth')).toBe(false)
    expect(aNumber.test('A123456789')).toBe(true)
    expect(ssn.test('123-45-6789')).toBe(true)
    expect(email.test('x.y@example.org')).toBe(true)
    expect(phone.test('(202) 555-0143')).toBe(true)
    expect(isDataValue('Country of Citizenship')).toBe(false)
    expect(isDataValue('mark price')).toBe(false)
  })

  test('a lower-case roster with no header row: the first name is not shown as a label', async () => {
    const rows: string[][] = []
    for (let i = 0; i < 30; i++) rows.push([`${person(i).given} ${person(i + Math.floor(i / 16)).family}`.toLowerCase(), String(i)])
    dir.write('lower.csv', csv(rows))
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['lower.csv'], root: dir.path })
    const f = pii(r.findings, 'pii/person-name')
    // 29 data rows; a name with no known word at all is not counted in lower case
    expect(f?.count).toBeGreaterThanOrEqual(26)
    expect(f?.location.header).toBeUndefined()
    expect(JSON.stringify(r)).not.toContain(rows[0]![0]!)
  })

  test('no report carries a cell value of a leaking table', async () => {
    const rows: string[][] = []
    const values: string[] = []
    for (let i = 0; i < 30; i++) {
      const p = person(i)
      const row = [`${p.family}, ${p.given}`, iso(p.dob), p.aNumber, p.ssn, p.email, p.country]
      rows.push(row)
      values.push(...row)
    }
    // No header row: the first row is a person and must not become a label.
    dir.write('echo.csv', csv(rows))
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['echo.csv'], root: dir.path })
    expect(r.blocked).toBe(true)
    const text = JSON.stringify(r)
    for (const v of values) expect(text).not.toContain(v)
    for (const f of r.findings) expect((f as PiiFinding).location.header).toBeUndefined()
    expect(pii(r.findings, 'pii/person-record')?.count).toBe(30)
  })
})

describe('engine', () => {
  test('workbook date cells with an opaque header are dates of birth; places are cells', () => {
    const found: Finding[] = []
    const policy = builtInPolicy()
    const t = new TableScan(
      { file: 'book.xlsx', addressing: 'cell', sheet: 'Sheet2' as never },
      { policy, dataset: null, levels: policy.detectors, rules: RULES, fileScope: new Map() },
      (f) => found.push(...f)
    )
    t.row(['Col1', 'Col2', 'Col3'], 1)
    for (let i = 0; i < 40; i++) {
      const p = person(i + Math.floor(i / 16))
      t.row([`${person(i).given} ${p.family}`, iso(p.dob), String(i)], i + 2, [undefined, { date: true }, undefined])
    }
    t.end()
    const dob = pii(found, 'pii/date-of-birth')
    expect(dob?.count).toBe(40)
    expect(dob?.samples[0]?.cell).toBe('B2')
    expect(pii(found, 'pii/person-record')?.count).toBe(40)
  })

  test('person-record counts the rows that hold a name and a companion, exactly', async () => {
    const rows: Array<Array<string | number>> = [['Full Name', 'Date of Birth', 'Notes']]
    for (let i = 0; i < 60; i++) {
      const p = person(i + Math.floor(i / 16))
      // DOB in every third row only; the rest blank.
      rows.push([`${person(i).given} ${p.family}`, i % 3 === 0 ? iso(p.dob) : '', ''])
    }
    dir.write('partial.csv', csv(rows))
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['partial.csv'], root: dir.path })
    expect(pii(r.findings, 'pii/person-record')?.count).toBe(20)
    expect(
      pii(r.findings, 'pii/person-record')
        ?.samples.map((s) => s.line)
        .slice(0, 3)
    ).toEqual([2, 5, 8])
  })

  test('each detector obeys its policy level', async () => {
    const rows: Array<Array<string | number>> = [['Name', 'DOB', 'Email']]
    for (let i = 0; i < 20; i++) {
      const p = person(i + Math.floor(i / 16))
      rows.push([`${person(i).given} ${p.family}`, iso(p.dob), p.email])
    }
    dir.write('levels.csv', csv(rows))
    const policy: Policy = builtInPolicy()
    policy.detectors = { ...policy.detectors, email: 'off', 'date-of-birth': 'warning', 'person-record': 'off' }
    const r = await scanWithPolicy({ policy, paths: ['levels.csv'], root: dir.path })
    expect(pii(r.findings, 'pii/email')).toBeUndefined()
    expect(pii(r.findings, 'pii/date-of-birth')?.severity).toBe('warning')
    expect(pii(r.findings, 'pii/person-name')?.severity).toBe('error')
    expect(pii(r.findings, 'pii/person-record')).toBeUndefined()
  })

  test('a single identifying row after 100,000 clean rows is found (no sampling)', async () => {
    const lines = ['Facility,Fiscal Year,Book-ins,Notes']
    for (let i = 0; i < 100_000; i++) lines.push(`FACILITY ${i % 40},${2019 + (i % 3)},${(i * 7) % 5000},${i % 9 === 0 ? 'revised' : ''}`)
    lines.push('FACILITY 3,2021,12,SSN on intake form 512-44-1234 pending')
    dir.write('late.csv', lines.join('\n') + '\n')
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['late.csv'], root: dir.path })
    const f = pii(r.findings, 'pii/ssn')
    expect(f?.count).toBe(1)
    expect(f?.scope).toBe('cells')
    expect(f?.samples[0]).toMatchObject({ line: 100_002, column: 4 })
    expect(r.findings.filter((x) => x.kind.startsWith('pii/')).length).toBe(1)
  })

  test('a column with thousands of names is a name column; counted by shape once sure; a few names repeated are not', async () => {
    const rows: string[] = ['Col1,Col2']
    for (let i = 0; i < 3000; i++)
      rows.push(`${person(i).given} ${person(i * 7 + Math.floor(i / 16)).family} ${String.fromCharCode(65 + (i % 26))}.,${i}`)
    dir.write('sure.csv', rows.join('\n') + '\n')
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['sure.csv'], root: dir.path })
    expect(pii(r.findings, 'pii/person-name')?.count).toBe(3000)
    const same: string[] = ['Col1,Col2']
    for (let i = 0; i < 6000; i++) same.push(`${i % 2 ? 'Maria Garcia' : 'John Smith'},${i}`)
    dir.write('same.csv', same.join('\n') + '\n')
    const r2 = await scanWithPolicy({ policy: builtInPolicy(), paths: ['same.csv'], root: dir.path })
    expect(pii(r2.findings, 'pii/person-name')).toBeUndefined()
  })

  test('the shape cache gives back the measured shape, and turns off for a column of unique values', () => {
    const cache = new ShapeCache()
    const a = emptyShape()
    const b = emptyShape()
    for (const v of ['MEXICO', 'A123-456-789', '(202) 555-0143', 'x@y.org', 'María, José #3 +1', ' '.repeat(255)]) {
      cache.store(measure(v, a))
      expect(cache.load(hash32(v), v.length, b)).toBe(true)
      expect(b).toEqual(a)
    }
    expect(cache.load(hash32('MEXICO'), 7, b)).toBe(false)
    for (let i = 0; i < 5000 && cache.on; i++) {
      const v = String(i * 7919)
      if (!cache.load(hash32(v), v.length, b)) cache.store(measure(v, a))
    }
    expect(cache.on).toBe(false)
  })

  test('a memo answers repeated values, and once a window finds too few stored it keeps and answers nothing', () => {
    const memo = new Memo()
    memo.set(hash32('MEXICO'), 1)
    expect(memo.get(hash32('MEXICO'))).toBe(1)
    expect(memo.get(hash32('CANADA'))).toBe(-1)
    // A column of distinct values: 4,096 look-ups with almost no hit.
    for (let i = 0; i < 4096; i++) memo.get(hash32(`name ${i}`))
    expect(memo.get(hash32('MEXICO'))).toBe(-1)
    memo.set(hash32('CANADA'), 1)
    expect(memo.get(hash32('CANADA'))).toBe(-1)
  })

  test('the shape key is the sketch hash', () => {
    for (const v of ['', 'a', 'María', 'A123456789']) expect(measure(v, emptyShape()).key).toBe(hash32(v))
  })
})
