// Large meshes: a cluster of 5,000 topics and a catalog of 1,000 products must fill the Mesh and
// Topics trees in under 2 seconds against the local broker. Starts a dedicated local stack (Kafka +
// Apicurio, in a temp folder, stopped afterwards) so the user's own stack is never filled with
// bench topics; skips with a message when no Java can run it.
//
// "Fill" is what a user sees: the Topics view's whole first level (every topic with its partition count
// and owning product, which needs the catalog) and the Mesh view's domains with every product under
// them. "cold" starts from a fresh connection (connect, read the catalog); "warm" is a refresh.
import '../test/support/installVscodeStub';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { LocalStack } from '../client/src/engines/stack/localStack';
import { defaultToolsDir } from '../client/src/engines/stack/stackPaths';
import { chooseJava } from '../client/src/engines/stack/stackPrerequisites';
import { DEFAULT_CATALOG_TOPIC as CATALOG_TOPIC } from '../client/src/engines/catalog/catalogNames';
import { ConnectionManager } from '../client/src/connections/connectionManager';
import { ConnectionStore } from '../client/src/connections/connectionStore';
import type { DraftSource } from '../client/src/connections/browseContext';
import { MemorySecretStore } from '../client/src/kafka/secretStore';
import { MeshTreeProvider } from '../client/src/views/mesh/meshTreeProvider';
import { TopicsTreeProvider } from '../client/src/views/topics/topicsTreeProvider';

export interface TreeBenchResult {
  name: string;
  ms: number;
  target: number;
}

export interface MeshTreesBenchOptions {
  topics?: number;
  products?: number;
  /** Cold and warm runs each: the slowest cold run and the median refresh are reported. */
  runs?: number;
  log?: (line: string) => void;
}

const TARGET_MS = 2000;
const DOMAINS = 50;

