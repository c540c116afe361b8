// The four tree adapters over canned engine results (a fake BrowseContext), in a stubbed `vscode`.
import { stubState } from '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { MeshTreeProvider, type MeshNode } from '../../../client/src/views/mesh/meshTreeProvider';
import { TOPICS_PAGE_SIZE, TopicsTreeProvider, type TopicsNode } from '../../../client/src/views/topics/topicsTreeProvider';
import { SchemasTreeProvider, type SchemasNode } from '../../../client/src/views/schemas/schemasTreeProvider';
import { GroupsTreeProvider, type GroupsNode } from '../../../client/src/views/groups/groupsTreeProvider';
import { SchemaDocumentProvider } from '../../../client/src/views/schemaDocuments';
import { schemaVersionUri } from '../../../client/src/schemaUris';
import { COMMANDS } from '../../../client/src/commandIds';
import { FakeBrowseContext, catalogProduct, draft, type FakeData } from '../../support/fakeBrowseContext';

void stubState;

const orders = catalogProduct(
  'sales.orders',
  {
    name: 'orders',
    domain: 'sales',
    version: '1.0.0',
    tier: 'tier-1',
    owner: { team: 'sales-platform' },
    description: { purpose: 'Orders *as they happen* <b>live</b>' },
    outputPorts: [{ name: 'order-events', topic: 'sales.orders.v1', value: { format: 'avro' } }],
  },
  { schemas: { 'sales.orders.v1-value': { id: 11, version: 2 } } },
);

function data(extra: FakeData = {}): FakeData {
  return {
    catalog: [orders],
    drafts: [
      draft('sales.refunds', {
        status: 'draft',
        tier: 'tier-2',
        owner: 'sales-platform',
        outputPorts: [{ name: 'refunds', topic: 'sales.refunds.v1', valueSchemaUri: 'file:///ws/r.avsc' }],
      }),
    ],
    topics: [
      { name: '__consumer_offsets', internal: true, partitions: 1, replicationFactor: 1 },
      { name: '_datamesh.products', internal: true, partitions: 1, replicationFactor: 1 },
      { name: 'misc', internal: false, partitions: 1, replicationFactor: 1 },
      { name: 'sales.orders.v1', internal: false, partitions: 3, replicationFactor: 1 },
      { name: 'sales.refunds.v1', internal: false, partitions: 1, replicationFactor: 1 },
    ],
    partitions: {
      'sales.orders.v1': [
        { partition: 0, leader: 1, replicas: [1], isr: [1], offlineReplicas: [], earliest: 0, latest: 42 },
        { partition: 1, leader: 1, replicas: [1, 2], isr: [1], offlineReplicas: [], earliest: 5, latest: 7 },
      ],
    },
    configs: {
      'sales.orders.v1': [
        { name: 'cleanup.policy', value: 'delete', isDefault: true, source: 'default', readOnly: false, sensitive: false },
        { name: 'retention.ms', value: '2592000000', isDefault: false, source: 'topic', readOnly: false, sensitive: false },
      ],
    },
    groups: [
      { groupId: 'billing', protocolType: 'consumer', state: 'Empty', members: 0, protocol: '' },
      // The extension's own catalog reader: not shown.
      { groupId: 'datamesh-catalog-watch-0f1e', protocolType: 'consumer', state: 'Stable', members: 1, protocol: 'RoundRobinAssigner' },
      // The sampler's ephemeral group: not shown either.
      { groupId: 'datamesh-sample-5d1c', protocolType: 'consumer', state: 'Stable', members: 1, protocol: 'RoundRobinAssigner' },
    ],
    groupDetails: {
      billing: {
        groupId: 'billing',
        protocolType: 'consumer',
        state: 'Empty',
        members: 0,
        protocol: '',
        memberDetails: [],
        totalLag: 40,
        topics: [
          {
            topic: 'sales.orders.v1',
            totalLag: 40,
            partitions: [
              { partition: 0, committed: 2, latest: 42, earliest: 0, lag: 40 },
              { partition: 1, committed: undefined, latest: 7, earliest: 5, lag: undefined, unread: 2 },
            ],
            partitionsWithoutOffset: 1,
            unreadWithoutOffset: 2,
          },
          {
            topic: 'misc',
            totalLag: 0,
            partitions: [{ partition: 0, committed: 1, latest: 1, earliest: 0, lag: 0 }],
            partitionsWithoutOffset: 0,
            unreadWithoutOffset: 0,
          },
        ],
      },
    },
    subjects: ['misc-value', 'sales.orders.v1-value'],
    versions: {
      'sales.orders.v1-value': [
        { subject: 'sales.orders.v1-value', version: 1, id: 10, schemaType: 'AVRO' },
        { subject: 'sales.orders.v1-value', version: 2, id: 11, schemaType: 'AVRO' },
      ],
    },
    schemaTexts: { 'sales.orders.v1-value:2': '{"type":"record","name":"Order","fields":[]}' },
    compatibility: { 'sales.orders.v1-value': { level: 'FULL', source: 'subject' } },
    ...extra,
  };
}

