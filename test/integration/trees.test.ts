// The four trees against a real Kafka 4 broker and Apicurio registry (the suite's shared stack): known
// topics, partitions and configs, messages, consumer groups with committed offsets, schema versions
// with a compatibility level, catalog records. What the trees show is checked against Debian's kcat
// (`kcat -L -J`, `kcat -C`), an independent librdkafka client. A broker killed during a refresh (a stack of
// that test's own, so that the shared one never goes down) shows an error node with Retry, and the view works
// again after the restart.
import { stubState } from '../support/installVscodeStub';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { releaseTestStack, startTestStack, testStack, STACK_TEST_TIMEOUT_MS, type TestStack } from './support/stackFixture';
import { chooseJava } from '../../client/src/engines/stack/stackPrerequisites';
import { writeCatalogRecord } from '../../client/src/engines/catalog/catalogEngine';
import { ConnectionStore, type SettingsAccess } from '../../client/src/connections/connectionStore';
import { ConnectionManager } from '../../client/src/connections/connectionManager';
import { Listeners, type DraftSource } from '../../client/src/connections/browseContext';
import { MemorySecretStore } from '../../client/src/kafka/secretStore';
import { RegistryClient } from '../../client/src/kafka/registryClient';
import { MeshTreeProvider, type MeshNode } from '../../client/src/views/mesh/meshTreeProvider';
import { TopicsTreeProvider, type TopicsNode } from '../../client/src/views/topics/topicsTreeProvider';
import { SchemasTreeProvider, type SchemasNode } from '../../client/src/views/schemas/schemasTreeProvider';
import { GroupsTreeProvider, type GroupsNode } from '../../client/src/views/groups/groupsTreeProvider';
import { SchemaDocumentProvider } from '../../client/src/views/schemaDocuments';
import { schemaVersionUri } from '../../client/src/schemaUris';
import { COMMANDS } from '../../client/src/commandIds';
import { draft } from '../support/fakeBrowseContext';

void stubState;
const inCi = process.env.CI === 'true';
const kcatMissing = spawnSync('kcat', ['-V'], { encoding: 'utf8' }).status !== 0;
const timeout = STACK_TEST_TIMEOUT_MS;

// Unique names per run, so the shared stack's other users and earlier runs do not interfere.
const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const domain = `it-${run}`;
const ORDERS = `${domain}.orders.v1`;
const MISC = `${domain}.misc`;
const INTERNAL = `_${domain}.internal`;
const CATALOG = `_${domain}.catalog`;
const BILLING = `${domain}-billing`;
const LIVE = `${domain}-live`;
const ORDERS_SUBJECT = `${ORDERS}-value`;
const MISC_SUBJECT = `${MISC}-value`;
const ORDER_V1 = { type: 'record', name: 'Order', namespace: 'it', fields: [{ name: 'id', type: 'string' }] };
const ORDER_V2 = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'note', type: ['null', 'string'], default: null }] };
/** Messages produced per partition of ORDERS; partition 2 stays empty. */
const PRODUCED = [5, 3, 0];
/** The billing group's commits: lag 5−2 = 3 on partition 0, 0 on partition 1, none on 2. */
const COMMITTED = [2, 3];

/** Set in `before` when no Java can run the stack (outside CI, the tests then skip). */
let noJava: string | undefined;

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

function memorySettings(values: Record<string, unknown>): SettingsAccess & { values: Map<string, unknown> } {
  const map = new Map(Object.entries(values));
  return {
    values: map,
    get: <T>(key: string) => map.get(key) as T | undefined,
    update: async (key, value) => {
      if (value === undefined) map.delete(key);
      else map.set(key, value);
    },
  };
}

