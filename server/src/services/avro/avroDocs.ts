/**
 * Documentation texts of the Avro 1.12 specification's attributes, primitive types, complex types and logical
 * types, for completion and hover. Plain data: no parsing here.
 */
import type { PrimitiveType } from './avroNames';

/** What an attribute means, in the object kind it belongs to. */
export interface AttributeDoc {
  key: string;
  doc: string;
  /** The snippet of the value inserted after `"key": `. */
  valueSnippet: string;
  /** Completion should ask for values again after inserting (a quoted value with a known set of choices). */
  suggestValues?: boolean;
}

const TYPE_SCHEMA = "The schema's type: a primitive type name or `record`, `error`, `enum`, `array`, `map` or `fixed`.";

const NAME_DOC =
  'The name of the type, `[A-Za-z_][A-Za-z0-9_]*`. A dotted name such as `com.example.Order` is a fullname and ignores `namespace`; a simple name takes the `namespace` attribute, else the enclosing one.';
const NAMESPACE_DOC =
  'The namespace that qualifies the name (dotted names such as `com.example`), and that names inside this type inherit. `""` is the null namespace.';
const TYPE_ALIASES_DOC =
  "Alternative (usually former) names of this type, so that a reader using this schema can read data written with a schema where the type had an alias as its name. Relative to this type's namespace.";

const A = (key: string, doc: string, valueSnippet: string, suggestValues = false): AttributeDoc => ({
  key,
  doc,
  valueSnippet,
  suggestValues,
});

const NAMED: AttributeDoc[] = [
  A('type', TYPE_SCHEMA, '"$1"', true),
  A('name', NAME_DOC, '"$1"'),
  A('namespace', NAMESPACE_DOC, '"$1"', true),
  A('doc', 'Documentation for the users of this schema (ignored when reading and writing data).', '"$1"'),
  A('aliases', TYPE_ALIASES_DOC, '["$1"]'),
];

const LOGICAL: AttributeDoc[] = [
  A(
    'logicalType',
    'A logical type that annotates this type (e.g. `timestamp-millis` on a `long`, `decimal` on `bytes`). An invalid or unknown logical type is ignored and the data read as the underlying type.',
    '"$1"',
    true,
  ),
];

const DECIMAL: AttributeDoc[] = [
  A(
    'precision',
    "The `decimal` logical type's precision: the maximum number of digits (a positive integer; for a `fixed`, at most what its size can hold).",
    '${1:10}',
  ),
  A(
    'scale',
    "The `decimal` logical type's scale: the number of digits after the decimal point (zero or a positive integer, at most the precision; default 0).",
    '${1:2}',
  ),
];

/** Attributes of a schema object, by its `type`. */
export const SCHEMA_ATTRIBUTES: Readonly<Record<'record' | 'enum' | 'fixed' | 'array' | 'map' | 'primitive', readonly AttributeDoc[]>> = {
  record: [
    ...NAMED,
    A(
      'fields',
      'The fields of the record: an array of objects, each with a `name` and a `type` (and optionally `default`, `doc`, `order`, `aliases`).',
      '[\n\t$0\n]',
    ),
  ],
  enum: [
    ...NAMED,
    A('symbols', 'The symbols of the enum: unique names, `[A-Za-z_][A-Za-z0-9_]*`.', '["$1"]'),
    A(
      'default',
      "The symbol a reader uses when the writer's symbol is not among this enum's symbols (for schema evolution).",
      '"$1"',
      true,
    ),
  ],
  fixed: [...NAMED, A('size', 'The number of bytes of each value (a non-negative integer).', '${1:16}'), ...LOGICAL, ...DECIMAL],
  array: [A('type', TYPE_SCHEMA, '"$1"', true), A('items', "The schema of the array's elements.", '"$1"', true), ...LOGICAL],
  map: [
    A('type', TYPE_SCHEMA, '"$1"', true),
    A('values', "The schema of the map's values (the keys are strings).", '"$1"', true),
    ...LOGICAL,
  ],
  primitive: [A('type', TYPE_SCHEMA, '"$1"', true), ...LOGICAL, ...DECIMAL],
};

