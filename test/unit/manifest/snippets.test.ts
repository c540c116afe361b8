import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifest } from '../../../server/src/services/manifest/validateManifest';
import { PositionedYaml } from '../../../server/src/services/yaml/positionedYaml';
import { sampleWorkspace, VALID_MANIFEST } from '../../support/memoryWorkspace';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

const root = join(__dirname, '..', '..', '..');
const snippets = JSON.parse(readFileSync(join(root, 'snippets', 'dataproduct.json'), 'utf8')) as Record<string, Snippet>;
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { snippets: { language: string; path: string }[] };
};

/**
 * The text VS Code inserts when the user accepts every default: `${N:default}` (also nested) becomes the
 * default, `${N|a,b|}` its first choice, `$N` and `${N}` nothing.
 */
function expand(body: string | string[]): string {
  let text = Array.isArray(body) ? body.join('\n') : body;
  const placeholder = /\$\{\d+:([^${}]*)\}/g;
  while (placeholder.test(text)) text = text.replace(placeholder, '$1');
  return text
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+\}/g, '')
    .replace(/\$\d+/g, '');
}

function codes(text: string, uri = 'file:///ws/new.dataproduct.yaml'): string[] {
  return validateManifest(uri, text, sampleWorkspace().index).map((d) => String(d.code));
}

test('the snippet file is contributed for the dataproduct language', () => {
  assert.ok(packageJson.contributes.snippets.some((s) => s.language === 'dataproduct' && s.path === './snippets/dataproduct.json'));
  for (const [name, snippet] of Object.entries(snippets)) {
    assert.ok(snippet.prefix.length > 0, `${name} has no prefix`);
    assert.ok(snippet.description, `${name} has no description`);
    assert.ok(snippet.body.length > 0, `${name} has no body`);
  }
});

test('the expansion helper understands the snippet syntax it is used on', () => {
  assert.equal(expand(['a: ${1:x}', 'b: ${2:${1:x}-y}', 'c: ${3|p,q|}', 'd: $4${5}', '$0']), 'a: x\nb: x-y\nc: p\nd: \n');
});

test('the "Data product" snippet expands to a manifest whose only problem is its missing schema file', () => {
  const snippet = snippets['Data product'];
  assert.ok(snippet, 'no "Data product" snippet');
  const text = expand(snippet.body);
  assert.ok(!text.includes('$'), `unexpanded placeholder in:\n${text}`);
  const yaml = new PositionedYaml(text);
  assert.deepEqual(yaml.syntaxErrors, []);
  assert.deepEqual(codes(text), ['schema-file-missing'], text);
});

test('the "Data product" snippet validates cleanly once its schema exists', () => {
  const text = expand(snippets['Data product'].body);
  const { index } = sampleWorkspace({ 'schemas/orders.avsc': '{"type":"record","name":"Order","fields":[]}' });
  assert.deepEqual(validateManifest('file:///ws/new.dataproduct.yaml', text, index), []);
});

test('the "Output port" snippet, indented under outputPorts, adds a port with no schema problems', () => {
  const snippet = snippets['Output port'];
  assert.ok(snippet, 'no "Output port" snippet');
  // VS Code gives every line of a snippet the indentation of the line it is inserted on.
  const port = expand(snippet.body)
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
  // Tier 2, so that the snippet's default compatibility (BACKWARD) meets the policy.
  const text = VALID_MANIFEST.replace('tier: tier-1', 'tier: tier-2').replace('inputPorts:', `${port}inputPorts:`);
  const found = codes(text, 'file:///ws/orders.dataproduct.yaml');
  assert.ok(!found.includes('yaml-syntax') && !found.includes('schema'), `${found.join(', ')}\n${text}`);
  // The default topic is a placeholder the topic rule points out, with a quick fix.
  assert.deepEqual(
    found.filter((code) => code !== 'topic-naming' && code !== 'schema-file-missing'),
    [],
  );
});
