// Seeds the local stack for `npm run demo` through the publish engine, so that the topics (partitions,
// cleanup.policy, retention) and the subjects (compatibility levels) are exactly what the manifests say.
// Five products in three domains are published to the catalog (payments.refunds as deprecated); sales.orders
// stays a workspace draft (to show both kinds in the Mesh view): its topic and subject are created, but no
// catalog record is written. Two subjects get an earlier version first, so the Schemas view has a history.
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { RegistryClient } from '../client/src/kafka/registryClient';
import { applyPublish, preparePublish, type PublishConnection } from '../client/src/engines/publish/publishEngine';
import { describeAction, type PublishFinding } from '../client/src/engines/publish/publishTypes';

const PUBLISHED = [
  'sales/customers/customers.dataproduct.yaml',
  'payments/transactions/transactions.dataproduct.yaml',
  'payments/refunds/refunds.dataproduct.yaml',
  'logistics/shipments/shipments.dataproduct.yaml',
  'logistics/deliveries/deliveries.dataproduct.yaml',
];
const DRAFT = 'sales/orders/orders.dataproduct.yaml';

/** Earlier versions of two value schemas (each without the optional field the current one adds). */
const HISTORY: Record<string, object> = {
  'sales.customers.v2-value': {
    type: 'record',
    name: 'Customer',
    namespace: 'com.example.sales',
    fields: [
      { name: 'customerId', type: 'string' },
      { name: 'country', type: 'string' },
    ],
  },
  'logistics.shipments.v1-value': {
    type: 'record',
    name: 'Shipment',
    namespace: 'com.example.logistics',
    fields: [
      { name: 'shipmentId', type: 'string' },
      { name: 'orderId', type: 'string' },
      {
        name: 'state',
        type: {
          type: 'enum',
          name: 'ShipmentState',
          symbols: ['LABELLED', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED', 'RETURNED'],
          default: 'IN_TRANSIT',
        },
      },
      { name: 'weightGrams', type: 'int' },
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    ],
  },
};

/** Registers the earlier versions on a fresh registry only: a rerun must not add versions. */
async function seedHistory(registry: RegistryClient, log: (line: string) => void): Promise<void> {
  for (const [subject, schema] of Object.entries(HISTORY)) {
    if ((await registry.subjects()).includes(subject)) continue;
    const { id } = await registry.register(subject, { schema: JSON.stringify(schema), schemaType: 'AVRO' });
    log(`${subject}: an earlier version registered (id ${id}), for the history`);
  }
}

export async function seedDemoMesh(
  meshFolder: string,
  bootstrap: string,
  registryUrl: string,
  options: { log?: (line: string) => void; catalogTopic?: string } = {},
): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(`  ${line}`));
  const kafka = new Kafka({ clientId: 'datamesh-demo', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const registry = new RegistryClient({ url: registryUrl });
  const connection: PublishConnection = { kafka, registry, ...(options.catalogTopic ? { catalogTopic: options.catalogTopic } : {}) };
  await seedHistory(registry, log);
  for (const path of [...PUBLISHED, DRAFT]) {
    const publishOptions = { manifestPath: join(meshFolder, path), publishedBy: 'npm run demo' };
    const prepared = await preparePublish(connection, publishOptions);
    for (const finding of prepared.plan.findings) log(`${path}: ${findingLine(finding)}`);
    if (prepared.plan.refused) throw new Error(`${path} was refused; run datamesh publish --dry-run ${path} for the details`);
    if (path === DRAFT) {
      prepared.plan.actions = prepared.plan.actions.filter((action) => action.kind !== 'write-catalog-record');
    }
    const outcome = await applyPublish(connection, prepared, publishOptions);
    for (const id of outcome.applied) {
      const action = prepared.plan.actions.find((candidate) => candidate.id === id);
      if (action) log(`${path}: ${describeAction(action)}`);
    }
    if (outcome.status === 'partial') throw new Error(`${path}: ${outcome.failure?.action} failed: ${outcome.failure?.message}`);
  }
}

function findingLine(finding: PublishFinding): string {
  return `${finding.severity}: ${finding.message}`;
}