export const FIELD_ATTRIBUTES: readonly AttributeDoc[] = [
  A('name', 'The name of the field, `[A-Za-z_][A-Za-z0-9_]*`, unique in the record.', '"$1"'),
  A('type', 'The schema of the field: a type name, a schema object or a union (an array of schemas).', '"$1"', true),
  A(
    'default',
    "The value a reader uses when the data was written without this field (needed to add a field compatibly). It is JSON of the field's type; for a union, of a branch (Avro 1.11 and avsc: the first).",
    '$1',
    true,
  ),
  A('doc', 'Documentation of the field for the users of this schema.', '"$1"'),
  A('order', 'How this field sorts records: `ascending` (the default), `descending` or `ignore`.', '"$1"', true),
  A('aliases', 'Former names of the field, so that data written with one of them can still be read into it.', '["$1"]'),
];

/** Every attribute that may appear on a schema object, for an object whose `type` is not given yet. */
export const ANY_SCHEMA_ATTRIBUTES: readonly AttributeDoc[] = dedupe([
  ...SCHEMA_ATTRIBUTES.record,
  ...SCHEMA_ATTRIBUTES.enum,
  ...SCHEMA_ATTRIBUTES.fixed,
  ...SCHEMA_ATTRIBUTES.array,
  ...SCHEMA_ATTRIBUTES.map,
]);

function dedupe(docs: AttributeDoc[]): AttributeDoc[] {
  const seen = new Set<string>();
  return docs.filter((doc) => !seen.has(doc.key) && seen.add(doc.key));
}

export const PRIMITIVE_DOCS: Readonly<Record<PrimitiveType, string>> = {
  null: 'No value. Mostly used as the first branch of a union to make a field optional: `["null", "string"]` with `"default": null`. Encoded as zero bytes.',
  boolean: 'A binary value, `true` or `false`. Encoded as a single byte.',
  int: 'A 32-bit signed integer. Encoded as a variable-length zig-zag integer.',
  long: 'A 64-bit signed integer. Encoded as a variable-length zig-zag integer.',
  float: 'A single precision (32-bit) IEEE 754 floating-point number. Encoded as 4 bytes, little-endian.',
  double: 'A double precision (64-bit) IEEE 754 floating-point number. Encoded as 8 bytes, little-endian.',
  bytes:
    'A sequence of 8-bit unsigned bytes. Encoded as a long length followed by the bytes. In JSON defaults, a string of code points 0-255.',
  string: 'A Unicode character sequence. Encoded as a long length followed by its UTF-8 bytes.',
};

export const COMPLEX_DOCS: Readonly<Record<'record' | 'error' | 'enum' | 'array' | 'map' | 'fixed', string>> = {
  record: 'A named type with an ordered list of named fields, each with its own type. Needs `name` and `fields`.',
  error: 'Like a record, for the errors of an Avro protocol message. Needs `name` and `fields`.',
  enum: 'A named type whose values are one of a list of `symbols`. Needs `name` and `symbols`. Encoded as the int index of the symbol.',
  array: 'A list of values of one schema, `items`. Encoded as blocks of items.',
  map: 'String keys to values of one schema, `values`. Encoded as blocks of key-value pairs.',
  fixed: 'A named type of exactly `size` bytes. Needs `name` and `size`.',
};

export interface LogicalTypeDoc {
  name: string;
  /** The underlying types it may annotate. */
  bases: readonly ('int' | 'long' | 'bytes' | 'string' | 'fixed')[];
  /** For a fixed: the size it needs. */
  fixedSize?: number;
  /** What a value means, as a phrase that the encoding can follow: "milliseconds since the Unix epoch, UTC". */
  meaning: string;
  /** More to know, when there is more. */
  note?: string;
}

