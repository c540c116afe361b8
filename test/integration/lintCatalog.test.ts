// The catalog in the checks, against the suite's real broker: `datamesh lint` resolves input ports against
// the catalog when a connection is given explicitly (flags or environment), and never picks up the running
// local stack by itself (spec §5); the editor's connection manager announces its live catalog.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { datamesh, folderWith } from '../support/cli';
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
import { MemorySecretStore } from '../../client/src/kafka/secretStore';
import { ConnectionStore, type SettingsAccess } from '../../client/src/connections/connectionStore';
import { ConnectionManager } from '../../client/src/connections/connectionManager';
import { Listeners, type DraftSource } from '../../client/src/connections/browseContext';
import type { ProductSummary } from '../../server/src/services/index';

let skipReason: string | false = false;
let stack: TestStack;
let kafka: Kafka;
const CATALOG = `_datamesh.products.lint-${randomUUID().slice(0, 8)}`;

/** The orders manifest reads sales.customers / customer-events; no manifest of the folder defines it. */
const FILES = { 'orders.dataproduct.yaml': VALID_MANIFEST, 'schemas/order.avsc': ORDER_SCHEMA };

function published(id: string, port: string): CatalogRecordValue & { id: string } {
  const [domain, name] = id.split('.');
  return {
    id,
    manifest: {
      apiVersion: 'datamesh/v1',
      kind: 'DataProduct',
      id,
      name,
      domain,
      version: '2.0.0',
      outputPorts: [{ name: port, topic: `${id}.v2` }],
    },
    schemas: {},
    status: 'active',
    publishedAt: '2026-01-02T03:04:05.000Z',
    publishedBy: 'lint-catalog-test',
  };
}

interface LintJson {
  files: { path: string; diagnostics: { code: string; message: string }[] }[];
}

function lint(args: string[], env: Record<string, string> = {}): { status: number | null; codes: string[]; stderr: string } {
  const result = datamesh(['lint', '--format', 'json', ...args, 'orders.dataproduct.yaml'], folderWith(FILES), env);
  const json = JSON.parse(result.stdout) as LintJson;
  return { status: result.status, codes: json.files.flatMap((file) => file.diagnostics.map((d) => d.code)), stderr: result.stderr };
}

function skipped(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return skipReason !== false;
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the catalog in the checks, on a real broker', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  before(async () => {
    skipReason = await stackSkipReason();
    if (skipReason) return;
    stack = await startTestStack();
    kafka = await stackKafka(stack);
    await writeCatalogRecord(kafka, published('sales.customers', 'customer-events'), { topic: CATALOG });
  });

  after(async () => {
    if (kafka) closeKafka(kafka);
    if (!skipReason) await releaseTestStack();
  });

  test('datamesh lint with --bootstrap: a product published in the catalog is a known input', (t) => {
    if (skipped(t)) return;
    const connected = lint(['--bootstrap', stack.bootstrap, '--catalog-topic', CATALOG]);
    assert.equal(connected.stderr, '');
    assert.equal(connected.status, 0);
    assert.deepEqual(connected.codes, []);
    const offline = lint([]);
    assert.equal(offline.status, 0);
    assert.deepEqual(offline.codes, ['unknown-input']);
  });

  test('datamesh lint with DATAMESH_BOOTSTRAP reads the catalog too', (t) => {
    if (skipped(t)) return;
    assert.deepEqual(lint([], { DATAMESH_BOOTSTRAP: stack.bootstrap, DATAMESH_CATALOG_TOPIC: CATALOG }).codes, []);
  });

  test('datamesh lint never picks up the running local stack by itself', (t) => {
    if (skipped(t)) return;
    // The stack the other commands use without connection options, with the catalog topic set: `datamesh catalog` reads it.
    const env = { DATAMESH_STACK_DIR: stack.stateDir, DATAMESH_CATALOG_TOPIC: CATALOG };
    const catalog = datamesh(['catalog', '--format', 'json'], folderWith({}), env);
    assert.equal(catalog.status, 0, catalog.stderr);
    assert.match(catalog.stdout, /"id": "sales\.customers"/);
    const result = lint([], env);
    assert.deepEqual(result.codes, ['unknown-input']);
    assert.equal(result.stderr, '');
  });

  test("the connection manager announces the live catalog's products, and none once the connection goes", async (t) => {
    if (skipped(t)) return;
    const values = new Map<string, unknown>([
      ['connections', [{ name: 'it', bootstrapServers: [stack.bootstrap], security: { protocol: 'plaintext' } }]],
      ['activeConnection', 'it'],
    ]);
    const settings: SettingsAccess = { get: <T>(key: string) => values.get(key) as T | undefined, update: async () => undefined };
    const drafts: DraftSource = { products: async () => [], onDidChange: (listener) => new Listeners<void>().add(listener) };
    const manager = new ConnectionManager(new ConnectionStore(settings, new MemorySecretStore()), drafts, { catalogTopic: () => CATALOG });
    const announced: ProductSummary[][] = [];
    manager.onDidChangeCatalogProducts((products) => announced.push(products));
    try {
      await manager.mesh();
      const first = await waitFor(() => announced.find((products) => products.length > 0), 'the first catalog');
      assert.deepEqual(
        first.map((product) => [product.id, product.source, product.outputPorts.map((port) => port.name)]),
        [['sales.customers', 'catalog', ['customer-events']]],
      );

      await writeCatalogRecord(kafka, published('billing.invoices', 'invoices'), { topic: CATALOG });
      await waitFor(() => (manager.catalogProducts().length === 2 ? true : undefined), 'the new product');
      assert.deepEqual(
        announced
          .at(-1)
          ?.map((product) => product.id)
          .sort(),
        ['billing.invoices', 'sales.customers'],
      );

      await manager.reload();
      assert.deepEqual(announced.at(-1), []);
      assert.deepEqual(manager.catalogProducts(), []);
    } finally {
      await manager.dispose();
    }
  });
});
