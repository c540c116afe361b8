import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quickManifestId } from '../../../server/src/services/workspace/quickManifestId';
import { memoryWorkspace } from '../../support/memoryWorkspace';

const manifest = (idLine: string, name = 'orders') => `apiVersion: datamesh/v1\nkind: DataProduct\n${idLine}\nname: ${name}\n`;

test('quickManifestId reads a plain one-line top-level id, quoted or with a comment', () => {
  assert.equal(quickManifestId(manifest('id: sales.orders')), 'sales.orders');
  assert.equal(quickManifestId(manifest('id: "sales.orders"  # the product')), 'sales.orders');
  assert.equal(quickManifestId(manifest("id: 'sales.orders'")), 'sales.orders');
});

test('quickManifestId gives up where only a parse can tell', () => {
  assert.equal(quickManifestId(manifest('id: >-\n  sales.orders')), undefined, 'a block scalar');
  assert.equal(quickManifestId(manifest('id: *anchor')), undefined, 'an alias');
  assert.equal(quickManifestId('{apiVersion: datamesh/v1,\nid: sales.orders}\n'), undefined, 'a flow mapping');
  assert.equal(quickManifestId(`${manifest('id: a.b')}---\n${manifest('id: c.d')}`), undefined, 'several documents');
  assert.equal(quickManifestId(`${manifest('id: a.b')}id: c.d\n`), undefined, 'two id keys');
  assert.equal(quickManifestId('id: "sales\\x2eorders"\n'), undefined, 'an escape');
  assert.equal(quickManifestId('kind: DataProduct\n'), undefined, 'no id');
});

test('product(id) finds ids that only a parse reveals, and agrees with the product list', () => {
  const { index } = memoryWorkspace({
    'a/one.dataproduct.yaml': manifest('id: >-\n  sales.orders', 'first'),
    'b/two.dataproduct.yaml': manifest('id: sales.orders', 'second'),
    'c/three.dataproduct.yaml': '{apiVersion: datamesh/v1, kind: DataProduct,\nid: sales.flow}\n',
    'd/four.dataproduct.yaml': manifest('id: sales.plain', 'fourth'),
  });
  // The first manifest by URI wins a shared id, as in products().
  assert.equal(index.product('sales.orders')?.name, 'first');
  assert.equal(index.product('sales.flow')?.id, 'sales.flow');
  assert.equal(index.product('sales.plain')?.name, 'fourth');
  assert.equal(index.product('sales.none'), undefined);
  const listed = index.products().find((product) => product.id === 'sales.orders');
  assert.equal(listed?.name, 'first');
  assert.equal(index.product('sales.orders'), listed);
});

test('product(id) follows edits and falls back to the catalog', () => {
  const { index, uri } = memoryWorkspace({ 'orders.dataproduct.yaml': manifest('id: sales.orders') });
  index.setCatalog([{ id: 'sales.customers', outputPorts: [], source: 'catalog' }]);
  assert.equal(index.product('sales.customers')?.source, 'catalog');
  index.documentOpened(uri('orders.dataproduct.yaml'), manifest('id: sales.renamed'));
  assert.equal(index.product('sales.orders'), undefined);
  assert.equal(index.product('sales.renamed')?.source, 'workspace');
  // A workspace draft shadows the catalog's product of the same id.
  index.documentChanged(uri('orders.dataproduct.yaml'), manifest('id: sales.customers'));
  assert.equal(index.product('sales.customers')?.source, 'workspace');
});
