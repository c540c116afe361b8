/**
 * Avro values as plain JSON (product spec §5), both ways: a union holds its branch's value (no Avro
 * JSON wrapper), a long outside ±2^53 is a string, bytes and fixed are hex strings, a logical type is
 * its underlying value, and a float that JSON cannot hold (NaN, ±Infinity) is that word as a string.
 *
 * avsc reads a long as a JavaScript number and throws outside ±2^53, so types are built with a long
 * of our own that reads the 8 bytes exactly. Unions are always wrapped by avsc (`{branch: value}`), so
 * that every schema works, including unions avsc would find ambiguous; the conversion unwraps them.
 */
import avro from 'avsc';
import type { PlainJson } from './sampleTypes';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A long as plain JSON: a number when it is exact in a double, else its decimal string. */
export function longToPlain(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** The int64 a plain JSON long stands for, or undefined when it is not one. */
export function plainToLong(value: unknown): bigint | undefined {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isInteger(value)) big = BigInt(value);
  else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) big = BigInt(value);
  else return undefined;
  return big >= INT64_MIN && big <= INT64_MAX ? big : undefined;
}

/**
 * A long that reads its varint exactly: a number while it is exact in a double, else its decimal string.
 * It replaces avsc's own long (which throws past 2^53) through avsc's typeHook; short varints take
 * avsc's fast path, so the common case allocates nothing.
 */
interface AvroTap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  writeLong(value: number): void;
}

const LongTypeBase = avro.types.LongType as unknown as new () => avro.Type;

class ExactLongType extends LongTypeBase {
  _read(tap: AvroTap): number | string {
    // Up to 7 varint bytes hold at most 49 bits: avsc's own reading is exact there.
    let end = tap.pos;
    while (tap.buf[end] & 0x80 && end - tap.pos < 10) end++;
    if (end - tap.pos < 7) return tap.readLong();
    let zigzag = 0n;
    let shift = 0n;
    for (let at = tap.pos; at <= end; at++, shift += 7n) zigzag |= BigInt(tap.buf[at] & 0x7f) << shift;
    tap.pos = end + 1;
    return longToPlain(zigzag & 1n ? -(zigzag >> 1n) - 1n : zigzag >> 1n);
  }

  _check(value: unknown, _flags?: unknown, hook?: (value: unknown, type: avro.Type) => void): boolean {
    const valid = plainToLong(value) !== undefined;
    if (!valid && hook) hook(value, this);
    return valid;
  }

  _write(tap: AvroTap, value: unknown): void {
    const long = plainToLong(value);
    if (long === undefined) throw new Error(`invalid "long": ${String(value)}`);
    if (long >= -(2n ** 30n) && long < 2n ** 30n) {
      tap.writeLong(Number(long));
      return;
    }
    let zigzag = long >= 0n ? long << 1n : (-long << 1n) - 1n;
    do {
      let byte = Number(zigzag & 0x7fn);
      zigzag >>= 7n;
      if (zigzag > 0n) byte |= 0x80;
      tap.buf[tap.pos++] = byte; // past the end, avsc sees an invalid tap and retries with a larger buffer
    } while (zigzag > 0n);
  }
}

const exactLong = new ExactLongType();

/**
 * An avsc type for a schema (JSON text or parsed), with exact longs. For reading, unions are unwrapped
 * wherever avsc can tell the branches apart (no wrapper object per value); for writing they are always
 * wrapped, so that a long written as a decimal string can never be taken for a string branch.
 */
export function avroType(schema: string | object, purpose: 'read' | 'write' = 'read'): avro.Type {
  const parsed: unknown = typeof schema === 'string' ? JSON.parse(schema) : schema;
  return avro.Type.forSchema(parsed as avro.Schema, {
    wrapUnions: purpose === 'read' ? 'auto' : 'always',
    typeHook: (candidate) => (candidate === 'long' || (isObject(candidate) && candidate.type === 'long') ? exactLong : undefined),
  });
}

/** The plain JSON of a value that `type` decoded. */
export function toPlainJson(type: avro.Type, value: unknown): PlainJson {
  const convert = converterFor(type);
  return convert ? convert(value) : (value as PlainJson);
}

type Converter = (value: unknown) => PlainJson;

/** One converter per type, built once: sampling converts every record with the same few types. */
const converters = new WeakMap<avro.Type, Converter | null>();

