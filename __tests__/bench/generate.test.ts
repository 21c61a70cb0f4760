// The bench's generators write zip files by hand: check that what they write
// is a valid package (every entry inflates to its declared size and CRC) and
// that the CSV and workbook hold the same rows.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { crc32, inflateRawSync } from 'node:zlib'
// @ts-expect-error plain JavaScript module of the bench
import * as bench from '../../bench/generate.js'
import { tempDir } from '../helpers/tmp.js'

const { personRow, writeAdversarial, writePersonCsv, writePersonPage, writePersonRecords, writePersonXlsx, writeZipBomb } = bench

const dir = tempDir()

interface Entry {
  name: string
  crc: number
  size: number
  data: Buffer
}

/** Reads a zip through its central directory (stored or deflated entries). */
function unzip(buf: Buffer, inflate = true): Entry[] {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = buf.readUInt16LE(end + 10)
  let p = buf.readUInt32LE(end + 16)
  const out: Entry[] = []
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50)
    const crc = buf.readUInt32LE(p + 16)
    const compressed = buf.readUInt32LE(p + 20)
    const size = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString()
    expect(buf.readUInt32LE(local)).toBe(0x04034b50)
    expect(buf.readUInt32LE(local + 14)).toBe(crc)
    expect(buf.readUInt32LE(local + 22)).toBe(size)
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = inflate ? inflateRawSync(buf.subarray(start, start + compressed)) : Buffer.alloc(0)
    out.push({ name, crc, size, data })
    p += 46 + nameLen
  }
  return out
}

test('the workbook is a valid package whose sheet holds the CSV rows', async () => {
  const xlsx = join(dir.path, 'w.xlsx')
  const csv = join(dir.path, 'w.csv')
  await writePersonXlsx(xlsx, csv, 300)
  const entries = unzip(readFileSync(xlsx))
  expect(entries.map((e) => e.name)).toEqual([
    '[Content_Types].xml',
    '_rels/.rels',
    'xl/workbook.xml',
    'xl/_rels/workbook.xml.rels',
    'xl/sharedStrings.xml',
    'xl/worksheets/sheet1.xml'
  ])
  for (const e of entries) {
    expect(e.data.length).toBe(e.size)
    expect(crc32(e.data)).toBe(e.crc)
  }
  const strings = [...(entries[4] as Entry).data.toString().matchAll(/<t>([^<]*)<\/t>/g)].map((m) =>
    (m[1] as string).replace(/&amp;/g, '&')
  )
  const sheet = (entries[5] as Entry).data.toString()
  const row7 = /<row r="8">(.*?)<\/row>/.exec(sheet)?.[1] ?? ''
  const cells = [...row7.matchAll(/<c r="[A-Z]+8"( t="s")?><v>([^<]*)<\/v><\/c>/g)].map((m) => (m[1] ? strings[Number(m[2])] : m[2]))
  expect(cells).toEqual(personRow(6))
  expect(readFileSync(csv, 'utf8').split('\n')[7]).toBe(
    personRow(6)
      .map((c: string) => (c.includes(',') ? `"${c}"` : c))
      .join(',')
  )
})

test('the CSV stops at the byte budget and counts what it wrote', async () => {
  const path = join(dir.path, 'b.csv')
  const r = await writePersonCsv(path, { bytes: 200_000 })
  const text = readFileSync(path, 'utf8')
  expect(Buffer.byteLength(text)).toBe(r.bytes)
  expect(text.split('\n').length - 2).toBe(r.rows)
})

test('the zip bomb declares and holds what it expands to', async () => {
  const path = join(dir.path, 'bomb.xlsx')
  await writeZipBomb(path, 3 << 20)
  const entries = unzip(readFileSync(path))
  const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml') as Entry
  expect(sheet.size).toBe(3 << 20)
  expect(sheet.data.length).toBe(3 << 20)
  expect(crc32(sheet.data)).toBe(sheet.crc)
  expect(readFileSync(path).length).toBeLessThan(20_000)
})

test('the records hold the CSV rows: a JSON array, NDJSON to a byte budget, and page tables', async () => {
  const json = join(dir.path, 'r.json')
  const a = await writePersonRecords(json, { rows: 30, format: 'json' })
  const records = JSON.parse(readFileSync(json, 'utf8')) as Array<Record<string, string>>
  expect(a.rows).toBe(30)
  expect(records.map((r) => Object.values(r))).toEqual(Array.from({ length: 30 }, (_, i) => personRow(i)))
  const nd = join(dir.path, 'r.ndjson')
  const b = await writePersonRecords(nd, { bytes: 100_000, format: 'ndjson' })
  const text = readFileSync(nd, 'utf8')
  expect(Buffer.byteLength(text)).toBe(b.bytes)
  expect(
    text
      .trim()
      .split('\n')
      .map((l) => Object.values(JSON.parse(l) as object))
  ).toEqual(Array.from({ length: b.rows }, (_, i) => personRow(i)))
  const md = join(dir.path, 'p.md')
  await writePersonPage(md, 12, 'md')
  expect(
    readFileSync(md, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| ')).length
  ).toBe(13)
  const html = join(dir.path, 'p.html')
  await writePersonPage(html, 12, 'html')
  expect(readFileSync(html, 'utf8').match(/<tr>/g)?.length).toBe(13)
})

describe('adversarial inputs', () => {
  test('each is at most 10 MB and names the file to scan and the exit status it must end with', () => {
    const cases = writeAdversarial(join(dir.path, 'adversarial')) as Array<{ name: string; cwd: string; target: string; exit: number }>
    expect(cases.map((c) => c.name)).toEqual([
      'wide-200k-columns',
      'wide-16384-columns',
      'quote-to-end',
      'policy-alias-bomb',
      'policy-10mb',
      'schema-pattern-backtracking'
    ])
    for (const c of cases) {
      const size = readdirSync(c.cwd, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0)
      expect(size).toBeLessThanOrEqual(10_000_000)
      expect(statSync(join(c.cwd, c.target)).isFile()).toBe(true)
      expect([0, 1, 2]).toContain(c.exit)
    }
  })
})
