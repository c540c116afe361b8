// `datamesh diff` with the catalog, against the suite's real broker: with a connection given explicitly, the
// catalog's products whose input ports read a broken port are downstream too; without one, the diff stays
// offline, even with a local stack running (spec §5).
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { datamesh } from '../support/cli';
import { committedRepository } from '../support/gitRepository';
import { ORDER_SCHEMA, VALID_MANIFEST } from '../support/memoryWorkspace';
import {
  releaseTestStack,
  startTestStack,
  STACK_TEST_TIMEOUT_MS,
  type TestStack,
  stackKafka,
  stackSkipReason,
} from './support/stackFixture';
import { writeCatalogRecord, type CatalogRecordValue } from '../../client/src/engines/catalog/catalogEngine';
import { closeKafka } from '../../client/src/kafka/kafkaClientFactory';

let skipReason: string | false = false;
let stack: TestStack;
let kafka: Kafka;
const CATALOG = `_datamesh.products.diff-${randomUUID().slice(0, 8)}`;

/** A published product whose input port reads sales.orders / order-events. */
function ledger(): CatalogRecordValue & { id: string } {
  return {
    id: 'payments.ledger',
    manifest: {
      apiVersion: 'datamesh/v1',
      kind: 'DataProduct',
      id: 'payments.ledger',
      name: 'ledger',
      domain: 'payments',
      version: '1.0.0',
      outputPorts: [{ name: 'entries', topic: 'payments.ledger.v1' }],
      inputPorts: [{ product: 'sales.orders', port: 'order-events' }],
    },
    schemas: {},
    status: 'active',
    publishedAt: '2026-01-02T03:04:05.000Z',
    publishedBy: 'diff-catalog-test',
  };
}

/** The orders product committed, then its value schema given a field without a default: breaking under FULL_TRANSITIVE. */
function brokenSchemaRepository(): string {
  const root = committedRepository({ 'orders.dataproduct.yaml': VALID_MANIFEST, 'schemas/order.avsc': ORDER_SCHEMA });
  const schema = JSON.parse(ORDER_SCHEMA) as { fields: unknown[] };
  schema.fields.push({ name: 'channel', type: 'string' });
  writeFileSync(join(root, 'schemas/order.avsc'), JSON.stringify(schema, null, 2));
  return root;
}

interface DiffJson {
  products: { id: string; ports: { name: string; downstream: { id: string; source: string }[] }[] }[];
}

function readers(args: string[], env: Record<string, string> = {}): { status: number | null; readers: string[][]; stderr: string } {
  const result = datamesh(['diff', '--format', 'json', ...args, 'HEAD'], brokenSchemaRepository(), env);
  const json = JSON.parse(result.stdout) as DiffJson;
  const port = json.products.find((product) => product.id === 'sales.orders')?.ports.find((candidate) => candidate.name === 'order-events');
  return { status: result.status, readers: (port?.downstream ?? []).map((reader) => [reader.id, reader.source]), stderr: result.stderr };
}

function skipped(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return skipReason !== false;
}

describe('datamesh diff with the catalog, on a real broker', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  before(async () => {
    skipReason = await stackSkipReason();
    if (skipReason) return;
    stack = await startTestStack();
    kafka = await stackKafka(stack);
    await writeCatalogRecord(kafka, ledger(), { topic: CATALOG });
  });

  after(async () => {
    if (kafka) closeKafka(kafka);
    if (!skipReason) await releaseTestStack();
  });

  test('with --bootstrap, a catalog product reading the broken port is downstream; offline it is not', (t) => {
    if (skipped(t)) return;
    const connected = readers(['--bootstrap', stack.bootstrap, '--catalog-topic', CATALOG]);
    assert.equal(connected.stderr, '');
    assert.equal(connected.status, 1);
    assert.deepEqual(connected.readers, [['payments.ledger', 'catalog']]);
    const offline = readers([]);
    assert.equal(offline.status, 1);
    assert.deepEqual(offline.readers, []);
  });

  test('with DATAMESH_BOOTSTRAP too, and never from the running local stack by itself', (t) => {
    if (skipped(t)) return;
    assert.deepEqual(readers([], { DATAMESH_BOOTSTRAP: stack.bootstrap, DATAMESH_CATALOG_TOPIC: CATALOG }).readers, [
      ['payments.ledger', 'catalog'],
    ]);
    assert.deepEqual(readers([], { DATAMESH_STACK_DIR: stack.stateDir, DATAMESH_CATALOG_TOPIC: CATALOG }).readers, []);
  });
});