/** The converter of a type, or null when avsc's value already is plain JSON (strings, ints, enums, exact longs). */
function converterFor(type: avro.Type): Converter | null {
  const known = converters.get(type);
  if (known !== undefined) return known;
  // A recursive record meets itself while its converter is built: it calls the finished one later.
  let built: Converter | null = null;
  converters.set(type, (value) => (built ? built(value) : (value as PlainJson)));
  built = buildConverter(type);
  converters.set(type, built);
  return built;
}

function buildConverter(type: avro.Type): Converter | null {
  switch (type.typeName) {
    case 'float':
    case 'double':
      return (value) => (Number.isFinite(value) ? (value as number) : String(value));
    case 'bytes':
    case 'fixed':
      return (value) => (value as Buffer).toString('hex');
    case 'array': {
      const item = converterFor((type as avro.types.ArrayType).itemsType);
      return item ? (value) => (value as unknown[]).map(item) : null;
    }
    case 'map': {
      const item = converterFor((type as avro.types.MapType).valuesType);
      if (!item) return null;
      return (value) => {
        const map = value as Record<string, unknown>;
        const result: Record<string, PlainJson> = {};
        for (const key in map) result[key] = item(map[key]);
        return result;
      };
    }
    case 'record':
    case 'error': {
      // avsc's records are instances of a generated class; CEL and JSON want plain objects.
      const fields = (type as avro.types.RecordType).fields;
      const names = fields.map((field) => field.name);
      const items = fields.map((field) => converterFor(field.type));
      return (value) => {
        const record = value as Record<string, unknown>;
        const result: Record<string, PlainJson> = {};
        for (let i = 0; i < names.length; i++) {
          const item = items[i];
          const field = record[names[i]];
          result[names[i]] = item ? item(field) : (field as PlainJson);
        }
        return result;
      };
    }
    case 'union:wrapped': {
      const byBranch = new Map<string, Converter | null>(unionBranches(type).map((branch) => [branchKey(branch), converterFor(branch)]));
      return (value) => {
        if (value === null || value === undefined) return null;
        const wrapper = value as Record<string, unknown>;
        for (const name in wrapper) {
          const item = byBranch.get(name);
          return item ? item(wrapper[name]) : (wrapper[name] as PlainJson);
        }
        return null;
      };
    }
    case 'union:unwrapped': {
      const branches = unionBranches(type).filter((branch) => branch.typeName !== 'null');
      const items = branches.map((branch) => converterFor(branch));
      if (items.every((item) => item === null)) return null;
      // The usual optional field, ["null", T]: a value that is not null is a T.
      if (branches.length === 1) return (value) => (value === null || value === undefined ? null : (items[0] as Converter)(value));
      return (value) => {
        if (value === null || value === undefined) return null;
        const index = branches.findIndex((candidate) => candidate.isValid(value));
        const item = index >= 0 ? items[index] : null;
        return item ? item(value) : (value as PlainJson);
      };
    }
    default:
      return null;
  }
}

/** A problem found while turning plain JSON into an Avro value: where, and what. */
export interface AvroValueProblem {
  /** A dotted path from the top, e.g. `customer.address.zip` or `items[2].sku`; '' for the value itself. */
  path: string;
  message: string;
}

export class AvroValueError extends Error {
  constructor(readonly problems: AvroValueProblem[]) {
    super(problems.map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message)).join('; '));
  }
}

export interface FromPlainJsonOptions {
  /** Fields of the JSON that the record does not declare count as problems (drift); default false (ignored). */
  strictFields?: boolean;
  /** Missing fields take their schema default when they have one; default true. */
  useDefaults?: boolean;
}

/**
 * The avsc value for a plain JSON value, or every problem with it (each with its path). The inverse of
 * toPlainJson: unions take the first branch the value fits, longs accept numbers and decimal strings,
 * bytes and fixed accept hex strings.
 */
export function fromPlainJson(type: avro.Type, json: unknown, options: FromPlainJsonOptions = {}): unknown {
  const problems: AvroValueProblem[] = [];
  const value = convert(type, json, '', problems, {
    strictFields: options.strictFields ?? false,
    useDefaults: options.useDefaults ?? true,
  });
  if (problems.length > 0) throw new AvroValueError(problems);
  return value;
}

/** The problems of a plain JSON value against a type, without converting. */
export function plainJsonProblems(type: avro.Type, json: unknown, options: FromPlainJsonOptions = {}): AvroValueProblem[] {
  const problems: AvroValueProblem[] = [];
  convert(type, json, '', problems, { strictFields: options.strictFields ?? false, useDefaults: options.useDefaults ?? true });
  return problems;
}

