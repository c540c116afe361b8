// Sampling throughput: 200,000 Avro events (Confluent wire format) read and decoded by the sampling engine
// from the local broker, against `kcat -C -e -o beginning` reading the same topic in the same run, as a
// ratio of rates (target: at least half of kcat's). The engine feeds a ring buffer of the panel's default
// limit in ring mode, so its memory stays bounded however many events pass. Starts a dedicated local stack
// in a temp folder (stopped afterwards); skips with a message when no Java can run it, or without kcat.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './measure';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { LocalStack } from '../client/src/engines/stack/localStack';
import { defaultToolsDir } from '../client/src/engines/stack/stackPaths';
import { chooseJava } from '../client/src/engines/stack/stackPrerequisites';
import { RegistryClient } from '../client/src/kafka/registryClient';
import { avroType } from '../client/src/engines/sample/avroPlainJson';
import { toWireFormat } from '../client/src/engines/sample/wireFormat';
import { SchemaCache } from '../client/src/engines/sample/schemaCache';
import { TopicSampler } from '../client/src/engines/sample/topicSampler';
import { RingBuffer, DEFAULT_SAMPLE_LIMIT } from '../client/src/engines/sample/ringBuffer';
import { detachRecord } from '../client/src/engines/sample/detachRecord';
import { parseStartPosition } from '../client/src/engines/sample/startPosition';
import type { SampledRecord } from '../client/src/engines/sample/sampleTypes';

export interface SamplingBenchResult {
  events: number;
  kcatMs: number;
  engineMs: number;
  /** Our rate over kcat's. */
  ratio: number;
  target: number;
  /** Heap growth over the run, in MiB, with the ring buffer full. */
  heapMiB: number;
  bufferLimit: number;
}

const RUNS = 3;

const SCHEMA = {
  type: 'record',
  name: 'Order',
  namespace: 'bench',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'customer', type: 'long' },
    { name: 'amount', type: 'double' },
    { name: 'coupon', type: ['null', 'string'], default: null },
    { name: 'placedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'] } },
    {
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Line',
          fields: [
            { name: 'sku', type: 'string' },
            { name: 'qty', type: 'int' },
          ],
        },
      },
    },
  ],
};

export async function benchSampling(
  options: { events?: number; log?: (line: string) => void } = {},
): Promise<SamplingBenchResult | undefined> {
  const events = options.events ?? 200_000;
  const log = options.log ?? ((line: string) => console.error(`# sampling: ${line}`));
  if (spawnSync('kcat', ['-V']).error) {
    log('skipped: kcat is not installed (apt-get install -y kcat)');
    return undefined;
  }
  try {
    await chooseJava();
  } catch (error) {
    log(`skipped: no Java to run the local Kafka broker (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return undefined;
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'datamesh-bench-sampling-'));
  const stack = new LocalStack(stateDir, defaultToolsDir(), (line) => log(line));
  try {
    const up = await stack.up();
    const kafka = new Kafka({ brokers: [up.bootstrap], logLevel: logLevel.NOTHING });
    const topic = 'bench.orders.v1';
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    await admin.disconnect();
    const registry = new RegistryClient({ url: up.registry });
    const { id } = await registry.register(`${topic}-value`, { schema: JSON.stringify(SCHEMA) });
    await fill(kafka, topic, id, events, log);

    // Alternating runs after a warm-up of each (the broker's JVM and page cache, our JIT): medians.
    const kcatRuns: number[] = [];
    const engineRuns: number[] = [];
    let heapMiB = 0;
    for (let run = 0; run <= RUNS; run++) {
      const kcatMs = await timeKcat(up.bootstrap, topic, events);
      const engine = await timeEngine(kafka, registry, topic, events);
      log(
        `run ${run}${run === 0 ? ' (warm-up)' : ''}: kcat ${kcatMs.toFixed(0)} ms, engine ${engine.ms.toFixed(0)} ms (heap +${engine.heapMiB.toFixed(0)} MiB, ${engine.buffered} buffered)`,
      );
      if (run === 0) continue;
      kcatRuns.push(kcatMs);
      engineRuns.push(engine.ms);
      heapMiB = Math.max(heapMiB, engine.heapMiB);
    }
    const kcatMs = median(kcatRuns);
    const engineMs = median(engineRuns);
    return { events, kcatMs, engineMs, ratio: kcatMs / engineMs, target: 0.5, heapMiB, bufferLimit: DEFAULT_SAMPLE_LIMIT };
  } finally {
    await stack.down().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** One read of the whole topic by the engine into a ring buffer of the panel's default limit. */
async function timeEngine(
  kafka: Kafka,
  registry: RegistryClient,
  topic: string,
  events: number,
): Promise<{ ms: number; heapMiB: number; buffered: number }> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const buffer = new RingBuffer<SampledRecord>(DEFAULT_SAMPLE_LIMIT);
  let decoded = 0;
  let failed = 0;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const sampler = new TopicSampler(kafka, {
      topic,
      from: parseStartPosition('earliest'),
      follow: false,
      schemas: new SchemaCache(registry),
      onRecords: (records) => {
        for (const record of records) {
          if (record.value.format !== 'avro') failed++;
          buffer.push(detachRecord(record)); // as the panel keeps them: copies, in a bounded ring
        }
        decoded += records.length;
      },
      onEnd: (reason, error) => (reason === 'error' ? reject(error) : resolve()),
    });
    sampler.start().catch(reject);
  });
  const ms = performance.now() - started;
  global.gc?.();
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  if (decoded !== events || failed > 0) throw new Error(`the engine decoded ${decoded} events (${failed} not as Avro), expected ${events}`);
  return { ms, heapMiB, buffered: buffer.size };
}

async function fill(kafka: Kafka, topic: string, schemaId: number, events: number, log: (line: string) => void): Promise<void> {
  const type = avroType(SCHEMA, 'write');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const started = performance.now();
  const batch = 5_000;
  for (let start = 0; start < events; start += batch) {
    const messages = [];
    for (let i = start; i < Math.min(events, start + batch); i++) {
      const value = {
        id: `order-${i}`,
        customer: i * 7,
        amount: (i % 1000) + 0.99,
        coupon: i % 5 === 0 ? { string: 'SPRING' } : null,
        placedAt: 1_767_225_600_000 + i,
        status: ['NEW', 'PAID', 'SHIPPED'][i % 3],
        lines: [{ sku: `sku-${i % 50}`, qty: 1 + (i % 3) }],
      };
      messages.push({ key: `order-${i}`, value: toWireFormat(schemaId, type.toBuffer(value)), headers: { source: i % 2 ? 'web' : 'app' } });
    }
    await producer.send({ topic, acks: 1, messages });
  }
  await producer.disconnect();
  log(`produced ${events} events in ${(performance.now() - started).toFixed(0)} ms`);
}

function timeKcat(bootstrap: string, topic: string, events: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('kcat', ['-b', bootstrap, '-t', topic, '-C', '-e', '-o', 'beginning', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let newlines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) newlines++;
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      // Avro bodies can hold newline bytes, so kcat's lines are at least the events, not exactly.
      if (code !== 0 || newlines < events) reject(new Error(`kcat exited ${code} after ${newlines} lines: ${stderr}`));
      else resolve(ms);
    });
  });
}

if (require.main === module) {
  void benchSampling().then((result) => console.log(JSON.stringify(result, null, 2)));
}
