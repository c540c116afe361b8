// The sampling engine against the suite's real broker and registry: Avro (Confluent wire format, written by
// the registry library), JSON and text with headers (written by kcat), garbage bytes; every start mode, the
// partition choice, the limit with auto-pause, live tailing; and after each sample, no committed offset
// and no consumer group left on the cluster.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Kafka } from 'kafkajs';
import {
  releaseTestStack,
  startTestStack,
  STACK_TEST_TIMEOUT_MS,
  type TestStack,
  stackKafka,
  stackSkipReason,
} from './support/stackFixture';
import {
  committedOffsets,
  createTopic,
  encodeOrderWithBigLong,
  freshTopicName,
  groupsWithPrefix,
  kcatMissing,
  kcatOffsets,
  kcatProduce,
  ORDER_SCHEMA,
  produce,
  registerOrderSchema,
} from './support/sampleData';
import { closeKafka } from '../../client/src/kafka/kafkaClientFactory';
import { RegistryClient } from '../../client/src/kafka/registryClient';
import { SchemaCache } from '../../client/src/engines/sample/schemaCache';
import { TopicSampler, type SampleEndReason, type TopicSamplerOptions } from '../../client/src/engines/sample/topicSampler';
import { SAMPLE_GROUP_PREFIX } from '../../client/src/engines/sample/sampleNames';
import { parseStartPosition } from '../../client/src/engines/sample/startPosition';
import type { SampledRecord } from '../../client/src/engines/sample/sampleTypes';
import { produceEvents, republishRecords } from '../../client/src/engines/sample/eventProducer';
import { avroTemplate } from '../../client/src/engines/sample/avroTemplate';
import { exportNdjson } from '../../client/src/engines/sample/sampleExport';
import { parseNdjsonEvents } from '../../client/src/engines/sample/sampleImport';
import { compileFilter, isFilterError } from '../../client/src/engines/sample/sampleFilter';
import { textMatcher } from '../../client/src/engines/sample/textSearch';
import { toSampleLine } from '../../client/src/engines/sample/sampleLine';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { spawnSync } from 'node:child_process';

let skipReason: string | false = false;
let stack: TestStack;
let kafka: Kafka;
let registry: RegistryClient;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** The shared topic: p0 Avro (with timestamps one second apart), p1 JSON via kcat, p2 text via kcat and garbage. */
let topic: string;
let schemaId: number;
// Recent: the broker's retention (7 days by default) deletes records whose timestamps are older.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const HUGE = '9007199254740993'; // 2^53 + 1: not exact in a double

function skipped(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return skipReason !== false;
}

interface Sampled {
  records: SampledRecord[];
  reason: SampleEndReason;
  sampler: TopicSampler;
}

/** Runs a bounded sample to its end. */
async function sample(options: Partial<Omit<TopicSamplerOptions, 'from'>> & { from: string }): Promise<Sampled> {
  const records: SampledRecord[] = [];
  let resolveEnd!: (reason: SampleEndReason) => void;
  const ended = new Promise<SampleEndReason>((resolve) => (resolveEnd = resolve));
  const sampler = new TopicSampler(kafka, {
    topic,
    follow: false,
    schemas: new SchemaCache(registry),
    ...options,
    from: parseStartPosition(options.from),
    onRecords: (batch) => {
      records.push(...batch);
    },
    onEnd: (reason, error) => {
      if (error) records.push({ error } as never);
      resolveEnd(reason);
    },
  });
  await sampler.start();
  const reason = await Promise.race([
    ended,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the sample did not end')), 30_000)),
  ]);
  return { records, reason, sampler };
}

async function assertNoTrace(sampler: TopicSampler): Promise<void> {
  assert.deepEqual(await groupsWithPrefix(kafka, sampler.groupId), [], 'the ephemeral group is deleted');
  const offsets = await committedOffsets(kafka, sampler.groupId, topic);
  assert.ok(
    offsets.every((offset) => offset === '-1'),
    `no committed offsets, got ${offsets}`,
  );
}

function positions(records: SampledRecord[]): string[] {
  return records.map((record) => `${record.partition}:${record.offset}`).sort();
}

