import { fixedPattern, isEmail } from '../../src/schema/fastmatch.js'

// Every char-code test must say exactly what its regular expression says.
const SAMPLES = [
  '', 'A', 'A123456789', 'a123456789', 'A12345678', 'A1234567890', 'A12345678x', 'A12345678\u0661', 'AA23456789',
  '123-45-6789', '123-45-678', '123_45_6789', '12a-45-6789', 'SR-0001', 'sr-0001', 'SR-00011', 'SR 0001', 'x.y', 'x-y', 'x\\y',
  'p1@example.org', 'a@b.c', '@b.c', 'a@.c', 'a@b.', 'a@bc', 'a@b@c.d', 'a b@c.d', 'a@b.c ', 'a\u00a0@b.c', 'a@b\u2003.c', 'a.b@c', 'a.b@c.d',
  'é@x.fr', 'a@b..c', 'a@@b.c', 'a@b.c\n', '\ta@b.c', 'a@b.c.d', 'a@\ufeffb.c', 'a@b.c\u{1F600}', 'A\u{1F600}', '1', '12', '-', ']', '.', 'AB', 'ab', '7'
]

describe('fixedPattern: the same verdicts as the pattern regex', () => {
  const patterns = ['A[0-9]{9}', '[0-9]{3}-[0-9]{2}-[0-9]{4}', '[A-Z]{2}-[0-9]{4}', '\\d{3}-\\d{2}-\\d{4}', '[A-Za-z]{2}', 'x\\.y', 'x[.\\-]y', '[-]', '[a-]', '7', 'A[0-9]{0}', '[\\d]{2}']
  for (const p of patterns) {
    it(p, () => {
      const fast = fixedPattern(p)
      expect(fast).not.toBeNull()
      const re = new RegExp(`^(?:${p})$`, 'u')
      for (const s of SAMPLES) expect([s, fast?.(s)]).toEqual([s, re.test(s)])
    })
  }
  it('leaves any other pattern to the regex', () => {
    for (const p of ['A+', 'A*', 'A?', '[^A]', 'A|B', '(AB)', 'A.', '^A', 'A$', '\\w', '\\p{L}', '[0-9]{2,3}', 'é', '[é]', '']) expect([p, fixedPattern(p)]).toEqual([p, null])
  })
})

describe('isEmail: the same verdicts as /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/', () => {
  const re = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
  it('on every sample', () => {
    for (const s of SAMPLES) expect([s, isEmail(s)]).toEqual([s, re.test(s)])
  })
  it('on every white space JavaScript knows, in each place', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c)
      for (const s of [`a${ch}@b.c`, `a@b${ch}.c`, `a@b.${ch}c`]) if (isEmail(s) !== re.test(s)) throw new Error(`differs on U+${c.toString(16)} in ${JSON.stringify(s)}`)
    }
  })
})
