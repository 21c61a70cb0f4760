// What gets scanned: every table the repository holds, whatever the policy's
// `files` globs, the case of its name, its extension or its packaging.

import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { loadPolicyFile, parsePolicy } from '../../src/policy/load.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { fileMatcher } from '../../src/policy/match.js'
import { looksLikeTable } from '../../src/readers/sniff.js'
import type { Report } from '../../src/report/types.js'
import { scanWithPolicy } from '../helpers/scan.js'
import { REPO } from '../helpers/paths.js'
import { csv, person } from '../helpers/people.js'
import { ods, xlsx } from '../helpers/ooxml.js'
import { tempDir } from '../helpers/tmp.js'
import { tar } from '../helpers/tar.js'
import { zip } from '../helpers/zip.js'

/** 30 invented people: name, SSN, email. */
const rows = (n = 30): string[][] => [
  ['Name', 'SSN', 'Email'],
  ...Array.from({ length: n }, (_, i) => {
    const p = person(i)
    return [`${p.given} ${p.family}`, p.ssn, p.email]
  })
]
const staffCsv = csv(rows())
const staffJson = JSON.stringify(
  rows()
    .slice(1)
    .map(([name, ssn, email]) => ({ name, ssn, email }))
)
const staffMarkdown = rows()
  .map((r, i) => `| ${r.join(' | ')} |${i === 0 ? '\n|---|---|---|' : ''}`)
  .join('\n')

const entry = (r: Report, path: string) => r.files.find((f) => f.path === path)
const blockingIn = (r: Report, path: string) => r.findings.filter((f) => f.location.file === path && f.severity === 'error' && !f.allowed)

describe('policy files choose dataset rules, never exempt a table', () => {
  const top = tempDir()
  test('the website example policy: a CSV outside its folders is scanned and blocks', async () => {
    const dir = { path: join(top.path, 'a'), write: (rel: string, d: string) => top.write(`a/${rel}`, d) }
    dir.write('content/reports/contacts.csv', staffCsv)
    const policy = await loadPolicyFile(resolve(REPO, 'examples/policy/publish-guard.yml'))
    const r = await scanWithPolicy({ policy, paths: ['content/reports/contacts.csv'], root: dir.path })
    expect(entry(r, 'content/reports/contacts.csv')?.status).toBe('scanned')
    expect(blockingIn(r, 'content/reports/contacts.csv').map((f) => f.kind)).toContain('pii/ssn')
    expect(r.blocked).toBe(true)
  })

  test('extensions and globs match whatever the case of the name', async () => {
    const dir = { path: join(top.path, 'b'), write: (rel: string, d: string) => top.write(`b/${rel}`, d) }
    dir.write('data/STAFF.CSV', staffCsv)
    dir.write('data/staff.Tsv', csv(rows(), '\t'))
    const policy = parsePolicy(
      'version: 1\nfiles: ["data/*.csv", "data/*.tsv"]\ndatasets:\n  - { name: d, files: ["DATA/*.CSV"], columns: { deny: ["SSN"] } }\n',
      'p.yml'
    )
    const r = await scanWithPolicy({ policy, paths: ['.'], root: dir.path })
    for (const p of ['data/STAFF.CSV', 'data/staff.Tsv']) {
      expect(entry(r, p)?.status).toBe('scanned')
      expect(blockingIn(r, p).map((f) => f.kind)).toContain('pii/ssn')
    }
    expect(entry(r, 'data/STAFF.CSV')?.dataset).toBe('d')
    expect(fileMatcher(policy)('Data/Other.CsV')).toMatchObject({ scan: true })
  })

  test('an ignore entry still exempts, in any case', async () => {
    const policy = parsePolicy('version: 1\nignore: ["staff/**"]\n', 'p.yml')
    expect(fileMatcher(policy)('Staff/people.csv')).toEqual({ scan: false, reason: 'ignored by policy' })
  })
})