function kcat(args: string[]): string {
  const result = spawnSync('kcat', args, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`kcat ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

interface KcatMetadata {
  brokers: { id: number; name: string }[];
  topics: { topic: string; partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[] }[];
}

/** The offsets of every record in a partition, read by kcat from the beginning to the end. */
function kcatOffsets(bootstrap: string, topic: string, partition: number): number[] {
  const out = kcat(['-C', '-b', bootstrap, '-t', topic, '-p', String(partition), '-o', 'beginning', '-e', '-q', '-f', '%o\\n']);
  return out.split('\n').filter(Boolean).map(Number);
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : String(item.label?.label ?? '');
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('tree views against a real broker and registry', { timeout: 900_000 }, () => {
  let stack: TestStack;
  let kafka: Kafka;
  let liveConsumer: Consumer | undefined;
  let manager: ConnectionManager;
  let mesh: MeshTreeProvider;
  let topics: TopicsTreeProvider;
  let schemas: SchemasTreeProvider;
  let groups: GroupsTreeProvider;
  const draftChanges = new Listeners<void>();
  const drafts: DraftSource = {
    products: async () => [
      draft(`${domain}.refunds`, {
        status: 'draft',
        tier: 'tier-2',
        owner: 'finance',
        outputPorts: [{ name: 'refunds', topic: `${domain}.refunds.v1` }],
      }),
    ],
    onDidChange: (listener) => draftChanges.add(listener),
  };
  const registered: { v1?: number; v2?: number; misc?: number } = {};

  before(
    async () => {
      try {
        await chooseJava();
      } catch (error) {
        if (inCi) throw error;
        noJava = `no Java for the local stack: ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
      stack = await startTestStack();
      kafka = new Kafka({ clientId: 'trees-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: ORDERS, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }] },
          { topic: MISC, numPartitions: 1 },
          { topic: INTERNAL, numPartitions: 1 },
        ],
      });
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      for (const [partition, count] of PRODUCED.entries()) {
        if (count === 0) continue;
        await producer.send({
          topic: ORDERS,
          acks: -1,
          messages: Array.from({ length: count }, (_, index) => ({ partition, key: `k${index}`, value: `order ${partition}/${index}` })),
        });
      }
      await producer.send({ topic: MISC, acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
      await producer.disconnect();
      // A group with known commits and no members: its lag is exactly latest − committed.
      await admin.setOffsets({
        groupId: BILLING,
        topic: ORDERS,
        partitions: COMMITTED.map((offset, partition) => ({ partition, offset: String(offset) })),
      });
      await admin.disconnect();

      // A group with a live member, assigned MISC.
      liveConsumer = kafka.consumer({ groupId: LIVE, sessionTimeout: 30_000 });
      const joined = new Promise<void>((resolve) => liveConsumer?.on(liveConsumer.events.GROUP_JOIN, () => resolve()));
      await liveConsumer.connect();
      await liveConsumer.subscribe({ topic: MISC, fromBeginning: true });
      await liveConsumer.run({ autoCommit: true, eachMessage: async () => undefined });
      await joined;

      const registry = new RegistryClient({ url: stack.registry });
      registered.v1 = (await registry.register(ORDERS_SUBJECT, { schema: JSON.stringify(ORDER_V1) })).id;
      await registry.setSubjectCompatibility(ORDERS_SUBJECT, 'FULL');
      registered.v2 = (await registry.register(ORDERS_SUBJECT, { schema: JSON.stringify(ORDER_V2) })).id;
      registered.misc = (await registry.register(MISC_SUBJECT, { schema: '"string"' })).id;

      await writeCatalogRecord(
        kafka,
        {
          id: `${domain}.orders`,
          manifest: {
            apiVersion: 'datamesh/v1',
            kind: 'DataProduct',
            id: `${domain}.orders`,
            name: 'orders',
            domain,
            version: '1.0.0',
            status: 'active',
            owner: { team: 'sales-platform' },
            description: { purpose: 'Orders.' },
            tier: 'tier-1',
            quality: 'authoritative',
            outputPorts: [{ name: 'order-events', topic: ORDERS, value: { format: 'avro', schema: 'order.avsc' } }],
          },
          schemas: { [ORDERS_SUBJECT]: { id: registered.v2, version: 2 } },
          status: 'active',
          publishedAt: '2025-01-01T00:00:00Z',
          publishedBy: 'trees-test',
        },
        { topic: CATALOG },
      );

      const settings = memorySettings({
        connections: [
          {
            name: 'it',
            bootstrapServers: [stack.bootstrap],
            security: { protocol: 'plaintext' },
            registry: { url: stack.registry, auth: { kind: 'none' } },
          },
        ],
      });
      manager = new ConnectionManager(new ConnectionStore(settings, new MemorySecretStore()), drafts, {
        catalogTopic: () => CATALOG,
        queryTimeoutMs: 15_000,
      });
      mesh = new MeshTreeProvider(manager);
      topics = new TopicsTreeProvider(manager);
      schemas = new SchemasTreeProvider(manager);
      groups = new GroupsTreeProvider(manager);
    },
    { timeout },
  );

  after(
    async () => {
      await liveConsumer?.disconnect().catch(() => undefined);
      for (const provider of [mesh, topics, schemas, groups]) provider?.dispose();
      await manager?.dispose();
      if (kafka) {
        const admin = kafka.admin();
        await admin.connect().catch(() => undefined);
        await admin.deleteTopics({ topics: [ORDERS, MISC, INTERNAL, CATALOG] }).catch(() => undefined);
        await admin.deleteGroups([BILLING, LIVE]).catch(() => undefined);
        await admin.disconnect().catch(() => undefined);
      }
      await releaseTestStack();
      assert.deepEqual(unhandled, [], 'no unhandled rejections');
      // A kafkajs consumer that is restarting after the broker died when it was told to stop reconnects anyway
      // (the catalog watch's, after the kill test): do not let it hold the suite. Fires only if something
      // still keeps this process alive 15 s after the last test.
      setTimeout(() => {
        console.error('# trees.test: a kafkajs client was still connected 15 s after the tests; exiting.');
        process.exit(process.exitCode ?? 0);
      }, 15_000).unref();
    },
    { timeout: 120_000 },
  );

  test(
    'Topics: every topic as kcat -L -J lists it, internal ones behind the toggle, with owners; partitions and offsets as kcat reads them',
    { timeout: 120_000, skip: kcatMissing && !inCi ? 'kcat is not installed (apt-get install -y kcat)' : false },
    async (t) => {
      if (noJava) return t.skip(noJava);
      const roots = (await topics.getChildren()) as TopicsNode[];
      const shown = roots.filter((node): node is Extract<TopicsNode, { kind: 'topic' }> => node.kind === 'topic');
      assert.ok(shown.some((node) => node.name === ORDERS) && shown.some((node) => node.name === MISC));
      assert.ok(!shown.some((node) => node.name.startsWith('_')), 'internal topics are hidden by default');
      assert.equal(topics.getTreeItem(shown.find((node) => node.name === ORDERS)!).description, `3 partitions · owned by ${domain}.orders`);
      assert.equal(topics.getTreeItem(shown.find((node) => node.name === MISC)!).description, '1 partition · unowned');
      const hiddenNote = roots.find((node) => node.kind === 'message');
      assert.match(label(topics.getTreeItem(hiddenNote!)), /internal topics? hidden/);

      topics.setShowInternal(true);
      const all = ((await topics.getChildren()) as TopicsNode[]).filter(
        (node): node is Extract<TopicsNode, { kind: 'topic' }> => node.kind === 'topic',
      );
      topics.setShowInternal(false);
      const metadata = JSON.parse(kcat(['-L', '-J', '-b', stack.bootstrap])) as KcatMetadata;
      const kcatTopics = metadata.topics.map((topic) => topic.topic).sort();
      assert.deepEqual(all.map((node) => node.name).sort(), kcatTopics, 'the same topics as kcat -L');
      for (const topic of metadata.topics) {
        const node = all.find((entry) => entry.name === topic.topic);
        assert.equal(node?.topic.partitions, topic.partitions.length, `partition count of ${topic.topic}`);
      }
      assert.ok(all.some((node) => node.name === INTERNAL && node.topic.internal));

      const ordersNode = shown.find((node) => node.name === ORDERS)!;
      const children = (await topics.getChildren(ordersNode)) as TopicsNode[];
      const partitions = children.filter((node): node is Extract<TopicsNode, { kind: 'partition' }> => node.kind === 'partition');
      const kcatOrders = metadata.topics.find((topic) => topic.topic === ORDERS)!;
      assert.equal(partitions.length, 3);
      for (const node of partitions) {
        const expected = kcatOrders.partitions.find((partition) => partition.partition === node.info.partition)!;
        assert.equal(node.info.leader, expected.leader, `leader of partition ${node.info.partition}`);
        assert.deepEqual(
          node.info.isr,
          expected.isrs.map((isr) => isr.id),
          `ISR of partition ${node.info.partition}`,
        );
        assert.deepEqual(
          node.info.replicas,
          expected.replicas.map((replica) => replica.id),
        );
        const offsets = kcatOffsets(stack.bootstrap, ORDERS, node.info.partition);
        assert.equal(node.info.latest - node.info.earliest, offsets.length, `records in partition ${node.info.partition}`);
        assert.equal(
          node.info.latest,
          offsets.length ? offsets[offsets.length - 1] + 1 : node.info.earliest,
          'latest = the last offset kcat read + 1',
        );
        if (offsets.length) assert.equal(node.info.earliest, offsets[0], 'earliest = the first offset kcat read');
        assert.equal(offsets.length, PRODUCED[node.info.partition]);
        assert.equal(
          topics.getTreeItem(node).description,
          `leader ${expected.leader} · ISR ${expected.isrs.map((isr) => isr.id).join(',')} · offsets ${node.info.earliest}–${node.info.latest}`,
        );
      }
      const configsNode = children.find((node) => node.kind === 'configs')!;
      const configs = (await topics.getChildren(configsNode)) as TopicsNode[];
      const first = topics.getTreeItem(configs[0]);
      assert.equal(label(first), 'retention.ms', 'what was set on the topic comes first');
      assert.equal(first.description, '3600000');
      assert.ok(
        configs.some(
          (node) => label(topics.getTreeItem(node)) === 'cleanup.policy' && topics.getTreeItem(node).description === 'delete (default)',
        ),
      );
    },
  );

  test(
    'Consumer groups: state, members, lineage and lag per partition (latest as kcat reads it, minus the commits)',
    { timeout: 120_000 },
    async (t) => {
      if (noJava) return t.skip(noJava);
      const roots = (await groups.getChildren()) as GroupsNode[];
      const billing = roots.find((node) => node.name === BILLING)!;
      const live = roots.find((node) => node.name === LIVE)!;
      assert.ok(billing && live, `both groups are listed: ${roots.map((node) => node.name).join(', ')}`);
      assert.equal(groups.getTreeItem(billing).description, 'Empty · 0 members');
      assert.equal(groups.getTreeItem(live).description, 'Stable · 1 member');

      const details = (await groups.getChildren(billing)) as GroupsNode[];
      assert.deepEqual(
        details.map((node) => label(groups.getTreeItem(node))),
        ['State: Empty', 'Members (0)', 'Reads 1 data product', ORDERS],
      );
      const reads = (await groups.getChildren(details[2])) as GroupsNode[];
      assert.deepEqual(
        reads.map((node) => node.name),
        [`${domain}.orders`],
        'lineage: the group reads the product that owns the topic',
      );
      const expectedLag = COMMITTED.reduce((sum, committed, partition) => sum + PRODUCED[partition] - committed, 0);
      // Partition 2 has no commit (and no events): listed as such, never as lag 0.
      assert.equal(
        groups.getTreeItem(details[3]).description,
        `lag ${expectedLag} · no offset on 1 partition · 0 unread (earliest) · ${domain}.orders`,
      );
      const perPartition = (await groups.getChildren(details[3])) as GroupsNode[];
      const descriptions = perPartition.map((node) => groups.getTreeItem(node).description);
      const latest = [0, 1, 2].map((partition) => kcatOffsets(stack.bootstrap, ORDERS, partition).length);
      assert.deepEqual(descriptions, [
        ...COMMITTED.map(
          (committed, partition) => `committed ${committed} · latest ${latest[partition]} · lag ${latest[partition] - committed}`,
        ),
        `no offset · ${latest[2]} to read from earliest 0 · latest ${latest[2]}`,
      ]);

      const liveDetails = (await groups.getChildren(live)) as GroupsNode[];
      assert.equal(label(groups.getTreeItem(liveDetails[0])), 'State: Stable');
      const members = (await groups.getChildren(liveDetails[1])) as GroupsNode[];
      assert.equal(members.length, 1);
      assert.match(
        String(groups.getTreeItem(members[0]).description),
        new RegExp(`${MISC.replace(/[.]/g, '\\.')}\\[0\\]`),
        'the assignment is decoded',
      );
      assert.equal(label(groups.getTreeItem(liveDetails[2])), 'Reads no data product', 'MISC is unowned');
    },
  );

  test(
    'Schemas: subjects → versions with their ids and compatibility level; a version opens as its registered text',
    { timeout: 60_000 },
    async (t) => {
      if (noJava) return t.skip(noJava);
      const subjects = (await schemas.getChildren()) as SchemasNode[];
      const orders = subjects.find((node) => node.name === ORDERS_SUBJECT)!;
      const misc = subjects.find((node) => node.name === MISC_SUBJECT)!;
      assert.ok(orders && misc);
      assert.equal(schemas.getTreeItem(orders).description, `${domain}.orders`);
      const versions = (await schemas.getChildren(orders)) as SchemasNode[];
      assert.deepEqual(
        versions.map((node) => [label(schemas.getTreeItem(node)), schemas.getTreeItem(node).description]),
        [
          ['v2', `id ${registered.v2} · FULL`],
          ['v1', `id ${registered.v1} · FULL`],
        ],
      );
      const [miscVersion] = (await schemas.getChildren(misc)) as SchemasNode[];
      const global = await new RegistryClient({ url: stack.registry }).globalCompatibility();
      assert.equal(
        schemas.getTreeItem(miscVersion).description,
        `id ${registered.misc} · ${global} (global)`,
        'no subject level: the global fallback',
      );

      const document = await new SchemaDocumentProvider(manager).provideTextDocumentContent(
        schemaVersionUri({ subject: ORDERS_SUBJECT, version: 2 }, 'it') as unknown as vscode.Uri,
      );
      assert.deepEqual(JSON.parse(document), ORDER_V2);
      assert.ok(document.includes('\n  "fields"'), 'indented for reading');
    },
  );

  test(
    'Mesh: the published product and the workspace draft; a new catalog record updates the tree live',
    { timeout: 90_000 },
    async (t) => {
      if (noJava) return t.skip(noJava);
      const roots = (await mesh.getChildren()) as MeshNode[];
      const domainNode = roots.find((node) => node.kind === 'domain' && node.name === domain)!;
      assert.ok(domainNode, `the ${domain} domain: ${roots.map((node) => node.name).join(', ')}`);
      const products = (await mesh.getChildren(domainNode)) as MeshNode[];
      assert.deepEqual(
        products.map((node) => [label(mesh.getTreeItem(node)), mesh.getTreeItem(node).description]),
        [
          [`${domain}.orders`, 'active · tier-1 · sales-platform'],
          [`${domain}.refunds`, 'draft (workspace) · tier-2 · finance'],
        ],
      );
      const [port] = (await mesh.getChildren(products[0])) as MeshNode[];
      const leaves = (await mesh.getChildren(port)) as MeshNode[];
      assert.deepEqual(
        leaves.map((node) => [label(mesh.getTreeItem(node)), mesh.getTreeItem(node).description]),
        [
          [ORDERS, 'topic'],
          [ORDERS_SUBJECT, `value schema v2 · id ${registered.v2}`],
        ],
      );

      const changed = new Promise<void>((resolve) => {
        const subscription = mesh.onDidChangeTreeData(() => {
          subscription.dispose();
          resolve();
        });
      });
      await writeCatalogRecord(
        kafka,
        {
          id: `${domain}.payments`,
          manifest: {
            id: `${domain}.payments`,
            name: 'payments',
            domain,
            version: '0.1.0',
            status: 'active',
            tier: 'tier-3',
            owner: { team: 'payments' },
            outputPorts: [],
          },
          schemas: {},
          status: 'active',
          publishedAt: '2025-01-02T00:00:00Z',
          publishedBy: 'trees-test',
        },
        { topic: CATALOG },
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        changed,
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('the Mesh view did not refresh for a new catalog record')), 30_000)),
        ),
      ]).finally(() => clearTimeout(timer));
      const refreshed = (await mesh.getChildren((await mesh.getChildren()).find((node) => node.name === domain))) as MeshNode[];
      assert.deepEqual(
        refreshed.map((node) => node.name),
        [`${domain}.orders`, `${domain}.payments`, `${domain}.refunds`],
      );
    },
  );

  test(
    'a broker killed during a refresh gives an error node with Retry; after the restart the view works again',
    { timeout: 300_000 },
    async (t) => {
      if (noJava) return t.skip(noJava);
      // A stack, a topic and views of this test's own: killing the suite's shared broker would break whatever runs after it.
      const stateDir = mkdtempSync(join(tmpdir(), 'datamesh-trees-kill-'));
      const ownStack = testStack(stateDir);
      const ownTopic = `${domain}.killed.v1`;
      let ownManager: ConnectionManager | undefined;
      let ownTopics: TopicsTreeProvider | undefined;
      let ownGroups: GroupsTreeProvider | undefined;
      try {
        const up = await ownStack.up();
        const ownKafka = new Kafka({ clientId: 'trees-kill-test', brokers: [up.bootstrap], logLevel: logLevel.NOTHING });
        const admin = ownKafka.admin();
        await admin.connect();
        await admin.createTopics({ waitForLeaders: true, topics: [{ topic: ownTopic, numPartitions: 3 }] });
        await admin.disconnect();
        const ownSettings = memorySettings({
          connections: [{ name: 'kill', bootstrapServers: [up.bootstrap], security: { protocol: 'plaintext' } }],
        });
        ownManager = new ConnectionManager(new ConnectionStore(ownSettings, new MemorySecretStore()), drafts, {
          catalogTopic: () => CATALOG,
          queryTimeoutMs: 15_000,
        });
        ownTopics = new TopicsTreeProvider(ownManager);
        ownGroups = new GroupsTreeProvider(ownManager);
        const topicsView = ownTopics;

        // Refresh, and kill the broker while the view asks for its children.
        const [topicNode] = ((await topicsView.getChildren()) as TopicsNode[]).filter((node) => node.name === ownTopic);
        assert.ok(topicNode, 'the topic is listed before the kill');
        topicsView.refresh();
        const during = topicsView.getChildren(topicNode);
        process.kill(-up.state.broker.pid, 'SIGKILL');
        const duringResult = (await during) as TopicsNode[];
        const afterKill = (await topicsView.getChildren()) as TopicsNode[];
        assert.equal(afterKill.length, 1, `one node: ${afterKill.map((node) => node.name).join(', ')}`);
        const error = topicsView.getTreeItem(afterKill[0]);
        assert.equal(afterKill[0].kind, 'error');
        assert.match(label(error), /^List topics failed: /);
        assert.match(label(error), /Connection refused|closed the connection|No answer/);
        assert.deepEqual(error.command, { command: COMMANDS.retry, title: 'Retry', arguments: ['datamesh.topics'] });
        assert.equal(error.contextValue, 'error');
        assert.equal(ownManager.health().broker.state, 'error');
        assert.ok(duringResult.length > 0, 'the refresh in flight resolved (to partitions or to an error node)');
        const groupError = ((await ownGroups.getChildren()) as GroupsNode[])[0];
        assert.equal(groupError.kind, 'error', 'the other views too');

        // The same stack folder, the same ports: `up` restarts what died.
        const restarted = await ownStack.up();
        if (restarted.bootstrap !== up.bootstrap) {
          ownSettings.values.set('connections', [
            { name: 'kill', bootstrapServers: [restarted.bootstrap], security: { protocol: 'plaintext' } },
          ]);
        }
        await ownManager.retry(); // what the error node's Retry runs
        const back = await waitFor(
          'the topics after the restart',
          async () => {
            const nodes = (await topicsView.getChildren()) as TopicsNode[];
            return nodes.some((node) => node.name === ownTopic) ? nodes : undefined;
          },
          60_000,
        );
        assert.equal(ownManager.health().broker.state, 'ok');
        const partitions = ((await topicsView.getChildren(back.find((node) => node.name === ownTopic))) as TopicsNode[]).filter(
          (node) => node.kind === 'partition',
        );
        assert.equal(partitions.length, 3, 'the topic survived the restart');
      } finally {
        ownTopics?.dispose();
        ownGroups?.dispose();
        await ownManager?.dispose();
        await ownStack.down().catch(() => undefined);
        rmSync(stateDir, { recursive: true, force: true });
      }
    },
  );
});