export async function benchMeshTrees(options: MeshTreesBenchOptions = {}): Promise<TreeBenchResult[]> {
  const topicCount = options.topics ?? 5000;
  const productCount = Math.min(options.products ?? 1000, topicCount);
  const runs = options.runs ?? 3;
  const log = options.log ?? ((line: string) => console.error(`# mesh trees: ${line}`));
  try {
    await chooseJava();
  } catch (error) {
    log(`skipped: no Java to run the local Kafka broker (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return [];
  }

  const stateDir = mkdtempSync(join(tmpdir(), 'datamesh-bench-stack-'));
  const stack = new LocalStack(stateDir, defaultToolsDir(), (line) => log(line));
  try {
    const up = await stack.up();
    await fillCluster(up.bootstrap, topicCount, productCount, log);

    const drafts: DraftSource = { products: async () => [], onDidChange: () => ({ dispose: () => undefined }) };
    const settings = new Map<string, unknown>([
      [
        'connections',
        [
          {
            name: 'bench',
            bootstrapServers: [up.bootstrap],
            security: { protocol: 'plaintext' },
            registry: { url: up.registry, auth: { kind: 'none' } },
          },
        ],
      ],
    ]);
    const store = new ConnectionStore(
      { get: <T>(key: string) => settings.get(key) as T | undefined, update: async () => undefined },
      new MemorySecretStore(),
    );

    const fillTopics = async (provider: TopicsTreeProvider): Promise<void> => {
      const roots = await provider.getChildren();
      const topics = roots.filter((node) => node.kind === 'topic');
      if (topics.length < topicCount)
        throw new Error(
          `the Topics tree shows ${topics.length} topics, expected ${topicCount}: ${roots
            .slice(0, 3)
            .map((node) => node.name)
            .join(', ')}`,
        );
      const owned = topics.filter((node) => node.kind === 'topic' && node.owner).length;
      if (owned < productCount) throw new Error(`only ${owned} topics show an owner, expected ${productCount}`);
      for (const node of roots) provider.getTreeItem(node);
    };
    const fillMesh = async (provider: MeshTreeProvider): Promise<void> => {
      const roots = await provider.getChildren();
      let products = 0;
      for (const root of roots) {
        provider.getTreeItem(root);
        if (root.kind !== 'domain') continue;
        for (const product of await provider.getChildren(root)) {
          provider.getTreeItem(product);
          products++;
        }
      }
      if (products < productCount) throw new Error(`the Mesh tree shows ${products} products, expected ${productCount}`);
    };

    const measure = async <P extends { dispose(): void }>(
      create: (manager: ConnectionManager) => P,
      fill: (provider: P) => Promise<void>,
    ): Promise<{ cold: number; warm: number }> => {
      const cold: number[] = [];
      const warm: number[] = [];
      for (let run = 0; run < runs; run++) {
        const manager = new ConnectionManager(store, drafts, { catalogTopic: () => CATALOG_TOPIC });
        const provider = create(manager);
        let started = performance.now();
        await fill(provider);
        cold.push(performance.now() - started);
        started = performance.now();
        await fill(provider);
        warm.push(performance.now() - started);
        provider.dispose();
        await manager.dispose();
      }
      log(`samples: cold ${cold.map((ms) => ms.toFixed(0)).join(', ')} ms; refresh ${warm.map((ms) => ms.toFixed(0)).join(', ')} ms`);
      // The slowest cold run (the first pays for loading and compiling the code) against the target, to be safe.
      return { cold: Math.max(...cold), warm: median(warm) };
    };

    const topics = await measure((manager) => new TopicsTreeProvider(manager), fillTopics);
    const mesh = await measure((manager) => new MeshTreeProvider(manager), fillMesh);
    const label = `${topicCount.toLocaleString('en-US')} topics, ${productCount.toLocaleString('en-US')} products`;
    const results: TreeBenchResult[] = [
      { name: `Topics tree filled, first open (connect + catalog), ${label}`, ms: topics.cold, target: TARGET_MS },
      { name: `Topics tree filled, refresh, ${label}`, ms: topics.warm, target: TARGET_MS },
      { name: `Mesh tree filled, first open (connect + catalog), ${label}`, ms: mesh.cold, target: TARGET_MS },
      { name: `Mesh tree filled, refresh, ${label}`, ms: mesh.warm, target: TARGET_MS },
    ];
    for (const result of results) log(`${result.name}: ${result.ms.toFixed(0)} ms (target < ${result.target} ms)`);
    return results;
  } finally {
    await stack.down().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** 5,000 single-partition topics in 50 domains; the first 1,000 are the output ports of catalog products. */
async function fillCluster(bootstrap: string, topicCount: number, productCount: number, log: (line: string) => void): Promise<void> {
  const kafka = new Kafka({ clientId: 'datamesh-bench', brokers: [bootstrap], logLevel: logLevel.NOTHING, requestTimeout: 60_000 });
  const admin = kafka.admin();
  await admin.connect();
  try {
    // The catalog first, while the broker is idle; compacted, as the catalog engine creates it.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: CATALOG_TOPIC, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
    });
    const started = performance.now();
    const names = Array.from({ length: topicCount }, (_, index) => topicName(index));
    for (let offset = 0; offset < names.length; offset += 500) {
      await admin.createTopics({
        waitForLeaders: false,
        timeout: 60_000,
        topics: names.slice(offset, offset + 500).map((topic) => ({ topic, numPartitions: 1 })),
      });
    }
    // Measured once every partition has its leader, so that the broker is idle again.
    for (;;) {
      const { topics } = await admin.fetchTopicMetadata();
      const ready = topics.filter(
        (topic) =>
          topic.name.startsWith('bench-') && topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
      );
      if (ready.length >= topicCount) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    log(`created ${topicCount} topics in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const records = Array.from({ length: productCount }, (_, index) => {
      const domain = `bench-d${index % DOMAINS}`;
      const id = `${domain}.p${index}`;
      const manifest = {
        apiVersion: 'datamesh/v1',
        kind: 'DataProduct',
        id,
        name: `p${index}`,
        domain,
        version: '1.0.0',
        status: 'active',
        owner: { team: `team-${index % 17}` },
        description: { purpose: `Benchmark product ${index}.` },
        tier: ['tier-1', 'tier-2', 'tier-3'][index % 3],
        quality: 'curated',
        outputPorts: [{ name: 'events', topic: topicName(index), value: { format: 'avro', schema: 'schemas/event.avsc' } }],
      };
      const value = {
        manifest,
        schemas: { [`${topicName(index)}-value`]: { id: index + 1, version: 1 } },
        status: 'active',
        publishedAt: new Date(0).toISOString(),
        publishedBy: 'bench',
      };
      return { key: id, value: JSON.stringify(value) };
    });
    for (let offset = 0; offset < records.length; offset += 250) {
      await producer.send({ topic: CATALOG_TOPIC, acks: -1, messages: records.slice(offset, offset + 250) });
    }
    await producer.disconnect();
    log(`wrote ${productCount} catalog records`);
  } finally {
    await admin.disconnect();
  }
}

function topicName(index: number): string {
  return `bench-d${index % DOMAINS}.p${index}.v1`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

if (require.main === module) {
  void benchMeshTrees().then(
    (results) => console.log(JSON.stringify(results, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
