/**
 * What the cluster has, for the plan: the broker count, a topic's partitions, replication factor and configs,
 * and the consumer groups that read a topic. Read with kafkajs's admin client; errors are the caller's.
 */
import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import { CATALOG_GROUP_PREFIX } from '../catalog/catalogNames';
import { SAMPLE_GROUP_PREFIX } from '../sample/sampleNames';
import type { TopicConfigs } from './publishTypes';
import type { TopicState } from './topicPlan';

export async function brokerCount(admin: Admin): Promise<number> {
  const cluster = await admin.describeCluster();
  return cluster.brokers.length;
}

export async function readTopicState(admin: Admin, topic: string): Promise<TopicState> {
  let metadata;
  try {
    metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  } catch (error) {
    if (hasErrorType(error, 'UNKNOWN_TOPIC_OR_PARTITION')) return { exists: false };
    throw error;
  }
  const partitions = metadata.topics[0]?.partitions ?? [];
  const described = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    includeSynonyms: false,
  });
  const resource = described.resources[0];
  if (resource && resource.errorCode !== 0)
    throw new Error(`The broker refused the configs of ${topic}: ${resource.errorMessage || `error code ${resource.errorCode}`}.`);
  const effective: TopicConfigs = {};
  const overrides: TopicConfigs = {};
  for (const entry of resource?.configEntries ?? []) {
    if (entry.configValue === null || entry.isSensitive) continue;
    effective[entry.configName] = entry.configValue;
    if (entry.configSource === ConfigSource.TOPIC_CONFIG) overrides[entry.configName] = entry.configValue;
  }
  return {
    exists: true,
    partitions: partitions.length,
    replicationFactor: Math.max(0, ...partitions.map((partition) => partition.replicas.length)),
    effective,
    overrides,
  };
}

/** The consumer groups (datamesh's own ephemeral ones left out) with committed offsets on any of the topics. */
export async function groupsReading(admin: Admin, topics: readonly string[]): Promise<{ groupId: string; topic: string }[]> {
  if (topics.length === 0) return [];
  const { groups } = await admin.listGroups();
  const found: { groupId: string; topic: string }[] = [];
  for (const { groupId } of groups) {
    if (groupId.startsWith(SAMPLE_GROUP_PREFIX) || groupId.startsWith(CATALOG_GROUP_PREFIX)) continue;
    let offsets;
    try {
      offsets = await admin.fetchOffsets({ groupId, topics: [...topics] });
    } catch (error) {
      // A topic deleted meanwhile: this group reads none of the others either, as far as can be known.
      if (hasErrorType(error, 'UNKNOWN_TOPIC_OR_PARTITION')) continue;
      throw error;
    }
    for (const entry of offsets) {
      if (entry.partitions.some((partition) => BigInt(partition.offset) >= 0n)) found.push({ groupId, topic: entry.topic });
    }
  }
  return found.sort((a, b) => (a.groupId === b.groupId ? a.topic.localeCompare(b.topic) : a.groupId.localeCompare(b.groupId)));
}

export function hasErrorType(error: unknown, type: string): boolean {
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length > 0 && seen < 20; seen++) {
    const current = queue.shift() as { type?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown } | undefined;
    if (!current || typeof current !== 'object') continue;
    if (current.type === type) return true;
    queue.push(current.cause, current.originalError);
    if (Array.isArray(current.errors)) queue.push(...(current.errors as unknown[]));
  }
  return false;
}
