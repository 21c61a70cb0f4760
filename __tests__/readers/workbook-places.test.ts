// Every place of a workbook where a list of people can hide is read into
// the detectors (and blocks, at its named place), or the file blocks as not
// inspected or unreadable. Each case holds 30 invented people.

import { scanWithPolicy } from '../helpers/scan.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { formatPlace, type Finding } from '../../src/findings.js'
import type { Report } from '../../src/report/types.js'
import { person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'
import { ods, ODS_CONTENT_OPEN, xlsx, type WorkbookSpec } from '../helpers/ooxml.js'

const dir = tempDir()
const N = 30
const people = Array.from({ length: N }, (_, i) => person(900 + i))
const ssns = people.map((p) => p.ssn)
const emails = people.map((p) => p.email)
const PLANTED = [...ssns, ...emails, ...people.map((p) => `${p.family}, ${p.given}`)]

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const summary = {
  name: 'Summary',
  rows: [
    ['Facility', 'Count'],
    ['NORTH', 12],
    ['SOUTH', 9]
  ]
}
/** A worksheet part: the given rows XML in sheetData, then `after` (elements that follow sheetData). */
const sheet = (rows: string, after = ''): string =>
  `<?xml version="1.0"?><worksheet ${NS}><sheetData>${rows}</sheetData>${after}</worksheet>`
const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Facility</t></is></c><c r="B1" t="inlineStr"><is><t>Count</t></is></c></row>'

async function scanFile(name: string, data: Buffer): Promise<Report> {
  dir.write(name, data)
  const r = await scanWithPolicy({ policy: builtInPolicy(), paths: [name], root: dir.path })
  // Never echo a found value.
  const json = JSON.stringify(r)
  for (const v of PLANTED) expect(json).not.toContain(v)
  return r
}

const piiAt = (r: Report, part: RegExp): Finding[] =>
  r.findings.filter((f) => f.kind.startsWith('pii/') && f.severity === 'error' && part.test(formatPlace(f.location)))

/** The file blocks, with personal-data errors at the named place. */
async function blocksAt(name: string, data: Buffer, part: RegExp): Promise<Report> {
  const r = await scanFile(name, data)
  expect(r.files[0]?.status).toBe('scanned')
  expect(r.blocked).toBe(true)
  expect(piiAt(r, part).map((f) => formatPlace(f.location))).toEqual(expect.arrayContaining([expect.stringMatching(part)]))
  return r
}

/** The file blocks as unreadable, with the reason. */
async function unreadable(name: string, data: Buffer, reason: RegExp): Promise<Report> {
  const r = await scanFile(name, data)
  expect(r.files[0]?.status).toBe('unreadable')
  expect(r.files[0]?.reason).toMatch(reason)
  expect(r.blocked).toBe(true)
  return r
}

const wb = (spec: Partial<WorkbookSpec>): Buffer => xlsx({ sheets: [summary], ...spec })

describe('XLSX places', () => {
  test('string literals inside formulas whose cached value shows nothing', async () => {
    const rows = people
      .map(
        (p, i) =>
          `<row r="${i + 2}"><c r="A${i + 2}" t="str"><f>IF(FALSE,"${p.ssn}","")</f><v></v></c><c r="B${i + 2}"><v>${i}</v></c></row>`
      )
      .join('')
    await blocksAt(
      'formula-literals.xlsx',
      wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(header + rows) } }),
      /^Summary!formula text!A\d+|formula text/
    )
  })

  test('formulas with no cached value (as ExcelJS writes them)', async () => {
    const rows = people
      .map(
        (p, i) =>
          `<row r="${i + 2}"><c r="A${i + 2}"><f>"${p.email}"</f></c><c r="B${i + 2}" t="str"><f>CONCATENATE("${p.ssn.slice(0, 4)}","${p.ssn.slice(4)}")</f></c></row>`
      )
      .join('')
    const r = await blocksAt('formula-nocache.xlsx', wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(header + rows) } }), /formula text/)
    expect(r.findings.some((f) => f.kind === 'pii/ssn')).toBe(true)
    expect(r.findings.some((f) => f.kind === 'pii/email')).toBe(true)
  })

  test('data-validation lists', async () => {
    const list = `<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A2:A40"><formula1>"${emails.join(',')}"</formula1></dataValidation></dataValidations>`
    await blocksAt(
      'validation.xlsx',
      wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(header, list) } }),
      /data validation lists, item \d+/
    )
  })

  test('print headers and footers', async () => {
    const part = (k: number): string =>
      people
        .slice(k * 5, k * 5 + 5)
        .map((p) => p.ssn)
        .join('; ')
    const hf = `<headerFooter><oddHeader>&amp;L${part(0)}&amp;C&amp;"Arial,Bold"${part(1)}&amp;R&amp;P of &amp;N</oddHeader><oddFooter>&amp;L${part(2)}&amp;R${part(3)}</oddFooter><evenFooter>&amp;C${part(4)}</evenFooter><firstHeader>${part(5)}</firstHeader></headerFooter>`
    const r = await blocksAt(
      'header-footer.xlsx',
      wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(header, hf) } }),
      /print headers and footers, section \d+/
    )
    expect(r.findings.find((f) => f.kind === 'pii/ssn')).toBeDefined()
  })

  test('chart literals (strLit) and rich-text titles', async () => {
    const lit = `<c:strLit><c:ptCount val="${N}"/>${emails.map((e, i) => `<c:pt idx="${i}"><c:v>${e}</c:v></c:pt>`).join('')}</c:strLit>`
    // A title split into runs, as a chart editor writes it.
    const rich = `<c:title><c:tx><c:rich><a:bodyPr/><a:p>${ssns.map((s) => `<a:r><a:rPr lang="en-US" b="1"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:rPr><a:t>${s.slice(0, 5)}</a:t></a:r><a:r><a:t>${s.slice(5)} </a:t></a:r>`).join('')}</a:p></c:rich></c:tx></c:title>`
    const chart = `<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>${rich}<c:plotArea><c:barChart><c:ser><c:cat>${lit}</c:cat></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>`
    const r = await blocksAt(
      'chart.xlsx',
      wb({ extraParts: { 'xl/charts/chart1.xml': chart } }),
      /chart (cache|text) xl\/charts\/chart1\.xml/
    )
    expect(piiAt(r, /chart cache/).some((f) => f.kind === 'pii/email')).toBe(true)
    expect(piiAt(r, /chart text/).some((f) => f.kind === 'pii/ssn')).toBe(true)
  })

  test('attributes of custom XML parts', async () => {
    const item = `<?xml version="1.0"?><staff xmlns="urn:invented">${people.map((p) => `<member id="${esc(p.ssn)}" mail="${esc(p.email)}"/>`).join('')}</staff>`
    await blocksAt('customxml.xlsx', wb({ extraParts: { 'customXml/item1.xml': item } }), /^part customXml\/item1\.xml, text \d+/)
  })

  test('table column names', async () => {
    const table = `<?xml version="1.0"?><table ${NS} id="1" name="Table1" displayName="Table1" ref="A1:AD2"><tableColumns count="${N}">${emails.map((e, i) => `<tableColumn id="${i + 1}" name="${e}"/>`).join('')}</tableColumns></table>`
    await blocksAt('table-columns.xlsx', wb({ extraParts: { 'xl/tables/table1.xml': table } }), /^part xl\/tables\/table1\.xml, text \d+/)
  })

  test('cells past column XFD make the file unreadable', async () => {
    const rows = people.map((p, i) => `<row r="${i + 2}"><c r="XFE${i + 2}" t="inlineStr"><is><t>${p.ssn}</t></is></c></row>`).join('')
    await unreadable('past-xfd.xlsx', wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(header + rows) } }), /past column XFD/)
    // The fast path (shared strings) too.
    const fast = people.map((_, i) => `<row r="${i + 2}"><c r="AAAA${i + 2}" t="s"><v>${i}</v></c></row>`).join('')
    const sst = `<?xml version="1.0"?><sst ${NS}>${ssns.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`
    await unreadable(
      'past-xfd-fast.xlsx',
      wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(header + fast), 'xl/sharedStrings.xml': sst } }),
      /past column XFD/
    )
  })

  test('phonetic runs in shared strings and inline strings', async () => {
    const sst = `<?xml version="1.0"?><sst ${NS}>${people.map((p) => `<si><t>Facility</t><rPh sb="0" eb="1"><t>${p.ssn}</t></rPh><phoneticPr fontId="1"/></si>`).join('')}</sst>`
    const rows = people.map((_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>${i}</v></c></row>`).join('')
    await blocksAt(
      'phonetic.xlsx',
      wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(header + rows), 'xl/sharedStrings.xml': sst } }),
      /^phonetic readings of shared strings, string \d+/
    )
    const inline = people
      .map(
        (p, i) =>
          `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>Facility</t><rPh sb="0" eb="1"><t>${p.email}</t></rPh></is></c></row>`
      )
      .join('')
    await blocksAt('phonetic-inline.xlsx', wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(header + inline) } }), /phonetic readings/)
  })

  test('two zip entries of the same name are unreadable (exact and case-folded)', async () => {
    const rows = people.map((p, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>${p.ssn}</t></is></c></row>`).join('')
    await unreadable('dup.xlsx', wb({ extraEntries: [{ name: 'xl/worksheets/sheet1.xml', data: sheet(header + rows) }] }), /same name/)
    await unreadable('dup-case.xlsx', wb({ extraEntries: [{ name: 'XL/Worksheets/Sheet1.xml', data: sheet(header + rows) }] }), /same name/)
  })

  test('the zip comment', async () => {
    await blocksAt('comment.xlsx', wb({ zipComment: ssns.join('\n') }), /^zip comments, comment 1/)
  })

  test('an embedded CSV object and unknown text parts are read as text', async () => {
    const csv = 'name,ssn,email\n' + people.map((p) => `"${p.family}, ${p.given}",${p.ssn},${p.email}`).join('\n')
    await blocksAt(
      'embedded-csv.xlsx',
      wb({ extraParts: { 'xl/embeddings/oleObject1.bin': csv } }),
      /^embedded object xl\/embeddings\/oleObject1\.bin, line \d+/
    )
    await blocksAt('text-part.xlsx', wb({ extraParts: { 'xl/custom/staff.dat': csv } }), /^part xl\/custom\/staff\.dat, line \d+/)
  })

  test('a UTF-16 part without a byte-order mark (a sheet custom property) is read as text, not refused as binary', async () => {
    const prop = Buffer.from(`<root>${ssns.map((s) => `<v>${s}</v>`).join('')}</root>\r\n`, 'utf16le')
    const r = await blocksAt(
      'custom-property.xlsx',
      wb({ extraParts: { 'xl/customProperty1.bin': prop } }),
      /^part xl\/customProperty1\.bin, text \d+/
    )
    expect(r.findings.filter((f) => f.kind === 'file/not-inspected')).toEqual([])
  })

  test('custom XML elements named like text runs stay apart (no joined values)', async () => {
    const item = `<?xml version="1.0"?><packet><s key="a">Sales</s><s key="b">${'1'.repeat(3)}</s><s key="c">${'5'.repeat(4)}</s></packet>`
    const file = dir.write('custom-runs.xlsx', wb({ extraParts: { 'customXml/item1.xml': item } }))
    const { readTabular } = await import('../../src/readers/index.js')
    const seen: string[] = []
    await readTabular(file, 'custom-runs.xlsx', {
      table: (m) => ({ row: (v) => void (m.part === 'part customXml/item1.xml' && seen.push(...v)), end() {}, abort() {} })
    })
    expect(seen).toEqual(expect.arrayContaining(['Sales', '111', '5555']))
    expect(seen.some((v) => v.includes('111') && v.includes('5555'))).toBe(false)
  })

  test('a binary embedded object blocks as not inspected', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])
    const r = await scanFile('ole.xlsx', wb({ extraParts: { 'xl/embeddings/oleObject1.bin': ole } }))
    const f = r.findings.find((x) => x.kind === 'file/not-inspected')
    expect(f).toMatchObject({ severity: 'error', location: { part: 'xl/embeddings/oleObject1.bin' } })
    expect(r.files[0]?.notInspected).toEqual(['xl/embeddings/oleObject1.bin'])
    expect(r.blocked).toBe(true)
  })

  test('a part named as an image is read when its bytes are not an image; real images are skipped', async () => {
    const csv = 'ssn,email\n' + people.map((p) => `${p.ssn},${p.email}`).join('\n')
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)])
    const r = await blocksAt(
      'fake-image.xlsx',
      wb({ extraParts: { 'xl/media/image1.png': csv, 'xl/media/image2.png': png } }),
      /^part xl\/media\/image1\.png, line \d+/
    )
    expect(r.findings.filter((f) => f.kind === 'file/not-inspected')).toEqual([])
  })

  test('text in parts that have none by design (calculation chain, content types) is read', async () => {
    const chain = `<?xml version="1.0"?><calcChain ${NS}><c r="A1" i="1"/>${ssns.map((s) => `<c r="A2">${s}</c>`).join('')}</calcChain>`
    await blocksAt('calcchain.xlsx', wb({ extraParts: { 'xl/calcChain.xml': chain } }), /^part xl\/calcChain\.xml, text \d+/)
  })

  test('custom document property values', async () => {
    const custom =
      `<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
      `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Reviewed"><vt:lpwstr>${ssns.join('; ')}</vt:lpwstr></property>` +
      `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Owner"><vt:lpwstr>${emails.join('; ')}</vt:lpwstr></property></Properties>`
    const r = await blocksAt(
      'custom-props.xlsx',
      wb({ extraParts: { 'docProps/custom.xml': custom } }),
      /^document properties docProps\/custom\.xml, property \d+/
    )
    expect(r.findings.some((f) => f.kind === 'pii/ssn')).toBe(true)
    expect(r.findings.some((f) => f.kind === 'pii/email')).toBe(true)
  })

  test('pivot-cache records past the cell limit block; they are never dropped in silence', async () => {
    const records = people.map((p) => [`${p.family}, ${p.given}`, p.ssn, 1])
    const data = wb({ pivot: { fields: ['Name', 'SSN', 'Count'], records } })
    dir.write('pivot-limit.xlsx', data)
    const { parsePolicy } = await import('../../src/policy/load.js')
    const policy = parsePolicy('version: 1\nlimits:\n  max-cells-per-sheet: 40\n', 'policy.yml')
    const r = await scanWithPolicy({ policy, paths: ['pivot-limit.xlsx'], root: dir.path })
    expect(r.files[0]?.status).toBe('unreadable')
    expect(r.files[0]?.reason).toMatch(/more than 40 cells/)
    expect(r.blocked).toBe(true)
  })
})

