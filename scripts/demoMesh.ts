// Seeds the local stack for `npm run demo` through the publish engine, so that the topics (partitions,
// cleanup.policy, retention) and the subjects (compatibility levels) are exactly what the manifests say.
// Two products are published to the catalog; sales.orders stays a workspace draft (to show both kinds in the
// Mesh view): its topic and subject are created, but no catalog record is written.
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { RegistryClient } from '../client/src/kafka/registryClient';
import { applyPublish, preparePublish, type PublishConnection } from '../client/src/engines/publish/publishEngine';
import { describeAction, type PublishFinding } from '../client/src/engines/publish/publishTypes';

const PUBLISHED = ['sales/customers/customers.dataproduct.yaml', 'payments/transactions/transactions.dataproduct.yaml'];
const DRAFT = 'sales/orders/orders.dataproduct.yaml';

export async function seedDemoMesh(
  meshFolder: string,
  bootstrap: string,
  registryUrl: string,
  log: (line: string) => void = (line) => console.log(`  ${line}`),
): Promise<void> {
  const kafka = new Kafka({ clientId: 'datamesh-demo', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const connection: PublishConnection = { kafka, registry: new RegistryClient({ url: registryUrl }) };
  for (const path of [...PUBLISHED, DRAFT]) {
    const options = { manifestPath: join(meshFolder, path), publishedBy: 'npm run demo' };
    const prepared = await preparePublish(connection, options);
    for (const finding of prepared.plan.findings) log(`${path}: ${findingLine(finding)}`);
    if (prepared.plan.refused) throw new Error(`${path} was refused; run datamesh publish --dry-run ${path} for the details`);
    if (path === DRAFT) {
      prepared.plan.actions = prepared.plan.actions.filter((action) => action.kind !== 'write-catalog-record');
    }
    const outcome = await applyPublish(connection, prepared, options);
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
