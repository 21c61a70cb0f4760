import { type AddResult, ColumnKeys, hashStart, hashValue, KeyBudget, KeyQueue, KeySet, PendingRefs } from '../../src/schema/keys.js'
import { compileType } from '../../src/schema/types.js'

const add = (s: KeySet, ...parts: Array<string | number>): string => {
  hashStart()
  for (const p of parts) hashValue(p)
  return s.addHashed()
}

describe('bounded key sets', () => {
  test('exact on 200,000 distinct keys: no false repeat, every repeat found', () => {
    const s = new KeySet(new KeyBudget())
    for (let i = 0; i < 200_000; i++) expect(add(s, `id-${i}`)).toBe('new')
    for (let i = 0; i < 200_000; i += 997) expect(add(s, `id-${i}`)).toBe('seen')
  })

  test('composite keys are not confused by where the parts split', () => {
    const s = new KeySet(new KeyBudget())
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
    const budget = new KeyBudget()
    const c = new ColumnKeys(new KeySet(budget))
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
    const c = new ColumnKeys(new KeySet(new KeyBudget()))
    expect(c.add(a)).toBe('new')
    expect(c.add(b)).toBe('new')
  })

  test('pending references are checked against the final keys', () => {
    const budget = new KeyBudget()
    const keys = new KeySet(budget)
    const pending = new PendingRefs(budget)
    for (const [k, pos] of [['x', 2], ['y', 3], ['z', 4]] as const) {
      hashStart()
      hashValue(k)
      pending.pushHashed(pos)
    }
    add(keys, 'y')
    expect([...pending.missing(keys)]).toEqual([2, 4])
  })

  test('queued adds give the results of adding at once, in row order, up to the same full row', () => {
    // Two columns sharing one budget: ids (a run, then text) and a repeating code.
    const rows = Array.from({ length: 3000 }, (_, i) => [i < 1200 ? i + 1 : `id-${i % 1700}`, `c${i % 900}`] as const)
    const now = (): string[] => {
      const budget = new KeyBudget(2500)
      const cols = [new ColumnKeys(new KeySet(budget)), new ColumnKeys(new KeySet(budget))]
      const out: string[] = []
      rows.forEach((r, pos) => r.forEach((v, w) => {
        const res = (cols[w] as ColumnKeys).add(v)
        if (res !== 'new') out.push(`${w} ${res} ${pos}`)
      }))
      return out
    }
    const queued = (): string[] => {
      const budget = new KeyBudget(2500)
      const cols = [new ColumnKeys(new KeySet(budget)), new ColumnKeys(new KeySet(budget))]
      const out: string[] = []
      const note = (w: number, res: AddResult, pos: number): void => void out.push(`${w} ${res} ${pos}`)
      const q = new KeyQueue(cols.map((c) => c.keys), note)
      rows.forEach((r, pos) => r.forEach((v, w) => {
        const res = (cols[w] as ColumnKeys).addQueued(v, q, w, pos)
        if (res !== null && res !== 'new') note(w, res, pos)
      }))
      q.flush()
      return out
    }
    const expected = now()
    expect(expected.some((x) => x.includes('full'))).toBe(true)
    expect(expected.some((x) => x.startsWith('0 seen'))).toBe(true)
    expect(queued()).toEqual(expected)
  })

  test('queued adds over many flushes: same results as adding at once, whatever the budget', () => {
    // Repeats within a flush and across flushes, a run of ids that breaks, a
    // composite key, and a budget that runs out in the middle of a flush.
    let seed = 42
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
      return seed % n
    }
    const rows = Array.from({ length: 60_000 }, (_, i) => [i < 15_000 ? i + 1 : next(100_000), `k${next(40_000)}`, next(3)] as const)
    const run = (queued: boolean, limit: number): string[] => {
      const budget = new KeyBudget(limit)
      const cols = [new ColumnKeys(new KeySet(budget)), new ColumnKeys(new KeySet(budget))]
      const pair = new KeySet(budget)
      const out: string[] = []
      const note = (w: number, res: AddResult, pos: number): void => void out.push(`${w} ${res} ${pos}`)
      const q = new KeyQueue([...cols.map((c) => c.keys), pair], note)
      rows.forEach((r, pos) => {
        for (let w = 0; w < 2; w++) {
          const c = cols[w] as ColumnKeys
          const res = queued ? c.addQueued(r[w] as string | number, q, w, pos) : c.add(r[w] as string | number)
          if (res !== null && res !== 'new') note(w, res, pos)
        }
        // A composite key of two columns (the third set), as a primary key.
        hashStart()
        hashValue(r[2])
        hashValue(r[1])
        if (queued) q.push(2, pos)
        else {
          const res = pair.addHashed()
          if (res !== 'new') note(2, res, pos)
        }
      })
      q.flush()
      return out
    }
    for (const limit of [4_000_000, 70_000, 16_000]) {
      const expected = run(false, limit)
      expect(expected.some((x) => x.includes('seen'))).toBe(true)
      expect(expected.some((x) => x.includes('full'))).toBe(limit < 4_000_000)
      expect(run(true, limit)).toEqual(expected)
    }
  })
})
