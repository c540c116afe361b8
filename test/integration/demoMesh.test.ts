// npm run demo's seeding and live events, against the real broker and registry: the six demo products in three
// domains published through the publish engine (one deprecated, one left a draft), two subjects with a version
// history, and events flowing that `datamesh sample` decodes.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { CLI } from '../support/cli';
import { releaseTestStack, startTestStack, STACK_TEST_TIMEOUT_MS, type TestStack, stackSkipReason } from './support/stackFixture';
import { RegistryClient } from '../../client/src/kafka/registryClient';
import { seedDemoMesh } from '../../scripts/demoMesh';
import { DEMO_EVENT_TOPICS, startDemoEvents } from '../../scripts/demoEvents';

const DEMO_MESH = join(__dirname, '..', '..', 'demo', 'mesh');
const catalogTopic = `_datamesh.products.demo-test-${randomUUID().slice(0, 8)}`;
const HISTORY_SUBJECTS = ['sales.customers.v2-value', 'logistics.shipments.v1-value'];

let skipReason: string | false = false;
let stack: TestStack;

function skipped(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return skipReason !== false;
}

function datamesh(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DATAMESH_')));
  const result = spawnSync(process.execPath, [CLI, ...args, '--bootstrap', stack.bootstrap, '--registry', stack.registry], {
    encoding: 'utf8',
    timeout: 120_000,
    env: clean,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function demoManifests(folder = DEMO_MESH): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return demoManifests(path);
    return entry.endsWith('.dataproduct.yaml') ? [path] : [];
  });
}

describe('the demo mesh', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  before(async () => {
    skipReason = await stackSkipReason();
    if (skipReason) return;
    stack = await startTestStack();
  });

  after(async () => {
    if (!skipReason) await releaseTestStack();
  });

  test('six products in three domains; five published, one deprecated, the draft left out; two schema histories', async (t) => {
    if (skipped(t)) return;
    assert.equal(demoManifests().length, 6, 'the demo has six manifests');
    const registry = new RegistryClient({ url: stack.registry });
    // Other files of the suite may have published the demo products already: start the histories afresh.
    for (const subject of HISTORY_SUBJECTS) {
      if ((await registry.subjects()).includes(subject)) await registry.deleteSubject(subject, true);
    }
    const log: string[] = [];
    await seedDemoMesh(DEMO_MESH, stack.bootstrap, stack.registry, { catalogTopic, log: (line) => log.push(line) });

    const catalog = datamesh(['catalog', '--format', 'json', '--catalog-topic', catalogTopic]);
    assert.equal(catalog.status, 0, catalog.stderr);
    const products = (JSON.parse(catalog.stdout) as { products: { id: string; status: string }[] }).products;
    assert.deepEqual(products.map((product) => `${product.id} ${product.status}`).sort(), [
      'logistics.deliveries active',
      'logistics.shipments active',
      'payments.refunds deprecated',
      'payments.transactions active',
      'sales.customers active',
    ]);
    const domains = new Set(products.map((product) => product.id.split('.')[0]));
    assert.equal(domains.size, 3);
    for (const subject of HISTORY_SUBJECTS) assert.deepEqual(await registry.versions(subject), [1, 2], subject);
    assert.ok(
      log.some((line) => /replication/i.test(line)),
      `the replication cap on one broker is reported:\n${log.join('\n')}`,
    );

    // A rerun changes nothing: no new versions.
    await seedDemoMesh(DEMO_MESH, stack.bootstrap, stack.registry, { catalogTopic, log: () => undefined });
    for (const subject of HISTORY_SUBJECTS) assert.deepEqual(await registry.versions(subject), [1, 2], `${subject} after a rerun`);
  });

  test('the live events reach every product topic, decode through the registry and carry headers', async (t) => {
    if (skipped(t)) return;
    await seedDemoMesh(DEMO_MESH, stack.bootstrap, stack.registry, { catalogTopic, log: () => undefined });
    const kafka = new Kafka({ clientId: 'demo-events-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
    const problems: string[] = [];
    const events = await startDemoEvents(kafka, new RegistryClient({ url: stack.registry }), {
      perSecond: 10,
      log: (line) => problems.push(line),
    });
    try {
      const deadline = Date.now() + 60_000;
      while (DEMO_EVENT_TOPICS.some((topic) => (events.sent.get(topic) ?? 0) < 3) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await events.stop();
    }
    assert.deepEqual(problems, []);
    for (const topic of DEMO_EVENT_TOPICS) {
      const sample = datamesh(['sample', '--topic', topic, '--from', 'last:2', '--format', 'json']);
      assert.equal(sample.status, 0, `${topic}: ${sample.stderr}`);
      const lines = sample.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { format: string; schemaId: number | null; headers: Record<string, string>; value: unknown });
      assert.ok(lines.length > 0, `${topic} has events`);
      for (const line of lines) {
        assert.equal(line.format, 'avro', `${topic}: ${JSON.stringify(line)}`);
        assert.equal(typeof line.schemaId, 'number');
        assert.equal(line.headers.source, 'npm run demo');
        assert.equal(typeof line.value, 'object');
      }
    }
  });
});
