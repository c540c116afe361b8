import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMeshModel, NO_DOMAIN, ownerOfTopic, productsReadBy } from '../../../client/src/engines/browse/meshModel';
import { catalogProduct, draft } from '../../support/fakeBrowseContext';

const orders = catalogProduct(
  'sales.orders',
  {
    name: 'orders',
    domain: 'sales',
    version: '1.2.0',
    status: 'active',
    tier: 'tier-1',
    owner: { team: 'sales-platform' },
    description: { purpose: 'Every order.' },
    outputPorts: [
      {
        name: 'order-events',
        topic: 'sales.orders.v1',
        key: { format: 'avro', schema: 'k.avsc' },
        value: { format: 'avro', schema: 'o.avsc', compatibility: 'FULL' },
      },
      { name: 'order-json', topic: 'sales.orders-json.v1', value: { format: 'json' } },
    ],
  },
  { schemas: { 'sales.orders.v1-value': { id: 7, version: 3 }, 'sales.orders.v1-key': { id: 2, version: 1 } } },
);
const shipments = catalogProduct(
  'logistics.shipments',
  {
    name: 'shipments',
    domain: 'logistics',
    tier: 'tier-2',
    owner: { team: 'logistics' },
    outputPorts: [{ name: 'events', topic: 'logistics.shipments.v1', value: { format: 'avro' } }],
  },
  { status: 'deprecated' },
);

test('catalog products and drafts join into sorted domains; a draft of a published product adds its manifest', () => {
  const model = buildMeshModel(
    [shipments, orders],
    [
      draft('sales.orders', { version: '1.3.0', outputPorts: [{ name: 'order-events', topic: 'sales.orders.v1' }] }),
      draft('sales.refunds', {
        status: 'draft',
        tier: 'tier-2',
        owner: 'sales-platform',
        outputPorts: [{ name: 'refunds', topic: 'sales.refunds.v1', valueSchemaUri: 'file:///ws/r.avsc' }],
      }),
      draft('lonely', { domain: undefined }),
    ],
  );
  assert.deepEqual(
    model.domains.map((domain) => [domain.name, domain.products.map((product) => `${product.id}:${product.origin}`)]),
    [
      ['logistics', ['logistics.shipments:published']],
      ['sales', ['sales.orders:published', 'sales.refunds:draft']],
      [NO_DOMAIN, ['lonely:draft']],
    ],
  );
  const published = model.products.get('sales.orders');
  assert.equal(published?.origin, 'published');
  assert.equal(
    published?.manifestUri,
    'file:///ws/orders.dataproduct.yaml',
    'the workspace manifest of a published product can be revealed',
  );
  assert.equal(published?.localVersion, '1.3.0', 'an unpublished local version is noted');
  assert.equal(published?.version, '1.2.0', 'the catalog is the truth');
  assert.equal(published?.owner, 'sales-platform');
  assert.equal(model.products.get('logistics.shipments')?.status, 'deprecated', 'the record status wins');
});

test('ports carry the topic-name-strategy subjects with the catalog ids and versions', () => {
  const model = buildMeshModel(
    [orders],
    [draft('sales.refunds', { outputPorts: [{ name: 'refunds', topic: 'sales.refunds.v1', valueSchemaUri: 'file:///ws/r.avsc' }] })],
  );
  const ports = model.products.get('sales.orders')?.ports ?? [];
  assert.deepEqual(ports[0].subjects, [
    { subject: 'sales.orders.v1-key', role: 'key', id: 2, version: 1 },
    { subject: 'sales.orders.v1-value', role: 'value', id: 7, version: 3 },
  ]);
  assert.equal(ports[0].compatibility, 'FULL');
  assert.deepEqual(ports[1].subjects, [], 'a JSON port without registered schemas has no subject');
  assert.deepEqual(model.products.get('sales.refunds')?.ports[0].subjects, [{ subject: 'sales.refunds.v1-value', role: 'value' }]);
});

test('topic owners: published before drafts; unowned topics have none; lineage lists each product once', () => {
  const model = buildMeshModel(
    [orders],
    [
      draft('sales.copycat', { outputPorts: [{ name: 'p', topic: 'sales.orders.v1' }] }),
      draft('sales.refunds', { outputPorts: [{ name: 'r', topic: 'sales.refunds.v1' }] }),
    ],
  );
  assert.equal(ownerOfTopic(model, 'sales.orders.v1')?.product.id, 'sales.orders');
  assert.equal(ownerOfTopic(model, 'sales.orders.v1')?.port.name, 'order-events');
  assert.deepEqual(
    model.topicOwners.get('sales.orders.v1')?.map((owner) => owner.product.id),
    ['sales.orders', 'sales.copycat'],
  );
  assert.equal(ownerOfTopic(model, 'sales.refunds.v1')?.product.origin, 'draft');
  assert.equal(ownerOfTopic(model, 'random'), undefined);
  assert.deepEqual(
    productsReadBy(model, ['sales.orders-json.v1', 'random', 'sales.orders.v1', 'sales.refunds.v1']).map((product) => product.id),
    ['sales.orders', 'sales.refunds'],
  );
});

// How long the join takes is measured by npm run bench (bench/editorBoundsBench.ts), not asserted here.
test('1,000 products join into 20 domains, each topic with its owner', () => {
  const catalog = Array.from({ length: 1000 }, (_, index) =>
    catalogProduct(`d${index % 20}.p${index}`, {
      name: `p${index}`,
      domain: `d${index % 20}`,
      outputPorts: [{ name: 'events', topic: `d${index % 20}.p${index}.v1`, value: { format: 'avro' } }],
    }),
  );
  const model = buildMeshModel(catalog, []);
  assert.equal(model.domains.length, 20);
  assert.equal(model.topicOwners.size, 1000);
  assert.equal(ownerOfTopic(model, 'd7.p987.v1')?.product.id, 'd7.p987');
});
