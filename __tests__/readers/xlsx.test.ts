import { readFileSync } from 'node:fs'
import { scanWithPolicy } from '../helpers/scan.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import type { Finding, PiiFinding } from '../../src/findings.js'
import { formatPlace } from '../../src/findings.js'
import type { Policy } from '../../src/policy/types.js'
import { readTabular } from '../../src/readers/index.js'
import type { TableMeta } from '../../src/tabular.js'
import { person, iso } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'
import { ods, serial, xlsx, type Cell, type SheetSpec } from '../helpers/ooxml.js'

const dir = tempDir()

async function scanFile(name: string, data: Buffer, policy: Policy = builtInPolicy()) {
  dir.write(name, data)
  const r = await scanWithPolicy({ policy, paths: [name], root: dir.path })
  // Never echo a found value: no planted value appears anywhere in the report.
  const json = JSON.stringify(r)
  for (const v of PLANTED) expect(json).not.toContain(v)
  return r
}
const PLANTED: string[] = []
const kind = (fs: Finding[], k: string): Finding[] => fs.filter((f) => f.kind === k)
const pii = (fs: Finding[], k: string): PiiFinding | undefined => fs.find((f) => f.kind === k) as PiiFinding | undefined

/** A header and n person rows: name, DOB (date-formatted serial), SSN, email. */
function people(n: number, from = 0, date1904 = false): Cell[][] {
  const rows: Cell[][] = [['Name', 'Date of Birth', 'SSN', 'Email']]
  for (let i = from; i < from + n; i++) {
    const p = person(i)
    const name = `${p.family}, ${p.given}`
    PLANTED.push(name, p.ssn, p.email)
    rows.push([name, { v: serial(p.dob, date1904), date: true }, p.ssn, p.email])
  }
  return rows
}
const summary: SheetSpec = {
  name: 'Summary',
  rows: [
    ['Facility', 'Book-ins'],
    ['NORTH FACILITY', 1200],
    ['SOUTH FACILITY', 950],
    ['EAST FACILITY', 640]
  ]
}

describe('XLSX: visible data, dates, places', () => {
  test('shared strings, date serials (1900) and exact cell places', async () => {
    const r = await scanFile('visible.xlsx', xlsx({ sheets: [{ name: 'Roster', rows: people(25) }] }))
    expect(r.files[0]).toMatchObject({ status: 'scanned', format: 'xlsx' })
    const dob = pii(r.findings, 'pii/date-of-birth')
    expect(dob?.count).toBe(25)
    expect(dob?.samples[0]).toMatchObject({ sheet: 'Roster', cell: 'B2' })
    expect(pii(r.findings, 'pii/ssn')?.samples[3]).toMatchObject({ cell: 'C5' })
    expect(pii(r.findings, 'pii/person-record')?.severity).toBe('error')
  })

  test('1904 date system gives the same dates', async () => {
    const tables: Array<{ meta: TableMeta; rows: string[][] }> = []
    const file = dir.write('d1904.xlsx', xlsx({ date1904: true, sheets: [{ name: 'S', rows: people(3, 0, true) }] }))
    await readTabular(file, 'd1904.xlsx', {
      table(meta) {
        const t = { meta, rows: [] as string[][] }
        tables.push(t)
        return { row: (v) => void t.rows.push([...v]), end() {}, abort() {} }
      }
    })
    expect(tables[0]?.rows[1]?.[1]).toBe(iso(person(0).dob))
    expect(tables[0]?.rows[3]?.[1]).toBe(iso(person(2).dob))
  })
})

