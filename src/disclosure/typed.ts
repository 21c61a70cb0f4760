// Checked reads for the disclosure checks' array indexing. They index arrays
// with positions they built themselves (cell, row, equation, node numbers); a
// position out of range is a bug, and reading it as `undefined` would turn
// into NaN or a wrong count without a word. These throw instead. Each one
// reads one array type only, so that V8 keeps its load monomorphic and
// inlines it into hot loops at the cost of one compare.

function outOfRange(i: number, length: number): RangeError {
  return new RangeError(`index ${i} outside an array of ${length}`)
}

/** `a[i]`, which must exist. */
export function i32(a: Int32Array, i: number): number {
  const v = a[i]
  if (v === undefined) throw outOfRange(i, a.length)
  return v
}

/** `a[i]`, which must exist. */
export function u32(a: Uint32Array, i: number): number {
  const v = a[i]
  if (v === undefined) throw outOfRange(i, a.length)
  return v
}

/** `a[i]`, which must exist. */
export function f64(a: Float64Array, i: number): number {
  const v = a[i]
  if (v === undefined) throw outOfRange(i, a.length)
  return v
}

/** `a[i] += 1`, where `a[i]` must exist. */
export function bump(a: Int32Array, i: number): void {
  a[i] = i32(a, i) + 1
}

/** `a[i]` of an array of objects (rows, equations), which must exist. */
export function item<T extends object>(a: readonly T[], i: number): T {
  const v = a[i]
  if (v === undefined) throw outOfRange(i, a.length)
  return v
}
