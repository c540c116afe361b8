// The four trees against the local stack, checked against what kcat and the registry's HTTP API say; and
// Create / Delete Topic through their prompts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/commandIds';
import { writeCatalogRecord } from '../../../client/src/engines/catalog/catalogEngine';
import type { DataMeshTestApi } from '../../../client/src/testing/testApi';
import { useCatalogTopic, useLocalConnection } from './connection';
import { ORDER_V1 } from './fixtures';
import { withPrompts } from './prompts';
import {
  childLabels,
  childNamed,
  extensionApi,
  kcat,
  kcatMetadata,
  kcatMissing,
  registerSchema,
  registryGet,
  RUN,
  stackAddresses,
  waitFor,
} from './support';

describe('the trees against the local stack', function () {
  this.timeout(180_000);
  const domain = `tree${RUN}`;
  const ORDERS = `${domain}.orders.v1`;
  const SUBJECT = `${ORDERS}-value`;
  const GROUP = `${domain}-billing`;
  const CATALOG = `_${domain}.catalog`;
  const CREATED = `${domain}.created`;
  const ORDER_V2 = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'note', type: ['null', 'string'], default: null }] };
  let api: DataMeshTestApi;
  let kafka: Kafka;
  let restoreCatalog: () => Promise<void> = async () => undefined;

  before(async function () {
    const missing = kcatMissing();
    if (missing && process.env.CI !== 'true') this.skip();
    assert.equal(missing, undefined, 'CI=true needs kcat');
    api = await extensionApi();
    const { bootstrap, registry } = stackAddresses();
    kafka = new Kafka({ clientId: 'exthost-trees', brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: ORDERS, numPartitions: 3 }] });
    await admin.disconnect();
    // Records with kcat, and a consumer group that kcat reads to the end with (committing its offsets).
    kcat(['-P', '-b', bootstrap, '-t', ORDERS, '-p', '0'], 'a\nb\nc\n');
    kcat(['-P', '-b', bootstrap, '-t', ORDERS, '-p', '1'], 'd\ne\n');
    kcat(['-b', bootstrap, '-G', GROUP, '-o', 'beginning', '-e', '-q', ORDERS]);
    await registerSchema(registry, SUBJECT, ORDER_V1);
    await registerSchema(registry, SUBJECT, ORDER_V2);
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
        schemas: { [SUBJECT]: { id: 1, version: 2 } },
        status: 'active',
        publishedAt: '2025-01-01T00:00:00Z',
        publishedBy: 'exthost-test',
      },
      { topic: CATALOG },
    );
    restoreCatalog = await useCatalogTopic(CATALOG);
    await useLocalConnection(api);
  });

  after(async () => {
    if (!kafka) return; // skipped
    await restoreCatalog();
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    await admin.deleteTopics({ topics: [ORDERS, CATALOG, CREATED] }).catch(() => undefined);
    await admin.deleteGroups([GROUP]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  });

  it('Topics: the topics kcat lists (internal ones hidden), and the partitions of each', async () => {
    const { bootstrap } = stackAddresses();
    // Compared until two readings agree: topics deleted by an earlier suite may still be going away.
    let last: { kcat: string[]; view: string[] } = { kcat: [], view: [] };
    const listed = await waitFor('the Topics view and kcat to list the same topics', async () => {
      const metadata = kcatMetadata(bootstrap).topics;
      const roots = (await api.trees.topics.getChildren()) ?? [];
      last = {
        kcat: metadata
          .map((topic) => topic.topic)
          .filter((name) => !name.startsWith('_'))
          .sort(),
        view: roots
          .filter((node) => node.kind === 'topic')
          .map((node) => node.name)
          .sort(),
      };
      return JSON.stringify(last.kcat) === JSON.stringify(last.view) ? metadata : undefined;
    }).catch((error: Error) => assert.fail(`${error.message}: ${JSON.stringify(last)}`));
    assert.ok(last.view.includes(ORDERS));
    const orders = await childNamed(api.trees.topics, ORDERS);
    assert.ok(orders, `${ORDERS} is in the Topics view`);
    const partitions = listed.find((topic) => topic.topic === ORDERS)?.partitions.map((partition) => `${ORDERS}/${partition.partition}`);
    const children = ((await api.trees.topics.getChildren(orders)) ?? [])
      .filter((node) => node.kind === 'partition')
      .map((node) => node.name);
    assert.deepEqual(children.sort(), (partitions ?? []).sort());
    assert.equal(children.length, 3);
  });

  it('Schemas: the subjects the registry lists, and the versions of one, newest first', async () => {
    const { registry } = stackAddresses();
    const subjects = await registryGet<string[]>(registry, '/subjects');
    const roots = ((await api.trees.schemas.getChildren()) ?? []).filter((node) => node.kind === 'subject').map((node) => node.name);
    assert.deepEqual([...roots].sort(), [...subjects].sort());
    const versions = await registryGet<number[]>(registry, `/subjects/${encodeURIComponent(SUBJECT)}/versions`);
    assert.deepEqual(versions, [1, 2]);
    const subject = await childNamed(api.trees.schemas, SUBJECT);
    assert.ok(subject, `${SUBJECT} is in the Schemas view`);
    const labels = await childLabels(api.trees.schemas, subject);
    assert.equal(labels.length, 2, JSON.stringify(labels));
    assert.match(labels[0], /2/);
    assert.match(labels[1], /1/);
  });

  it('Groups: the group kcat consumed with, and the topic it read', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const listed = (await admin.listGroups()).groups.map((group) => group.groupId);
    await admin.disconnect();
    assert.ok(listed.includes(GROUP), `the broker knows ${GROUP}`);
    const roots = ((await api.trees.groups.getChildren()) ?? []).filter((node) => node.kind === 'group').map((node) => node.name);
    assert.ok(roots.includes(GROUP), `the Groups view shows ${GROUP}: ${JSON.stringify(roots)}`);
    for (const name of roots) assert.ok(listed.includes(name), `${name} is a group the broker lists`);
    const group = await childNamed(api.trees.groups, GROUP);
    assert.ok(group);
    const details = JSON.stringify(await childLabels(api.trees.groups, group));
    assert.match(details, new RegExp(ORDERS.replace(/\./g, '\\.')));
  });

  it('Mesh: the product of the catalog topic, with its port, topic and subject', async () => {
    const domainNode = await waitFor(`the domain ${domain} in the Mesh view`, () => childNamed(api.trees.mesh, domain));
    const product = await childNamed(api.trees.mesh, `${domain}.orders`, domainNode);
    assert.ok(product, 'the product is under its domain');
    const port = await childNamed(api.trees.mesh, 'order-events', product);
    assert.ok(port, 'the product has its output port');
    const children = ((await api.trees.mesh.getChildren(port)) ?? []).map((node) => node.name);
    assert.deepEqual(children, [ORDERS, SUBJECT]);
  });

  it('Create Topic asks for name, partitions, replication and configs, and Delete Topic asks for the name again', async () => {
    const { bootstrap } = stackAddresses();
    const created = await withPrompts(
      api.window,
      [
        { input: CREATED, title: /Create Topic \(1\/4\)/ },
        { input: '2', title: /Create Topic \(2\/4\)/ },
        { input: '', title: /Create Topic \(3\/4\)/ },
        { input: 'retention.ms=3600000', title: /Create Topic \(4\/4\)/ },
      ],
      async (prompts) => {
        const name = await vscode.commands.executeCommand<string | undefined>(COMMANDS.createTopic);
        assert.deepEqual(prompts.messages, [{ level: 'info', text: `Topic ${CREATED} created.` }]);
        return name;
      },
    );
    assert.equal(created, CREATED);
    const described = kcatMetadata(bootstrap).topics.find((topic) => topic.topic === CREATED);
    assert.equal(described?.partitions.length, 2, 'kcat sees the topic with 2 partitions');
    assert.ok(await childNamed(api.trees.topics, CREATED), 'the Topics view shows it');

    const deleted = await withPrompts(api.window, [{ input: CREATED, title: new RegExp(`Delete Topic ${CREATED}`) }], () =>
      vscode.commands.executeCommand<boolean>(COMMANDS.deleteTopic, CREATED),
    );
    assert.equal(deleted, true);
    await waitFor(`kcat to stop listing ${CREATED}`, () =>
      kcatMetadata(bootstrap).topics.some((topic) => topic.topic === CREATED) ? undefined : true,
    );
    assert.equal(await childNamed(api.trees.topics, CREATED), undefined, 'the Topics view no longer shows it');
  });
});
