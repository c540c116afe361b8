// The catalog in the editor's checks: the built server over JSON-RPC takes the client's live catalog
// (datamesh/catalogProducts) and revalidates the open manifests, without reopening them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LspTestClient } from '../support/lspClient';
import { folderWith } from '../support/cli';
import { CUSTOMER_SCHEMA, ORDER_SCHEMA, VALID_MANIFEST } from '../support/memoryWorkspace';
import { CATALOG_PRODUCTS_NOTIFICATION } from '../../server/src/protocol';
import type { ProductSummary } from '../../server/src/services/index';

/** The orders manifest reads sales.customers, which only the catalog publishes: no customers manifest here. */
const FILES = { 'orders.dataproduct.yaml': VALID_MANIFEST, 'schemas/order.avsc': ORDER_SCHEMA, 'customers/customer.avsc': CUSTOMER_SCHEMA };
const CUSTOMERS: ProductSummary = {
  id: 'sales.customers',
  name: 'customers',
  domain: 'sales',
  status: 'active',
  outputPorts: [{ name: 'customer-events', topic: 'sales.customers.v2' }],
  source: 'catalog',
};

let root: string;
let client: LspTestClient;
let ordersUri: string;

const unknownInputs = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'unknown-input');

before(async () => {
  root = folderWith(FILES);
  ordersUri = pathToFileURL(join(root, 'orders.dataproduct.yaml')).toString();
  client = new LspTestClient();
  await client.initialize(pathToFileURL(root).toString());
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('a product only the catalog knows: unknown-input until the catalog arrives, and again when it is emptied', async () => {
  const warned = client.diagnostics(ordersUri, (d) => unknownInputs(d).length > 0);
  client.open(ordersUri, VALID_MANIFEST);
  const [warning] = unknownInputs(await warned);
  assert.match(warning.message, /No data product `sales\.customers`/);

  const cleared = client.diagnostics(ordersUri, (d) => unknownInputs(d).length === 0);
  void client.connection.sendNotification(CATALOG_PRODUCTS_NOTIFICATION, { products: [CUSTOMERS] });
  assert.deepEqual(await cleared, []);

  const back = client.diagnostics(ordersUri, (d) => unknownInputs(d).length > 0);
  void client.connection.sendNotification(CATALOG_PRODUCTS_NOTIFICATION, { products: [] });
  assert.equal(unknownInputs(await back).length, 1);
});

test('a catalog product without the port the input names still warns, on the port', async () => {
  const withOtherPort = { ...CUSTOMERS, outputPorts: [{ name: 'customer-snapshots' }] };
  const warned = client.diagnostics(ordersUri, (d) => unknownInputs(d).some((w) => /no output port `customer-events`/.test(w.message)));
  void client.connection.sendNotification(CATALOG_PRODUCTS_NOTIFICATION, { products: [withOtherPort] });
  await warned;
});

test('a malformed catalog notification keeps the well-formed products and does not break the server', async () => {
  const cleared = client.diagnostics(ordersUri, (d) => unknownInputs(d).length === 0);
  void client.connection.sendNotification(CATALOG_PRODUCTS_NOTIFICATION.method, {
    products: [null, 42, { id: 7 }, { id: 'x.y' }, { ...CUSTOMERS, outputPorts: [{ name: 'customer-events' }, { name: 3 }] }],
  });
  assert.deepEqual(await cleared, []);
  void client.connection.sendNotification(CATALOG_PRODUCTS_NOTIFICATION.method, 'not an object');
  const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: ordersUri } });
  assert.ok(symbols.length > 0, 'the server still answers');
  assert.equal(client.exitCode, undefined);
});

test('a product the catalog marks deprecated: deprecated-input with the sunset and replacement from the notification', async () => {
  const deprecated = { ...CUSTOMERS, status: 'deprecated', deprecation: { sunset: '2027-06-30', replacement: 'sales.people' } };
  const warned = client.diagnostics(ordersUri, (d) => d.some((w) => w.code === 'deprecated-input'));
  void client.connection.sendNotification(CATALOG_PRODUCTS_NOTIFICATION, { products: [deprecated] });
  const warning = (await warned).find((d) => d.code === 'deprecated-input');
  assert.equal(warning?.message, '`sales.customers` is deprecated in the catalog; it ends on 2027-06-30. Read `sales.people` instead.');

  const malformed = { ...deprecated, deprecation: { sunset: 20270630, replacement: ['x'] } };
  const bare = client.diagnostics(ordersUri, (d) => d.some((w) => w.code === 'deprecated-input' && /no sunset date/.test(w.message)));
  void client.connection.sendNotification(CATALOG_PRODUCTS_NOTIFICATION.method, { products: [malformed] });
  await bare;
  const cleared = client.diagnostics(ordersUri, (d) => d.length === 0);
  void client.connection.sendNotification(CATALOG_PRODUCTS_NOTIFICATION, { products: [CUSTOMERS] });
  assert.deepEqual(await cleared, []);
});