const text = (value: string | vscode.MarkdownString | undefined | boolean): string =>
  typeof value === 'object' ? value.value : String(value ?? '');

test('Mesh: domains → products (status, tier, owner) → ports → topic and subjects; drafts shown distinctly', async () => {
  const context = new FakeBrowseContext(data());
  const mesh = new MeshTreeProvider(context);
  const roots = await mesh.getChildren();
  assert.deepEqual(
    roots.map((node) => node.kind),
    ['domain'],
  );
  const domainItem = mesh.getTreeItem(roots[0]);
  assert.equal(domainItem.label, 'sales');
  assert.equal(domainItem.description, '1 published, 1 draft');

  const products = await mesh.getChildren(roots[0]);
  const items = products.map((node) => mesh.getTreeItem(node));
  assert.deepEqual(
    items.map((item) => item.label),
    ['sales.orders', 'sales.refunds'],
  );
  assert.equal(items[0].description, 'active · tier-1 · sales-platform');
  assert.equal(items[1].description, 'draft (workspace) · tier-2 · sales-platform');
  assert.equal(items[0].contextValue, 'product.published');
  assert.equal(items[1].contextValue, 'product.draft.manifest');
  assert.notDeepEqual(items[0].iconPath, items[1].iconPath, 'drafts look different');
  assert.equal(items[1].command?.command, COMMANDS.revealManifest);
  const tooltip = text(items[0].tooltip);
  assert.match(tooltip, /Orders \\\*as they happen\\\* \\<b\\>live\\<\/b\\>/, 'server text is escaped, not rendered');
  assert.match(tooltip, /Owner: sales\\-platform/);

  const ports = await mesh.getChildren(products[0]);
  assert.deepEqual(
    ports.map((node) => mesh.getTreeItem(node).label),
    ['order-events', 'grants'],
    'the ports, then who may read them',
  );
  assert.equal(mesh.getTreeItem(ports[0]).description, 'sales.orders.v1');
  const leaves = await mesh.getChildren(ports[0]);
  assert.deepEqual(
    leaves.map((node) => [mesh.getTreeItem(node).label, mesh.getTreeItem(node).description]),
    [
      ['sales.orders.v1', 'topic'],
      ['sales.orders.v1-value', 'value schema v2 · id 11'],
    ],
  );
  assert.deepEqual(mesh.getTreeItem(leaves[1]).command?.arguments, [{ subject: 'sales.orders.v1-value', version: 2 }]);
  const ids = new Set([...roots, ...products, ...ports, ...leaves].map((node) => mesh.getTreeItem(node).id));
  assert.equal(ids.size, 1 + 2 + 2 + 2, 'ids are unique');
});

