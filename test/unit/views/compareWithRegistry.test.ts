// Compare with Registry Version: a workspace .avsc against any registered version of the subject of the port
// whose key or value schema it is (topic-name strategy), opened as a diff.
import { stubState } from '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { compareWithRegistryVersion, type RegistryComparisonSources } from '../../../client/src/commands/schemaCommands';
import { subjectsOfSchemaFile } from '../../../client/src/engines/browse/schemaFileSubjects';
import { parseSchemaVersionUri } from '../../../client/src/schemaUris';
import { FakeBrowseContext, draft } from '../../support/fakeBrowseContext';

const ORDER = 'file:///ws/sales/schemas/order.avsc';
const KEY = 'file:///ws/sales/schemas/key.avsc';
const products = [
  draft('sales.orders', {
    outputPorts: [
      { name: 'order-events', topic: 'sales.orders.v1', valueSchemaUri: ORDER, keySchemaUri: KEY },
      { name: 'order-audit', topic: 'sales.orders-audit.v1', valueSchemaUri: ORDER },
    ],
  }),
  draft('sales.refunds', { outputPorts: [{ name: 'refunds', topic: 'sales.refunds.v1', keySchemaUri: KEY }] }),
];

test('the subjects of a schema file: every port that uses it, as key or value', () => {
  assert.deepEqual(
    subjectsOfSchemaFile(products, ORDER).map((entry) => [entry.subject, entry.role, entry.productId, entry.port]),
    [
      ['sales.orders-audit.v1-value', 'value', 'sales.orders', 'order-audit'],
      ['sales.orders.v1-value', 'value', 'sales.orders', 'order-events'],
    ],
  );
  assert.deepEqual(
    subjectsOfSchemaFile(products, KEY).map((entry) => entry.subject),
    ['sales.orders.v1-key', 'sales.refunds.v1-key'],
  );
  assert.deepEqual(subjectsOfSchemaFile(products, 'file:///ws/other.avsc'), []);
});

async function sources(): Promise<RegistryComparisonSources> {
  const context = new FakeBrowseContext({
    versions: {
      'sales.orders.v1-value': [1, 2, 3].map((version) => ({
        subject: 'sales.orders.v1-value',
        version,
        id: 10 + version,
        schemaType: 'AVRO',
      })),
      'sales.orders-audit.v1-value': [{ subject: 'sales.orders-audit.v1-value', version: 1, id: 30, schemaType: 'AVRO' }],
    },
    subjects: ['sales.orders.v1-value', 'sales.orders-audit.v1-value'],
  });
  return { connectionName: () => 'local', schemas: () => context.schemas(), drafts: { products: async () => products } };
}

function captureDiff(): unknown[][] {
  const diffs: unknown[][] = [];
  stubState.commands.set('vscode.diff', (...args: unknown[]) => diffs.push(args));
  return diffs;
}

test('a file used by two ports: pick the subject, then any version; the diff is registry version ↔ file', async () => {
  stubState.reset();
  const diffs = captureDiff();
  const file = vscode.Uri.parse(ORDER);
  // The subject picker lists both ports' subjects; the version picker lists v3 (latest), v2, v1.
  stubState.answers = [
    (items: { subject: string }[]) => items.find((item) => item.subject === 'sales.orders.v1-value'),
    (items: { label: string; version: number }[]) => {
      assert.deepEqual(
        items.map((item) => item.label),
        ['v3', 'v2', 'v1'],
      );
      return items.find((item) => item.version === 1);
    },
  ];
  const compared = await compareWithRegistryVersion(await sources(), file);
  assert.deepEqual(compared, { subject: 'sales.orders.v1-value', version: 1 });
  assert.equal(diffs.length, 1);
  const [left, right, title] = diffs[0] as [vscode.Uri, vscode.Uri, string];
  assert.deepEqual(parseSchemaVersionUri(left), { subject: 'sales.orders.v1-value', version: 1, connection: 'local' });
  assert.equal(right.toString(), file.toString());
  assert.equal(title, 'sales.orders.v1-value v1 (registry) ↔ order.avsc (workspace)');
});

test('a file used by one port goes straight to its versions; without a connection or on another file, a message', async () => {
  stubState.reset();
  const diffs = captureDiff();
  const audit = draft('sales.audit', { outputPorts: [{ name: 'a', topic: 'sales.orders-audit.v1', valueSchemaUri: 'file:///ws/a.avsc' }] });
  const base = await sources();
  stubState.answers = [(items: { version: number }[]) => items[0]];
  const compared = await compareWithRegistryVersion(
    { ...base, drafts: { products: async () => [audit] } },
    vscode.Uri.parse('file:///ws/a.avsc'),
  );
  assert.deepEqual(compared, { subject: 'sales.orders-audit.v1-value', version: 1 });
  assert.equal(stubState.prompts.length, 1, 'only the version was asked');
  assert.equal(diffs.length, 1);

  assert.equal(await compareWithRegistryVersion({ ...base, connectionName: () => undefined }, vscode.Uri.parse(ORDER)), undefined);
  assert.match(stubState.messages.at(-1)?.message ?? '', /No active Kafka connection/);
  assert.equal(await compareWithRegistryVersion(base, vscode.Uri.parse('file:///ws/orders.dataproduct.yaml')), undefined);
  assert.match(stubState.messages.at(-1)?.message ?? '', /\.avsc/);
  assert.equal(diffs.length, 1, 'no diff opened for either');
});
