// Dates of birth on tables shaped like real published data: dates that are
// not birth dates (time series, poll and election dates, store openings,
// `Date added`, terms of office) and birth dates that are (historical
// people, split year/month/day columns, camelCase headers, an unlabelled
// column beside names). Every table is built here.

import { PART_DAY, PART_MONTH, PART_YEAR, readHeader } from '../../src/detectors/date-of-birth.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { scanWithPolicy } from '../helpers/scan.js'
import type { PiiFinding } from '../../src/findings.js'
import { csv, iso, person, us } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()

/** A well-spread deterministic number in [0, 1) for row i and stream k. */
function rand(i: number, k = 0): number {
  let h = Math.imul(i ^ Math.imul(k + 1, 0x9e3779b9), 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 2 ** 32
}

/** A day between two years, picked by rand(i, k). */
function dayBetween(from: number, to: number, i: number, k = 0): Date {
  const a = Date.UTC(from, 0, 1)
  const b = Date.UTC(to, 0, 1)
  return new Date(a + Math.floor(rand(i, k) * ((b - a) / 86400000)) * 86400000)
}

/** Distinct invented full names (people.ts cycles every 16). */
const fullName = (i: number): string => `${person(i).given} ${person(i + Math.floor(i / 16)).family}`

async function scanTable(name: string, rows: Array<Array<string | number>>) {
  dir.write(name, csv(rows))
  const r = await scanWithPolicy({ policy: builtInPolicy(), paths: [name], root: dir.path })
  expect(r.files[0]?.status).toBe('scanned')
  const pii = r.findings.filter((f): f is PiiFinding => f.kind.startsWith('pii/'))
  const header = rows[0] as Array<string | number>
  // Headers of the columns with a date-of-birth finding.
  const dob = pii
    .filter((f) => f.kind === 'pii/date-of-birth')
    .map((f) => String(header[(f.location.column ?? 0) - 1]))
    .sort()
  return { blocked: r.blocked, dob, kinds: [...new Set(pii.map((f) => f.kind))].sort() }
}

describe('headers are read as words', () => {
  test.each([
    'dob',
    'DOB',
    'D.O.B.',
    'birth date',
    'birthdate',
    'date of birth',
    'dateofbirth',
    'birth dt',
    'fecha de nacimiento',
    'fecha nac',
    'geburtsdatum',
    'date naissance',
    'data nascimento',
    'member dob',
    'memberdob',
    'dobdate',
    'born'
  ])('%s speaks of birth', (h) => {
    const hint = readHeader(
      h
        .toLowerCase()
        .replace(/[_\-.]+/g, ' ')
        .trim()
    )
    expect(hint.birth).toBe(true)
    expect(hint.other).toBe(false)
  })

  test.each([
    'date',
    'dates',
    'date added',
    'modeldate',
    'polldate',
    'electiondate',
    'opendate',
    'origindate',
    'entrydate',
    'date super',
    'flight date',
    'termstart',
    'stint start',
    'investigation start',
    'investigation end',
    'cp date',
    'show',
    'report date',
    'period',
    'week ending',
    'month',
    'updated',
    'filed',
    'opened',
    'start date',
    'end',
    'book in date',
    'as of',
    'took office',
    'debut',
    'finalgame',
    'inaugurated',
    'createdat',
    'publishedon',
    'lastupdated',
    'fecha de alta',
    'fecha inicio',
    'anio'
  ])('%s names another date', (h) => {
    const hint = readHeader(h)
    expect(hint.birth).toBe(false)
    expect(hint.other).toBe(true)
  })

  test.each(['', 'col2', 'field 3', 'name', 'book ins', 'releases', 'value'])('%s gives no hint either way', (h) => {
    expect(readHeader(h)).toMatchObject({ birth: false, other: false })
  })

  test.each([
    ['birthyear', PART_YEAR],
    ['birth year', PART_YEAR],
    ['year of birth', PART_YEAR],
    ['yearofbirth', PART_YEAR],
    ['yob', PART_YEAR],
    ['birthmonth', PART_MONTH],
    ['birth mo', PART_MONTH],
    ['birthday', PART_DAY],
    ['birth date', 0],
    ['anio nacimiento', PART_YEAR],
    ['mes de nacimiento', PART_MONTH],
    ['geburtsjahr', PART_YEAR]
  ])('%s names part %d of a birth date', (h, part) => {
    expect(readHeader(h)).toMatchObject({ birth: true, part, parts: true })
  })

  test('births (a count) never names a split part', () => expect(readHeader('births').parts).toBe(false))

  test.each([
    'country of birth',
    'birthplace',
    'birthCountry',
    'birthState',
    'place of birth',
    'birth weight',
    'births count',
    'birth name',
    'geburtsort'
  ])('%s names no date', (h) => expect(readHeader(h.toLowerCase())).toMatchObject({ birth: false, other: true, parts: false }))
})

describe('dates that are not birth dates', () => {
  test('a weekly series under `Date` (stock index closes over decades)', async () => {
    const rows: Array<Array<string | number>> = [['Date', 'Close']]
    for (let w = 0; w < 2000; w++) rows.push([iso(new Date(Date.UTC(1975, 0, 3 + w * 7))), (100 + w * 0.7).toFixed(2)])
    const r = await scanTable('weekly-close.csv', rows)
    expect(r.dob).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('a monthly series under `DATE` (first of the month, FRED style)', async () => {
    const rows: Array<Array<string | number>> = [['DATE', 'RATE']]
    for (let m = 0; m < 840; m++) rows.push([iso(new Date(Date.UTC(1954, 6 + m, 1))), (2 + rand(m) * 8).toFixed(2)])
    const r = await scanTable('monthly-rate.csv', rows)
    expect(r.dob).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('poll and election dates next to candidate names', async () => {
    const rows: Array<Array<string | number>> = [['pollster', 'polldate', 'electiondate', 'cand1_name', 'cand1_pct']]
    for (let i = 0; i < 400; i++) {
      const election = 1960 + 2 * Math.floor(rand(i, 1) * 20)
      const poll = dayBetween(election, election + 1, i, 2)
      rows.push([`Pollster ${i % 30}`, us(poll), us(new Date(Date.UTC(election, 10, 3))), fullName(i), (30 + rand(i, 3) * 40).toFixed(1)])
    }
    const r = await scanTable('raw-polls.csv', rows)
    expect(r.dob).toEqual([])
  })

  test('store openings (`OPENDATE`, `date_super`)', async () => {
    const rows: Array<Array<string | number>> = [['storenum', 'OPENDATE', 'date_super', 'STRCITY']]
    for (let i = 0; i < 300; i++) {
      const open = new Date(Date.UTC(1962, 6, 1 + Math.floor(i * 53 + rand(i) * 40)))
      rows.push([
        i + 1,
        us(open),
        rand(i, 1) < 0.5 ? us(new Date(open.getTime() + 86400000 * Math.floor(rand(i, 2) * 9000))) : '',
        `Town ${i % 80}`
      ])
    }
    const r = await scanTable('store-openings.csv', rows)
    expect(r.dob).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('`Date added` to an index, in no order', async () => {
    const rows: Array<Array<string | number>> = [['Symbol', 'Security', 'Date added']]
    for (let i = 0; i < 500; i++) rows.push([`S${i}`, `Holding ${i} Corp`, iso(dayBetween(1957, 2020, i))])
    const r = await scanTable('constituents.csv', rows)
    expect(r.dob).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('terms of office next to names: `termstart`, `stint_start`, `Show`, `investigation-start`, `originDate`', async () => {
    const rows: Array<Array<string | number>> = [['name', 'termstart', 'stint_start', 'Show', 'investigation-start', 'originDate']]
    for (let i = 0; i < 200; i++) {
      rows.push([fullName(i), ...[1, 2, 3, 4, 5].map((k) => iso(dayBetween(1940, 2005, i, k)))])
    }
    const r = await scanTable('terms.csv', rows)
    expect(r.dob).toEqual([])
    expect(r.kinds).toEqual(['pii/person-name'])
  })

  test('with no header hint, a sorted column of dates beside names is a series (leaders by start of office)', async () => {
    const rows: Array<Array<string | number>> = [['Col1', 'Col2']]
    for (let i = 0; i < 150; i++) rows.push([fullName(i), iso(new Date(Date.UTC(1945, 0, 1 + Math.floor(i * 120 + rand(i) * 100))))])
    const r = await scanTable('leaders-opaque.csv', rows)
    expect(r.dob).toEqual([])
  })

  test('with no header hint, dates always on the first of the month are a series, in any order', async () => {
    const rows: Array<Array<string | number>> = [['Col1', 'Col2']]
    for (let i = 0; i < 150; i++)
      rows.push([fullName(i), iso(new Date(Date.UTC(1950 + Math.floor(rand(i) * 50), Math.floor(rand(i, 1) * 12), 1)))])
    const r = await scanTable('first-of-month.csv', rows)
    expect(r.dob).toEqual([])
  })

  test('with no header hint, person-like dates with no column of names are no birth dates', async () => {
    const rows: Array<Array<string | number>> = [['Col1', 'Col2', 'Col3']]
    for (let i = 0; i < 150; i++) rows.push([`PRJ-${1000 + i}`, iso(dayBetween(1940, 2000, i)), Math.floor(rand(i, 1) * 1000)])
    const r = await scanTable('dates-no-names.csv', rows)
    expect(r.dob).toEqual([])
    expect(r.blocked).toBe(false)
  })
})

describe('birth dates', () => {
  test('historical people: a `birthday` column with ages over 110 is found, `termstart` is not', async () => {
    const rows: Array<Array<string | number>> = [['firstname', 'lastname', 'fullname', 'birthday', 'termstart']]
    for (let i = 0; i < 400; i++) {
      const born = dayBetween(1850, 1960, i)
      rows.push([
        person(i).given,
        person(i + Math.floor(i / 16)).family,
        fullName(i),
        iso(born),
        iso(new Date(Date.UTC(1947 + 2 * Math.floor(i / 12), 0, 3)))
      ])
    }
    const r = await scanTable('congress.csv', rows)
    expect(r.dob).toEqual(['birthday'])
    expect(r.kinds).toContain('pii/person-record')
  })

  test('a date split over `birthYear`, `birthMonth`, `birthDay` is found in each of them, death parts are not', async () => {
    const rows: Array<Array<string | number>> = [
      ['playerID', 'birthYear', 'birthMonth', 'birthDay', 'deathYear', 'deathMonth', 'deathDay', 'fullName']
    ]
    for (let i = 0; i < 300; i++) {
      const born = dayBetween(1840, 2000, i)
      const dead = rand(i, 1) < 0.4 ? new Date(born.getTime() + 86400000 * Math.floor(20000 + rand(i, 2) * 10000)) : null
      rows.push([
        `p${i}`,
        born.getUTCFullYear(),
        born.getUTCMonth() + 1,
        born.getUTCDate(),
        dead ? dead.getUTCFullYear() : '',
        dead ? dead.getUTCMonth() + 1 : '',
        dead ? dead.getUTCDate() : '',
        fullName(i)
      ])
    }
    const r = await scanTable('people.csv', rows)
    expect(r.dob).toEqual(['birthDay', 'birthMonth', 'birthYear'])
    expect(r.blocked).toBe(true)
    expect(r.kinds).toContain('pii/person-record')
  })

  test('snake_case parts (`birth_year`, `birth_month`) with no day are still one birth date', async () => {
    const rows: Array<Array<string | number>> = [['birth_year', 'birth_month', 'score']]
    for (let i = 0; i < 100; i++) {
      const born = dayBetween(1930, 2005, i)
      rows.push([born.getUTCFullYear(), born.getUTCMonth() + 1, Math.floor(rand(i, 1) * 100)])
    }
    const r = await scanTable('year-month.csv', rows)
    expect(r.dob).toEqual(['birth_month', 'birth_year'])
  })

  test('a birth year alone is no date of birth, but beside names it makes person records', async () => {
    const rows: Array<Array<string | number>> = [['Name', 'birthYear', 'Team']]
    for (let i = 0; i < 100; i++) rows.push([fullName(i), 1900 + Math.floor(rand(i) * 100), `Team ${i % 8}`])
    const r = await scanTable('birth-year.csv', rows)
    expect(r.dob).toEqual([])
    expect(r.kinds).toEqual(['pii/person-name', 'pii/person-record'])
  })

  test('camelCase `dateOfBirth` is a birth header: children born in the last 15 years are found', async () => {
    const rows: Array<Array<string | number>> = [['fullName', 'dateOfBirth', 'school']]
    for (let i = 0; i < 120; i++)
      rows.push([fullName(i), us(dayBetween(new Date().getUTCFullYear() - 15, new Date().getUTCFullYear() - 2, i)), `School ${i % 5}`])
    const r = await scanTable('children.csv', rows)
    expect(r.dob).toEqual(['dateOfBirth'])
  })

  test('an unlabelled birth column beside names is found; the same dates under a plain `Date` header are not', async () => {
    const rows: Array<Array<string | number>> = [['Col1', 'Col2', 'Col3']]
    for (let i = 0; i < 150; i++) rows.push([fullName(i), iso(dayBetween(1940, 2000, i)), Math.floor(rand(i, 1) * 1000)])
    const r = await scanTable('unlabelled.csv', rows)
    expect(r.dob).toEqual(['Col2'])
    expect(r.blocked).toBe(true)
    rows[0] = ['Col1', 'Date', 'Col3']
    expect((await scanTable('plain-date.csv', rows)).dob).toEqual([])
  })
})
