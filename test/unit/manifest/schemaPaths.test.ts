import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUri, relativeSchemaPath, resolveSchemaUri } from '../../../server/src/services/manifest/schemaPaths';

const MANIFEST = 'file:///ws/sales/orders.dataproduct.yaml';

test('a schema path resolves against the manifest folder; an absolute one keeps the manifest scheme', () => {
  assert.equal(resolveSchemaUri(MANIFEST, 'schemas/order.avsc'), 'file:///ws/sales/schemas/order.avsc');
  assert.equal(resolveSchemaUri(MANIFEST, '../crm/customer.avsc'), 'file:///ws/crm/customer.avsc');
  assert.equal(resolveSchemaUri(MANIFEST, '/abs/x.avsc'), 'file:///abs/x.avsc');
});

test('a path that vscode-uri refuses to represent resolves to nothing instead of throwing', () => {
  // Without an authority, a URI path may not start with `//`.
  assert.equal(resolveSchemaUri('untitled:orders.dataproduct.yaml', '//x'), undefined);
});

test('the relative path of a schema is what a manifest would write', () => {
  assert.equal(relativeSchemaPath(MANIFEST, 'file:///ws/sales/schemas/order.avsc'), 'schemas/order.avsc');
  assert.equal(relativeSchemaPath(MANIFEST, 'file:///ws/crm/customer.avsc'), '../crm/customer.avsc');
});

test('parseUri: an absolute URI parses; text without a scheme or with a space in it is no URI', () => {
  assert.equal(parseUri('file:///ws/a.avsc')?.toString(), 'file:///ws/a.avsc');
  assert.equal(parseUri('untitled:x.avsc')?.scheme, 'untitled');
  for (const text of [' :', 'schemas/a.avsc', '//x', '']) assert.equal(parseUri(text), undefined, text);
});
