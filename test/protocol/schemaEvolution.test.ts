import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';
import { folderWith } from '../support/cli';
import { VALID_MANIFEST } from '../support/memoryWorkspace';

const COMMITTED = JSON.stringify(
  {
    type: 'record',
    name: 'Order',
    fields: [
      { name: 'orderId', type: 'string' },
      { name: 'amount', type: 'double' },
    ],
  },
  null,
  2,
);

let root: string;
let client: LspTestClient;

before(async () => {
  root = folderWith({
    'orders.dataproduct.yaml': VALID_MANIFEST.replace(/inputPorts:[\s\S]*$/, ''),
    'schemas/order.avsc': COMMITTED,
  });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'version 1');
  client = new LspTestClient();
  await client.initialize(pathToFileURL(root).toString());
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('editing a port schema shows each break of the mode against git HEAD, and clears when fixed', async () => {
  const uri = pathToFileURL(join(root, 'schemas/order.avsc')).toString();
  // The port is FULL_TRANSITIVE: removing `amount`, which has no default, breaks readers of the committed version.
  const removed = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'orderId', type: 'string' }] }, null, 2);
  const broken = client.diagnostics(uri, (d) => d.length > 0);
  client.open(uri, removed, 'avro');
  const diagnostics = await broken;
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['avro-incompatible'],
  );
  assert.match(
    diagnostics[0].message,
    /^Field `amount` removed without a default breaks readers of the version in git HEAD \(READER_FIELD_MISSING_DEFAULT_VALUE\)\. Checked as FULL_TRANSITIVE for the value of sales\.orders \/ order-events\.$/,
  );

  const fixed = client.diagnostics(uri, (d) => d.length === 0);
  client.change(uri, COMMITTED, 2);
  await fixed;
});

test('registry versions sent by the client replace git HEAD', async () => {
  const uri = pathToFileURL(join(root, 'schemas/order.avsc')).toString();
  const older = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'orderId', type: 'long' }] });
  const broken = client.diagnostics(uri, (d) => d.length > 0);
  void client.connection.sendNotification('datamesh/schemaVersions', { schemaUri: uri, versions: [{ label: 'version 3', text: older }] });
  const diagnostics = await broken;
  assert.ok(diagnostics.every((d) => d.code === 'avro-incompatible'));
  assert.match(diagnostics.map((d) => d.message).join('\n'), /version 3/);
});

test('a manifest the file watcher missed is indexed when the client names it with the registry versions', async () => {
  // Written after the server's scan, with no file event: the server does not know this port yet.
  mkdirSync(join(root, 'late', 'schemas'), { recursive: true });
  const manifestPath = join(root, 'late', 'late.dataproduct.yaml');
  writeFileSync(
    manifestPath,
    VALID_MANIFEST.replace(/inputPorts:[\s\S]*$/, '')
      .replace(/^id: sales\.orders$/m, 'id: sales.late')
      .replace(/^name: orders$/m, 'name: late')
      .replace(/sales\.orders\.v1/g, 'sales.late.v1'),
  );
  const schemaPath = join(root, 'late', 'schemas', 'order.avsc');
  const newer = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'orderId', type: 'long' }] });
  writeFileSync(schemaPath, newer);
  const uri = pathToFileURL(schemaPath).toString();
  const older = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'orderId', type: 'string' }] });
  const broken = client.diagnostics(uri, (d) => d.some((diagnostic) => diagnostic.code === 'avro-incompatible'));
  client.open(uri, newer, 'avro');
  void client.connection.sendNotification('datamesh/schemaVersions', {
    schemaUri: uri,
    versions: [{ label: 'version 1', text: older }],
    manifestUri: pathToFileURL(manifestPath).toString(),
  });
  const diagnostics = await broken;
  assert.match(diagnostics.map((d) => d.message).join('\n'), /for the value of sales\.late \/ order-events/);
});