test('Mesh without a connection: the Add Connection node, then the drafts', async () => {
  const context = new FakeBrowseContext(data({ state: { kind: 'none' } }));
  const mesh = new MeshTreeProvider(context);
  const roots = await mesh.getChildren();
  const first = mesh.getTreeItem(roots[0]);
  assert.equal(first.label, 'No connection — Add Connection');
  assert.equal(first.command?.command, COMMANDS.addConnection);
  assert.equal(mesh.getTreeItem(roots[1]).label, 'sales');
  const products = await mesh.getChildren(roots[1]);
  assert.deepEqual(
    products.map((node) => mesh.getTreeItem(node).label),
    ['sales.refunds'],
    'only the draft: no catalog without a connection',
  );
  assert.ok(!context.calls.includes('cluster'), 'nothing connects');
});

test('Mesh: a catalog that cannot be read is an error node with Retry, above the drafts; a catalog record refreshes the view', async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), {
    code: 'ECONNREFUSED',
    target: 'broker 127.0.0.1:9092',
  });
  const context = new FakeBrowseContext(data({ catalog: [], catalogError: refused }));
  const mesh = new MeshTreeProvider(context);
  const roots = await mesh.getChildren();
  const error = mesh.getTreeItem(roots[0]);
  assert.match(String(error.label), /^Read the catalog _datamesh\.products failed: Connection refused \(broker 127\.0\.0\.1:9092\)/);
  assert.match(String(error.description), /Check the port in the connection's bootstrapServers .*"Data Mesh: Start Local Stack"/);
  const tooltip = (error.tooltip as vscode.MarkdownString).value.replace(/\\/g, '');
  assert.doesNotMatch(`${error.description} ${tooltip}`, /--|datamesh stack/, 'the editor names no flags');
  assert.equal(error.contextValue, 'error');
  assert.deepEqual(error.command, { command: COMMANDS.retry, title: 'Retry', arguments: ['datamesh.mesh'] });
  assert.equal(mesh.getTreeItem(roots[1]).label, 'sales');

  let fired = 0;
  mesh.onDidChangeTreeData(() => fired++);
  context.fire('catalog');
  context.fire('drafts');
  context.fire('health');
  assert.equal(fired, 2, 'catalog and draft changes refresh; health does not');
});

test('Topics: internal topics hidden behind the toggle; owner or unowned; partitions and configs on expand', async () => {
  const context = new FakeBrowseContext(data());
  const topics = new TopicsTreeProvider(context);
  const roots = await topics.getChildren();
  const labels = roots.map((node) => topics.getTreeItem(node).label);
  assert.deepEqual(labels, ['misc', 'sales.orders.v1', 'sales.refunds.v1', '2 internal topics hidden']);
  assert.equal(topics.getTreeItem(roots[0]).description, '1 partition · unowned');
  assert.equal(topics.getTreeItem(roots[1]).description, '3 partitions · owned by sales.orders');
  assert.equal(topics.getTreeItem(roots[2]).description, '1 partition · owned by sales.refunds (draft)');
  assert.equal(topics.getTreeItem(roots[1]).contextValue, 'topic');
  assert.equal(topics.getTreeItem(roots[3]).command?.command, COMMANDS.showInternalTopics);
  assert.ok(!context.calls.includes('describePartitions'), 'partitions load lazily');

  topics.setShowInternal(true);
  const all = await topics.getChildren();
  assert.deepEqual(
    all.map((node) => topics.getTreeItem(node).label),
    ['__consumer_offsets', '_datamesh.products', 'misc', 'sales.orders.v1', 'sales.refunds.v1'],
  );
  assert.equal(topics.getTreeItem(all[0]).contextValue, 'topic.internal');

  const children = await topics.getChildren(roots[1]);
  const items = children.map((node) => topics.getTreeItem(node));
  assert.deepEqual(
    items.map((item) => item.label),
    ['Partition 0', 'Partition 1', 'Configs'],
  );
  assert.equal(items[0].description, 'leader 1 · ISR 1 · offsets 0–42');
  assert.equal((items[1].iconPath as vscode.ThemeIcon).id, 'warning', 'an under-replicated partition warns');
  assert.match(text(items[0].tooltip), /In-sync replicas: 1/);
  const configs = await topics.getChildren(children[2]);
  assert.deepEqual(
    configs.map((node) => [topics.getTreeItem(node).label, topics.getTreeItem(node).description]),
    [
      ['retention.ms', '2592000000'],
      ['cleanup.policy', 'delete (default)'],
    ],
  );
});

