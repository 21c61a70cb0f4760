// The workflows and the policy shown in README.md and docs/action.md are the
// files in examples/, word for word; examples.e2e.test.ts runs the Action
// with each workflow's inputs. Here: they are valid and consistent with
// action.yml, and every policy in the docs does what it says to a clean and
// to a leaking file.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import { loadPolicyFile } from '../../src/policy/load.js'
import { findPolicy } from '../../src/policy/index.js'
import { fileMatcher } from '../../src/policy/match.js'
import { scanWithPolicy } from '../helpers/scan.js'
import { csv, iso, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'
import { actionInputs } from '../helpers/action.js'
import { REPO } from '../helpers/paths.js'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, string>
}
interface Workflow {
  name: string
  on: Record<string, unknown>
  permissions: Record<string, string>
  jobs: Record<string, { steps: Step[] }>
}

const read = (rel: string): string => readFileSync(resolve(REPO, rel), 'utf8')
const workflow = (file: string): Workflow => parse(read(`examples/workflows/${file}`)) as Workflow
const steps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((j) => j.steps)
const step = (wf: Workflow, uses: string): Step => {
  const s = steps(wf).find((x) => x.uses?.startsWith(uses))
  if (!s) throw new Error(`no ${uses} step`)
  return s
}
const WORKFLOWS = ['publish-guard.yml', 'publish-guard-sarif.yml', 'publish-guard-fork-scan.yml', 'publish-guard-fork-report.yml']

test('README.md shows the minimal workflow, docs/action.md every example, word for word', () => {
  const fence = (rel: string): string => '```yaml\n' + read(rel) + '```'
  expect(read('README.md')).toContain(fence('examples/workflows/publish-guard.yml'))
  const doc = read('docs/action.md')
  for (const f of WORKFLOWS) expect(doc).toContain(fence(`examples/workflows/${f}`))
  expect(doc).toContain(fence('examples/policy/publish-guard.yml'))
})

test('action.yml declares the inputs and outputs the Action reads and writes', () => {
  expect(Object.keys(actionInputs()).sort()).toEqual([
    'comment',
    'fail-on',
    'jobs',
    'paths',
    'policy',
    'policy-change',
    'report-file',
    'sarif-file',
    'token'
  ])
  const outputs = parse(read('action.yml')) as { outputs: Record<string, unknown>; runs: { using: string } }
  expect(Object.keys(outputs.outputs).sort()).toEqual(['blocked', 'files-scanned', 'findings', 'report-file'])
  expect(outputs.runs.using).toBe('node24')
})

test.each(WORKFLOWS)('%s uses only inputs that action.yml declares', (file) => {
  const inputs = Object.keys(actionInputs())
  for (const s of steps(workflow(file)).filter((x) => x.uses?.startsWith('publish-guard/publish-guard@')))
    for (const k of Object.keys(s.with ?? {})) expect(inputs).toContain(k)
})

test('the minimal workflow grants what the check run and the comment need, and fetches the history', () => {
  const wf = workflow('publish-guard.yml')
  expect(wf.permissions).toEqual({ contents: 'read', checks: 'write', 'pull-requests': 'write', 'security-events': 'write' })
  expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['pull_request', 'push']))
  expect(String(step(wf, 'actions/checkout@').with?.['fetch-depth'])).toBe('0')
})

test('the minimal workflow uploads the JSON report and the SARIF the Action writes, even when the job is blocked, so "see the report" resolves', () => {
  const wf = workflow('publish-guard.yml')
  const inputs = step(wf, 'publish-guard/publish-guard@').with!
  const artifact = step(wf, 'actions/upload-artifact@') as Step & { if?: string }
  expect(artifact.with?.path).toBe(inputs['report-file'])
  expect(artifact.if).toContain('!cancelled()')
  const sarif = step(wf, 'github/codeql-action/upload-sarif@') as Step & { if?: string }
  expect(sarif.with?.sarif_file).toBe(inputs['sarif-file'])
  expect(sarif.if).toContain('!cancelled()')
  expect(Object.keys(wf.jobs)).toEqual(['publish-guard'])
  expect(read('docs/action.md')).toContain("add the check\n  `publish-guard` (the job's name in the workflow above)")
})

test('the SARIF workflow uploads the file the Action writes, even when the job is blocked', () => {
  const wf = workflow('publish-guard-sarif.yml')
  expect(wf.permissions['security-events']).toBe('write')
  const upload = step(wf, 'github/codeql-action/upload-sarif@')
  expect(upload.with?.sarif_file).toBe(step(wf, 'publish-guard/publish-guard@').with?.['sarif-file'])
  expect((upload as Step & { if?: string }).if).toContain('!cancelled()')
})

