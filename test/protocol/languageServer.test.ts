import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  Hover,
  Location,
  MarkupContent,
} from 'vscode-languageserver-types';
import { LspTestClient } from '../support/lspClient';
import { folderWith } from '../support/cli';
import { CUSTOMER_SCHEMA, CUSTOMERS_MANIFEST, ORDER_SCHEMA, VALID_MANIFEST } from '../support/memoryWorkspace';

const uriOf = (path: string) => pathToFileURL(path).toString();
const LINES = VALID_MANIFEST.split('\n');
const lineOf = (fragment: string) => LINES.findIndex((line) => line.includes(fragment));
const TIER_KEY = { line: lineOf('tier: tier-1'), character: 1 };

describe('the language server over JSON-RPC', () => {
  let root: string;
  let client: LspTestClient;
  let ordersUri: string;

  before(async () => {
    root = folderWith({
      'orders.dataproduct.yaml': VALID_MANIFEST,
      'schemas/order.avsc': ORDER_SCHEMA,
      'customers/dataproduct.yaml': CUSTOMERS_MANIFEST,
      'customers/customer.avsc': CUSTOMER_SCHEMA,
    });
    ordersUri = uriOf(join(root, 'orders.dataproduct.yaml'));
    client = new LspTestClient();
    const result = (await client.initialize(uriOf(root))) as { capabilities: Record<string, unknown> };
    for (const capability of [
      'completionProvider',
      'hoverProvider',
      'definitionProvider',
      'documentSymbolProvider',
      'codeActionProvider',
    ]) {
      assert.ok(result.capabilities[capability], `${capability} is advertised`);
    }
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('publishes diagnostics with codes and positions, and clears them when fixed', async () => {
    const broken = VALID_MANIFEST.replace('id: sales.orders', 'id: sales.order');
    const published = client.diagnostics(ordersUri, (d) => d.length > 0);
    client.open(ordersUri, broken);
    const diagnostics = await published;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start, d.source]),
      [['id-mismatch', { line: 2, character: 4 }, 'datamesh']],
    );
    const cleared = client.diagnostics(ordersUri, (d) => d.length === 0);
    client.change(ordersUri, VALID_MANIFEST, 2);
    assert.deepEqual(await cleared, []);
  });

  test('completion offers the keys of a port with documentation', async () => {
    const text = VALID_MANIFEST.replace('    partitions: 6\n', '    partitions: 6\n    \n').replace('    cleanupPolicy: delete\n', '');
    client.change(ordersUri, text, 3);
    const line = text.split('\n').indexOf('    ');
    const result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: ordersUri },
      position: { line, character: 4 },
    });
    client.change(ordersUri, VALID_MANIFEST, 4);
    const items = Array.isArray(result) ? result : result.items;
    const labels = items.map((item) => item.label);
    assert.deepEqual(labels, ['cleanupPolicy']);
    assert.match(JSON.stringify(items[0].documentation), /cleanup\.policy/);
    assert.ok(!labels.includes('partitions'), 'a key already present is not offered');
  });

  test('hover on a key shows its documentation', async () => {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: ordersUri }, position: TIER_KEY });
    assert.ok(hover, 'a hover on `tier`');
    assert.match((hover.contents as MarkupContent).value, /criticality/);
  });

  test('go to definition on schema: opens the .avsc, on product: the other manifest', async () => {
    const schemaLine = lineOf('schema: schemas/order.avsc');
    const toSchema = await client.request<Location[] | Location | null>('textDocument/definition', {
      textDocument: { uri: ordersUri },
      position: { line: schemaLine, character: 16 },
    });
    const schemaTargets = [toSchema].flat().filter(Boolean) as Location[];
    assert.deepEqual(
      schemaTargets.map((l) => l.uri),
      [uriOf(join(root, 'schemas/order.avsc'))],
    );

    const productLine = lineOf('product: sales.customers');
    const toProduct = await client.request<Location[] | Location | null>('textDocument/definition', {
      textDocument: { uri: ordersUri },
      position: { line: productLine, character: 16 },
    });
    const productTargets = [toProduct].flat().filter(Boolean) as Location[];
    assert.deepEqual(
      productTargets.map((l) => [l.uri, l.range.start.line]),
      [[uriOf(join(root, 'customers/dataproduct.yaml')), 2]],
    );
  });

  test('document symbols outline the product and its ports', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: ordersUri } });
    const names = JSON.stringify(symbols);
    assert.match(names, /sales\.orders/);
    assert.match(names, /order-events/);
  });

  test('a quick fix corrects the id', async () => {
    const broken = VALID_MANIFEST.replace('id: sales.orders', 'id: sales.order');
    const published = client.diagnostics(ordersUri, (d) => d.some((x) => x.code === 'id-mismatch'));
    client.change(ordersUri, broken, 5);
    const diagnostics = await published;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: ordersUri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    const edits = actions.flatMap((action) => action.edit?.changes?.[ordersUri] ?? []);
    assert.ok(
      edits.some((edit) => edit.newText === 'sales.orders'),
      JSON.stringify(actions),
    );
    const cleared = client.diagnostics(ordersUri, (d) => d.length === 0);
    client.change(ordersUri, VALID_MANIFEST, 6);
    await cleared;
  });

  test('another file changing on disk updates the open manifest', async () => {
    const schemaPath = join(root, 'schemas/order.avsc');
    const missing = client.diagnostics(ordersUri, (d) => d.some((x) => x.code === 'schema-file-missing'));
    rmSync(schemaPath);
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(schemaPath), type: 3 }] });
    assert.equal((await missing)[0].range.start.line, lineOf('schema: schemas/order.avsc'));

    const invalid = client.diagnostics(ordersUri, (d) => d.some((x) => x.code === 'schema-invalid'));
    writeFileSync(schemaPath, '{"name": "Order"}');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(schemaPath), type: 1 }] });
    await invalid;

    const fixed = client.diagnostics(ordersUri, (d) => d.length === 0);
    writeFileSync(schemaPath, ORDER_SCHEMA);
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(schemaPath), type: 2 }] });
    await fixed;
  });

  test('an input port follows the other manifest: renaming its port warns, restoring clears', async () => {
    const customersPath = join(root, 'customers/dataproduct.yaml');
    const warned = client.diagnostics(ordersUri, (d) => d.some((x) => x.code === 'unknown-input'));
    writeFileSync(customersPath, CUSTOMERS_MANIFEST.replace('name: customer-events', 'name: customer-changes'));
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(customersPath), type: 2 }] });
    await warned;
    const cleared = client.diagnostics(ordersUri, (d) => d.length === 0);
    writeFileSync(customersPath, CUSTOMERS_MANIFEST);
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(customersPath), type: 2 }] });
    await cleared;
  });

  test('an .avsc document gets Avro diagnostics', async () => {
    const uri = uriOf(join(root, 'schemas/draft.avsc'));
    const published = client.diagnostics(uri, (d) => d.length > 0);
    client.open(uri, '{"type": "record", "name": ', 'avro');
    const diagnostics = await published;
    assert.ok(diagnostics.every((d) => String(d.code).startsWith('avro-')));
  });

  test('a 5 MB manifest is checked in the background and does not hold up other documents', async () => {
    const ports = Array.from(
      { length: 48_000 },
      (_, i) => `  - name: port-${i}\n    topic: sales.orders.v1\n    value:\n      format: avro\n      schema: schemas/order.avsc\n`,
    ).join('');
    const large = `${VALID_MANIFEST.slice(0, VALID_MANIFEST.indexOf('outputPorts:'))}outputPorts:\n${ports}`;
    assert.ok(large.length > 5_000_000, `${large.length} characters`);
    const largeUri = uriOf(join(root, 'large.dataproduct.yaml'));
    const largeDiagnostics = client.diagnostics(largeUri, () => true, 120_000);
    client.open(largeUri, large);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: ordersUri }, position: TIER_KEY });
    assert.ok(hover);
    const answeredBeforeLarge = !client.publications.some((p) => p.uri === largeUri);
    assert.ok(answeredBeforeLarge, 'the hover on a small document came back before the large one was checked');
    const diagnostics = await largeDiagnostics;
    assert.equal(diagnostics[0].code, 'schema');
    assert.match(diagnostics[0].message, /syntax and the JSON Schema only/);
  });

  test('garbage, deep nesting and a deleted open file never stop the server', async () => {
    const garbageUri = uriOf(join(root, 'garbage.dataproduct.yaml'));
    const garbage = readFileSync(process.execPath).subarray(0, 200_000).toString('latin1');
    const garbageDiagnostics = client.diagnostics(garbageUri, () => true);
    client.open(garbageUri, garbage);
    assert.ok((await garbageDiagnostics).length > 0);

    const deepUri = uriOf(join(root, 'deep.dataproduct.yaml'));
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const deepDiagnostics = client.diagnostics(deepUri, () => true);
    client.open(deepUri, deep);
    await deepDiagnostics;
    const nested = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    client.change(deepUri, nested, 2);
    await client.request('textDocument/hover', { textDocument: { uri: deepUri }, position: { line: 1999, character: 2000 } });
    await client.request('textDocument/completion', { textDocument: { uri: deepUri }, position: { line: 1000, character: 1001 } });

    rmSync(join(root, 'orders.dataproduct.yaml'));
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ordersUri, type: 3 }] });
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: ordersUri }, position: TIER_KEY });
    assert.ok(hover, 'the open document still answers after its file was deleted');
    assert.equal(client.exitCode, undefined, 'the server is still running');
  });
});