test('Topics: a cluster of 50,000 topics lists the first page and offers the filter; the filter finds any of them', async () => {
  const many = Array.from({ length: 50_000 }, (_, index) => ({
    name: `team${index % 50}.topic-${String(index).padStart(5, '0')}.v1`,
    internal: false,
    partitions: 1,
    replicationFactor: 1,
  }));
  const topics = new TopicsTreeProvider(new FakeBrowseContext(data({ topics: many })));
  const roots = await topics.getChildren();
  assert.equal(roots.filter((node) => node.kind === 'topic').length, TOPICS_PAGE_SIZE);
  const more = topics.getTreeItem(roots[roots.length - 1]);
  assert.equal(more.label, `${(50_000 - TOPICS_PAGE_SIZE).toLocaleString('en-US')} more topics: filter to narrow the list`);
  assert.equal(more.command?.command, COMMANDS.filterTopics);

  topics.setTopicFilter('TOPIC-4999');
  const filtered = await topics.getChildren();
  assert.deepEqual(
    filtered.map((node) => topics.getTreeItem(node).label),
    [
      'Filter "TOPIC-4999": 10 of 50,000 topics',
      ...Array.from({ length: 10 }, (_, i) => `team${(49990 + i) % 50}.topic-4999${i}.v1`).sort(),
    ],
  );
  topics.setTopicFilter('');
  assert.equal((await topics.getChildren()).filter((node) => node.kind === 'topic').length, TOPICS_PAGE_SIZE);
});

test('Topics: no connection leaves the view empty (the welcome shows); a failed listing is an error node; expanding a topic of a dead broker too', async () => {
  assert.deepEqual(await new TopicsTreeProvider(new FakeBrowseContext(data({ state: { kind: 'none' } }))).getChildren(), []);
  const inactive = new TopicsTreeProvider(new FakeBrowseContext(data({ state: { kind: 'inactive', names: ['a', 'b'] } })));
  const [node] = await inactive.getChildren();
  assert.equal(inactive.getTreeItem(node).label, 'No active connection — Switch Connection');
  assert.equal(inactive.getTreeItem(node).command?.command, COMMANDS.switchConnection);

  const context = new FakeBrowseContext(data());
  const topics = new TopicsTreeProvider(context);
  const roots = await topics.getChildren();
  context.fail.add('listTopics');
  const [error] = await topics.getChildren();
  assert.equal(error.kind, 'error');
  assert.match(String(topics.getTreeItem(error).label), /^List topics failed: Connection refused/);
  context.fail.add('describePartitions');
  const [partitionError] = await topics.getChildren(roots[1]);
  assert.match(String(topics.getTreeItem(partitionError).label), /^Describe sales\.orders\.v1 failed/);
  assert.equal(topics.getTreeItem(partitionError).command?.command, COMMANDS.retry);
});

