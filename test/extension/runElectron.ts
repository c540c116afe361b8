// `npm run test:electron`: the extension-host suite (test/extension/suite) in a desktop VS Code that
// @vscode/test-electron downloads, with this folder as the extension under development. For machines that
// can download VS Code; `npm test` runs the same suite in code-server instead (exthost.test.ts).
// DATAMESH_VSCODE_VERSION picks the VS Code version (default: stable).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { releaseTestStack, startTestStack } from '../integration/support/stackFixture';
import { writeSuiteModule } from './bundleSuite';

const REPO_ROOT = resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const stack = await startTestStack();
  const scratch = mkdtempSync(join(tmpdir(), 'datamesh-electron-'));
  try {
    const workspace = join(scratch, 'workspace');
    cpSync(join(__dirname, 'fixtures', 'workspace'), workspace, { recursive: true });
    // Inside the extension's folder, so that the suite gets the extension's own `vscode` API object.
    const extensionTestsPath = await writeSuiteModule(join(REPO_ROOT, 'dist', 'extension-tests'));
    return await runTests({
      version: process.env.DATAMESH_VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(scratch, 'user-data')],
      extensionTestsEnv: { DATAMESH_TEST_BOOTSTRAP: stack.bootstrap, DATAMESH_TEST_REGISTRY: stack.registry },
    });
  } finally {
    await releaseTestStack();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
