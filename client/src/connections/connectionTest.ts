/**
 * Test Connection: a fresh client (not the views' session) tries the brokers and the registry and
 * reports each with a specific, actionable message. vscode-free.
 */
import { describeConnectionError, type ConnectionErrorDescription } from '../kafka/connectionErrors';
import type { ConnectionProfile } from '../kafka/connectionProfile';
import type { ConnectionLogger } from '../kafka/kafkaClientFactory';
import type { SecretStore } from '../kafka/secretStore';
import { withTimeout } from '../kafka/withTimeout';

export type ComponentResult<T> = ({ ok: true } & T) | { ok: false; error: unknown; description: ConnectionErrorDescription };

export interface ConnectionTestResult {
  broker: ComponentResult<{ clusterId: string; brokers: number; topics: number; ms: number }>;
  /** Absent when the profile has no registry. */
  registry?: ComponentResult<{ subjects: number; compatibility: string; ms: number }>;
}

export async function testConnection(
  profile: ConnectionProfile,
  secrets: SecretStore,
  options: { logger?: ConnectionLogger; timeoutMs?: number } = {},
): Promise<ConnectionTestResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const target = `broker ${profile.bootstrapServers.join(',')}`;
  const [broker, registry] = await Promise.all([
    capture(async () => {
      const started = Date.now();
      // Loaded here, not at activation: kafkajs and the registry libraries are large.
      const { createKafka } = require('../kafka/kafkaClientFactory') as typeof import('../kafka/kafkaClientFactory');
      const kafka = await createKafka(profile, secrets, { logger: options.logger });
      const admin = kafka.admin();
      try {
        return await withTimeout(
          (async () => {
            await admin.connect();
            const cluster = await admin.describeCluster();
            const topics = await admin.listTopics();
            return { clusterId: cluster.clusterId, brokers: cluster.brokers.length, topics: topics.length, ms: Date.now() - started };
          })(),
          timeoutMs,
          'Connecting to Kafka',
          { target, onTimeout: () => admin.disconnect() },
        );
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }),
    profile.registry
      ? capture(async () => {
          const started = Date.now();
          const { createRegistryClient } = require('../kafka/registryClient') as typeof import('../kafka/registryClient');
          const client = await createRegistryClient(profile, secrets);
          if (!client) throw new Error('The connection has no registry.');
          const [subjects, compatibility] = await Promise.all([client.subjects(), client.globalCompatibility()]);
          return { subjects: subjects.length, compatibility, ms: Date.now() - started };
        })
      : undefined,
  ]);
  return { broker, ...(registry ? { registry } : {}) };
}

async function capture<T>(run: () => Promise<T>): Promise<ComponentResult<T>> {
  try {
    return { ok: true, ...(await run()) };
  } catch (error) {
    return { ok: false, error, description: describeConnectionError(error) };
  }
}
