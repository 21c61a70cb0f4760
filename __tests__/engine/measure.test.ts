// The engine's fused per-cell pass must give exactly the character counts and
// the hash that the straightforward two-pass code gives.

import { emptyShape, measureAndHash } from '../../src/detectors/shape.js'
import { hash32 } from '../../src/detectors/sketch.js'
import type { CellShape } from '../../src/detectors/types.js'

/** The reference: one plain test per character class. */
function reference(v: string): CellShape {
  const s = emptyShape()
  s.length = v.length
  for (const ch of v.split('')) {
    const c = ch.charCodeAt(0)
    if (c >= 48 && c <= 57) s.digits++
    else if ((c >= 97 && c <= 122) || c >= 0xc0) s.letters++
    else if (c >= 65 && c <= 90) {
      s.letters++
      s.upper++
    } else if (c === 32) s.spaces++
    else if (c === 44) s.comma++
    else if (c === 45) s.dash++
    else if (c === 46) s.dot++
    else if (c === 47) s.slash++
    else if (c === 64) s.at++
    else if (c === 35) s.hash++
    else if (c === 43) s.plus++
    else if (c === 40 || c === 41) s.paren++
  }
  s.key = hash32(v)
  return s
}

const samples = [
  '',
  ' ',
  'CASTILLO RUIZ, MARÍA JOSÉ',
  'maria.castillo@example.org',
  'A#123-456-789',
  '12/31/1989',
  '31.12.1989',
  '[x]^_`{|}~ @?:;<=>',
  'Шевченко Тарас',
  '王 伟',
  'tab\there\nnew line',
  '\u00bf\u00c0\u00ff\u0100\uffff'
]

test.each(samples)('counts and hash of %j match the reference', (v) => {
  const s = emptyShape()
  const h = measureAndHash(v, s)
  expect(s).toEqual(reference(v))
  expect(h).toBe(hash32(v))
})

test('every character code is classified as the reference does', () => {
  let all = ''
  for (let c = 0; c < 0x300; c++) all += String.fromCharCode(c)
  const s = emptyShape()
  expect(measureAndHash(all, s)).toBe(hash32(all))
  expect(s).toEqual(reference(all))
})
