// "Never echo a found value" holds by type: these lines must NOT compile.
// `tsc --noEmit` (part of npm test) fails if any @ts-expect-error is unused,
// i.e. if a plain string ever becomes assignable where SafeText is required.

import { lit, safe, type Finding, type SafeText } from '../src/findings.js'

const cellValue: string = 'KOVALENKO, TARAS'

// @ts-expect-error a cell value is not SafeText
const a: SafeText = cellValue
// @ts-expect-error lit() takes string literals only
const b = lit(cellValue)
// @ts-expect-error safe`` interpolates numbers and SafeText only
const c = safe`found ${cellValue}`
const d: Finding = {
  kind: 'pii/email',
  scope: 'cells',
  severity: 'error',
  location: { file: 'x.csv', line: 2, column: 1 },
  // @ts-expect-error a finding's message is SafeText
  message: cellValue,
  count: 1,
  samples: []
}
const e: Finding = {
  kind: 'pii/email',
  scope: 'cells',
  severity: 'error',
  location: { file: 'x.csv' },
  message: lit('ok'),
  count: 1,
  samples: [],
  // @ts-expect-error a finding has no field for the value
  value: cellValue
}

test('SafeText builders keep literal text and numbers', () => {
  expect(safe`${3} of ${lit('ten')}`).toBe('3 of ten')
  expect([a, b, c, d, e].length).toBe(5)
})
