/**
 * The mesh catalog: a compacted topic (key = product id, value = JSON, null = tombstone) read into the
 * current set of published products. The Mesh view and `datamesh catalog` both read it through here.
 *
 * The snapshot is what compaction would leave: the latest record of each key decides. A tombstone
 * removes the product; a malformed latest record removes it too and is reported in `problems`, so
 * that the answer never depends on whether the cleaner has run yet.
 */
import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Consumer, type Kafka, type KafkaMessage } from 'kafkajs';
import { deprecationOf, inputPortsOf, type ProductSummary } from '../../../../server/src/services/index';
import { settleWithin, withTimeout } from '../../kafka/withTimeout';
import { CATALOG_GROUP_PREFIX, DEFAULT_CATALOG_TOPIC } from './catalogNames';

/** How long a reader waits for its clients to disconnect before it returns anyway. */
const DISCONNECT_WAIT_MS = 2_000;

export const DEFAULT_CATALOG_TIMEOUT_MS = 30_000;

export interface CatalogSchemaRef {
  id: number;
  version: number;
}

/** The JSON value of a catalog record (spec §4). */
export interface CatalogRecordValue {
  manifest: Record<string, unknown>;
  schemas: Record<string, CatalogSchemaRef>;
  status: string;
  publishedAt: string;
  publishedBy: string;
  /** The last operation on the record (who, what, when, outcome), as `datamesh publish` and `retire` write it. */
  audit?: Record<string, unknown>;
}

export interface CatalogProduct extends CatalogRecordValue {
  /** The record key, which is the product id. */
  id: string;
  /** Where the deciding record is, for "published at offset" details. */
  partition: number;
  offset: string;
  timestamp: string;
}

export interface CatalogProblem {
  /** The record's key, when it has one. */
  key?: string;
  partition: number;
  offset: string;
  message: string;
}

export interface CatalogSnapshot {
  topic: string;
  /** false when the topic does not exist yet: an empty mesh, not an error. */
  exists: boolean;
  /** Sorted by id. */
  products: CatalogProduct[];
  problems: CatalogProblem[];
}

export interface CatalogTombstone {
  id: string;
  tombstone: true;
}

export interface ReadCatalogOptions {
  topic?: string;
  /** Bound on the whole read (connect, offsets, group join, fetching); default 30 s. */
  timeoutMs?: number;
}

/** The state of one catalog read or watch: latest record per key, with problems keyed the same way. */
class CatalogState {
  private readonly products = new Map<string, CatalogProduct>();
  private readonly keyedProblems = new Map<string, CatalogProblem>();
  private readonly keylessProblems: CatalogProblem[] = [];

  apply(partition: number, message: KafkaMessage): void {
    const offset = message.offset;
    const key = message.key?.toString('utf8');
    if (key === undefined || key === '') {
      this.keylessProblems.push({
        partition,
        offset,
        message: 'A catalog record without a key is ignored (the key must be the product id).',
      });
      return;
    }
    this.keyedProblems.delete(key);
    if (message.value === null) {
      this.products.delete(key);
      return;
    }
    const parsed = parseRecordValue(key, message.value);
    if (typeof parsed === 'string') {
      this.products.delete(key);
      this.keyedProblems.set(key, { key, partition, offset, message: parsed });
      return;
    }
    this.products.set(key, { id: key, ...parsed, partition, offset, timestamp: message.timestamp });
  }

