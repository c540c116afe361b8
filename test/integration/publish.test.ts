// `datamesh publish` and `datamesh retire` as a user runs them (the built bin) against the suite's broker and
// registry. What they did is checked with clients the engine does not use: kcat for topic metadata and the
// catalog records, a plain kafkajs admin for topic configs, plain HTTP for the registry's subjects and levels.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { parse } from 'yaml';
import { CLI } from '../support/cli';
import {
  releaseTestStack,
  startTestStack,
  STACK_TEST_TIMEOUT_MS,
  type TestStack,
  stackKafka,
  stackSkipReason,
} from './support/stackFixture';
import { kcatMissing, produce } from './support/sampleData';
import { closeKafka } from '../../client/src/kafka/kafkaClientFactory';
import { avroType } from '../../client/src/engines/sample/avroPlainJson';
import { toWireFormat } from '../../client/src/engines/sample/wireFormat';

let skipReason: string | false = false;
let stack: TestStack;
let kafka: Kafka;
const catalogTopic = `_datamesh.products.publish-test-${randomUUID().slice(0, 8)}`;

function skipped(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return skipReason !== false;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function datamesh(args: string[], registry = stack.registry): Run {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DATAMESH_')));
  const result = spawnSync(
    process.execPath,
    [CLI, ...args, '--bootstrap', stack.bootstrap, '--registry', registry, '--catalog-topic', catalogTopic],
    { encoding: 'utf8', timeout: 120_000, env: { ...clean, DATAMESH_PUBLISHED_BY: 'ci-bot' } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** As datamesh(), without blocking this process: the fault-injecting registry below runs in it. */
function datameshAsync(args: string[], registry: string): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DATAMESH_')));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, ...args, '--bootstrap', stack.bootstrap, '--registry', registry, '--catalog-topic', catalogTopic],
      { env: { ...clean, DATAMESH_PUBLISHED_BY: 'ci-bot' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

interface PublishJson {
  plan: {
    productId: string;
    actions: { kind: string; id: string; reason: string }[];
    findings: {
      severity: string;
      code: string;
      message: string;
      partition?: number;
      offset?: string;
      location?: string;
      version?: number;
      mode?: string;
      accepted?: boolean;
    }[];
    downstream: { products: { id: string; port: string }[]; consumerGroups: { groupId: string; topic: string }[] };
    refused: boolean;
  };
  outcome: {
    status: string;
    applied: string[];
    notApplied: string[];
    failure?: { action: string; message: string };
    audit: { by: string; outcome: string };
  };
}

function publishJson(manifest: string, extra: string[] = [], registry?: string): { run: Run; json: PublishJson } {
  const run = datamesh(['publish', '--format', 'json', ...extra, manifest], registry);
  let json: PublishJson;
  try {
    json = JSON.parse(run.stdout) as PublishJson;
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, json };
}

const orderSchema = (fields: unknown[] = []) => ({
  type: 'record',
  name: 'Order',
  namespace: 'test.publish',
  fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'double' }, ...fields],
});

interface ProductSpec {
  partitions?: number;
  compatibility?: string;
  schema?: unknown;
  cleanupPolicy?: string;
  retention?: string;
  config?: Record<string, string>;
  replicationFactor?: number;
}

/** A product in a folder of its own: its manifest and schema; rewrite() changes them in place. */
function product(prefix: string) {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  const folder = mkdtempSync(join(tmpdir(), 'datamesh-publish-'));
  const topic = `pub.${name}.v1`;
  const manifest = join(folder, `${name}.dataproduct.yaml`);
  const write = (spec: ProductSpec = {}) => {
    writeFileSync(join(folder, 'order.avsc'), JSON.stringify(spec.schema ?? orderSchema(), null, 2));
    const lines = [
      'apiVersion: datamesh/v1',
      'kind: DataProduct',
      `id: pub.${name}`,
      `name: ${name}`,
      'domain: pub',
      'version: 1.0.0',
      'status: active',
      'owner:',
      '  team: publishers',
      'description:',
      '  purpose: Orders, for the publish tests.',
      'tier: tier-2',
      'quality: curated',
      'outputPorts:',
      '  - name: orders',
      `    topic: ${topic}`,
      `    partitions: ${spec.partitions ?? 2}`,
      ...(spec.replicationFactor !== undefined ? [`    replicationFactor: ${spec.replicationFactor}`] : []),
      ...(spec.cleanupPolicy ? [`    cleanupPolicy: ${spec.cleanupPolicy}`] : []),
      ...(spec.retention ? [`    retention: ${spec.retention}`] : []),
      ...(spec.config ? ['    config:', ...Object.entries(spec.config).map(([key, value]) => `      ${key}: "${value}"`)] : []),
      '    value:',
      '      format: avro',
      '      schema: order.avsc',
      ...(spec.compatibility ? [`      compatibility: ${spec.compatibility}`] : []),
    ];
    writeFileSync(manifest, `${lines.join('\n')}\n`);
  };
  write();
  return { id: `pub.${name}`, name, folder, topic, subject: `${topic}-value`, manifest, rewrite: write };
}

async function registryGet<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.registry}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

async function versionsOf(subject: string): Promise<number[]> {
  const { status, body } = await registryGet<number[]>(`/subjects/${encodeURIComponent(subject)}/versions`);
  return status === 404 ? [] : body;
}

/** kcat's view of a topic: partition count and each partition's replica count. */
function kcatTopic(topic: string): { partitions: number; replicas: number[] } {
  const result = spawnSync('kcat', ['-b', stack.bootstrap, '-L', '-t', topic, '-J'], { encoding: 'utf8', timeout: 30_000 });
  const metadata = JSON.parse(result.stdout) as { topics: { topic: string; error?: string; partitions: { replicas: unknown[] }[] }[] };
  const entry = metadata.topics.find((candidate) => candidate.topic === topic);
  if (!entry || entry.error) return { partitions: 0, replicas: [] };
  return { partitions: entry.partitions.length, replicas: entry.partitions.map((partition) => partition.replicas.length) };
}

/** Every catalog record of a product, in order, as kcat reads them (null for a tombstone). */
function catalogRecords(id: string): (Record<string, unknown> | null)[] {
  const result = spawnSync(
    'kcat',
    ['-b', stack.bootstrap, '-t', catalogTopic, '-C', '-e', '-o', 'beginning', '-q', '-f', '%k\\t%S\\t%s\\n'],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .filter(([key]) => key === id)
    .map(([, size, ...value]) => (size === '-1' ? null : (JSON.parse(value.join('\t')) as Record<string, unknown>)));
}

async function topicConfigs(topic: string): Promise<Record<string, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const described = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
      includeSynonyms: false,
    });
    return Object.fromEntries(described.resources[0].configEntries.map((entry) => [entry.configName, entry.configValue]));
  } finally {
    await admin.disconnect();
  }
}

