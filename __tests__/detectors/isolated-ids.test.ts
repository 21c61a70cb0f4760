// Identifier detectors on the shapes of real published tables that were
// blocked for personal data that is not there: placeholder and role email
// addresses, digits inside links and long decimals, invoice and case numbers.
// Every table is built here; each test failed before these rules. A real
// identifier in free text still blocks.

import { emailClass, EmailClass, findPhone, scanEmails } from '../../src/detectors/identifiers.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { scanWithPolicy } from '../helpers/scan.js'
import type { Finding } from '../../src/findings.js'
import { csv, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()
const piiKinds = (fs: Finding[]): string[] => [...new Set(fs.filter((f) => f.kind.startsWith('pii/')).map((f) => f.kind))].sort()

async function scanTable(name: string, rows: Array<Array<string | number>>) {
  dir.write(name, csv(rows))
  return scanWithPolicy({ policy: builtInPolicy(), paths: [name], root: dir.path })
}

describe('email addresses', () => {
  test.each([
    ['name@domain.com', EmailClass.Role],
    ['info@city-council.gov', EmailClass.Role],
    ['press.office@agency.gov', EmailClass.Role],
    ['no-reply@shop.co.uk', EmailClass.Role],
    ['webmaster@university.edu', EmailClass.Role],
    ['maria.castillo@example.org', EmailClass.Reserved],
    ['tester7@mail.test', EmailClass.Reserved],
    ['k.lee@yourdomain.com', EmailClass.Reserved],
    ['k.lee@domain.com', EmailClass.Reserved],
    ['k.lee@corp.localhost', EmailClass.Reserved],
    ['k.lee@gmail.com', EmailClass.Personal],
    ['write to t.kovalenko@ukr.net or info@ukr.net', EmailClass.Personal],
    ['no address here', EmailClass.None],
    ['user@localhost', EmailClass.None]
  ])('%s is %s', (v, c) => expect(emailClass(v)).toBe(c))

  test('the address scanner finds what the old pattern found', () => {
    const found = (v: string): string[] => {
      const out: string[] = []
      scanEmails(v, (l0, _l1, _d0, d1) => {
        out.push(v.slice(l0, d1))
        return false
      })
      return out
    }
    expect(found('a@b.co')).toEqual(['a@b.co'])
    expect(found('x a.b-c+d@sub.host-1.example.org, y')).toEqual(['a.b-c+d@sub.host-1.example.org'])
    expect(found('a@b.c')).toEqual([])
    expect(found('a@-b.com')).toEqual([])
    expect(found('a@b-.com')).toEqual([])
    expect(found('a@@b.com')).toEqual([])
    expect(found('a@b.com3x')).toEqual(['a@b.com'])
    expect(found('one@x.org two@y.net')).toEqual(['one@x.org', 'two@y.net'])
  })

  test('one 400 KB cell of `a.a.a.…@` is read in one pass and holds no address', () => {
    const cell = 'a.'.repeat(200_000) + '@'
    expect(emailClass(cell)).toBe(EmailClass.None)
    expect(emailClass(cell + 'x.org')).toBe(EmailClass.Personal)
  })

  test('a placeholder address in a headerless word column does not block', async () => {
    const rows: Array<Array<string | number>> = [['', 'x', 'y', 'z']]
    const words = ['the', 'and', 'of', 'to', 'in', 'is', 'for', 'on', 'that', 'with']
    for (let i = 0; i < 300; i++) rows.push([i === 150 ? 'name@domain.com' : `${words[i % 10]}${i}`, i / 1000, -i / 700, (i % 13) / 17])
    const r = await scanTable('embeddings.csv', rows)
    expect(piiKinds(r.findings)).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('role mailboxes in a contacts column of agencies do not block', async () => {
    const rows: Array<Array<string | number>> = [['Agency', 'Contact']]
    const roles = ['info', 'press', 'media', 'contact', 'noreply', 'webmaster', 'support', 'office']
    for (let i = 0; i < 40; i++) rows.push([`Agency ${i}`, `${roles[i % roles.length]}@agency${i}.gov`])
    const r = await scanTable('agencies.csv', rows)
    expect(piiKinds(r.findings)).toEqual([])
  })

  test('a column of addresses blocks whatever their domain; one personal address in a notes cell blocks', async () => {
    const rows: Array<Array<string | number>> = [['Name', 'Email', 'Notes']]
    for (let i = 0; i < 30; i++)
      rows.push([`${person(i).given} ${person(i).family}`, person(i).email, i === 7 ? 'forwarded to t.kovalenko@ukr.net' : ''])
    const r = await scanTable('contacts.csv', rows)
    const emails = r.findings.filter((f) => f.kind === 'pii/email')
    expect(emails.map((f) => 'scope' in f && f.scope).sort()).toEqual(['cells', 'column'])
    expect(r.blocked).toBe(true)
  })
})

describe('digits inside links and numbers', () => {
  test('dates and numbers inside URLs are not phone numbers', async () => {
    const rows: Array<Array<string | number>> = [['Pollster', 'Yes', 'No', 'URL']]
    for (let i = 0; i < 50; i++) {
      rows.push([
        `Pollster ${i % 7}`,
        40 + (i % 9),
        50 - (i % 7),
        i % 2
          ? `https://www.example-news.com/files/news/documents/2019-${10 + (i % 3)}/2019_${i}_topline.pdf`
          : `https://polls.example-news.com/notes/prod/documents/${2557081 + i}-4c44-a04e/note/${1660489 + i}.pdf#page=1`
      ])
    }
    const r = await scanTable('polls.csv', rows)
    expect(piiKinds(r.findings)).toEqual([])
  })

  test('a file path with a number shaped like an SSN or an A-number is not one', async () => {
    const rows: Array<Array<string | number>> = [['Scan', 'Pages']]
    for (let i = 0; i < 20; i++) rows.push([i % 2 ? `scans/2019/512-44-${1000 + i}.pdf` : `C:\\archive\\A${123456700 + i}\\page.tif`, i])
    const r = await scanTable('scans.csv', rows)
    expect(piiKinds(r.findings)).toEqual([])
  })

  test('a list of long decimals is not a phone number', async () => {
    const rows: Array<Array<string | number>> = [['', 'x', 'y', 'z']]
    for (let i = 0; i < 15; i++) {
      const z = Array.from({ length: 15 }, (_, j) => ((i * 15 + j) / 98 + 0.0918367346939).toFixed(12))
      rows.push([i, (i / 7 - 1).toFixed(12), (i / 7 - 1).toFixed(12), `[${z.join(', ')}]`])
    }
    // The shape that matched: a 12-digit fraction between two decimals.
    rows.push([15, '0.1', '0.1', '[0.173469387755, 0.112244897959, 0.0918367346939]'])
    const r = await scanTable('contour.csv', rows)
    expect(piiKinds(r.findings)).toEqual([])
  })

  test('long free text: a phone number inside is found, a long list of numbers holds none', () => {
    const prose = 'the family asked the duty officer to return the call before the hearing; '.repeat(6)
    expect(findPhone(`${prose}call (202) 555-0143 today. ${prose}`)).toBe(true)
    expect(findPhone(`${prose}ring +44 20 7946 0958 later`)).toBe(true)
    expect(findPhone(Array.from({ length: 20_000 }, (_, i) => String(i % 1000)).join(' '))).toBe(false)
    expect(findPhone(Array.from({ length: 20_000 }, (_, i) => `0.${String(i * 7919).padStart(6, '0')}`).join(', '))).toBe(false)
  })

  test('a phone number in free text still blocks', async () => {
    const rows: Array<Array<string | number>> = [['Facility', 'Notes']]
    for (let i = 0; i < 20; i++)
      rows.push([`FACILITY ${i}`, i === 4 ? 'family asked to call 212-736-5000 see https://example-news.com/a/b' : 'none'])
    const r = await scanTable('notes-phone.csv', rows)
    expect(piiKinds(r.findings)).toEqual(['pii/phone'])
  })
})

describe('identifiers named by their header', () => {
  test('an Invoice ID column of NNN-NN-NNNN is not SSNs', async () => {
    const rows: Array<Array<string | number>> = [['Invoice ID', 'Branch', 'Total']]
    for (let i = 0; i < 200; i++)
      rows.push([
        `${100 + ((i * 37) % 800)}-${String(10 + ((i * 17) % 89))}-${1000 + ((i * 131) % 8999)}`,
        'ABC'[i % 3] as string,
        (i * 3.7).toFixed(2)
      ])
    const r = await scanTable('sales.csv', rows)
    expect(piiKinds(r.findings)).toEqual([])
  })

  test('an SSN column and an SSN inside a notes column still block', async () => {
    const rows: Array<Array<string | number>> = [['SSN', 'Case notes']]
    for (let i = 0; i < 10; i++) rows.push([person(i).ssn, i === 3 ? `intake form shows ${person(20).ssn} pending` : 'none'])
    const r = await scanTable('ssn.csv', rows)
    const ssn = r.findings.filter((f) => f.kind === 'pii/ssn')
    expect(ssn.map((f) => 'scope' in f && f.scope).sort()).toEqual(['cells', 'column'])
  })

  test('a state case number A-2007-11-017 is not an A-number; an A-number in a notes cell is', async () => {
    const rows: Array<Array<string | number>> = [['Case', 'Notes']]
    for (let i = 0; i < 30; i++)
      rows.push([`A-${2000 + (i % 20)}-${10 + (i % 2)}-0${10 + i}`, i === 9 ? 'transfer of A123456789 pending review' : 'closed'])
    const r = await scanTable('cases.csv', rows)
    const found = r.findings.filter((f) => f.kind === 'pii/a-number')
    expect(found.map((f) => 'scope' in f && f.scope)).toEqual(['cells'])
    expect(found.map((f) => f.location.column)).toEqual([2])
  })
})
