import { scanWithPolicy } from '../helpers/scan.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import type { Finding, PiiFinding } from '../../src/findings.js'
import { person, iso } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'
import { ods, type OdsSheet } from '../helpers/ooxml.js'

const dir = tempDir()
const pii = (fs: Finding[], k: string): PiiFinding | undefined => fs.find((f) => f.kind === k) as PiiFinding | undefined
const kind = (fs: Finding[], k: string): Finding[] => fs.filter((f) => f.kind === k)

function people(n: number, from = 0): OdsSheet['rows'] {
  const rows: OdsSheet['rows'] = [['Name', 'Date of Birth', 'SSN']]
  for (let i = from; i < from + n; i++) {
    const p = person(i)
    rows.push([`${p.family}, ${p.given}`, { date: iso(p.dob) }, p.ssn])
  }
  return rows
}
const summary: OdsSheet = {
  name: 'Summary',
  rows: [
    ['Facility', 'Count'],
    ['NORTH', 1200],
    ['SOUTH', 950]
  ]
}

async function scanOds(name: string, data: Buffer) {
  dir.write(name, data)
  const r = await scanWithPolicy({ policy: builtInPolicy(), paths: [name], root: dir.path })
  const json = JSON.stringify(r)
  expect(json).not.toContain(person(0).ssn)
  expect(json).not.toContain('Invented Author')
  return r
}

describe('ODS reader', () => {
  test('visible table with dates and exact places', async () => {
    const r = await scanOds('visible.ods', ods([{ name: 'Roster', rows: people(20) }]))
    expect(r.files[0]).toMatchObject({ status: 'scanned', format: 'ods' })
    expect(pii(r.findings, 'pii/date-of-birth')?.samples[0]).toMatchObject({ sheet: 'Roster', cell: 'B2' })
    expect(pii(r.findings, 'pii/ssn')?.count).toBe(20)
  })

  test('hidden table (table:display="false")', async () => {
    const r = await scanOds('hidden.ods', ods([summary, { name: 'Data', hidden: true, rows: people(20) }]))
    expect(pii(r.findings, 'pii/person-name')?.location).toMatchObject({ sheet: 'Data', part: 'hidden sheet', cell: 'A2' })
    expect(pii(r.findings, 'pii/person-name')?.severity).toBe('error')
    expect(kind(r.findings, 'structure/hidden-sheet')).toHaveLength(1)
  })

  test('collapsed and filtered rows, collapsed columns, annotations, metadata', async () => {
    const rows = people(10)
    const r = await scanOds(
      'shapes.ods',
      ods(
        [
          {
            name: 'S',
            rows,
            collapsedRows: [3],
            filteredRows: [5],
            hiddenCols: [2],
            annotations: [{ row: 2, col: 0, text: `call ${person(60).email}`, author: 'Invented Author' }]
          }
        ],
        { creator: 'Invented Author' }
      )
    )
    expect(kind(r.findings, 'structure/filtered-rows')[0]).toMatchObject({ count: 2 })
    const hc = kind(r.findings, 'structure/hidden-columns')[0]
    expect(hc && 'samples' in hc && hc.samples?.[0]?.cell).toBe('C')
    expect(pii(r.findings, 'pii/ssn')?.location).toMatchObject({ part: 'hidden rows and columns' })
    expect(pii(r.findings, 'pii/email')?.location).toMatchObject({ sheet: 'S', part: 'comments', cell: 'A2' })
    // The document's creator and the comment authors: one metadata warning for the file.
    expect(r.findings.filter((f) => f.kind.startsWith('metadata/'))).toHaveLength(1)
    expect(kind(r.findings, 'metadata/author')[0]).toMatchObject({
      property: 'content.xml dc:creator of annotations, meta.xml dc:creator',
      severity: 'warning'
    })
  })
})
