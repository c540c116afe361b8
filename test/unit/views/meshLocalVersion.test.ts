// A workspace manifest of a published product: the Mesh view shows the local version's ports, each marked
// with how it differs from the published one, and the published ports the local version removed.
import { stubState } from '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { MeshTreeProvider, type MeshNode } from '../../../client/src/views/mesh/meshTreeProvider';
import { buildMeshModel, ownerOfTopic } from '../../../client/src/engines/browse/meshModel';
import { FakeBrowseContext, catalogProduct, draft } from '../../support/fakeBrowseContext';

void stubState;

const published = catalogProduct(
  'sales.orders',
  {
    name: 'orders',
    domain: 'sales',
    version: '1.0.0',
    tier: 'tier-1',
    owner: { team: 'sales-platform' },
    outputPorts: [
      { name: 'order-events', topic: 'sales.orders.v1', value: { format: 'avro', schema: 'schemas/order.avsc' } },
      { name: 'audit', topic: 'sales.orders-audit.v1', value: { format: 'avro', schema: 'schemas/audit.avsc' } },
      { name: 'keyed', topic: 'sales.orders-keyed.v1', key: { format: 'avro', schema: 'schemas/key.avsc' }, value: { format: 'json' } },
      { name: 'order-json', topic: 'sales.orders-json.v1', value: { format: 'json' } },
    ],
  },
  {
    schemas: {
      'sales.orders.v1-value': { id: 11, version: 2 },
      'sales.orders-audit.v1-value': { id: 12, version: 1 },
      'sales.orders-keyed.v1-key': { id: 13, version: 1 },
    },
  },
);

const local = draft('sales.orders', {
  uri: 'file:///ws/sales/orders.dataproduct.yaml',
  version: '2.0.0',
  status: 'active',
  outputPorts: [
    { name: 'order-events', topic: 'sales.orders.v2', valueSchemaUri: 'file:///ws/sales/schemas/order.avsc' },
    { name: 'audit', topic: 'sales.orders-audit.v1', valueSchemaUri: 'file:///ws/sales/schemas/audit.avsc' },
    { name: 'keyed', topic: 'sales.orders-keyed.v1', keySchemaUri: 'file:///ws/sales/schemas/key-v2.avsc' },
    { name: 'refund-events', topic: 'sales.refunds.v1', valueSchemaUri: 'file:///ws/sales/schemas/refund.avsc' },
  ],
});

async function productAndPorts(mesh: MeshTreeProvider): Promise<{ product: vscode.TreeItem; ports: MeshNode[] }> {
  const [domain] = await mesh.getChildren();
  const [product] = await mesh.getChildren(domain);
  return { product: mesh.getTreeItem(product), ports: await mesh.getChildren(product) };
}

test('a draft of a published product shows its own ports, marked with what differs from the published version', async () => {
  const mesh = new MeshTreeProvider(
    new FakeBrowseContext({
      catalog: [published],
      drafts: [local],
      topics: ['sales.orders.v1', 'sales.orders-audit.v1', 'sales.orders-keyed.v1', 'sales.orders-json.v1'].map((name) => ({
        name,
        internal: false,
        partitions: 1,
        replicationFactor: 1,
      })),
      subjects: ['sales.orders.v1-value', 'sales.orders-audit.v1-value', 'sales.orders-keyed.v1-key'],
    }),
  );
  const { product, ports } = await productAndPorts(mesh);
  assert.equal(product.description, 'active · tier-1 · sales-platform · local 2.0.0 (published 1.0.0) · 4 ports changed locally');
  assert.deepEqual(
    ports.map((node) => {
      const item = mesh.getTreeItem(node);
      return [item.label, item.description, (item.iconPath as vscode.ThemeIcon).id];
    }),
    [
      ['order-events', 'sales.orders.v2 · topic changed locally (published: sales.orders.v1)', 'diff-modified'],
      ['audit', 'sales.orders-audit.v1', 'plug'],
      ['keyed', 'sales.orders-keyed.v1 · key schema changed locally', 'diff-modified'],
      ['refund-events', 'sales.refunds.v1 · added locally, not published', 'diff-added'],
      ['order-json', 'sales.orders-json.v1 · removed locally, still published', 'diff-removed'],
      ['grants', 'who may read', 'shield'],
    ],
  );
  const subjects = async (index: number) =>
    (await mesh.getChildren(ports[index])).filter((node) => node.kind === 'subjectRef').map((node) => mesh.getTreeItem(node).description);
  assert.deepEqual(await subjects(0), ['value schema'], 'the renamed topic subject is not registered yet');
  assert.deepEqual(await subjects(1), ['value schema v1 · id 12'], 'an unchanged port keeps the registered version');
  assert.deepEqual(await subjects(2), ['key schema'], 'a changed schema is not the registered one');
});

test('a draft identical to the published product changes nothing; the renamed topic keeps its owner', () => {
  const same = draft('sales.orders', {
    uri: 'file:///ws/sales/orders.dataproduct.yaml',
    version: '1.0.0',
    outputPorts: [
      { name: 'order-events', topic: 'sales.orders.v1', valueSchemaUri: 'file:///ws/sales/schemas/order.avsc' },
      { name: 'audit', topic: 'sales.orders-audit.v1', valueSchemaUri: 'file:///ws/sales/schemas/audit.avsc' },
      { name: 'keyed', topic: 'sales.orders-keyed.v1', keySchemaUri: 'file:///ws/sales/schemas/key.avsc' },
      { name: 'order-json', topic: 'sales.orders-json.v1' },
    ],
  });
  const product = buildMeshModel([published], [same]).products.get('sales.orders');
  assert.equal(product?.localVersion, undefined);
  assert.equal(product?.localPortChanges, 0);
  assert.deepEqual(
    product?.ports.map((port) => port.change),
    [undefined, undefined, undefined, undefined],
  );

  const model = buildMeshModel([published], [local]);
  assert.equal(ownerOfTopic(model, 'sales.orders.v1')?.product.id, 'sales.orders', 'the published topic is still owned');
  assert.equal(ownerOfTopic(model, 'sales.orders.v2')?.product.id, 'sales.orders');
});

test('a published port whose topic is gone offers Publish when the workspace has the manifest, and only removal otherwise', async () => {
  const gone = (drafts: ReturnType<typeof draft>[]) =>
    new MeshTreeProvider(
      new FakeBrowseContext({
        catalog: [published],
        drafts,
        topics: ['sales.orders-audit.v1', 'sales.orders-keyed.v1', 'sales.orders-json.v1'].map((name) => ({
          name,
          internal: false,
          partitions: 1,
          replicationFactor: 1,
        })),
        subjects: ['sales.orders.v1-value', 'sales.orders-audit.v1-value', 'sales.orders-keyed.v1-key'],
      }),
    );
  const contextOfOrderEvents = async (mesh: MeshTreeProvider) => {
    const { ports } = await productAndPorts(mesh);
    const node = ports.find((candidate) => mesh.getTreeItem(candidate).label === 'order-events');
    return node && mesh.getTreeItem(node).contextValue;
  };
  const sameAsPublished = draft('sales.orders', {
    uri: 'file:///ws/sales/orders.dataproduct.yaml',
    version: '1.0.0',
    outputPorts: [{ name: 'order-events', topic: 'sales.orders.v1', valueSchemaUri: 'file:///ws/sales/schemas/order.avsc' }],
  });
  assert.equal(await contextOfOrderEvents(gone([sameAsPublished])), 'port.missing.manifest');
  assert.equal(await contextOfOrderEvents(gone([])), 'port.missing');
});