describe('the sampling engine on a real broker', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    skipReason = await stackSkipReason(kcatMissing);
    if (skipReason) return;
    stack = await startTestStack();
    kafka = await stackKafka(stack);
    registry = new RegistryClient({ url: stack.registry });
    topic = freshTopicName();
    await createTopic(kafka, topic, 3);
    const registered = await registerOrderSchema(stack.registry, topic);
    schemaId = registered.id;
    const avroMessages = [];
    for (let i = 0; i < 5; i++) {
      const order = {
        id: `o-${i}`,
        amount: 50 * i + 0.5,
        quantity: i,
        coupon: i % 2 === 0 ? null : `C${i}`,
        placedAt: T0 + i * 1000,
        signature: Buffer.from([0xde, 0xad, i]),
        status: i % 2 ? 'PAID' : 'NEW',
        checksum: Buffer.from([0xab, i]),
      };
      const value =
        i === 4
          ? encodeOrderWithBigLong(schemaId, { ...order, quantity: BigInt(HUGE), placedAt: BigInt(order.placedAt) })
          : await registered.registry.encode(schemaId, order);
      avroMessages.push({ partition: 0, key: `order-${i}`, value, headers: { source: i % 2 ? 'web' : 'app' }, timestamp: T0 + i * 1000 });
    }
    await produce(kafka, topic, avroMessages);
    kcatProduce(
      stack.bootstrap,
      topic,
      1,
      [0, 1, 2, 3, 4].map((i) => `k${i}\t{"n":${i},"tags":["a"]}`),
      { source: 'web', '<b>x-html</b>': '<img src=x onerror=alert(1)><script>alert(2)</script>' },
    );
    kcatProduce(stack.bootstrap, topic, 2, ['t0\thello world', 't1\tline two']);
    await produce(kafka, topic, [
      { partition: 2, key: Buffer.from([0xff, 0xfe]), value: Buffer.from([0x01, 0x02, 0xff, 0x80]) },
      { partition: 2, key: null, value: Buffer.from([0, 0, 0, 0x7f, 0xff, 1, 2]) }, // wire format, unknown schema id
      { partition: 2, key: 'tombstone', value: null },
    ]);
  });

  after(async () => {
    if (kafka) closeKafka(kafka);
    if (!skipReason) await releaseTestStack();
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
  });

  test('earliest reads every partition to the end offsets seen at start, decoded, and leaves no trace', async (t) => {
    if (skipped(t)) return;
    const { records, reason, sampler } = await sample({ from: 'earliest' });
    assert.equal(reason, 'end-offsets');
    assert.deepEqual(positions(records), kcatOffsets(stack.bootstrap, topic).sort(), 'the same records as kcat reads');

    const avro = records.filter((record) => record.partition === 0).sort((a, b) => Number(a.offset) - Number(b.offset));
    assert.equal(avro.length, 5);
    assert.deepEqual(avro[1].value, {
      format: 'avro',
      schemaId,
      subject: `${topic}-value`,
      version: 1,
      size: avro[1].rawValue?.length,
      value: {
        id: 'o-1',
        amount: 50.5,
        quantity: 1,
        coupon: 'C1',
        placedAt: T0 + 1000,
        signature: 'dead01',
        status: 'PAID',
        checksum: 'ab01',
      },
    });
    assert.equal((avro[4].value.value as Record<string, unknown>).quantity, HUGE, 'a long beyond 2^53 is an exact string');
    assert.equal((avro[0].value.value as Record<string, unknown>).coupon, null);
    assert.deepEqual(avro[0].key, { format: 'text', value: 'order-0', size: 7 });
    assert.deepEqual(avro[1].headers, { source: 'web' });
    assert.equal(avro[2].timestamp, T0 + 2000);

    const json = records.find((record) => record.partition === 1 && record.offset === '3');
    assert.deepEqual(json?.value.value, { n: 3, tags: ['a'] });
    assert.equal(json?.value.format, 'json');
    assert.deepEqual(json?.headers, { source: 'web', '<b>x-html</b>': '<img src=x onerror=alert(1)><script>alert(2)</script>' });

    const text = records.filter((record) => record.partition === 2).sort((a, b) => Number(a.offset) - Number(b.offset));
    assert.deepEqual(
      text.slice(0, 2).map((record) => [record.key.value, record.value.format, record.value.value]),
      [
        ['t0', 'text', 'hello world'],
        ['t1', 'text', 'line two'],
      ],
    );
    assert.equal(text[2].value.format, 'binary');
    assert.deepEqual(text[2].value.value, {
      hex: '0102ff80',
      error: text[2].value.value && (text[2].value.value as { error: string }).error,
    });
    assert.match((text[2].value.value as { error: string }).error, /not UTF-8 text: invalid UTF-8 at byte 2/);
    assert.equal(text[2].key.format, 'binary');
    assert.equal(text[3].value.format, 'binary');
    assert.equal(text[3].value.schemaId, 0x7fff);
    assert.match((text[3].value.value as { error: string }).error, /schema id 32767.*(not found|does not exist|404)/i);
    assert.deepEqual(text[3].key, { format: 'json', value: null, size: 0 });
    assert.equal(text[4].value.value, null, 'a tombstone is a null value');
    await assertNoTrace(sampler);
  });

  test('latest without follow ends at once with nothing', async (t) => {
    if (skipped(t)) return;
    const { records, reason, sampler } = await sample({ from: 'latest' });
    assert.equal(reason, 'end-offsets');
    assert.deepEqual(records, []);
    await assertNoTrace(sampler);
  });

  test('offset:N starts every partition at N; offset:P=N one partition at a time', async (t) => {
    if (skipped(t)) return;
    const all = await sample({ from: 'offset:3' });
    assert.deepEqual(positions(all.records), ['0:3', '0:4', '1:3', '1:4', '2:3', '2:4']);
    await assertNoTrace(all.sampler);
    const some = await sample({ from: 'offset:0=4,2=1' });
    assert.deepEqual(positions(some.records), ['0:4', '2:1', '2:2', '2:3', '2:4'], 'partitions not named start at their end');
  });

  test('timestamp: starts at the first record at or after the time', async (t) => {
    if (skipped(t)) return;
    const { records } = await sample({ from: `timestamp:${new Date(T0 + 2500).toISOString()}`, partitions: [0] });
    assert.deepEqual(positions(records), ['0:3', '0:4']);
  });

  test('last:N reads the last N of each chosen partition', async (t) => {
    if (skipped(t)) return;
    const { records, sampler } = await sample({ from: 'last:2', partitions: [1, 2] });
    assert.deepEqual(positions(records), ['1:3', '1:4', '2:3', '2:4']);
    assert.deepEqual(sampler.partitions, [1, 2]);
    await assertNoTrace(sampler);
  });

  test('an unknown partition or topic is a clear error, and leaves nothing behind', async (t) => {
    if (skipped(t)) return;
    await assert.rejects(sample({ from: 'earliest', partitions: [7] }), /has no partition 7 \(it has 3: 0 to 2\)/);
    await assert.rejects(sample({ from: 'earliest', topic: 'no-such-topic-here' }), /"no-such-topic-here" does not exist/);
    assert.deepEqual(await groupsWithPrefix(kafka, SAMPLE_GROUP_PREFIX), []);
  });

  test('a full buffer pauses the sampler mid-batch; resuming reads the rest without a gap', async (t) => {
    if (skipped(t)) return;
    const taken: SampledRecord[] = [];
    let room = 3;
    let ended: SampleEndReason | undefined;
    const sampler = new TopicSampler(kafka, {
      topic,
      partitions: [1],
      follow: false,
      from: parseStartPosition('earliest'),
      schemas: new SchemaCache(registry),
      onRecords: (batch) => {
        const consumed = Math.min(room, batch.length);
        taken.push(...batch.slice(0, consumed));
        room -= consumed;
        return { consumed, pause: room === 0 };
      },
      onEnd: (reason) => (ended = reason),
    });
    await sampler.start();
    const deadline = Date.now() + 20_000;
    while (taken.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(taken.length, 3, 'exactly the room of the buffer');
    assert.equal(sampler.paused, true, 'auto-paused');
    assert.equal(ended, undefined);
    assert.deepEqual(
      sampler.progress().map((entry) => [entry.partition, entry.position, entry.end, entry.lag]),
      [[1, '3', '5', '2']],
      'the position against the end offset',
    );
    room = 100;
    sampler.resume();
    while (ended === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(ended, 'end-offsets');
    assert.deepEqual(
      taken.map((record) => record.offset),
      ['0', '1', '2', '3', '4'],
    );
    await assertNoTrace(sampler);
  });

  test('filter, search and NDJSON export of what was sampled', async (t) => {
    if (skipped(t)) return;
    const { records } = await sample({ from: 'earliest' });
    const filter = compileFilter('value.amount > 100.0 && headers.source == "web"');
    assert.ok(!isFilterError(filter));
    assert.deepEqual(
      records.filter(filter.matches).map((record) => `${record.partition}:${record.offset}`),
      ['0:3'],
    );
    assert.deepEqual(
      records.filter(textMatcher('ONERROR')).map((record) => record.partition),
      [1, 1, 1, 1, 1],
      'search finds header values',
    );
    const lines = exportNdjson(records.filter(textMatcher('o-2')))
      .trimEnd()
      .split('\n');
    assert.equal(lines.length, 1);
    assert.equal(JSON.parse(lines[0]).value.id, 'o-2');
  });

  test('produce a template event (Avro by subject, key, headers) that an independent decoder reads back', async (t) => {
    if (skipped(t)) return;
    const target = freshTopicName('sample-produce');
    await createTopic(kafka, target, 1);
    await registerOrderSchema(stack.registry, target);
    const template = avroTemplate(ORDER_SCHEMA) as Record<string, unknown>;
    const value = { ...template, id: 'produced-1', amount: 12.5, quantity: 3, coupon: 'WELCOME', signature: 'cafe', checksum: '0a0b' };
    const [written] = await produceEvents(
      kafka,
      target,
      [
        {
          key: { format: 'text', text: 'k-1' },
          value: { format: 'avro', json: value, subject: `${target}-value` },
          headers: { source: 'panel' },
        },
      ],
      { schemas: new SchemaCache(registry), subjects: registry },
    );
    assert.equal(written.offset, '0');
    const consumed = spawnSync('kcat', ['-b', stack.bootstrap, '-t', target, '-C', '-e', '-o', 'beginning', '-q', '-f', '%k|%h\\n'], {
      encoding: 'utf8',
    });
    assert.equal(consumed.stdout, 'k-1|source=panel\n');
    const { records } = await sample({ from: 'earliest', topic: target });
    const independent = await new SchemaRegistry({ host: stack.registry }).decode(records[0].rawValue as Buffer);
    assert.equal(independent.id, 'produced-1');
    assert.equal(independent.coupon, 'WELCOME');
    assert.deepEqual(independent.signature, Buffer.from('cafe', 'hex'));
    assert.deepEqual(records[0].value.value, value);
  });

  test('republish sends the exact bytes; an NDJSON export imports into another topic as the same events', async (t) => {
    if (skipped(t)) return;
    const { records } = await sample({ from: 'earliest', partitions: [1, 2] });
    const redrive = freshTopicName('sample-redrive');
    await createTopic(kafka, redrive, 1);
    await republishRecords(kafka, records, redrive);
    const copied = await sample({ from: 'earliest', topic: redrive });
    assert.equal(copied.records.length, records.length);
    copied.records.forEach((copy, index) => {
      assert.deepEqual(copy.rawValue, records[index].rawValue);
      assert.deepEqual(copy.rawKey, records[index].rawKey);
      assert.deepEqual(copy.rawHeaders, records[index].rawHeaders);
    });

    const avroRecords = (await sample({ from: 'earliest', partitions: [0, 1] })).records;
    const imported = parseNdjsonEvents(exportNdjson(avroRecords));
    assert.deepEqual(imported.problems, []);
    const target = freshTopicName('sample-import');
    await createTopic(kafka, target, 1);
    await produceEvents(kafka, target, imported.events, { schemas: new SchemaCache(registry) });
    const again = await sample({ from: 'earliest', topic: target });
    const comparable = (record: SampledRecord) => {
      const line = toSampleLine(record);
      return { key: line.key, value: line.value, headers: line.headers, format: line.format, schemaId: line.schemaId };
    };
    assert.deepEqual(again.records.map(comparable), avroRecords.map(comparable));
  });

  test('a transactional topic ends at its end offsets past the commit marker, aborted records left out', async (t) => {
    if (skipped(t)) return;
    const target = freshTopicName('sample-txn');
    await createTopic(kafka, target, 1);
    const producer = kafka.producer({ transactionalId: `txn-${target}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const committed = await producer.transaction();
      await committed.send({
        topic: target,
        messages: [
          { key: 'a', value: '{"n":1}' },
          { key: 'b', value: '{"n":2}' },
        ],
      });
      await committed.commit();
      const aborted = await producer.transaction();
      await aborted.send({ topic: target, messages: [{ key: 'x', value: '{"n":99}' }] });
      await aborted.abort();
    } finally {
      await producer.disconnect();
    }
    // 2 records, a commit marker, 1 aborted record and an abort marker: the end offset is 5.
    const { records, reason, sampler } = await sample({ from: 'earliest', topic: target });
    assert.equal(reason, 'end-offsets');
    assert.deepEqual(
      records.map((record) => record.key.value),
      ['a', 'b'],
    );
    assert.deepEqual(
      sampler.progress().map((entry) => [entry.position, entry.end]),
      [['5', '5']],
    );
  });

  test('follow tails new events until stopped, then deletes its group', async (t) => {
    if (skipped(t)) return;
    const seen: SampledRecord[] = [];
    const sampler = new TopicSampler(kafka, {
      topic,
      follow: true,
      from: parseStartPosition('latest'),
      schemas: new SchemaCache(registry),
      onRecords: (batch) => {
        seen.push(...batch);
      },
    });
    await sampler.start();
    assert.ok((await groupsWithPrefix(kafka, sampler.groupId)).length === 1, 'the ephemeral group exists while sampling');
    kcatProduce(stack.bootstrap, topic, 1, ['live\t{"live":true}'], { source: 'tail' });
    const deadline = Date.now() + 20_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0].value.value, { live: true });
    assert.equal(seen[0].offset, '5');
    await sampler.stop();
    await assertNoTrace(sampler);
  });
});
