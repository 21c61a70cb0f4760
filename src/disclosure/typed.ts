// Checked reads for the disclosure checks' array indexing. They index arrays
// with positions they built themselves (cell, row, equation, node numbers); a
// position out of range is a bug, and reading it as `undefined` would turn
// into NaN or a wrong count without a word. So a read is written
// `a[i] ?? outOfRange(i)`: the value, or a thrown RangeError. Inline, it costs
// no call in code that V8 has not optimized yet, and V8's optimizing compiler
// drops the test (a typed array read in range is always a number).

/** Thrown by a read out of range: `a[i] ?? outOfRange(i)`. */
export function outOfRange(i: number): never {
  throw new RangeError(`index ${i} out of range`)
}
