// The hot-path forms of the cell checks against the plain forms they replace:
// dates without floating-point division, and a field's constraints fused into
// one call.
import { compileField } from '../../src/schema/constraints.js'
import type { FieldDescriptor } from '../../src/schema/load.js'
import { compileType } from '../../src/schema/types.js'

describe('fast cell checks agree with the plain ones', () => {
  test('ISO dates: every day from 0000-01-01 to 2400-12-31 casts to what Date.UTC gives', () => {
    const t = compileType({ name: 'd', type: 'date' })
    const start = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(0) // Date.UTC reads year 0 as 1900
    for (let ms = start; ms <= Date.UTC(2400, 11, 31); ms += 86_400_000) {
      const d = new Date(ms)
      const y = d.getUTCFullYear()
      const iso = `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`
      if (t.cast(iso) !== ms / 86_400_000) expect([iso, t.cast(iso)]).toEqual([iso, ms / 86_400_000])
    }
    expect(t.cast('0000-01-01')).toBe(start / 86_400_000)
  })

  test('a fused test flags exactly the checks that fail, bit j for checks[j]', () => {
    const fields: FieldDescriptor[] = [
      { name: 'n', type: 'number', constraints: { minimum: 0, exclusiveMaximum: 10, enum: [0, 1.5, 9.99, 10, -1, 'NaN'] } },
      { name: 'i', type: 'integer', constraints: { exclusiveMinimum: -3, maximum: 5 } },
      { name: 'd', type: 'date', constraints: { minimum: '2000-01-01', maximum: '2000-12-31' } },
      { name: 's', constraints: { minLength: 2, maxLength: 3, pattern: '[a-c]+', enum: ['a', 'ab', 'abcd', 'cc', 'zz'] } },
      { name: 's2', constraints: { enum: Array.from({ length: 40 }, (_, k) => `v${k}`) } },
      { name: 'y', type: 'year', constraints: { minimum: 1990 } }
    ]
    const raws = [
      '',
      '0',
      '1.5',
      '9.99',
      '10',
      '-1',
      'NaN',
      'INF',
      '-INF',
      '5',
      '-3',
      '-2',
      '6',
      '2000-01-01',
      '1999-12-31',
      '2000-12-31',
      '2001-01-01',
      'a',
      'ab',
      'abc',
      'abcd',
      'cc',
      'zz',
      'v0',
      'v39',
      'v40',
      '1989',
      '1990',
      '12345678901234567890'
    ]
    for (const f of fields) {
      const c = compileField(f, compileType(f), false)
      expect(c.test).not.toBeNull()
      for (const raw of raws) {
        const v = c.type.cast(raw)
        if (v === undefined) continue
        const want = c.checks.reduce((bits, k, j) => (k.test(v, raw) ? bits : bits | (1 << j)), 0)
        expect([f.name, raw, c.test?.(v, raw)]).toEqual([f.name, raw, want])
      }
    }
    const none = { name: 'free' }
    expect(compileField(none, compileType(none), false).test).toBeNull()
  })
})
