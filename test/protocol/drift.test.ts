// Drift in the editor's checks: the built server over JSON-RPC takes the client's drift of a manifest
// (datamesh/drift, JSON paths), shows it as information diagnostics (code drift) on those keys, merged
// with the manifest's own, follows edits, offers Preview Publish, and clears it when the list is empty.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { LspTestClient } from '../support/lspClient';
import { folderWith } from '../support/cli';
import { ORDER_SCHEMA, VALID_MANIFEST } from '../support/memoryWorkspace';
import { DRIFT_NOTIFICATION } from '../../server/src/protocol';
import { COMMANDS } from '../../client/src/commandIds';

let root: string;
let client: LspTestClient;
let uri: string;

const drift = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'drift');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle));

before(async () => {
  root = folderWith({ 'orders.dataproduct.yaml': VALID_MANIFEST, 'schemas/order.avsc': ORDER_SCHEMA });
  uri = pathToFileURL(join(root, 'orders.dataproduct.yaml')).toString();
  client = new LspTestClient();
  await client.initialize(pathToFileURL(root).toString());
  const checked = client.diagnostics(uri, () => true);
  client.open(uri, VALID_MANIFEST);
  await checked;
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('drift items become information diagnostics on their paths, with a Preview Publish quick fix', async () => {
  const shown = client.diagnostics(uri, (d) => drift(d).length === 2);
  void client.connection.sendNotification(DRIFT_NOTIFICATION, {
    uri,
    items: [
      { path: ['outputPorts', 0, 'partitions'], message: 'sales.orders.v1 has 3 partitions, the manifest says 6.' },
      { path: ['outputPorts', 0, 'topic'], message: 'The topic sales.orders.v1 does not exist in the cluster.' },
    ],
  });
  const [partitions, topic] = drift(await shown);
  assert.equal(partitions.severity, DiagnosticSeverity.Information);
  assert.equal(partitions.source, 'datamesh');
  assert.equal(partitions.range.start.line, lineOf(VALID_MANIFEST, 'partitions:'));
  assert.equal(topic.range.start.line, lineOf(VALID_MANIFEST, 'topic: sales.orders.v1'));
  assert.match(topic.message, /does not exist/);

  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: partitions.range,
    context: { diagnostics: [partitions] },
  });
  const preview = actions.find((action) => action.title === 'Preview Publish');
  assert.ok(preview, `a Preview Publish quick fix among ${actions.map((action) => action.title).join(', ')}`);
  assert.deepEqual(preview.command, { title: 'Preview Publish', command: COMMANDS.previewPublish, arguments: [uri] });
});

test('drift follows edits (the paths are placed again) and an empty list clears it', async () => {
  const edited = `# a comment line\n${VALID_MANIFEST}`;
  const moved = client.diagnostics(uri, (d) => drift(d).some((item) => item.range.start.line === lineOf(edited, 'partitions:')));
  client.change(uri, edited, 2);
  await moved;

  const cleared = client.diagnostics(uri, (d) => drift(d).length === 0);
  void client.connection.sendNotification(DRIFT_NOTIFICATION, { uri, items: [] });
  await cleared;
});

test('a malformed drift notification keeps the well-formed items and does not break the server', async () => {
  const shown = client.diagnostics(uri, (d) => drift(d).length === 1);
  void client.connection.sendNotification(DRIFT_NOTIFICATION.method, {
    uri,
    items: [
      null,
      { path: 'outputPorts', message: 'x' },
      { path: [{}], message: 'y' },
      { path: ['id'], message: 'The product is not in the catalog.' },
    ],
  });
  const [only] = drift(await shown);
  assert.equal(only.message, 'The product is not in the catalog.');
  void client.connection.sendNotification(DRIFT_NOTIFICATION.method, 'not an object');
  const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(symbols.length > 0, 'the server still answers');
  assert.equal(client.exitCode, undefined);
});
