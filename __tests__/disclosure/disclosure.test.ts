import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { scanWithPolicy } from '../helpers/scan.js'
import { parsePolicy } from '../../src/policy/load.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import type { DisclosureFinding, Finding } from '../../src/findings.js'
import { csv, person, iso } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'
import { CORPUS, describeCorpus } from '../helpers/paths.js'
import { crossTab, suppress } from '../helpers/tables.js'
import { totalLabeller } from '../../src/disclosure/cells.js'

const dir = tempDir()

function policy(disclosure: string, extra = ''): ReturnType<typeof parsePolicy> {
  const text = `version: 1\ndatasets:\n  - name: stats\n    files: ["**/*.csv"]\n${extra}${disclosure ? `    disclosure:\n${disclosure}` : ''}`
  return parsePolicy(text, 'policy.yml')
}

async function scanRows(name: string, rows: Array<Array<string | number>>, p = policy('      min-count: 10\n')) {
  dir.write(name, csv(rows))
  return scanWithPolicy({ policy: p, paths: [name], root: dir.path })
}

const of = (fs: Finding[], kind: string): DisclosureFinding[] => fs.filter((f) => f.kind === kind) as DisclosureFinding[]
const places = (f: DisclosureFinding | undefined): string[] => (f?.samples ?? []).map((s) => `${s.line}:${s.column}`)

/** No human-readable text of any finding contains one of these cell texts. */
function expectNoValues(fs: Finding[], values: string[]): void {
  const text = JSON.stringify(fs.map((f) => [f.message, f.location, 'samples' in f ? f.samples : []]))
  for (const v of values) expect(text).not.toContain(v)
}

describeCorpus('shared corpus: disclosure/small-cells.csv', () => {
  const file = resolve(CORPUS, 'disclosure/small-cells.csv')
  const expected = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l, i) => ({ line: i + 2, n: Number(l.split(',').pop()) }))
    .filter((r) => r.n >= 1 && r.n <= 9)

  test('blocks with its policy: every count of 1..9 in Detained, no other cell', async () => {
    const p = parsePolicy(readFileSync(resolve(CORPUS, 'disclosure/policy.yml'), 'utf8'), 'policy.yml')
    const r = await scanWithPolicy({ policy: p, paths: [file], root: CORPUS })
    expect(r.blocked).toBe(true)
    const small = of(r.findings, 'disclosure/small-cell')
    expect(small).toHaveLength(1)
    expect(small[0]?.count).toBe(expected.length)
    expect(small[0]?.samples.map((s) => s.line)).toEqual(expected.slice(0, 20).map((e) => e.line))
    expect(small[0]?.samples.every((s) => s.column === 3)).toBe(true)
    expectNoValues(r.findings, ['IMPERIAL', 'PERU'])
  })

  test('passes without it', async () => {
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: [file], root: CORPUS })
    expect(r.blocked).toBe(false)
    expect(r.findings.filter((f) => f.kind.startsWith('disclosure/'))).toEqual([])
  })
})

