// Small aggregate tables whose answers can be checked by hand.

/** A cross-tab with a Total column and a Total row computed from `cells`. */
export function crossTab(
  rowNames: string[],
  colNames: string[],
  cells: number[][],
  opts: { rowTotals?: boolean; colTotals?: boolean; corner?: string } = {}
): Array<Array<string | number>> {
  const rowTotals = opts.rowTotals ?? true
  const colTotals = opts.colTotals ?? true
  const out: Array<Array<string | number>> = [[opts.corner ?? 'Facility', ...colNames, ...(rowTotals ? ['Total'] : [])]]
  cells.forEach((row, i) => {
    const sum = row.reduce((a, b) => a + b, 0)
    out.push([rowNames[i] as string, ...row, ...(rowTotals ? [sum] : [])])
  })
  if (colTotals) {
    const sums = colNames.map((_, j) => cells.reduce((a, row) => a + (row[j] as number), 0))
    const grand = sums.reduce((a, b) => a + b, 0)
    out.push(['Total', ...sums, ...(rowTotals ? [grand] : [])])
  }
  return out
}

/** Replace the cells at [row, col] (1-based data rows and columns, as in the CSV without its header) with a marker. */
export function suppress(
  table: Array<Array<string | number>>,
  cells: Array<[number, number]>,
  marker = '*'
): Array<Array<string | number>> {
  const copy = table.map((r) => [...r])
  for (const [r, c] of cells) (copy[r] as Array<string | number>)[c] = marker
  return copy
}
