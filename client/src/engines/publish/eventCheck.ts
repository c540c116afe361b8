/**
 * The event check before a new schema is registered: the last N events of each partition, each decoded with
 * its own writer schema (by the id in its Confluent wire-format header) and resolved with the new schema as
 * the reader, as consumers that upgrade will read them. It reads through the sampling engine (ephemeral
 * group, no commits) and its schema cache; the bytes are decoded here.
 */
import type { Kafka } from 'kafkajs';
import type avro from 'avsc';
import { avroType } from '../sample/avroPlainJson';
import { isSchemaFailure, SchemaCache } from '../sample/schemaCache';
import { TopicSampler } from '../sample/topicSampler';
import { WIRE_HEADER_SIZE, wireSchemaId } from '../sample/wireFormat';
import type { PublishFinding } from './publishTypes';

/** Findings of one kind listed one by one before the rest is counted in one more finding. */
const FINDINGS_LISTED_PER_KIND = 20;

export interface EventCheckRequest {
  topic: string;
  port: string;
  subject: string;
  schemaPath: string;
  /** The new schema's text. */
  schema: string;
  /** The ids of the subject's registered versions: a writer schema outside them is not a version of the subject. */
  registeredIds: ReadonlySet<number>;
  perPartition: number;
  acceptChanges: boolean;
  schemas: SchemaCache;
  timeoutMs?: number;
  /** Which payload the subject describes: the events' values (the default) or their keys. */
  role?: 'key' | 'value';
}

export interface EventCheckResult {
  events: number;
  findings: PublishFinding[];
}

export interface RawEvent {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

/** Reads the last `perPartition` events of each partition, raw (copied out of the fetch buffers). */
export async function readLastEvents(kafka: Kafka, topic: string, perPartition: number, timeoutMs?: number): Promise<RawEvent[]> {
  const events: RawEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    const sampler = new TopicSampler(kafka, {
      topic,
      from: { kind: 'last', count: BigInt(perPartition) },
      follow: false,
      decode: false,
      // Nothing is decoded by the sampler: its cache is never asked.
      schemas: new SchemaCache(undefined),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      onRecords: (records) => {
        for (const record of records)
          events.push({
            partition: record.partition,
            offset: record.offset,
            key: record.rawKey && Buffer.from(record.rawKey),
            value: record.rawValue && Buffer.from(record.rawValue),
          });
      },
      onEnd: (reason, error) => (reason === 'error' ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
    });
    sampler.start().catch(reject);
  });
  return events;
}

export async function checkEvents(kafka: Kafka, request: EventCheckRequest): Promise<EventCheckResult> {
  const events = await readLastEvents(kafka, request.topic, request.perPartition, request.timeoutMs);
  return checkRawEvents(events, request);
}

/** The check over events already read (exposed for the benchmark, which times the decoding apart). */
export async function checkRawEvents(events: readonly RawEvent[], request: EventCheckRequest): Promise<EventCheckResult> {
  const reader = avroType(request.schema);
  const payloadOf = (event: RawEvent) => (request.role === 'key' ? event.key : event.value);
  const ids = new Set<number>();
  for (const event of events) {
    const payload = payloadOf(event);
    const id = payload && wireSchemaId(payload);
    if (id !== undefined && id !== null) ids.add(id);
  }
  await request.schemas.load(ids);

  const findings = new FindingList(request);
  const perWriter = new Map<number, WriterPlan | string>();
  let checked = 0;
  for (const event of events) {
    const payload = payloadOf(event);
    if (payload === null) continue; // A tombstone (or a missing key) has nothing to read.
    checked++;
    const at = { partition: event.partition, offset: event.offset };
    const id = wireSchemaId(payload);
    if (id === undefined) {
      findings.add('event-not-wire-format', 'error', at, `is not in the Confluent wire format (no magic byte 0 and schema id)`);
      continue;
    }
    if (!request.registeredIds.has(id)) {
      findings.add(
        'event-unknown-writer',
        'error',
        at,
        `was written with schema id ${id}, which is not a registered version of ${request.subject}`,
      );
      continue;
    }
    let plan = perWriter.get(id);
    if (plan === undefined) {
      plan = writerPlan(request.schemas, id, reader);
      perWriter.set(id, plan);
    }
    if (typeof plan === 'string') {
      findings.add('event-unresolvable', 'error', at, plan);
      continue;
    }
    const body = payload.subarray(WIRE_HEADER_SIZE);
    try {
      reader.fromBuffer(body, plan.resolver);
    } catch (error) {
      findings.add('event-unresolvable', 'error', at, `(schema id ${id}) does not read with ${request.schemaPath}: ${messageOf(error)}`);
      continue;
    }
    if (plan.defaulted.size === 0) continue;
    for (const use of defaultedSymbols(plan.walker, plan.walker.fromBuffer(body), plan.defaulted)) {
      findings.add(
        'event-meaning-changes',
        request.acceptChanges ? 'warning' : 'error',
        at,
        `(schema id ${id}) has symbol ${use.symbol} of enum ${use.enumName}, which ${request.schemaPath} does not have: read with it, the value becomes the enum's default ${use.becomes}`,
      );
    }
  }
  return { events: checked, findings: findings.all() };
}

interface WriterPlan {
  resolver: avro.Resolver;
  /** The writer's type with every union wrapped, to walk a decoded value without ambiguity. */
  walker: avro.Type;
  /** Writer enum fullname -> its symbols the reader lacks and maps to its default, with that default. */
  defaulted: Map<string, { symbols: Set<string>; becomes: string }>;
}

