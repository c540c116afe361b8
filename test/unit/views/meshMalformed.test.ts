// Malformed drafts in the Mesh view: tree ids stay unique whatever the manifests say, and a bad product
// is shown as what it is, marked, without blanking the others.
import { stubState } from '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { MeshTreeProvider, type MeshNode } from '../../../client/src/views/mesh/meshTreeProvider';
import { FakeBrowseContext, catalogProduct, draft, type FakeData } from '../../support/fakeBrowseContext';

void stubState;

/** Every node of the view, depth first, with its tree item. */
async function walk(mesh: MeshTreeProvider, node?: MeshNode): Promise<{ node: MeshNode; item: vscode.TreeItem }[]> {
  const found: { node: MeshNode; item: vscode.TreeItem }[] = [];
  for (const child of await mesh.getChildren(node)) {
    found.push({ node: child, item: mesh.getTreeItem(child) });
    found.push(...(await walk(mesh, child)));
  }
  return found;
}

function duplicateIds(items: readonly vscode.TreeItem[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const item of items) {
    assert.ok(item.id, `${String(item.label)} has an id`);
    if (seen.has(item.id)) repeated.push(item.id);
    seen.add(item.id);
  }
  return repeated;
}

const text = (value: string | vscode.MarkdownString | undefined): string => (typeof value === 'object' ? value.value : String(value ?? ''));

const levels = draft('inventory.levels', {
  status: 'draft',
  outputPorts: [
    { name: 'levels', topic: 'inventory.levels.v1', valueSchemaUri: 'file:///ws/levels.avsc' },
    { name: 'levels', topic: 'inventory.levels-raw.v1', valueSchemaUri: 'file:///ws/raw.avsc' },
  ],
});
const stock = draft('inventory.stock', { outputPorts: [{ name: 'stock', topic: 'inventory.stock.v1' }] });

for (const state of [undefined, { kind: 'none' as const }]) {
  const label = state ? 'without a connection' : 'connected';
  test(`two output ports named alike: unique ids, both ports shown and marked, the other products intact (${label})`, async () => {
    const data: FakeData = { drafts: [levels, stock], ...(state ? { state } : {}) };
    const mesh = new MeshTreeProvider(new FakeBrowseContext(data));
    const all = await walk(mesh);
    assert.deepEqual(duplicateIds(all.map((entry) => entry.item)), []);

    const ports = all.filter((entry) => entry.node.kind === 'port');
    assert.deepEqual(
      ports.map((entry) => [entry.item.label, entry.item.description]),
      [
        ['levels', 'inventory.levels.v1 · duplicate name'],
        ['levels', 'inventory.levels-raw.v1 · duplicate name'],
        ['stock', 'inventory.stock.v1'],
      ],
    );
    for (const entry of ports.slice(0, 2)) {
      assert.equal((entry.item.iconPath as vscode.ThemeIcon).id, 'warning');
      assert.match(text(entry.item.tooltip), /Duplicate port name: 2 output ports are named levels/);
    }
    assert.equal((ports[2].item.iconPath as vscode.ThemeIcon).id, 'plug', 'the well-formed product is untouched');
    const subjects = all.filter((entry) => entry.node.kind === 'subjectRef').map((entry) => entry.item.label);
    assert.deepEqual(subjects, ['inventory.levels.v1-value', 'inventory.levels-raw.v1-value'], 'each duplicate keeps its own children');
  });
}

test('two manifests declaring the same id: both shown, marked as duplicates, with unique ids', async () => {
  const first = draft('inventory.levels', {
    uri: 'file:///ws/a/levels.dataproduct.yaml',
    outputPorts: [{ name: 'levels', topic: 'a.v1' }],
  });
  const second = draft('inventory.levels', {
    uri: 'file:///ws/b/levels.dataproduct.yaml',
    outputPorts: [{ name: 'levels', topic: 'b.v1' }],
  });
  const mesh = new MeshTreeProvider(new FakeBrowseContext({ drafts: [first, second, stock] }));
  const all = await walk(mesh);
  assert.deepEqual(duplicateIds(all.map((entry) => entry.item)), []);
  const products = all.filter((entry) => entry.node.kind === 'product');
  assert.deepEqual(
    products.map((entry) => entry.item.label),
    ['inventory.levels', 'inventory.levels', 'inventory.stock'],
  );
  for (const entry of products.slice(0, 2)) {
    assert.equal((entry.item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match(String(entry.item.description), /duplicate id/);
    assert.match(text(entry.item.tooltip), /Duplicate id/);
  }
  assert.doesNotMatch(String(products[2].item.description), /duplicate/);
  assert.deepEqual(
    all.filter((entry) => entry.node.kind === 'portTopic').map((entry) => entry.item.label),
    ['a.v1', 'b.v1', 'inventory.stock.v1'],
    'neither manifest hides the other',
  );
});

test('a published record with two ports of the same name keeps each port subjects apart', async () => {
  const record = catalogProduct(
    'inventory.levels',
    {
      domain: 'inventory',
      outputPorts: [
        { name: 'levels', topic: 'inventory.levels.v1', value: { format: 'avro' } },
        { name: 'levels', topic: 'inventory.levels-raw.v1', value: { format: 'json' } },
      ],
    },
    { schemas: { 'inventory.levels.v1-value': { id: 3, version: 1 } } },
  );
  const topics = ['inventory.levels.v1', 'inventory.levels-raw.v1'].map((name) => ({
    name,
    internal: false,
    partitions: 1,
    replicationFactor: 1,
  }));
  const mesh = new MeshTreeProvider(new FakeBrowseContext({ catalog: [record], topics, subjects: ['inventory.levels.v1-value'] }));
  const all = await walk(mesh);
  assert.deepEqual(duplicateIds(all.map((entry) => entry.item)), []);
  assert.deepEqual(
    all.filter((entry) => entry.node.kind === 'subjectRef').map((entry) => [entry.item.label, entry.item.description]),
    [['inventory.levels.v1-value', 'value schema v1 · id 3']],
    'the JSON port does not borrow the Avro port payload',
  );
});
