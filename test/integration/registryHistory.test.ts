// Once connected, the editor's schema-evolution check compares a port's .avsc with the registry's versions
// of its subject (topic-name strategy) instead of git HEAD: fetched from the real registry of the shared stack.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { releaseTestStack, startTestStack, STACK_TEST_TIMEOUT_MS, type TestStack } from './support/stackFixture';
import { RegistryClient } from '../../client/src/kafka/registryClient';
import { SchemaBrowser } from '../../client/src/engines/browse/schemaBrowser';
import { registryVersionsOf, subjectForSchema } from '../../client/src/engines/history/registryHistory';
import { evolutionDiagnostics } from '../../server/src/services/avro/compat/evolutionDiagnostics';
import { summarizeManifest } from '../../server/src/services/workspace/productSummary';
import { VALID_MANIFEST } from '../support/memoryWorkspace';

let stack: TestStack;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const subject = `history-${Date.now()}.orders.v1-value`;
const V1 = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'orderId', type: 'string' }] });
const V2 = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'amount', type: 'double', default: 0 },
  ],
});

before(
  async () => {
    stack = await startTestStack();
    const registry = new RegistryClient({ url: stack.registry });
    await registry.register(subject, { schema: V1 });
    await registry.register(subject, { schema: V2 });
  },
  { timeout: STACK_TEST_TIMEOUT_MS },
);

after(() => releaseTestStack());

test('a port schema maps to its subject by the topic-name strategy', () => {
  const product = summarizeManifest('file:///ws/orders.dataproduct.yaml', VALID_MANIFEST);
  assert.ok(product);
  assert.equal(subjectForSchema('file:///ws/schemas/order.avsc', [product]), 'sales.orders.v1-value');
  assert.equal(subjectForSchema('file:///ws/schemas/other.avsc', [product]), undefined);
});

test("the registry's versions, newest first, drive the evolution check; an unknown subject has none", async () => {
  const browser = new SchemaBrowser(new RegistryClient({ url: stack.registry }));
  const versions = await registryVersionsOf(subject, browser);
  assert.deepEqual(
    versions.map((version) => version.label),
    [`version 2 of ${subject}`, `version 1 of ${subject}`],
  );
  assert.deepEqual(JSON.parse(versions[0].text), JSON.parse(V2));

  // Changing the key's type breaks every version under a _TRANSITIVE mode, and only the newest without it.
  const next = V2.replace('{"name":"orderId","type":"string"}', '{"name":"orderId","type":"long"}');
  assert.notEqual(next, V2);
  const use = (mode: 'FULL_TRANSITIVE' | 'FULL') => [{ mode, description: 'value of sales.orders / order-events' }];
  const transitive = evolutionDiagnostics(next, use('FULL_TRANSITIVE'), versions)
    .map((d) => d.message)
    .join('\n');
  assert.match(transitive, new RegExp(`version 2 of ${escape(subject)}`));
  assert.match(transitive, new RegExp(`version 1 of ${escape(subject)}`));
  const latestOnly = evolutionDiagnostics(next, use('FULL'), versions)
    .map((d) => d.message)
    .join('\n');
  assert.match(latestOnly, /version 2 of/);
  assert.doesNotMatch(latestOnly, /version 1 of/);
  assert.deepEqual(evolutionDiagnostics(V2, use('FULL_TRANSITIVE'), versions), [], 'the registered schema itself is compatible');

  assert.deepEqual(await registryVersionsOf(`never-published-${Date.now()}-value`, browser), []);
});
