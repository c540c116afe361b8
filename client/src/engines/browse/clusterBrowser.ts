/**
 * Read-only queries over a Kafka cluster for the tree views and the command line: topics with their
 * partitions, offsets and configs, consumer groups with members and lag. vscode-free. Every call is
 * bounded by a timeout, so a broker that goes away becomes an error in seconds, never a hang.
 */
import { listGrants, type PrincipalGrants } from '../grants/grantEngine';
import { AssignerProtocol, ConfigResourceTypes, ConfigSource, type Admin, type ITopicConfig } from 'kafkajs';
import { withTimeout } from '../../kafka/withTimeout';
import { compareNames } from './names';

export { compareNames } from './names';

export interface TopicListing {
  name: string;
  /** Kafka's own topics (`__consumer_offsets`) and, by convention, every topic whose name starts with `_`. */
  internal: boolean;
  partitions: number;
  /** The replica count of the first partition (all partitions normally agree). */
  replicationFactor: number;
}

export interface PartitionInfo {
  partition: number;
  /** Broker id of the leader; -1 when the partition has none (offline). */
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  /** The log start offset. */
  earliest: number;
  /** The high watermark: the offset the next record gets. */
  latest: number;
}

export interface TopicConfigEntry {
  name: string;
  /** null for sensitive values, which the broker does not reveal. */
  value: string | null;
  /** Not set on the topic: the value comes from the broker or Kafka's defaults. */
  isDefault: boolean;
  /** Where the value comes from: topic, broker, default... */
  source: ConfigSourceName;
  readOnly: boolean;
  sensitive: boolean;
}

export type ConfigSourceName =
  'topic' | 'dynamic-broker' | 'dynamic-default-broker' | 'static-broker' | 'default' | 'dynamic-broker-logger' | 'unknown';

export interface GroupListing {
  groupId: string;
  /** `consumer` for ordinary consumer groups; Connect workers and others use their own. */
  protocolType: string;
  state: string;
  members: number;
  /** The assignor (range, roundrobin, ...), when the group has members. */
  protocol: string;
}

export interface GroupMemberInfo {
  memberId: string;
  clientId: string;
  clientHost: string;
  /** The partitions assigned to the member; empty for members of non-consumer protocols. */
  assignment: { topic: string; partitions: number[] }[];
}

export interface PartitionLag {
  partition: number;
  /** The committed offset, or undefined when the group has not committed one for this partition. */
  committed: number | undefined;
  latest: number;
  earliest: number;
  /** latest − committed; undefined without a committed offset. */
  lag: number | undefined;
  /**
   * Without a committed offset: the events the group would read when it starts on this partition, which
   * is latest − earliest under auto.offset.reset=earliest (Kafka's default, `latest`, would read none).
   * Undefined when the partition has a committed offset.
   */
  unread?: number;
}

export interface TopicLag {
  topic: string;
  partitions: PartitionLag[];
  /** The sum of the lag of the partitions with a committed offset. */
  totalLag: number;
  /** How many partitions have no committed offset (they are listed, never counted as lag 0). */
  partitionsWithoutOffset: number;
  /** The sum of their `unread` events (auto.offset.reset=earliest). */
  unreadWithoutOffset: number;
}

export interface GroupDetail extends GroupListing {
  memberDetails: GroupMemberInfo[];
  /** One entry per topic the group has committed offsets for or is assigned, sorted by topic. */
  topics: TopicLag[];
  totalLag: number;
}

export interface ClusterInfo {
  clusterId: string;
  controller: number | null;
  brokers: { nodeId: number; host: string; port: number }[];
}

export interface NewTopic {
  name: string;
  partitions: number;
  /** -1 or undefined: the broker's default. */
  replicationFactor?: number;
  configs?: Record<string, string>;
}

/** What the views and commands ask of a cluster; ClusterBrowser implements it, tests fake it. */
export interface ClusterQueries {
  describeCluster(): Promise<ClusterInfo>;
  listTopics(): Promise<TopicListing[]>;
  describePartitions(topic: string): Promise<PartitionInfo[]>;
  topicConfigs(topic: string): Promise<TopicConfigEntry[]>;
  listGroups(): Promise<GroupListing[]>;
  describeGroup(groupId: string): Promise<GroupDetail>;
  /** Who may do what on these topics (the grants engine's listing); rejects with GrantClusterError without an authorizer. */
  listGrants(topics: string[]): Promise<PrincipalGrants[]>;
}

export interface ClusterBrowserOptions {
  /** The limit of one query (which may be several requests); default 15 s. */
  timeoutMs?: number;
  /** How errors name the cluster, e.g. "broker 127.0.0.1:9092". */
  target?: string;
}

/** Kafka's internal topics and the `_`-prefixed convention (`_schemas`, `_confluent-*`, the mesh catalog). */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('_');
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** How many topics' offsets are fetched at once for a group's lag. */
const OFFSET_CONCURRENCY = 8;