test('Schemas: subjects with their owning product → versions newest first with id and compatibility; a version opens read-only', async () => {
  const context = new FakeBrowseContext(data());
  const schemas = new SchemasTreeProvider(context);
  const subjects = await schemas.getChildren();
  assert.deepEqual(
    subjects.map((node) => [schemas.getTreeItem(node).label, schemas.getTreeItem(node).description]),
    [
      ['misc-value', ''],
      ['sales.orders.v1-value', 'sales.orders'],
    ],
  );
  const versions = await schemas.getChildren(subjects[1]);
  const items = versions.map((node) => schemas.getTreeItem(node));
  assert.deepEqual(
    items.map((item) => [item.label, item.description]),
    [
      ['v2', 'id 11 · FULL'],
      ['v1', 'id 10 · FULL'],
    ],
  );
  assert.equal(items[0].contextValue, 'schemaVersion.comparable');
  assert.deepEqual(items[0].command, {
    command: COMMANDS.openSchemaVersion,
    title: 'Open Schema Version',
    arguments: [{ subject: 'sales.orders.v1-value', version: 2 }],
  });

  const documents = new SchemaDocumentProvider(context);
  const uri = schemaVersionUri({ subject: 'sales.orders.v1-value', version: 2 }, 'test');
  assert.equal(uri.path, '/sales.orders.v1-value/sales.orders.v1-value-v2.avsc', 'the .avsc ending gives it the Avro language');
  const content = await documents.provideTextDocumentContent(uri as unknown as vscode.Uri);
  assert.equal(content, '{\n  "type": "record",\n  "name": "Order",\n  "fields": []\n}\n');
  await assert.rejects(
    documents.provideTextDocumentContent(schemaVersionUri({ subject: 'x', version: 1 }, 'other') as unknown as vscode.Uri),
    /belongs to the connection "other"/,
  );

  const global = new SchemasTreeProvider(new FakeBrowseContext(data({ compatibility: {} })));
  const [latest] = await global.getChildren((await global.getChildren())[1]);
  assert.equal(global.getTreeItem(latest).description, 'id 11 · BACKWARD (global)');

  const noRegistry = new SchemasTreeProvider(
    new FakeBrowseContext(data({ state: { kind: 'active', name: 'bare', problems: [], hasRegistry: false } })),
  );
  const [message] = await noRegistry.getChildren();
  assert.equal(noRegistry.getTreeItem(message).label, 'The connection bare has no schema registry');
});

test('Consumer groups: state, members, lineage and lag per partition', async () => {
  const context = new FakeBrowseContext(data());
  const groups = new GroupsTreeProvider(context);
  const roots = await groups.getChildren();
  assert.equal(roots.length, 1, "the catalog engine's own group is left out");
  const [group] = roots;
  assert.equal(groups.getTreeItem(group).label, 'billing');
  assert.equal(groups.getTreeItem(group).description, 'Empty · 0 members');
  const children = await groups.getChildren(group);
  const labels = children.map((node) => groups.getTreeItem(node).label);
  assert.deepEqual(labels, ['State: Empty', 'Members (0)', 'Reads 1 data product', 'sales.orders.v1', 'misc']);
  const reads = await groups.getChildren(children[2]);
  assert.deepEqual(
    reads.map((node) => groups.getTreeItem(node).label),
    ['sales.orders'],
  );
  assert.equal(groups.getTreeItem(children[3]).description, 'lag 40 · no offset on 1 partition · 2 unread (earliest) · sales.orders');
  assert.equal((groups.getTreeItem(children[3]).iconPath as vscode.ThemeIcon).id, 'warning', 'an unread partition is no green check');
  assert.equal(groups.getTreeItem(children[4]).description, 'lag 0 · unowned');
  const partitions = await groups.getChildren(children[3]);
  assert.deepEqual(
    partitions.map((node) => groups.getTreeItem(node).description),
    ['committed 2 · latest 42 · lag 40', 'no offset · 2 to read from earliest 5 · latest 7'],
  );
});

test('every node has a name for Copy Name, and product nodes carry their manifest for Reveal Manifest', async () => {
  const context = new FakeBrowseContext(data());
  const mesh = new MeshTreeProvider(context);
  const [domain] = await mesh.getChildren();
  const products = (await mesh.getChildren(domain)) as MeshNode[];
  assert.deepEqual(
    products.map((node) => node.name),
    ['sales.orders', 'sales.refunds'],
  );
  assert.equal((products[1] as { manifestUri?: string }).manifestUri, 'file:///ws/refunds.dataproduct.yaml');
  const topics = (await new TopicsTreeProvider(context).getChildren()) as TopicsNode[];
  assert.ok(topics.every((node) => typeof node.name === 'string'));
  const subjects = (await new SchemasTreeProvider(context).getChildren()) as SchemasNode[];
  assert.equal(subjects[1].name, 'sales.orders.v1-value');
  const groups = (await new GroupsTreeProvider(context).getChildren()) as GroupsNode[];
  assert.equal(groups[0].name, 'billing');
});
