// The catalog engine against the suite's real broker (the shared local stack): an empty mesh for a missing
// topic; records, overwrites, tombstones and malformed records; the live watch; kcat, an independent
// client, agreeing with what was written; and `datamesh catalog` through the built CLI.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { CLI } from '../support/cli';
import {
  releaseTestStack,
  startTestStack,
  STACK_TEST_TIMEOUT_MS,
  type TestStack,
  stackKafka,
  stackSkipReason,
} from './support/stackFixture';
import { skipUnlessCi } from './support/secureBroker';
import { closeKafka } from '../../client/src/kafka/kafkaClientFactory';
import {
  readCatalog,
  toProductSummary,
  watchCatalog,
  writeCatalogRecord,
  writeRawCatalogRecord,
  type CatalogRecordValue,
  type CatalogSnapshot,
} from '../../client/src/engines/catalog/catalogEngine';

/** Set when the stack cannot run here (and CI is not set): every test then skips with this reason. */
let skipReason: string | false = false;
const kcatMissing = spawnSync('kcat', ['-V'], { encoding: 'utf8' }).error ? 'kcat is not installed (apt-get install -y kcat)' : undefined;

let stack: TestStack;
let kafka: Kafka;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

function freshTopic(): string {
  return `_datamesh.products.test-${randomUUID().slice(0, 8)}`;
}

function record(id: string, changes: Partial<CatalogRecordValue> = {}): CatalogRecordValue & { id: string } {
  const [domain, name] = id.split('.');
  return {
    id,
    manifest: {
      apiVersion: 'datamesh/v1',
      kind: 'DataProduct',
      id,
      name,
      domain,
      version: '1.2.0',
      status: 'active',
      owner: { team: `${domain}-platform` },
      description: { purpose: `The ${name} of ${domain}.` },
      tier: 'tier-1',
      quality: 'authoritative',
      outputPorts: [
        { name: `${name}-events`, topic: `${id}.v1`, value: { format: 'avro', schema: 'schemas/x.avsc', compatibility: 'FULL' } },
      ],
    },
    schemas: { [`${id}.v1-value`]: { id: 7, version: 2 } },
    status: 'active',
    publishedAt: '2026-01-02T03:04:05.000Z',
    publishedBy: 'ci@example.com',
    ...changes,
  };
}

