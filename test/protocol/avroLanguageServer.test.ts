import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  Hover,
  Location,
  MarkupContent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { LspTestClient } from '../support/lspClient';
import { folderWith } from '../support/cli';

const CUSTOMER = JSON.stringify(
  {
    type: 'record',
    name: 'Customer',
    namespace: 'com.example.crm',
    doc: 'A customer of the shop.',
    fields: [{ name: 'customerId', type: 'string' }],
  },
  null,
  2,
);
const ORDER = `{
  "type": "record",
  "name": "Order",
  "namespace": "com.example.sales",
  "fields": [
    {"name": "customer", "type": "com.example.crm.Customer"},
    {"name": "placedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
  ]
}
`;

describe('the Avro features over JSON-RPC', () => {
  let root: string;
  let client: LspTestClient;
  let orderUri: string;
  let customerUri: string;

  before(async () => {
    root = folderWith({ 'schemas/order.avsc': ORDER, 'schemas/customer.avsc': CUSTOMER });
    orderUri = pathToFileURL(join(root, 'schemas/order.avsc')).toString();
    customerUri = pathToFileURL(join(root, 'schemas/customer.avsc')).toString();
    client = new LspTestClient();
    const result = (await client.initialize(pathToFileURL(root).toString())) as { capabilities: Record<string, unknown> };
    for (const capability of ['referencesProvider', 'renameProvider', 'documentFormattingProvider'])
      assert.ok(result.capabilities[capability], capability);
    const clean = client.diagnostics(orderUri);
    client.open(orderUri, ORDER, 'avro');
    // A name defined in another workspace file resolves, as Java's parser resolves it given both files.
    assert.deepEqual(await clean, []);
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('an unresolved name is an error on that name', async () => {
    const broken = ORDER.replace('com.example.crm.Customer', 'com.example.crm.Client');
    const published = client.diagnostics(orderUri, (d) => d.length > 0);
    client.change(orderUri, broken, 2);
    const diagnostics = await published;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [['avro-unresolved-reference', 5]],
    );
    const cleared = client.diagnostics(orderUri, (d) => d.length === 0);
    client.change(orderUri, ORDER, 3);
    await cleared;
  });

  test('hover on a reference shows the definition from the other file', async () => {
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: orderUri },
      position: { line: 5, character: 45 },
    });
    assert.ok(hover);
    const text = (hover.contents as MarkupContent).value;
    assert.match(text, /com\.example\.crm\.Customer/);
    assert.match(text, /A customer of the shop/);
    assert.match(text, /customerId/);
  });

  test('completion offers logical types valid for long', async () => {
    const result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: orderUri },
      position: { line: 6, character: 66 },
    });
    const labels = (Array.isArray(result) ? result : result.items).map((item) => item.label);
    assert.ok(labels.includes('timestamp-micros'), labels.join(', '));
    assert.ok(!labels.includes('date'), 'date is for int, not long');
  });

  test('definition and references cross files', async () => {
    const definition = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: orderUri },
      position: { line: 5, character: 45 },
    });
    assert.deepEqual(
      [definition].flat().map((location) => location.uri),
      [customerUri],
    );
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: orderUri },
      position: { line: 5, character: 45 },
      context: { includeDeclaration: true },
    });
    assert.deepEqual(references.map((location) => location.uri).sort(), [customerUri, orderUri].sort());
  });

  test('rename edits the definition and every reference; an invalid name is refused with a reason', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: orderUri },
      position: { line: 5, character: 45 },
      newName: 'Client',
    });
    const changed = Object.keys(edit.changes ?? {}).sort();
    assert.deepEqual(changed, [customerUri, orderUri].sort());
    assert.ok(edit.changes?.[orderUri].some((e) => e.newText.includes('Client')));
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri: orderUri }, position: { line: 5, character: 45 }, newName: '1nvalid' }),
      (error: Error) => /name/i.test(error.message),
    );
  });

  test('formatting is stable and symbols list the record and its fields', async () => {
    const edits = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri: orderUri },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(Array.isArray(edits));
    const formatted = edits.length === 0 ? ORDER : edits[0].newText;
    assert.deepEqual(JSON.parse(formatted), JSON.parse(ORDER));
    client.change(orderUri, formatted, 4);
    const again = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri: orderUri },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(again.length === 0 || again[0].newText === formatted, 'formatting twice changes nothing');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: orderUri } });
    assert.match(JSON.stringify(symbols), /Order[\s\S]*customer[\s\S]*placedAt/);
  });
});
