// Old state against a real broker and registry: a catalog record whose topic (and registered subject) no
// longer exist shows as missing, not as a live topic, and "Remove from Catalog" writes the product's
// tombstone through the catalog engine after the confirmation (and nothing when it is cancelled).
import { stubState } from '../support/installVscodeStub';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { releaseTestStack, startTestStack, STACK_TEST_TIMEOUT_MS } from './support/stackFixture';
import { chooseJava } from '../../client/src/engines/stack/stackPrerequisites';
import { readCatalog, writeCatalogRecord } from '../../client/src/engines/catalog/catalogEngine';
import { buildMeshModel } from '../../client/src/engines/browse/meshModel';
import { ClusterBrowser, type ClusterQueries } from '../../client/src/engines/browse/clusterBrowser';
import { SchemaBrowser, type SchemaQueries } from '../../client/src/engines/browse/schemaBrowser';
import { RegistryClient } from '../../client/src/kafka/registryClient';
import type { MeshSnapshot } from '../../client/src/connections/browseContext';
import { MeshTreeProvider, type MeshNode } from '../../client/src/views/mesh/meshTreeProvider';
import { removeFromCatalog, REMOVE_FROM_CATALOG, type CatalogCommandTargets } from '../../client/src/commands/catalogCommands';
import { FakeBrowseContext } from '../support/fakeBrowseContext';

void stubState;
const inCi = process.env.CI === 'true';
const run = randomUUID().slice(0, 8);
const domain = `old-${run}`;
const CATALOG = `_${domain}.catalog`;
const LIVE_TOPIC = `${domain}.live.v1`;
const GONE_TOPIC = `${domain}.gone.v1`;

/** The Mesh view's context over the real cluster, registry and catalog topic. */
class RealContext extends FakeBrowseContext {
  constructor(
    private readonly kafka: Kafka,
    private readonly clusterQueries: ClusterQueries,
    private readonly registry: SchemaQueries,
  ) {
    super({});
  }
  override async cluster(): Promise<ClusterQueries> {
    return this.clusterQueries;
  }
  override async schemas(): Promise<SchemaQueries> {
    return this.registry;
  }
  override async mesh(): Promise<MeshSnapshot> {
    const snapshot = await readCatalog(this.kafka, { topic: CATALOG });
    return { model: buildMeshModel(snapshot.products, []), catalogTopic: CATALOG, catalogExists: snapshot.exists };
  }
}

function record(name: string, topic: string, schemas: Record<string, { id: number; version: number }>) {
  const id = `${domain}.${name}`;
  return {
    id,
    manifest: { id, name, domain, version: '1.0.0', outputPorts: [{ name: 'events', topic, value: { format: 'avro', schema: 'e.avsc' } }] },
    schemas,
    status: 'active',
    publishedAt: '2026-01-01T00:00:00Z',
    publishedBy: 'test',
  };
}

describe('catalog records whose topic or subject is gone', { timeout: 600_000 }, () => {
  let noJava: string | undefined;
  let kafka: Kafka;
  let admin: Admin;
  let mesh: MeshTreeProvider;
  let targets: CatalogCommandTargets;
  let changed = 0;

  before(
    async () => {
      try {
        await chooseJava();
      } catch (error) {
        if (inCi) throw error;
        noJava = `no Java for the local stack: ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
      const stack = await startTestStack();
      kafka = new Kafka({ clientId: 'missing-state-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
      admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: LIVE_TOPIC, numPartitions: 1 }] });
      const registry = new RegistryClient({ url: stack.registry });
      const registered = await registry.register(`${LIVE_TOPIC}-value`, { schema: '"string"' });
      await writeCatalogRecord(kafka, record('live', LIVE_TOPIC, { [`${LIVE_TOPIC}-value`]: { id: registered.id, version: 1 } }), {
        topic: CATALOG,
      });
      // Published once; its topic and subject were deleted since (or never made it to this cluster).
      await writeCatalogRecord(kafka, record('gone', GONE_TOPIC, { [`${GONE_TOPIC}-value`]: { id: 9999, version: 3 } }), {
        topic: CATALOG,
      });
      mesh = new MeshTreeProvider(new RealContext(kafka, new ClusterBrowser(admin), new SchemaBrowser(registry)));
      targets = { kafka: async () => kafka, catalogTopic: async () => CATALOG, changed: () => changed++ };
    },
    { timeout: STACK_TEST_TIMEOUT_MS },
  );

  after(async () => {
    if (admin) {
      await admin.deleteTopics({ topics: [LIVE_TOPIC, CATALOG] }).catch(() => undefined);
      await admin.disconnect();
    }
    await releaseTestStack();
  });

  async function portsByProduct(): Promise<Map<string, { node: MeshNode; item: vscode.TreeItem; children: vscode.TreeItem[] }>> {
    mesh.refresh();
    const found = new Map<string, { node: MeshNode; item: vscode.TreeItem; children: vscode.TreeItem[] }>();
    const [domainNode] = (await mesh.getChildren()).filter((node) => node.kind === 'domain' && node.name === domain);
    if (!domainNode) return found;
    for (const product of await mesh.getChildren(domainNode)) {
      const [port] = await mesh.getChildren(product);
      const children = (await mesh.getChildren(port)).map((child) => mesh.getTreeItem(child));
      found.set(product.name, { node: port, item: mesh.getTreeItem(port), children });
    }
    return found;
  }

  test('the port of a record whose topic and subject are gone says so; the live one looks live', async (t) => {
    if (noJava) return t.skip(noJava);
    const ports = await portsByProduct();
    const live = ports.get(`${domain}.live`);
    const gone = ports.get(`${domain}.gone`);
    assert.ok(live && gone, `both products are listed: ${[...ports.keys()].join(', ')}`);
    assert.equal(live.item.description, LIVE_TOPIC);
    assert.equal(live.item.contextValue, 'port');
    assert.equal(gone.item.description, 'topic missing · value subject missing');
    assert.equal(gone.item.contextValue, 'port.missing');
    assert.equal((gone.item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.deepEqual(
      gone.children.map((item) => [item.description, item.contextValue, item.command?.command]),
      [
        ['topic missing', 'topicRef.missing', undefined],
        ['value schema v3 · missing in the registry', 'subjectRef.missing', undefined],
      ],
      'nothing to open on what does not exist',
    );
  });

  test('Remove from Catalog: cancelled writes nothing; confirmed writes the tombstone and the product is gone', async (t) => {
    if (noJava) return t.skip(noJava);
    const gone = (await portsByProduct()).get(`${domain}.gone`);
    assert.ok(gone);

    stubState.messageAnswers = [undefined];
    assert.equal(await removeFromCatalog(gone.node, targets), false);
    assert.deepEqual(
      (await readCatalog(kafka, { topic: CATALOG })).products.map((product) => product.id),
      [`${domain}.gone`, `${domain}.live`],
    );

    stubState.messageAnswers = [REMOVE_FROM_CATALOG];
    assert.equal(await removeFromCatalog(gone.node, targets), true);
    assert.equal(changed, 1);
    assert.deepEqual(
      (await readCatalog(kafka, { topic: CATALOG })).products.map((product) => product.id),
      [`${domain}.live`],
      'the tombstone removes the product from the catalog',
    );
    assert.deepEqual([...(await portsByProduct()).keys()], [`${domain}.live`]);
  });
});
