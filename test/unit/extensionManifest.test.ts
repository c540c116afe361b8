import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { regenerateReadme, renderSchemaReference } from '../../scripts/schemaReference';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface ExtensionManifest {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  bin: Record<string, string>;
  contributes: {
    languages: { id: string; filenamePatterns?: string[]; extensions?: string[] }[];
    snippets: { path: string }[];
    grammars: { path: string }[];
  };
}

test('the README reference sections match schemas/ (run `npm run docs` to refresh)', () => {
  const readme = read('README.md');
  assert.equal(regenerateReadme(readme), readme);
});

test('engines.vscode allows VS Code 1.99 and @types/vscode is pinned to it', () => {
  const pkg = JSON.parse(read('package.json')) as ExtensionManifest;
  assert.equal(pkg.engines.vscode, '^1.99.0');
  assert.equal(pkg.devDependencies['@types/vscode'], '1.99.0');
});

test('the manifest and Avro languages are contributed with their file patterns', () => {
  const pkg = JSON.parse(read('package.json')) as ExtensionManifest;
  const manifest = pkg.contributes.languages.find((language) => language.id === 'dataproduct');
  assert.deepEqual(manifest?.filenamePatterns, ['*.dataproduct.yaml', '*.dataproduct.yml', 'dataproduct.yaml']);
  assert.deepEqual(pkg.contributes.languages.find((language) => language.id === 'avro')?.extensions, ['.avsc']);
  for (const contributed of [...pkg.contributes.snippets, ...pkg.contributes.grammars]) {
    assert.doesNotThrow(() => JSON.parse(read(contributed.path)), contributed.path);
  }
});

test('the generated reference shows if/then requirements as "when" in the Required column', () => {
  const table = renderSchemaReference({
    type: 'object',
    required: ['format'],
    properties: { format: { type: 'string' }, schema: { type: 'string' }, note: { type: 'string' } },
    if: { properties: { format: { const: 'avro' } }, required: ['format'] },
    then: { required: ['schema'] },
  });
  assert.match(table, /^\| `format` \| string \| yes \|/m);
  assert.match(table, /^\| `schema` \| string \| when `format` is `avro` \|/m);
  assert.match(table, /^\| `note` \| string \| no \|/m);
  assert.match(read('README.md'), /^\| `outputPorts\[\]\.value\.schema` \| string \| when `format` is `avro` \|/m);
});
