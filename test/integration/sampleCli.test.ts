// `datamesh sample` as a user runs it (the built bin) against the suite's broker and registry: the NDJSON
// line format of spec §5, --max and --filter, the start modes, Ctrl-C in --follow, exit codes 0/1/2, and
// no consumer group left behind.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kafka } from 'kafkajs';
import { CLI } from '../support/cli';
import {
  releaseTestStack,
  startTestStack,
  STACK_TEST_TIMEOUT_MS,
  type TestStack,
  stackKafka,
  stackSkipReason,
} from './support/stackFixture';
import {
  createTopic,
  freshTopicName,
  groupsWithPrefix,
  kcatMissing,
  kcatProduce,
  produce,
  registerOrderSchema,
} from './support/sampleData';
import { closeKafka } from '../../client/src/kafka/kafkaClientFactory';
import { SAMPLE_GROUP_PREFIX } from '../../client/src/engines/sample/sampleNames';

let skipReason: string | false = false;
let stack: TestStack;
let kafka: Kafka;
let topic: string;
let schemaId: number;
// Recent: the broker's retention (7 days by default) deletes records whose timestamps are older.
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;

function skipped(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return skipReason !== false;
}

function datamesh(args: string[], extraEnv: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DATAMESH_')));
  const result = spawnSync(process.execPath, [CLI, 'sample', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...clean, ...extraEnv },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function connection(): string[] {
  return ['--bootstrap', stack.bootstrap, '--registry', stack.registry];
}

function lines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('datamesh sample', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  before(async () => {
    skipReason = await stackSkipReason(kcatMissing);
    if (skipReason) return;
    stack = await startTestStack();
    kafka = await stackKafka(stack);
    topic = freshTopicName('sample-cli');
    await createTopic(kafka, topic, 2);
    const registered = await registerOrderSchema(stack.registry, topic);
    schemaId = registered.id;
    const messages = [];
    for (let i = 0; i < 4; i++) {
      messages.push({
        partition: 0,
        key: `order-${i}`,
        headers: { source: i % 2 ? 'web' : 'app', trace: `t${i}` },
        timestamp: T0 + i * 60_000,
        value: await registered.registry.encode(schemaId, {
          id: `o-${i}`,
          amount: 100 * i,
          quantity: i,
          coupon: i === 3 ? 'SPRING' : null,
          placedAt: T0 + i * 60_000,
          signature: Buffer.from([i]),
          status: 'NEW',
          checksum: Buffer.from([1, 2]),
        }),
      });
    }
    await produce(kafka, topic, messages);
    kcatProduce(stack.bootstrap, topic, 1, ['j0\t{"amount":5}', 'j1\tplain text'], { source: 'web' });
    await produce(kafka, topic, [{ partition: 1, key: null, value: Buffer.from([0xc3, 0x28]) }]);
  });

  after(async () => {
    if (kafka) closeKafka(kafka);
    if (!skipReason) await releaseTestStack();
  });

  test('--format json prints one line per event in the format of the spec, and exits 0 at the end offsets', (t) => {
    if (skipped(t)) return;
    const result = datamesh(['--topic', topic, '--format', 'json', ...connection()]);
    assert.equal(result.status, 0, result.stderr);
    const events = lines(result.stdout);
    assert.equal(events.length, 7);
    const avro = events.find((event) => event.partition === 0 && event.offset === 3);
    assert.deepEqual(avro, {
      topic,
      partition: 0,
      offset: 3,
      timestamp: new Date(T0 + 180_000).toISOString(),
      key: 'order-3',
      value: {
        id: 'o-3',
        amount: 300,
        quantity: 3,
        coupon: 'SPRING',
        placedAt: T0 + 180_000,
        signature: '03',
        status: 'NEW',
        checksum: '0102',
      },
      headers: { source: 'web', trace: 't3' },
      schemaId,
      format: 'avro',
    });
    assert.deepEqual(
      events.filter((event) => event.partition === 1).map((event) => [event.key, event.value, event.format, event.schemaId]),
      [
        ['j0', { amount: 5 }, 'json', null],
        ['j1', 'plain text', 'text', null],
        [
          null,
          {
            hex: 'c328',
            error: 'not Avro in the Confluent wire format, not a JSON object or array, and not UTF-8 text: invalid UTF-8 at byte 0',
          },
          'binary',
          null,
        ],
      ],
    );
    assert.match(result.stderr, /7 events from .*; reached the end offsets seen at start\./);
    assert.deepEqual(lines(result.stdout).length, 7, 'stdout holds only the NDJSON');
  });

  test('--filter and --max: the first N events that pass, then exit 0', (t) => {
    if (skipped(t)) return;
    const result = datamesh([
      '--topic',
      topic,
      '--format',
      'json',
      '--filter',
      'headers.source == "web" && partition == 0',
      '--max',
      '1',
      ...connection(),
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      lines(result.stdout).map((event) => `${event.partition}:${event.offset}`),
      ['0:1'],
    );
    const amounts = datamesh(['--topic', topic, '--format', 'json', '--filter', 'value.amount >= 200', ...connection()]);
    assert.deepEqual(
      lines(amounts.stdout).map((event) => (event.value as { amount: number }).amount),
      [200, 300],
    );
    assert.match(amounts.stderr, /2 events from .* \(7 read, 5 filtered out\)/);
  });

  test('start modes and partitions: last:N, offset:N, timestamp:ISO', (t) => {
    if (skipped(t)) return;
    const at = (args: string[]) =>
      lines(datamesh(['--topic', topic, '--format', 'json', ...args, ...connection()]).stdout).map((e) => `${e.partition}:${e.offset}`);
    assert.deepEqual(at(['--from', 'last:1']).sort(), ['0:3', '1:2']);
    assert.deepEqual(at(['--from', 'offset:2', '--partitions', '0']), ['0:2', '0:3']);
    assert.deepEqual(at(['--from', `timestamp:${new Date(T0 + 90_000).toISOString()}`, '--partitions', '0']), ['0:2', '0:3']);
  });

  test('text format is for people: one line per event', (t) => {
    if (skipped(t)) return;
    const result = datamesh(['--topic', topic, '--partitions', '0', '--max', '1', ...connection()]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `^0:0 {2}${new Date(T0).toISOString().replace(/\./g, '\\.')} {2}key=order-0 {2}\\{"id":"o-0".*\\[schema \\d+\\] {2}headers \\{"source":"app","trace":"t0"\\}\\n$`,
      ),
    );
  });

  test('usage errors exit 2: a bad filter shows its column; an unknown topic or partition says so', (t) => {
    if (skipped(t)) return;
    const bad = datamesh(['--topic', topic, '--filter', 'value.amount >> 1', ...connection()]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--filter: syntax error: .* at column 14\n {2}value\.amount >> 1\n {15}\^/);
    const unknownVariable = datamesh(['--topic', topic, '--filter', 'amount > 1', ...connection()]);
    assert.match(unknownVariable.stderr, /unknown variable "amount": use key, value, headers, partition, offset, timestamp at column 1/);
    assert.equal(datamesh(['--from', 'earliest', ...connection()]).status, 2, 'no --topic');
    const missing = datamesh(['--topic', 'no-such-topic-for-sample', ...connection()]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /The topic "no-such-topic-for-sample" does not exist/);
    const partition = datamesh(['--topic', topic, '--partitions', '5', ...connection()]);
    assert.equal(partition.status, 2);
    assert.match(partition.stderr, /has no partition 5/);
    assert.equal(datamesh(['--help']).status, 0);
  });

  test('an unreachable broker exits 1 with the specific cause', (t) => {
    if (skipped(t)) return;
    const result = datamesh(['--topic', topic, '--bootstrap', '127.0.0.1:1', '--registry', stack.registry, '--timeout', '10']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Connection refused/);
  });

  test('a registry answering 500 exits 1, and still prints each event as hex with the reason', async (t) => {
    if (skipped(t)) return;
    const server: Server = createServer((_, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"error_code":50001,"message":"storage down"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const child = spawn(process.execPath, [
        CLI,
        'sample',
        '--topic',
        topic,
        '--partitions',
        '0',
        '--format',
        'json',
        '--bootstrap',
        stack.bootstrap,
        '--registry',
        registry,
      ]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(status, 1, stderr);
      const events = lines(stdout);
      assert.equal(events.length, 4, 'no event is dropped');
      assert.equal(events[0].format, 'binary');
      assert.equal(events[0].schemaId, schemaId);
      assert.match((events[0].value as { error: string }).error, /failed with 500/);
      assert.match(stderr, /schema id \d+ could not be fetched: The schema registry failed with 500/);
    } finally {
      server.close();
    }
  });

  test('--from latest follows; Ctrl-C stops it cleanly, exit 0, and no group is left', async (t) => {
    if (skipped(t)) return;
    const child = spawn(process.execPath, [CLI, 'sample', '--topic', topic, '--from', 'latest', '--format', 'json', ...connection()]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 30_000;
    while ((await groupsWithPrefix(kafka, SAMPLE_GROUP_PREFIX)).length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    kcatProduce(stack.bootstrap, topic, 1, ['live\t{"live":1}']);
    while (!stdout.includes('"live"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    const status = await exited;
    assert.equal(status, 0, stderr);
    assert.deepEqual(
      lines(stdout).map((event) => event.value),
      [{ live: 1 }],
    );
    assert.match(stderr, /1 event from .*from latest; stopped\./);
    assert.deepEqual(await groupsWithPrefix(kafka, SAMPLE_GROUP_PREFIX), [], 'the ephemeral group was deleted on Ctrl-C');
  });
});
