// Schema `pattern`s of fixed width (IDs, codes, years) run on the engine's
// own regular expressions; every other pattern runs on RE2. Both must say
// the same of every value: here, against RE2 itself, on values built to
// probe the edges (newlines, non-ASCII letters, surrogate pairs, prefixes
// and suffixes of a match).

import { RE2JS } from 're2js'
import { fixedWidthPattern } from '../../src/schema/constraints.js'

const FIXED = ['A[0-9]{9}', '[0-9]{5}', 'FY[0-9]{4}', '\\d{3}-\\d{2}-\\d{4}', '[A-Z]{2}\\.[0-9]{3}', '\\w{3}', '[a-f0-9]{8}', 'x\\{y']
const NOT_FIXED = [
  '([A-Za-z]+ ?)*',
  'a*',
  'a+b',
  'a{1,3}',
  'a|b',
  '.{3}',
  '\\s{2}',
  '[[:alpha:]]{2}',
  'x?',
  '(ab){2}',
  '\\p{L}',
  '[é]{2}',
  'é',
  '[^a]{2}',
  '\\D{2}',
  '\\W'
]

const values = [
  '',
  'A123456789',
  'A12345678',
  'A1234567890',
  'a123456789',
  '\nA123456789',
  'A123456789\n',
  '12345',
  '1234',
  '١٢٣٤٥',
  'FY2024',
  'fy2024',
  '123-45-6789',
  '123-45-67890',
  'AB.123',
  'AB_123',
  'bb',
  'b\n',
  '\n\n',
  'ab',
  'a_1',
  'é_1',
  'deadbeef',
  'DEADBEEF',
  'x{y',
  '😀😀',
  '\u{1F600}'
]

test('fixed-width patterns are recognised; anything with a choice is not', () => {
  for (const p of FIXED) expect([p, fixedWidthPattern(p) !== null]).toEqual([p, true])
  for (const p of NOT_FIXED) expect([p, fixedWidthPattern(p)]).toEqual([p, null])
})

test.each(FIXED)('%s means the same on the fast path as on RE2', (p) => {
  const fast = fixedWidthPattern(p)!
  const re2 = RE2JS.compile(p)
  for (const v of values) expect([v, fast.test(v)]).toEqual([v, re2.matches(v)])
})
