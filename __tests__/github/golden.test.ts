// Golden renderings: what a reviewer sees for a large blocked pull request
// (57 files: a workbook with a very hidden sheet of 6,252 people, a
// 6,252-row roster, a large clean CSV and 55 small leaking CSVs), a small
// one, a clean one and one from a public fork. The files are built here,
// scanned and compared with the base branch in a real git repository, and
// rendered as the pull request comment, the check run summary and the job
// summary. The renderings are kept, reviewed, in __tests__/github/golden/;
// `UPDATE_GOLDEN=1` rewrites them (review the diff before committing).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { markNovelty } from '../../src/baseline/novelty.js'
import { COMMENT_MARKER, commentBody } from '../../src/github/comment.js'
import { CHECK_OUTPUT_TEXT_MAX, COMMENT_BODY_MAX, STEP_SUMMARY_MAX_BYTES } from '../../src/github/limits.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { forMarkdown } from '../../src/report/escape.js'
import { renderMarkdown, type ExposureNote } from '../../src/report/markdown.js'
import { review } from '../../src/report/review.js'
import type { Report } from '../../src/report/types.js'
import { resolvePolicy } from '../../src/resolve.js'
import { scan } from '../../src/scan.js'
import { tempRepo, type TempRepo } from '../helpers/git.js'
import { xlsx } from '../helpers/ooxml.js'
import { REPO } from '../helpers/paths.js'
import { csv, iso, person } from '../helpers/people.js'

const GOLDEN = join(REPO, '__tests__/github/golden')
const REPOS = { large: tempRepo('pg-golden-'), small: tempRepo('pg-golden-'), clean: tempRepo('pg-golden-'), fork: tempRepo('pg-golden-') }
const NOTES = ['Files: pull request #7: the changed files from the API.']

/** A pull request in a real repository: base commit, head commit, the changed files, scanned and compared. */
async function pullRequest(repo: TempRepo, files: Record<string, string | Buffer>): Promise<{ repo: TempRepo; report: Report }> {
  repo.write('README.md', '# site\n')
  const base = repo.commit('base')
  for (const [rel, data] of Object.entries(files)) repo.write(rel, data)
  repo.commit('head')
  const paths = Object.keys(files).sort()
  const policy = await resolvePolicy(builtInPolicy(), repo.path)
  const head = await scan({ policy, paths, root: repo.path })
  const report = await markNovelty({ repoRoot: repo.path, baseRef: base, changed: paths, policy, head })
  return { repo, report }
}

function roster(from: number, n: number): string {
  const rows: Array<Array<string | number>> = [['Full Name', 'Date of Birth', 'A-Number', 'Country of Citizenship']]
  for (let i = from; i < from + n; i++) {
    const p = person(i)
    rows.push([`${p.given} ${p.family}`, iso(p.dob), p.aNumber, p.country])
  }
  return csv(rows)
}

function smallLeak(seed: number): string {
  const rows: Array<Array<string | number>> = [['Name', 'Email']]
  for (let i = 0; i < 5; i++) {
    const p = person(seed * 5 + i)
    rows.push([`${p.given} ${p.family}`, p.email])
  }
  return csv(rows)
}

function bookins(n: number): string {
  const rows: Array<Array<string | number>> = [['Facility', 'Fiscal Year', 'Month', 'Book-ins']]
  for (let i = 0; i < n; i++) rows.push([`Facility ${(i % 40) + 1}`, 2015 + (i % 10), (i % 12) + 1, 100 + ((i * 37) % 900)])
  return csv(rows)
}

function detentionWorkbook(people: number): Buffer {
  const detainees: Array<Array<string | number>> = [['Name', 'DOB', 'A-Number', 'Country']]
  for (let i = 0; i < people; i++) {
    const p = person(10_000 + i)
    detainees.push([`${p.given} ${p.family}`, iso(p.dob), p.aNumber, p.country])
  }
  return xlsx({
    sheets: [
      {
        name: 'Summary',
        rows: [['Facility', 'Fiscal Year', 'Book-ins'], ...Array.from({ length: 12 }, (_, i) => [`Facility ${i + 1}`, 2024, 200 + i * 17])]
      },
      { name: 'Detainees', state: 'veryHidden', rows: detainees }
    ]
  })
}

interface Views {
  comment: string
  checkRun: string
  summary: string
}

function views(report: Report, exposure?: ExposureNote): Views {
  return {
    comment: commentBody(report, NOTES, exposure),
    checkRun: renderMarkdown(report, {
      maxBytes: CHECK_OUTPUT_TEXT_MAX,
      notes: NOTES,
      exposure,
      fullReportAt: "the job summary and the JSON report (the workflow run's artifact)"
    }),
    summary: renderMarkdown(report, {
      maxBytes: STEP_SUMMARY_MAX_BYTES,
      notes: NOTES,
      exposure,
      fullReportAt: 'the JSON report (input report-file)'
    })
  }
}

