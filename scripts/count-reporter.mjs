// A node:test reporter that counts tests, so run-tests.mjs can print one summary over all suites.
// Leaf tests count as passed, failed or skipped. A suite (or a test file) counts only when it fails for a
// reason of its own: a failing before/after hook, a describe body that throws, a timeout, a file that does
// not load. A suite that fails because a test in it failed is not counted twice.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { details } = event.data;
    if (details?.type === 'suite' || details?.error?.failureType === 'subtestsFailed') {
      if (event.type === 'test:fail' && details?.error?.failureType !== 'subtestsFailed') counts.failed++;
      continue;
    }
    if (event.data.skip || event.data.todo) counts.skipped++;
    else if (event.type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  yield JSON.stringify(counts);
}