test('the fork-safe pair: a scan with no write permission, a workflow_run reporter that runs no pull request code', () => {
  const scan = workflow('publish-guard-fork-scan.yml')
  const report = workflow('publish-guard-fork-report.yml')
  expect(scan.permissions).toEqual({ contents: 'read' })
  expect(Object.keys(scan.on)).toEqual(['pull_request'])
  const sarif = step(scan, 'publish-guard/publish-guard@').with?.['sarif-file']
  const uploaded = step(scan, 'actions/upload-artifact@').with!
  expect(uploaded.path).toContain(sarif)

  const trigger = report.on.workflow_run as { workflows: string[]; types: string[] }
  expect(trigger.workflows).toEqual([scan.name])
  expect(trigger.types).toEqual(['completed'])
  expect(report.permissions).toEqual({ actions: 'read', 'security-events': 'write' })
  expect(step(report, 'actions/download-artifact@').with?.name).toBe(uploaded.name)
  expect(step(report, 'github/codeql-action/upload-sarif@').with?.sarif_file).toBe(sarif)
  // No checkout, no publish-guard, no script from the pull request: only artifacts and uploads.
  expect(steps(report).filter((s) => s.uses?.startsWith('actions/checkout'))).toEqual([])
})

test('the website policy example is valid and matches the site data folders', async () => {
  const policy = await loadPolicyFile(resolve(REPO, 'examples/policy/publish-guard.yml'))
  const decide = fileMatcher(policy)
  expect(decide('_data/staff.csv').scan).toBe(true)
  expect(decide('static/downloads/detention/fy2024.xlsx')).toMatchObject({ scan: true, dataset: { name: 'detention statistics' } })
  expect(decide('_site/downloads/copy.csv').scan).toBe(false)
  // Pages can hold tables: scanned with the top-level detectors, no dataset.
  expect(decide('index.html')).toMatchObject({ scan: true, dataset: null })
  // The repository's configuration is not published data.
  expect(decide('.github/publish-guard.yml').scan).toBe(false)
  expect(decide('.github/workflows/publish-guard.yml').scan).toBe(false)
})

// Every policy shown in README.md, docs/ and examples/ is run, as written,
// against a clean file and a leaking file at a path it covers.

interface PolicyCase {
  /** Where the policy is shown, and a line that is only in it. */
  doc: string
  marker: string
  clean: Record<string, string>
  leak: Record<string, string>
}

const press = (n: number): string =>
  csv([
    ['Press officer', 'Office'],
    ...Array.from({ length: n }, (_, i) => [`${person(i).given} ${person(i).family}`, `Field office ${i + 1}`])
  ])
const staff = (n: number): string =>
  csv([
    ['Full Name', 'Date of Birth', 'SSN', 'Email'],
    ...Array.from({ length: n }, (_, i) => [`${person(i).given} ${person(i).family}`, iso(person(i).dob), person(i).ssn, person(i).email])
  ])
const bookins = read('examples/bookins-by-facility.csv')
const leakingBookins = csv([
  ['Facility', 'Fiscal Year', 'Book-ins', 'Detainee'],
  ...Array.from({ length: 8 }, (_, i) => ['PORT ISABEL SPC', 2022, 20 + i, `${person(i).given} ${person(i).family}`])
])

const team = (extra: string[] = []): string =>
  Array.from({ length: 6 }, (_, i) =>
    [
      `- name: ${person(i).given} ${person(i).family}`,
      `  role: Reporter`,
      `  photo: /img/${i}.jpg`,
      ...extra.map((e) => `  ${e.replace('$i', String(i))}`)
    ].join('\n')
  ).join('\n') + '\n'
const clinics = (patients: boolean): string =>
  JSON.stringify(
    {
      type: 'FeatureCollection',
      features: Array.from({ length: 6 }, (_, i) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [-97.5 + i / 10, 26.1] },
        properties: {
          id: i + 1,
          name: `Valley Community Clinic ${i + 1}`,
          address: `${100 + i} Main Street, Harlingen, TX`,
          opening_hours: 'Mo-Fr 08:00-17:00',
          ...(patients ? { patient: `${person(i).given} ${person(i).family}`, born: iso(person(i).dob) } : {})
        }
      }))
    },
    null,
    2
  )