  snapshot(topic: string, exists: boolean): CatalogSnapshot {
    return {
      topic,
      exists,
      products: [...this.products.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      problems: [...this.keylessProblems, ...this.keyedProblems.values()],
    };
  }
}

/** The record value, or a sentence saying what is wrong with it. */
export function parseRecordValue(key: string, value: Buffer | string): CatalogRecordValue | string {
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    return `The catalog record for "${key}" is not JSON (${error instanceof Error ? error.message : String(error)}).`;
  }
  if (!isObject(json)) return `The catalog record for "${key}" is not a JSON object.`;
  const missing = ['manifest', 'schemas', 'status', 'publishedAt', 'publishedBy'].filter((field) => !(field in json));
  if (missing.length > 0) return `The catalog record for "${key}" lacks ${missing.join(', ')}.`;
  if (!isObject(json.manifest)) return `The catalog record for "${key}": manifest must be an object.`;
  if (!isObject(json.schemas)) return `The catalog record for "${key}": schemas must be an object of subject -> {id, version}.`;
  const schemas: Record<string, CatalogSchemaRef> = {};
  for (const [subject, ref] of Object.entries(json.schemas)) {
    if (!isObject(ref) || typeof ref.id !== 'number' || typeof ref.version !== 'number') {
      return `The catalog record for "${key}": schemas["${subject}"] must be {id: number, version: number}.`;
    }
    schemas[subject] = { id: ref.id, version: ref.version };
  }
  for (const field of ['status', 'publishedAt', 'publishedBy'] as const) {
    if (typeof json[field] !== 'string') return `The catalog record for "${key}": ${field} must be a string.`;
  }
  if (json.manifest.id !== undefined && json.manifest.id !== key) {
    return `The catalog record for "${key}" holds the manifest of "${String(json.manifest.id)}"; the key must be the product id.`;
  }
  return {
    manifest: json.manifest,
    schemas,
    status: json.status as string,
    publishedAt: json.publishedAt as string,
    publishedBy: json.publishedBy as string,
    ...(isObject(json.audit) ? { audit: json.audit } : {}),
  };
}

/** A product as the language server and the views know it (source 'catalog', no manifest URI). */
export function toProductSummary(product: CatalogProduct): ProductSummary {
  const manifest = product.manifest;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const owner = isObject(manifest.owner) ? text(manifest.owner.team) : undefined;
  const purpose = isObject(manifest.description) ? text(manifest.description.purpose) : undefined;
  const ports = Array.isArray(manifest.outputPorts)
    ? manifest.outputPorts.filter(isObject).filter((port) => typeof port.name === 'string')
    : [];
  return {
    id: product.id,
    name: text(manifest.name),
    domain: text(manifest.domain),
    version: text(manifest.version),
    // The catalog's status is the published truth (retire changes it without a new manifest).
    status: product.status,
    tier: text(manifest.tier),
    owner,
    purpose,
    deprecation: deprecationOf(manifest.deprecation),
    outputPorts: ports.map((port) => ({
      name: String(port.name),
      topic: text(port.topic),
      compatibility: isObject(port.value) ? text(port.value.compatibility) : undefined,
    })),
    inputPorts: inputPortsOf(manifest.inputPorts),
    source: 'catalog',
  };
}

interface PartitionRange {
  partition: number;
  low: bigint;
  high: bigint;
}

/**
 * Whether the topic exists. Asked by name (not by listing all topics) so that a principal without
 * DESCRIBE gets TOPIC_AUTHORIZATION_FAILED rather than an empty mesh; the admin client never
 * auto-creates topics.
 */
async function topicExists(admin: Admin, topic: string): Promise<boolean> {
  try {
    await admin.fetchTopicMetadata({ topics: [topic] });
    return true;
  } catch (error) {
    if (isUnknownTopic(error)) return false;
    throw error;
  }
}

function isUnknownTopic(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth++) {
    const record = current as { type?: unknown; cause?: unknown; originalError?: unknown };
    if (record.type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    current = record.cause ?? record.originalError;
  }
  return false;
}

async function partitionRanges(admin: Admin, topic: string): Promise<PartitionRange[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.map((entry) => ({ partition: entry.partition, low: BigInt(entry.low), high: BigInt(entry.high) }));
}

