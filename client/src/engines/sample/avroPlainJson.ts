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

const plainLong = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => longToPlain(buffer.readBigInt64LE(0)),
  toBuffer: (value: unknown) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(plainToLong(value) ?? 0n);
    return buffer;
  },
  fromJSON: (value: unknown) => {
    const long = plainToLong(value);
    if (long === undefined) throw new Error(`not a long: ${String(value)}`);
    return longToPlain(long);
  },
  toJSON: (value: unknown) => value,
  isValid: (value: unknown) => plainToLong(value) !== undefined,
  compare: (a: unknown, b: unknown) => {
    const x = plainToLong(a) ?? 0n;
    const y = plainToLong(b) ?? 0n;
    return x < y ? -1 : x > y ? 1 : 0;
  },
});

/** An avsc type for a schema (JSON text or parsed), with exact longs and wrapped unions. */
export function avroType(schema: string | object): avro.Type {
  const parsed: unknown = typeof schema === 'string' ? JSON.parse(schema) : schema;
  return avro.Type.forSchema(parsed as avro.Schema, {
    wrapUnions: 'always',
    typeHook: (candidate) => (candidate === 'long' || (isObject(candidate) && candidate.type === 'long') ? plainLong : undefined),
  });
}

/** The plain JSON of a value that `type` decoded. */
export function toPlainJson(type: avro.Type, value: unknown): PlainJson {
  switch (type.typeName) {
    case 'null':
      return null;
    case 'boolean':
    case 'int':
    case 'string':
    case 'enum':
      return value as PlainJson;
    case 'abstract:long':
    case 'long':
      return typeof value === 'number' || typeof value === 'string' ? value : String(value);
    case 'float':
    case 'double':
      return Number.isFinite(value) ? (value as number) : String(value);
    case 'bytes':
    case 'fixed':
      return (value as Buffer).toString('hex');
    case 'array': {
      const items = (type as avro.types.ArrayType).itemsType;
      return (value as unknown[]).map((item) => toPlainJson(items, item));
    }
    case 'map': {
      const values = (type as avro.types.MapType).valuesType;
      const result: Record<string, PlainJson> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) result[key] = toPlainJson(values, item);
      return result;
    }
    case 'record':
    case 'error': {
      const result: Record<string, PlainJson> = {};
      const record = value as Record<string, unknown>;
      for (const field of (type as avro.types.RecordType).fields) result[field.name] = toPlainJson(field.type, record[field.name]);
      return result;
    }
    case 'union:wrapped':
    case 'union:unwrapped': {
      if (value === null || value === undefined) return null;
      const branches = unionBranches(type);
      if (type.typeName === 'union:unwrapped') {
        const branch = branches.find((candidate) => candidate.isValid(value));
        return branch ? toPlainJson(branch, value) : (value as PlainJson);
      }
      const [branchName, branchValue] = Object.entries(value as Record<string, unknown>)[0];
      const branch = branches.find((candidate) => branchKey(candidate) === branchName);
      return branch ? toPlainJson(branch, branchValue) : (branchValue as PlainJson);
    }
    default:
      return value as PlainJson;
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