function writerPlan(schemas: SchemaCache, id: number, reader: avro.Type): WriterPlan | string {
  const cached = schemas.peek(id);
  if (!cached) return `(schema id ${id}) has a writer schema that could not be fetched`;
  if (isSchemaFailure(cached)) return `has a writer schema that cannot be had: ${cached.reason}`;
  let resolver: avro.Resolver;
  try {
    resolver = reader.createResolver(cached.type);
  } catch (error) {
    return `(schema id ${id}) cannot be resolved with the new schema: ${messageOf(error)}`;
  }
  const readerEnums = new Map<string, avro.types.EnumType>();
  for (const type of namedTypes(reader)) {
    if (type.typeName !== 'enum') continue;
    const enumType = type as avro.types.EnumType;
    for (const name of [enumType.name, ...(enumType.aliases ?? [])]) if (name) readerEnums.set(name, enumType);
  }
  const defaulted = new Map<string, { symbols: Set<string>; becomes: string }>();
  for (const type of namedTypes(cached.type)) {
    if (type.typeName !== 'enum' || !type.name) continue;
    const matching = readerEnums.get(type.name);
    const fallback = (matching as unknown as { default?: string } | undefined)?.default;
    if (!matching || fallback === undefined) continue;
    const missing = (type as avro.types.EnumType).symbols.filter((symbol) => !matching.symbols.includes(symbol));
    if (missing.length > 0) defaulted.set(type.name, { symbols: new Set(missing), becomes: fallback });
  }
  return { resolver, walker: avroType(cached.text, 'write'), defaulted };
}

/** Every named type reachable from a type, once each. */
function namedTypes(root: avro.Type): avro.Type[] {
  const found: avro.Type[] = [];
  const seen = new Set<avro.Type>();
  const visit = (type: avro.Type) => {
    if (seen.has(type)) return;
    seen.add(type);
    if (type.name) found.push(type);
    for (const child of childTypes(type)) visit(child);
  };
  visit(root);
  return found;
}

function childTypes(type: avro.Type): avro.Type[] {
  switch (type.typeName) {
    case 'record':
    case 'error':
      return (type as avro.types.RecordType).fields.map((field) => field.type);
    case 'array':
      return [(type as avro.types.ArrayType).itemsType];
    case 'map':
      return [(type as avro.types.MapType).valuesType];
    case 'union:wrapped':
    case 'union:unwrapped':
      return (type as avro.types.WrappedUnionType).types;
    default: {
      const underlying = (type as unknown as { underlyingType?: avro.Type }).underlyingType;
      return underlying ? [underlying] : [];
    }
  }
}

/** The enum values of a decoded value (unions wrapped) that fall in `defaulted`. */
function defaultedSymbols(
  type: avro.Type,
  value: unknown,
  defaulted: WriterPlan['defaulted'],
): { enumName: string; symbol: string; becomes: string }[] {
  const uses: { enumName: string; symbol: string; becomes: string }[] = [];
  const visit = (current: avro.Type, data: unknown) => {
    switch (current.typeName) {
      case 'enum': {
        const entry = current.name ? defaulted.get(current.name) : undefined;
        if (entry && typeof data === 'string' && entry.symbols.has(data))
          uses.push({ enumName: current.name as string, symbol: data, becomes: entry.becomes });
        return;
      }
      case 'record':
      case 'error':
        for (const field of (current as avro.types.RecordType).fields) visit(field.type, (data as Record<string, unknown>)[field.name]);
        return;
      case 'array':
        for (const item of data as unknown[]) visit((current as avro.types.ArrayType).itemsType, item);
        return;
      case 'map':
        for (const item of Object.values(data as Record<string, unknown>)) visit((current as avro.types.MapType).valuesType, item);
        return;
      case 'union:wrapped': {
        if (data === null || typeof data !== 'object') return;
        const [branchName, inner] = Object.entries(data as Record<string, unknown>)[0] ?? [];
        const branch = (current as avro.types.WrappedUnionType).types.find((candidate: avro.Type) => candidate.branchName === branchName);
        if (branch) visit(branch, inner);
        return;
      }
      default:
        return;
    }
  };
  visit(type, value);
  return uses;
}

/** Findings in event order, the first few of each kind listed, the rest counted. */
class FindingList {
  private readonly listed: PublishFinding[] = [];
  private readonly counts = new Map<string, { severity: PublishFinding['severity']; more: number }>();

  constructor(private readonly request: EventCheckRequest) {}

  add(code: PublishFinding['code'], severity: PublishFinding['severity'], at: { partition: number; offset: string }, what: string): void {
    const count = this.counts.get(code) ?? { severity, more: 0 };
    this.counts.set(code, count);
    const listedOfKind = this.listed.filter((finding) => finding.code === code).length;
    if (listedOfKind >= FINDINGS_LISTED_PER_KIND) {
      count.more++;
      return;
    }
    this.listed.push({
      severity,
      code,
      port: this.request.port,
      topic: this.request.topic,
      subject: this.request.subject,
      partition: at.partition,
      offset: at.offset,
      ...(code === 'event-meaning-changes' && this.request.acceptChanges ? { accepted: true } : {}),
      message: `The ${this.request.role === 'key' ? 'key of the event' : 'event'} at ${this.request.topic} partition ${at.partition} offset ${at.offset} ${what}.`,
    });
  }

  all(): PublishFinding[] {
    const summaries: PublishFinding[] = [];
    for (const [code, { severity, more }] of this.counts) {
      if (more === 0) continue;
      summaries.push({
        severity,
        code: code as PublishFinding['code'],
        port: this.request.port,
        topic: this.request.topic,
        subject: this.request.subject,
        message: `${more} more event${more === 1 ? '' : 's'} of ${this.request.topic} with the same problem (${code}).`,
      });
    }
    return [...this.listed, ...summaries];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
