// Prints one closing line over vitest's JSON reports: "N passed, N failed" (", N skipped" when any
// were), bare on its line: the plain form a CI log reader counts in any language.
// .ci/run asks both suites (npm test, npm run test:real-run) for a JSON report beside the usual
// output and ends with this line, so whoever reads the end of a CI log sees the whole count in plain
// text, whatever colours the reporter used above it.
import { readFileSync } from "node:fs";

const reports = process.argv.slice(2);
if (reports.length === 0) {
  console.error("usage: node scripts/test-summary.js <vitest-json-report>...");
  process.exit(2);
}
const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of reports) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += report.numPendingTests + report.numTodoTests;
}
const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : "";
console.log(`${total.passed} passed, ${total.failed} failed${skipped}`);
// A run that executed nothing has not tested anything.
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
