import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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

interface PublishedManifest {
  version: string;
  icon?: string;
  license?: string;
  repository?: { type: string; url: string };
  categories?: string[];
  keywords?: string[];
  activationEvents?: string[];
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
}

interface SettingSchema {
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, SettingSchema>;
  items?: SettingSchema;
}

/** The paths of every setting and nested setting property without a description. */
function undescribed(properties: Record<string, SettingSchema>, prefix = ''): string[] {
  const missing: string[] = [];
  for (const [name, schema] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    if (!schema.description?.trim() && !schema.markdownDescription?.trim()) missing.push(path);
    if (schema.properties) missing.push(...undescribed(schema.properties, `${path}.`));
    if (schema.items?.properties) missing.push(...undescribed(schema.items.properties, `${path}[].`));
  }
  return missing;
}

test('the marketplace fields: a 128x128 PNG icon, categories, keywords, repository, license and changelog', () => {
  const pkg = JSON.parse(read('package.json')) as PublishedManifest;
  assert.ok(pkg.icon, 'package.json has an icon');
  const png = readFileSync(join(ROOT, pkg.icon));
  assert.equal(png.toString('hex', 0, 8), '89504e470d0a1a0a', 'the icon is a PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'the icon is 128x128');
  assert.ok((pkg.categories ?? []).length > 0 && (pkg.keywords ?? []).length > 0);
  assert.match(pkg.repository?.url ?? '', /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+(\.git)?$/);
  assert.equal(pkg.license, 'Apache-2.0');
  assert.match(read('LICENSE'), /^\s*Apache License\n\s*Version 2\.0, January 2004\n/);
  assert.match(read('CHANGELOG.md'), new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}\\b`, 'm'), 'the changelog has the version');
});

test('every setting, nested properties included, has a description', () => {
  const pkg = JSON.parse(read('package.json')) as PublishedManifest;
  assert.deepEqual(undescribed(pkg.contributes.configuration.properties), []);
});

test('activation stays lazy: only workspaces with mesh files activate the extension', () => {
  const pkg = JSON.parse(read('package.json')) as PublishedManifest;
  const events = pkg.activationEvents ?? [];
  assert.ok(events.length > 0);
  for (const event of events) assert.match(event, /^(workspaceContains:|onLanguage:|onCommand:|onView:)/, `${event} is not eager`);
});

test('the walkthrough: each step has a picture in the package and buttons that run contributed commands', () => {
  const pkg = JSON.parse(read('package.json')) as {
    contributes: {
      commands: { command: string }[];
      walkthroughs: {
        steps: { id: string; description: string; media: { svg?: string; image?: string }; completionEvents?: string[] }[];
      }[];
    };
  };
  const contributed = new Set(pkg.contributes.commands.map((entry) => entry.command));
  const [walkthrough] = pkg.contributes.walkthroughs;
  assert.ok(walkthrough.steps.length >= 5);
  for (const step of walkthrough.steps) {
    const picture = step.media.svg ?? step.media.image;
    assert.ok(picture && existsSync(join(ROOT, picture)), `${step.id}: ${picture} exists`);
    const buttons = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((match) => match[1]);
    assert.ok(buttons.length > 0, `${step.id} has a button`);
    for (const command of [...buttons, ...(step.completionEvents ?? []).map((event) => event.replace(/^onCommand:/, ''))]) {
      assert.ok(contributed.has(command) || command.startsWith('workbench.'), `${step.id}: ${command} is a command of the extension`);
    }
  }
});