function convert(
  type: avro.Type,
  json: unknown,
  path: string,
  problems: AvroValueProblem[],
  options: Required<FromPlainJsonOptions>,
): unknown {
  const fail = (expected: string): undefined => {
    problems.push({ path, message: `expected ${expected}, got ${describe(json)}` });
    return undefined;
  };
  switch (type.typeName) {
    case 'null':
      return json === null ? null : fail('null');
    case 'boolean':
      return typeof json === 'boolean' ? json : fail('a boolean');
    case 'int':
      return typeof json === 'number' && Number.isInteger(json) && json >= -(2 ** 31) && json < 2 ** 31 ? json : fail('an int');
    case 'abstract:long':
    case 'long': {
      const long = plainToLong(json);
      return long === undefined ? fail('a long') : longToPlain(long);
    }
    case 'float':
    case 'double':
      if (typeof json === 'number') return json;
      if (json === 'NaN' || json === 'Infinity' || json === '-Infinity') return Number(json);
      return fail(`a ${type.typeName}`);
    case 'string':
      return typeof json === 'string' ? json : fail('a string');
    case 'enum': {
      const symbols = (type as avro.types.EnumType).symbols;
      return typeof json === 'string' && symbols.includes(json) ? json : fail(`one of ${symbols.join(', ')}`);
    }
    case 'bytes':
    case 'fixed': {
      if (typeof json !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(json)) return fail('a hex string');
      const buffer = Buffer.from(json, 'hex');
      if (type.typeName === 'fixed' && buffer.length !== (type as avro.types.FixedType).size) {
        return fail(`${(type as avro.types.FixedType).size} bytes as hex`);
      }
      return buffer;
    }
    case 'array': {
      if (!Array.isArray(json)) return fail('an array');
      const items = (type as avro.types.ArrayType).itemsType;
      return json.map((item, index) => convert(items, item, `${path}[${index}]`, problems, options));
    }
    case 'map': {
      if (!isObject(json)) return fail('a map (object)');
      const values = (type as avro.types.MapType).valuesType;
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(json)) result[key] = convert(values, item, join(path, key), problems, options);
      return result;
    }
    case 'record':
    case 'error': {
      if (!isObject(json)) return fail(`a record ${type.name ?? ''}`.trim());
      const record = type as avro.types.RecordType;
      const result: Record<string, unknown> = {};
      for (const field of record.fields) {
        const fieldPath = join(path, field.name);
        if (!(field.name in json)) {
          const fallback = field.defaultValue();
          if (options.useDefaults && fallback !== undefined) result[field.name] = fallback;
          else problems.push({ path: fieldPath, message: 'missing, and the field has no default' });
          continue;
        }
        result[field.name] = convert(field.type, json[field.name], fieldPath, problems, options);
      }
      if (options.strictFields) {
        const declared = new Set(record.fields.map((field) => field.name));
        for (const name of Object.keys(json)) {
          if (!declared.has(name)) problems.push({ path: join(path, name), message: `not a field of ${record.name ?? 'the record'}` });
        }
      }
      return result;
    }
    case 'union:wrapped':
    case 'union:unwrapped': {
      const branches = unionBranches(type);
      const wrapped = type.typeName === 'union:wrapped';
      for (const branch of branches) {
        const attempt: AvroValueProblem[] = [];
        const value = convert(branch, json, path, attempt, options);
        if (attempt.length === 0) return branch.typeName === 'null' || !wrapped ? value : { [branchKey(branch)]: value };
      }
      return fail(`one of ${branches.map((branch) => branchKey(branch)).join(', ')}`);
    }
    default:
      return json;
  }
}

function unionBranches(type: avro.Type): avro.Type[] {
  return (type as unknown as { types: avro.Type[] }).types;
}

/** The key avsc uses for a branch of a wrapped union: the fullname of a named type, else the type name. */
function branchKey(type: avro.Type): string {
  if (type.name) return type.name;
  return type.typeName === 'abstract:long' ? 'long' : type.typeName;
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function describe(json: unknown): string {
  if (json === null) return 'null';
  if (Array.isArray(json)) return 'an array';
  if (typeof json === 'string') return `the string ${JSON.stringify(json.length > 40 ? `${json.slice(0, 40)}…` : json)}`;
  if (typeof json === 'object') return 'an object';
  if (json === undefined) return 'nothing';
  return `${typeof json} ${String(json)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
