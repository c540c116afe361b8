// Self-serve read access against a real broker with StandardAuthorizer and SCRAM users
// (test/integration/support/secureBroker.ts): `datamesh grant` lets bob consume the product's topic with a
// group under the granted prefix, carol (never granted) is refused, and after `datamesh revoke` bob is too.
// The consumers are plain kafkajs clients authenticated as each user. The local stack, which has no
// authorizer, gives the clear "no authorizer" failure.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { datamesh, folderWith } from '../support/cli';
import { brokerUnavailableReason, skipUnlessCi, startSecureBroker, USERS, type SecureBroker } from './support/secureBroker';
import { listGrants } from '../../client/src/engines/grants/grantEngine';
import { releaseTestStack, STACK_TEST_TIMEOUT_MS, stackSkipReason, startTestStack } from './support/stackFixture';

const skipReason = skipUnlessCi(brokerUnavailableReason());
const PRODUCT = 'sales.orders';
const TOPIC = 'sales.orders.placed.v1';
const MANIFEST = `apiVersion: datamesh/v1
kind: DataProduct
id: ${PRODUCT}
domain: sales
name: orders
outputPorts:
  - name: placed
    topic: ${TOPIC}
`;

let broker: SecureBroker;
let setup: Kafka;
let folder: string;

function skipped(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return Boolean(skipReason);
}

/** `datamesh grant|revoke` over the setup listener (ANONYMOUS is a super user there). */
function run(verb: 'grant' | 'revoke', ...extra: string[]) {
  return datamesh([verb, '--principal', 'User:bob', '--bootstrap', broker.plaintext, ...extra, 'orders.dataproduct.yaml'], folder);
}