describe('a directory walk reports every table', () => {
  const dir = tempDir()
  const outside = tempDir('pg-outside-')
  const repo = join(dir.path, 'repo')
  beforeAll(async () => {
    const w = (rel: string, data: string | Buffer): void => {
      mkdirSync(join(repo, rel, '..'), { recursive: true })
      writeFileSync(join(repo, rel), data)
    }
    w('t/staff.txt', staffCsv)
    w('t/staff.dat', csv(rows(), '|'))
    w('t/staff.psv', csv(rows(), '|'))
    w('t/staff.tab', csv(rows(), '\t'))
    w('t/STAFFLIST', csv(rows(), ';'))
    w('t/staff.csv.gz', gzipSync(Buffer.from(staffCsv)))
    w(
      't/export.zip',
      zip([
        { name: 'people/staff.csv', data: staffCsv },
        { name: 'README.md', data: '# readme\n' }
      ])
    )
    // Records and pages compressed or archived are read as they are in the clear.
    w('t/staff.json.gz', gzipSync(Buffer.from(staffJson)))
    w(
      't/site.zip',
      zip([
        { name: 'data/staff.json', data: staffJson },
        { name: 'pages/staff.md', data: staffMarkdown },
        { name: 'logo.png', data: Buffer.alloc(32, 7) }
      ])
    )
    // Tar archives, plain or compressed, are read as zip archives are; links in them are passed over.
    const tarball = await tar([
      { name: 'export/staff.csv', data: staffCsv },
      { name: 'export/staff.json', data: staffJson },
      { name: 'export/notes.md', data: '# notes\n' },
      { name: 'export/link.csv', linkTo: '/etc/passwd' }
    ])
    w('t/export.tar', tarball)
    w('t/export.tar.gz', gzipSync(tarball))
    w('t/export.tgz', gzipSync(tarball))
    // Archive formats it does not open are unreadable, not passed over.
    w('t/old-export.7z', Buffer.from('377abcaf271c000400', 'hex'))
    // ... also inside an archive that is read.
    w('t/bundle.zip', zip([{ name: 'old-export.7z', data: Buffer.from('377abcaf271c000400', 'hex') }]))
    // An ODS zipped again without its `mimetype` entry is still a spreadsheet.
    w('t/sheet.zip', ods([{ name: 'Sheet1', rows: rows() }], undefined, { noMimetype: true }))
    w('t/staff.xltx', xlsx({ sheets: [{ name: 'Sheet1', rows: rows() }] }))
    w('t/book.zip', xlsx({ sheets: [{ name: 'Sheet1', rows: rows() }] }))
    w(
      't/staff.xlsb',
      zip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.bin', data: Buffer.alloc(64, 1) }
      ])
    )
    w('t/staff.fods', '<?xml version="1.0"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>\n')
    w(
      't/notes.txt',
      'This folder holds the staff lists.\nThey are updated, as needed, every month by the office.\nAsk the data team for access, or for an older copy.\n'
    )
    w('real/staff.csv', staffCsv)
    writeFileSync(join(outside.path, 'secret.csv'), staffCsv)
    symlinkSync('../real/staff.csv', join(repo, 't/linked.csv'))
    symlinkSync(join(outside.path, 'secret.csv'), join(repo, 't/escape.csv'))
  })

  test('sniffed, compressed, archived, binary-format and linked tables are all in the report', async () => {
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['t'], root: repo })
    const status = Object.fromEntries(r.files.map((f) => [f.path, f.status]))
    expect(status).toEqual({
      't/STAFFLIST': 'scanned',
      't/book.zip': 'scanned',
      't/bundle.zip': 'unreadable',
      't/escape.csv': 'unreadable',
      't/export.tar': 'scanned',
      't/export.tar.gz': 'scanned',
      't/export.tgz': 'scanned',
      't/export.zip': 'scanned',
      't/linked.csv': 'scanned',
      't/old-export.7z': 'unreadable',
      't/sheet.zip': 'scanned',
      't/site.zip': 'scanned',
      't/staff.csv.gz': 'scanned',
      't/staff.dat': 'scanned',
      't/staff.fods': 'unreadable',
      't/staff.json.gz': 'scanned',
      't/staff.psv': 'scanned',
      't/staff.tab': 'scanned',
      't/staff.txt': 'scanned',
      't/staff.xlsb': 'unreadable',
      't/staff.xltx': 'scanned'
    })
    for (const p of [
      't/STAFFLIST',
      't/book.zip',
      't/export.tar',
      't/export.tar.gz',
      't/export.tgz',
      't/export.zip',
      't/linked.csv',
      't/sheet.zip',
      't/site.zip',
      't/staff.csv.gz',
      't/staff.json.gz',
      't/staff.dat',
      't/staff.psv',
      't/staff.tab',
      't/staff.txt',
      't/staff.xltx'
    ]) {
      expect([p, blockingIn(r, p).map((f) => f.kind)]).toEqual([p, expect.arrayContaining(['pii/ssn'])])
    }
    for (const p of ['t/bundle.zip', 't/escape.csv', 't/old-export.7z', 't/staff.fods', 't/staff.xlsb'])
      expect(blockingIn(r, p).map((f) => f.kind)).toEqual(['file/unreadable'])
    expect(String(entry(r, 't/escape.csv')?.reason)).toMatch(/outside the repository/)
    expect(String(entry(r, 't/staff.xlsb')?.reason)).toMatch(/\.xlsb/)
    // The archived file is named as the place; the archive is the file.
    const inZip = blockingIn(r, 't/export.zip').find((f) => f.kind === 'pii/ssn')
    expect(String(inZip?.location.part)).toContain('people/staff.csv')
    expect(String(entry(r, 't/old-export.7z')?.reason)).toMatch(/does not open/)
    expect(String(entry(r, 't/bundle.zip')?.reason)).toMatch(/does not open/)
    for (const p of ['t/export.tar', 't/export.tgz']) {
      const places = new Set(blockingIn(r, p).map((f) => String(f.location.part)))
      expect([p, [...places].sort()]).toEqual([
        p,
        [expect.stringContaining('export/staff.csv'), expect.stringContaining('export/staff.json')]
      ])
    }
    // Both archived documents block, each at its own place.
    const parts = new Set(blockingIn(r, 't/site.zip').map((f) => String(f.location.part)))
    expect([...parts].some((p) => p.includes('data/staff.json'))).toBe(true)
    expect([...parts].some((p) => p.includes('pages/staff.md'))).toBe(true)
  })

  test('a file named as the caller gives it (the changed-file list) follows the same rules', async () => {
    const r = await scanWithPolicy({
      policy: builtInPolicy(),
      paths: ['t/escape.csv', 't/STAFFLIST', 't/notes.txt', 't/staff.csv.gz'],
      root: repo
    })
    expect(r.files.map((f) => [f.path, f.status])).toEqual([
      ['t/escape.csv', 'unreadable'],
      ['t/STAFFLIST', 'scanned'],
      ['t/notes.txt', 'skipped'],
      ['t/staff.csv.gz', 'scanned']
    ])
    expect(r.blocked).toBe(true)
  })

  test('a gzip file that cannot be inflated, or inflates past the limit, is unreadable', async () => {
    writeFileSync(join(repo, 'bad.CSV.GZ'), gzipSync(Buffer.from(staffCsv)).subarray(0, 40))
    writeFileSync(join(repo, 'big.csv.gz'), gzipSync(Buffer.alloc(3 << 20, 0x41)))
    const policy = parsePolicy('version: 1\nlimits: { max-uncompressed-mib: 1 }\n', 'p.yml')
    const r = await scanWithPolicy({ policy, paths: ['bad.CSV.GZ', 'big.csv.gz'], root: repo })
    expect(r.files.map((f) => [f.path, f.status])).toEqual([
      ['bad.CSV.GZ', 'unreadable'],
      ['big.csv.gz', 'unreadable']
    ])
    expect(String(r.files[1]?.reason)).toMatch(/zip bomb/)
  })

  test('prose is not a table', () => {
    expect(looksLikeTable(readFileSync(join(repo, 't/notes.txt'), 'utf8'))).toBe(false)
    expect(looksLikeTable('Dear team,\nthe report is attached, as promised, with two tables.\nRegards\n')).toBe(false)
    expect(looksLikeTable(staffCsv)).toBe(true)
  })
})
