import { fingerprint, normaliseValue, FINGERPRINT_PATTERN } from '../../src/allow/fingerprint.js'
import { normaliseRemote, resolveSalt } from '../../src/allow/salt.js'
import { tempRepo } from '../helpers/git.js'
import { tempDir } from '../helpers/tmp.js'

const SALT = 'repo-salt-1'

describe('fingerprint', () => {
  test.each([
    [['A-123-456-789', 'A123456789', 'a 123 456 789', 'A#123456789', ' A-123 456-789 ', 'Ａ１２３４５６７８９']],
    [['512-44-1290', '512441290', '512 44 1290', '512.44.1290']],
    [['María José Castillo', 'maría  josé   castillo', ' MARÍA JOSÉ CASTILLO\t']],
    [['press.office@agency.example.gov', 'PRESS.OFFICE@AGENCY.EXAMPLE.GOV ']]
  ])('stable across reformatting: %j', (forms) => {
    const prints = new Set(forms.map((f) => fingerprint(f, SALT)))
    expect(prints.size).toBe(1)
  })

  test('different values, or different salts, give different fingerprints', () => {
    expect(fingerprint('A123456789', SALT)).not.toBe(fingerprint('A123456788', SALT))
    expect(fingerprint('A123456789', SALT)).not.toBe(fingerprint('A123456789', 'repo-salt-2'))
    // Names keep their word boundaries: separators only vanish in identifier-shaped values.
    expect(normaliseValue('Ana Maria')).toBe('ana maria')
    expect(fingerprint('Ana Maria', SALT)).not.toBe(fingerprint('AnaMaria', SALT))
  })

  test('the format is pg1: and 64 hex digits, and holds no part of the value', () => {
    const v = 'A-123-456-789'
    const fp = fingerprint(v, SALT)
    expect(fp).toMatch(FINGERPRINT_PATTERN)
    expect(fp).not.toContain('123456789')
    expect(fp).not.toContain(normaliseValue(v))
  })
})

describe('salt', () => {
  const dir = tempDir()
  const repo = tempRepo()
  test('policy salt first, then the repository id', async () => {
    expect(await resolveSalt('from-the-policy', dir.path, { GITHUB_REPOSITORY_ID: '42' })).toEqual({
      value: 'from-the-policy',
      source: 'policy'
    })
    expect(await resolveSalt(undefined, dir.path, { GITHUB_REPOSITORY_ID: '42' })).toEqual({
      value: 'github-repository-id:42',
      source: 'repository-id'
    })
  })

  test('the CLI without a repository id: the origin remote (credentials and scheme dropped), else the top-level path', async () => {
    const noRemote = await resolveSalt(undefined, repo.path, {})
    expect(noRemote.source).toBe('repository-path')
    repo.git('remote', 'add', 'origin', 'https://user:token@github.com/Org/Data.git')
    expect(await resolveSalt(undefined, repo.path, {})).toEqual({ value: 'git-remote:github.com/org/data', source: 'git-remote' })
    expect(normaliseRemote('git@github.com:Org/Data.git')).toBe('github.com/org/data')
    expect(normaliseRemote('ssh://git@github.com/org/data')).toBe('github.com/org/data')
  })
})
