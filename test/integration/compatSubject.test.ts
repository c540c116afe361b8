// `datamesh compat --subject`: a schema file against the versions the real registry of the shared stack holds
// for a subject, under the subject's compatibility level unless --mode overrides it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { datamesh, folderWith } from '../support/cli';
import { releaseTestStack, startTestStack, STACK_TEST_TIMEOUT_MS, type TestStack } from './support/stackFixture';
import { RegistryClient } from '../../client/src/kafka/registryClient';

let stack: TestStack;
const subject = `compat-${randomUUID().slice(0, 8)}.orders.v1-value`;

const order = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.example', fields }, null, 2);
const V1 = order([{ name: 'orderId', type: 'string' }]);
const V2 = order([
  { name: 'orderId', type: 'string' },
  { name: 'amount', type: 'double', default: 0 },
]);
/** v2 plus a field without a default: old readers ignore it (FORWARD), but it cannot read old data (not BACKWARD). */
const ADDS_REQUIRED = order([
  { name: 'orderId', type: 'string' },
  { name: 'amount', type: 'double', default: 0 },
  { name: 'note', type: 'string' },
]);
/** orderId becomes a long: no reader of either side can resolve it. */
const RETYPED = order([
  { name: 'orderId', type: 'long' },
  { name: 'amount', type: 'double', default: 0 },
]);
const FILES = { 'adds-required.avsc': ADDS_REQUIRED, 'retyped.avsc': RETYPED, 'v2.avsc': V2 };

interface CompatJson {
  compatible: boolean;
  incompatibilities: { type: string; location: string; reader: string; writer: string }[];
}

function compat(args: string[], env: Record<string, string> = {}) {
  return datamesh(['compat', ...args], folderWith(FILES), env);
}

function compatJson(args: string[]): { status: number | null; json: CompatJson } {
  const result = compat(['--format', 'json', '--registry', stack.registry, ...args]);
  assert.equal(result.stderr, '', 'nothing on standard error');
  return { status: result.status, json: JSON.parse(result.stdout) as CompatJson };
}

before(
  async () => {
    stack = await startTestStack();
    const registry = new RegistryClient({ url: stack.registry });
    await registry.register(subject, { schema: V1 });
    await registry.register(subject, { schema: V2 });
    await registry.setSubjectCompatibility(subject, 'FORWARD');
  },
  { timeout: STACK_TEST_TIMEOUT_MS },
);

after(() => releaseTestStack());

describe('datamesh compat --subject against the real registry', () => {
  test("under the subject's level (FORWARD): a compatible schema exits 0, an incompatible one 1 with SUBJECT@vN", () => {
    const compatible = compat(['--subject', subject, '--registry', stack.registry, 'adds-required.avsc']);
    assert.equal(compatible.status, 0, compatible.stderr);
    assert.match(
      compatible.stdout,
      new RegExp(`^FORWARD \\(the level of ${escape(subject)}\\): adds-required\\.avsc is compatible with ${escape(subject)}@v2\\.`),
    );

    const { status, json } = compatJson(['--subject', subject, 'retyped.avsc']);
    assert.equal(status, 1);
    assert.deepEqual(
      json.incompatibilities.map((i) => [i.type, i.location, i.reader, i.writer]),
      [['TYPE_MISMATCH', '/fields/0/type', `${subject}@v2`, 'retyped.avsc']],
    );
  });

  test('--mode overrides the level, in any letter case; _TRANSITIVE reaches every version', () => {
    const backward = compatJson(['--subject', subject, '--mode', 'backward', 'adds-required.avsc']);
    assert.equal(backward.status, 1);
    assert.deepEqual(
      backward.json.incompatibilities.map((i) => [i.type, i.reader, i.writer]),
      [['READER_FIELD_MISSING_DEFAULT_VALUE', 'adds-required.avsc', `${subject}@v2`]],
    );
    const transitive = compatJson(['--subject', subject, '--mode', 'FULL_TRANSITIVE', 'retyped.avsc']);
    assert.equal(transitive.status, 1);
    assert.deepEqual(
      [...new Set(transitive.json.incompatibilities.map((i) => [i.reader, i.writer].find((label) => label !== 'retyped.avsc')))].sort(),
      [`${subject}@v1`, `${subject}@v2`],
    );
    assert.deepEqual(compatJson(['--subject', subject, '--mode', 'full', 'v2.avsc']), {
      status: 0,
      json: { compatible: true, incompatibilities: [] },
    });
  });

  test("a subject without a level of its own follows the registry's global level", async () => {
    const other = `compat-${randomUUID().slice(0, 8)}-value`;
    const registry = new RegistryClient({ url: stack.registry });
    await registry.register(other, { schema: V2 });
    const global = await registry.globalCompatibility();
    // Apicurio answers /config/SUBJECT with the effective level, Confluent with 404 (then /config): the same mode either way.
    const result = compat(['--subject', other, '--registry', stack.registry, 'retyped.avsc']);
    assert.match(result.stdout, new RegExp(`^${global} \\((the level of ${escape(other)}|the registry's global level)\\): `));
    assert.equal(result.status, global === 'NONE' ? 0 : 1, 'retyped.avsc breaks every mode but NONE');
  });

  test('an unknown subject has nothing to check against: exit 0 and it says so', () => {
    const unknown = `never-published-${randomUUID().slice(0, 8)}-value`;
    const result = compat(['--subject', unknown, '--mode', 'FULL', '--registry', stack.registry, 'retyped.avsc']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`${escape(unknown)} has no versions in the registry`));
  });

  test('without connection options, the running local stack; a registry that fails is exit 2 with the reason', () => {
    const local = compat(['--subject', subject, 'adds-required.avsc'], { DATAMESH_STACK_DIR: stack.stateDir });
    assert.equal(local.status, 0, local.stderr);
    const viaEnv = compat(['--subject', subject, 'retyped.avsc'], { DATAMESH_REGISTRY: stack.registry });
    assert.equal(viaEnv.status, 1, viaEnv.stderr);

    const wrongPath = compat(['--subject', subject, '--registry', `${stack.registry}/nowhere`, 'v2.avsc']);
    assert.equal(wrongPath.status, 2);
    assert.equal(wrongPath.stdout, '');
    assert.match(wrongPath.stderr, /^datamesh compat: /);
    const wrongPathWithMode = compat(['--subject', subject, '--mode', 'FULL', '--registry', `${stack.registry}/nowhere`, 'v2.avsc']);
    assert.equal(wrongPathWithMode.status, 2, 'a wrong URL is not an unknown subject');
    const refused = compat(['--subject', subject, '--registry', 'http://127.0.0.1:1', 'v2.avsc']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /^datamesh compat: .*refused/i);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
