// The publish engine against a dedicated local stack: (1) the time from `datamesh publish --dry-run` to the shown
// plan for a product with 3 ports whose schemas evolve (catalog, validation, topics, registry checks and the event
// check of the last 200 events per partition), against `datamesh catalog` started the same way (process start,
// connect, read the catalog) as the baseline; (2) the event check's rate (read the last events, decode each with
// its writer schema and resolve it with the new one) against `kcat -C -e -o beginning` reading the same events.
// Medians of three alternating runs after a warm-up. Skips with a message when no Java can run the stack, or
// without kcat.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { median } from './measure';
import { LocalStack } from '../client/src/engines/stack/localStack';
import { defaultToolsDir } from '../client/src/engines/stack/stackPaths';
import { chooseJava } from '../client/src/engines/stack/stackPrerequisites';
import { RegistryClient } from '../client/src/kafka/registryClient';
import { avroType } from '../client/src/engines/sample/avroPlainJson';
import { toWireFormat } from '../client/src/engines/sample/wireFormat';
import { SchemaCache } from '../client/src/engines/sample/schemaCache';
import { checkEvents } from '../client/src/engines/publish/eventCheck';

export interface PublishBenchResult {
  ports: number;
  /** Median ms from starting `datamesh publish --dry-run` to its plan on standard output. */
  planMs: number;
  /** Median ms of `datamesh catalog` started the same way. */
  catalogMs: number;
  events: number;
  kcatMs: number;
  checkMs: number;
  /** The event check's rate over kcat's. */
  rateRatio: number;
}

const RUNS = 3;
const CLI = join(__dirname, '..', 'dist', 'cli.js');

const schema = (extra: unknown[] = []) => ({
  type: 'record',
  name: 'Order',
  namespace: 'bench.publish',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'], default: 'NEW' } },
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
    ...extra,
  ],
});

function manifest(ports: string[]): string {
  const lines = [
    'apiVersion: datamesh/v1',
    'kind: DataProduct',
    'id: bench.orders',
    'name: orders',
    'domain: bench',
    'version: 1.0.0',
    'status: active',
    'owner:',
    '  team: bench',
    'description:',
    '  purpose: Orders, for the publish benchmark.',
    'tier: tier-2',
    'quality: curated',
    'outputPorts:',
  ];
  for (const port of ports) {
    lines.push(
      `  - name: ${port}`,
      `    topic: ${topicOf(port)}`,
      '    partitions: 3',
      '    cleanupPolicy: delete',
      '    retention: P7D',
      '    value:',
      '      format: avro',
      `      schema: ${port}.avsc`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One topic per port: the benchmark's policy puts the port in the topic name. */
function topicOf(port: string): string {
  return `bench.orders.${port}.v1`;
}

export async function benchPublish(
  options: { events?: number; log?: (line: string) => void } = {},
): Promise<PublishBenchResult | undefined> {
  const events = options.events ?? 60_000;
  const log = options.log ?? ((line: string) => console.error(`# publish: ${line}`));
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
  const stateDir = mkdtempSync(join(tmpdir(), 'datamesh-bench-publish-'));
  const folder = mkdtempSync(join(tmpdir(), 'datamesh-bench-publish-mesh-'));
  const stack = new LocalStack(stateDir, defaultToolsDir(), (line) => log(line));
  try {
    const up = await stack.up();
    const connection = ['--bootstrap', up.bootstrap, '--registry', up.registry];
    const ports = ['orders', 'refunds', 'returns'];
    writeFileSync(join(folder, 'datamesh.policy.yaml'), 'topicPattern: "{domain}.{name}.{port}.v{major}"\n');
    writeFileSync(join(folder, 'orders.dataproduct.yaml'), manifest(ports));
    for (const port of ports) writeFileSync(join(folder, `${port}.avsc`), JSON.stringify(schema()));
    const published = spawnSync(process.execPath, [CLI, 'publish', ...connection, join(folder, 'orders.dataproduct.yaml')], {
      encoding: 'utf8',
    });
    if (published.status !== 0) throw new Error(`the first publish failed: ${published.stdout}${published.stderr}`);

    // Events in every port's topic, then a compatible evolution: the dry run checks compatibility and events.
    const kafka = new Kafka({ brokers: [up.bootstrap], logLevel: logLevel.NOTHING });
    const registry = new RegistryClient({ url: up.registry });
    const topic = topicOf('orders');
    const { id } = await registry.version(`${topic}-value`, 'latest');
    await fill(kafka, topic, id, events, log);
    for (const port of ports.slice(1))
      await fill(kafka, topicOf(port), (await registry.version(`${topicOf(port)}-value`, 'latest')).id, 600, log);
    const evolved = schema([{ name: 'note', type: ['null', 'string'], default: null }]);
    for (const port of ports) writeFileSync(join(folder, `${port}.avsc`), JSON.stringify(evolved));

    const planRuns: number[] = [];
    const catalogRuns: number[] = [];
    const kcatRuns: number[] = [];
    const checkRuns: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const catalogMs = await timeCommand(['catalog', ...connection], /product/);
      const planMs = await timeCommand(
        ['publish', '--dry-run', ...connection, join(folder, 'orders.dataproduct.yaml')],
        /Dry run: nothing was changed/,
      );
      const kcatMs = await timeKcat(up.bootstrap, topic, events);
      const checkMs = await timeCheck(kafka, registry, topic, id, evolved, events);
      log(
        `run ${run}${run === 0 ? ' (warm-up)' : ''}: catalog ${catalogMs.toFixed(0)} ms, dry-run plan ${planMs.toFixed(0)} ms, kcat ${kcatMs.toFixed(0)} ms, event check ${checkMs.toFixed(0)} ms`,
      );
      if (run === 0) continue;
      planRuns.push(planMs);
      catalogRuns.push(catalogMs);
      kcatRuns.push(kcatMs);
      checkRuns.push(checkMs);
    }
    const kcatMs = median(kcatRuns);
    const checkMs = median(checkRuns);
    return {
      ports: ports.length,
      planMs: median(planRuns),
      catalogMs: median(catalogRuns),
      events,
      kcatMs,
      checkMs,
      rateRatio: kcatMs / checkMs,
    };
  } finally {
    await stack.down().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  }
}

/** ms from starting the built CLI until its standard output matches (the plan shown), and it exits 0 or 1. */
function timeCommand(args: string[], shown: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let shownAt: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (shownAt === undefined && shown.test(stdout)) shownAt = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 || shownAt === undefined) reject(new Error(`datamesh ${args[0]} exited ${code}: ${stdout}${stderr}`));
      else resolve(shownAt - started);
    });
  });
}

