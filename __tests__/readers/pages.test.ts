import { scanWithPolicy } from '../helpers/scan.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import type { Finding, PiiFinding } from '../../src/findings.js'
import { iso, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()

async function scanOne(rel: string) {
  return scanWithPolicy({ policy: builtInPolicy(), paths: [rel], root: dir.path })
}
const pii = (fs: Finding[], kind: string): PiiFinding | undefined => fs.find((f) => f.kind === kind) as PiiFinding | undefined
const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length

const people = Array.from({ length: 8 }, (_, i) => {
  const p = person(i)
  return { name: `${p.given} ${p.family}`, email: p.email, born: iso(p.dob) }
})

describe('Markdown pages', () => {
  test('a pipe table after front matter: header row, exact lines, field numbers', async () => {
    const text =
      '---\ntitle: Detained\nlayout: page\n---\n\n# Who is held\n\nIntro text with a | pipe.\n\n' +
      '| Name | Date of Birth | Email |\n| --- | --- | --- |\n' +
      people.map((p) => `| ${p.name} | ${p.born} | ${p.email} |`).join('\n') +
      '\n\nMore text.\n'
    dir.write('held.md', text)
    const r = await scanOne('held.md')
    expect(r.files[0]).toMatchObject({ format: 'markdown', tables: 1, rows: 8 })
    const email = pii(r.findings, 'pii/email')
    expect(email?.location).toMatchObject({ column: 3, header: 'Email' })
    expect(email?.samples.map((s) => s.line)).toEqual(people.map((p) => lineOf(text, p.email)))
    expect(pii(r.findings, 'pii/date-of-birth')?.samples[0]?.line).toBe(lineOf(text, people[0]!.born))
  })

  test('front matter with a list of people is a table too', async () => {
    const text =
      '---\ntitle: Team\npeople:\n' + people.map((p) => `  - name: ${p.name}\n    email: ${p.email}\n`).join('') + '---\n\nWelcome.\n'
    dir.write('team.md', text)
    const r = await scanOne('team.md')
    const email = pii(r.findings, 'pii/email')
    expect(email?.samples[1]).toMatchObject({ line: lineOf(text, people[1]!.email), pointer: '/people/1/email' })
  })

  test('Hugo TOML front matter with an array of tables is a table too', async () => {
    const text =
      '+++\ntitle = "Team"\n' + people.map((p) => `[[people]]\nname = "${p.name}"\nemail = "${p.email}"\n`).join('') + '+++\n\nWelcome.\n'
    dir.write('content/team.md', text)
    const r = await scanOne('content/team.md')
    const email = pii(r.findings, 'pii/email')
    expect(email?.samples[3]).toMatchObject({ line: lineOf(text, people[3]!.email), pointer: '/people/3/email' })
  })

  test('a page with prose, lists and code but no table passes', async () => {
    dir.write(
      'about.md',
      '---\ntitle: About\n---\n\n# About\n\nWe are a lab. Contact: Maria Castillo Ruiz.\n\n- one\n- two\n\n```\na | b\n```\n'
    )
    const r = await scanOne('about.md')
    expect(r.files[0]).toMatchObject({ status: 'scanned', tables: 0 })
    expect(r.findings).toEqual([])
  })

  test('a CSV pasted into a fenced or indented code block is a table, each row at its line', async () => {
    const rows = ['Name,Email,Date of Birth', ...people.map((p) => `${p.name},${p.email},${p.born}`)]
    const fenced = `# Staff\n\nThe list:\n\n\`\`\`csv\n${rows.join('\n')}\n\`\`\`\n\nEnd.\n`
    dir.write('fenced.md', fenced)
    const r = await scanOne('fenced.md')
    expect(r.files[0]).toMatchObject({ format: 'markdown', tables: 1, rows: people.length })
    expect(pii(r.findings, 'pii/email')?.samples.map((s) => s.line)).toEqual(people.map((p) => lineOf(fenced, p.email)))
    expect(pii(r.findings, 'pii/email')?.location).toMatchObject({ column: 2, header: 'Email' })
    const indented = `# Staff\n\n${rows.map((l) => `    ${l}`).join('\n')}\n`
    dir.write('indented.md', indented)
    const i = await scanOne('indented.md')
    expect(pii(i.findings, 'pii/email')?.samples.map((s) => s.line)).toEqual(people.map((p) => lineOf(indented, p.email)))
  })

  test('an HTML table inside Markdown is read with its lines', async () => {
    const text =
      '# List\n\n<table>\n<tr><th>Name</th><th>Email</th></tr>\n' +
      people.map((p) => `<tr><td>${p.name}</td><td>${p.email}</td></tr>`).join('\n') +
      '\n</table>\n'
    dir.write('raw.md', text)
    const r = await scanOne('raw.md')
    expect(pii(r.findings, 'pii/email')?.samples[2]?.line).toBe(lineOf(text, people[2]!.email))
  })
})

describe('HTML pages and templates', () => {
  test('a <table> whose cells sit on lines of their own: each cell at its line', async () => {
    const text =
      '<!DOCTYPE html>\n<html><body>\n<table class="staff">\n  <thead><tr><th>Name</th><th>Email</th></tr></thead>\n  <tbody>\n' +
      people.map((p) => `    <tr>\n      <td>${p.name}</td>\n      <td><a href="mailto:x">${p.email}</a></td>\n    </tr>\n`).join('') +
      '  </tbody>\n</table>\n</body></html>\n'
    dir.write('staff.html', text)
    const r = await scanOne('staff.html')
    expect(r.files[0]).toMatchObject({ format: 'html', tables: 1, rows: 8 })
    const email = pii(r.findings, 'pii/email')
    expect(email?.samples.map((s) => s.line)).toEqual(people.map((p) => lineOf(text, p.email)))
    expect(email?.samples[0]).toMatchObject({ column: 2 })
    expect(pii(r.findings, 'pii/person-name')?.samples[0]?.line).toBe(lineOf(text, people[0]!.name))
  })

  test('a Liquid template with a literal table is read; one that loops over data is not a finding', async () => {
    const literal =
      '---\nlayout: default\n---\n{% if page.show %}\n<table>\n<tr><th>Name</th><th>Email</th></tr>\n' +
      people.map((p) => `<tr><td>${p.name}</td><td>${p.email}</td></tr>`).join('\n') +
      '\n</table>\n{% endif %}\n'
    dir.write('_includes/list.liquid', literal)
    dir.write(
      '_layouts/team.html',
      '<table>\n{% for p in site.data.staff %}\n<tr><td>{{ p.name }}</td><td>{{ p.email }}</td></tr>\n{% endfor %}\n</table>\n'
    )
    const a = await scanOne('_includes/list.liquid')
    expect(pii(a.findings, 'pii/email')?.samples[0]?.line).toBe(lineOf(literal, people[0]!.email))
    const b = await scanOne('_layouts/team.html')
    expect(b.files[0]).toMatchObject({ status: 'scanned', tables: 1 })
    expect(b.findings).toEqual([])
  })

  test('HTML that ends inside a comment blocks as unreadable with the line', async () => {
    dir.write('cut.html', '<html>\n<body>\n<!-- old list\n<table><tr><td>x</td></tr></table>\n')
    const r = await scanOne('cut.html')
    const u = r.findings.find((f) => f.kind === 'file/unreadable')
    // The input ends (line 5, after the last line break) inside the comment opened on line 3.
    expect(u?.message).toContain('reading stopped at line 5')
  })

  test('a CSV in <pre> or <textarea> is a table, each row at its line', async () => {
    const rows = ['Name;Email;Date of Birth', ...people.map((p) => `${p.name};${p.email};${p.born}`)]
    const page = `<html><body>\n<h1>Staff</h1>\n<pre>\n${rows.join('\n')}\n</pre>\n<textarea>${rows.slice(0, 3).join('\n')}</textarea>\n</body></html>\n`
    dir.write('pre.html', page)
    const r = await scanOne('pre.html')
    expect(r.files[0]).toMatchObject({ format: 'html', tables: 2 })
    const emails = r.findings.filter((f) => f.kind === 'pii/email') as PiiFinding[]
    expect(emails[0]?.samples.map((s) => s.line)).toEqual(people.map((p) => lineOf(page, p.email)))
    expect(emails[0]?.location).toMatchObject({ column: 2, header: 'Email' })
    // The textarea's header is on its own line, its first person on the next.
    expect(emails[1]?.samples[0]?.line).toBe(page.split('\n').findIndex((l) => l.startsWith('<textarea>')) + 2)
  })

  test('JSON-LD records in a page are read at their places; a template block is left to the generator; broken JSON blocks', async () => {
    const ld = JSON.stringify(
      people.map((p) => ({ '@type': 'Person', name: p.name, email: p.email, birthDate: p.born })),
      null,
      2
    )
    const page = `<html><head>\n<script type="application/ld+json">\n${ld}\n</script>\n</head><body><p>Team</p></body></html>\n`
    dir.write('team.html', page)
    const r = await scanOne('team.html')
    expect(r.files[0]).toMatchObject({ format: 'html', tables: 1 })
    const email = pii(r.findings, 'pii/email')
    expect(email?.samples.map((s) => s.line)).toEqual(people.map((p) => lineOf(page, p.email)))
    expect(email?.samples[0]?.pointer).toBe('/0/email')
    dir.write('seo.html', '<script type="application/ld+json">{"@type": "WebSite", "url": {{ site.url | jsonify }}}</script>\n')
    expect((await scanOne('seo.html')).findings).toEqual([])
    dir.write('broken.html', '<script type="application/ld+json">{"@type": "Person", "name": </script>\n')
    expect((await scanOne('broken.html')).findings.map((f) => f.kind)).toEqual(['file/unreadable'])
  })
})