describe('XLSX: every hiding place is read and located', () => {
  test.each(['hidden', 'veryHidden'] as const)('%s sheet: personal data is an error located in the hidden sheet', async (state) => {
    const r = await scanFile(`${state}.xlsx`, xlsx({ sheets: [summary, { name: 'Data', state, rows: people(20) }] }))
    const name = pii(r.findings, 'pii/person-name')
    expect(name?.severity).toBe('error')
    expect(name?.location).toMatchObject({ sheet: 'Data', part: state === 'hidden' ? 'hidden sheet' : 'very hidden sheet', cell: 'A2' })
    expect(kind(r.findings, 'structure/hidden-sheet')[0]).toMatchObject({ severity: 'error', location: { sheet: 'Data' } })
    expect(r.blocked).toBe(true)
  })

  test('a hidden sheet with any non-empty cell blocks by default (hidden-sheets: error); hidden-content sets the rest; off drops them', async () => {
    const data = xlsx({ sheets: [summary, { name: 'Notes', state: 'hidden', rows: [['Note'], ['checked']] }] })
    const byDefault = await scanFile('default.xlsx', data)
    expect(kind(byDefault.findings, 'structure/hidden-sheet')[0]).toMatchObject({ severity: 'error', rule: 'hidden-sheets' })
    expect(byDefault.blocked).toBe(true)
    const contentOff = await scanFile('content-off.xlsx', data, { ...builtInPolicy(), hiddenContent: 'off' })
    expect(kind(contentOff.findings, 'structure/hidden-sheet')[0]?.severity).toBe('error')
    const warn = await scanFile('warn.xlsx', data, { ...builtInPolicy(), hiddenSheets: 'warning' })
    expect(kind(warn.findings, 'structure/hidden-sheet')[0]?.severity).toBe('warning')
    expect(warn.blocked).toBe(false)
    const off = await scanFile('off.xlsx', data, { ...builtInPolicy(), hiddenContent: 'off', hiddenSheets: 'off' })
    expect(kind(off.findings, 'structure/hidden-sheet')).toHaveLength(0)
    expect(off.blocked).toBe(false)
    const empty = await scanFile('empty.xlsx', xlsx({ sheets: [summary, { name: 'Spare', state: 'veryHidden', rows: [] }] }))
    expect(kind(empty.findings, 'structure/hidden-sheet')).toHaveLength(0)
    expect(empty.blocked).toBe(false)
  })

  test('hidden rows, zero-height rows, hidden columns', async () => {
    const rows = people(12)
    const r = await scanFile(
      'rows-cols.xlsx',
      xlsx({ sheets: [{ name: 'S', rows, hiddenRows: [3, 4, 5], zeroHeightRows: [6], hiddenCols: [2] }] })
    )
    const hr = kind(r.findings, 'structure/hidden-rows')[0]
    expect(hr).toMatchObject({ count: 4 })
    expect(hr && 'samples' in hr && hr.samples?.map((s) => s.cell)).toEqual(['A3', 'A4', 'A5', 'A6'])
    const hc = kind(r.findings, 'structure/hidden-columns')[0]
    expect(hc && 'samples' in hc && hc.samples?.[0]?.cell).toBe('C')
    // The SSNs sit in the hidden column: an error placed there.
    const ssn = pii(r.findings, 'pii/ssn')
    expect(ssn?.severity).toBe('error')
    expect(ssn?.location).toMatchObject({ sheet: 'S', part: 'hidden rows and columns' })
    expect(ssn?.samples.map((s) => s.cell)).toContain('C7')
  })

  test('filtered-out rows (autoFilter) are reported as such', async () => {
    const r = await scanFile('filter.xlsx', xlsx({ sheets: [{ name: 'S', rows: people(6), hiddenRows: [4], autoFilter: true }] }))
    expect(kind(r.findings, 'structure/filtered-rows')).toHaveLength(1)
  })

  test('cosmetic hiding: ;;; format and white-on-white text', async () => {
    const rows: Cell[][] = [['Facility', 'Count', 'Note']]
    for (let i = 0; i < 5; i++)
      rows.push([
        `SITE ${i}`,
        100 + i,
        i === 1 ? { v: person(40).ssn, style: 'hide' } : i === 3 ? { v: person(41).email, style: 'white' } : ''
      ])
    PLANTED.push(person(40).ssn, person(41).email)
    const r = await scanFile('cosmetic.xlsx', xlsx({ sheets: [{ name: 'S', rows }] }))
    const c = kind(r.findings, 'structure/cosmetic-hiding')[0]
    expect(c && 'samples' in c && c.samples?.map((s) => s.cell)).toEqual(['C3', 'C5'])
    expect(c?.message).toMatch(/;;;/)
    expect(c?.message).toMatch(/font colour/)
    expect(pii(r.findings, 'pii/ssn')?.location).toMatchObject({ part: 'hidden rows and columns', cell: 'C3' })
    expect(pii(r.findings, 'pii/email')?.severity).toBe('error')
  })

  test('comments and threaded comments (+ persons metadata)', async () => {
    const p = person(50)
    PLANTED.push(p.ssn, p.email, 'Invented Reviewer', 'Ana Reviewer')
    const r = await scanFile(
      'comments.xlsx',
      xlsx({
        sheets: [
          {
            ...summary,
            comments: [{ ref: 'B3', text: `verify SSN ${p.ssn} before release`, author: 'Ana Reviewer' }],
            threadedComments: [{ ref: 'A4', text: `ask ${p.email}` }]
          }
        ]
      })
    )
    expect(pii(r.findings, 'pii/ssn')?.location).toMatchObject({ sheet: 'Summary', part: 'comments', cell: 'B3' })
    expect(pii(r.findings, 'pii/email')?.location).toMatchObject({ part: 'threaded comments', cell: 'A4' })
    expect(kind(r.findings, 'structure/comments')).toHaveLength(2)
    // Comment authors and the people of threaded comments: one metadata warning for the file.
    const meta = r.findings.filter((f) => f.kind.startsWith('metadata/'))
    expect(meta).toHaveLength(1)
    expect(meta[0]).toMatchObject({ kind: 'metadata/author', severity: 'warning' })
    expect((meta[0] as { property: string }).property).toMatch(/authors.*displayName|displayName.*authors/)
  })

  test('pivot cache records keep the source data after the source sheet is gone', async () => {
    const records: Array<Array<string | number>> = []
    for (let i = 0; i < 30; i++) {
      const p = person(100 + i)
      PLANTED.push(`${p.family}, ${p.given}`, p.aNumber)
      records.push([`${p.family}, ${p.given}`, p.aNumber, 1])
    }
    const r = await scanFile('pivot.xlsx', xlsx({ sheets: [summary], pivot: { fields: ['Name', 'A-Number', 'Count'], records } }))
    const a = r.findings.find((f) => f.kind === 'pii/a-number' && f.location.part?.startsWith('pivot cache 1, record')) as PiiFinding
    expect(a.severity).toBe('error')
    expect(a.samples.map((s) => formatPlace(s))).toContain('pivot cache 1, record 12, column 2')
    expect(formatPlace(a.location)).toBe('pivot cache 1, record 1, column 2 (A-Number)')
    // The shared items of the definition are scanned too.
    expect(r.findings.some((f) => f.kind === 'pii/a-number' && f.location.part?.startsWith('pivot cache 1 shared items, item'))).toBe(true)
    const name = r.findings.find((f) => f.kind === 'pii/person-name' && f.location.part?.startsWith('pivot cache 1, record'))
    expect(name).toBeDefined()
    const s = kind(r.findings, 'structure/pivot-cache')[0]
    expect(s?.message).toMatch(/30 records/)
    expect(s?.message).toMatch(/source sheet is no longer/)
  })

  test('external-link cache values are scanned and placed', async () => {
    const rows = [['Name', 'SSN']]
    for (let i = 0; i < 10; i++) {
      const p = person(200 + i)
      rows.push([`${p.family}, ${p.given}`, p.ssn])
      PLANTED.push(p.ssn)
    }
    const r = await scanFile('extlink.xlsx', xlsx({ sheets: [summary], externalLink: { sheetName: 'Staff', rows } }))
    const ssn = pii(r.findings, 'pii/ssn')
    expect(ssn?.location).toMatchObject({ part: 'external-link cache 1, linked sheet Staff', cell: 'B2' })
    expect(kind(r.findings, 'structure/external-link-cache')).toHaveLength(1)
  })

  test('embedded workbooks are read recursively, with their place', async () => {
    const inner = xlsx({ sheets: [{ name: 'Inner', rows: people(10, 300) }] })
    const r = await scanFile('embed.xlsx', xlsx({ sheets: [summary], embedded: inner }))
    const ssn = pii(r.findings, 'pii/ssn')
    expect(ssn?.severity).toBe('error')
    expect(ssn?.location).toMatchObject({
      sheet: 'Inner',
      part: 'embedded workbook xl/embeddings/Microsoft_Excel_Worksheet1.xlsx',
      cell: 'C2'
    })
    expect(kind(r.findings, 'structure/embedded-workbook')).toHaveLength(1)
  })

  test('an embedded workbook is read as the format its content says: an ODS inside an XLSX', async () => {
    const rows = [['Name', 'SSN']]
    for (let i = 500; i < 510; i++) {
      const p = person(i)
      PLANTED.push(`${p.family}, ${p.given}`, p.ssn)
      rows.push([`${p.family}, ${p.given}`, p.ssn])
    }
    const inner = ods([{ name: 'Inner', hidden: true, rows }])
    const r = await scanFile('embed-ods.xlsx', xlsx({ sheets: [summary], embedded: inner }))
    expect(r.files[0]).toMatchObject({ status: 'scanned', format: 'xlsx' })
    expect(pii(r.findings, 'pii/ssn')?.location).toMatchObject({
      sheet: 'Inner',
      part: 'embedded workbook xl/embeddings/Microsoft_Excel_Worksheet1.xlsx, hidden sheet',
      cell: 'B2'
    })
    expect(kind(r.findings, 'structure/hidden-sheet')).toHaveLength(1)
  })

  test('embedding deeper than the limit is refused', async () => {
    let wb = xlsx({ sheets: [summary] })
    for (let i = 0; i < 4; i++) wb = xlsx({ sheets: [summary], embedded: wb })
    const r = await scanFile('deep-embed.xlsx', wb)
    expect(r.files[0]).toMatchObject({ status: 'unreadable' })
    expect(r.files[0]?.reason).toMatch(/embedded more than 3 levels/)
  })

  test('orphan shared strings, defined names and chart caches are scanned', async () => {
    const orphans = Array.from({ length: 8 }, (_, i) => person(400 + i).ssn)
    const email = person(420).email
    const chart = Array.from({ length: 6 }, (_, i) => person(430 + i).email)
    PLANTED.push(...orphans, email, ...chart)
    const r = await scanFile(
      'orphans.xlsx',
      xlsx({ sheets: [summary], orphanStrings: orphans, definedNames: [{ name: 'Contact', formula: `"${email}"` }], chartValues: chart })
    )
    const ssn = pii(r.findings, 'pii/ssn')
    expect(formatPlace(ssn!.samples[0]!)).toMatch(/^shared strings no cell uses, string \d+, column 1$/)
    expect(kind(r.findings, 'structure/orphan-shared-strings')[0]?.message).toMatch(/^8 strings/)
    const emails = kind(r.findings, 'pii/email').map((f) => f.location.part)
    expect(emails).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^defined names, name 1/),
        expect.stringMatching(/^chart cache xl\/charts\/chart1\.xml, point 1/)
      ])
    )
  })

  test('document properties and absPath are metadata warnings naming the property, never the value', async () => {
    PLANTED.push('Jordan Invented', 'C:\\Users\\jinvented\\Desktop\\', 'Invented Agency')
    const r = await scanFile(
      'meta.xlsx',
      xlsx({
        sheets: [summary],
        core: { creator: 'Jordan Invented', lastModifiedBy: 'Jordan Invented' },
        company: 'Invented Agency',
        absPath: 'C:\\Users\\jinvented\\Desktop\\'
      })
    )
    // One warning for the file, naming the properties that name a person; a company name is not one.
    const meta = r.findings.filter((f) => f.kind.startsWith('metadata/'))
    expect(meta).toHaveLength(1)
    expect(meta[0]).toMatchObject({ kind: 'metadata/author', severity: 'warning' })
    const props = (meta[0] as { property: string }).property.split(', ')
    expect(props.sort()).toEqual(['docProps/core.xml cp:lastModifiedBy', 'docProps/core.xml dc:creator', 'xl/workbook.xml x15ac:absPath'])
    expect(r.blocked).toBe(false)
  })

  test('no metadata warning for ids, SharePoint content types or other custom properties', async () => {
    const custom =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
      '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ContentTypeId"><vt:lpwstr>0x0101004A1B2C3D4E5F</vt:lpwstr></property>' +
      '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="MediaServiceImageTags"><vt:lpwstr></vt:lpwstr></property>' +
      '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="4" name="Order"><vt:r8>1200</vt:r8></property></Properties>'
    const r = await scanFile('sharepoint.xlsx', xlsx({ sheets: [summary], extraParts: { 'docProps/custom.xml': custom } }))
    expect(r.findings.filter((f) => f.kind.startsWith('metadata/'))).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('unknown parts are named as not inspected; a VBA project is a structure finding', async () => {
    const r = await scanFile(
      'unknown.xlsx',
      xlsx({ sheets: [summary], vba: true, extraParts: { 'xl/custom/blob.bin': Buffer.from([1, 2, 3, 4]) } })
    )
    expect(r.files[0]?.notInspected).toEqual(expect.arrayContaining(['xl/vbaProject.bin', 'xl/custom/blob.bin']))
    expect(kind(r.findings, 'file/not-inspected')).toHaveLength(2)
    expect(kind(r.findings, 'structure/vba-project')).toHaveLength(1)
  })

  test('any other XML part is read as text (revision log, custom XML)', async () => {
    const p = person(500)
    PLANTED.push(p.ssn)
    const r = await scanFile(
      'revisions.xlsx',
      xlsx({
        sheets: [summary],
        extraParts: {
          'xl/revisions/revisionLog1.xml': `<revisions xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><rcc rId="1" sId="1"><oc r="B2" t="inlineStr"><is><t>${p.ssn}</t></is></oc></rcc></revisions>`
        }
      })
    )
    expect(pii(r.findings, 'pii/ssn')?.location.part).toMatch(/^revision log xl\/revisions\/revisionLog1\.xml, text 1/)
    expect(kind(r.findings, 'structure/revision-log')).toHaveLength(1)
  })
})

