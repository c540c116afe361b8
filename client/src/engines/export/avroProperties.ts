/**
 * Avro fields → ODCS v3.1.0 schema properties: the Avro logical type decides the ODCS logicalType, the
 * Avro type (or logical type) is kept as physicalType, and a field marked as personal data carries
 * `classification: restricted` and the tag `pii`.
 */
import type { AvroComplexSchema, AvroField, AvroSchema } from './exportTypes';

export interface OdcsProperty {
  name?: string;
  description?: string;
  logicalType?: string;
  logicalTypeOptions?: Record<string, unknown>;
  physicalType?: string;
  required?: boolean;
  classification?: string;
  tags?: string[];
  properties?: OdcsProperty[];
  items?: OdcsProperty;
  customProperties?: { property: string; value: unknown }[];
}

export const PII_TAG = 'pii';
export const PII_CLASSIFICATION = 'restricted';

/** A field is marked as personal data by the attribute `"pii": true` or by the word PII (capitals) in its doc. */
export function isPiiField(field: AvroField): boolean {
  return field.pii === true || (typeof field.doc === 'string' && /\bPII\b/.test(field.doc));
}

const PRIMITIVES: Readonly<Record<string, string>> = {
  string: 'string',
  bytes: 'string',
  int: 'integer',
  long: 'integer',
  float: 'number',
  double: 'number',
  boolean: 'boolean',
  null: 'string',
};

const LOGICAL_TYPES: Readonly<Record<string, string>> = {
  date: 'date',
  'time-millis': 'time',
  'time-micros': 'time',
  'timestamp-millis': 'timestamp',
  'timestamp-micros': 'timestamp',
  'timestamp-nanos': 'timestamp',
  'local-timestamp-millis': 'timestamp',
  'local-timestamp-micros': 'timestamp',
  'local-timestamp-nanos': 'timestamp',
  decimal: 'number',
  'big-decimal': 'number',
  uuid: 'string',
};

/** Named types seen so far, so a later reference by name maps like its definition. */
type NamedTypes = Map<string, AvroComplexSchema>;

/** The properties of a record schema's fields; an empty list for anything but a record. */
export function recordProperties(schema: AvroSchema): OdcsProperty[] {
  const named: NamedTypes = new Map();
  const record = resolve(schema, named, undefined);
  return record && typeof record === 'object' && !Array.isArray(record) && Array.isArray(record.fields)
    ? record.fields.map((field) => fieldProperty(field, named, namespaceOf(record, undefined)))
    : [];
}

function fieldProperty(field: AvroField, named: NamedTypes, namespace: string | undefined): OdcsProperty {
  const nonNull = withoutNull(field.type);
  const property: OdcsProperty = { name: field.name, ...typeProperty(nonNull.type, named, namespace) };
  if (typeof field.doc === 'string') property.description = field.doc;
  property.required = !nonNull.nullable;
  if (isPiiField(field)) {
    property.classification = PII_CLASSIFICATION;
    property.tags = [PII_TAG];
  }
  return orderedProperty(property);
}

/** ['null', X] is an optional X; other unions stay unions. */
function withoutNull(type: AvroSchema): { type: AvroSchema; nullable: boolean } {
  if (!Array.isArray(type)) return { type, nullable: type === 'null' };
  const branches = type.filter((branch) => branch !== 'null');
  return { type: branches.length === 1 ? branches[0] : branches, nullable: branches.length < type.length };
}

function typeProperty(type: AvroSchema, named: NamedTypes, namespace: string | undefined): OdcsProperty {
  const resolved = resolve(type, named, namespace);
  if (resolved === undefined) return { physicalType: typeof type === 'string' ? type : 'unknown' };
  if (Array.isArray(resolved)) {
    return { physicalType: `union<${resolved.map((branch) => physicalName(branch)).join(',')}>` };
  }
  if (typeof resolved === 'string') return { logicalType: PRIMITIVES[resolved] ?? 'string', physicalType: resolved };

  const logical = typeof resolved.logicalType === 'string' ? LOGICAL_TYPES[resolved.logicalType] : undefined;
  if (logical) {
    const property: OdcsProperty = { logicalType: logical, physicalType: `${physicalName(resolved.type)}(${resolved.logicalType})` };
    if (resolved.logicalType === 'uuid') property.logicalTypeOptions = { format: 'uuid' };
    return property;
  }
  const ownNamespace = namespaceOf(resolved, namespace);
  switch (resolved.type) {
    case 'record':
    case 'error':
      return {
        logicalType: 'object',
        physicalType: 'record',
        properties: (resolved.fields ?? []).map((field) => fieldProperty(field, named, ownNamespace)),
      };
    case 'enum':
      return {
        logicalType: 'string',
        physicalType: 'enum',
        customProperties: [{ property: 'avroSymbols', value: resolved.symbols ?? [] }],
      };
    case 'array':
      return { logicalType: 'array', physicalType: 'array', items: typeProperty(resolved.items ?? 'null', named, ownNamespace) };
    case 'map':
      return { logicalType: 'object', physicalType: `map<${physicalName(resolved.values ?? 'null')}>` };
    case 'fixed':
      return { logicalType: 'string', physicalType: 'fixed' };
    default:
      return typeProperty(resolved.type, named, ownNamespace);
  }
}

/** Records named definitions and turns a reference into its definition (undefined when unknown). */
function resolve(type: AvroSchema, named: NamedTypes, namespace: string | undefined): AvroSchema | undefined {
  if (typeof type === 'string') {
    if (type in PRIMITIVES) return type;
    return named.get(type) ?? (namespace ? named.get(`${namespace}.${type}`) : undefined);
  }
  if (Array.isArray(type) || typeof type !== 'object' || type === null) return type;
  if (typeof type.name === 'string') {
    const space = namespaceOf(type, namespace);
    named.set(type.name, type);
    if (space) named.set(`${space}.${type.name}`, type);
  }
  return type;
}

function namespaceOf(schema: AvroComplexSchema, enclosing: string | undefined): string | undefined {
  if (typeof schema.name === 'string' && schema.name.includes('.')) return schema.name.slice(0, schema.name.lastIndexOf('.'));
  return typeof schema.namespace === 'string' ? schema.namespace : enclosing;
}

function physicalName(type: AvroSchema): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return 'union';
  return typeof type.name === 'string' ? type.name : physicalName(type.type);
}

/** A stable key order, so exports diff well. */
function orderedProperty(property: OdcsProperty): OdcsProperty {
  const order: (keyof OdcsProperty)[] = [
    'name',
    'description',
    'logicalType',
    'logicalTypeOptions',
    'physicalType',
    'required',
    'classification',
    'tags',
    'properties',
    'items',
    'customProperties',
  ];
  const ordered: Record<string, unknown> = {};
  for (const key of order) if (property[key] !== undefined) ordered[key] = property[key];
  return ordered as OdcsProperty;
}
