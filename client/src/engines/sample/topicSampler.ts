/**
 * Reads a topic for sampling without disturbing the cluster. kafkajs has no group-less assignment, so
 * the consumer joins an ephemeral group of its own (a fresh `datamesh-sample-<uuid>` id that no
 * application uses), commits nothing (autoCommit off, never a commit call), and the group is deleted
 * when the sampler stops, as the catalog engine's readers do.
 *
 * Partitions not chosen are paused; chosen ones are sought to their start offsets. Without `follow`
 * the sampler ends once every chosen partition reaches the end offset it had when the sampler started.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { settleWithin, withTimeout } from '../../kafka/withTimeout';
import { decodeHeaderValue, decodePayload, schemaIdNeeded } from './payloadDecoder';
import { SAMPLE_GROUP_PREFIX } from './sampleNames';
import type { SchemaCache } from './schemaCache';
import type { DecodedPayload, FormatChoice, PartitionProgress, SampledRecord, StartPosition } from './sampleTypes';
import { resolveStartOffsets, type PartitionOffsets } from './startPosition';

const DISCONNECT_WAIT_MS = 3_000;
const END_OFFSETS_REFRESH_MS = 2_000;
/** Records decoded and delivered at a time. */
const DELIVERY_CHUNK = 500;

/** A problem of the request itself (an unknown topic or partition), as opposed to the network. */
export class SampleRequestError extends Error {
  override readonly name = 'SampleRequestError';
}

/** What the consumer fetches at once: large enough for throughput, a short wait so that tailing feels live. */
export interface FetchTuning {
  maxBytes: number;
  maxBytesPerPartition: number;
  minBytes: number;
  maxWaitTimeInMs: number;
}

export const DEFAULT_FETCH_TUNING: FetchTuning = {
  maxBytes: 50 * 1024 * 1024,
  maxBytesPerPartition: 8 * 1024 * 1024,
  minBytes: 1,
  maxWaitTimeInMs: 200,
};

export type SampleEndReason = 'end-offsets' | 'stopped' | 'error';

export interface TopicSamplerOptions {
  topic: string;
  /** The partitions to read; all of them when absent or empty. */
  partitions?: readonly number[];
  from: StartPosition;
  /** true: keep tailing; false: end at the end offsets seen at start. */
  follow: boolean;
  schemas: SchemaCache;
  keyFormat?: FormatChoice;
  valueFormat?: FormatChoice;
  /**
   * Gets every decoded record, in batches, in offset order per partition. Returning false pauses the
   * sampler right after the record it stopped at (the rest is read again on resume), for a full buffer
   * or a reached limit: `consumed` says how many of the batch it took.
   */
  onRecords: (records: SampledRecord[]) => { consumed: number; pause?: boolean } | void;
  /** Called once when the sampler ends, whatever the reason. */
  onEnd?: (reason: SampleEndReason, error?: unknown) => void;
  /** Bound on connecting and resolving offsets; default 30 s. */
  timeoutMs?: number;
  fetch?: Partial<FetchTuning>;
  /**
   * false: hand out the raw bytes only (key and value are left undecoded), for callers that decode on
   * their own, such as the publish engine's event check. Default true.
   */
  decode?: boolean;
}

interface PartitionState {
  partition: number;
  start: bigint;
  position: bigint;
  end: bigint;
  /** The end offset at start: where a sample without `follow` stops. */
  stopAt: bigint;
}