/** Reads the topic from the start as this user in this group: the values read, or the Kafka error type that stopped it. */
async function consumeAs(user: keyof typeof USERS, groupId: string): Promise<{ values: string[] } | { error: string }> {
  const kafka = new Kafka({
    clientId: `grants-${user}`,
    brokers: [broker.sasl],
    sasl: { mechanism: 'scram-sha-256', username: user, password: USERS[user] },
    logLevel: logLevel.NOTHING,
    // Retries ride out the group coordinator's first start; authorization failures are not retried.
    retry: { retries: 5, initialRetryTime: 300 },
  });
  const consumer = kafka.consumer({ groupId });
  const values: string[] = [];
  try {
    return await new Promise<{ values: string[] } | { error: string }>((resolve) => {
      const timer = setTimeout(() => resolve({ error: `timeout after reading ${values.length}` }), 20_000);
      const finish = (result: { values: string[] } | { error: string }) => {
        clearTimeout(timer);
        resolve(result);
      };
      consumer.on(consumer.events.CRASH, (event) => finish({ error: errorType(event.payload.error) }));
      consumer
        .connect()
        .then(() => consumer.subscribe({ topics: [TOPIC], fromBeginning: true }))
        .then(() =>
          consumer.run({
            eachMessage: async ({ message }) => {
              values.push(message.value?.toString() ?? '');
              if (values.length === 2) finish({ values });
            },
          }),
        )
        .catch((error: unknown) => finish({ error: errorType(error) }));
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

function errorType(error: unknown): string {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const record = current as { type?: unknown; originalError?: unknown; cause?: unknown };
    if (typeof record.type === 'string' && record.type !== 'UNKNOWN') return record.type;
    current = record.originalError ?? record.cause;
  }
  return String(error);
}

/** ACL changes reach the authorizer through the metadata log: a refusal may take a moment to apply. */
async function refusedWithin(user: keyof typeof USERS, groupId: string): Promise<{ values: string[] } | { error: string }> {
  let result = await consumeAs(user, groupId);
  for (let attempt = 0; attempt < 5 && 'values' in result; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    result = await consumeAs(user, `${groupId}-${attempt}`);
  }
  return result;
}

describe('grants against a broker with an authorizer', { timeout: 240_000 }, () => {
  before(async () => {
    if (skipReason) return;
    broker = await startSecureBroker();
    folder = folderWith({ 'orders.dataproduct.yaml': MANIFEST });
    setup = new Kafka({ clientId: 'grants-setup', brokers: [broker.plaintext], logLevel: logLevel.NOTHING });
    const admin = setup.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = setup.producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: [{ value: 'order-1' }, { value: 'order-2' }] });
    await producer.disconnect();
  });

  after(async () => {
    if (broker) await broker.stop();
  });

  test('before any grant, bob is refused the topic', async (t) => {
    if (skipped(t)) return;
    assert.deepEqual(await consumeAs('bob', `${PRODUCT}.before`), { error: 'TOPIC_AUTHORIZATION_FAILED' });
  });

  test('--dry-run lists the ACLs and creates none', async (t) => {
    if (skipped(t)) return;
    const result = run('grant', '--dry-run', '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as { changes: { resourceType: string; resourceName: string; operation: string }[] };
    assert.deepEqual(
      plan.changes.map((acl) => `${acl.operation} ${acl.resourceType} ${acl.resourceName}`),
      [`read topic ${TOPIC}`, `describe topic ${TOPIC}`, `read group ${PRODUCT}.`],
    );
    const admin = setup.admin();
    await admin.connect();
    try {
      assert.deepEqual(await listGrants(admin, { topics: [TOPIC] }), []);
    } finally {
      await admin.disconnect();
    }
  });

  test('after grant, bob reads with a group under the prefix; carol is refused; a second grant creates nothing', async (t) => {
    if (skipped(t)) return;
    const granted = run('grant');
    assert.equal(granted.status, 0, granted.stderr);
    assert.match(granted.stdout, /Created 3 ACLs for User:bob on sales\.orders/);
    assert.deepEqual(await consumeAs('bob', `${PRODUCT}.dashboard`), { values: ['order-1', 'order-2'] });
    assert.deepEqual(await consumeAs('carol', `${PRODUCT}.dashboard-carol`), { error: 'TOPIC_AUTHORIZATION_FAILED' });
    // The group must match the prefix: the topic alone is not enough. The broker refuses FindCoordinator for a
    // group the principal may not use, which kafkajs reports as "coordinator not found".
    const outside = await consumeAs('bob', 'elsewhere.dashboard');
    assert.ok('error' in outside, 'a group outside the prefix reads nothing');
    assert.match(outside.error, /GROUP_AUTHORIZATION_FAILED|GroupCoordinatorNotFound/);

    const again = run('grant');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /nothing to create/);

    const admin = setup.admin();
    await admin.connect();
    try {
      const grants = await listGrants(admin, { topics: [TOPIC] });
      assert.deepEqual(
        grants.map((entry) => [entry.principal, entry.acls.map((acl) => acl.operation).sort()]),
        [['User:bob', ['DESCRIBE', 'READ']]],
      );
    } finally {
      await admin.disconnect();
    }
  });

  test('revoke deletes exactly the grant: bob is refused again, his other ACLs stay', async (t) => {
    if (skipped(t)) return;
    const admin = setup.admin();
    await admin.connect();
    try {
      // Another product's grant for bob must survive this product's revoke.
      const other = datamesh(
        ['grant', '--principal', 'User:bob', '--bootstrap', broker.plaintext, 'other.dataproduct.yaml'],
        folderWith({ 'other.dataproduct.yaml': MANIFEST.replace(/sales\.orders/g, 'sales.returns') }),
      );
      assert.equal(other.status, 0, other.stderr);

      const revoked = run('revoke');
      assert.equal(revoked.status, 0, revoked.stderr);
      assert.match(revoked.stdout, /Deleted 3 ACLs for User:bob on sales\.orders/);
      assert.deepEqual(await refusedWithin('bob', `${PRODUCT}.after`), { error: 'TOPIC_AUTHORIZATION_FAILED' });
      assert.deepEqual(await listGrants(admin, { topics: [TOPIC] }), []);
      const kept = await listGrants(admin, { topics: ['sales.returns.placed.v1'] });
      assert.deepEqual(
        kept.map((entry) => entry.principal),
        ['User:bob'],
      );

      const again = run('revoke');
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /nothing to delete/);
    } finally {
      await admin.disconnect();
    }
  });
});

describe('grants against the local stack, which has no authorizer', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  let stackSkip: string | false = false;
  let bootstrap: string;

  before(async () => {
    stackSkip = await stackSkipReason();
    if (stackSkip) return;
    bootstrap = (await startTestStack()).bootstrap;
  });

  after(() => releaseTestStack());

  test('grant, revoke and a dry run exit 1 with "the cluster has no authorizer (SECURITY_DISABLED)"', (t) => {
    if (stackSkip) return t.skip(stackSkip);
    const manifest = folderWith({ 'orders.dataproduct.yaml': MANIFEST });
    for (const args of [['grant'], ['revoke'], ['grant', '--dry-run']]) {
      const result = datamesh([...args, '--principal', 'User:bob', '--bootstrap', bootstrap, 'orders.dataproduct.yaml'], manifest);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`^datamesh ${args[0]}: the cluster has no authorizer \\(SECURITY_DISABLED\\)`));
      assert.equal(result.stdout, '');
    }
  });
});
