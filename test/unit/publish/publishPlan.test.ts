import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DurationError, isoDurationToMs } from '../../../client/src/engines/publish/isoDuration';
import { desiredTopic, planTopic, type ManifestPort, type TopicState } from '../../../client/src/engines/publish/topicPlan';
import { applyPublish, type PreparedPublish } from '../../../client/src/engines/publish/publishEngine';
import type { PlannedAction } from '../../../client/src/engines/publish/publishTypes';
import { formatText } from '../../../client/src/cli/publishCommand';

const DAY = 86_400_000;

describe('ISO 8601 durations', () => {
  test('days, weeks, times and fractions become milliseconds', () => {
    assert.equal(isoDurationToMs('P30D'), 30 * DAY);
    assert.equal(isoDurationToMs('P2W'), 14 * DAY);
    assert.equal(isoDurationToMs('PT5M'), 300_000);
    assert.equal(isoDurationToMs('PT1H30M'), 5_400_000);
    assert.equal(isoDurationToMs('P1DT12H'), 1.5 * DAY);
    assert.equal(isoDurationToMs('PT0.5S'), 500);
    assert.equal(isoDurationToMs('PT0S'), 0);
  });

  test('a year is 365 days and a month 30 days (retention.ms is a fixed length)', () => {
    assert.equal(isoDurationToMs('P1Y'), 365 * DAY);
    assert.equal(isoDurationToMs('P1M'), 30 * DAY);
    assert.equal(isoDurationToMs('P1Y2M'), 425 * DAY);
  });

  test('text that is not a duration is refused with the reason', () => {
    for (const text of ['', 'P', 'PT', '30D', 'P30', 'P1H', 'PT1D', 'P-1D', 'p30d', 'P30D garbage']) {
      assert.throws(() => isoDurationToMs(text), DurationError, text);
    }
  });
});

const port = (extra: Partial<ManifestPort> = {}): ManifestPort => ({
  name: 'order-events',
  topic: 'sales.orders.v1',
  value: { format: 'avro', schema: 'order.avsc' },
  ...extra,
});

const existing = (extra: Partial<Extract<TopicState, { exists: true }>> = {}): TopicState => ({
  exists: true,
  partitions: 3,
  replicationFactor: 1,
  effective: { 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'min.insync.replicas': '1' },
  overrides: {},
  ...extra,
});

describe('topic plan', () => {
  test('the desired topic: partitions default to 1, retention becomes retention.ms, extra configs are strings', () => {
    assert.deepEqual(desiredTopic(port({ cleanupPolicy: 'compact', retention: 'P7D', config: { 'min.insync.replicas': 2 } })), {
      port: 'order-events',
      topic: 'sales.orders.v1',
      partitions: 1,
      configs: { 'min.insync.replicas': '2', 'cleanup.policy': 'compact', 'retention.ms': String(7 * DAY) },
    });
  });

  test('a missing topic is created with what the manifest asks', () => {
    const { actions, findings } = planTopic(
      desiredTopic(port({ partitions: 6, replicationFactor: 1, cleanupPolicy: 'compact' })),
      { exists: false },
      3,
    );
    assert.deepEqual(findings, []);
    assert.equal(actions.length, 1);
    const create = actions[0] as Extract<PlannedAction, { kind: 'create-topic' }>;
    assert.equal(create.kind, 'create-topic');
    assert.equal(create.partitions, 6);
    assert.equal(create.replicationFactor, 1);
    assert.deepEqual(create.configs, { 'cleanup.policy': 'compact' });
    assert.match(create.reason, /does not exist/);
  });

  test('a replication factor above the broker count is capped to it, with a warning', () => {
    const { actions, findings } = planTopic(desiredTopic(port({ replicationFactor: 3 })), { exists: false }, 1);
    assert.equal((actions[0] as Extract<PlannedAction, { kind: 'create-topic' }>).replicationFactor, 1);
    assert.deepEqual(
      findings.map((finding) => [finding.severity, finding.code]),
      [['warning', 'replication-capped']],
    );
    assert.match(findings[0].message, /replication factor 3.*1 broker.*replication factor 1/);
  });

  test('a topic as the manifest asks plans nothing', () => {
    const { actions, findings } = planTopic(desiredTopic(port({ partitions: 3, cleanupPolicy: 'delete' })), existing(), 1);
    assert.deepEqual(actions, []);
    assert.deepEqual(findings, []);
  });

  test('more partitions are added; fewer are an error (Kafka cannot shrink a topic)', () => {
    const more = planTopic(desiredTopic(port({ partitions: 5 })), existing(), 1);
    assert.deepEqual(
      more.actions.map((action) => action.kind),
      ['add-partitions'],
    );
    assert.deepEqual([(more.actions[0] as { from: number }).from, (more.actions[0] as { to: number }).to], [3, 5]);
    const fewer = planTopic(desiredTopic(port({ partitions: 2 })), existing(), 1);
    assert.deepEqual(fewer.actions, []);
    assert.deepEqual(
      fewer.findings.map((finding) => [finding.severity, finding.code]),
      [['error', 'fewer-partitions']],
    );
  });

  test('configs that differ are altered, keeping the topic-level configs the manifest does not name', () => {
    const { actions } = planTopic(
      desiredTopic(port({ partitions: 3, cleanupPolicy: 'compact', retention: 'P7D' })),
      existing({
        overrides: { 'max.message.bytes': '2000000' },
        effective: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY), 'max.message.bytes': '2000000' },
      }),
      1,
    );
    assert.equal(actions.length, 1);
    const alter = actions[0] as Extract<PlannedAction, { kind: 'alter-topic-configs' }>;
    assert.deepEqual(alter.changes, [{ name: 'cleanup.policy', from: 'delete', to: 'compact' }]);
    assert.deepEqual(alter.configs, { 'max.message.bytes': '2000000', 'cleanup.policy': 'compact', 'retention.ms': String(7 * DAY) });
  });

  test('a replication factor that differs on an existing topic is a warning, never an action', () => {
    const { actions, findings } = planTopic(desiredTopic(port({ partitions: 3, replicationFactor: 2 })), existing(), 3);
    assert.deepEqual(actions, []);
    assert.deepEqual(
      findings.map((finding) => finding.code),
      ['replication-differs'],
    );
  });
});

