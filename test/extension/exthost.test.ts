// The extension-host suite (test/extension/suite, mocha) in a real VS Code: code-server 4.99.4 (VS Code
// 1.99.3) with the packaged VSIX and a test-only runner extension (codeServerRunner.ts) that runs mocha
// in the same extension host, against the local stack (the integration suite's, test/integration/support).
// Chromium only opens the workbench: code-server starts the extension host for a browser. Each mocha test is
// reported here as a node:test test. Without code-server or Chromium the suite is skipped, except under
// CI=true, where that is a failure.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chooseJava } from '../../client/src/engines/stack/stackPrerequisites';
import { TEST_API_VARIABLE } from '../../client/src/testing/testApiVariable';
import {
  closeBrowser,
  collectLogs,
  createSession,
  findTools,
  installExtension,
  launchBrowser,
  openWorkbench,
  packageExtension,
  removeSession,
  REPO_ROOT,
  startCodeServer,
  tail,
  type CodeServer,
  type Session,
} from '../../scripts/codeServer';
import { releaseTestStack, startTestStack } from '../integration/support/stackFixture';
import { writeRunnerExtension } from './bundleSuite';
import { RESULTS_VARIABLE, type ExtensionTestResults } from './suite/results';

const FIXTURE = join(REPO_ROOT, 'test', 'extension', 'fixtures', 'workspace');
const LOGS_DIR = join(REPO_ROOT, 'test-results', 'extension', 'logs');
/** The whole mocha run inside the extension host, stack work included. */
const SUITE_TIMEOUT_MS = 12 * 60_000;

const found = findTools();
const inCi = process.env.CI === 'true';
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits for the runner's results file to say that mocha finished; fails early when code-server exits. */
async function waitForResults(file: string, server: CodeServer, session: Session): Promise<ExtensionTestResults> {
  const deadline = Date.now() + SUITE_TIMEOUT_MS;
  for (;;) {
    if (existsSync(file)) {
      try {
        const results = JSON.parse(readFileSync(file, 'utf8')) as ExtensionTestResults;
        if (results.finished) return results;
      } catch {
        // being written
      }
    }
    if (server.process.exitCode !== null || server.process.signalCode !== null) {
      throw new Error(`code-server exited during the suite; log:\n${tail(session.logFile)}`);
    }
    if (Date.now() > deadline) throw new Error(`the extension-host suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes`);
    await sleep(500);
  }
}

describe('extension host (code-server)', async () => {
  if (!('tools' in found)) {
    if (inCi) throw new Error(`CI=true and the tools of the extension-host suite are missing: ${found.missing}`);
    test('the extension-host suite', { skip: `code-server tools missing: ${found.missing}` }, () => {});
    return;
  }
  try {
    await chooseJava();
  } catch (error) {
    if (inCi) throw error;
    test('the extension-host suite', { skip: `no Java for the local stack: ${(error as Error).message}` }, () => {});
    return;
  }

  // What is running, for `after` to stop whatever the setup got to.
  const running: { session?: Session; server?: CodeServer; browser?: Browser } = {};
  after(
    async () => {
      await closeBrowser(running.browser);
      await running.server?.stop();
      if (running.session) collectLogs(running.session, LOGS_DIR);
      removeSession(running.session);
      await releaseTestStack();
    },
    { timeout: 120_000 },
  );

  const stack = await startTestStack();
  const vsix = packageExtension();
  const session = (running.session = createSession(FIXTURE));
  installExtension(found.tools, session, vsix);
  await writeRunnerExtension(session.extensionsDir);
  const resultsFile = join(session.root, 'results.json');
  rmSync(resultsFile, { force: true });
  const server = (running.server = await startCodeServer(found.tools, session, 60_000, {
    [TEST_API_VARIABLE]: '1',
    [RESULTS_VARIABLE]: resultsFile,
    DATAMESH_TEST_BOOTSTRAP: stack.bootstrap,
    DATAMESH_TEST_REGISTRY: stack.registry,
    ...(process.env.DATAMESH_EXTENSION_TEST_GREP ? { DATAMESH_EXTENSION_TEST_GREP: process.env.DATAMESH_EXTENSION_TEST_GREP } : {}),
  }));
  running.browser = await launchBrowser(found.tools);
  await openWorkbench(running.browser, server, 'welcome.dataproduct.yaml');
  const results = await waitForResults(resultsFile, server, session);
  console.log(`# VS Code ${results.vscodeVersion} (code-server), ${results.outcomes.length} tests in the extension host`);

  test('the suite ran in a real VS Code extension host', () => {
    assert.match(results.vscodeVersion, /^1\.\d+\.\d+/);
    assert.ok(results.outcomes.length > 0, 'mocha ran tests');
  });
  for (const outcome of results.outcomes) {
    const name = outcome.titlePath.join(' › ');
    if (outcome.state === 'pending') {
      test(name, { skip: 'pending in mocha' }, () => {});
      continue;
    }
    test(name, (t) => {
      t.diagnostic(`${outcome.durationMs} ms in the extension host`);
      if (outcome.state === 'failed') assert.fail(outcome.error ?? 'failed');
    });
  }
});