const odsTable = (body: string, before = ''): string =>
  ODS_CONTENT_OPEN +
  `<office:body><office:spreadsheet>${before}<table:table table:name="S">${body}</table:table></office:spreadsheet></office:body></office:document-content>`
const odsRow = (cells: string, attrs = ''): string => `<table:table-row${attrs}>${cells}</table:table-row>`
const strCell = (s: string): string => `<table:table-cell office:value-type="string"><text:p>${esc(s)}</text:p></table:table-cell>`

describe('ODS places', () => {
  test('float cells whose displayed text differs from the value', async () => {
    const rows = people
      .map((p, i) =>
        odsRow(`<table:table-cell office:value-type="float" office:value="${i + 1}"><text:p>${p.ssn}</text:p></table:table-cell>`)
      )
      .join('')
    await blocksAt(
      'display.ods',
      ods([], undefined, { content: odsTable(odsRow(strCell('Count')) + rows) }),
      /^S!displayed text!A\d+|displayed text/
    )
  })

  test('a float shown with grouping, currency or fewer decimals says nothing more (not read twice)', async () => {
    const rows = [
      ['1234.5', '1,234.50'],
      ['1234.5', '€ 1.234,50'],
      ['0.256', '25.6 %', 'percentage'],
      ['3.14159', '3.14'],
      ['1999.995', '2,000.00']
    ]
      .map(([v, t, type]) =>
        odsRow(`<table:table-cell office:value-type="${type ?? 'float'}" office:value="${v}"><text:p>${t}</text:p></table:table-cell>`)
      )
      .join('')
    const date = odsRow(
      `<table:table-cell office:value-type="date" office:date-value="1985-03-04"><text:p>Monday, March 4, 1985</text:p></table:table-cell>`
    )
    const seen: string[] = []
    const file = dir.write('display-ok.ods', ods([], undefined, { content: odsTable(odsRow(strCell('Amount')) + rows + date) }))
    const { readTabular } = await import('../../src/readers/index.js')
    await readTabular(file, 'display-ok.ods', { table: (m) => ({ row: () => void seen.push(String(m.part)), end() {}, abort() {} }) })
    expect(seen.filter((p) => p === 'displayed text')).toEqual([])
  })

  test('text boxes and shapes', async () => {
    const shapes = `<table:shapes><draw:frame draw:name="Box 1" svg:width="5cm" svg:height="3cm"><draw:text-box>${people.map((p) => `<text:p>${p.ssn} <text:span>${p.email}</text:span></text:p>`).join('')}</draw:text-box></draw:frame></table:shapes>`
    await blocksAt(
      'textbox.ods',
      ods([], undefined, { content: odsTable(shapes + odsRow(strCell('Count'))) }),
      /^S!text boxes and shapes, text \d+|text boxes and shapes/
    )
  })

  test('validation lists', async () => {
    const cond = `of:cell-content-is-in-list(${emails.map((e) => `&quot;${e}&quot;`).join(';')})`
    const validations = `<table:content-validations><table:content-validation table:name="val1" table:condition="${cond}" table:allow-empty-cell="true"/></table:content-validations>`
    await blocksAt(
      'validation.ods',
      ods([], undefined, { content: odsTable(odsRow(strCell('Count')), validations) }),
      /data validation lists, item \d+/
    )
  })

  test('any XML or text part is read as text: manifest.rdf does not block', async () => {
    const rdf = `<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="content.xml"><rdf:type rdf:resource="http://docs.oasis-open.org/ns/office/1.2/meta/odf#ContentFile"/></rdf:Description></rdf:RDF>`
    const r = await scanFile(
      'manifest.ods',
      ods(
        [
          {
            name: 'S',
            rows: [
              ['Facility', 'Count'],
              ['NORTH', 3]
            ]
          }
        ],
        undefined,
        { parts: { 'manifest.rdf': rdf } }
      )
    )
    expect(r.files[0]?.notInspected).toBeUndefined()
    expect(r.findings.filter((f) => f.kind === 'file/not-inspected')).toEqual([])
    expect(r.blocked).toBe(false)
    // The same part with people in it is read.
    const leak = rdf.replace(
      '</rdf:RDF>',
      `<rdf:Description rdf:about="staff">${ssns.map((s) => `<note>${s}</note>`).join('')}</rdf:Description></rdf:RDF>`
    )
    await blocksAt(
      'manifest-leak.ods',
      ods([{ name: 'S', rows: [['Facility', 'Count']] }], undefined, { parts: { 'manifest.rdf': leak } }),
      /^part manifest\.rdf, text \d+/
    )
  })
})

