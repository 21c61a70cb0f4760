// Prints one plain closing line ("tests: N passed, N failed, N skipped") that
// CI log readers understand, after Jest's own summary.
export default class CountReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`)
  }
}
