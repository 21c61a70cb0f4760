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

test('a table per file with kind, count and the first places; the verdict and what to do', () => {
  const md = renderMarkdown(report(2, 2), { maxBytes: 65_535 })
  expect(md).toContain('publication blocked')
  expect(md).toContain('built-in default policy')
  expect(md).toContain('### <code>data/t1.csv</code>')
  expect(md).toContain('| ❌ error | <code>pii/email</code> | 30 | line 2, column 1<br>line 3, column 1<br>line 4, column 1<br>line 5, column 1<br>line 6, column 1<br>+25 more |')
  expect(md).toContain('### What to do')
})

test('cut to the limit, saying how many findings and files are left out', () => {
  const r = report(400, 3)
  const md = renderMarkdown(r, { maxBytes: 20_000, fullReportAt: 'the report file' })
  expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000)
  const m = /(\d+) more finding\(s\) and (\d+) more file line\(s\) are not shown here/.exec(md)
  expect(m).not.toBeNull()
  const shownRows = md.split('\n').filter((l) => l.startsWith('| ❌')).length
  expect(shownRows + Number(m![1])).toBe(r.findings.length)
  expect(md).toContain('Every finding is in the report file')
  expect(md.endsWith('\n')).toBe(true)
  expect(md).toContain('### What to do')
})

test('paths cannot break the table or inject HTML', () => {
  const md = renderMarkdown(report(1, 1, () => 'a|b/<img src=x onerror=alert(1)>.csv'), { maxBytes: 65_535 })
  expect(md).not.toContain('<img')
  expect(md).toContain('a&#124;b/&lt;img')
})

test('a clean report says so, with the checked files folded away', () => {
  const r = report(3, 0)
  const md = renderMarkdown(r, { maxBytes: 65_535, notes: ['Files: push.'] })
  expect(md).toContain('nothing blocks publication')
  expect(md).toContain('<details><summary>Checked, nothing found (3)</summary>')
  expect(md).toContain('Nothing to do.')
})

test('check annotations stop at the cap with a last one that counts the rest', () => {
  const r = report(10, 3)
  const a = checkAnnotations(r.findings, 12)
  expect(a).toHaveLength(12)
  expect(a[11]).toMatchObject({ annotation_level: 'notice', title: '19 more finding(s) not annotated' })
  expect(a[0]).toMatchObject({ path: 'data/t0.csv', start_line: 2, end_line: 2, annotation_level: 'failure' })
  expect(a[0]!.title).toBe('pii/email at line 2, column 1 (30)')
})

test('a workbook finding is annotated at line 1 with the Sheet!cell place', () => {
  const f: Finding = {
    kind: 'structure/hidden-sheet',
    severity: 'error',
    message: lit('a hidden sheet holds data'),
    location: { file: 'x.xlsx', sheet: lit('Sheet 2'), cell: 'B7' }
  }
  expect(checkAnnotations([f])[0]).toMatchObject({ start_line: 1, title: "structure/hidden-sheet at 'Sheet 2'!B7" })
})

test('git diff --name-status -z: renames followed, copies kept, deletions apart', () => {
  const z = ['M', 'a.csv', 'R087', 'old.csv', 'new.csv', 'D', 'gone.csv', 'C100', 'src.csv', 'copy.csv', 'A', 'tab\there.csv', ''].join('\0')
  expect(parseNameStatus(z)).toEqual({
    paths: ['a.csv', 'new.csv', 'copy.csv', 'tab\there.csv'],
    changed: [{ path: 'a.csv' }, { path: 'new.csv', previousPath: 'old.csv' }, { path: 'copy.csv' }, { path: 'tab\there.csv' }],
    deleted: ['gone.csv']
  })
})
