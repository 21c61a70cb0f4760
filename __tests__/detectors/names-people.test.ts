// Is a column of names a list of people? Shapes of real published tables
// that were misjudged: a verdict that flipped with the table's length, world
// cities beside their country, name-frequency tables, fictional characters;
// and lists of people that passed: pairs of names in one cell, records in a
// key/value layout, names with age, sex, street address or handle. Every
// table is built here; each test failed before these rules.

import { builtInPolicy } from '../../src/policy/defaults.js'
import { scanWithPolicy } from '../helpers/scan.js'
import type { Finding, PiiFinding } from '../../src/findings.js'
import { csv, iso, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

type Row = Array<string | number>
const dir = tempDir()
const pii = (fs: Finding[], kind: string): PiiFinding | undefined => fs.find((f) => f.kind === kind) as PiiFinding | undefined
const kinds = (fs: Finding[]): string[] => [...new Set(fs.filter((f) => f.kind.startsWith('pii/')).map((f) => f.kind))].sort()
const errors = (fs: Finding[]): string[] =>
  [...new Set(fs.filter((f) => f.kind.startsWith('pii/') && f.severity === 'error').map((f) => f.kind))].sort()

async function scanRows(name: string, rows: Row[]) {
  dir.write(name, csv(rows))
  return scanWithPolicy({ policy: builtInPolicy(), paths: [name], root: dir.path })
}

const name = (i: number): string => `${person(i).given} ${person(i * 7 + Math.floor(i / 16)).family}`
/** A capitalised word in no name list (`Vrqbad`). */
const nonce = (i: number): string => 'Vrq' + i.toString(26).replace(/[0-9]/g, (d) => 'klmnopqrst'[Number(d)] as string)

describe('proportions, not counts', () => {
  // A quarter full names, half a given name with an unknown word, a quarter prose:
  // too few full names for a name column, at any length.
  const GIVEN = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda']
  const FAMILY = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis']
  const rows = (n: number): Row[] => {
    const out: Row[] = [['Col1', 'Col2']]
    for (let i = 0; i < n; i++) {
      const full = `${GIVEN[(i >> 2) % 8]} ${FAMILY[(i >> 5) % 8]}`
      out.push([
        i % 4 === 0 ? full : i % 4 === 3 ? `pending review ${'abcdefgh'[i % 8]}` : `${person(i).given.split(' ')[0]} ${nonce(i)}`,
        i
      ])
    }
    return out
  }
  test('the same table cut at 200 to 9,000 rows gets the same verdict', async () => {
    const verdicts: string[][] = []
    for (const n of [200, 500, 1000, 3000, 9000]) verdicts.push(kinds((await scanRows(`cut-${n}.csv`, rows(n))).findings))
    expect(verdicts).toEqual(verdicts.map(() => []))
  })
  test('a roster cut at 200 to 6,000 rows is a name column at every length', async () => {
    const verdicts: string[][] = []
    for (const n of [200, 1000, 6000]) {
      const r: Row[] = [['Col1', 'Col2']]
      for (let i = 0; i < n; i++) r.push([i % 10 === 9 ? 'unknown' : name(i), i])
      verdicts.push(kinds((await scanRows(`roster-${n}.csv`, r)).findings))
    }
    expect(verdicts).toEqual(verdicts.map(() => ['pii/person-name']))
  })
})

describe('places', () => {
  test('a name column beside a plain country column is a table of places', async () => {
    const countries = ['Ghana', 'Ukraine', 'Mexico', 'Nigeria', 'China', 'Turkey']
    const rows: Row[] = [['name', 'country', 'population']]
    for (let i = 0; i < 300; i++) rows.push([name(i), countries[i % countries.length] as string, 10000 + i * 37])
    const r = await scanRows('cities.csv', rows)
    expect(kinds(r.findings)).toEqual([])
  })
  test('beside a citizenship column the same names are people', async () => {
    const rows: Row[] = [['name', 'citizenship']]
    for (let i = 0; i < 300; i++) rows.push([name(i), person(i).country])
    const r = await scanRows('citizens.csv', rows)
    expect(errors(r.findings)).toEqual(['pii/person-name', 'pii/person-record'])
  })
})

describe('aggregates of names', () => {
  test('unique first names next to a count column: a warning at most', async () => {
    const rows: Row[] = [['FirstName', 'count']]
    const given = [...new Set(Array.from({ length: 64 }, (_, i) => person(i).given.split(' ')[0] as string))]
    given.forEach((g, i) => rows.push([g, 5000 - i * 13]))
    for (const g of [
      'James',
      'Michael',
      'Robert',
      'Mary',
      'Patricia',
      'Jennifer',
      'Linda',
      'David',
      'William',
      'Elizabeth',
      'Joseph',
      'Thomas'
    ])
      rows.push([g, 900])
    const r = await scanRows('first-names.csv', rows)
    expect(r.blocked).toBe(false)
    expect(errors(r.findings)).toEqual([])
  })
  test('full names each listed once beside estimates: a warning at most', async () => {
    const rows: Row[] = [['', 'cleanName', 'Estimate', 'finalEstimate']]
    for (let i = 0; i < 256; i++)
      rows.push([
        i + 1,
        `${person(i).given} ${person(i).family}`.toLowerCase(),
        (30000 - i * 50.5).toFixed(4),
        (31000 - i * 49.1).toFixed(4)
      ])
    const r = await scanRows('name-estimates.csv', rows)
    expect(r.blocked).toBe(false)
    expect(pii(r.findings, 'pii/person-name')?.severity).toBe('warning')
  })
  test('a matrix of first names by surnames is not a list of people', async () => {
    const surnames = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis']
    const rows: Row[] = [['', ...surnames]]
    const given = [
      'James',
      'Michael',
      'Robert',
      'John',
      'David',
      'William',
      'Richard',
      'Joseph',
      'Thomas',
      'Charles',
      'Mary',
      'Patricia',
      'Jennifer',
      'Linda',
      'Elizabeth',
      'Barbara',
      'Susan',
      'Jessica',
      'Sarah',
      'Karen',
      'Nancy',
      'Lisa'
    ]
    given.forEach((g, i) => rows.push([g, ...surnames.map((_, j) => (i * 3.1 - j * 7.7).toFixed(1))]))
    const r = await scanRows('matrix.csv', rows)
    expect(r.blocked).toBe(false)
    expect(errors(r.findings)).toEqual([])
  })
  test('fictional characters under a character or alias header are not people', async () => {
    const rows: Row[] = [['URL', 'Name/Alias', 'Appearances', 'Gender', 'Year']]
    for (let i = 0; i < 150; i++)
      rows.push([
        `http://wiki.example-comics.com/${name(i).replace(/ /g, '_')}`,
        name(i),
        1200 - i * 7,
        i % 3 ? 'MALE' : 'FEMALE',
        1963 + (i % 50)
      ])
    const r = await scanRows('characters.csv', rows)
    expect(kinds(r.findings)).toEqual([])
  })
})

describe('lists of people that passed', () => {
  test('pairs of names in one cell', async () => {
    const rows: Row[] = [['Defendants', 'Court']]
    for (let i = 0; i < 40; i++)
      rows.push([
        `${person(i).given} ${person(i + 3).family.toUpperCase()} / ${person(i + 5).given} ${person(i + 9).family.toUpperCase()}`,
        `Court ${i % 4}`
      ])
    const r = await scanRows('pairs.csv', rows)
    expect(errors(r.findings)).toEqual(['pii/person-name'])
  })
  test('records in a key/value layout: names with offense and sentence', async () => {
    const rows: Row[] = [['key', 'info']]
    for (let i = 0; i < 120; i++) {
      rows.push(['', name(i)])
      rows.push(['Offense:', `Conspiracy to distribute a controlled substance, count ${i % 4}`])
      if (i % 5 === 0) rows.push(['', '2. Supervised release violation'])
      rows.push(['District/Date:', `Eastern District of Texas; April ${1 + (i % 28)}, 2012`])
      rows.push(['Sentence:', `${120 + i} months' imprisonment; 10 years' supervised release`])
    }
    const r = await scanRows('long.csv', rows)
    expect(errors(r.findings)).toEqual(['pii/person-name', 'pii/person-record'])
    expect(pii(r.findings, 'pii/person-record')?.count).toBe(120)
  })
  test('a key column of categories sorted in blocks is no key/value layout', async () => {
    const rows: Row[] = [['type', 'model', 'score']]
    for (const t of ['Transformer', 'RNN', 'CNN', 'Other'])
      for (let i = 0; i < 12; i++) rows.push([t, i % 3 === 0 ? name(i) : `Net-${i}`, 70 + i])
    const r = await scanRows('blocks.csv', rows)
    expect(kinds(r.findings)).toEqual([])
  })
  test.each([
    ['age and sex', ['Name', 'Age', 'Sex'], (i: number) => [name(i), 18 + ((i * 7) % 60), i % 2 ? 'male' : 'female']],
    ['a street address', ['Name', 'Street address'], (i: number) => [name(i), `${100 + i * 3} ${['Oak', 'Maple', 'Cedar'][i % 3]} St`]],
    ['a handle', ['name', 'screen_name'], (i: number) => [name(i), `@${person(i).given.split(' ')[0]!.toLowerCase()}_${i}`]],
    ['a handle with no header', ['name', 'account'], (i: number) => [name(i), `@user${i}`]]
  ])('names with %s are records about people', async (_what, header, row) => {
    const rows: Row[] = [header]
    for (let i = 0; i < 60; i++) rows.push(row(i))
    const r = await scanRows(`attr-${header.join('-')}.csv`, rows)
    expect(errors(r.findings)).toEqual(['pii/person-name', 'pii/person-record'])
    expect(pii(r.findings, 'pii/person-record')?.count).toBe(60)
  })
  test('an age or sex column with no names is no record', async () => {
    const rows: Row[] = [['Region', 'Age', 'Sex', 'Count']]
    for (let i = 0; i < 60; i++) rows.push([`Region ${i % 5}`, 18 + (i % 60), i % 2 ? 'M' : 'F', 100 + i])
    const r = await scanRows('ages.csv', rows)
    expect(kinds(r.findings)).toEqual([])
  })
  test('a roster with birth dates beside a plain country column is still people', async () => {
    const rows: Row[] = [['name', 'dob', 'country']]
    for (let i = 0; i < 60; i++) rows.push([name(i), iso(person(i).dob), person(i).country])
    const r = await scanRows('roster-country.csv', rows)
    expect(errors(r.findings)).toContain('pii/person-name')
    expect(errors(r.findings)).toContain('pii/person-record')
  })
})