describe('XLSX: sheet XML as producers write it', () => {
  test('formulas, entities, prefixes, odd quoting, inline strings and a sheet far bigger than one read chunk', async () => {
    const p = person(600)
    PLANTED.push(p.ssn, p.email)
    const rows: string[] = []
    for (let r = 1; r <= 40_000; r++) {
      rows.push(
        `<x:row r="${r}"><x:c r="A${r}"><x:f>ROW()</x:f><x:v>${r}</x:v></x:c><x:c r='B${r}' t='str'><x:v>SITE &amp; ${r % 7}</x:v></x:c></x:row>`
      )
    }
    rows.push(
      `<x:row r="40001"><x:c r="A40001" t="inlineStr"><x:is><x:t>see</x:t></x:is></x:c><x:c r="C40001" t="inlineStr"><x:is><x:r><x:t>${p.ssn.slice(0, 4)}</x:t></x:r><x:r><x:t>${p.ssn.slice(4)}</x:t></x:r><x:rPh><x:t>phonetic</x:t></x:rPh></x:is></x:c></x:row>`
    )
    rows.push(`<row r="40002"><c r="D40002" t="str"><f>CONCAT("a","b")</f><v>${p.email}</v></c><c r="E40002"><v>7</v><extLst/></c></row>`)
    const sheet = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><!-- made by hand --><x:sheetData>${rows.join('')}</x:sheetData></x:worksheet>`
    const seen: Record<string, string> = {}
    const file = dir.write('handmade.xlsx', xlsx({ sheets: [{ name: 'S', rows: [] }], replace: { 'xl/worksheets/sheet1.xml': sheet } }))
    let rowsSeen = 0
    const extra: string[] = []
    await readTabular(file, 'handmade.xlsx', {
      table: (meta) => ({
        row(v, pos) {
          // The sheet and part names are read as data, in lists of their own.
          if (meta.part === 'sheet names' || meta.part === 'part names') return
          // Formula literals and phonetic readings go to tables of their own.
          if (meta.part) return void extra.push(`${meta.part} ${pos}: ${v.join('|')}`)
          rowsSeen++
          v.forEach((x, i) => {
            if (x && (pos === 1 || pos === 20_000 || pos > 40_000)) seen[`${'ABCDE'[i]}${pos}`] = x
          })
        },
        end() {},
        abort() {}
      })
    })
    expect(rowsSeen).toBe(40_002)
    expect(extra).toEqual(['phonetic readings 40001: ||phonetic', 'formula text 40002: |||ab'])
    expect(seen).toEqual({
      A1: '1',
      B1: 'SITE & 1',
      A20000: '20000',
      B20000: `SITE & ${20_000 % 7}`,
      A40001: 'see',
      C40001: p.ssn,
      D40002: p.email,
      E40002: '7'
    })
    const r = await scanFile('handmade.xlsx', readFileSync(file))
    expect(pii(r.findings, 'pii/ssn')?.location).toMatchObject({ sheet: 'S', cell: 'C40001' })
  })
})

test('text outside the grid is never taken as a header label', async () => {
  // A comment whose text looks like a header would otherwise label the column.
  const p = person(700)
  PLANTED.push(p.ssn, 'Checked in 2024 by reviewer Taras')
  const r = await scanFile(
    'labels.xlsx',
    xlsx({
      sheets: [
        {
          ...summary,
          comments: [
            { ref: 'B2', text: 'Checked in 2024 by reviewer Taras' },
            { ref: 'B3', text: `SSN ${p.ssn}` }
          ]
        }
      ],
      orphanStrings: ['Checked in 2024 by reviewer Taras']
    })
  )
  const ssn = pii(r.findings, 'pii/ssn')
  expect(ssn?.location).toMatchObject({ part: 'comments', cell: 'B3' })
  expect(ssn?.location.header).toBeUndefined()
})
