// Jekyll- and Hugo-shaped repositories scanned by the bundled CLI with the
// built-in policy: people in data files, page tables and GeoJSON block at
// their exact lines; configuration and navigation pass; no output format
// echoes a value.

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parsePolicy } from '../../src/policy/load.js'
import type { Report } from '../../src/report/types.js'
import { runCli } from '../helpers/cli.js'
import { iso, person } from '../helpers/people.js'
import { REPO } from '../helpers/paths.js'
import { tempDir } from '../helpers/tmp.js'

const planted = new Set<string>()
const people = Array.from({ length: 12 }, (_, i) => {
  const p = person(i + 40)
  const row = {
    name: `${p.given} ${p.family}`,
    email: p.email,
    birthday: iso(p.dob),
    phone: `+1 415 555 ${String(1000 + i * 37).slice(-4)}`
  }
  for (const v of Object.values(row)) planted.add(v)
  return row
})
const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length

const jekyll = tempDir('pg-jekyll-')
const hugo = tempDir('pg-hugo-')
const config = tempDir('pg-config-')
const texts: Record<string, string> = {}

function write(site: ReturnType<typeof tempDir>, rel: string, text: string): void {
  site.write(rel, text)
  texts[rel] = text
}

beforeAll(() => {
  // Jekyll: _config.yml, _data/ (YAML and JSON), pages, an include, a map.
  const siteConfig =
    'title: Community Legal Aid\nemail: office@legal-aid.example.org\nbaseurl: ""\nurl: "https://legal-aid.example.org"\n' +
    'author:\n  name: Office\nplugins:\n  - jekyll-feed\n  - jekyll-seo-tag\ndefaults:\n  - scope:\n      path: ""\n      type: posts\n    values:\n      layout: post\nexclude:\n  - Gemfile\n  - vendor\n'
  for (const site of [jekyll, config]) {
    write(site, '_config.yml', siteConfig)
    write(
      site,
      '_data/navigation.yml',
      'main:\n  - title: Home\n    url: /\n  - title: Clients\n    url: /clients/\n  - title: Contact\n    url: /contact/\n'
    )
    write(
      site,
      'package.json',
      JSON.stringify({ name: 'site', private: true, scripts: { build: 'jekyll build' }, devDependencies: { sass: '^1.0.0' } }, null, 2) +
        '\n'
    )
    write(
      site,
      '.github/workflows/pages.yml',
      'name: Pages\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Build\n        run: bundle exec jekyll build\n'
    )
    write(
      site,
      'about.md',
      '---\ntitle: About\nlayout: page\n---\n\nWe help people.\n\n| Office | Hours |\n| --- | --- |\n| Main | 9-17 |\n'
    )
  }
  const staff =
    '# Rendered by clients.html\n' +
    people
      .slice(0, 6)
      .map((p) => `- name: ${p.name}\n  email: ${p.email}\n  birthday: ${p.birthday}\n`)
      .join('')
  write(jekyll, '_data/clients.yml', staff)
  const page =
    '---\ntitle: Hearings\n---\n\n| Name | Date of Birth | Phone |\n|---|---|---|\n' +
    people
      .slice(6)
      .map((p) => `| ${p.name} | ${p.birthday} | ${p.phone} |`)
      .join('\n') +
    '\n'
  write(jekyll, 'hearings.md', page)
  const html =
    '<table>\n<tr><th>Name</th><th>Email</th></tr>\n' +
    people.map((p) => `<tr>\n  <td>${p.name}</td>\n  <td>${p.email}</td>\n</tr>`).join('\n') +
    '\n</table>\n'
  write(jekyll, '_includes/volunteers.html', html)
  const geo = JSON.stringify(
    {
      type: 'FeatureCollection',
      features: people.map((p, i) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [i, i] },
        properties: { name: p.name, email: p.email }
      }))
    },
    null,
    2
  )
  write(jekyll, 'assets/clients.geojson', geo)

  // Hugo: hugo.toml, data/ (JSON, YAML, TOML), content pages, a partial.
  write(
    hugo,
    'hugo.toml',
    'baseURL = "https://example.org/"\ntitle = "Clinic"\n[params]\n  description = "A clinic"\n[[menus.main]]\n  name = "Team"\n  pageRef = "/team"\n  weight = 10\n'
  )
  const team =
    JSON.stringify(
      { updated: '2026-01-01', team: people.map((p) => ({ name: p.name, contact: { email: p.email, phone: p.phone } })) },
      null,
      2
    ) + '\n'
  write(hugo, 'data/team.json', team)
  write(hugo, 'data/menu.yaml', 'footer:\n  - name: Privacy\n    url: /privacy/\n  - name: Imprint\n    url: /imprint/\n')
  write(hugo, 'content/_index.md', '+++\ntitle = "Home"\n+++\n\nWelcome.\n')
  write(
    hugo,
    'layouts/partials/team.html',
    '<table>\n{{ range .Site.Data.team.team }}\n<tr><td>{{ .name }}</td></tr>\n{{ end }}\n</table>\n'
  )
  write(
    hugo,
    'static/export.ndjson',
    people.map((p) => JSON.stringify({ name: p.name, email: p.email, birthday: p.birthday })).join('\n') + '\n'
  )
})

