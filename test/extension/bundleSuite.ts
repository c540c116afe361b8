// Bundles the extension-host suite with esbuild: for code-server as a small extension folder of its own
// (codeServerRunner.ts), for @vscode/test-electron as a module with `run()` (suite/index.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const HERE = resolve(__dirname);

async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [join(HERE, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode'],
    // jsonc-parser's UMD build cannot be bundled (as in esbuild.mjs); mocha's optional ESM loader is not used.
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
}

export const RUNNER_ID = 'kafka-data-mesh-tests.exthost-runner';

/**
 * Writes the runner extension into `extensionsDir` (next to the installed VSIX) and lists it in the folder's
 * extensions.json, as an install would: VS Code marks a folder that is not listed there as removed.
 * Returns its folder.
 */
export async function writeRunnerExtension(extensionsDir: string): Promise<string> {
  const folder = join(extensionsDir, `${RUNNER_ID}-0.0.1`);
  mkdirSync(folder, { recursive: true });
  await bundle('codeServerRunner.ts', join(folder, 'extension.js'));
  const [publisher, name] = RUNNER_ID.split('.');
  const manifest = {
    name,
    publisher,
    version: '0.0.1',
    displayName: 'Kafka Data Mesh extension-host tests',
    engines: { vscode: '^1.99.0' },
    main: './extension.js',
    activationEvents: ['onStartupFinished'],
  };
  writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  const listFile = join(extensionsDir, 'extensions.json');
  const listed = existsSync(listFile) ? (JSON.parse(readFileSync(listFile, 'utf8')) as { identifier: { id: string } }[]) : [];
  const entry = {
    identifier: { id: RUNNER_ID },
    version: manifest.version,
    location: { $mid: 1, fsPath: folder, external: pathToFileURL(folder).toString(), path: folder, scheme: 'file' },
    relativeLocation: `${RUNNER_ID}-0.0.1`,
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  };
  const others = listed.filter((extension) => extension.identifier.id !== RUNNER_ID);
  writeFileSync(listFile, JSON.stringify([...others, entry]));
  return folder;
}

/** Writes the suite as a module exporting `run()`, for VS Code's --extensionTestsPath; returns its path. */
export async function writeSuiteModule(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'index.js');
  await bundle('suite/index.ts', file);
  return file;
}
