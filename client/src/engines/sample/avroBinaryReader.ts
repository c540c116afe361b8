/**
 * Reads Avro binary straight into plain JSON (product spec §5), one pass per value: the sampler's hot
 * path. avsc parses the schema (names, namespaces, references); this reader, compiled once per schema,
 * builds the plain objects itself, so that no avsc record instance, union wrapper or Buffer is made for a
 * value only to be converted again. toPlainJson(avsc's decode) gives the same result, more slowly.
 */
import type avro from 'avsc';
import { longToPlain } from './avroPlainJson';
import type { PlainJson } from './sampleTypes';

/** A value read, and where the reading ended; throws AvroReadError for bytes that do not fit. */
export type AvroBinaryReader = (bytes: Buffer, offset: number) => { value: PlainJson; end: number };

export class AvroReadError extends Error {
  override readonly name = 'AvroReadError';
}

interface Cursor {
  buf: Buffer;
  pos: number;
}

type Read = (cursor: Cursor) => PlainJson;

const readers = new WeakMap<avro.Type, AvroBinaryReader>();

export function avroBinaryReader(type: avro.Type): AvroBinaryReader {
  let reader = readers.get(type);
  if (!reader) {
    const read = compile(type, new Map());
    reader = (bytes, offset) => {
      const cursor = { buf: bytes, pos: offset };
      const value = read(cursor);
      if (cursor.pos > bytes.length) throw new AvroReadError('the Avro body is truncated');
      return { value, end: cursor.pos };
    };
    readers.set(type, reader);
  }
  return reader;
}

function compile(type: avro.Type, named: Map<avro.Type, Read>): Read {
  const known = named.get(type);
  if (known) return known;
  switch (type.typeName) {
    case 'null':
      return () => null;
    case 'boolean':
      return (cursor) => cursor.buf[cursor.pos++] === 1;
    case 'int':
      return readLong as Read;
    case 'long':
    case 'abstract:long':
      return readLong;
    case 'float':
      return (cursor) => {
        const value = cursor.pos + 4 <= cursor.buf.length ? cursor.buf.readFloatLE(cursor.pos) : 0;
        cursor.pos += 4;
        return Number.isFinite(value) ? value : String(value);
      };
    case 'double':
      return (cursor) => {
        const value = cursor.pos + 8 <= cursor.buf.length ? cursor.buf.readDoubleLE(cursor.pos) : 0;
        cursor.pos += 8;
        return Number.isFinite(value) ? value : String(value);
      };
    case 'string':
      return readString;
    case 'bytes':
      return (cursor) => {
        const length = lengthOf(cursor);
        const start = cursor.pos;
        cursor.pos += length;
        return cursor.pos <= cursor.buf.length ? cursor.buf.toString('hex', start, cursor.pos) : '';
      };
    case 'fixed': {
      const size = (type as avro.types.FixedType).size;
      return (cursor) => {
        const start = cursor.pos;
        cursor.pos += size;
        return cursor.pos <= cursor.buf.length ? cursor.buf.toString('hex', start, cursor.pos) : '';
      };
    }
    case 'enum': {
      const symbols = (type as avro.types.EnumType).symbols;
      return (cursor) => {
        const index = Number(readLong(cursor));
        const symbol = symbols[index];
        if (symbol === undefined) throw new AvroReadError(`enum index ${index} is not a symbol of ${type.name ?? 'the enum'}`);
        return symbol;
      };
    }
    case 'array': {
      const item = compile((type as avro.types.ArrayType).itemsType, named);
      return (cursor) => {
        const items: PlainJson[] = [];
        for (let count = blockCount(cursor); count > 0; count = blockCount(cursor)) {
          for (let i = 0; i < count; i++) items.push(item(cursor));
        }
        return items;
      };
    }
    case 'map': {
      const item = compile((type as avro.types.MapType).valuesType, named);
      return (cursor) => {
        const map: Record<string, PlainJson> = {};
        for (let count = blockCount(cursor); count > 0; count = blockCount(cursor)) {
          for (let i = 0; i < count; i++) map[readString(cursor)] = item(cursor);
        }
        return map;
      };
    }
    case 'record':
    case 'error': {
      const fields = (type as avro.types.RecordType).fields;
      const names = fields.map((field) => field.name);
      const reads: Read[] = [];
      // Registered before its fields compile: a recursive record reads itself through this.
      const read: Read = (cursor) => {
        const record: Record<string, PlainJson> = {};
        for (let i = 0; i < reads.length; i++) record[names[i]] = reads[i](cursor);
        return record;
      };
      named.set(type, read);
      for (const field of fields) reads.push(compile(field.type, named));
      return read;
    }
    case 'union:wrapped':
    case 'union:unwrapped': {
      const branches = (type as unknown as { types: avro.Type[] }).types.map((branch) => compile(branch, named));
      return (cursor) => {
        const index = Number(readLong(cursor));
        const branch = branches[index];
        if (!branch) throw new AvroReadError(`union branch ${index} does not exist (the union has ${branches.length})`);
        return branch(cursor);
      };
    }
    default:
      throw new AvroReadError(`cannot read Avro type ${type.typeName}`);
  }
}

function readString(cursor: Cursor): string {
  const length = lengthOf(cursor);
  const start = cursor.pos;
  cursor.pos += length;
  return cursor.pos <= cursor.buf.length ? cursor.buf.toString('utf8', start, cursor.pos) : '';
}

/** A zigzag varint as plain JSON: a number while exact, else a decimal string. */
function readLong(cursor: Cursor): number | string {
  const buf = cursor.buf;
  let result = 0;
  let factor = 1;
  let byte = 0;
  let count = 0;
  do {
    byte = buf[cursor.pos++];
    if (byte === undefined) throw new AvroReadError('the Avro body is truncated');
    result += (byte & 0x7f) * factor;
    factor *= 128;
    count++;
  } while (byte & 0x80 && count < 7);
  if (byte & 0x80) return readBigLong(cursor, result);
  // Exact: at most 49 bits so far.
  return result % 2 ? -(result + 1) / 2 : result / 2;
}

/** The rest of a varint longer than 7 bytes, with BigInt. */
function readBigLong(cursor: Cursor, low: number): number | string {
  let zigzag = BigInt(low);
  let shift = 49n;
  let byte = 0;
  do {
    byte = cursor.buf[cursor.pos++];
    if (byte === undefined) throw new AvroReadError('the Avro body is truncated');
    zigzag |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80 && shift < 70n);
  return longToPlain(zigzag & 1n ? -(zigzag >> 1n) - 1n : zigzag >> 1n);
}

function lengthOf(cursor: Cursor): number {
  const length = readLong(cursor);
  if (typeof length !== 'number' || length < 0) throw new AvroReadError(`a negative or huge length (${length})`);
  return length;
}

/** An array or map block's item count; a negative count is followed by the block's size in bytes. */
function blockCount(cursor: Cursor): number {
  const count = readLong(cursor);
  if (typeof count !== 'number') throw new AvroReadError(`a block of ${count} items`);
  const items = Math.abs(count);
  // Garbage can claim billions of items of a type that reads no bytes (null): refuse what cannot be.
  if (items > cursor.buf.length - cursor.pos + 1_000_000)
    throw new AvroReadError(`a block of ${items} items in ${cursor.buf.length} bytes`);
  if (count < 0) readLong(cursor);
  return items;
}
