import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Range } from 'vscode-languageserver-types';
import { findManifestDefinition } from '../../../server/src/services/manifest/definition';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { CUSTOMERS_MANIFEST, memoryWorkspace, sampleWorkspace, VALID_MANIFEST, withCursor } from '../../support/memoryWorkspace';

const ORDERS = 'file:///ws/orders.dataproduct.yaml';
const CUSTOMERS = 'file:///ws/customers/dataproduct.yaml';
const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Puts the cursor marker right after the first occurrence of `before` in the manifest. */
function cursorAfter(text: string, before: string): string {
  const at = text.indexOf(before);
  assert.ok(at >= 0, `fixture has no ${before}`);
  return text.slice(0, at + before.length) + '|' + text.slice(at + before.length);
}

function definitionAt(textWithCursor: string, workspace = sampleWorkspace().index, uri = ORDERS) {
  const { text, offset } = withCursor(textWithCursor);
  return findManifestDefinition(uri, text, new LineIndex(text).positionAt(offset), workspace);
}

/** The range of the first occurrence of `needle` at or after `after` in `text`. */
function rangeOf(text: string, needle: string, after = ''): Range {
  const start = text.indexOf(needle, text.indexOf(after));
  assert.ok(start >= 0);
  return new LineIndex(text).rangeOf(start, start + needle.length);
}

test('a value schema path opens the .avsc at its start', () => {
  const locations = definitionAt(cursorAfter(VALID_MANIFEST, 'schema: schemas/or'));
  assert.deepEqual(locations, [{ uri: 'file:///ws/schemas/order.avsc', range: FILE_START }]);
});

test('the `schema` key works like its value', () => {
  const locations = definitionAt(cursorAfter(VALID_MANIFEST, '      sch'));
  assert.deepEqual(locations, [{ uri: 'file:///ws/schemas/order.avsc', range: FILE_START }]);
});

test('a key schema path resolves relative to the manifest', () => {
  const text = VALID_MANIFEST.replace(
    '    key:\n      format: string\n',
    '    key:\n      format: avro\n      schema: schemas/order-key.avsc\n',
  );
  const workspace = sampleWorkspace({ 'schemas/order-key.avsc': '"string"' }).index;
  const locations = definitionAt(cursorAfter(text, 'schemas/order-k'), workspace);
  assert.deepEqual(locations, [{ uri: 'file:///ws/schemas/order-key.avsc', range: FILE_START }]);
});

test('a schema path in a manifest in a folder resolves in that folder', () => {
  const locations = definitionAt(cursorAfter(CUSTOMERS_MANIFEST, 'schema: cust'), sampleWorkspace().index, CUSTOMERS);
  assert.deepEqual(locations, [{ uri: 'file:///ws/customers/customer.avsc', range: FILE_START }]);
});

test('a schema file that does not exist has no definition', () => {
  const text = VALID_MANIFEST.replace('schemas/order.avsc', 'schemas/missing.avsc');
  assert.deepEqual(definitionAt(cursorAfter(text, 'schemas/miss')), []);
});

test("an input port's product opens that product's manifest at its id", () => {
  const locations = definitionAt(cursorAfter(VALID_MANIFEST, 'product: sales.cus'));
  assert.deepEqual(locations, [{ uri: CUSTOMERS, range: rangeOf(CUSTOMERS_MANIFEST, 'sales.customers') }]);
});

test("an input port's port opens the port's name in the other manifest", () => {
  const locations = definitionAt(cursorAfter(VALID_MANIFEST, 'port: customer-ev'));
  assert.deepEqual(locations, [{ uri: CUSTOMERS, range: rangeOf(CUSTOMERS_MANIFEST, 'customer-events', 'outputPorts') }]);
});

