import { scanWithPolicy } from '../helpers/scan.js'
import { parsePolicy } from '../../src/policy/load.js'
import { fingerprint } from '../../src/allow/fingerprint.js'
import { renderText } from '../../src/report/text.js'
import { renderJson } from '../../src/report/json.js'
import { renderSarif } from '../../src/report/sarif.js'
import { ConfigError } from '../../src/errors.js'
import type { Finding } from '../../src/findings.js'
import { csv, person } from '../helpers/people.js'
import { tempRepo } from '../helpers/git.js'

const SALT = 'test-salt-0123456789'
const POLICY = '.github/publish-guard.yml'
const PRESS_EMAIL = 'ana.pena@agency.gob.hn'

const repo = tempRepo()

/** Press officers: public officials' names and the press office email on every row. */
function contacts(n: number, extraEmail?: string): string {
  const rows: string[][] = [['Press officer', 'Email']]
  for (let i = 0; i < n; i++) {
    const p = person(i)
    rows.push([`${p.given} ${p.family}`, i === 3 && extraEmail ? extraEmail : PRESS_EMAIL])
  }
  return csv(rows)
}

function people(n: number): string {
  const rows: string[][] = [['Press officer', 'Case']]
  for (let i = 0; i < n; i++) {
    const p = person(i + 40)
    rows.push([`${p.given} ${p.family}`, String(i)])
  }
  return csv(rows)
}

repo.write('data/contacts/press.csv', contacts(20))
repo.write('data/cases/people.csv', people(20))

async function run(policyText: string, now = new Date('2027-01-01T12:00:00Z')) {
  repo.write(POLICY, policyText)
  const policy = { ...parsePolicy(policyText, POLICY), source: POLICY }
  return scanWithPolicy({ policy, paths: ['data'], root: repo.path, now })
}

const of = (fs: Finding[], file: string, kind: string): Finding[] => fs.filter((f) => f.location.file === file && f.kind === kind)

describe('allowlist by columns, files and kinds', () => {
  const policy = `version: 1
salt: ${SALT}
allow:
  - columns: ["Press officer"]
    files: ["data/contacts/*.csv"]
    kinds: [pii/person-name]
    reason: "public press officers, published on the contact page"
    expires: 2027-06-30
`
  test('the matching finding is allowed, still reported, and does not block; the same column elsewhere blocks', async () => {
    const r = await run(policy)
    const [names] = of(r.findings, 'data/contacts/press.csv', 'pii/person-name')
    expect(names?.allowed).toEqual({ reason: 'public press officers, published on the contact page', expires: '2027-06-30', entry: 1 })
    const [other] = of(r.findings, 'data/cases/people.csv', 'pii/person-name')
    expect(other).toBeDefined()
    expect(other?.allowed).toBeUndefined()
    expect(r.blocked).toBe(true)
    expect(r.totals.allowed).toBe(1)
    expect(renderText(r)).toContain('allowed (public press officers, published on the contact page) pii/person-name')
    const sarif = JSON.parse(renderSarif(r))
    const suppressed = sarif.runs[0].results.filter((x: { suppressions?: unknown[] }) => x.suppressions)
    expect(suppressed).toHaveLength(1)
    // The email column of the same file is not covered by the entry (kinds).
    expect(of(r.findings, 'data/contacts/press.csv', 'pii/email')[0]?.allowed).toBeUndefined()
  })

  test('expiry by a fixed clock: allowed through the last day, blocking again after it, with a note', async () => {
    const lastDay = await run(policy, new Date('2027-06-30T23:59:00Z'))
    expect(of(lastDay.findings, 'data/contacts/press.csv', 'pii/person-name')[0]?.allowed).toBeDefined()
    const after = await run(policy, new Date('2027-07-01T00:00:00Z'))
    const [names] = of(after.findings, 'data/contacts/press.csv', 'pii/person-name')
    expect(names?.allowed).toBeUndefined()
    expect(names?.message).toContain('expired on 2027-06-30: no longer allowed')
    expect(after.allowlist?.[0]).toMatchObject({ entry: 1, status: 'expired', findings: 1 })
    expect(renderText(after)).toMatch(/warning allow entry 1 \(policy line 4\) expired on 2027-06-30: its 1 finding\(s\) block again/)
  })

  test('stale and out-of-scope entries', async () => {
    const r = await run(`version: 1
allow:
  - columns: ["No such column"]
    reason: "left over from an old export"
  - files: ["elsewhere/**"]
    kinds: [pii/email]
    reason: "not in this scan"
`)
    expect(r.allowlist?.map((a) => a.status)).toEqual(['stale', 'out-of-scope'])
    expect(renderText(r)).toContain('allow entry 1 (policy line 3) matched nothing in the files scanned (stale)')
    expect(r.findings.some((f) => f.allowed)).toBe(false)
  })

  test('audit trail: who last changed each entry (git blame), or that it is not committed', async () => {
    repo.write(POLICY, policy)
    repo.commit('allow press contacts', 'Policy Owner <owner@example.invalid>')
    const r = await run(policy)
    expect(r.allowlist?.[0]).toMatchObject({
      status: 'used',
      line: 4,
      reason: 'public press officers, published on the contact page',
      expires: '2027-06-30'
    })
    expect(r.allowlist?.[0]?.lastChanged).toMatchObject({ author: 'Policy Owner', commit: expect.stringMatching(/^[0-9a-f]{40}$/) })
    const edited = policy.replace('2027-06-30', '2027-05-31')
    const r2 = await run(edited)
    expect(r2.allowlist?.[0]?.lastChanged).toEqual({ uncommitted: true })
  })
})

