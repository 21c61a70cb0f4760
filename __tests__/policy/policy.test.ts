import { parsePolicy } from '../../src/policy/load.js'
import { fileMatcher } from '../../src/policy/match.js'
import { findPolicy } from '../../src/policy/index.js'
import { ConfigError } from '../../src/errors.js'
import { tempDir } from '../helpers/tmp.js'
// @ts-expect-error plain JavaScript module of the bench
import { aliasBomb } from '../../bench/generate.js'

const errorOf = (text: string): ConfigError => {
  try {
    parsePolicy(text, 'p.yml')
  } catch (e) {
    if (e instanceof ConfigError) return e
    throw e
  }
  throw new Error('expected a ConfigError')
}

describe('policy file', () => {
  test('the issue example is valid and normalised', () => {
    const p = parsePolicy(
      `version: 1
ignore: ["vendor/**"]
datasets:
  - name: detention statistics
    files: ["data/**/*.csv", "data/**/*.xlsx"]
    columns:
      allow: ["Facility", "Fiscal Year", "Book-ins"]
    fields: []
    detectors: { person-name: error, date-of-birth: error, email: warning }
    disclosure:
      min-count: 10
      count-columns: ["Detained"]
`,
      'p.yml'
    )
    expect(p.source).toBe('p.yml')
    expect(p.ignore).toEqual(['vendor/**'])
    expect(p.datasets[0]?.detectors.email).toBe('warning')
    expect(p.datasets[0]?.detectors.ssn).toBe('error')
    expect(p.datasets[0]?.disclosure).toMatchObject({ minCount: 10, countColumns: ['Detained'], allowZero: true })
  })

  test('an unknown key names file, line, column and the expected keys', () => {
    const e = errorOf('version: 1\ndatasets:\n  - name: x\n    files: ["a.csv"]\n    colums: {}\n')
    expect(e.message).toContain('p.yml:5:5')
    expect(e.message).toContain('unknown key `colums`')
    expect(e.message).toMatch(/expected one of: .*columns/)
  })

  test('a bad detector level names the allowed values', () => {
    const e = errorOf('version: 1\ndetectors:\n  email: maybe\n')
    expect(e.message).toContain('p.yml:3:10')
    expect(e.message).toContain('must be one of: off, warning, error')
  })

  test('a missing version and an unknown detector are both reported', () => {
    const e = errorOf('detectors:\n  emails: error\n')
    expect(e.message).toContain('is missing `version`')
    expect(e.message).toContain('unknown key `emails`')
  })

  test('invalid YAML gives its place', () => {
    const e = errorOf('version: 1\ndatasets: [\n')
    expect(e.message).toMatch(/^p\.yml:\d+:\d+: not valid YAML/)
  })

  test('a YAML alias bomb is a policy error, not a crash', () => {
    // Nine levels of ten aliases each: 10^9 nodes once expanded, 90 aliases in the file.
    const e = errorOf(`version: 1\nx-bomb:${aliasBomb()}`)
    expect(e.message).toMatch(/aliases/)
  })

  test('more than 100 YAML aliases is a policy error', () => {
    const items = Array.from({ length: 101 }, () => '    - *g').join('\n')
    const e = errorOf(`version: 1\nignore: &g "vendor/**"\ndatasets:\n  - name: x\n    files:\n${items}\n`)
    expect(e.message).toMatch(/^p\.yml:\d+:\d+: more than 100 YAML aliases/)
  })

  const bigDir = tempDir()
  test('a policy over 1 MiB is refused before parsing, from text or from a file', async () => {
    const big = 'version: 1\nignore:\n' + '  - "vendor/some/long/path/**"\n'.repeat(40_000)
    expect(errorOf(big).message).toContain('larger than 1048576 bytes')
    const path = bigDir.write('big.yml', big)
    await expect(findPolicy(path, bigDir.path)).rejects.toThrow(/larger than 1048576 bytes/)
  })

  test('an empty file is an error, not the defaults', () => {
    expect(errorOf('').message).toContain('empty')
  })

  test('files: first matching dataset wins, ignore beats everything', () => {
    const p = parsePolicy(
      'version: 1\nignore: ["vendor/**"]\ndatasets:\n  - { name: a, files: ["data/*.csv"] }\n  - { name: b, files: ["**/*.csv"] }\n',
      'p.yml'
    )
    const m = fileMatcher(p)
    expect(m('data/x.csv')).toMatchObject({ scan: true, dataset: { name: 'a' } })
    expect(m('other/x.csv')).toMatchObject({ scan: true, dataset: { name: 'b' } })
    expect(m('vendor/x.csv')).toEqual({ scan: false, reason: 'ignored by policy' })
    expect(m('docs/notes.rst')).toEqual({ scan: false, reason: 'not matched by policy files' })
    expect(m('data/book.xlsx')).toMatchObject({ scan: true, dataset: null })
  })

  describe('findPolicy', () => {
    const dir = tempDir()
    test('no default file: the built-in default', async () => {
      expect((await findPolicy(undefined, dir.path)).source).toBeNull()
    })
    test('an explicit path that does not exist is a configuration error', async () => {
      await expect(findPolicy('nope.yml', dir.path)).rejects.toThrow(/policy file not found/)
    })
    test('the default path is used when present', async () => {
      dir.write('.github/publish-guard.yml', 'version: 1\nignore: ["x/**"]\n')
      const p = await findPolicy(undefined, dir.path)
      expect(p.source).toBe('.github/publish-guard.yml')
      expect(p.ignore).toEqual(['x/**'])
    })
  })
})
