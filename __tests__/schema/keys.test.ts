import {
  addKey,
  ColumnKeys,
  KeyBudget,
  KeyHasher,
  KeyLog,
  KeySet,
  type KeyStore,
  MAX_KEYS_PER_TABLE,
  PendingRefs
} from '../../src/schema/keys.js'
import { compileType } from '../../src/schema/types.js'

const h = new KeyHasher()
/** The hasher holding the key of these parts. */
const key = (...parts: Array<string | number | boolean>): KeyHasher => {
  h.start()
  for (const p of parts) h.value(p)
  return h
}
const add = (s: KeySet, ...parts: Array<string | number>): string => s.addHashed(key(...parts))

describe('bounded key sets', () => {
  test('exact on 200,000 distinct keys: no false repeat, every repeat found', () => {
    const s = new KeySet(new KeyBudget(MAX_KEYS_PER_TABLE))
    for (let i = 0; i < 200_000; i++) expect(add(s, `id-${i}`)).toBe('new')
    for (let i = 0; i < 200_000; i += 997) expect(add(s, `id-${i}`)).toBe('seen')
  })

  test('composite keys are not confused by where the parts split', () => {
    const s = new KeySet(new KeyBudget(MAX_KEYS_PER_TABLE))
    expect(add(s, 'ab', 'c')).toBe('new')
    expect(add(s, 'a', 'bc')).toBe('new')
    expect(add(s, 'ab', 'c')).toBe('seen')
    expect(add(s, 1, 'x')).toBe('new')
    expect(add(s, 1.0, 'x')).toBe('seen')
  })

  test('past the budget the set says full (the check reports it; it never passes silently)', () => {
    const budget = new KeyBudget(100)
    const s = new KeySet(budget)
    for (let i = 0; i < 100; i++) expect(add(s, i + 0.5)).toBe('new')
    expect(add(s, 1000.5)).toBe('full')
    expect(add(s, 3.5)).toBe('seen')
  })

  test('a run of consecutive integers costs no key until it breaks, then every earlier id is still known', () => {
    const budget = new KeyBudget(MAX_KEYS_PER_TABLE)
    const c = new ColumnKeys(new KeySet(budget), h)
    for (let i = 1; i <= 50_000; i++) expect(c.add(i)).toBe('new')
    expect(budget.used).toBe(0)
    expect(c.add(17)).toBe('seen')
    expect(budget.used).toBe(0)
    expect(c.add(70_000)).toBe('new') // the run breaks: it goes into the set
    expect(budget.used).toBe(50_001)
    expect(c.add(25_000)).toBe('seen')
    expect(c.add('text')).toBe('new')
  })

  test('integers past 2^53 keep their digits: neighbours are different keys', () => {
    const t = compileType({ name: 'id', type: 'integer' })
    const a = t.cast('12345678901234567890') as string | number
    const b = t.cast('12345678901234567891') as string | number
    const c = new ColumnKeys(new KeySet(new KeyBudget(MAX_KEYS_PER_TABLE)), h)
    expect(c.add(a)).toBe('new')
    expect(c.add(b)).toBe('new')
  })

  test('pending references are checked against the final keys', () => {
    const budget = new KeyBudget(MAX_KEYS_PER_TABLE)
    const keys = new KeySet(budget)
    const pending = new PendingRefs(budget)
    for (const [k, pos] of [
      ['x', 2],
      ['y', 3],
      ['z', 4]
    ] as const) {
      pending.pushHashed(key(k), pos)
    }
    add(keys, 'y')
    expect([...pending.missing(keys)]).toEqual([2, 4])
  })

  test('a log finds every repeat a set finds, and no other, in row order', () => {
    // A run of ids that breaks (its ids then repeat), random ids, text keys
    // repeating within and across 64K-entry stretches, and a composite key.
    let seed = 42
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
      return seed % n
    }
    const rows = Array.from({ length: 60_000 }, (_, i) => [i < 15_000 ? i + 1 : next(100_000), `k${next(40_000)}`, next(3)] as const)
    const run = (store: () => KeyStore): string[][] => {
      const cols = [new ColumnKeys(store(), h), new ColumnKeys(store(), h)]
      const pair = store()
      const out: string[][] = [[], [], []]
      const note = (w: number, r: string | null, pos: number): void => {
        if (r !== null && r !== 'new') (out[w] as string[]).push(`${r} ${pos}`)
      }
      rows.forEach((r, pos) => {
        for (let w = 0; w < 2; w++) note(w, (cols[w] as ColumnKeys).add(r[w] as string | number, pos), pos)
        note(2, addKey(pair, key(r[2], r[1]), pos), pos)
      })
      ;[cols[0]?.keys, cols[1]?.keys, pair].forEach((k, w) => {
        if (k instanceof KeyLog) for (const pos of k.repeats()) note(w, 'seen', pos)
      })
      // Results of the run (at once) and of the log (at the end) for one column, in row order.
      return out.map((l) => l.sort((x, y) => Number(x.split(' ')[1]) - Number(y.split(' ')[1])))
    }
    const expected = run(() => new KeySet(new KeyBudget(MAX_KEYS_PER_TABLE)))
    expect(expected.every((l) => l.length > 0)).toBe(true)
    expect((expected[0] as string[]).some((x) => Number(x.split(' ')[1]) >= 15_000)).toBe(true)
    expect(run(() => new KeyLog(new KeyBudget(MAX_KEYS_PER_TABLE)))).toEqual(expected)
  })

  test('a log keeps every key it is given until the budget is spent, then says full; repeats before that are found', () => {
    const budget = new KeyBudget(10)
    const log = new KeyLog(budget)
    const push = (v: string, pos: number): boolean => log.pushHashed(key(v), pos)
    const keys = ['a', 'b', 'a', 'c', 'd', 'b', 'e', 'f', 'g', 'a']
    keys.forEach((k, i) => expect(push(k, i + 2)).toBe(true))
    expect(push('h', 12)).toBe(false)
    expect(push('a', 13)).toBe(false)
    expect(log.repeats()).toEqual([4, 7, 11])
  })

  test('no false repeat among 300,000 distinct keys (about ten pairs share the first 32 bits of their hash)', () => {
    // Many keys, so that some share h1 (32 bits) by chance, are caught only by h2.
    const log = new KeyLog(new KeyBudget(MAX_KEYS_PER_TABLE))
    for (let i = 0; i < 300_000; i++) log.pushHashed(key(`id-${i}`), i)
    log.pushHashed(key('id-123456'), 300_000)
    expect(log.repeats()).toEqual([300_000])
  })
})
