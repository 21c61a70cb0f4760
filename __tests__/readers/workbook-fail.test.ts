// Fail closed: every package we cannot read fully is unreadable (an error
// that blocks) with a reason and a remedy; hostile packages are refused
// before or while they inflate.

import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib'
import { scanWithPolicy } from '../helpers/scan.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { readTabular } from '../../src/readers/index.js'
import { UnreadableError } from '../../src/errors.js'
import type { TableSink } from '../../src/tabular.js'
import { tempDir } from '../helpers/tmp.js'
import { ods, xlsx } from '../helpers/ooxml.js'
import { zip } from '../helpers/zip.js'

const dir = tempDir()
const nullSink: TableSink = { table: () => ({ row() {}, end() {}, abort() {} }) }

async function expectUnreadable(name: string, data: Buffer, reason: RegExp): Promise<void> {
  dir.write(name, data)
  const r = await scanWithPolicy({ policy: builtInPolicy(), paths: [name], root: dir.path })
  expect(r.files[0]?.status).toBe('unreadable')
  const f = r.findings.find((x) => x.kind === 'file/unreadable')
  expect(f?.severity).toBe('error')
  expect(f && 'remedy' in f && f.remedy.length).toBeGreaterThan(10)
  expect(f && 'reason' in f && f.reason).toMatch(reason)
  expect(r.blocked).toBe(true)
}

const sheet = {
  name: 'S',
  rows: [
    ['Facility', 'Count'],
    ['NORTH', 12]
  ]
}
const good = xlsx({ sheets: [sheet] })

describe('fail closed on broken and hostile packages', () => {
  test('truncated zip', async () => {
    await expectUnreadable('truncated.xlsx', good.subarray(0, Math.floor(good.length / 2)), /truncated or corrupt zip/)
  })

  test('CRC mismatch', async () => {
    const sheetXml =
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    const bad = rebuild(good, { 'xl/worksheets/sheet1.xml': { data: sheetXml, declaredCrc: crc32(sheetXml) ^ 0xffff } })
    await expectUnreadable('crc.xlsx', bad, /CRC/)
  })

  test('a corrupt part that fits in one chunk is not read at all before its CRC fails', async () => {
    const sheetXml =
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Facility</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>NORTH</t></is></c></row>' +
      '</sheetData></worksheet>'
    const bad = rebuild(good, { 'xl/worksheets/sheet1.xml': { data: sheetXml, declaredCrc: crc32(sheetXml) ^ 0xffff } })
    const file = dir.write('crc-rows.xlsx', bad)
    let rows = 0
    const counting: TableSink = { table: () => ({ row: () => void rows++, end() {}, abort() {} }) }
    await expect(readTabular(file, 'crc-rows.xlsx', counting)).rejects.toThrow(/CRC/)
    expect(rows).toBe(0)
  })

  test.each([
    ['a sheet (fast tokenizer)', 'xl/worksheets/sheet1.xml'],
    ['the workbook part (saxes)', 'xl/workbook.xml']
  ])('XML with a DOCTYPE declaring entities in %s', async (_, part) => {
    const evil =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    await expectUnreadable(`doctype-${part.length}.xlsx`, rebuild(good, { [part]: { data: evil } }), /DOCTYPE that declares entities/)
  })

  test('declared 2 GiB: refused from the central directory, before inflating', async () => {
    const small = Buffer.alloc(1 << 20, 0x20)
    const bomb = rebuild(good, {
      'xl/worksheets/sheet1.xml': {
        data: '',
        raw: { deflated: deflateRawSync(small), size: small.length, crc: crc32(small) },
        declaredSize: 2 ** 31
      }
    })
    await expectUnreadable('declared-bomb.xlsx', bomb, /zip bomb: its entries declare more than [0-9.]+ MiB/)
  })

  test('an entry that inflates past its declared size is stopped while streaming', async () => {
    const big = Buffer.alloc(5 << 20, 0x20)
    const liar = rebuild(good, {
      'xl/workbook.xml': { data: '', raw: { deflated: deflateRawSync(big), size: 1000, crc: crc32(big) } }
    })
    await expectUnreadable('liar.xlsx', liar, /zip bomb: an entry inflates to more than its declared size/)
  })

  test('compression ratio above 100:1 past 10 MB', async () => {
    const big = Buffer.alloc(11 << 20, 0x20)
    const bomb = rebuild(good, { 'xl/sharedStrings.xml': { data: big } })
    await expectUnreadable('ratio.xlsx', bomb, /compressed more than 100:1/)
  })

  test('entry count and cells per sheet are limited (limits can be passed in)', async () => {
    const file = dir.write('limits.xlsx', good)
    await expect(readTabular(file, 'limits.xlsx', nullSink, { limits: { maxEntries: 3 } })).rejects.toThrow(/entries \(the limit is 3\)/)
    await expect(readTabular(file, 'limits.xlsx', nullSink, { limits: { maxCellsPerSheet: 3 } })).rejects.toThrow(/more than 3 cells/)
    await expect(readTabular(file, 'limits.xlsx', nullSink, { limits: { maxCellsPerSheet: 3 } })).rejects.toBeInstanceOf(UnreadableError)
  })

  test('legacy .xls (BIFF in a CFB container)', async () => {
    const cfb = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
      Buffer.from('Workbook', 'utf16le'),
      Buffer.alloc(512)
    ])
    await expectUnreadable('legacy.xls', cfb, /legacy Excel 97-2003/)
  })

  test('password-encrypted OOXML (CFB with EncryptionInfo and EncryptedPackage)', async () => {
    const cfb = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(1000),
      Buffer.from('EncryptionInfo', 'utf16le'),
      Buffer.alloc(100),
      Buffer.from('EncryptedPackage', 'utf16le'),
      Buffer.alloc(1000)
    ])
    await expectUnreadable('secret.xlsx', cfb, /password-encrypted/)
  })

  test('encrypted ODS', async () => {
    await expectUnreadable('secret.ods', ods([{ name: 'S', rows: [['a']] }], undefined, { encrypted: true }), /encrypted/)
  })

  test('a zip that is not a spreadsheet', async () => {
    await expectUnreadable(
      'doc.xlsx',
      zip([
        { name: 'word/document.xml', data: '<w:document/>' },
        { name: '[Content_Types].xml', data: '<Types/>' }
      ]),
      /not a spreadsheet/
    )
  })

  test('malformed XML in a part', async () => {
    await expectUnreadable(
      'malformed.xlsx',
      rebuild(good, { 'xl/styles.xml': { data: '<styleSheet><numFmts></styleSheet>' } }),
      /malformed/
    )
  })
})

