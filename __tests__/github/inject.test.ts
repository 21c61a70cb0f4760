// File names are written by whoever opens the pull request. A name with a
// line break and a workflow command, an escape sequence, a bidi override or
// Markdown link and image syntax must be shown, in every output, as the
// characters it is made of, never obeyed.

import { Writable } from 'node:stream'
import { checkAnnotations, emitWorkflowAnnotations } from '../../src/github/annotations.js'
import { commentBody } from '../../src/github/comment.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { renderJson } from '../../src/report/json.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { renderSarif } from '../../src/report/sarif.js'
import { renderText } from '../../src/report/text.js'
import type { Report } from '../../src/report/types.js'
import { scanWithPolicy } from '../helpers/scan.js'
import { csv, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const NAMES = {
  commands: 'data/x\n::stop-commands::pwned\n::error file=README.md,line=1::forged.csv',
  error: 'data/y\r\n::error title=Fake::all clear.csv',
  terminal: 'data/\u001b[2J\u001b]0;title\u0007\u009b31m\u202ecod.exe\u2066.csv',
  markdown: 'data/[click](https:evil.example)![img](https:evil.example?i.png)<b>x</b>`y`|z|@octocat #12 www.evil.example.csv'
}

/** Characters that must never reach a terminal, a log or a page as they are. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

const dir = tempDir('pg-inject-')
let report: Report
beforeAll(async () => {
  for (const [i, name] of Object.values(NAMES).entries()) {
    const p = person(i)
    dir.write(
      name,
      csv([
        ['Full Name', 'Email'],
        [`${p.given} ${p.family}`, p.email],
        [`${person(i + 9).given} ${person(i + 9).family}`, person(i + 9).email]
      ])
    )
  }
  report = await scanWithPolicy({ policy: builtInPolicy(), paths: Object.values(NAMES), root: dir.path })
})

test('every hostile file was scanned and blocks', () => {
  expect(report.files.map((f) => f.path).sort()).toEqual(Object.values(NAMES).sort())
  expect(report.blocked).toBe(true)
})

test('text output: one line per file line, no line starts a workflow command, no control or bidi character', () => {
  const text = renderText(report)
  expect(text).not.toMatch(INVISIBLE)
  for (const line of text.split('\n')) expect(line.startsWith('::')).toBe(false)
  expect(text).toContain('data/x\\u000a::stop-commands::pwned\\u000a::error file=README.md,line=1::forged.csv')
  expect(text).toContain('data/\\u001b[2J\\u001b]0;title\\u0007\\u009b31m\\u202ecod.exe\\u2066.csv')
})

test('JSON and SARIF: the exact paths as data, no control or bidi character in the text', () => {
  const json = renderJson(report)
  expect(json).not.toMatch(INVISIBLE)
  expect((JSON.parse(json) as Report).files.map((f) => f.path).sort()).toEqual(Object.values(NAMES).sort())
  const sarif = renderSarif(report)
  expect(sarif).not.toMatch(INVISIBLE)
  expect(() => JSON.parse(sarif)).not.toThrow()
})

test('Markdown (comment, check run, job summary): no link, image, HTML, code span, mention, issue link or autolink forms', () => {
  for (const md of [commentBody(report, []), renderMarkdown(report, { maxBytes: 65_535 })]) {
    expect(md).not.toMatch(INVISIBLE)
    expect(md).not.toMatch(/\]\(/)
    expect(md).not.toContain('[click')
    expect(md).not.toContain('![img')
    expect(md).not.toContain('www.evil')
    expect(md).not.toContain('<b>')
    expect(md).not.toContain('`y`')
    expect(md).not.toContain('@octocat')
    expect(md).not.toContain(' #12')
    for (const line of md.split('\n')) expect(line.startsWith('::')).toBe(false)
    // Each table row keeps its cells: a pipe in a name is not a column break.
    for (const row of md.split('\n').filter((l) => l.startsWith('| <code>data/'))) expect(row.split('|').length).toBe(7)
  }
})

test('check run annotations: titles and messages without control or bidi characters', () => {
  for (const a of checkAnnotations(report.findings)) {
    expect(a.title).not.toMatch(INVISIBLE)
    expect(a.message).not.toMatch(INVISIBLE)
  }
})

test('workflow-command annotations: each command is one line, its properties and message encoded', () => {
  const out: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(chunk.toString())
      done()
    }
  })
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = sink.write.bind(sink) as typeof process.stdout.write
  try {
    emitWorkflowAnnotations(report.findings, { errors: 0, warnings: 0 })
  } finally {
    process.stdout.write = write
  }
  const lines = out.join('').split('\n').filter(Boolean)
  expect(lines.length).toBeGreaterThan(0)
  for (const line of lines) {
    expect(line).toMatch(/^::(error|warning) /)
    expect(line).not.toMatch(INVISIBLE)
    expect(line).not.toContain('::stop-commands::pwned')
  }
})
