// The extension-host suite's entry: VS Code's test-runner protocol (`run(): Promise<void>`), used by
// @vscode/test-electron (test/extension/runElectron.ts) and by the code-server runner extension
// (test/extension/codeServerRunner.ts). Mocha runs the spec files in order; when DATAMESH_EXTENSION_TEST_RESULTS
// names a file, every test's outcome is written there as JSON for the node:test harness.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { RESULTS_VARIABLE, type ExtensionTestOutcome, type ExtensionTestResults } from './results';

/** Runs the suite; resolves when every test passed, rejects with the number that failed otherwise. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  // DATAMESH_EXTENSION_TEST_GREP runs only the tests whose full title matches it (for working on one).
  if (process.env.DATAMESH_EXTENSION_TEST_GREP) mocha.grep(process.env.DATAMESH_EXTENSION_TEST_GREP);
  mocha.suite.emit('pre-require', globalThis, 'extension-host-suite', mocha);
  // The order matters only for speed: the language features need no broker, the rest share the local stack.
  require('./language.spec');
  require('./connections.spec');
  require('./trees.spec');
  require('./connectedDiagnostics.spec');

  const vscodeVersion = vscode.version;
  const outcomes: ExtensionTestOutcome[] = [];
  const write = (finished: boolean) => {
    const file = process.env[RESULTS_VARIABLE];
    if (file) writeFileSync(file, JSON.stringify({ vscodeVersion, outcomes, finished } satisfies ExtensionTestResults, null, 2));
  };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((failed) => resolve(failed));
    runner.on('pass', (test) => {
      outcomes.push({ titlePath: test.titlePath(), state: 'passed', durationMs: test.duration ?? 0 });
      write(false);
    });
    runner.on('pending', (test) => {
      outcomes.push({ titlePath: test.titlePath(), state: 'pending', durationMs: 0 });
      write(false);
    });
    // A failing hook is reported here too, under the hook's title.
    runner.on('fail', (test, error: Error) => {
      outcomes.push({ titlePath: test.titlePath(), state: 'failed', durationMs: test.duration ?? 0, error: error.stack ?? String(error) });
      write(false);
    });
  });
  write(true);
  if (failures > 0) throw new Error(`${failures} extension-host test${failures === 1 ? '' : 's'} failed`);
}
