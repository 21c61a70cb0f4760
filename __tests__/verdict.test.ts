// The one verdict every step of a scan asks (src/verdict.ts).

import { lit, type Finding } from '../src/findings.js'
import { verdict } from '../src/verdict.js'

const f = (o: Partial<Finding>): Finding =>
  ({ kind: 'pii/email', severity: 'error', message: lit('m'), location: { file: 'a.csv' }, ...o }) as Finding

test('an error blocks; a warning only at --fail-on warning; an allowed finding never', () => {
  expect(verdict([f({})], { failOn: 'error' })).toBe(true)
  expect(verdict([f({ severity: 'warning' })], { failOn: 'error' })).toBe(false)
  expect(verdict([f({ severity: 'warning' })], { failOn: 'warning' })).toBe(true)
  expect(verdict([f({ allowed: { reason: lit('public'), entry: 1 } })], { failOn: 'warning' })).toBe(false)
  expect(verdict([], { failOn: 'warning' })).toBe(false)
})

test('a finding already on the base branch blocks unless fail-on-existing is false', () => {
  const existing = f({ novelty: 'existing' })
  expect(verdict([existing], { failOn: 'error' })).toBe(true)
  expect(verdict([existing], { failOn: 'error', failOnExisting: false })).toBe(false)
  expect(verdict([existing, f({ novelty: 'new' })], { failOn: 'error', failOnExisting: false })).toBe(true)
})
