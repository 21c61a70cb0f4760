// Inputs are read and checked in one place; a bad one names itself and the form it expects.

import { ConfigError } from '../../src/errors.js'
import { readSettings } from '../../src/github/settings.js'

const env = (inputs: Record<string, string>): NodeJS.ProcessEnv => ({
  GITHUB_REPOSITORY: 'acme/website',
  GITHUB_WORKSPACE: '/tmp/ws',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_SHA: 'abc',
  ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
})

function withEnv<T>(e: NodeJS.ProcessEnv, fn: () => T): T {
  const saved = { ...process.env }
  Object.assign(process.env, e)
  try {
    return fn()
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
  }
}

test('defaults: the default policy path (not explicit), comments on, fail on errors', () => {
  const s = withEnv(env({ policy: '.github/publish-guard.yml', 'fail-on': 'error', comment: 'true', token: 't' }), () => readSettings())
  expect(s).toMatchObject({
    policyExplicit: false,
    comment: true,
    failOn: 'error',
    policyChange: 'error',
    token: 't',
    repository: { owner: 'acme', repo: 'website' },
    workspace: '/tmp/ws'
  })
  expect(s.reportFile).toBeUndefined()
})

test('paths split on lines and commas; output files resolved in the workspace', () => {
  const s = withEnv(env({ paths: 'data/**/*.csv, docs\nstatic/*.xlsx', 'report-file': 'out/r.json', comment: 'false' }), () =>
    readSettings()
  )
  expect(s.paths).toEqual(['data/**/*.csv', 'docs', 'static/*.xlsx'])
  expect(s.reportFile).toBe('/tmp/ws/out/r.json')
  expect(s.comment).toBe(false)
})

test.each([
  ['fail-on', 'sometimes', 'input fail-on: expected `error` or `warning`, got `sometimes`'],
  ['comment', 'maybe', 'input comment: expected `true` or `false`, got `maybe`'],
  ['policy-change', 'never', 'input policy-change: expected `error` or `warning`, got `never`']
])('a bad %s is a configuration error that says the expected form', (name, value, message) => {
  expect(() => withEnv(env({ [name]: value }), () => readSettings())).toThrow(
    new ConfigError(message.replace(/^input [a-z-]+: /, ''), `input ${name}`)
  )
})