export class ClusterBrowser implements ClusterQueries {
  private readonly timeoutMs: number;
  private readonly target: string | undefined;

  /** `admin` must be connected; the browser never disconnects it (its owner does). */
  constructor(
    private readonly admin: Admin,
    options: ClusterBrowserOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.target = options.target;
  }

  async describeCluster(): Promise<ClusterInfo> {
    const info = await this.bounded(this.admin.describeCluster(), 'describe the cluster');
    return { clusterId: info.clusterId, controller: info.controller, brokers: [...info.brokers].sort((a, b) => a.nodeId - b.nodeId) };
  }

  /** Every topic, sorted by name; one metadata request, so 5,000 topics cost one round trip. */
  async listTopics(): Promise<TopicListing[]> {
    const { topics } = await this.bounded(this.admin.fetchTopicMetadata(), 'list topics');
    return topics
      .map((topic) => ({
        name: topic.name,
        internal: isInternalTopic(topic.name),
        partitions: topic.partitions.length,
        replicationFactor: topic.partitions[0]?.replicas.length ?? 0,
      }))
      .sort((a, b) => compareNames(a.name, b.name));
  }

  /** Leader, replicas, ISR and the earliest and latest offsets of each partition. */
  async describePartitions(topic: string): Promise<PartitionInfo[]> {
    return this.bounded(
      (async () => {
        // kafkajs's admin client never asks the broker to auto-create a topic, so asking by name is safe.
        const [offsets, { topics }] = await Promise.all([
          this.admin.fetchTopicOffsets(topic),
          this.admin.fetchTopicMetadata({ topics: [topic] }),
        ]);
        const byPartition = new Map(offsets.map((entry) => [entry.partition, entry]));
        return (topics[0]?.partitions ?? [])
          .map((partition) => {
            const offset = byPartition.get(partition.partitionId);
            return {
              partition: partition.partitionId,
              leader: partition.leader,
              replicas: [...partition.replicas],
              isr: [...partition.isr],
              offlineReplicas: [...(partition.offlineReplicas ?? [])],
              earliest: toNumber(offset?.low),
              latest: toNumber(offset?.high),
            };
          })
          .sort((a, b) => a.partition - b.partition);
      })(),
      `describe the partitions of ${topic}`,
    );
  }