/** A registry in front of the real one that fails every schema registration (POST /subjects/S/versions) with a 503. */
async function failingRegistry(): Promise<{ url: string; server: Server }> {
  const target = new URL(stack.registry);
  const server = createServer((incoming, outgoing) => {
    if (incoming.method === 'POST' && /\/subjects\/[^/]+\/versions$/.test(incoming.url ?? '')) {
      incoming.resume();
      outgoing.writeHead(503, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error_code: 50301, message: 'injected: the registry is down for registrations' }));
      return;
    }
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${target.pathname}`, server };
}

describe('datamesh publish and retire', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  before(async () => {
    skipReason = await stackSkipReason(kcatMissing);
    if (skipReason) return;
    stack = await startTestStack();
    kafka = await stackKafka(stack);
  });

  after(async () => {
    if (kafka) closeKafka(kafka);
    if (!skipReason) await releaseTestStack();
  });

  test('a first publish creates the topic, the subject with its level and the catalog record; a republish changes nothing', async (t) => {
    if (skipped(t)) return;
    const orders = product('first');
    orders.rewrite({
      partitions: 3,
      cleanupPolicy: 'compact',
      retention: 'P7D',
      config: { 'max.message.bytes': '2000000' },
      compatibility: 'FULL',
      replicationFactor: 3,
    });
    const { run, json } = publishJson(orders.manifest);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(json.outcome.status, 'applied');
    assert.deepEqual(
      json.plan.actions.map((action) => action.kind),
      ['create-topic', 'set-compatibility', 'register-schema', 'write-catalog-record'],
    );
    // One broker: replication factor 3 is capped to 1, and the plan says so.
    const capped = json.plan.findings.find((finding) => finding.code === 'replication-capped');
    assert.equal(capped?.severity, 'warning');
    assert.match(run.stderr, /Comparing the topics with the cluster/);

    assert.deepEqual(kcatTopic(orders.topic), { partitions: 3, replicas: [1, 1, 1] });
    const configs = await topicConfigs(orders.topic);
    assert.equal(configs['cleanup.policy'], 'compact');
    assert.equal(configs['retention.ms'], String(7 * 86_400_000));
    assert.equal(configs['max.message.bytes'], '2000000');
    assert.deepEqual((await registryGet(`/config/${encodeURIComponent(orders.subject)}`)).body, { compatibilityLevel: 'FULL' });
    assert.deepEqual(await versionsOf(orders.subject), [1]);
    const latest = (await registryGet<{ id: number; version: number }>(`/subjects/${encodeURIComponent(orders.subject)}/versions/latest`))
      .body;

    const records = catalogRecords(orders.id);
    assert.equal(records.length, 1);
    const record = records[0] as Record<string, unknown>;
    assert.deepEqual(record.schemas, { [orders.subject]: { id: latest.id, version: 1 } });
    assert.equal(record.status, 'active');
    assert.equal(record.publishedBy, 'ci-bot');
    assert.ok(!Number.isNaN(Date.parse(record.publishedAt as string)));
    assert.deepEqual(record.manifest, parse(readFileSync(orders.manifest, 'utf8')));
    assert.equal((record.audit as { operation: string; by: string; outcome: string }).by, 'ci-bot');
    assert.equal((record.audit as { outcome: string }).outcome, 'applied');

    const again = publishJson(orders.manifest);
    assert.equal(again.run.status, 0, again.run.stderr);
    assert.equal(again.json.outcome.status, 'up-to-date');
    assert.deepEqual(again.json.plan.actions, []);
    assert.deepEqual(await versionsOf(orders.subject), [1]);
    assert.equal(catalogRecords(orders.id).length, 1);

    const text = datamesh(['publish', orders.manifest]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /is up to date: nothing to do/);
  });

  test('a compatible evolution adds exactly one version; an incompatible one is refused and changes nothing', async (t) => {
    if (skipped(t)) return;
    const orders = product('evolve');
    assert.equal(publishJson(orders.manifest).run.status, 0);

    orders.rewrite({ schema: orderSchema([{ name: 'note', type: 'string', default: '' }]) });
    const dry = publishJson(orders.manifest, ['--dry-run']);
    assert.equal(dry.run.status, 0, dry.run.stderr);
    assert.equal(dry.json.outcome.status, 'dry-run');
    assert.deepEqual(await versionsOf(orders.subject), [1], 'a dry run registers nothing');

    const evolved = publishJson(orders.manifest);
    assert.equal(evolved.run.status, 0, evolved.run.stderr);
    assert.deepEqual(
      evolved.json.plan.actions.map((action) => action.kind),
      ['register-schema', 'write-catalog-record'],
    );
    assert.deepEqual(await versionsOf(orders.subject), [1, 2]);
    const records = catalogRecords(orders.id);
    assert.equal(records.length, 2);
    assert.equal((records[1]?.schemas as Record<string, { version: number }>)[orders.subject].version, 2);

    // BACKWARD: a new field without a default cannot read version 2's events.
    orders.rewrite({
      schema: orderSchema([
        { name: 'note', type: 'string', default: '' },
        { name: 'currency', type: 'string' },
      ]),
    });
    const refused = publishJson(orders.manifest);
    assert.equal(refused.run.status, 1, refused.run.stderr);
    assert.equal(refused.json.outcome.status, 'refused');
    const breaks = refused.json.plan.findings.filter((finding) => finding.code === 'incompatible-schema');
    assert.equal(breaks.length, 1);
    assert.deepEqual([breaks[0].location, breaks[0].version, breaks[0].mode], ['/fields/3', 2, 'BACKWARD']);
    assert.match(breaks[0].message, /currency/);
    assert.deepEqual(await versionsOf(orders.subject), [1, 2]);
    assert.equal(catalogRecords(orders.id).length, 2);
  });

  test('a transitive mode checks every registered version: a schema that only breaks version 1 is refused, naming it', async (t) => {
    if (skipped(t)) return;
    const orders = product('transitive');
    orders.rewrite({ compatibility: 'FULL_TRANSITIVE' });
    assert.equal(publishJson(orders.manifest).run.status, 0);
    orders.rewrite({ compatibility: 'FULL_TRANSITIVE', schema: orderSchema([{ name: 'quantity', type: 'int', default: 0 }]) });
    assert.equal(publishJson(orders.manifest).run.status, 0);
    // FULL against version 2 (which has the field, with a default), but version 1's events lack it.
    orders.rewrite({ compatibility: 'FULL_TRANSITIVE', schema: orderSchema([{ name: 'quantity', type: 'int' }]) });
    const { run, json } = publishJson(orders.manifest);
    assert.equal(run.status, 1, run.stderr);
    const breaks = json.plan.findings.filter((finding) => finding.code === 'incompatible-schema');
    assert.deepEqual(
      breaks.map((finding) => [finding.version, finding.mode, finding.location]),
      [[1, 'FULL_TRANSITIVE', '/fields/2']],
    );
    assert.deepEqual(
      json.plan.findings.filter((finding) => finding.code === 'compatibility-disagreement'),
      [],
      'the registry agrees',
    );
    assert.deepEqual(await versionsOf(orders.subject), [1, 2]);
  });

  test('fewer partitions than the topic has are refused: Kafka cannot shrink a topic', async (t) => {
    if (skipped(t)) return;
    const orders = product('shrink');
    orders.rewrite({ partitions: 3 });
    assert.equal(publishJson(orders.manifest).run.status, 0);
    orders.rewrite({ partitions: 2 });
    const { run, json } = publishJson(orders.manifest);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(
      json.plan.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code),
      ['fewer-partitions'],
    );
    assert.equal(kcatTopic(orders.topic).partitions, 3);
    orders.rewrite({ partitions: 4 });
    const grown = publishJson(orders.manifest);
    assert.equal(grown.run.status, 0, grown.run.stderr);
    assert.deepEqual(
      grown.json.plan.actions.map((action) => action.kind),
      ['add-partitions', 'write-catalog-record'],
    );
    assert.equal(kcatTopic(orders.topic).partitions, 4);
  });

  test('configs that differ are altered; the topic-level configs the manifest does not name are kept', async (t) => {
    if (skipped(t)) return;
    const orders = product('configs');
    orders.rewrite({ cleanupPolicy: 'delete', retention: 'P1D', config: { 'max.message.bytes': '2000000' } });
    assert.equal(publishJson(orders.manifest).run.status, 0);
    orders.rewrite({ cleanupPolicy: 'compact', retention: 'P2D' });
    const { run, json } = publishJson(orders.manifest);
    assert.equal(run.status, 0, run.stderr);
    const alter = json.plan.actions.find((action) => action.kind === 'alter-topic-configs') as unknown as {
      changes: { name: string; from: string; to: string }[];
    };
    assert.deepEqual(alter.changes, [
      { name: 'cleanup.policy', from: 'delete', to: 'compact' },
      { name: 'retention.ms', from: String(86_400_000), to: String(2 * 86_400_000) },
    ]);
    const configs = await topicConfigs(orders.topic);
    assert.equal(configs['cleanup.policy'], 'compact');
    assert.equal(configs['retention.ms'], String(2 * 86_400_000));
    assert.equal(configs['max.message.bytes'], '2000000', 'a config the manifest no longer names is left as it is');
    assert.equal(publishJson(orders.manifest).json.outcome.status, 'up-to-date');
  });

  test('the plan lists the downstream impact: products of the project that read the port, groups that read the topic', async (t) => {
    if (skipped(t)) return;
    const orders = product('downstream');
    assert.equal(publishJson(orders.manifest).run.status, 0);
    writeFileSync(
      join(orders.folder, 'reader.dataproduct.yaml'),
      ['id: pub.reader', 'name: reader', 'domain: pub', 'inputPorts:', `  - product: ${orders.id}`, '    port: orders', ''].join('\n'),
    );
    const groupId = `billing-${randomUUID().slice(0, 8)}`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.setOffsets({ groupId, topic: orders.topic, partitions: [{ partition: 0, offset: '0' }] });
    } finally {
      await admin.disconnect();
    }
    orders.rewrite({ schema: orderSchema([{ name: 'note', type: ['null', 'string'], default: null }]) });
    const { run, json } = publishJson(orders.manifest, ['--dry-run']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      json.plan.downstream.products.map((reader) => [reader.id, reader.port]),
      [['pub.reader', 'orders']],
    );
    assert.deepEqual(json.plan.downstream.consumerGroups, [{ groupId, topic: orders.topic }]);
  });

  test('an enum symbol in use that the new schema maps to its default refuses, naming the offset; --accept-event-changes passes', async (t) => {
    if (skipped(t)) return;
    const orders = product('enum');
    const status = (symbols: string[], extra = {}) => ({ name: 'status', type: { type: 'enum', name: 'Status', symbols, ...extra } });
    const v1 = orderSchema([status(['NEW', 'PAID', 'CANCELLED'])]);
    orders.rewrite({ partitions: 1, schema: v1 });
    assert.equal(publishJson(orders.manifest).run.status, 0);
    const { id } = (await registryGet<{ id: number }>(`/subjects/${encodeURIComponent(orders.subject)}/versions/1`)).body;
    const type = avroType(v1, 'write');
    await produce(
      kafka,
      orders.topic,
      ['NEW', 'PAID', 'CANCELLED', 'NEW'].map((symbol, index) => ({
        partition: 0,
        key: `o-${index}`,
        value: toWireFormat(id, type.toBuffer({ id: `o-${index}`, amount: index, status: symbol })),
      })),
    );

    orders.rewrite({ partitions: 1, schema: orderSchema([status(['NEW', 'PAID'], { default: 'NEW' })]) });
    const refused = publishJson(orders.manifest);
    assert.equal(refused.run.status, 1, refused.run.stderr);
    const changes = refused.json.plan.findings.filter((finding) => finding.code === 'event-meaning-changes');
    assert.deepEqual(
      changes.map((finding) => [finding.severity, finding.partition, finding.offset]),
      [['error', 0, '2']],
    );
    assert.match(changes[0].message, /CANCELLED.*default NEW/);
    assert.deepEqual(await versionsOf(orders.subject), [1]);

    const text = datamesh(['publish', orders.manifest]);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /event-meaning-changes: .*partition 0 offset 2/);

    const accepted = publishJson(orders.manifest, ['--accept-event-changes']);
    assert.equal(accepted.run.status, 0, accepted.run.stderr);
    assert.deepEqual(
      accepted.json.plan.findings.filter((finding) => finding.code === 'event-meaning-changes').map((finding) => finding.accepted),
      [true],
    );
    assert.deepEqual(await versionsOf(orders.subject), [1, 2]);
  });

  test('events not in the wire format refuse a new schema; --verify-events 0 turns the check off', async (t) => {
    if (skipped(t)) return;
    const orders = product('raw');
    orders.rewrite({ partitions: 1 });
    assert.equal(publishJson(orders.manifest).run.status, 0);
    await produce(kafka, orders.topic, [{ partition: 0, key: 'k', value: '{"id":"plain json"}' }]);
    orders.rewrite({ partitions: 1, schema: orderSchema([{ name: 'note', type: ['null', 'string'], default: null }]) });
    const refused = publishJson(orders.manifest);
    assert.equal(refused.run.status, 1, refused.run.stderr);
    assert.deepEqual(
      refused.json.plan.findings.map((finding) => [finding.code, finding.offset]),
      [['event-not-wire-format', '0']],
    );
    const unchecked = publishJson(orders.manifest, ['--verify-events', '0']);
    assert.equal(unchecked.run.status, 0, unchecked.run.stderr);
  });

  test('a registry that fails after the topic step: exit 3 lists what was applied; a rerun converges without duplicates', async (t) => {
    if (skipped(t)) return;
    const orders = product('fault');
    const { url, server } = await failingRegistry();
    try {
      const failedRun = await datameshAsync(['publish', '--format', 'json', orders.manifest], url);
      const failed = { run: failedRun, json: JSON.parse(failedRun.stdout || '{}') as PublishJson };
      assert.equal(failed.run.status, 3, failed.run.stderr);
      assert.equal(failed.json.outcome.status, 'partial');
      assert.deepEqual(failed.json.outcome.applied, [`create-topic:${orders.topic}`, `set-compatibility:${orders.subject}`]);
      assert.deepEqual(failed.json.outcome.notApplied, [`register-schema:${orders.subject}`, `write-catalog-record:${orders.id}`]);
      assert.equal(failed.json.outcome.failure?.action, `register-schema:${orders.subject}`);
      const text = await datameshAsync(['publish', orders.manifest], url);
      assert.equal(text.status, 3);
      // The second attempt finds the topic and the level in place: only the rest is left to apply.
      assert.match(text.stdout, new RegExp(`Partly applied: register-schema:${orders.subject.replace(/\./g, '\\.')} failed: .*503`));
      assert.match(text.stdout, /Not applied:\n {2}register order\.avsc/);
    } finally {
      server.close();
    }
    assert.equal(kcatTopic(orders.topic).partitions, 2);
    assert.deepEqual(await versionsOf(orders.subject), []);
    assert.deepEqual(catalogRecords(orders.id), []);

    const rerun = publishJson(orders.manifest);
    assert.equal(rerun.run.status, 0, rerun.run.stderr);
    assert.deepEqual(
      rerun.json.plan.actions.map((action) => action.kind),
      ['register-schema', 'write-catalog-record'],
    );
    assert.deepEqual(await versionsOf(orders.subject), [1]);
    assert.equal(catalogRecords(orders.id).length, 1);
    assert.equal(publishJson(orders.manifest).json.outcome.status, 'up-to-date');
  });

  test('a manifest with errors is refused with the diagnostics the editor shows, and nothing is created', async (t) => {
    if (skipped(t)) return;
    const orders = product('invalid');
    writeFileSync(orders.manifest, readFileSync(orders.manifest, 'utf8').replace(`id: ${orders.id}`, 'id: pub.wrong'));
    const text = datamesh(['publish', orders.manifest]);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, new RegExp(`${orders.manifest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:5: error id-mismatch: `));
    assert.equal(kcatTopic(orders.topic).partitions, 0);
  });

  test('Avro ports and no registry: a usage error (exit 2) that says how to give one, before anything changes', (t) => {
    if (skipped(t)) return;
    const orders = product('noregistry');
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DATAMESH_')));
    const result = spawnSync(
      process.execPath,
      [CLI, 'publish', '--bootstrap', stack.bootstrap, '--catalog-topic', catalogTopic, orders.manifest],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: clean,
      },
    );
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /has Avro schemas, and the connection has no schema registry\. Give one with --registry URL/);
    assert.equal(kcatTopic(orders.topic).partitions, 0);
  });

  test('retire writes the final record now, then the tombstone once the grace period is over', async (t) => {
    if (skipped(t)) return;
    const orders = product('retire');
    assert.equal(publishJson(orders.manifest).run.status, 0);
    const retired = datamesh(['retire', '--format', 'json', orders.manifest]);
    assert.equal(retired.status, 0, retired.stderr);
    assert.equal((JSON.parse(retired.stdout) as { status: string }).status, 'retired');
    let records = catalogRecords(orders.id);
    assert.equal(records.length, 2);
    assert.equal(records[1]?.status, 'retired');
    assert.equal((records[1]?.audit as { operation: string }).operation, 'retire');

    const waiting = datamesh(['retire', orders.id]);
    assert.equal(waiting.status, 0, waiting.stderr);
    assert.match(waiting.stdout, /tombstone is due at/);
    assert.equal(catalogRecords(orders.id).length, 2);

    const tombstoned = datamesh(['retire', '--grace', 'PT0S', orders.id]);
    assert.equal(tombstoned.status, 0, tombstoned.stderr);
    records = catalogRecords(orders.id);
    assert.equal(records.length, 3);
    assert.equal(records[2], null);
    assert.equal(kcatTopic(orders.topic).partitions, 2, 'the topic is kept');

    const gone = datamesh(['retire', orders.id]);
    assert.equal(gone.status, 1);
    assert.match(gone.stdout, /not in the catalog/);
  });

  test('the demo mesh publishes through the engine: topics and subject levels match the manifests', async (t) => {
    if (skipped(t)) return;
    const folder = mkdtempSync(join(tmpdir(), 'datamesh-demo-publish-'));
    mkdirSync(folder, { recursive: true });
    cpSync(join(__dirname, '..', '..', 'demo', 'mesh'), folder, { recursive: true });
    const manifests = [
      'sales/customers/customers.dataproduct.yaml',
      'payments/transactions/transactions.dataproduct.yaml',
      'sales/orders/orders.dataproduct.yaml',
    ];
    for (const path of manifests) {
      const { run, json } = publishJson(join(folder, path));
      assert.equal(run.status, 0, `${path}: ${run.stdout}\n${run.stderr}`);
      const manifest = parse(readFileSync(join(folder, path), 'utf8')) as {
        outputPorts: {
          topic: string;
          partitions?: number;
          replicationFactor?: number;
          cleanupPolicy?: string;
          retention?: string;
          value: { compatibility?: string };
        }[];
      };
      for (const port of manifest.outputPorts) {
        assert.equal(kcatTopic(port.topic).partitions, port.partitions ?? 1, port.topic);
        const configs = await topicConfigs(port.topic);
        if (port.cleanupPolicy) assert.equal(configs['cleanup.policy'], port.cleanupPolicy, port.topic);
        if (port.retention === 'P30D') assert.equal(configs['retention.ms'], String(30 * 86_400_000), port.topic);
        const level = (await registryGet<{ compatibilityLevel: string }>(`/config/${encodeURIComponent(`${port.topic}-value`)}`)).body;
        assert.equal(level.compatibilityLevel, port.value.compatibility ?? 'BACKWARD', port.topic);
        if (
          (port.replicationFactor ?? 1) > 1 &&
          json.outcome.status === 'applied' &&
          json.plan.actions.some((action) => action.kind === 'create-topic')
        ) {
          assert.ok(
            json.plan.findings.some((finding) => finding.code === 'replication-capped'),
            `${port.topic}: the cap is reported`,
          );
        }
      }
    }
  });
});
