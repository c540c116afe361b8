// A test-only extension for code-server, which has no --extensionTestsPath: installed next to the packaged
// extension (see bundleSuite.ts), it activates on startup and runs the suite in the same extension host.
// Results go to the file named by DATAMESH_EXTENSION_TEST_RESULTS, including a crash of the suite itself.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { run } from './suite/index';
import { RESULTS_VARIABLE, type ExtensionTestResults } from './suite/results';

export function activate(): void {
  const file = process.env[RESULTS_VARIABLE];
  if (!file) return; // installed by hand somewhere else: stay quiet
  run().catch((error: unknown) => {
    let written: ExtensionTestResults | undefined;
    try {
      written = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ExtensionTestResults) : undefined;
    } catch {
      written = undefined;
    }
    if (written?.finished) return; // mocha ran to the end; the failures are in the file
    const outcomes = written?.outcomes ?? [];
    const crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
    outcomes.push({ titlePath: ['the extension-host suite did not run to the end'], state: 'failed', durationMs: 0, error: crash });
    writeFileSync(file, JSON.stringify({ vscodeVersion: written?.vscodeVersion ?? '', outcomes, finished: true }, null, 2));
  });
}
