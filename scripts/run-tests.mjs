// Runs every test suite (or the ones named on the command line) and ends with one summary line:
// "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const suites = ['unit', 'conformance', 'differential', 'cli', 'protocol', 'webview', 'integration', 'e2e'];
const wanted = process.argv.slice(2).filter((name) => !name.startsWith('-'));
const selected = wanted.length > 0 ? suites.filter((suite) => wanted.includes(suite)) : suites;

function testFiles(dir) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const entry of entries.sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found = found.concat(testFiles(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const total = { passed: 0, failed: 0, skipped: 0 };

// The type check counts as one test, so a type error shows in the summary like any failure.
if (wanted.length === 0 || wanted.includes('typecheck')) {
  console.log('\n=== typecheck: tsc -p . --noEmit');
  const typecheck = spawnSync('npx', ['tsc', '-p', '.', '--noEmit'], { cwd: root, stdio: 'inherit' });
  if (typecheck.status === 0) total.passed++;
  else total.failed++;
}
// ESLint (with the architecture's import boundaries, eslint.config.mjs) and Prettier count as one test each.
if (wanted.length === 0 || wanted.includes('lint')) {
  for (const [name, args] of [
    ['eslint', ['eslint', '--max-warnings=0', '.']],
    ['prettier', ['prettier', '--check', '--log-level=warn', '.']],
  ]) {
    console.log(`\n=== lint: ${name}`);
    const check = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
    if (check.status === 0) total.passed++;
    else total.failed++;
  }
}
const scratch = mkdtempSync(join(tmpdir(), 'datamesh-tests-'));
for (const suite of selected) {
  const files = testFiles(join(root, 'test', suite));
  if (files.length === 0) continue;
  console.log(`\n=== ${suite}: ${files.map((file) => relative(root, file)).join(' ')}`);
  const countsFile = join(scratch, `${suite}.json`);
  // The integration suite shares one local stack (test/integration/support/stackFixture.ts): a temp folder
  // for it here, and `datamesh stack down` after the suite, whatever the tests did.
  const stackDir = suite === 'integration' ? mkdtempSync(join(tmpdir(), 'datamesh-test-stack-')) : undefined;
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts/count-reporter.mjs')}`,
      `--test-reporter-destination=${countsFile}`,
      ...files,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, DATAMESH_TEST_SUITE: suite, ...(stackDir ? { DATAMESH_TEST_STACK_DIR: stackDir } : {}) },
    },
  );
  if (stackDir) {
    spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'stack', 'down'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DATAMESH_STACK_DIR: stackDir },
    });
    rmSync(stackDir, { recursive: true, force: true });
  }
  let counts;
  try {
    counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  } catch {
    counts = { passed: 0, failed: 1, skipped: 0 };
  }
  // A runner that died without reporting a failure still fails the suite.
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(`--- ${suite}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
rmSync(scratch, { recursive: true, force: true });

const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
console.log(`\n${total.passed} passed, ${total.failed} failed${skipped}`);
process.exit(total.failed > 0 ? 1 : 0);