test('the matching port is found among several, by name', () => {
  const customers =
    CUSTOMERS_MANIFEST +
    '  - name: customer-snapshots\n    topic: sales.customers.v2\n    value:\n      format: avro\n      schema: customer.avsc\n';
  const workspace = sampleWorkspace({ 'customers/dataproduct.yaml': customers }).index;
  const text = VALID_MANIFEST.replace('port: customer-events', 'port: customer-snapshots');
  const locations = definitionAt(cursorAfter(text, 'port: customer-sn'), workspace);
  assert.deepEqual(locations, [{ uri: CUSTOMERS, range: rangeOf(customers, 'customer-snapshots') }]);
});

test('an unknown product or port has no definition', () => {
  assert.deepEqual(
    definitionAt(cursorAfter(VALID_MANIFEST.replace('product: sales.customers', 'product: sales.nobody'), 'product: sales.no')),
    [],
  );
  assert.deepEqual(definitionAt(cursorAfter(VALID_MANIFEST.replace('port: customer-events', 'port: no-such-port'), 'port: no-such')), []);
});

test('a product known only from the catalog has no file to open', () => {
  const { index } = memoryWorkspace({ 'orders.dataproduct.yaml': VALID_MANIFEST });
  index.setCatalog([{ id: 'sales.customers', outputPorts: [{ name: 'customer-events' }], source: 'catalog' }]);
  assert.deepEqual(definitionAt(cursorAfter(VALID_MANIFEST, 'product: sales.cus'), index), []);
  assert.deepEqual(definitionAt(cursorAfter(VALID_MANIFEST, 'port: customer-ev'), index), []);
});

test("deprecation.replacement opens the replacement's manifest", () => {
  const text =
    VALID_MANIFEST.replace('status: active', 'status: deprecated') + 'deprecation:\n  sunset: 2027-06-30\n  replacement: sales.customers\n';
  const locations = definitionAt(cursorAfter(text, 'replacement: sales.c'));
  assert.deepEqual(locations, [{ uri: CUSTOMERS, range: rangeOf(CUSTOMERS_MANIFEST, 'sales.customers') }]);
});

test('other places have no definition', () => {
  assert.deepEqual(definitionAt(cursorAfter(VALID_MANIFEST, 'tier: tier')), []);
  assert.deepEqual(definitionAt(cursorAfter(VALID_MANIFEST, 'topic: sales')), []);
  assert.deepEqual(definitionAt(cursorAfter(VALID_MANIFEST, 'id: sales')), []);
  // `product` outside an input port is not a reference.
  assert.deepEqual(definitionAt('product: sales.cus|tomers\n'), []);
});

test('definition never throws, at any offset of broken texts', () => {
  const workspace = sampleWorkspace().index;
  const texts = [
    VALID_MANIFEST.slice(0, 400),
    VALID_MANIFEST.replace('  - product: sales.customers', '  - product: [sales.customers'),
    'inputPorts:\n  - product:\n    port: x\n  - ~\n  - [1, 2]\n  - product: {a: 1}\n    port: [x]\n',
    'outputPorts:\n  - value: {schema: }\n  - key:\n      schema: 42\n  - value:\n      schema: "../../../../etc/passwd"\n',
    'deprecation: {replacement: sales.customers\n',
    '{{{{ ]]] : : - - \t\u0000 *alias &anchor !!binary',
    'a: &x [*x, *x]\nb: *x\n',
    '---\n---\n...\n',
    '',
    '\r\n\r\n  inputPorts:\r\n  - product: sales.customers\r\n    port: customer-events\r\n',
  ];
  for (const text of texts) {
    const lines = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const result = findManifestDefinition(ORDERS, text, lines.positionAt(offset), workspace);
      assert.ok(Array.isArray(result));
    }
    // Positions past the end and negative ones are clamped, not errors.
    assert.ok(Array.isArray(findManifestDefinition(ORDERS, text, { line: 999, character: 999 }, workspace)));
    assert.ok(Array.isArray(findManifestDefinition(ORDERS, text, { line: -1, character: -5 }, workspace)));
  }
});