describe('primary suppression', () => {
  const rows = [
    ['Facility', 'Sex', 'Detained'],
    ['North', 'F', 7],
    ['North', 'M', 0],
    ['South', 'F', '*'],
    ['South', 'M', '<10'],
    ['East', 'F', '(D)'],
    ['East', 'M', 1234],
    ['West', 'F', 10],
    ['West', 'M', 3]
  ]

  test('counts of 1..k-1 are errors at their cells; zero, markers and k itself are not', async () => {
    const r = await scanRows('primary.csv', rows)
    const small = of(r.findings, 'disclosure/small-cell')
    expect(small).toHaveLength(1)
    expect(small[0]?.count).toBe(2)
    expect(places(small[0])).toEqual(['2:3', '9:3'])
    expect(small[0]?.message).toContain('below 10')
    expect(r.blocked).toBe(true)
    expectNoValues(r.findings, ['North', 'West', '1234'])
  })

  test('allow-zero: false makes a zero a small cell too', async () => {
    const r = await scanRows('zero.csv', rows, policy('      min-count: 10\n      allow-zero: false\n'))
    expect(places(of(r.findings, 'disclosure/small-cell')[0])).toEqual(['2:3', '3:3', '9:3'])
  })

  test('suppression markers are configurable', async () => {
    const r = await scanRows(
      'markers.csv',
      [
        ['Area', 'Count'],
        ['A', 'n/p'],
        ['B', 'n/p'],
        ['C', 40]
      ],
      policy('      min-count: 10\n      suppression-markers: ["n/p"]\n')
    )
    expect(of(r.findings, 'disclosure/small-cell')).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('count columns are found by header and content when not declared', async () => {
    const r = await scanRows('auto.csv', [
      ['Facility', 'Age', 'Number of detainees', 'Jan', 'Feb'],
      ['North', 4, 120, 30, 2],
      ['South', 6, 5, 40, 50]
    ])
    const small = of(r.findings, 'disclosure/small-cell')
    // Age is a number but not a count; the detainee count and the month columns are.
    expect(small.map((f) => places(f))).toEqual([['3:3'], ['2:5']])
  })

  test('a column of text under a count-like header is not a count column', async () => {
    const r = await scanRows('text.csv', [
      ['Facility', 'Number'],
      ['North', 'twelve'],
      ['South', '3 (est.)']
    ])
    expect(of(r.findings, 'disclosure/small-cell')).toEqual([])
    expect(of(r.findings, 'disclosure/not-checked')).toHaveLength(1)
  })

  test('a declared count column that is missing blocks', async () => {
    const r = await scanRows(
      'missing.csv',
      [
        ['Facility', 'Total'],
        ['North', 40]
      ],
      policy('      min-count: 10\n      count-columns: [Detained]\n')
    )
    expect(of(r.findings, 'disclosure/missing-column')).toHaveLength(1)
    expect(r.blocked).toBe(true)
  })
})

describe('secondary suppression: wide tables', () => {
  // Months across, facilities down, a Total column.
  const months = ['Jan', 'Feb', 'Mar']
  const cells = [
    [31, 12, 40],
    [25, 18, 33],
    [44, 27, 19]
  ]

  test('one * in a row with a published total is recoverable: blocks, and names the cell to suppress as well', async () => {
    const t = suppress(crossTab(['North', 'South', 'East'], months, cells, { colTotals: false }), [[2, 2]])
    const r = await scanRows('one-star.csv', t)
    const f = of(r.findings, 'disclosure/recoverable-suppression')
    expect(f).toHaveLength(1)
    // South's Feb (line 3, column 3) = 76 - 25 - 33. The fix: suppress the smallest other part of its row too, Jan (25).
    expect(f[0]?.message).toContain('1 suppressed cell(s)')
    expect(f[0]?.message).toContain('line 3, column 3')
    expect(places(f[0])).toEqual(['3:2'])
    expect(r.blocked).toBe(true)
    expectNoValues(r.findings, ['76', 'South'])
  })

  test('two * in a row with only row totals cannot be told apart: passes', async () => {
    const t = suppress(crossTab(['North', 'South', 'East'], months, cells, { colTotals: false }), [
      [2, 2],
      [2, 3]
    ])
    const r = await scanRows('two-stars.csv', t)
    expect(of(r.findings, 'disclosure/recoverable-suppression')).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('a Total row pins one of the two (column total minus the column), then the row total gives the other', async () => {
    const t = suppress(crossTab(['North', 'South', 'East'], months, cells), [
      [2, 2],
      [2, 3]
    ])
    const r = await scanRows('two-stars-col.csv', t)
    const f = of(r.findings, 'disclosure/recoverable-suppression')
    expect(f[0]?.message).toContain('2 suppressed cell(s)')
  })

  test('a Total column that is not the sum of the cells shown (unlisted categories) recovers nothing', async () => {
    const t = suppress(crossTab(['North', 'South', 'East'], months, cells, { colTotals: false }), [[2, 2]])
    ;(t[1] as Array<string | number>)[4] = 90 // North: 31 + 12 + 40 = 83, but the total says 90
    const r = await scanRows('not-a-sum.csv', t)
    expect(of(r.findings, 'disclosure/recoverable-suppression')).toEqual([])
  })

  test('margins verified arithmetically (no Total label) count as margins', async () => {
    const t = crossTab(['North', 'South', 'East'], months, cells, { colTotals: false })
    ;(t[0] as Array<string | number>)[4] = 'Q1'
    const r = await scanRows('arith.csv', suppress(t, [[1, 1]]))
    expect(of(r.findings, 'disclosure/recoverable-suppression')).toHaveLength(1)
  })
})

describe('secondary suppression: cross-tab recoverable only by combining row and column totals', () => {
  // Hand check: every row and column has at least two * , yet
  //   AY = (RA + RB) - (CW + CX) - AZ - BY - BZ + CW' ... written out:
  //   RA + RB = 77 + 68 = 145; CW + CX = 85 + 81 = 166;
  //   (RA + RB) - (CW + CX) = AY + AZ + BY + BZ - (CW + DW + CX + DX)
  //   => AY = -21 - 30 - 25 - 18 + 40 + 19 + 22 + 33 = 20.
  const cells = [
    [12, 15, 20, 30],
    [14, 11, 25, 18],
    [40, 22, 13, 17],
    [19, 33, 16, 21]
  ]
  const base = crossTab(['A', 'B', 'C', 'D'], ['W', 'X', 'Y', 'Z'], cells)
  const stars: Array<[number, number]> = [
    [1, 1],
    [1, 2],
    [2, 1],
    [2, 2],
    [3, 3],
    [3, 4],
    [4, 3],
    [4, 4],
    [1, 3]
  ]

  test('the fixture is what the comment says', () => {
    expect(base[1]?.[5]).toBe(77)
    expect(base[5]?.slice(1)).toEqual([85, 81, 74, 86, 326])
    expect(-21 - 30 - 25 - 18 + 40 + 19 + 22 + 33).toBe(cells[0]?.[2])
    // No line has a single *: a row-by-row or column-by-column check finds nothing.
    for (let i = 1; i <= 4; i++) {
      expect(stars.filter(([r]) => r === i).length).toBeGreaterThanOrEqual(2)
      expect(stars.filter(([, c]) => c === i).length).toBeGreaterThanOrEqual(2)
    }
  })

  test('blocks at AY and asks to suppress AZ as well', async () => {
    const r = await scanRows('crosstab.csv', suppress(base, stars))
    const f = of(r.findings, 'disclosure/recoverable-suppression')
    expect(f).toHaveLength(1)
    expect(f[0]?.message).toContain('1 suppressed cell(s)')
    expect(f[0]?.message).toContain('line 2, column 4')
    expect(places(f[0])).toEqual(['2:5'])
  })

  test('with AZ suppressed too, nothing is recoverable', async () => {
    const r = await scanRows('crosstab-fixed.csv', suppress(base, [...stars, [1, 4]]))
    expect(r.findings.filter((f) => f.kind.startsWith('disclosure/'))).toEqual([])
  })

  test('without the column totals, nothing is recoverable', async () => {
    const t = crossTab(['A', 'B', 'C', 'D'], ['W', 'X', 'Y', 'Z'], cells, { colTotals: false })
    const r = await scanRows('crosstab-rows.csv', suppress(t, stars))
    expect(of(r.findings, 'disclosure/recoverable-suppression')).toEqual([])
  })
})

describe('secondary suppression: long tables', () => {
  type Cell = string | number
  /** Two facilities, three citizenships each, and a facility subtotal: F1 and F2 given as [PERU, HAITI, CHINA]. */
  const long = (f1: Cell[], f2: Cell[], more: Array<[string, string, Cell]> = []): Cell[][] => {
    const rows: Cell[][] = [['Facility', 'Citizenship', 'Detained']]
    for (const [name, cells] of [
      ['F1', f1],
      ['F2', f2]
    ] as const) {
      ;['PERU', 'HAITI', 'CHINA'].forEach((c, i) => rows.push([name, c, cells[i] as Cell]))
      rows.push([name, 'Total', 60])
    }
    return [...rows, ...more]
  }

  test('a facility subtotal gives back its only *', async () => {
    const r = await scanRows('long-one.csv', long([12, '*', 30], [15, 20, 25]))
    const f = of(r.findings, 'disclosure/recoverable-suppression')
    expect(f[0]?.message).toContain('line 3, column 3')
  })

  test('two * under one subtotal and no citizenship totals: passes', async () => {
    const r = await scanRows('long-two.csv', long(['*', '*', 30], [15, 20, 25]))
    expect(of(r.findings, 'disclosure/recoverable-suppression')).toEqual([])
    expect(r.blocked).toBe(false)
  })

  test('a citizenship total pins PERU, then the facility subtotal gives HAITI', async () => {
    const totals: Array<[string, string, Cell]> = [
      ['Total', 'PERU', 27],
      ['Total', 'HAITI', 38],
      ['Total', 'CHINA', 55],
      ['Total', 'Total', 120]
    ]
    const r = await scanRows('long-two-pinned.csv', long(['*', '*', 30], [15, 20, 25], totals))
    const f = of(r.findings, 'disclosure/recoverable-suppression')
    expect(f[0]?.message).toContain('2 suppressed cell(s)')
  })

  test('subtotals within regions (more than two levels) are solved as equations', async () => {
    const r = await scanRows('regions.csv', [
      ['Region', 'Facility', 'Jan', 'Feb'],
      ['North', 'F1', 12, 15],
      ['North', 'F2', '*', 14],
      ['North', 'Total', 30, 29],
      ['South', 'F3', 40, '*'],
      ['South', 'F4', 22, '*'],
      ['South', 'Total', 62, 60],
      ['Grand total', '', 92, 89]
    ])
    const f = of(r.findings, 'disclosure/recoverable-suppression')
    expect(f[0]?.message).toContain('1 suppressed cell(s)')
    expect(f[0]?.message).toContain('line 3, column 3')
  })
})

describe('k-anonymity', () => {
  const header = ['Age', 'Sex', 'Nationality', 'Facility', 'Days']
  const rows: Array<Array<string | number>> = [header]
  const combos = [
    ['30-39', 'M', 'HONDURAS', 'North'],
    ['30-39', 'F', 'HONDURAS', 'North'],
    ['20-29', 'M', 'UKRAINE', 'South'],
    ['40-49', 'F', 'GHANA', 'South'],
    ['20-29', 'F', 'MEXICO', 'East']
  ]
  for (let i = 0; i < 25; i++) rows.push([...(combos[i % 5] as string[]), 10 + i])
  rows.push(['60-69', 'F', 'KAZAKHSTAN', 'North', 3]) // unique
  rows.push(['50-59', 'M', 'GUINEA', 'West', 4]) // seen twice
  rows.push(['50-59', 'M', 'GUINEA', 'West', 5])
  const kPolicy = policy('      quasi-identifiers: [Age, Sex, Nationality, Facility]\n      k: 5\n')

  test('combinations seen fewer than k times: the number of rows, never the values', async () => {
    const r = await scanRows('records.csv', rows, kPolicy)
    const f = of(r.findings, 'disclosure/k-anonymity')
    expect(f).toHaveLength(1)
    expect(f[0]?.count).toBe(3)
    expect(f[0]?.message).toContain('3 row(s) of 28 fall in 2 combination(s)')
    expect(places(f[0])).toEqual(['27:1', '28:1'])
    expectNoValues(r.findings, ['KAZAKHSTAN', 'GUINEA', '60-69', 'West'])
  })

  test('every combination at least k times passes', async () => {
    const r = await scanRows('records-ok.csv', rows.slice(0, 26), kPolicy)
    expect(r.findings.filter((f) => f.kind.startsWith('disclosure/'))).toEqual([])
  })

  test('a quasi-identifier missing from the table blocks', async () => {
    const r = await scanRows(
      'records-missing.csv',
      rows.map((row) => row.slice(1)),
      kPolicy
    )
    expect(of(r.findings, 'disclosure/missing-column')).toHaveLength(1)
    expect(r.blocked).toBe(true)
  })
})

describe('record-level table where aggregates were declared', () => {
  const aggregate = policy('', '    aggregate: true\n')

  test('a roster of people blocks', async () => {
    const rows: Array<Array<string | number>> = [['Name', 'Date of birth', 'Citizenship']]
    for (let i = 0; i < 60; i++) {
      const p = person(i)
      rows.push([`${p.given} ${p.family}`, iso(p.dob), p.country])
    }
    const r = await scanRows('roster.csv', rows, aggregate)
    expect(of(r.findings, 'disclosure/record-level')).toHaveLength(1)
  })

  test('one distinct text per row and no count column blocks even without names', async () => {
    const rows: Array<Array<string | number>> = [['Case note', 'Office']]
    for (let i = 0; i < 80; i++) rows.push([`case ${i} reviewed by board ${String.fromCharCode(65 + (i % 26))}`, 'HQ'])
    const r = await scanRows('notes.csv', rows, aggregate)
    const f = of(r.findings, 'disclosure/record-level')
    expect(f).toHaveLength(1)
    expect(f[0]?.location.column).toBe(1)
  })

  test('a table of counts passes', async () => {
    const rows: Array<Array<string | number>> = [['Facility', 'Detained']]
    for (let i = 0; i < 80; i++) rows.push([`Facility number ${i}`, 100 + i])
    const r = await scanRows('counts.csv', rows, aggregate)
    expect(r.findings.filter((f) => f.kind.startsWith('disclosure/'))).toEqual([])
  })
})

describe('margin labels', () => {
  test.each([
    ['Total', true],
    ['Grand Total', true],
    ['Subtotal', true],
    ['Facility total', true],
    ['All nationalities', true],
    ['ALL OTHER COUNTRIES', false],
    ['Allentown', false],
    ['PERU', false],
    ['', false]
  ])('%j is a margin: %s', (label, expected) => {
    expect(totalLabeller()(label)).toBe(expected)
  })
})

describe('policy', () => {
  test('margin-labels add margin names; unknown keys are still errors', async () => {
    const t = [
      ['Estado', 'Casos'],
      ['A', 40],
      ['B', '*'],
      ['Todo el país', 90]
    ]
    const plain = await scanRows('es.csv', t)
    expect(of(plain.findings, 'disclosure/recoverable-suppression')).toEqual([])
    const r = await scanRows('es2.csv', t, policy('      min-count: 10\n      margin-labels: ["Todo el país"]\n'))
    expect(of(r.findings, 'disclosure/recoverable-suppression')).toHaveLength(1)
    expect(() => policy('      min-count: 10\n      margins: [x]\n')).toThrow(/unknown key `margins`/)
  })

  test('detect-count-columns: false leaves undeclared tables unchecked, and says so', async () => {
    const r = await scanRows(
      'nodetect.csv',
      [
        ['Facility', 'Count'],
        ['A', 3]
      ],
      policy('      min-count: 10\n      detect-count-columns: false\n')
    )
    expect(of(r.findings, 'disclosure/small-cell')).toEqual([])
    expect(of(r.findings, 'disclosure/not-checked')[0]?.severity).toBe('warning')
  })
})

describe('workbook sheets', () => {
  test('places are sheet cells (ctx.locate), for every check', async () => {
    const { TableScan } = await import('../../src/table.js')
    const { RULES } = await import('../../src/scan.js')
    const { labelOf } = await import('../../src/labels.js')
    const { lit } = await import('../../src/findings.js')
    const p = policy('      min-count: 10\n')
    const found: Finding[] = []
    const ts = new TableScan(
      { file: 'stats.xlsx', addressing: 'cell', sheet: labelOf('By month', lit('#1')), sheetName: 'By month' },
      { policy: p, dataset: p.datasets[0] ?? null, levels: p.detectors, rules: RULES, fileScope: new Map() },
      (f) => found.push(...f)
    )
    // A title-free sheet whose header is on row 3 (rows 1-2 blank).
    ts.row(['Facility', 'Jan', 'Feb', 'Total'], 3)
    ts.row(['North', '40', '*', '52'], 4)
    ts.row(['South', '3', '30', '33'], 5)
    ts.end()
    const small = of(found, 'disclosure/small-cell')
    expect(small[0]?.samples.map((s) => [s.sheet, s.cell])).toEqual([['By month', 'B5']])
    const rec = of(found, 'disclosure/recoverable-suppression')
    expect(rec[0]?.message).toContain("'By month'!C4")
    expect(rec[0]?.samples.map((s) => s.cell)).toEqual(['B4'])
  })
})

describe('k-anonymity limit (fail closed)', () => {
  test('past the number of combinations it holds, the table is not verified: an error, not a pass', async () => {
    const { KAnonymity } = await import('../../src/disclosure/k-anonymity.js')
    const { lit } = await import('../../src/findings.js')
    const p = policy('')
    const header = ['Age', 'Sex']
    const ctx = {
      meta: { file: 'big.csv', addressing: 'line' as const },
      policy: p,
      dataset: null,
      levels: p.detectors,
      header,
      headerPos: 1,
      locate: (pos: number, col: number) => ({ file: 'big.csv', line: pos, column: col + 1 }),
      locateHeader: (col: number) => ({ file: 'big.csv', line: 1, column: col + 1 }),
      locateColumn: (col: number) => ({ file: 'big.csv', column: col + 1 }),
      label: () => undefined,
      markHeaderUnsafe: () => {},
      fileScope: new Map()
    }
    const run = (distinct: number): Finding[] => {
      const k = new KAnonymity(ctx, header, 2, lit('test'), 10)
      for (let i = 0; i < 40; i++) k.row([String(i % distinct), 'F'], i + 2)
      return k.finish()
    }
    expect(run(10)).toEqual([]) // 10 combinations, 4 rows each: held, and all >= 2
    const over = run(11)
    expect(over.map((f) => [f.kind, f.severity])).toEqual([['disclosure/not-verified', 'error']])
    expect(over[0]?.message).toContain('more than 10 distinct')
  })
})

describe('secondary-suppression memory limit (fail closed)', () => {
  const run = async (maxCells: number, marker: string): Promise<Finding[]> => {
    const { TableScan } = await import('../../src/table.js')
    const { makeDisclosureRule } = await import('../../src/disclosure/index.js')
    const p = policy('      min-count: 10\n')
    const found: Finding[] = []
    const ts = new TableScan(
      { file: 'big.csv', addressing: 'line' },
      { policy: p, dataset: p.datasets[0] ?? null, levels: p.detectors, rules: [makeDisclosureRule(maxCells)], fileScope: new Map() },
      (f) => found.push(...f)
    )
    ts.row(['Area', 'Jan', 'Feb', 'Total'], 1)
    for (let i = 0; i < 20; i++) ts.row([`A${i}`, '40', i === 5 ? marker : '30', '70'], i + 2)
    ts.end()
    return found
  }

  test('a table with suppressed cells larger than the limit is not verified: an error', async () => {
    const f = await run(50, '*')
    expect(f.map((x) => [x.kind, x.severity])).toEqual([['disclosure/not-verified', 'error']])
  })

  test('within the limit the same table is checked (and its * is recoverable)', async () => {
    const f = await run(1000, '*')
    expect(f.map((x) => x.kind)).toEqual(['disclosure/recoverable-suppression'])
  })

  test('without suppressed cells the limit does not matter', async () => {
    expect(await run(50, '30')).toEqual([])
  })
})

describe('a disclosure block without min-count', () => {
  test('still checks suppressed cells against totals', async () => {
    const r = await scanRows(
      'no-min.csv',
      [
        ['Area', 'Count'],
        ['A', 40],
        ['B', '*'],
        ['Total', 90]
      ],
      policy('      allow-zero: true\n')
    )
    expect(of(r.findings, 'disclosure/recoverable-suppression')).toHaveLength(1)
    expect(of(r.findings, 'disclosure/small-cell')).toEqual([])
  })
})