export class TopicSampler {
  readonly groupId = `${SAMPLE_GROUP_PREFIX}${randomUUID()}`;
  private admin: Admin | undefined;
  private consumer: Consumer | undefined;
  private readonly states = new Map<number, PartitionState>();
  private seq = 0;
  private pausedByUser = false;
  private stopping: Promise<void> | undefined;
  private ended = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private groupCreated = false;
  /** The topic-name strategy's subjects, preferred when a schema is registered under several. */
  private readonly keySubject: string;
  private readonly valueSubject: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: TopicSamplerOptions,
  ) {
    this.keySubject = `${options.topic}-key`;
    this.valueSubject = `${options.topic}-value`;
  }

  get paused(): boolean {
    return this.pausedByUser;
  }

  get running(): boolean {
    return !this.ended && this.stopping === undefined;
  }

  /** The chosen partitions once started, sorted. */
  get partitions(): number[] {
    return [...this.states.keys()].sort((a, b) => a - b);
  }

  /**
   * Connects, resolves the start offsets and starts reading. Resolves once reading has begun (or the
   * sample turned out empty and ended); errors of this phase are thrown (after cleaning up).
   */
  async start(): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    try {
      await withTimeout(this.prepare(), timeoutMs, `Preparing to sample ${this.options.topic}`);
    } catch (error) {
      await this.abandon(error);
      return;
    }
    if (this.ended || this.stopping) return;
    if (!this.options.follow && [...this.states.values()].every((state) => state.start >= state.stopAt)) {
      this.finish('end-offsets');
      return;
    }
    try {
      await withTimeout(this.startConsumer(), timeoutMs, `Joining the sampler's own consumer group for ${this.options.topic}`);
    } catch (error) {
      await this.abandon(error);
      return;
    }
    if (this.options.follow) this.scheduleRefresh();
  }

  /** Cleans up after a failed start; the error is the caller's unless a stop was asked for meanwhile (Ctrl-C). */
  private async abandon(error: unknown): Promise<void> {
    const stopRequested = this.stopping !== undefined;
    await this.stop();
    if (!stopRequested) throw error;
  }

  /** Pauses fetching (live mode's pause); records already read stay delivered. */
  pause(): void {
    if (this.pausedByUser) return;
    this.pausedByUser = true;
    this.consumer?.pause([{ topic: this.options.topic, partitions: this.partitions }]);
  }

  resume(): void {
    if (!this.pausedByUser) return;
    this.pausedByUser = false;
    if (this.running) this.consumer?.resume([{ topic: this.options.topic, partitions: this.partitions }]);
  }

  /** Each chosen partition's position against its end offset. */
  progress(): PartitionProgress[] {
    return this.partitions.map((partition) => {
      const state = this.states.get(partition) as PartitionState;
      const lag = state.end > state.position ? state.end - state.position : 0n;
      return {
        partition,
        start: state.start.toString(),
        position: state.position.toString(),
        end: state.end.toString(),
        lag: lag.toString(),
        paused: this.pausedByUser,
      };
    });
  }

  /** Stops reading, leaves and deletes the ephemeral group; safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async prepare(): Promise<void> {
    const { topic } = this.options;
    this.admin = this.kafka.admin();
    await this.admin.connect();
    try {
      await this.admin.fetchTopicMetadata({ topics: [topic] });
    } catch (error) {
      if (isUnknownTopic(error)) throw new SampleRequestError(`The topic "${topic}" does not exist.`);
      throw error;
    }
    const offsets: PartitionOffsets[] = (await this.admin.fetchTopicOffsets(topic)).map((entry) => ({
      partition: entry.partition,
      low: BigInt(entry.low),
      high: BigInt(entry.high),
    }));
    const known = new Set(offsets.map((entry) => entry.partition));
    const wanted = this.options.partitions?.length ? [...new Set(this.options.partitions)] : [...known];
    const unknown = wanted.filter((partition) => !known.has(partition));
    if (unknown.length > 0) {
      throw new SampleRequestError(
        `The topic "${topic}" has no partition ${unknown.join(', ')} (it has ${offsets.length}: 0 to ${offsets.length - 1}).`,
      );
    }
    const chosen = offsets.filter((entry) => wanted.includes(entry.partition));
    let byTimestamp: Map<number, bigint> | undefined;
    if (this.options.from.kind === 'timestamp') {
      const found = await this.admin.fetchTopicOffsetsByTimestamp(topic, this.options.from.timestamp);
      // -1: no record at or after the time; the partition starts at its end.
      byTimestamp = new Map(found.filter((entry) => BigInt(entry.offset) >= 0n).map((entry) => [entry.partition, BigInt(entry.offset)]));
    }
    const starts = resolveStartOffsets(this.options.from, chosen, byTimestamp);
    for (const entry of chosen) {
      const start = starts.get(entry.partition) ?? entry.high;
      this.states.set(entry.partition, { partition: entry.partition, start, position: start, end: entry.high, stopAt: entry.high });
    }
  }

  private async startConsumer(): Promise<void> {
    const { topic } = this.options;
    const tuning = { ...DEFAULT_FETCH_TUNING, ...this.options.fetch };
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      maxBytes: tuning.maxBytes,
      maxBytesPerPartition: tuning.maxBytesPerPartition,
      minBytes: tuning.minBytes,
      maxWaitTimeInMs: tuning.maxWaitTimeInMs,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: 2, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      if (!this.stopping) this.finish('error', event.payload.error);
    });
    // Progress comes from END_BATCH_PROCESS too: batches of only control records (transaction markers)
    // never reach eachBatch, and a batch's last offset can be such a record. Only a batch that reached
    // no handler, or that the handler took whole, moves the position: kafkajs reports the batch's end
    // even when the handler skipped it (during a rebalance), and those records must be read again.
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
      const state = this.states.get(event.payload.partition);
      if (!state || event.payload.topic !== topic) return;
      const takenWhole = this.batchTakenWhole.get(event.payload.partition) === true;
      this.batchTakenWhole.delete(event.payload.partition);
      const next = BigInt(event.payload.lastOffset) + 1n;
      if ((event.payload.batchSize === 0 || takenWhole) && next > state.position && next > state.start) state.position = next;
      if (next > state.end) state.end = next;
      this.checkDone();
    });
    const others = (await this.partitionsOfTopic()).filter((partition) => !this.states.has(partition));
    // Positions are set as the group is joined, before the first fetch (a seek after run() comes after
    // a first, wasted fetch), and again after any rejoin, which would otherwise reset them: the group
    // commits nothing, so kafkajs would fall back to the end of each partition.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const state of this.states.values()) consumer.seek({ topic, partition: state.partition, offset: state.position.toString() });
      if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
      if (this.pausedByUser) consumer.pause([{ topic, partitions: this.partitions }]);
    });
    await consumer.connect();
    this.groupCreated = true;
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) =>
        this.handleBatch(payload.batch.partition, payload.batch.messages, payload.resolveOffset, payload.isRunning),
    });
  }

  /** Per partition: whether the handler took the batch being processed whole (see END_BATCH_PROCESS). */
  private readonly batchTakenWhole = new Map<number, boolean>();

  private async handleBatch(
    partition: number,
    messages: KafkaMessage[],
    resolveOffset: (offset: string) => void,
    isRunning: () => boolean,
  ): Promise<void> {
    const state = this.states.get(partition);
    this.batchTakenWhole.set(partition, false);
    if (!state || this.stopping || !isRunning()) return;
    const limit = this.options.follow ? undefined : state.stopAt;
    // Before the seek took effect, or past the end of a bounded sample: not part of it. Offsets ascend,
    // so only a batch that crosses a bound needs a look at each message.
    const inside = (message: KafkaMessage) => {
      const offset = BigInt(message.offset);
      return offset >= state.position && (limit === undefined || offset < limit);
    };
    const first = messages[0];
    const final = messages[messages.length - 1];
    const wanted = first && inside(first) && inside(final) ? messages : messages.filter(inside);
    if (wanted.length === 0) {
      const last = messages[messages.length - 1];
      if (last) resolveOffset(last.offset);
      this.batchTakenWhole.set(partition, true);
      return;
    }
    const keyFormat = this.options.keyFormat ?? 'auto';
    const valueFormat = this.options.valueFormat ?? 'auto';
    const ids = new Set<number>();
    for (const message of this.options.decode === false ? [] : wanted) {
      const keyId = schemaIdNeeded(message.key, keyFormat);
      const valueId = schemaIdNeeded(message.value, valueFormat);
      if (keyId !== undefined) ids.add(keyId);
      if (valueId !== undefined) ids.add(valueId);
    }
    if (ids.size > 0) await this.options.schemas.load(ids);
    // Decoded and handed out in chunks: a whole fetch decoded at once would outlive the young
    // generation and make every collection a full one.
    for (let start = 0; start < wanted.length; start += DELIVERY_CHUNK) {
      if (this.stopping) return;
      const records = wanted
        .slice(start, start + DELIVERY_CHUNK)
        .map((message) => this.toRecord(partition, message, keyFormat, valueFormat));
      const answer = this.options.onRecords(records);
      const consumed = answer ? Math.max(0, Math.min(answer.consumed, records.length)) : records.length;
      if (consumed > 0) {
        const lastTaken = records[consumed - 1].offset;
        resolveOffset(lastTaken);
        state.position = BigInt(lastTaken) + 1n;
      }
      if (consumed < records.length || answer?.pause) {
        // The records not taken are fetched again after resume: their offsets stay unresolved.
        if (consumed === records.length && start + DELIVERY_CHUNK >= wanted.length) this.batchTakenWhole.set(partition, true);
        this.pause();
        return;
      }
    }
    const last = messages[messages.length - 1];
    if (last) resolveOffset(last.offset);
    this.batchTakenWhole.set(partition, true);
  }

  private toRecord(partition: number, message: KafkaMessage, keyFormat: FormatChoice, valueFormat: FormatChoice): SampledRecord {
    const headers: Record<string, string> = {};
    const rawHeaders: [string, Buffer][] = [];
    const messageHeaders = message.headers;
    if (messageHeaders) {
      for (const name in messageHeaders) {
        const raw = messageHeaders[name];
        if (raw === undefined) continue;
        if (!Array.isArray(raw)) {
          const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
          rawHeaders.push([name, bytes]);
          headers[name] = decodeHeaderValue(bytes);
          continue;
        }
        for (const one of raw) {
          const bytes = typeof one === 'string' ? Buffer.from(one, 'utf8') : one;
          rawHeaders.push([name, bytes]);
          headers[name] = decodeHeaderValue(bytes);
        }
      }
    }
    // Views of kafkajs's fetch response, not copies: whoever keeps records copies them (detachRecord).
    const rawKey = message.key;
    const rawValue = message.value;
    if (this.options.decode === false) {
      return {
        seq: this.seq++,
        topic: this.options.topic,
        partition,
        offset: message.offset,
        timestamp: Number(message.timestamp),
        key: undecoded(rawKey),
        value: undecoded(rawValue),
        headers,
        rawKey,
        rawValue,
        rawHeaders,
      };
    }
    return {
      seq: this.seq++,
      topic: this.options.topic,
      partition,
      offset: message.offset,
      timestamp: Number(message.timestamp),
      key: decodePayload(rawKey, keyFormat, this.options.schemas, this.keySubject),
      value: decodePayload(rawValue, valueFormat, this.options.schemas, this.valueSubject),
      headers,
      rawKey,
      rawValue,
      rawHeaders,
    };
  }

  private checkDone(): void {
    if (this.options.follow || this.ended || this.stopping) return;
    if ([...this.states.values()].every((state) => state.position >= state.stopAt)) this.finish('end-offsets');
  }

  private finish(reason: SampleEndReason, error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    void this.stop().finally(() => this.options.onEnd?.(reason, error));
  }

  private scheduleRefresh(): void {
    this.refreshTimer = setTimeout(() => {
      void this.refreshEndOffsets().finally(() => {
        if (this.running) this.scheduleRefresh();
      });
    }, END_OFFSETS_REFRESH_MS);
    this.refreshTimer.unref?.();
  }

  private async refreshEndOffsets(): Promise<void> {
    try {
      const offsets = await this.admin?.fetchTopicOffsets(this.options.topic);
      for (const entry of offsets ?? []) {
        const state = this.states.get(entry.partition);
        if (state) state.end = BigInt(entry.high);
      }
    } catch {
      // A missed refresh only makes the lag older; the next one tries again.
    }
  }

  private async partitionsOfTopic(): Promise<number[]> {
    const metadata = await this.admin?.fetchTopicMetadata({ topics: [this.options.topic] });
    return metadata?.topics[0]?.partitions.map((partition) => partition.partitionId) ?? [];
  }

  private async shutdown(): Promise<void> {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const consumer = this.consumer;
    if (consumer) await settleWithin(consumer.disconnect(), DISCONNECT_WAIT_MS);
    if (this.admin && this.groupCreated) await deleteGroup(this.admin, this.groupId);
    if (this.admin) await settleWithin(this.admin.disconnect(), DISCONNECT_WAIT_MS);
    if (!this.ended) {
      this.ended = true;
      this.options.onEnd?.('stopped');
    }
  }
}