function catalogConsumer(kafka: Kafka, purpose: 'read' | 'watch', restart: () => boolean = () => false): Consumer {
  return kafka.consumer({
    // A fresh group each time: no committed offsets, so every reader starts from the beginning, and the
    // empty group disappears on its own. ACL'd clusters need READ on groups prefixed "datamesh-catalog-".
    groupId: `${CATALOG_GROUP_PREFIX}${purpose}-${randomUUID()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    // kafkajs restarts a crashed consumer while this says so: a watch until it is disposed, a read never.
    retry: { retries: 2, restartOnFailure: async () => restart() },
  });
}

/**
 * Reads the catalog from the beginning up to the high watermark that every partition had when the
 * read began. A missing topic is an empty mesh. Errors (connection, authentication, ACL, timeout) are
 * thrown; describe them with describeConnectionError.
 */
export async function readCatalog(kafka: Kafka, options: ReadCatalogOptions = {}): Promise<CatalogSnapshot> {
  const topic = options.topic ?? DEFAULT_CATALOG_TOPIC;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CATALOG_TIMEOUT_MS;
  const admin = kafka.admin();
  let consumer: Consumer | undefined;
  const cleanup = () => settleWithin(Promise.allSettled([admin.disconnect(), consumer?.disconnect()]), DISCONNECT_WAIT_MS);
  const read = async (): Promise<CatalogSnapshot> => {
    await admin.connect();
    if (!(await topicExists(admin, topic))) return new CatalogState().snapshot(topic, false);
    const ranges = await partitionRanges(admin, topic);
    const state = new CatalogState();
    const pending = new Set(ranges.filter((range) => range.high > range.low).map((range) => range.partition));
    if (pending.size === 0) return state.snapshot(topic, true);
    const highs = new Map(ranges.map((range) => [range.partition, range.high]));

    consumer = catalogConsumer(kafka, 'read');
    const active = consumer;
    const done = new Promise<void>((resolve, reject) => {
      active.on(active.events.CRASH, (event) => reject(event.payload.error));
      // Progress is taken from END_BATCH_PROCESS rather than from the messages: kafkajs emits it also for
      // batches of only control records, which never reach eachBatch.
      active.on(active.events.END_BATCH_PROCESS, (event) => {
        const { partition, lastOffset } = event.payload;
        if (BigInt(lastOffset) + 1n >= (highs.get(partition) ?? 0n)) pending.delete(partition);
        if (pending.size === 0) resolve();
      });
      void active
        .connect()
        .then(() => active.subscribe({ topic, fromBeginning: true }))
        .then(() =>
          active.run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const high = highs.get(batch.partition) ?? 0n;
              for (const message of batch.messages) {
                // Records written after the read began belong to the next snapshot.
                if (BigInt(message.offset) < high) state.apply(batch.partition, message);
              }
            },
          }),
        )
        .catch(reject);
    });
    await done;
    return state.snapshot(topic, true);
  };
  let timedOut = false;
  try {
    return await withTimeout(read(), timeoutMs, `Reading the catalog topic ${topic}`, {
      onTimeout: () => {
        // The caller's bound is the promise: disconnect in the background, without waiting.
        timedOut = true;
        void cleanup();
      },
    });
  } finally {
    if (!timedOut) await cleanup();
  }
}

export interface CatalogWatch {
  /** Stops the consumer; resolves when it has left the group. */
  dispose(): Promise<void>;
}

export interface WatchCatalogOptions {
  topic?: string;
  /** Called with each error (connection lost, authentication, ACL); the watch keeps retrying when it can. */
  onError?: (error: unknown, willRetry: boolean) => void;
  /** How often to look for the topic while it does not exist; default 5 s. */
  pollIntervalMs?: number;
}

/**
 * Follows the catalog live: `onChange` gets a full snapshot once the existing records are read (or at
 * once for a missing topic), then after every batch of new records. Never throws and never leaves a
 * rejection unhandled: every failure goes to `onError`.
 */
export function watchCatalog(kafka: Kafka, onChange: (snapshot: CatalogSnapshot) => void, options: WatchCatalogOptions = {}): CatalogWatch {
  const topic = options.topic ?? DEFAULT_CATALOG_TOPIC;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const report = (error: unknown, willRetry: boolean) => {
    try {
      options.onError?.(error, willRetry);
    } catch {
      // A failing error handler must not become an unhandled rejection either.
    }
  };
  const notify = (snapshot: CatalogSnapshot) => {
    try {
      onChange(snapshot);
    } catch (error) {
      report(error, true);
    }
  };

  let disposed = false;
  let consumer: Consumer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let announcedMissing = false;
  const admin = kafka.admin();

  const startConsumer = async (ranges: PartitionRange[]) => {
    const state = new CatalogState();
    const highs = new Map(ranges.map((range) => [range.partition, range.high]));
    // Partitions with records to read before the first snapshot (an emptied partition has none).
    const caughtUp = new Set(ranges.filter((range) => range.high > range.low).map((range) => range.partition));
    let initialSent = false;
    const sendInitialIfReady = () => {
      if (!initialSent && caughtUp.size === 0) {
        initialSent = true;
        notify(state.snapshot(topic, true));
      }
    };
    consumer = catalogConsumer(kafka, 'watch', () => !disposed);
    const active = consumer;
    active.on(active.events.CRASH, (event) => report(event.payload.error, event.payload.restart));
    active.on(active.events.END_BATCH_PROCESS, (event) => {
      const { partition, lastOffset } = event.payload;
      if (BigInt(lastOffset) + 1n >= (highs.get(partition) ?? 0n)) caughtUp.delete(partition);
      sendInitialIfReady();
    });
    await active.connect();
    // A dispose during the connect found no consumer to stop: stop this one now.
    if (disposed) {
      await active.disconnect().catch(() => undefined);
      return;
    }
    await active.subscribe({ topic, fromBeginning: true });
    sendInitialIfReady();
    await active.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) state.apply(batch.partition, message);
        if (initialSent && batch.messages.length > 0) notify(state.snapshot(topic, true));
      },
    });
  };

  // Checked right before the timer is set: a dispose during an await must not leave a retry behind.
  const scheduleRetry = () => {
    if (disposed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void begin();
    }, pollIntervalMs);
  };

  const begin = async (): Promise<void> => {
    if (disposed) return;
    try {
      await admin.connect();
      if (!(await topicExists(admin, topic))) {
        if (!announcedMissing) notify(new CatalogState().snapshot(topic, false));
        announcedMissing = true;
        scheduleRetry();
        return;
      }
      const ranges = await partitionRanges(admin, topic);
      await admin.disconnect();
      if (disposed) return;
      await startConsumer(ranges);
    } catch (error) {
      report(error, !disposed);
      if (!disposed) {
        await admin.disconnect().catch(() => undefined);
        await consumer?.disconnect().catch(() => undefined);
        consumer = undefined;
        scheduleRetry();
      }
    }
  };
  void begin();

  return {
    dispose: async () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await settleWithin(Promise.allSettled([admin.disconnect(), consumer?.disconnect()]), DISCONNECT_WAIT_MS);
    },
  };
}

export interface WriteCatalogOptions {
  topic?: string;
  /** For a topic that does not exist yet; default 1 partition and the broker's replication factor. */
  partitions?: number;
  replicationFactor?: number;
  timeoutMs?: number;
}

/** Creates the compacted catalog topic if it is missing. Returns true when this call created it. */
export async function ensureCatalogTopic(kafka: Kafka, options: WriteCatalogOptions = {}): Promise<boolean> {
  const topic = options.topic ?? DEFAULT_CATALOG_TOPIC;
  const admin = kafka.admin();
  const work = async () => {
    await admin.connect();
    if (await topicExists(admin, topic)) return false;
    // kafkajs is unmaintained and auto-creation would give the wrong cleanup policy: create explicitly.
    return admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: options.partitions ?? 1,
          ...(options.replicationFactor !== undefined ? { replicationFactor: options.replicationFactor } : {}),
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    });
  };
  try {
    return await withTimeout(work(), options.timeoutMs ?? DEFAULT_CATALOG_TIMEOUT_MS, `Creating the catalog topic ${topic}`, {
      onTimeout: () => admin.disconnect(),
    });
  } finally {
    await settleWithin(admin.disconnect(), DISCONNECT_WAIT_MS);
  }
}

/** Writes one product record, or a tombstone for a retired product's id. Creates the topic when missing. */
export async function writeCatalogRecord(
  kafka: Kafka,
  record: CatalogProduct | (CatalogRecordValue & { id: string }) | CatalogTombstone,
  options: WriteCatalogOptions = {},
): Promise<void> {
  const value =
    'tombstone' in record
      ? null
      : JSON.stringify({
          manifest: record.manifest,
          schemas: record.schemas,
          status: record.status,
          publishedAt: record.publishedAt,
          publishedBy: record.publishedBy,
          ...(record.audit ? { audit: record.audit } : {}),
        });
  await writeRawCatalogRecord(kafka, record.id, value, options);
}

/** Writes a record as given (tests use it for malformed records). */
export async function writeRawCatalogRecord(
  kafka: Kafka,
  key: string | null,
  value: string | Buffer | null,
  options: WriteCatalogOptions = {},
): Promise<void> {
  const topic = options.topic ?? DEFAULT_CATALOG_TOPIC;
  await ensureCatalogTopic(kafka, options);
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const work = async () => {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key, value }] });
  };
  try {
    await withTimeout(work(), options.timeoutMs ?? DEFAULT_CATALOG_TIMEOUT_MS, `Writing to the catalog topic ${topic}`, {
      onTimeout: () => producer.disconnect(),
    });
  } finally {
    await settleWithin(producer.disconnect(), DISCONNECT_WAIT_MS);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
