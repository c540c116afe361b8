import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { toPlanView } from '../../../client/src/panels/publish/publishViewModel';
import type { PlannedAction, PublishFinding, PublishPlan } from '../../../client/src/engines/publish/publishTypes';
import { auditLines } from '../../../client/src/engines/publish/auditLines';

const ACTIONS: PlannedAction[] = [
  {
    kind: 'create-topic',
    id: 'create-topic:a',
    port: 'p1',
    topic: 'sales.orders.v1',
    partitions: 3,
    configs: {},
    reason: 'The topic does not exist.',
  },
  {
    kind: 'set-compatibility',
    id: 'set-compatibility:s',
    port: 'p1',
    subject: 'sales.orders.v1-value',
    from: null,
    to: 'FULL',
    reason: 'Not set.',
  },
  {
    kind: 'alter-topic-configs',
    id: 'alter:b',
    port: 'p2',
    topic: 'sales.refunds.v1',
    changes: [{ name: 'retention.ms', from: null, to: '1000' }],
    configs: { 'retention.ms': '1000' },
    reason: 'The retention differs.',
  },
  {
    kind: 'register-schema',
    id: 'register:s',
    port: 'p1',
    subject: 'sales.orders.v1-value',
    schemaPath: 'order.avsc',
    schema: '{}',
    reason: 'New.',
  },
  { kind: 'add-partitions', id: 'partitions:a', port: 'p1', topic: 'sales.orders.v1', from: 3, to: 6, reason: 'More partitions.' },
  {
    kind: 'write-catalog-record',
    id: 'catalog',
    productId: 'sales.orders',
    catalogTopic: '_datamesh.products',
    status: 'active',
    reason: 'New.',
  },
];

function plan(overrides: Partial<PublishPlan> = {}): PublishPlan {
  return {
    productId: 'sales.orders',
    manifestPath: '/w/orders.dataproduct.yaml',
    diagnostics: [],
    actions: ACTIONS,
    findings: [],
    downstream: { products: [], consumerGroups: [] },
    eventCheck: { perPartition: 200, checked: [] },
    refused: false,
    ...overrides,
  };
}

const MEANING: PublishFinding = {
  severity: 'error',
  code: 'event-meaning-changes',
  message: 'symbol GONE becomes the default',
  subject: 'sales.orders.v1-value',
  partition: 2,
  offset: '17',
};

describe('the publish preview model', () => {
  test('actions are grouped per topic, then per subject, then the catalog, each in the plan order with its reason', () => {
    const view = toPlanView(plan());
    assert.equal(view.state, 'ready');
    assert.equal(view.canPublish, true);
    assert.deepEqual(
      view.groups.map((group) => [group.kind, group.name, group.actions.map((action) => action.id)]),
      [
        ['topic', 'sales.orders.v1', ['create-topic:a', 'partitions:a']],
        ['topic', 'sales.refunds.v1', ['alter:b']],
        ['schema', 'sales.orders.v1-value', ['set-compatibility:s', 'register:s']],
        ['catalog', '_datamesh.products', ['catalog']],
      ],
    );
    assert.equal(view.groups[1].actions[0].reason, 'The retention differs.');
    assert.match(view.groups[0].actions[0].summary, /^create topic sales\.orders\.v1 \(3 partitions/);
    assert.match(view.headline, /6 actions/);
  });

  test('findings are sorted into compatibility, events, replication and the rest, with where they are', () => {
    const view = toPlanView(
      plan({
        findings: [
          { severity: 'warning', code: 'replication-capped', message: 'capped to 1', topic: 'sales.orders.v1' },
          {
            severity: 'error',
            code: 'incompatible-schema',
            message: 'field removed',
            subject: 'sales.orders.v1-value',
            location: '/fields/2',
            version: 3,
            mode: 'FULL',
          },
          { ...MEANING, severity: 'warning', accepted: true },
          { severity: 'warning', code: 'downstream-incomplete', message: 'groups unknown' },
        ],
        refused: true,
        downstream: {
          products: [{ id: 'finance.revenue', source: 'catalog', port: 'order-events' }],
          consumerGroups: [{ groupId: 'billing', topic: 'sales.orders.v1' }],
        },
        eventCheck: { perPartition: 200, checked: [{ subject: 'sales.orders.v1-value', topic: 'sales.orders.v1', events: 1 }] },
      }),
    );
    assert.deepEqual(view.compatibility[0].details, ['subject sales.orders.v1-value', 'field /fields/2', 'version 3', 'mode FULL']);
    assert.deepEqual(view.events[0].details, ['subject sales.orders.v1-value', 'partition 2', 'offset 17']);
    assert.equal(view.events[0].accepted, true);
    assert.deepEqual(
      view.replication.map((finding) => finding.code),
      ['replication-capped'],
    );
    assert.deepEqual(
      view.other.map((finding) => finding.code),
      ['downstream-incomplete'],
    );
    assert.deepEqual(view.downstream, {
      products: ['finance.revenue reads port order-events (catalog)'],
      consumerGroups: ['billing reads sales.orders.v1'],
    });
    assert.deepEqual(view.eventCheck, ['1 event of sales.orders.v1 read with the new sales.orders.v1-value schema.']);
    // A compatibility break refuses: no Publish.
    assert.equal(view.state, 'refused');
    assert.equal(view.canPublish, false);
  });

  test('events that change meaning are the one refusal the user may accept', () => {
    const view = toPlanView(plan({ findings: [MEANING], refused: true }));
    assert.equal(view.state, 'needs-acceptance');
    assert.equal(view.canPublish, true);
    const withBreak = toPlanView(
      plan({ findings: [MEANING, { severity: 'error', code: 'event-unresolvable', message: 'x' }], refused: true }),
    );
    assert.equal(withBreak.state, 'refused');
  });

  test('validation errors refuse, with 1-based positions; an empty plan is up to date', () => {
    const view = toPlanView(
      plan({
        actions: [],
        refused: true,
        diagnostics: [
          {
            path: '/w/orders.dataproduct.yaml',
            diagnostics: [
              { range: { start: { line: 4, character: 2 }, end: { line: 4, character: 9 } }, message: 'bad id', code: 'id-mismatch' },
              {
                range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
                message: 'unknown',
                code: 'unknown-input',
                severity: DiagnosticSeverity.Warning,
              },
            ],
          },
        ],
      }),
    );
    assert.equal(view.state, 'refused');
    assert.equal(view.canPublish, false);
    assert.deepEqual(
      view.validation.map((problem) => [problem.line, problem.column, problem.severity, problem.code]),
      [
        [5, 3, 'error', 'id-mismatch'],
        [1, 1, 'warning', 'unknown-input'],
      ],
    );
    const upToDate = toPlanView(plan({ actions: [] }));
    assert.equal(upToDate.state, 'up-to-date');
    assert.equal(upToDate.canPublish, false);
    assert.equal(toPlanView(plan({ eventCheck: { perPartition: 0, checked: [] } })).eventCheck[0], 'The event check is off.');
  });
});

describe('audit lines', () => {
  test('one line per operation (when, what, who, outcome), then one per change', () => {
    assert.deepEqual(
      auditLines({
        operation: 'publish',
        productId: 'sales.orders',
        by: 'alice',
        at: '2026-12-03T05:00:00.000Z',
        outcome: 'partial',
        changes: ['create topic x', 'register y'],
      }),
      ['2026-12-03T05:00:00.000Z publish sales.orders by alice: partial', '    create topic x', '    register y'],
    );
  });
});
