import { compileField } from '../../src/schema/constraints.js'
import type { FieldDescriptor } from '../../src/schema/load.js'
import { compileType } from '../../src/schema/types.js'

const ok = (f: Omit<FieldDescriptor, 'name'>, ...values: string[]): void => {
  const t = compileType({ name: 'x', ...f })
  for (const v of values) expect([v, t.cast(v)]).not.toEqual([v, undefined])
}
const bad = (f: Omit<FieldDescriptor, 'name'>, ...values: string[]): void => {
  const t = compileType({ name: 'x', ...f })
  for (const v of values) expect([v, t.cast(v)]).toEqual([v, undefined])
}

describe('types', () => {
  test('date formats (strptime directives)', () => {
    ok({ type: 'date', format: '%d.%m.%Y' }, '31.01.2020', '1.2.2020')
    bad({ type: 'date', format: '%d.%m.%Y' }, '2020-01-31', '29.02.2021', '32.01.2020')
    ok({ type: 'date', format: '%b %d, %Y' }, 'Jan 05, 2020', 'dec 31, 1999')
    ok({ type: 'date', format: '%B %Y' }, 'March 2021')
    ok({ type: 'date', format: 'any' }, '2020-01-31', 'March 7, 2021')
    bad({ type: 'date', format: 'any' }, 'not a date', 'March')
    ok({ type: 'date' }, '2024-02-29')
    bad({ type: 'date' }, '2023-02-29', '2020-1-05')
  })

  test('a workbook date cell is a date whatever the format says', () => {
    const t = compileType({ name: 'x', type: 'date', format: '%d/%m/%Y' })
    expect(t.cast('2020-01-31', true)).toBe(t.cast('31/01/2020'))
  })

  test('times and datetimes', () => {
    ok({ type: 'time', format: '%I:%M %p' }, '10:30 PM', '12:00 am')
    bad({ type: 'time', format: '%I:%M %p' }, '13:00 PM')
    const dt = compileType({ name: 'x', type: 'datetime' })
    expect(dt.cast('2020-01-31T10:30:00+01:00')).toBe(dt.cast('2020-01-31T09:30:00Z'))
    ok({ type: 'datetime', format: '%Y-%m-%dT%H:%M:%S%z' }, '2020-01-31T10:30:00+0100')
  })

  test('numbers with decimalChar, groupChar, bareNumber', () => {
    const t = compileType({ name: 'x', type: 'number', decimalChar: ',', groupChar: ' ' })
    expect(t.cast('1 234,5')).toBe(1234.5)
    const b = compileType({ name: 'x', type: 'number', bareNumber: false })
    expect(b.cast('€ 12.50')).toBe(12.5)
    expect(b.cast('-7%')).toBe(-7)
    ok({ type: 'integer', groupChar: ',' }, '1,000,000')
  })

  test('plain numbers without a regex agree with the number grammar', () => {
    ok({ type: 'number' }, '0', '-12.5e3', '.5', '-.5', '7.', '+3', '1E-2', 'NaN', 'INF', '-INF')
    bad({ type: 'number' }, '.', '-', 'e5', '1e', '1.2.3', '1,5', ' 1', '0x1f', 'Infinity')
  })

  test('dates are days since 1970 (as Date.UTC), leap years included', () => {
    const t = compileType({ name: 'x', type: 'date' })
    for (const d of ['1970-01-01', '1900-02-28', '2000-02-29', '2024-12-31', '1600-03-01', '0001-01-01', '9999-12-31']) {
      const [y, m, day] = d.split('-').map(Number) as [number, number, number]
      const utc = new Date(0)
      utc.setUTCFullYear(y, m - 1, day)
      expect([d, t.cast(d)]).toEqual([d, Math.floor(utc.getTime() / 86_400_000)])
    }
    bad({ type: 'date' }, '1900-02-29', '2023-04-31')
  })

  test('json types', () => {
    ok({ type: 'object' }, '{"a": 1}')
    bad({ type: 'object' }, '[1]', 'x')
    ok({ type: 'array' }, '[1, 2]')
    ok({ type: 'geojson' }, '{"type": "Point", "coordinates": [1, 2]}')
  })
})

describe('constraints and what the message expects', () => {
  test('expected text is built from the schema', () => {
    const f = { name: 'n', type: 'integer', constraints: { minimum: 0, maximum: 100 } }
    expect(compileField(f, compileType(f), false).expected).toBe('integer ≥ 0 and ≤ 100')
    const e = { name: 'e', constraints: { enum: ['a', 'b'] } }
    expect(compileField(e, compileType(e), false).expected).toBe('text one of "a", "b"')
  })

  test('date bounds compare as dates', () => {
    const f = { name: 'd', type: 'date', constraints: { minimum: '2020-01-01', exclusiveMaximum: '2021-01-01' } }
    const c = compileField(f, compileType(f), false)
    const pass = (raw: string): boolean => c.checks.every((k) => k.test(c.type.cast(raw) as number, raw))
    expect(['2020-01-01', '2020-12-31'].map(pass)).toEqual([true, true])
    expect(['2019-12-31', '2021-01-01'].map(pass)).toEqual([false, false])
  })

  test('lengths count characters, not UTF-16 units', () => {
    const f = { name: 's', constraints: { maxLength: 2 } }
    const c = compileField(f, compileType(f), false)
    expect(c.checks[0]?.test('😀😀', '😀😀')).toBe(true)
  })
})
