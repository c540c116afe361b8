/**
 * Avro schemas by registry id, fetched once each: every id the sampler meets is asked for at most once
 * (failures are kept a few seconds, so an unreachable registry is not asked once per message).
 */
import type avro from 'avsc';
import { describeConnectionError } from '../../kafka/connectionErrors';
import { avroType } from './avroPlainJson';

/** What the cache needs of a registry (RegistryClient has it). */
export interface SchemaSource {
  schemaById(id: number): Promise<{ schema: string; schemaType: string }>;
  /** The subjects and versions an id is registered under (Confluent's /schemas/ids/{id}/versions). */
  subjectVersionsOfId?(id: number): Promise<{ subject: string; version: number }[]>;
}

export interface CachedSchema {
  id: number;
  type: avro.Type;
  /** The schema text as registered. */
  text: string;
  /** The subjects and versions it is registered under, as the registry says (empty when it does not). */
  registrations: { subject: string; version: number }[];
}

/** Why a schema cannot be had; `registry` is true when the registry itself failed (not a bad id). */
export interface SchemaFailure {
  id: number;
  reason: string;
  registry: boolean;
}

type Entry = { schema: CachedSchema } | { failure: SchemaFailure; until: number };

const FAILURE_MEMORY_MS = 5_000;

export class SchemaCache {
  private readonly entries = new Map<number, Entry>();
  private readonly pending = new Map<number, Promise<void>>();
  private last: CachedSchema | undefined;

  constructor(
    private readonly source: SchemaSource | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached schema or failure for an id, without fetching; undefined when not fetched yet. */
  peek(id: number): CachedSchema | SchemaFailure | undefined {
    if (id === this.last?.id) return this.last;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if ('schema' in entry) {
      // Most topics use one schema: the last one found answers the next record without a lookup.
      this.last = entry.schema;
      return entry.schema;
    }
    if (entry.until < this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.failure;
  }

  /** Fetches every id not cached yet (concurrently); never throws. */
  async load(ids: Iterable<number>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const id of ids) {
      if (this.peek(id) !== undefined) continue;
      let pending = this.pending.get(id);
      if (!pending) {
        pending = this.fetch(id).finally(() => this.pending.delete(id));
        this.pending.set(id, pending);
      }
      waits.push(pending);
    }
    await Promise.all(waits);
  }

  /** The schema of an id, fetching it when needed. */
  async get(id: number): Promise<CachedSchema | SchemaFailure> {
    await this.load([id]);
    return this.peek(id) ?? { id, reason: 'the schema could not be fetched', registry: true };
  }

  private async fetch(id: number): Promise<void> {
    const source = this.source;
    if (!source) {
      this.fail({ id, registry: true, reason: 'no schema registry is configured for this connection' });
      return;
    }
    let text: string;
    let schemaType: string;
    try {
      ({ schema: text, schemaType } = await source.schemaById(id));
    } catch (error) {
      const description = describeConnectionError(error);
      this.fail({ id, registry: description.kind !== 'registry-404', reason: `schema id ${id}: ${description.message}` });
      return;
    }
    if (schemaType !== 'AVRO') {
      this.fail({ id, registry: false, reason: `schema id ${id} is a ${schemaType} schema; only Avro is decoded` });
      return;
    }
    let type: avro.Type;
    try {
      type = avroType(text);
    } catch (error) {
      this.fail({
        id,
        registry: false,
        reason: `schema id ${id} does not parse: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    let registrations: { subject: string; version: number }[] = [];
    try {
      registrations = (await source.subjectVersionsOfId?.(id)) ?? [];
    } catch {
      // The subject and version are shown when the registry says; decoding needs only the schema.
    }
    this.entries.set(id, { schema: { id, type, text, registrations } });
  }

  private fail(failure: SchemaFailure): void {
    this.entries.set(failure.id, { failure, until: this.now() + FAILURE_MEMORY_MS });
  }
}

export function isSchemaFailure(entry: CachedSchema | SchemaFailure): entry is SchemaFailure {
  return 'reason' in entry;
}

/**
 * The registration to show for a schema: the topic's own subject (`<topic>-value` or `-key`, the
 * topic-name strategy) when the schema is registered there, else its newest registration.
 */
export function registrationFor(schema: CachedSchema, preferredSubject?: string): { subject: string; version: number } | undefined {
  const key = preferredSubject ?? '';
  let chosen = chosenRegistrations.get(schema)?.get(key);
  if (chosen === undefined) {
    const own = schema.registrations.find((entry) => entry.subject === preferredSubject);
    chosen = own ?? [...schema.registrations].sort((a, b) => b.version - a.version)[0] ?? null;
    let bySubject = chosenRegistrations.get(schema);
    if (!bySubject) chosenRegistrations.set(schema, (bySubject = new Map()));
    bySubject.set(key, chosen);
  }
  return chosen ?? undefined;
}

/** The registration chosen per schema and preferred subject, worked out once: it is asked for every record. */
const chosenRegistrations = new WeakMap<CachedSchema, Map<string, { subject: string; version: number } | null>>();
