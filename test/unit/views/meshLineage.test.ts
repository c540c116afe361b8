// Lineage in the Mesh view: a product shows what it reads (its input ports) and who reads it (the products
// whose input ports name it), from the workspace's manifests and the catalog alike.
import { stubState } from '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { MeshTreeProvider, type MeshNode } from '../../../client/src/views/mesh/meshTreeProvider';
import { buildMeshModel } from '../../../client/src/engines/browse/meshModel';
import { FakeBrowseContext, catalogProduct, draft } from '../../support/fakeBrowseContext';

void stubState;

const orders = catalogProduct('sales.orders', {
  name: 'orders',
  domain: 'sales',
  outputPorts: [{ name: 'order-events', topic: 'sales.orders.v1', value: { format: 'avro', schema: 'schemas/order.avsc' } }],
});
const refunds = catalogProduct('payments.refunds', {
  name: 'refunds',
  domain: 'payments',
  status: 'deprecated',
  outputPorts: [{ name: 'refund-events', topic: 'payments.refunds.v1', value: { format: 'avro', schema: 'schemas/refund.avsc' } }],
  // A published reader: the catalog's manifest names its inputs too.
  inputPorts: [{ product: 'sales.orders', port: 'order-events' }],
});
const revenue = draft('analytics.revenue', {
  outputPorts: [{ name: 'revenue-events', topic: 'analytics.revenue.v0' }],
  inputPorts: [
    { product: 'sales.orders', port: 'order-events' },
    { product: 'payments.refunds', port: 'refund-events' },
    { product: 'crm.ghosts', port: 'boo' },
  ],
});

/** Label and description of each child of a node. */
async function rows(mesh: MeshTreeProvider, node: MeshNode): Promise<string[]> {
  return (await mesh.getChildren(node)).map((child) => {
    const item = mesh.getTreeItem(child);
    return [item.label, item.description].filter(Boolean).join(' — ');
  });
}

async function productNode(mesh: MeshTreeProvider, id: string): Promise<MeshNode> {
  for (const domain of await mesh.getChildren()) {
    const found = (await mesh.getChildren(domain)).find((node) => node.name === id);
    if (found) return found;
  }
  throw new Error(`no product ${id}`);
}

function lineageGroup(children: MeshNode[], name: string): MeshNode {
  const group = children.find((node) => node.kind === 'lineage' && node.name === name);
  assert.ok(group, `a "${name}" group among ${children.map((node) => node.name).join(', ')}`);
  return group;
}

test('a product shows what it reads: known ports with their topic, unknown products marked', async () => {
  const mesh = new MeshTreeProvider(new FakeBrowseContext({ catalog: [orders, refunds], drafts: [revenue] }));
  const product = await productNode(mesh, 'analytics.revenue');
  const children = await mesh.getChildren(product);
  assert.deepEqual(await rows(mesh, product), ['revenue-events — analytics.revenue.v0', 'reads — 3 input ports']);
  assert.deepEqual(await rows(mesh, lineageGroup(children, 'reads')), [
    'sales.orders — port order-events · sales.orders.v1',
    'payments.refunds — port refund-events · payments.refunds.v1 · deprecated',
    'crm.ghosts — port boo · unknown product',
  ]);
  const links = await mesh.getChildren(lineageGroup(children, 'reads'));
  const icons = links.map((node) => (mesh.getTreeItem(node).iconPath as vscode.ThemeIcon).id);
  assert.deepEqual(icons, ['package', 'package', 'warning']);
});

test('a product shows who reads it, from the workspace and the catalog, each reader once', async () => {
  const mesh = new MeshTreeProvider(new FakeBrowseContext({ catalog: [orders, refunds], drafts: [revenue] }));
  const product = await productNode(mesh, 'sales.orders');
  const children = await mesh.getChildren(product);
  assert.ok(!children.some((node) => node.kind === 'lineage' && node.name === 'reads'), 'sales.orders reads nothing');
  assert.deepEqual(await rows(mesh, lineageGroup(children, 'read by')), [
    'analytics.revenue — port order-events',
    'payments.refunds — port order-events · deprecated',
  ]);
  const reader = (await mesh.getChildren(lineageGroup(children, 'read by')))[0];
  assert.equal(mesh.getTreeItem(reader).command?.command, 'vscode.open', 'a reader with a manifest opens it');
});

test('a workspace manifest of a published product: its local inputs are the ones shown, and readers follow them', () => {
  const localRefunds = draft('payments.refunds', {
    outputPorts: [{ name: 'refund-events', topic: 'payments.refunds.v1' }],
    inputPorts: [],
  });
  const model = buildMeshModel([orders, refunds], [localRefunds]);
  assert.deepEqual(model.products.get('payments.refunds')?.inputs, []);
  assert.equal(model.products.get('sales.orders')?.readBy, undefined, 'the local version no longer reads sales.orders');
  const published = buildMeshModel([orders, refunds], []);
  assert.deepEqual(published.products.get('sales.orders')?.readBy, [{ product: 'payments.refunds', port: 'order-events' }]);
});

test('a product without lineage has no lineage groups', async () => {
  const mesh = new MeshTreeProvider(new FakeBrowseContext({ catalog: [orders], drafts: [] }));
  const product = await productNode(mesh, 'sales.orders');
  assert.deepEqual(
    (await mesh.getChildren(product)).map((node) => node.kind),
    ['port', 'grants'],
    'its port, and (published and connected) its grants: no lineage group',
  );
});