/** Runs the built CLI with a controlled environment (no connection variables unless given). */
function datamesh(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DATAMESH_')));
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 90_000, env: { ...clean, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function skipped(t: TestContext, reason: string | false = skipReason): boolean {
  if (reason) t.skip(reason);
  return reason !== false;
}

describe('the catalog engine on a real broker', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    skipReason = await stackSkipReason();
    if (skipReason) return;
    stack = await startTestStack();
    kafka = await stackKafka(stack);
  });

  after(async () => {
    if (kafka) closeKafka(kafka);
    if (!skipReason) await releaseTestStack();
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
  });

  test('a catalog topic that does not exist is an empty mesh', async (t) => {
    if (skipped(t)) return;
    const snapshot = await readCatalog(kafka, { topic: freshTopic(), timeoutMs: 20_000 });
    assert.equal(snapshot.exists, false);
    assert.deepEqual(snapshot.products, []);
    assert.deepEqual(snapshot.problems, []);
  });

  test('latest record per key wins, tombstones delete, malformed records are reported, the topic is compacted', async (t) => {
    if (skipped(t)) return;
    const topic = freshTopic();
    await writeCatalogRecord(kafka, record('sales.orders'), { topic });
    await writeCatalogRecord(kafka, record('sales.customers'), { topic });
    await writeCatalogRecord(kafka, record('sales.refunds'), { topic });
    await writeCatalogRecord(kafka, record('sales.orders', { status: 'deprecated', publishedAt: '2026-02-01T00:00:00.000Z' }), { topic });
    await writeCatalogRecord(kafka, { id: 'sales.customers', tombstone: true }, { topic });
    await writeRawCatalogRecord(kafka, 'broken.json', '{"manifest": ', { topic });
    await writeRawCatalogRecord(
      kafka,
      'broken.shape',
      JSON.stringify({ manifest: {}, schemas: { s: { id: 'x' } }, status: 'active', publishedAt: 'now', publishedBy: 'me' }),
      { topic },
    );
    // (A record without a key cannot be written: brokers reject keyless records on compacted topics.)
    await writeCatalogRecord(kafka, { ...record('sales.other'), id: 'sales.mismatch' }, { topic });
    // A malformed record that a later good one replaces is no longer a problem (compaction would drop it).
    await writeRawCatalogRecord(kafka, 'sales.returns', 'not json at all', { topic });
    await writeCatalogRecord(kafka, record('sales.returns'), { topic });

    const snapshot = await readCatalog(kafka, { topic, timeoutMs: 30_000 });
    assert.equal(snapshot.exists, true);
    assert.deepEqual(
      snapshot.products.map((product) => [product.id, product.status]),
      [
        ['sales.orders', 'deprecated'],
        ['sales.refunds', 'active'],
        ['sales.returns', 'active'],
      ],
    );
    const orders = snapshot.products[0];
    assert.equal(orders.publishedAt, '2026-02-01T00:00:00.000Z');
    assert.deepEqual(orders.schemas, { 'sales.orders.v1-value': { id: 7, version: 2 } });
    assert.equal(orders.manifest.id, 'sales.orders');

    const problems = snapshot.problems.map((problem): [string | null, string] => [problem.key ?? null, problem.message]);
    assert.equal(problems.length, 3, JSON.stringify(problems));
    assert.ok(problems.some(([key, message]) => key === 'broken.json' && /not JSON/.test(message)));
    assert.ok(problems.some(([key, message]) => key === 'broken.shape' && /schemas\["s"\]/.test(message)));
    assert.ok(problems.some(([key, message]) => key === 'sales.mismatch' && /manifest of "sales\.other"/.test(message)));

    const summary = toProductSummary(orders);
    assert.deepEqual(
      {
        id: summary.id,
        source: summary.source,
        status: summary.status,
        owner: summary.owner,
        version: summary.version,
        ports: summary.outputPorts,
      },
      {
        id: 'sales.orders',
        source: 'catalog',
        status: 'deprecated',
        owner: 'sales-platform',
        version: '1.2.0',
        ports: [{ name: 'orders-events', topic: 'sales.orders.v1', compatibility: 'FULL' }],
      },
    );

    const admin = kafka.admin();
    await admin.connect();
    try {
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }],
      });
      assert.equal(configs.resources[0].configEntries.find((entry) => entry.configName === 'cleanup.policy')?.configValue, 'compact');
    } finally {
      await admin.disconnect();
    }
  });

  test('a catalog spread over several partitions is read to the end of each', async (t) => {
    if (skipped(t)) return;
    const topic = freshTopic();
    const ids = Array.from({ length: 12 }, (_, index) => `domain${index % 3}.product${index}`);
    for (const id of ids) await writeCatalogRecord(kafka, record(id), { topic, partitions: 3 });
    const snapshot = await readCatalog(kafka, { topic });
    assert.deepEqual(
      snapshot.products.map((product) => product.id),
      [...ids].sort(),
    );
    assert.deepEqual(new Set(snapshot.products.map((product) => product.partition)), new Set([0, 1, 2]));
  });

  test('watchCatalog: the current products first, then each new record live, and tombstones', async (t) => {
    if (skipped(t)) return;
    const topic = freshTopic();
    await writeCatalogRecord(kafka, record('sales.orders'), { topic });
    const snapshots: CatalogSnapshot[] = [];
    const errors: unknown[] = [];
    const watch = watchCatalog(kafka, (snapshot) => snapshots.push(snapshot), { topic, onError: (error) => errors.push(error) });
    try {
      await waitFor(() => snapshots.length > 0, 30_000, 'the first snapshot');
      assert.deepEqual(
        snapshots[0].products.map((product) => product.id),
        ['sales.orders'],
      );

      await writeCatalogRecord(kafka, record('sales.refunds'), { topic });
      await waitFor(
        () => snapshots.some((snapshot) => snapshot.products.some((product) => product.id === 'sales.refunds')),
        10_000,
        'the live record',
      );

      await writeCatalogRecord(kafka, { id: 'sales.orders', tombstone: true }, { topic });
      await waitFor(
        () =>
          snapshots
            .at(-1)
            ?.products.map((product) => product.id)
            .join() === 'sales.refunds',
        10_000,
        'the tombstone',
      );
      assert.deepEqual(errors, []);
    } finally {
      await watch.dispose();
    }
  });

  test('watchCatalog on a topic that does not exist yet: an empty mesh, then the first product when it is published', async (t) => {
    if (skipped(t)) return;
    const topic = freshTopic();
    const snapshots: CatalogSnapshot[] = [];
    const watch = watchCatalog(kafka, (snapshot) => snapshots.push(snapshot), {
      topic,
      pollIntervalMs: 300,
      onError: (error) => assert.fail(String(error)),
    });
    try {
      await waitFor(() => snapshots.length > 0, 15_000, 'the empty snapshot');
      assert.equal(snapshots[0].exists, false);
      await writeCatalogRecord(kafka, record('sales.orders'), { topic });
      await waitFor(() => snapshots.some((snapshot) => snapshot.products.length === 1), 30_000, 'the first product');
      assert.equal(snapshots.filter((snapshot) => !snapshot.exists).length, 1, 'the empty mesh is announced once');
    } finally {
      await watch.dispose();
    }
  });

  test('kcat, an independent client, reads the same latest record per key', async (t) => {
    if (skipped(t) || skipped(t, skipUnlessCi(kcatMissing))) return;
    const topic = freshTopic();
    await writeCatalogRecord(kafka, record('sales.orders'), { topic });
    await writeCatalogRecord(kafka, record('sales.refunds'), { topic });
    await writeCatalogRecord(kafka, record('sales.orders', { status: 'retired' }), { topic });
    await writeCatalogRecord(kafka, { id: 'sales.refunds', tombstone: true }, { topic });

    const kcat = spawnSync('kcat', ['-b', stack.bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-J'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(kcat.status, 0, kcat.stderr);
    const latest = new Map<string, string | null>();
    for (const line of kcat.stdout.split('\n').filter(Boolean)) {
      const message = JSON.parse(line) as { key: string | null; payload: string | null };
      if (message.key !== null) latest.set(message.key, message.payload);
    }
    assert.equal(latest.get('sales.refunds'), null, 'kcat sees the tombstone as a null payload');
    const live = [...latest].filter(([, payload]) => payload !== null);
    const snapshot = await readCatalog(kafka, { topic });
    assert.deepEqual(
      snapshot.products.map((product) => product.id),
      live.map(([key]) => key).sort(),
    );
    for (const [key, payload] of live) {
      const product = snapshot.products.find((candidate) => candidate.id === key);
      const { id: _id, partition: _partition, offset: _offset, timestamp: _timestamp, ...value } = product!;
      assert.deepEqual(value, JSON.parse(payload!), `record ${key}`);
    }
  });

  test('datamesh catalog --format json and text through the built CLI', async (t) => {
    if (skipped(t)) return;
    const topic = freshTopic();
    await writeCatalogRecord(kafka, record('sales.orders'), { topic });
    await writeCatalogRecord(kafka, record('finance.invoices', { status: 'deprecated' }), { topic });
    await writeRawCatalogRecord(kafka, 'broken', 'nope', { topic });

    const json = datamesh(['catalog', '--format', 'json', '--bootstrap', stack.bootstrap, '--catalog-topic', topic]);
    assert.equal(json.status, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as {
      products: { id: string; status: string; version: string; owner: string; schemas: unknown }[];
      problems: { key: string }[];
    };
    assert.deepEqual(Object.keys(parsed).sort(), ['problems', 'products']);
    assert.deepEqual(
      parsed.products.map((product) => [product.id, product.status, product.version, product.owner]),
      [
        ['finance.invoices', 'deprecated', '1.2.0', 'finance-platform'],
        ['sales.orders', 'active', '1.2.0', 'sales-platform'],
      ],
    );
    assert.deepEqual(parsed.products[1].schemas, { 'sales.orders.v1-value': { id: 7, version: 2 } });
    assert.deepEqual(
      parsed.problems.map((problem) => problem.key),
      ['broken'],
    );

    const text = datamesh(['catalog', '--catalog-topic', topic], { DATAMESH_BOOTSTRAP: stack.bootstrap });
    assert.equal(text.status, 0, text.stderr);
    const lines = text.stdout.trim().split('\n');
    assert.match(lines[0], /^ID\s+STATUS\s+VERSION\s+OWNER\s+PUBLISHED AT$/);
    assert.match(lines[1], /^finance\.invoices\s+deprecated\s+1\.2\.0\s+finance-platform\s+2026-01-02T03:04:05\.000Z$/);
    assert.match(lines[2], /^sales\.orders\s+active\s+1\.2\.0\s+sales-platform\s+/);
    assert.match(text.stderr, /warning: .*"broken" is not JSON/);

    // No flags and no variables: the running local stack (resolveConnection).
    const local = datamesh(['catalog', '--format', 'json', '--catalog-topic', topic], { DATAMESH_STACK_DIR: stack.stateDir });
    assert.equal(local.status, 0, local.stderr);
    assert.equal((JSON.parse(local.stdout) as { products: unknown[] }).products.length, 2);

    const empty = datamesh(['catalog', '--format', 'json', '--bootstrap', stack.bootstrap, '--catalog-topic', freshTopic()]);
    assert.equal(empty.status, 0, empty.stderr);
    assert.deepEqual(JSON.parse(empty.stdout), { products: [], problems: [] });

    const usage = datamesh(['catalog', '--format', 'yaml', '--bootstrap', stack.bootstrap]);
    assert.equal(usage.status, 2);
  });
});
