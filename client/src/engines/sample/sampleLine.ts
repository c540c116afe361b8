/**
 * One sampled record as the line of `datamesh sample --format json` and of an NDJSON export (product
 * spec §5): {topic, partition, offset, timestamp (ISO 8601), key, value, headers, schemaId, format}.
 */
import type { DecodedPayload, PlainJson, SampledRecord } from './sampleTypes';

export interface SampleLine {
  topic: string;
  partition: number;
  /** A number (offsets stay far below 2^53 in practice); a string past it, as for Avro longs. */
  offset: number | string;
  timestamp: string;
  key: PlainJson;
  value: PlainJson;
  headers: Record<string, string>;
  /** The value's schema id (Avro in the wire format), or null. */
  schemaId: number | null;
  /** The value's format. */
  format: DecodedPayload['format'];
}

export function toSampleLine(record: SampledRecord): SampleLine {
  const offset = Number(record.offset);
  return {
    topic: record.topic,
    partition: record.partition,
    offset: Number.isSafeInteger(offset) ? offset : record.offset,
    timestamp: isoTimestamp(record.timestamp),
    key: record.key.value,
    value: record.value.value,
    headers: record.headers,
    schemaId: record.value.schemaId ?? null,
    format: record.value.format,
  };
}

/** ISO 8601 in UTC; a timestamp out of Date's range (a producer's garbage) as its number. */
export function isoTimestamp(timestamp: number): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? String(timestamp) : date.toISOString();
}
