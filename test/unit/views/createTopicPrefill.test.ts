// Create Topic started from a port or a manifest is pre-filled from it: name, partitions, replication factor,
// and configs (config, cleanup.policy, retention.ms from the ISO duration), each still editable.
import { stubState } from '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { topicSpecsOfManifest } from '../../../client/src/engines/browse/portTopicSpec';
import { parseConfigsText, registerTopicCommands, type TopicCommandCluster } from '../../../client/src/commands/topicCommands';
import type { NewTopic } from '../../../client/src/engines/browse/clusterBrowser';
import { buildMeshModel } from '../../../client/src/engines/browse/meshModel';
import { COMMANDS } from '../../../client/src/commandIds';
import { catalogProduct } from '../../support/fakeBrowseContext';

const MANIFEST = `apiVersion: datamesh/v1
kind: DataProduct
id: sales.orders
outputPorts:
  - name: order-events
    topic: sales.orders.v1
    partitions: 6
    replicationFactor: 3
    cleanupPolicy: compact,delete
    retention: P7D
    config:
      min.insync.replicas: "2"
    value: { format: avro }
  - name: order-audit
    topic: sales.orders-audit.v1
    value: { format: json }
`;

test('the topic of each port: defaults for what the manifest leaves out; a bad retention is reported, not guessed', () => {
  const [events, audit] = topicSpecsOfManifest({
    outputPorts: [
      {
        name: 'order-events',
        topic: 'sales.orders.v1',
        partitions: 6,
        replicationFactor: 3,
        cleanupPolicy: 'compact',
        retention: 'PT1H',
        config: { 'min.insync.replicas': '2' },
      },
      { name: 'order-audit', topic: 'sales.orders-audit.v1', retention: 'a week' },
      { name: 'no-topic' },
    ],
  });
  assert.deepEqual(events, {
    port: 'order-events',
    topic: 'sales.orders.v1',
    partitions: 6,
    replicationFactor: 3,
    configs: { 'min.insync.replicas': '2', 'cleanup.policy': 'compact', 'retention.ms': '3600000' },
    problems: [],
  });
  assert.equal(audit.partitions, 1);
  assert.equal(audit.replicationFactor, undefined);
  assert.deepEqual(audit.configs, {});
  assert.match(audit.problems[0], /"a week" is not an ISO-8601 duration/);
  assert.deepEqual(topicSpecsOfManifest('not a manifest'), []);
});

test('configs typed as name=value pairs, commas inside a value kept', () => {
  assert.deepEqual(parseConfigsText('cleanup.policy=compact,delete, retention.ms=100'), {
    'cleanup.policy': 'compact,delete',
    'retention.ms': '100',
  });
  assert.deepEqual(parseConfigsText(''), {});
  assert.equal(typeof parseConfigsText('oops'), 'string');
});

function setUp(): { created: NewTopic[] } {
  stubState.reset();
  const created: NewTopic[] = [];
  const manager: TopicCommandCluster = {
    cluster: async () => ({
      listTopics: async () => [],
      createTopic: async (topic) => void created.push(topic),
      deleteTopic: async () => undefined,
    }),
  };
  registerTopicCommands({ subscriptions: [] } as unknown as vscode.ExtensionContext, manager, () => undefined);
  return { created };
}

/** Accepts each input box as pre-filled, recording what it offered. */
function acceptPrefilled(count: number): void {
  stubState.answers = Array.from({ length: count }, () => () => {
    const options = stubState.prompts.at(-1)?.options as { value?: string };
    return options.value ?? '';
  });
}

test('from a manifest with two ports: pick the port, and every step is pre-filled from it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'datamesh-create-topic-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'orders.dataproduct.yaml');
  writeFileSync(file, MANIFEST);
  const { created } = setUp();
  acceptPrefilled(4);
  stubState.answers.unshift((items: { label: string }[]) => items.find((item) => item.label === 'sales.orders.v1'));
  await stubState.commands.get(COMMANDS.createTopic)?.(vscode.Uri.file(file));
  const offered = stubState.prompts
    .filter((prompt) => prompt.kind === 'input')
    .map((prompt) => (prompt.options as { value?: string }).value);
  assert.deepEqual(offered, ['sales.orders.v1', '6', '3', 'min.insync.replicas=2, cleanup.policy=compact,delete, retention.ms=604800000']);
  assert.deepEqual(created, [
    {
      name: 'sales.orders.v1',
      partitions: 6,
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2', 'cleanup.policy': 'compact,delete', 'retention.ms': '604800000' },
    },
  ]);
});

test('from a published port of the Mesh view: its own topic, no port to pick', async () => {
  const { created } = setUp();
  const record = catalogProduct('sales.orders', {
    outputPorts: [
      { name: 'order-events', topic: 'sales.orders.v1', partitions: 2, retention: 'P1D', value: { format: 'avro' } },
      { name: 'order-audit', topic: 'sales.orders-audit.v1', value: { format: 'json' } },
    ],
  });
  const product = buildMeshModel([record], []).products.get('sales.orders');
  assert.ok(product);
  acceptPrefilled(4);
  await stubState.commands.get(COMMANDS.createTopic)?.({ kind: 'port', name: 'order-audit', product, port: product.ports[1] });
  assert.deepEqual(created, [{ name: 'sales.orders-audit.v1', partitions: 1 }]);
  acceptPrefilled(4);
  await stubState.commands.get(COMMANDS.createTopic)?.({ kind: 'port', name: 'order-events', product, port: product.ports[0] });
  assert.deepEqual(created[1], { name: 'sales.orders.v1', partitions: 2, configs: { 'retention.ms': '86400000' } });
});

test('from the palette: nothing pre-filled but the defaults', async () => {
  const { created } = setUp();
  stubState.answers = ['misc', () => (stubState.prompts.at(-1)?.options as { value?: string }).value, '', ''];
  await stubState.commands.get(COMMANDS.createTopic)?.();
  const offered = stubState.prompts.map((prompt) => (prompt.options as { value?: string }).value);
  assert.deepEqual(offered, [undefined, '1', '', '']);
  assert.deepEqual(created, [{ name: 'misc', partitions: 1 }]);
});