function scanAll(cwd: string): { status: number | null; report: Report; all: string } {
  const outputs: string[] = []
  let status: number | null = null
  let report: Report | null = null
  for (const format of ['text', 'json', 'sarif']) {
    const r = runCli(['scan', '.', '--format', format], cwd)
    status = r.status
    outputs.push(r.stdout + r.stderr)
    if (format === 'json') report = JSON.parse(r.stdout) as Report
  }
  return { status, report: report as Report, all: outputs.join('\n') }
}

const samples = (r: Report, file: string, kind: string) => {
  const f = r.findings.find((x) => x.location.file === file && x.kind === kind)
  return f && 'samples' in f ? (f.samples ?? []) : []
}

describe('static sites (bundled CLI, built-in policy)', () => {
  test('a Jekyll site: people in _data, a page table, an include and a map block at their lines; config and navigation pass', () => {
    const { status, report, all } = scanAll(jekyll.path)
    expect(status).toBe(1)
    expect([...planted].filter((v) => all.includes(v))).toEqual([])
    const staff = texts['_data/clients.yml'] as string
    expect(samples(report, '_data/clients.yml', 'pii/email').map((s) => s.line)).toEqual(
      people.slice(0, 6).map((p) => lineOf(staff, p.email))
    )
    expect(samples(report, '_data/clients.yml', 'pii/date-of-birth')[0]).toMatchObject({
      line: lineOf(staff, people[0]!.birthday),
      pointer: '/0/birthday'
    })
    const page = texts['hearings.md'] as string
    expect(samples(report, 'hearings.md', 'pii/date-of-birth').map((s) => s.line)).toEqual(
      people.slice(6).map((p) => lineOf(page, p.birthday))
    )
    const html = texts['_includes/volunteers.html'] as string
    expect(samples(report, '_includes/volunteers.html', 'pii/email')[5]?.line).toBe(lineOf(html, people[5]!.email))
    const geo = texts['assets/clients.geojson'] as string
    expect(samples(report, 'assets/clients.geojson', 'pii/email')[2]).toMatchObject({
      line: lineOf(geo, people[2]!.email),
      pointer: '/features/2/properties/email'
    })
    for (const quiet of ['_config.yml', '_data/navigation.yml', 'package.json', 'about.md']) {
      expect(report.files.find((f) => f.path === quiet)).toMatchObject({ status: 'scanned', errors: 0, warnings: 0 })
    }
    // The repository's configuration (workflows, the policy) is not published data: not scanned as records.
    expect(report.files.find((f) => f.path === '.github/workflows/pages.yml')).toBeUndefined()
  })

  test('a Hugo site: data/*.json and an NDJSON export block at their lines; hugo.toml, menus and templates pass', () => {
    const { status, report, all } = scanAll(hugo.path)
    expect(status).toBe(1)
    expect([...planted].filter((v) => all.includes(v))).toEqual([])
    const team = texts['data/team.json'] as string
    const email = samples(report, 'data/team.json', 'pii/email')
    expect(email.map((s) => s.line)).toEqual(people.map((p) => lineOf(team, p.email)))
    expect(email[7]?.pointer).toBe('/team/7/contact/email')
    expect(samples(report, 'static/export.ndjson', 'pii/date-of-birth')[3]).toMatchObject({ line: 4, pointer: '/birthday' })
    for (const quiet of ['hugo.toml', 'data/menu.yaml', 'content/_index.md', 'layouts/partials/team.html']) {
      expect(report.files.find((f) => f.path === quiet)).toMatchObject({ status: 'scanned', errors: 0, warnings: 0 })
    }
  })

  test('a site that keeps only configuration sees no findings', () => {
    const r = runCli(['scan', '.', '--format', 'json'], config.path)
    expect(r.status).toBe(0)
    const report = JSON.parse(r.stdout) as Report
    expect(report.files.length).toBeGreaterThanOrEqual(4)
    expect(report.files.every((f) => !f.path.startsWith('.github/'))).toBe(true)
    expect(report.findings).toEqual([])
  })

  test('the Jekyll and Hugo policies of docs/static-sites.md are valid, and the Jekyll one blocks the same people', () => {
    const doc = readFileSync(resolve(REPO, 'docs/static-sites.md'), 'utf8')
    const policies = [...doc.matchAll(/```yaml\n(# \.github\/publish-guard\.yml\n[\s\S]*?)```/g)].map((m) => m[1] as string)
    expect(policies).toHaveLength(2)
    for (const p of policies) expect(() => parsePolicy(p, 'publish-guard.yml')).not.toThrow()
    jekyll.write('.github/publish-guard.yml', policies[0] as string)
    const r = runCli(['scan', '.', '--format', 'json'], jekyll.path)
    expect(r.status).toBe(1)
    const report = JSON.parse(r.stdout) as Report
    const blocked = [...new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.location.file))].sort()
    expect(blocked).toEqual(['_data/clients.yml', '_includes/volunteers.html', 'assets/clients.geojson', 'hearings.md'])
  })
})
