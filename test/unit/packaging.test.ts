// The VSIX (`npm run package`): the production bundles and every file that `contributes` (and `icon`,
// `main`) points at, nothing else (no sources, maps, tests or node_modules), under 3 MB.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageExtension, REPO_ROOT } from '../../scripts/codeServer';

const MAX_BYTES = 3 * 1024 * 1024;

/** The names in a zip file's central directory. */
function zipEntries(zip: Buffer): string[] {
  const END_OF_DIRECTORY = 0x06054b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  assert.ok(end >= 0, 'a zip file');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, 'a central directory entry');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

interface Manifest {
  main: string;
  icon: string;
  bin: Record<string, string>;
  contributes: {
    languages: { configuration?: string }[];
    grammars: { path: string }[];
    snippets: { path: string }[];
    viewsContainers: { activitybar: { icon: string }[] };
  };
}

/** Every file the manifest points at, relative to the extension's root. */
function pointedAt(manifest: Manifest): string[] {
  const paths = [
    manifest.main,
    manifest.icon,
    ...Object.values(manifest.bin),
    ...manifest.contributes.languages.flatMap((language) => (language.configuration ? [language.configuration] : [])),
    ...manifest.contributes.grammars.map((grammar) => grammar.path),
    ...manifest.contributes.snippets.map((snippet) => snippet.path),
    ...manifest.contributes.viewsContainers.activitybar.map((container) => container.icon),
  ];
  return paths.map((path) => path.replace(/^\.\//, ''));
}

/** What may be in the VSIX besides those files. */
const EXPECTED = [
  /^dist\/(client|server|largeDocumentWorker|cli)\.js$/,
  /^dist\/webview\/[\w.-]+\.js$/,
  /^schemas\/[\w.-]+\.json$/,
  /^snippets\/[\w.-]+\.json$/,
  /^syntaxes\/[\w.-]+\.json$/,
  /^language-configuration\/[\w.-]+\.json$/,
  /^media\/[\w.-]+\.(svg|css)$/,
  /^media\/walkthrough\/[\w.-]+\.svg$/,
  /^images\/icon\.png$/,
  // vsce writes README.md and CHANGELOG.md in lower case.
  /^(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
];

test('the VSIX holds every file the manifest points at and nothing unexpected, under 3 MB', { timeout: 300_000 }, () => {
  const vsix = packageExtension(240_000);
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const entries = zipEntries(readFileSync(vsix));
  const files = entries.filter((entry) => entry.startsWith('extension/')).map((entry) => entry.slice('extension/'.length));
  assert.deepEqual(
    entries.filter((entry) => !entry.startsWith('extension/')).sort(),
    ['[Content_Types].xml', 'extension.vsixmanifest'],
    'the VSIX container files',
  );

  for (const path of pointedAt(manifest)) assert.ok(files.includes(path), `the VSIX has ${path}, which package.json points at`);
  const unexpected = files.filter((file) => !EXPECTED.some((pattern) => pattern.test(file)));
  assert.deepEqual(unexpected, [], 'nothing but bundles, schemas, snippets, grammars, language configurations, icons and docs');
  for (const required of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/server.js', 'dist/largeDocumentWorker.js']) {
    assert.ok(files.includes(required), `the VSIX has ${required}`);
  }

  const size = statSync(vsix).size;
  console.log(`# ${files.length} files, ${(size / 1024).toFixed(0)} KiB`);
  assert.ok(size < MAX_BYTES, `the VSIX is ${size} bytes, more than 3 MB`);
});