const prepared = (actions: PlannedAction[], refused = false): PreparedPublish => ({
  plan: {
    productId: 'sales.orders',
    manifestPath: 'orders.dataproduct.yaml',
    diagnostics: [],
    actions,
    findings: [],
    downstream: { products: [], consumerGroups: [] },
    eventCheck: { perPartition: 200, checked: [] },
    refused,
  },
  record: { manifest: { id: 'sales.orders' }, status: 'active', schemas: {} },
});

const CREATE: PlannedAction = {
  kind: 'create-topic',
  id: 'create-topic:sales.orders.v1',
  port: 'order-events',
  topic: 'sales.orders.v1',
  partitions: 1,
  configs: {},
  reason: 'The topic of port order-events does not exist.',
};

describe('publish outcome without touching the cluster', () => {
  // A connection that fails the test if anything is asked of it: refused, empty and dry-run plans apply nothing.
  const untouchable = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the cluster was asked');
      },
    },
  ) as never;
  const options = { manifestPath: 'orders.dataproduct.yaml', publishedBy: 'alice', now: () => new Date('2026-01-02T03:04:05Z') };

  test('a refused plan applies nothing and lists every action as not applied', async () => {
    const outcome = await applyPublish({ kafka: untouchable }, prepared([CREATE], true), options);
    assert.deepEqual(outcome, {
      status: 'refused',
      applied: [],
      notApplied: ['create-topic:sales.orders.v1'],
      audit: {
        operation: 'publish',
        productId: 'sales.orders',
        by: 'alice',
        at: '2026-01-02T03:04:05.000Z',
        outcome: 'refused',
        changes: [],
      },
    });
  });

  test('an empty plan is up to date; a dry run changes nothing', async () => {
    assert.equal((await applyPublish({ kafka: untouchable }, prepared([]), options)).status, 'up-to-date');
    const dry = await applyPublish({ kafka: untouchable }, prepared([CREATE]), { ...options, dryRun: true });
    assert.equal(dry.status, 'dry-run');
    assert.deepEqual(dry.notApplied, ['create-topic:sales.orders.v1']);
  });

  test('cancelling stops before the next step: the outcome is partial and lists what was not applied', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await applyPublish({ kafka: untouchable }, prepared([CREATE]), { ...options, signal: controller.signal });
    assert.equal(outcome.status, 'partial');
    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(outcome.notApplied, ['create-topic:sales.orders.v1']);
    assert.deepEqual(outcome.failure, { action: 'create-topic:sales.orders.v1', message: 'cancelled before this step' });
  });

  test('the JSON of a result is the plan and the outcome; the text gives 1-based positions', async () => {
    const plan = prepared([CREATE], true).plan;
    plan.diagnostics = [
      {
        path: 'orders.dataproduct.yaml',
        diagnostics: [
          {
            range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } },
            severity: 1,
            code: 'id-mismatch',
            message: 'bad id',
          },
        ],
      },
    ];
    const outcome = await applyPublish({ kafka: untouchable }, { ...prepared([CREATE], true), plan }, options);
    const json = JSON.parse(JSON.stringify({ plan, outcome })) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(json), ['plan', 'outcome']);
    assert.deepEqual(Object.keys(json.plan), [
      'productId',
      'manifestPath',
      'diagnostics',
      'actions',
      'findings',
      'downstream',
      'eventCheck',
      'refused',
    ]);
    assert.deepEqual(Object.keys(json.outcome), ['status', 'applied', 'notApplied', 'audit']);
    const text = formatText({ plan, outcome });
    assert.match(text, /^orders\.dataproduct\.yaml:3:5: error id-mismatch: bad id$/m);
    assert.match(text, /Refused: nothing was changed\./);
  });
});