/** The same package with some entries replaced (kept in place). */
function rebuild(pkg: Buffer, replace: Record<string, Partial<Parameters<typeof zip>[0][number]>>): Buffer {
  const entries = readEntries(pkg).map((e) => (replace[e.name] ? { ...e, ...replace[e.name] } : e))
  return zip(entries)
}

/** Entries of a zip written by our helper (stored names, deflated data). */
function readEntries(b: Buffer): Array<{ name: string; data: Buffer }> {
  const out: Array<{ name: string; data: Buffer }> = []
  let p = 0
  while (b.readUInt32LE(p) === 0x04034b50) {
    const method = b.readUInt16LE(p + 8)
    const csize = b.readUInt32LE(p + 18)
    const nlen = b.readUInt16LE(p + 26)
    const name = b.subarray(p + 30, p + 30 + nlen).toString('utf8')
    const raw = b.subarray(p + 30 + nlen, p + 30 + nlen + csize)
    out.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) })
    p += 30 + nlen + csize
  }
  return out
}

test('limits can be set in the policy file', async () => {
  const { parsePolicy } = await import('../../src/policy/load.js')
  const policy = parsePolicy('version: 1\nlimits:\n  max-cells-per-sheet: 3\n  max-embedding-depth: 0\n', 'policy.yml')
  expect(policy.limits).toMatchObject({ maxCellsPerSheet: 3, maxEmbeddingDepth: 0 })
  dir.write('policy-limits.xlsx', good)
  const r = await scanWithPolicy({ policy, paths: ['policy-limits.xlsx'], root: dir.path })
  expect(r.files[0]?.reason).toMatch(/more than 3 cells/)
  expect(() => parsePolicy('version: 1\nlimits:\n  max-cels: 3\n', 'policy.yml')).toThrow(/unknown key `max-cels`/)
})

test('embedded workbooks share the package budget of inflated bytes', async () => {
  const inner = xlsx({ sheets: [sheet], extraParts: { 'xl/pad.xml': `<pad>${' '.repeat(600_000)}</pad>` } })
  const outer = xlsx({ sheets: [sheet], embedded: inner, extraParts: { 'xl/pad.xml': `<pad>${' '.repeat(600_000)}</pad>` } })
  const file = dir.write('budget.xlsx', outer)
  // Each package alone is under 1 MB; together they are not.
  await expect(readTabular(file, 'budget.xlsx', nullSink, { limits: { maxTotalUncompressed: 1_000_000 } })).rejects.toThrow(/zip bomb/)
  await expect(readTabular(file, 'budget.xlsx', nullSink, { limits: { maxTotalUncompressed: 2_000_000 } })).resolves.toMatchObject({
    format: 'xlsx'
  })
})
