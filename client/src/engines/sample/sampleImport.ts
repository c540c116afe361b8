/**
 * Reads an NDJSON file of events to produce: the lines of `datamesh sample --format json` or of an
 * export (key, value, headers, format, schemaId; partition when it should be kept). Each line's value is
 * encoded in its own format: Avro with its schema id, JSON, text; a binary line's hex as bytes.
 */
import type { PayloadToEncode } from './eventEncoder';
import type { EventToProduce } from './eventProducer';
import type { PlainJson } from './sampleTypes';

export interface ImportProblem {
  /** 1-based. */
  line: number;
  message: string;
}

export interface ImportedEvents {
  events: EventToProduce[];
  problems: ImportProblem[];
}

export interface ImportOptions {
  /** Keep each line's partition (default false: the partitioner places events by key). */
  keepPartitions?: boolean;
}

export function parseNdjsonEvents(text: string, options: ImportOptions = {}): ImportedEvents {
  const events: EventToProduce[] = [];
  const problems: ImportProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      problems.push({ line: index + 1, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      problems.push({ line: index + 1, message: 'each line must be a JSON object with key, value and headers' });
      return;
    }
    const record = json as Record<string, unknown>;
    const format = record.format ?? (typeof record.value === 'string' ? 'text' : 'json');
    const headers = record.headers ?? {};
    if (
      typeof headers !== 'object' ||
      headers === null ||
      Array.isArray(headers) ||
      Object.values(headers).some((value) => typeof value !== 'string')
    ) {
      problems.push({ line: index + 1, message: 'headers must be an object of strings' });
      return;
    }
    let value: PayloadToEncode;
    switch (format) {
      case 'avro':
        if (typeof record.schemaId !== 'number') {
          problems.push({ line: index + 1, message: 'an Avro line needs its schemaId' });
          return;
        }
        value = { format: 'avro', json: record.value as PlainJson, schemaId: record.schemaId };
        break;
      case 'binary': {
        const hex = (record.value as { hex?: unknown } | null)?.hex;
        if (typeof hex !== 'string') {
          problems.push({ line: index + 1, message: 'a binary line needs value.hex' });
          return;
        }
        value = { format: 'binary', hex };
        break;
      }
      case 'text':
        value = record.value === null ? null : { format: 'text', text: String(record.value) };
        break;
      case 'json':
        value = record.value === null || record.value === undefined ? null : { format: 'json', json: record.value as PlainJson };
        break;
      default:
        problems.push({ line: index + 1, message: `unknown format ${JSON.stringify(format)} (avro, json, text or binary)` });
        return;
    }
    events.push({
      key: keyPayload(record.key),
      value,
      headers: headers as Record<string, string>,
      ...(options.keepPartitions && typeof record.partition === 'number' ? { partition: record.partition } : {}),
    });
  });
  return { events, problems };
}

/** Keys: text stays text, null stays null, anything else is its JSON. */
function keyPayload(key: unknown): PayloadToEncode {
  if (key === null || key === undefined) return null;
  if (typeof key === 'string') return { format: 'text', text: key };
  if (typeof key === 'object' && typeof (key as { hex?: unknown }).hex === 'string' && 'error' in (key as object)) {
    return { format: 'binary', hex: (key as { hex: string }).hex };
  }
  return { format: 'json', json: key as PlainJson };
}