function undecoded(bytes: Buffer | null): DecodedPayload {
  return { format: 'binary', value: { hex: '', error: 'not decoded (raw bytes asked for)' }, size: bytes?.length ?? 0 };
}

/** Deletes the sampler's group once its member has left (a group still being left is retried briefly). */
async function deleteGroup(admin: Admin, groupId: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await withTimeout(admin.deleteGroups([groupId]), 3_000, `Deleting the consumer group ${groupId}`);
      return;
    } catch (error) {
      const types = errorTypes(error);
      if (types.includes('GROUP_ID_NOT_FOUND')) return;
      if (!types.includes('NON_EMPTY_GROUP') && !types.includes('COORDINATOR_LOAD_IN_PROGRESS') && attempt >= 2) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function errorTypes(error: unknown): string[] {
  const types: string[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && types.length < 20) {
    const current = queue.shift() as { type?: unknown; error?: unknown; cause?: unknown; originalError?: unknown; groups?: unknown };
    if (!current || typeof current !== 'object') continue;
    if (typeof current.type === 'string') types.push(current.type);
    queue.push(current.cause, current.originalError, current.error);
    if (Array.isArray(current.groups)) queue.push(...current.groups);
  }
  return types;
}

function isUnknownTopic(error: unknown): boolean {
  return errorTypes(error).includes('UNKNOWN_TOPIC_OR_PARTITION');
}
