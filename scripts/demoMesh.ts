// Seeds the local stack for `npm run demo`: the demo products' topics and value schemas, and catalog
// records for the published ones (sales.orders stays a workspace draft, to show both kinds in the Mesh view).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { parse } from 'yaml';
import { RegistryClient } from '../client/src/kafka/registryClient';
import { writeCatalogRecord } from '../client/src/engines/catalog/catalogEngine';

interface DemoManifest {
  id: string;
  status: string;
  outputPorts: { topic: string; partitions?: number; value: { schema: string } }[];
}

const PUBLISHED = ['sales/customers/customers.dataproduct.yaml', 'payments/transactions/transactions.dataproduct.yaml'];
const DRAFT = 'sales/orders/orders.dataproduct.yaml';

export async function seedDemoMesh(meshFolder: string, bootstrap: string, registryUrl: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'datamesh-demo', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const registry = new RegistryClient({ url: registryUrl });
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const path of [...PUBLISHED, DRAFT]) {
      const manifest = parse(readFileSync(join(meshFolder, path), 'utf8')) as DemoManifest;
      const topics = manifest.outputPorts.filter((port) => !existing.has(port.topic));
      if (topics.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: topics.map((port) => ({ topic: port.topic, numPartitions: port.partitions ?? 1, replicationFactor: 1 })),
        });
      }
      if (path === DRAFT) continue;
      const schemas: Record<string, { id: number; version: number }> = {};
      for (const port of manifest.outputPorts) {
        const subject = `${port.topic}-value`;
        const schema = readFileSync(join(meshFolder, dirname(path), port.value.schema), 'utf8');
        const { id } = await registry.register(subject, { schema: JSON.stringify(JSON.parse(schema)) });
        const versions = await registry.versions(subject);
        schemas[subject] = { id, version: Math.max(...versions) };
      }
      await writeCatalogRecord(kafka, {
        id: manifest.id,
        manifest: manifest as unknown as Record<string, unknown>,
        schemas,
        status: manifest.status,
        publishedAt: new Date().toISOString(),
        publishedBy: 'npm run demo',
      });
    }
  } finally {
    await admin.disconnect();
  }
}
