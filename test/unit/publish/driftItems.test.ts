import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { driftItems } from '../../../client/src/engines/publish/driftItems';
import type { PublishPlan } from '../../../client/src/engines/publish/publishTypes';
import { driftCodeActions, driftDiagnostics, PREVIEW_PUBLISH_COMMAND } from '../../../server/src/services/index';
import { COMMANDS } from '../../../client/src/commandIds';

function plan(overrides: Partial<PublishPlan>): PublishPlan {
  return {
    productId: 'sales.orders',
    manifestPath: '/w/orders.dataproduct.yaml',
    diagnostics: [],
    actions: [],
    findings: [],
    downstream: { products: [], consumerGroups: [] },
    eventCheck: { perPartition: 0, checked: [] },
    refused: false,
    ...overrides,
  };
}

describe('drift from a dry-run plan', () => {
  test('each difference points at the manifest field that says otherwise', () => {
    const items = driftItems(
      plan({
        actions: [
          { kind: 'create-topic', id: 'c', port: 'audit', topic: 'sales.audit.v1', partitions: 1, configs: {}, reason: 'r' },
          { kind: 'add-partitions', id: 'p', port: 'events', topic: 'sales.orders.v1', from: 3, to: 6, reason: 'r' },
          {
            kind: 'alter-topic-configs',
            id: 'a',
            port: 'events',
            topic: 'sales.orders.v1',
            changes: [
              { name: 'cleanup.policy', from: 'compact', to: 'delete' },
              { name: 'retention.ms', from: null, to: '2592000000' },
              { name: 'min.insync.replicas', from: '1', to: '2' },
            ],
            configs: {},
            reason: 'r',
          },
          { kind: 'set-compatibility', id: 's', port: 'events', subject: 'sales.orders.v1-key', from: 'NONE', to: 'FULL', reason: 'r' },
          {
            kind: 'register-schema',
            id: 'g',
            port: 'events',
            subject: 'sales.orders.v1-value',
            schemaPath: 'order.avsc',
            schema: '{}',
            reason: 'The subject has no versions yet.',
          },
          { kind: 'write-catalog-record', id: 'w', productId: 'sales.orders', catalogTopic: '_c', status: 'active', reason: 'r' },
        ],
        findings: [
          { severity: 'warning', code: 'replication-differs', port: 'events', message: 'replication 1, the manifest asks for 3' },
          { severity: 'warning', code: 'replication-capped', port: 'events', message: 'capped' },
        ],
      }),
      ['events', 'audit'],
    );
    assert.deepEqual(
      items.map((item) => item.path),
      [
        ['outputPorts', 1, 'topic'],
        ['outputPorts', 0, 'partitions'],
        ['outputPorts', 0, 'cleanupPolicy'],
        ['outputPorts', 0, 'retention'],
        ['outputPorts', 0, 'config', 'min.insync.replicas'],
        ['outputPorts', 0, 'key', 'compatibility'],
        ['outputPorts', 0, 'value', 'schema'],
        ['outputPorts', 0, 'replicationFactor'],
      ],
    );
    assert.equal(items[1].message, 'sales.orders.v1 has 3 partitions, the manifest says 6.');
    assert.equal(items[3].message, "retention.ms of sales.orders.v1 is the broker's default, the manifest says 2592000000.");
    assert.match(items[6].message, /order\.avsc is not registered under sales\.orders\.v1-value\. The subject has no versions yet\./);
  });

  test('an up-to-date plan has no drift', () => {
    assert.deepEqual(driftItems(plan({}), ['events']), []);
  });
});

describe('drift diagnostics in the language service', () => {
  const TEXT = 'id: sales.orders\noutputPorts:\n  - name: events\n    topic: sales.orders.v1\n    partitions: |6\n';
  const marker = TEXT.indexOf('|');
  const text = TEXT.replace('|', '');
  const line = TEXT.slice(0, marker).split('\n').length - 1;
  const character = marker - TEXT.lastIndexOf('\n', marker - 1) - 1;

  test('a path becomes an information diagnostic on its value; a missing field falls back to the nearest key', () => {
    const [partitions, missing] = driftDiagnostics(text, [
      { path: ['outputPorts', 0, 'partitions'], message: 'm1' },
      { path: ['outputPorts', 0, 'retention'], message: 'm2' },
    ]);
    assert.deepEqual(partitions.range.start, { line, character });
    assert.equal(partitions.code, 'drift');
    assert.equal(partitions.severity, 3);
    assert.equal(missing.range.start.line, 2, 'the port item itself');
  });

  test('Preview Publish is the quick fix, with the extension command id', () => {
    assert.equal(PREVIEW_PUBLISH_COMMAND, COMMANDS.previewPublish);
    const diagnostics = driftDiagnostics(text, [{ path: ['id'], message: 'm' }]);
    const [action] = driftCodeActions('file:///w/o.yaml', diagnostics);
    assert.equal(action.command?.command, COMMANDS.previewPublish);
    assert.deepEqual(action.command?.arguments, ['file:///w/o.yaml']);
    assert.deepEqual(driftCodeActions('file:///w/o.yaml', [{ ...diagnostics[0], code: 'schema' }]), []);
  });
});
