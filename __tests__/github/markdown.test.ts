// The Markdown renderer: every place and count, never a value, cut to its
// limit with a count of what was left out.

import { lit, safe, type Finding } from '../../src/findings.js'
import { checkAnnotations } from '../../src/github/annotations.js'
import { parseNameStatus } from '../../src/github/changed-files.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import type { FileEntry, Report } from '../../src/report/types.js'

function report(files: number, perFile: number, path = (i: number) => `data/t${i}.csv`): Report {
  const entries: FileEntry[] = []
  const findings: Finding[] = []
  for (let i = 0; i < files; i++) {
    entries.push({ path: path(i), status: 'scanned', format: 'csv', tables: 1, rows: 10, errors: perFile, warnings: 0 })
    for (let j = 0; j < perFile; j++)
      findings.push({
        kind: 'pii/email',
        severity: 'error',
        scope: 'column',
        message: safe`email addresses in column ${j + 1}`,
        location: { file: path(i), line: 1, column: j + 1 },
        count: 30,
        samples: Array.from({ length: 20 }, (_, k) => ({ file: path(i), line: k + 2, column: j + 1 }))
      })
  }
  return {
    schemaVersion: 1,
    tool: { name: 'publish-guard', version: '0' },
    policy: { source: null, builtIn: true },
    failOn: 'error',
    blocked: findings.length > 0,
    totals: { files, scanned: files, skipped: 0, unreadable: 0, errors: findings.length, warnings: 0 },
    files: entries,
    findings
  }
}

test('the verdict first, an overview row per blocking file, details collapsed with places as ranges', () => {
  const md = renderMarkdown(report(2, 2), { maxBytes: 65_535 })
  expect(md.startsWith('## ❌ Blocked: 2 files would publish personal data (60 rows about people)\n')).toBe(true)
  expect(md).toContain('| <code>data/t0.csv</code> | column 1, column 2 | email addresses | 30 |  |')
  expect(md).toContain('<details><summary><code>data/t1.csv</code>: 2 blocking findings · csv, 10 rows</summary>')
  expect(md).toContain('- ❌ blocks · **email addresses** (30 rows) in column 1: lines 2–21 and 10 more · <code>pii/email</code>')
  expect(md).toContain('built-in default policy')
})

test('cut to the limit: details go first, the overview still names every blocking file', () => {
  const r = report(400, 3)
  const md = renderMarkdown(r, { maxBytes: 20_000, fullReportAt: 'the report file' })
  expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000)
  const m = /the details of ([\d,]+) files are not shown here; every finding is in the report file/.exec(md)
  expect(m).not.toBeNull()
  const shown = md.split('\n').filter((l) => l.startsWith('<details><summary><code>data/')).length
  expect(shown + Number(m![1]!.replace(/,/g, ''))).toBe(400)
  for (const f of r.files) expect(md).toContain(f.path)
  expect(md.endsWith('\n')).toBe(true)
})

test('an overview larger than the view: its last rows are cut with a count, never silently', () => {
  const r = report(400, 1, (i) => `data/${String(i).padStart(3, '0')}-${'x'.repeat(20 + (i % 7))}.csv`)
  const md = renderMarkdown(r, { maxBytes: 8_000 })
  expect(Buffer.byteLength(md)).toBeLessThanOrEqual(8_000)
  const m = /\*\*([\d,]+) more blocking files not listed here\*\*/.exec(md)
  expect(m).not.toBeNull()
  const listed = r.files.filter((f) => md.includes(f.path)).length
  expect(listed).toBeGreaterThan(50)
  expect(listed + Number(m![1]!.replace(/,/g, ''))).toBe(400)
})

test('paths cannot break the table or inject HTML', () => {
  const md = renderMarkdown(
    report(1, 1, () => 'a|b/<img src=x onerror=alert(1)>.csv'),
    { maxBytes: 65_535 }
  )
  expect(md).not.toContain('<img')
  expect(md).toContain('a&#124;b/&#60;img')
})

test('a clean report says so, with the checked files as a count', () => {
  const r = report(3, 0)
  const md = renderMarkdown(r, { maxBytes: 65_535, notes: ['Files: push.'] })
  expect(md.startsWith('## ✅ Nothing blocks publication: 3 files checked')).toBe(true)
  expect(md).toContain('3 files checked and clean.')
  expect(md).not.toContain('data/t0.csv')
  expect(md).toContain('Nothing to do.')
})

test('check annotations stop at the cap with a last one that counts the rest; titles are words, the message says what to do', () => {
  const r = report(10, 3)
  const a = checkAnnotations(r.findings, 12)
  expect(a).toHaveLength(12)
  expect(a[11]).toMatchObject({ annotation_level: 'notice', title: '19 more finding(s) not annotated' })
  expect(a[0]).toMatchObject({ path: 'data/t0.csv', start_line: 2, end_line: 2, annotation_level: 'failure' })
  expect(a[0]!.title).toBe('Personal data: email addresses in column 1')
  expect(a[0]!.title).not.toMatch(/\d{2}/)
  expect(a[0]!.message).toContain('30 rows: lines 2–21 and 10 more.')
  expect(a[0]!.message).toContain('To fix: remove the column or the rows')
})

test('a workbook finding is annotated at line 1, titled by the sheet it is on', () => {
  const f: Finding = {
    kind: 'pii/date-of-birth',
    severity: 'error',
    scope: 'column',
    message: lit('dates of birth'),
    location: { file: 'x.xlsx', sheet: lit('Sheet 2'), part: lit('very hidden sheet'), cell: 'B1', header: lit('DOB') },
    count: 40,
    samples: [{ file: 'x.xlsx', sheet: lit('Sheet 2'), part: lit('very hidden sheet'), cell: 'B2' }]
  }
  expect(checkAnnotations([f])[0]).toMatchObject({ start_line: 1, title: 'Personal data: dates of birth in a very hidden sheet, DOB' })
  expect(checkAnnotations([f])[0]!.message).toContain("40 rows: 'Sheet 2'!B2 and 39 more.")
})

test('git diff --name-status -z: renames followed, copies kept, deletions apart', () => {
  const z = ['M', 'a.csv', 'R087', 'old.csv', 'new.csv', 'D', 'gone.csv', 'C100', 'src.csv', 'copy.csv', 'A', 'tab\there.csv', ''].join(
    '\0'
  )
  expect(parseNameStatus(z)).toEqual({
    paths: ['a.csv', 'new.csv', 'copy.csv', 'tab\there.csv'],
    changed: [{ path: 'a.csv' }, { path: 'new.csv', previousPath: 'old.csv' }, { path: 'copy.csv' }, { path: 'tab\there.csv' }],
    deleted: ['gone.csv']
  })
})