function golden(name: string, v: Views): void {
  mkdirSync(GOLDEN, { recursive: true })
  for (const [view, text] of Object.entries(v)) {
    const file = join(GOLDEN, `${name}.${view}.md`)
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text)
    expect(text).toBe(readFileSync(file, 'utf8'))
  }
}

describe('a large blocked pull request: 57 files', () => {
  let report: Report
  let v: Views
  beforeAll(async () => {
    const files: Record<string, string | Buffer> = {
      'data/detention-fy2024.xlsx': detentionWorkbook(6252),
      'data/roster.csv': roster(0, 6252),
      'data/bookins-by-month.csv': bookins(20_000)
    }
    for (let i = 1; i <= 55; i++) files[`data/part-${String(i).padStart(2, '0')}.csv`] = smallLeak(i)
    ;({ report } = await pullRequest(REPOS.large, files))
    v = views(report)
  }, 120_000)

  test('the renderings are the reviewed ones', () => golden('large', v))

  test('the first 2,000 characters of the comment name every blocking file, the worst first', () => {
    const blocking = review(report).blocking.map((f) => f.path)
    expect(blocking).toHaveLength(57)
    expect(blocking.slice(0, 2)).toEqual(['data/detention-fy2024.xlsx', 'data/roster.csv'])
    const head = v.comment.slice(0, 2000)
    for (const path of blocking) expect(head).toContain(forMarkdown(path))
    expect(v.comment.indexOf('detention-fy2024.xlsx')).toBeLessThan(v.comment.indexOf('roster.csv'))
    expect(v.comment.startsWith(`${COMMENT_MARKER}\n## ❌ Blocked: 57 files would publish personal data (12,779 rows about people)`)).toBe(
      true
    )
  })

  test('each view fits its platform limit; the workbook shows its very hidden sheet in the sheet map', () => {
    expect(v.comment.length).toBeLessThanOrEqual(COMMENT_BODY_MAX)
    expect(v.checkRun.length).toBeLessThanOrEqual(CHECK_OUTPUT_TEXT_MAX)
    expect(v.summary).toContain('| Detainees | **very hidden** | 6,252 |')
    expect(v.summary).toContain('| Summary | visible | 12 | nothing |')
    expect(v.summary).not.toContain('bookins&#45;by&#45;month')
  })
})

describe('smaller pull requests', () => {
  test('a small blocked pull request: one leaking file, one clean', async () => {
    const { report } = await pullRequest(REPOS.small, { 'data/staff.csv': roster(300, 12), 'data/bookins.csv': bookins(40) })
    const v = views(report)
    golden('small', v)
    expect(v.comment).toContain('## ❌ Blocked: 1 file would publish personal data (12 rows about people)')
    expect(v.comment).toContain('1 file checked and clean')
  })

  test('a clean pull request', async () => {
    const { report } = await pullRequest(REPOS.clean, { 'data/bookins.csv': bookins(40), 'data/bookins-2.csv': bookins(60) })
    const v = views(report)
    golden('clean', v)
    expect(v.summary.startsWith('## ✅ Nothing blocks publication: 2 files checked')).toBe(true)
  })

  test('a pull request from a public fork: the three lines of purge guidance come after the overview', async () => {
    const { report } = await pullRequest(REPOS.fork, { 'data/staff.csv': roster(400, 12) })
    const v = views(report, { where: 'a public fork' })
    golden('fork', v)
    const verdict = v.comment.indexOf('## ❌ Blocked')
    const overview = v.comment.indexOf('data/staff.csv')
    const caution = v.comment.indexOf('[!CAUTION]')
    expect(verdict).toBeGreaterThan(0)
    expect(overview).toBeGreaterThan(verdict)
    expect(caution).toBeGreaterThan(overview)
    expect(v.comment.slice(caution).split('\n').slice(0, 3).join('\n')).toContain('docs/action.md#exposure-warning')
  })
})

test('README.md and docs/action.md show the golden comments as they are (an elided line ends in …)', () => {
  const excerpt = (doc: string): string[] => {
    const m = /```markdown\n(## ❌ Blocked[\s\S]*?)```/.exec(readFileSync(join(REPO, doc), 'utf8'))
    expect(m).not.toBeNull()
    return m![1]!.trimEnd().split('\n')
  }
  for (const [doc, name] of [
    ['README.md', 'large'],
    ['docs/action.md', 'small']
  ] as const) {
    const lines = readFileSync(join(GOLDEN, `${name}.comment.md`), 'utf8').split('\n')
    const shown = excerpt(doc)
    shown.forEach((l, i) => {
      const golden = lines[i + 1] as string
      if (l.endsWith(' …')) expect(golden.startsWith(l.slice(0, -2))).toBe(true)
      else expect(l).toBe(golden)
    })
  }
})
