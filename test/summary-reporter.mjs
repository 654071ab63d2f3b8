// Jest reporter: prints one closing line "tests: N passed, N failed, N skipped" that CI tools can read.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`);
  }
}