describe('bounded work', () => {
  test('an ODS row repeated 10^10 times is refused before any copy is made', async () => {
    const body = odsRow(strCell('Count')) + odsRow(strCell('NORTH') + strCell('12'), ' table:number-rows-repeated="10000000000"')
    await unreadable('repeat-rows.ods', ods([], undefined, { content: odsTable(body) }), /repeated rows and cells expand to more than/)
  })

  test('an ODS cell repeated past the last column is refused; repeated empty cells cost nothing', async () => {
    const wide = odsRow(
      `<table:table-cell office:value-type="string" table:number-columns-repeated="20000"><text:p>x</text:p></table:table-cell>`
    )
    await unreadable('repeat-cols.ods', ods([], undefined, { content: odsTable(odsRow(strCell('Count')) + wide) }), /past column XFD/)
    const blank = `<table:table-cell table:number-columns-repeated="1000000000"/>`
    const empty = odsRow(strCell('Count') + blank) + odsRow(blank, ' table:number-rows-repeated="1000000000"')
    const r = await scanFile('repeat-empty.ods', ods([], undefined, { content: odsTable(empty) }))
    expect(r.files[0]?.status).toBe('scanned')
  })

  test('repeats of text beside the value (formulas) count too', async () => {
    const body = odsRow(
      `<table:table-cell table:formula="of:=&quot;x&quot;" office:value-type="string" office:string-value=""/>`,
      ' table:number-rows-repeated="10000000000"'
    )
    await unreadable('repeat-formula.ods', ods([], undefined, { content: odsTable(body) }), /repeated rows and cells expand to more than/)
  })

  test('rows whose last cell is at column XFD count their width: a small file of them is refused', async () => {
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c><c r="XFD${i + 1}"><v>2</v></c></row>`
    ).join('')
    await unreadable('sparse-wide.xlsx', wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(rows) } }), /more than \d+ cells with content/)
  })

  test('comments at the last column count their width too', async () => {
    const cm = Array.from(
      { length: 5_000 },
      (_, i) => `<comment ref="XFD${i + 1}" authorId="0"><text><r><t>n</t></r></text></comment>`
    ).join('')
    const comments = `<?xml version="1.0"?><comments ${NS}><authors><author>a</author></authors><commentList>${cm}</commentList></comments>`
    await unreadable(
      'far-comments.xlsx',
      xlsx({ sheets: [{ ...summary, comments: [{ ref: 'A1', text: 'x' }] }], replace: { 'xl/comments1.xml': comments } }),
      /more than \d+ cells with content/
    )
  })

  test('a package may not inflate to more than 100 times its size on disk (plus 10 MiB)', async () => {
    // 18 MB of sheet XML in entries each under 10 MB (no per-entry ratio check), from a file of a few KB.
    const row = '<row><c><v>1</v></c><c><v>2</v></c></row>'
    const part = sheet(row.repeat(Math.ceil(6e6 / row.length)))
    const data = xlsx({
      sheets: [summary, { name: 'B', rows: [] }, { name: 'C', rows: [] }],
      replace: { 'xl/worksheets/sheet1.xml': part, 'xl/worksheets/sheet2.xml': part, 'xl/worksheets/sheet3.xml': part }
    })
    expect(data.length).toBeLessThan(100_000)
    await unreadable('ratio-package.xlsx', data, /over 100 times the file's size on disk/)
  })

  test('the parts read by the general XML parser have a budget of their own', async () => {
    // Hex text compresses about 2:1, so no ratio check refuses it first; it is refused before it is read.
    const { randomBytes } = await import('node:crypto')
    const nodes = `<r><a>${randomBytes(17 * 1024 * 1024).toString('hex')}</a></r>`
    await unreadable(
      'general-xml.xlsx',
      wb({ extraParts: { 'customXml/item1.xml': nodes } }),
      /parts other than its cells hold more than 32 MiB of XML/
    )
  })

  test('cells whose end is far away read correctly (the end is searched once, not once per cell)', async () => {
    const cells = Array.from({ length: 5_000 }, (_, i) => `<c t="str"><v>v${i}</v><extLst/></c>`).join('')
    const rows = `<row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c></row><row r="2">${cells}</row>`
    const file = dir.write('far-end.xlsx', wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(rows) } }))
    const { readTabular } = await import('../../src/readers/index.js')
    let n = 0
    await readTabular(file, 'far-end.xlsx', {
      table: (m) => ({
        row: (v) => void (m.sheet === 'Summary' && !m.part && (n += v.filter((x) => x !== '').length)),
        end() {},
        abort() {}
      })
    })
    expect(n).toBe(5_001)
  })

  test('a shared string longer than a cell may hold, used by many cells, is refused before any cell is scanned', async () => {
    // The shape of a public proof-of-concept file: one 1 MB string, 12,000 cells using it.
    const sst = `<?xml version="1.0"?><sst ${NS} count="1" uniqueCount="1"><si><t>${'abcdefgh'.repeat(131_072)}</t></si></sst>`
    const rows = Array.from(
      { length: 4_000 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>0</v></c><c r="B${i + 1}" t="s"><v>0</v></c><c r="C${i + 1}" t="s"><v>0</v></c></row>`
    ).join('')
    await unreadable(
      'long-string.xlsx',
      wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(rows), 'xl/sharedStrings.xml': sst } }),
      /more than 32,767 characters/
    )
  })

  test('text that cells repeat counts at each cell against a budget of characters', async () => {
    // Strings of 30,000 characters (under the cell limit) used 40,000 times: 1.2 billion characters from a small file.
    const sst = `<?xml version="1.0"?><sst ${NS}>${Array.from({ length: 4 }, (_, k) => `<si><t>${String(k).repeat(30_000)}</t></si>`).join('')}</sst>`
    const rows = Array.from(
      { length: 10_000 },
      (_, i) => `<row r="${i + 1}">${[0, 1, 2, 3].map((k) => `<c r="${'ABCD'[k]}${i + 1}" t="s"><v>${k}</v></c>`).join('')}</row>`
    ).join('')
    const file = dir.write('repeated-text.xlsx', wb({ replace: { 'xl/worksheets/sheet1.xml': sheet(rows), 'xl/sharedStrings.xml': sst } }))
    const { readTabular } = await import('../../src/readers/index.js')
    const nullSink = { table: () => ({ row() {}, end() {}, abort() {} }) }
    // The budget is what the package may inflate to (here set to 4 MB; by default up to 512 MiB).
    await expect(readTabular(file, 'repeated-text.xlsx', nullSink, { limits: { maxTotalUncompressed: 4_000_000 } })).rejects.toThrow(
      /more than \d+ characters of text/
    )
  })
})
