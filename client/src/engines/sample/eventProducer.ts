/**
 * Produces events for the panel: a test event built from a template, the records of an imported NDJSON
 * file, or sampled records republished byte for byte (to the same topic or another, e.g. to redrive a
 * dead-letter topic). Every send waits for all in-sync replicas (acks -1).
 */
import { Partitioners, type Kafka, type Message } from 'kafkajs';
import { settleWithin, withTimeout } from '../../kafka/withTimeout';
import { encodePayload, type PayloadToEncode, type SubjectLookup } from './eventEncoder';
import type { SchemaCache } from './schemaCache';
import type { SampledRecord } from './sampleTypes';

export interface EventToProduce {
  key: PayloadToEncode;
  value: PayloadToEncode;
  headers?: Record<string, string>;
  /** Absent: the default partitioner (by key). */
  partition?: number;
}

export interface ProducedOffset {
  partition: number;
  offset: string;
}

export interface ProduceOptions {
  schemas: SchemaCache;
  subjects?: SubjectLookup;
  timeoutMs?: number;
}

/** Encodes every event first (so that one bad event sends nothing), then sends them in order. */
export async function produceEvents(
  kafka: Kafka,
  topic: string,
  events: EventToProduce[],
  options: ProduceOptions,
): Promise<ProducedOffset[]> {
  const messages: Message[] = [];
  for (const event of events) {
    messages.push({
      key: await encodePayload(event.key, options.schemas, options.subjects),
      value: await encodePayload(event.value, options.schemas, options.subjects),
      headers: event.headers,
      ...(event.partition !== undefined ? { partition: event.partition } : {}),
    });
  }
  return send(kafka, topic, messages, options.timeoutMs);
}

/**
 * Sends sampled records again, with their exact key, value and header bytes. To the same topic they keep
 * their partition; to another topic the partitioner places them by key.
 */
export async function republishRecords(
  kafka: Kafka,
  records: SampledRecord[],
  targetTopic: string,
  timeoutMs?: number,
): Promise<ProducedOffset[]> {
  const messages: Message[] = records.map((record) => {
    const headers: Record<string, Buffer[]> = {};
    for (const [name, value] of record.rawHeaders) (headers[name] ??= []).push(value);
    return {
      key: record.rawKey,
      value: record.rawValue,
      headers,
      ...(record.topic === targetTopic ? { partition: record.partition } : {}),
    };
  });
  return send(kafka, targetTopic, messages, timeoutMs);
}

async function send(kafka: Kafka, topic: string, messages: Message[], timeoutMs = 30_000): Promise<ProducedOffset[]> {
  if (messages.length === 0) return [];
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const work = async () => {
    await producer.connect();
    const results = await producer.send({ topic, acks: -1, messages });
    return results.map((result) => ({ partition: result.partition, offset: result.baseOffset ?? '' }));
  };
  try {
    return await withTimeout(work(), timeoutMs, `Producing to ${topic}`, { onTimeout: () => producer.disconnect() });
  } finally {
    await settleWithin(producer.disconnect(), 2_000);
  }
}