/** The event check over every event of the topic (all of them are "the last N"). */
async function timeCheck(
  kafka: Kafka,
  registry: RegistryClient,
  topic: string,
  id: number,
  next: unknown,
  events: number,
): Promise<number> {
  const started = performance.now();
  const result = await checkEvents(kafka, {
    topic,
    port: 'orders',
    subject: `${topic}-value`,
    schemaPath: 'orders.avsc',
    schema: JSON.stringify(next),
    registeredIds: new Set([id]),
    perPartition: events,
    acceptChanges: false,
    schemas: new SchemaCache(registry),
  });
  const ms = performance.now() - started;
  if (result.events !== events || result.findings.length > 0)
    throw new Error(`the event check read ${result.events} events with ${result.findings.length} findings, expected ${events} and none`);
  return ms;
}

async function fill(kafka: Kafka, topic: string, schemaId: number, events: number, log: (line: string) => void): Promise<void> {
  const type = avroType(schema(), 'write');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const started = performance.now();
  for (let start = 0; start < events; start += 5_000) {
    const messages = [];
    for (let i = start; i < Math.min(events, start + 5_000); i++) {
      const value = {
        id: `order-${i}`,
        amount: (i % 1000) + 0.99,
        status: ['NEW', 'PAID', 'SHIPPED'][i % 3],
        lines: [{ sku: `sku-${i % 50}`, qty: 1 + (i % 3) }],
      };
      messages.push({ key: `order-${i}`, value: toWireFormat(schemaId, type.toBuffer(value)) });
    }
    await producer.send({ topic, acks: 1, messages });
  }
  await producer.disconnect();
  log(`produced ${events} events to ${topic} in ${(performance.now() - started).toFixed(0)} ms`);
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
      if (code !== 0 || newlines < events) reject(new Error(`kcat exited ${code} after ${newlines} lines: ${stderr}`));
      else resolve(ms);
    });
  });
}

if (require.main === module) {
  void benchPublish().then((result) => console.log(JSON.stringify(result, null, 2)));
}