describe('allowlist and person records', () => {
  const REASON = 'press contacts, published on the press page with their consent'
  /** Press officers with their direct lines: a record per row (name next to a phone). */
  function pressLines(): string {
    const rows: string[][] = [['Office', 'Press contact', 'Phone']]
    for (let i = 0; i < 20; i++) {
      const p = person(i + 80)
      rows.push([`Field office ${i + 1}`, `${p.given} ${p.family}`, `(202) 555-01${String(10 + i)}`])
    }
    return csv(rows)
  }
  repo.write('data/press/lines.csv', pressLines())
  const policy = (columns: string, kinds: string): string => `version: 1
allow:
  - columns: [${columns}]
    files: ["data/press/*.csv"]
    kinds: [${kinds}]
    reason: "${REASON}"
    expires: 2099-12-31
`
  const FILE = 'data/press/lines.csv'

  test('a record whose name and phone columns are both allowed is allowed, with the same reason', async () => {
    const r = await run(policy('"Press contact", "Phone"', 'pii/person-name, pii/phone'))
    const [record] = of(r.findings, FILE, 'pii/person-record')
    expect(record).toBeDefined()
    expect(of(r.findings, FILE, 'pii/person-name')[0]?.allowed?.reason).toBe(REASON)
    expect(of(r.findings, FILE, 'pii/phone')[0]?.allowed?.reason).toBe(REASON)
    expect(record?.allowed).toEqual({ reason: REASON, expires: '2099-12-31', entry: 1 })
    expect(r.findings.filter((f) => f.location.file === FILE && !f.allowed && f.severity === 'error')).toEqual([])
    expect(r.allowlist?.[0]).toMatchObject({ status: 'used', findings: 3 })
  })

  test('with only the name column allowed, the record still blocks', async () => {
    const r = await run(policy('"Press contact"', 'pii/person-name'))
    const [record] = of(r.findings, FILE, 'pii/person-record')
    expect(record?.allowed).toBeUndefined()
    expect(record?.severity).toBe('error')
  })
})

