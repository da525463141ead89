// Prints the one closing line CI reads: "N passed, N failed" over every suite the run executed.
// A run that failed without a failing test (a file that could not load, an unhandled error) counts
// as one failure, so the line never says "0 failed" for a red run. Each failing test is named just
// above that line (file and test) with the first lines of its failure, since a run's record may keep
// only its last lines.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  console.error(`No test report at ${file}: the test run did not finish.`);
  process.exit(1);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const redWithoutFailingTest =
  report.numFailedTests === 0 && (report.numFailedTestSuites > 0 || report.success === false);
if (redWithoutFailingTest)
  console.error('The test run failed outside any single test (see the errors above).');
const root = `${process.cwd()}/`;
for (const file of report.testResults ?? []) {
  const where = String(file.name ?? '').replace(root, '');
  const failing = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
  for (const test of failing) {
    console.log(`FAILED ${where} > ${test.fullName ?? test.title}`);
    // The first lines of why (a timeout, the assertion and its values), so a red run says what broke.
    const why = String(test.failureMessages?.[0] ?? '')
      .split('\n')
      .filter((line) => line.trim() && !/^\s+at /.test(line))
      .slice(0, 6);
    for (const line of why) console.log(`  ${line.slice(0, 240)}`);
  }
  if (!failing.length && file.status === 'failed')
    console.log(`FAILED ${where} (${String(file.message ?? 'did not load').split('\n')[0]})`);
}
const failed = report.numFailedTests + (redWithoutFailingTest ? 1 : 0);
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
