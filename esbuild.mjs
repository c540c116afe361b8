// The bundles: the extension host client, the language server, the datamesh CLI and the sampling and publish panels' pages.
import { chmodSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // jsonc-parser's UMD build loads modules dynamically, which a bundle cannot follow; take the ES modules.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/largeDocumentWorker.ts'], outfile: 'dist/largeDocumentWorker.js' },
  {
    ...common,
    entryPoints: ['client/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The sampling panel's page: a browser bundle, no Node.
  {
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
    entryPoints: ['client/src/panels/sampling/webview/main.ts'],
    outfile: 'dist/webview/sampling.js',
  },
  // The publish preview's page.
  {
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
    entryPoints: ['client/src/panels/publish/webview/main.ts'],
    outfile: 'dist/webview/publish.js',
  },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // `npx datamesh` runs the bin directly.
  chmodSync('dist/cli.js', 0o755);
}