const POLICY_CASES: PolicyCase[] = [
  {
    doc: 'docs/static-sites.md',
    marker: 'name: team page',
    clean: { '_data/team.yml': team() },
    leak: { '_data/team.yml': team(['email: reporter$i@correo.hn']) }
  },
  {
    doc: 'docs/static-sites.md',
    marker: 'name: clinic locations',
    clean: { 'static/maps/clinics.geojson': clinics(false) },
    leak: { 'static/maps/clinics.geojson': clinics(true) }
  },
  {
    doc: 'README.md',
    marker: 'count-columns: ["Book-ins"]',
    clean: {
      'data/2024/bookins.csv': csv([
        ['Facility', 'Fiscal Year', 'Book-ins'],
        ['ADELANTO ICE PROCESSING CENTER', 2024, 4120],
        ['PORT ISABEL SPC', 2024, 9811]
      ])
    },
    leak: { 'data/2024/bookins.csv': leakingBookins }
  },
  {
    doc: 'README.md',
    marker: 'sheets: strict',
    clean: {
      'data/stats/bookins.csv': csv([
        ['Facility', 'Month', 'Book-ins', 'Average Length of Stay', 'Published'],
        ['ADELANTO ICE PROCESSING CENTER', '2024-01', 4120, 38.2, '02/15/2024'],
        ['PORT ISABEL SPC', '2024-01', 9811, 22.4, '02/15/2024']
      ])
    },
    leak: {
      'data/stats/bookins.csv': csv([
        ['Facility', 'Month', 'Book-ins', 'Average Length of Stay', 'Published', 'Detainee'],
        ...Array.from({ length: 6 }, (_, i) => [
          'PORT ISABEL SPC',
          `2024-0${i + 1}`,
          9811,
          22.4,
          '02/15/2024',
          `${person(i).given} ${person(i).family}`
        ])
      ])
    }
  },
  {
    doc: 'docs/action.md',
    marker: 'name: detention statistics\n    files: ["static/downloads/detention',
    clean: { 'static/downloads/detention/bookins-by-facility.csv': bookins },
    leak: { 'static/downloads/detention/bookins-by-facility.csv': leakingBookins, '_data/staff.csv': read('examples/staff-contacts.csv') }
  },
  {
    doc: 'docs/allowlist.md',
    marker: 'reason: "public press officers',
    clean: { 'data/contacts/press.csv': press(8) },
    leak: { 'data/contacts/press.csv': press(8), 'data/contacts/staff.csv': staff(8) }
  },
  {
    doc: 'docs/detectors.md',
    marker: 'name: staff directory',
    clean: {
      'directory/staff.csv': csv([
        ['Name', 'Title'],
        ...Array.from({ length: 8 }, (_, i) => [`${person(i).given} ${person(i).family}`, 'Press officer'])
      ])
    },
    leak: { 'directory/staff.csv': staff(8) }
  },
  {
    doc: 'docs/disclosure.md',
    marker: 'name: detention counts',
    clean: {
      'stats/2024/counts.csv': csv([
        ['Facility', 'Detained'],
        ['ADELANTO ICE PROCESSING CENTER', 412],
        ['PORT ISABEL SPC', 981],
        ['Total', 1393]
      ])
    },
    leak: {
      'stats/2024/counts.csv': csv([
        ['Facility', 'Detained'],
        ['ADELANTO ICE PROCESSING CENTER', 412],
        ['PORT ISABEL SPC', 3],
        ['Total', 415]
      ])
    }
  }
]

/** Every YAML block that is a policy (`version: 1`), in the user-facing docs and examples. */
function policyBlocks(): Array<{ doc: string; text: string }> {
  const out: Array<{ doc: string; text: string }> = []
  const docs = [
    'README.md',
    ...readdirSync(resolve(REPO, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`)
  ]
  for (const doc of docs)
    for (const m of read(doc).matchAll(/```ya?ml\n([\s\S]*?)```/g))
      if (/^version: 1$/m.test(m[1] as string)) out.push({ doc, text: m[1] as string })
  for (const f of readdirSync(resolve(REPO, 'examples/policy')))
    out.push({ doc: `examples/policy/${f}`, text: read(`examples/policy/${f}`) })
  return out
}

test('every policy in README.md, docs/ and examples/ has a clean-and-leaking case below', () => {
  const blocks = policyBlocks()
  for (const b of blocks) {
    const cases = POLICY_CASES.filter((c) => b.text.includes(c.marker) && (b.doc === c.doc || b.doc.startsWith('examples/')))
    expect({ doc: b.doc, cases: cases.length }).toEqual({ doc: b.doc, cases: 1 })
  }
})

describe.each(policyBlocks().map((b) => [b.doc, b] as const))('the policy in %s', (_doc, block) => {
  const c = POLICY_CASES.find((x) => block.text.includes(x.marker))!
  const dir = tempDir('pg-example-')
  const run = async (files: Record<string, string>) => {
    const root = join(dir.path, String(Math.random()).slice(2))
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true })
      writeFileSync(join(root, rel), text)
    }
    mkdirSync(join(root, '.github'), { recursive: true })
    writeFileSync(join(root, '.github/publish-guard.yml'), block.text)
    const policy = await findPolicy(undefined, root)
    expect(policy.source).toBe('.github/publish-guard.yml')
    return scanWithPolicy({ policy, paths: ['.'], root, now: new Date('2026-01-15T00:00:00Z') })
  }

  test('passes a clean file with no error', async () => {
    const r = await run(c.clean)
    expect(
      r.findings.filter((f) => f.severity === 'error' && !f.allowed).map((f) => `${f.location.file}: ${f.kind}: ${f.message}`)
    ).toEqual([])
    expect(r.blocked).toBe(false)
    expect(r.totals.scanned).toBe(Object.keys(c.clean).length)
  })

  test('blocks a leaking file', async () => {
    const r = await run(c.leak)
    expect(r.blocked).toBe(true)
  })
})
