// New Derived Data Product, end to end against the real broker and registry: an input product published with
// `datamesh publish`, a few Avro events on its topic, a derived product generated and published, its generated
// processor run with `node --import tsx`, and the output events decoded by `datamesh sample` with the new schema.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { CLI } from '../support/cli';
import {
  releaseTestStack,
  startTestStack,
  STACK_TEST_TIMEOUT_MS,
  stackKafka,
  stackSkipReason,
  type TestStack,
} from './support/stackFixture';
import { newProductFiles, type NewProductFiles } from '../../client/src/engines/lifecycle/newProduct';
import { derivedProductFiles } from '../../client/src/engines/lifecycle/derivedProduct';

const REPO = join(__dirname, '..', '..');
const suffix = `x${randomUUID().slice(0, 6)}`;
const catalogTopic = `_datamesh.products.derived-test-${suffix}`;

let skipReason: string | false = false;
let stack: TestStack;
let workspace: string;

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

function write(files: NewProductFiles & { extra?: { path: string; text: string }[] }): string {
  const all = [
    { path: files.manifestPath, text: files.manifest },
    ...(files.schemaPath && files.schema ? [{ path: files.schemaPath, text: files.schema }] : []),
  ];
  for (const file of [...all, ...(files.extra ?? [])]) {
    mkdirSync(dirname(join(workspace, file.path)), { recursive: true });
    writeFileSync(join(workspace, file.path), file.text);
  }
  return join(workspace, files.manifestPath);
}

/** Runs the generated processor until it has processed `events` events; its exit code and output. */
function runProcessor(path: string, events: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path], {
      cwd: dirname(path),
      env: {
        PATH: process.env.PATH,
        DATAMESH_BOOTSTRAP: stack.bootstrap,
        DATAMESH_REGISTRY: stack.registry,
        DATAMESH_MAX_EVENTS: String(events),
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A processor that never reaches N events is stopped: the test then fails on its exit code.
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('a derived product and its generated processor', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  before(async () => {
    skipReason = await stackSkipReason();
    if (skipReason) return;
    stack = await startTestStack();
    workspace = mkdtempSync(join(tmpdir(), 'datamesh-derived-'));
    // The processor imports kafkajs and the registry client as a user's project would: from node_modules.
    symlinkSync(join(REPO, 'node_modules'), join(workspace, 'node_modules'), 'dir');
  });

  after(async () => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    if (!skipReason) await releaseTestStack();
  });

  test('reads the input events, writes events that decode with the derived schema', async (t) => {
    if (skipped(t)) return;
    const input = newProductFiles({ domain: 'sales', name: `orders-${suffix}`, team: 'sales-platform' });
    const inputId = `sales.orders-${suffix}`;
    const published = datamesh(['publish', '--catalog-topic', catalogTopic, write(input)]);
    assert.equal(published.status, 0, published.stdout + published.stderr);

    const registry = new SchemaRegistry({ host: stack.registry });
    const schemaId = await registry.getLatestSchemaId(`${input.port.topic}-value`);
    const producer = (await stackKafka(stack)).producer();
    await producer.connect();
    const ids = ['o-1', 'o-2', 'o-3'];
    try {
      await producer.send({
        topic: input.port.topic,
        messages: await Promise.all(
          ids.map(async (id) => ({ key: id, value: await registry.encode(schemaId, { id, occurredAt: Date.now() }) })),
        ),
      });
    } finally {
      await producer.disconnect();
    }

    const derived = derivedProductFiles({
      domain: 'analytics',
      name: `order-copies-${suffix}`,
      team: 'analytics',
      inputs: [{ product: inputId, port: input.port.name, topic: input.port.topic, origin: 'published' }],
    });
    const manifest = write({
      ...derived,
      extra: [
        { path: derived.processorPath, text: derived.processor },
        { path: derived.readmePath, text: derived.readme },
      ],
    });
    const derivedPublished = datamesh(['publish', '--catalog-topic', catalogTopic, manifest]);
    assert.equal(derivedPublished.status, 0, derivedPublished.stdout + derivedPublished.stderr);

    const run = await runProcessor(join(workspace, derived.processorPath), ids.length);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /3 events processed/);

    const sample = datamesh(['sample', '--topic', derived.port.topic, '--from', 'earliest', '--format', 'json']);
    assert.equal(sample.status, 0, sample.stderr);
    const events = sample.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as { format: string; schemaId: number | null; value: { id: string; source: string; occurredAt: number } },
      );
    const outputSchemaId = await registry.getLatestSchemaId(`${derived.port.topic}-value`);
    assert.deepEqual(events.map((event) => event.value.id).sort(), ids);
    for (const event of events) {
      assert.equal(event.format, 'avro');
      assert.equal(event.schemaId, outputSchemaId, 'encoded with the derived schema');
      assert.equal(event.value.source, inputId);
      assert.equal(typeof event.value.occurredAt, 'number');
    }
  });
});