describe('allowlist by fingerprint', () => {
  const fp = fingerprint(PRESS_EMAIL, SALT)
  const policy = (expires = '2027-01-31', extra = ''): string => `version: 1
salt: ${SALT}
allow:
  - fingerprint: "${fp}"
    reason: "press office address, on the public contact page"
    expires: ${expires}
${extra}`

  test('cells holding the allowed value are reported as allowed, not blocking', async () => {
    repo.write('data/contacts/press.csv', contacts(20))
    const r = await run(policy())
    const emails = of(r.findings, 'data/contacts/press.csv', 'pii/email')
    expect(emails).toHaveLength(1)
    expect(emails[0]).toMatchObject({ count: 20, allowed: { entry: 1, reason: 'press office address, on the public contact page' } })
    expect(emails[0]?.location).toMatchObject({ line: 2, column: 2, header: 'Email' })
    expect(r.allowlist?.[0]).toMatchObject({ status: 'used', cells: 20, findings: 1, fingerprint: fp })
  })

  test('reformatted copies of the value (case, whitespace) match the same fingerprint', async () => {
    const rows = contacts(20).split('\n')
    rows[2] = rows[2]!.replace(PRESS_EMAIL, `  ${PRESS_EMAIL.toUpperCase()} `)
    repo.write('data/contacts/press.csv', rows.join('\n'))
    const r = await run(policy())
    expect(of(r.findings, 'data/contacts/press.csv', 'pii/email')).toEqual([
      expect.objectContaining({ count: 20, allowed: expect.anything() })
    ])
  })

  test('another value in the same column still blocks', async () => {
    repo.write('data/contacts/press.csv', contacts(20, 'maria.castillo@correo.hn'))
    const r = await run(policy())
    const emails = of(r.findings, 'data/contacts/press.csv', 'pii/email')
    const blocking = emails.filter((f) => !f.allowed)
    expect(blocking).toHaveLength(1)
    expect(blocking[0]).toMatchObject({ count: 1, location: { line: 5, column: 2 } })
    expect(emails.find((f) => f.allowed)).toMatchObject({ count: 19 })
  })

  test('an expired fingerprint entry allows nothing and notes the expiry on the findings', async () => {
    repo.write('data/contacts/press.csv', contacts(20))
    const r = await run(policy('2026-12-31'))
    const emails = of(r.findings, 'data/contacts/press.csv', 'pii/email')
    expect(emails).toHaveLength(1)
    expect(emails[0]?.allowed).toBeUndefined()
    expect(emails[0]?.message).toContain('expired on 2026-12-31')
    expect(r.allowlist?.[0]).toMatchObject({ status: 'expired' })
  })

  test('a fingerprint computed with another salt matches nothing (stale)', async () => {
    repo.write('data/contacts/press.csv', contacts(20))
    const text = policy().replace(fp, fingerprint(PRESS_EMAIL, 'another-repository'))
    const r = await run(text)
    expect(of(r.findings, 'data/contacts/press.csv', 'pii/email')[0]?.allowed).toBeUndefined()
    expect(r.allowlist?.[0]?.status).toBe('stale')
  })

  test('reports never contain the values, only places and the fingerprint', async () => {
    repo.write('data/contacts/press.csv', contacts(20, 'maria.castillo@correo.hn'))
    const r = await run(policy())
    for (const out of [renderText(r), renderJson(r), renderSarif(r)]) {
      expect(out).not.toMatch(/press\.office|agency\.example|maria\.castillo|example\.org/i)
      for (let i = 0; i < 20; i++) expect(out).not.toContain(person(i).family)
    }
    expect(renderJson(r)).toContain(fp)
  })
})

describe('allowlist policy validation', () => {
  const bad = (text: string): string => {
    try {
      parsePolicy(text, 'p.yml')
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      return (e as Error).message
    }
    throw new Error('expected a ConfigError')
  }
  test('fail-on-existing is a boolean, true by default', () => {
    expect(parsePolicy('version: 1\n', 'p.yml').failOnExisting).toBe(true)
    expect(parsePolicy('version: 1\nfail-on-existing: false\n', 'p.yml').failOnExisting).toBe(false)
    expect(bad('version: 1\nfail-on-existing: sometimes\n')).toMatch(/p\.yml:2:19: `fail-on-existing` must be of type boolean/)
  })
  test('reason is required', () => {
    expect(bad('version: 1\nallow:\n  - columns: [A]\n')).toMatch(/p\.yml:3:5: `allow\.0` is missing `reason`/)
  })
  test('no line numbers, no raw values: unknown keys are errors', () => {
    expect(bad('version: 1\nallow:\n  - line: 12\n    reason: because\n    files: [a.csv]\n')).toMatch(/unknown key `line`/)
    expect(bad('version: 1\nallow:\n  - value: "123-45-6789"\n    reason: because\n    files: [a.csv]\n')).toMatch(/unknown key `value`/)
  })
  test('a fingerprint must be a pg1 fingerprint; a date must be real; an entry needs a key', () => {
    expect(bad('version: 1\nallow:\n  - fingerprint: "123-45-6789"\n    reason: because\n')).toMatch(/allow\.0\.fingerprint/)
    expect(bad('version: 1\nallow:\n  - files: [a.csv]\n    reason: because\n    expires: 2027-02-30\n')).toMatch(/not a real date/)
    expect(bad('version: 1\nallow:\n  - kinds: [pii/email]\n    reason: everything\n')).toMatch(/allow\.0/)
  })
})
