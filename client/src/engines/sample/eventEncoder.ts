/**
 * Encodes the key or value of an event to produce: Avro in the Confluent wire format (the schema by id,
 * or the latest version of a subject), JSON, UTF-8 text or hex bytes. Avro values are plain JSON (as
 * sampled and exported) and are checked against the schema first, each problem with its field path.
 */
import type avro from 'avsc';
import { AvroValueError, avroType, fromPlainJson } from './avroPlainJson';
import { isSchemaFailure, type SchemaCache } from './schemaCache';
import type { PlainJson } from './sampleTypes';
import { toWireFormat } from './wireFormat';

export type PayloadToEncode =
  | null
  | { format: 'avro'; json: PlainJson; schemaId?: number; subject?: string }
  | { format: 'json'; json: PlainJson }
  | { format: 'text'; text: string }
  | { format: 'binary'; hex: string };

/** What the encoder needs of a registry beyond the schema cache: a subject's latest id. */
export interface SubjectLookup {
  version(subject: string, version: 'latest'): Promise<{ id: number }>;
}

export class EncodeError extends Error {
  override readonly name = 'EncodeError';
}

export async function encodePayload(payload: PayloadToEncode, schemas: SchemaCache, subjects?: SubjectLookup): Promise<Buffer | null> {
  if (payload === null) return null;
  switch (payload.format) {
    case 'json':
      return Buffer.from(JSON.stringify(payload.json), 'utf8');
    case 'text':
      return Buffer.from(payload.text, 'utf8');
    case 'binary':
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(payload.hex)) throw new EncodeError('binary payloads are hex: pairs of 0-9 and a-f');
      return Buffer.from(payload.hex, 'hex');
    case 'avro': {
      let id = payload.schemaId;
      if (id === undefined) {
        if (!payload.subject) throw new EncodeError('an Avro payload needs a schema id or a subject');
        if (!subjects) throw new EncodeError('producing Avro by subject needs a schema registry');
        id = (await subjects.version(payload.subject, 'latest')).id;
      }
      const schema = await schemas.get(id);
      if (isSchemaFailure(schema)) throw new EncodeError(`cannot encode with schema id ${id}: ${schema.reason}`);
      const type = writeType(id, schema.text);
      let value: unknown;
      try {
        value = fromPlainJson(type, payload.json);
      } catch (error) {
        if (error instanceof AvroValueError) throw new EncodeError(`the value does not match schema id ${id}: ${error.message}`);
        throw error;
      }
      return toWireFormat(id, type.toBuffer(value));
    }
  }
}

/** Types for writing, by schema id: unions wrapped (see avroType). */
const writeTypes = new Map<number, { text: string; type: avro.Type }>();

function writeType(id: number, text: string): avro.Type {
  const known = writeTypes.get(id);
  if (known && known.text === text) return known.type;
  const type = avroType(text, 'write');
  writeTypes.set(id, { text, type });
  return type;
}