export const LOGICAL_TYPE_DOCS: readonly LogicalTypeDoc[] = [
  {
    name: 'decimal',
    bases: ['bytes', 'fixed'],
    meaning: "an arbitrary-precision signed decimal number: the two's-complement big-endian unscaled value times 10^-scale",
    note: 'Needs `precision` (the maximum number of digits) and optionally `scale` (digits after the point, default 0).',
  },
  { name: 'big-decimal', bases: ['bytes'], meaning: 'an arbitrary-precision decimal number whose scale is stored with each value' },
  {
    name: 'uuid',
    bases: ['string', 'fixed'],
    fixedSize: 16,
    meaning: 'a universally unique identifier (RFC 4122)',
    note: 'As a string, its canonical text; as a fixed of size 16, its bytes.',
  },
  { name: 'date', bases: ['int'], meaning: 'a calendar date without time zone or time of day, as days since the Unix epoch (1970-01-01)' },
  { name: 'time-millis', bases: ['int'], meaning: 'a time of day without date or time zone, as milliseconds after midnight' },
  { name: 'time-micros', bases: ['long'], meaning: 'a time of day without date or time zone, as microseconds after midnight' },
  {
    name: 'timestamp-millis',
    bases: ['long'],
    meaning: 'milliseconds since the Unix epoch, UTC',
    note: 'An instant on the global timeline.',
  },
  {
    name: 'timestamp-micros',
    bases: ['long'],
    meaning: 'microseconds since the Unix epoch, UTC',
    note: 'An instant on the global timeline.',
  },
  {
    name: 'timestamp-nanos',
    bases: ['long'],
    meaning: 'nanoseconds since the Unix epoch, UTC',
    note: 'An instant on the global timeline.',
  },
  {
    name: 'local-timestamp-millis',
    bases: ['long'],
    meaning: 'milliseconds since 1970-01-01T00:00:00 in a local time zone',
    note: 'A date and time in a time zone that the schema does not say.',
  },
  {
    name: 'local-timestamp-micros',
    bases: ['long'],
    meaning: 'microseconds since 1970-01-01T00:00:00 in a local time zone',
    note: 'A date and time in a time zone that the schema does not say.',
  },
  {
    name: 'local-timestamp-nanos',
    bases: ['long'],
    meaning: 'nanoseconds since 1970-01-01T00:00:00 in a local time zone',
    note: 'A date and time in a time zone that the schema does not say.',
  },
  {
    name: 'duration',
    bases: ['fixed'],
    fixedSize: 12,
    meaning: 'an amount of time as months, days and milliseconds',
    note: 'Three little-endian unsigned 32-bit integers.',
  },
];

const LOGICAL_BY_NAME: ReadonlyMap<string, LogicalTypeDoc> = new Map(LOGICAL_TYPE_DOCS.map((entry) => [entry.name, entry]));

export function logicalTypeDoc(name: string): LogicalTypeDoc | undefined {
  return LOGICAL_BY_NAME.get(name);
}

/** "encoded as long", "encoded as bytes or a fixed", "encoded as a fixed of size 12". */
export function logicalEncoding(entry: LogicalTypeDoc): string {
  const parts = entry.bases.map((base) =>
    base === 'fixed' ? (entry.fixedSize === undefined ? 'a fixed' : `a fixed of size ${entry.fixedSize}`) : base,
  );
  return `encoded as ${parts.join(' or ')}`;
}

/** The logical types valid on an underlying type (`size` for a fixed, when known). */
export function logicalTypesFor(base: string, size?: number): LogicalTypeDoc[] {
  return LOGICAL_TYPE_DOCS.filter((entry) => {
    if (!(entry.bases as readonly string[]).includes(base)) return false;
    return base !== 'fixed' || entry.fixedSize === undefined || size === undefined || size < 0 || size === entry.fixedSize;
  });
}

export const ORDER_DOCS: Readonly<Record<'ascending' | 'descending' | 'ignore', string>> = {
  ascending: 'Records sort by this field in ascending order (the default).',
  descending: 'Records sort by this field in descending order.',
  ignore: 'This field is ignored when sorting records.',
};

/** A logical type's hover and completion text: "**timestamp-millis**: milliseconds since the Unix epoch, UTC, encoded as long." */
export function logicalTypeMarkdown(entry: LogicalTypeDoc): string {
  const lines = [`**${entry.name}** (logical type): ${entry.meaning}, ${logicalEncoding(entry)}.`];
  if (entry.note) lines.push(entry.note);
  return lines.join('\n\n');
}
