// Runs every test suite (or the ones named on the command line) and ends with one summary line:
// "N passed, N failed[, N skipped]".
//
// Bounded: each suite runs with a --test-timeout (with node:test's process isolation it bounds each test
// file), and the whole run has a budget (DATAMESH_TEST_BUDGET_MINUTES, 50 by default). A suite still
// running when the budget is spent is stopped and counts as failed, and the suites after it are not
// started; either way the summary line says so, instead of a hang running into CI's time limit.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const suites = ['unit', 'conformance', 'differential', 'cli', 'protocol', 'webview', 'integration', 'extension', 'e2e'];
/** The longest one test file of each suite may take, under load on a 2-core machine (a few times what it needs). */
const FILE_TIMEOUT_MINUTES = {
  unit: 5,
  conformance: 5,
  differential: 15,
  cli: 5,
  protocol: 5,
  webview: 5,
  integration: 20,
  extension: 20,
  e2e: 20,
};
/** The suites that share one local stack (test/integration/support/stackFixture.ts), started once for all of them. */
const STACK_SUITES = ['integration', 'extension'];
/** Build, type check and each linter. */
const TOOL_TIMEOUT_MS = 10 * 60_000;
const budgetMinutes = Number(process.env.DATAMESH_TEST_BUDGET_MINUTES || 50);
const deadline = Date.now() + budgetMinutes * 60_000;

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

/** A tool that counts as one test: passed when it exits 0 within its time. */
function runTool(label, command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', timeout: TOOL_TIMEOUT_MS });
  if (result.error?.code === 'ETIMEDOUT') console.log(`--- ${label} did not finish within ${TOOL_TIMEOUT_MS / 60_000} minutes`);
  return result.status === 0;
}

/** Set when the run is interrupted (Ctrl+C, CI cancelling): no further suite starts. */
let interruptedBy;

/**
 * Runs a suite's node:test process in a process group of its own until it exits or `deadline` passes;
 * then stops the whole group (the test files' processes too). Resolves to its exit status, 'timeout' or
 * 'interrupted'.
 */
function runSuiteProcess(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env, detached: true });
    const stopGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        stopGroup('SIGTERM');
        setTimeout(() => stopGroup('SIGKILL'), 15_000).unref();
      },
      Math.max(0, deadline - Date.now()),
    );
    // Ctrl+C or CI cancelling the run: take the suite down with us (it is not in our process group).
    const forward = (signal) => {
      interruptedBy = signal;
      stopGroup(signal);
    };
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('exit', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(timedOut ? 'timeout' : interruptedBy ? 'interrupted' : code);
    });
  });
}

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', timeout: TOOL_TIMEOUT_MS });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const total = { passed: 0, failed: 0, skipped: 0 };

// The type check counts as one test, so a type error shows in the summary like any failure.
if (wanted.length === 0 || wanted.includes('typecheck')) {
  console.log('\n=== typecheck: tsc -p . --noEmit');
  if (runTool('typecheck', 'npx', ['tsc', '-p', '.', '--noEmit'])) total.passed++;
  else total.failed++;
}
// ESLint (with the architecture's import boundaries, eslint.config.mjs) and Prettier count as one test each.
if (wanted.length === 0 || wanted.includes('lint')) {
  for (const [name, args] of [
    ['eslint', ['eslint', '--max-warnings=0', '.']],
    ['prettier', ['prettier', '--check', '--log-level=warn', '.']],
  ]) {
    console.log(`\n=== lint: ${name}`);
    if (runTool(name, 'npx', args)) total.passed++;
    else total.failed++;
  }
}
const scratch = mkdtempSync(join(tmpdir(), 'datamesh-tests-'));
let sharedStackDir;
const lastStackSuite = selected.filter((suite) => STACK_SUITES.includes(suite)).at(-1);
function stopSharedStack() {
  if (!sharedStackDir) return;
  spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'stack', 'down'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATAMESH_STACK_DIR: sharedStackDir },
    timeout: 120_000,
  });
  rmSync(sharedStackDir, { recursive: true, force: true });
  sharedStackDir = undefined;
}
for (const suite of selected) {
  const files = testFiles(join(root, 'test', suite));
  if (files.length === 0 || interruptedBy) continue;
  if (Date.now() >= deadline) {
    console.log(`\n--- ${suite}: not run, the ${budgetMinutes}-minute budget of the run is spent: 0 passed, 1 failed`);
    total.failed++;
    continue;
  }
  console.log(`\n=== ${suite}: ${files.map((file) => relative(root, file)).join(' ')}`);
  const countsFile = join(scratch, `${suite}.json`);
  // The integration and extension-host suites share one local stack (test/integration/support/stackFixture.ts):
  // a temp folder for it here, and `datamesh stack down` after the last of them, whatever the tests did.
  if (STACK_SUITES.includes(suite)) sharedStackDir ??= mkdtempSync(join(tmpdir(), 'datamesh-test-stack-'));
  const stackDir = STACK_SUITES.includes(suite) ? sharedStackDir : undefined;
  const status = await runSuiteProcess(
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      `--test-timeout=${FILE_TIMEOUT_MINUTES[suite] * 60_000}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts/count-reporter.mjs')}`,
      `--test-reporter-destination=${countsFile}`,
      ...files,
    ],
    { ...process.env, DATAMESH_TEST_SUITE: suite, ...(stackDir ? { DATAMESH_TEST_STACK_DIR: stackDir } : {}) },
  );
  if (stackDir && suite === lastStackSuite) stopSharedStack();
  let reported;
  try {
    reported = JSON.parse(readFileSync(countsFile, 'utf8'));
  } catch {
    reported = undefined;
  }
  const counts = reported ?? { passed: 0, failed: 0, skipped: 0 };
  if (status === 'timeout' || status === 'interrupted') {
    console.log(
      status === 'timeout'
        ? `--- ${suite}: stopped, still running when the ${budgetMinutes}-minute budget of the run was spent`
        : `--- ${suite}: stopped by ${interruptedBy}`,
    );
    counts.failed++;
  } else if ((status !== 0 || !reported) && counts.failed === 0) {
    // A runner that died, or ended without its counts, without reporting a failure still fails the suite.
    counts.failed = 1;
  }
  console.log(`--- ${suite}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
// A run interrupted, or out of budget, before the last stack suite still stops the stack.
stopSharedStack();
rmSync(scratch, { recursive: true, force: true });

const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
console.log(`\n${total.passed} passed, ${total.failed} failed${skipped}`);
process.exit(interruptedBy ? 130 : total.failed > 0 ? 1 : 0);