  /** The topic's configuration, every entry, sorted by name. */
  async topicConfigs(topic: string): Promise<TopicConfigEntry[]> {
    const answer = await this.bounded(
      this.admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false }),
      `read the configs of ${topic}`,
    );
    const resource = answer.resources[0];
    if (!resource) return [];
    if (resource.errorCode !== 0)
      throw new Error(`The broker refused the configs of ${topic}: ${resource.errorMessage || `error code ${resource.errorCode}`}.`);
    return resource.configEntries
      .map((entry) => ({
        name: entry.configName,
        value: entry.isSensitive ? null : entry.configValue,
        // Kafka 4 reports cluster-wide values (min.insync.replicas, say) as not default; only a topic-level value is the topic's own.
        isDefault: entry.configSource !== ConfigSource.TOPIC_CONFIG,
        source: sourceName(entry.configSource),
        readOnly: entry.readOnly,
        sensitive: entry.isSensitive,
      }))
      .sort((a, b) => compareNames(a.name, b.name));
  }

  /** Every group with its state and member count, sorted by id (one DescribeGroups per coordinator). */
  async listGroups(): Promise<GroupListing[]> {
    return this.bounded(
      (async () => {
        const { groups } = await this.admin.listGroups();
        if (groups.length === 0) return [];
        const { groups: described } = await this.admin.describeGroups(groups.map((group) => group.groupId));
        const byId = new Map(described.map((group) => [group.groupId, group]));
        return groups
          .map((group) => {
            const description = byId.get(group.groupId);
            return {
              groupId: group.groupId,
              protocolType: group.protocolType || description?.protocolType || '',
              state: description?.state ?? 'Unknown',
              members: description?.members.length ?? 0,
              protocol: description?.protocol ?? '',
            };
          })
          .sort((a, b) => compareNames(a.groupId, b.groupId));
      })(),
      'list consumer groups',
    );
  }

  /** State, members with their assignments, and lag = latest − committed per partition. */
  async describeGroup(groupId: string): Promise<GroupDetail> {
    return this.bounded(
      (async () => {
        const [{ groups }, committed] = await Promise.all([this.admin.describeGroups([groupId]), this.admin.fetchOffsets({ groupId })]);
        const description = groups[0];
        const memberDetails: GroupMemberInfo[] = (description?.members ?? [])
          .map((member) => ({
            memberId: member.memberId,
            clientId: member.clientId,
            clientHost: member.clientHost,
            assignment: decodeAssignment(description?.protocolType, member.memberAssignment),
          }))
          .sort((a, b) => compareNames(a.clientId, b.clientId) || compareNames(a.memberId, b.memberId));

        // Topics with a commit, plus topics assigned to a member but not committed yet.
        const committedByTopic = new Map<string, Map<number, number | undefined>>();
        for (const entry of committed) {
          const partitions = new Map<number, number | undefined>();
          for (const partition of entry.partitions) {
            const offset = Number(partition.offset);
            partitions.set(partition.partition, Number.isFinite(offset) && offset >= 0 ? offset : undefined);
          }
          committedByTopic.set(entry.topic, partitions);
        }
        for (const member of memberDetails) {
          for (const { topic, partitions } of member.assignment) {
            const known = committedByTopic.get(topic) ?? new Map<number, number | undefined>();
            for (const partition of partitions) if (!known.has(partition)) known.set(partition, undefined);
            committedByTopic.set(topic, known);
          }
        }
        // A group keeps offsets of topics that were deleted since; their offsets cannot be fetched.
        const existing = new Set(await this.admin.listTopics());
        const topicNames = [...committedByTopic.keys()].filter((topic) => existing.has(topic)).sort(compareNames);
        const topics = await mapLimit(topicNames, OFFSET_CONCURRENCY, async (topic): Promise<TopicLag> => {
          const offsets = await this.admin.fetchTopicOffsets(topic);
          const commits = committedByTopic.get(topic) ?? new Map<number, number | undefined>();
          // Every partition of a topic the group reads: one without a commit is unread, not "lag 0".
          const partitions = offsets
            .map((entry): PartitionLag => {
              const committedOffset = commits.get(entry.partition);
              const latest = toNumber(entry.high);
              const earliest = toNumber(entry.low);
              return committedOffset === undefined
                ? {
                    partition: entry.partition,
                    committed: undefined,
                    latest,
                    earliest,
                    lag: undefined,
                    unread: Math.max(0, latest - earliest),
                  }
                : { partition: entry.partition, committed: committedOffset, latest, earliest, lag: Math.max(0, latest - committedOffset) };
            })
            .sort((a, b) => a.partition - b.partition);
          const withoutOffset = partitions.filter((partition) => partition.committed === undefined);
          return {
            topic,
            partitions,
            totalLag: partitions.reduce((sum, partition) => sum + (partition.lag ?? 0), 0),
            partitionsWithoutOffset: withoutOffset.length,
            unreadWithoutOffset: withoutOffset.reduce((sum, partition) => sum + (partition.unread ?? 0), 0),
          };
        });
        return {
          groupId,
          protocolType: description?.protocolType ?? '',
          state: description?.state ?? 'Unknown',
          members: memberDetails.length,
          protocol: description?.protocol ?? '',
          memberDetails,
          topics,
          totalLag: topics.reduce((sum, topic) => sum + topic.totalLag, 0),
        };
      })(),
      `describe consumer group ${groupId}`,
    );
  }

  /** Creates a topic and waits for its leaders. */
  async createTopic(topic: NewTopic): Promise<void> {
    const config: ITopicConfig = {
      topic: topic.name,
      numPartitions: topic.partitions,
      replicationFactor: topic.replicationFactor ?? -1,
      configEntries: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value })),
    };
    const created = await this.bounded(
      this.admin.createTopics({ topics: [config], waitForLeaders: true, timeout: this.timeoutMs }),
      `create topic ${topic.name}`,
    );
    if (!created) throw new Error(`Topic ${topic.name} already exists.`);
  }

  async deleteTopic(name: string): Promise<void> {
    await this.bounded(this.admin.deleteTopics({ topics: [name], timeout: this.timeoutMs }), `delete topic ${name}`);
  }

  async listGrants(topics: string[]): Promise<PrincipalGrants[]> {
    return this.bounded(listGrants(this.admin, { topics }), 'list the ACLs');
  }

  private bounded<T>(promise: Promise<T>, operation: string): Promise<T> {
    return withTimeout(promise, this.timeoutMs, operation, this.target ? { target: this.target } : {});
  }
}

/** A consumer member's assignment; other protocols (Connect, for one) encode theirs differently. */
function decodeAssignment(protocolType: string | undefined, buffer: Buffer | undefined): { topic: string; partitions: number[] }[] {
  if (protocolType !== 'consumer' || !buffer || buffer.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
    if (!decoded) return [];
    return Object.entries(decoded.assignment)
      .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => compareNames(a.topic, b.topic));
  } catch {
    return []; // a client with its own assignment format: the members are still listed
  }
}

function sourceName(source: ConfigSource): ConfigSourceName {
  switch (source) {
    case ConfigSource.TOPIC_CONFIG:
      return 'topic';
    case ConfigSource.DYNAMIC_BROKER_CONFIG:
      return 'dynamic-broker';
    case ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG:
      return 'dynamic-default-broker';
    case ConfigSource.STATIC_BROKER_CONFIG:
      return 'static-broker';
    case ConfigSource.DEFAULT_CONFIG:
      return 'default';
    case ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG:
      return 'dynamic-broker-logger';
    default:
      return 'unknown';
  }
}

function toNumber(value: string | undefined): number {
  const number = Number(value);
  return Number.isFinite(number) ? number : 0;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}
