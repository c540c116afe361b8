/**
 * ODCS schema properties → an Avro record, for contracts that do not carry the exported Avro schema: the
 * inverse of client/src/engines/export/avroProperties.ts as far as ODCS keeps the information.
 */

export interface ImportedProperty {
  name?: string;
  description?: string;
  logicalType?: string;
  physicalType?: string;
  required?: boolean;
  tags?: string[];
  properties?: ImportedProperty[];
  items?: ImportedProperty;
}

type AvroType = string | Record<string, unknown> | (string | Record<string, unknown>)[];

const LOGICAL: Readonly<Record<string, AvroType>> = {
  string: 'string',
  integer: 'long',
  number: 'double',
  boolean: 'boolean',
  date: { type: 'int', logicalType: 'date' },
  time: { type: 'long', logicalType: 'time-micros' },
  timestamp: { type: 'long', logicalType: 'timestamp-millis' },
};

export function avroFromProperties(
  name: string,
  doc: string | undefined,
  properties: readonly ImportedProperty[],
): Record<string, unknown> {
  const usedNames = new Set<string>();
  return recordOf(name, doc, properties, usedNames);
}

function recordOf(
  name: string,
  doc: string | undefined,
  properties: readonly ImportedProperty[],
  usedNames: Set<string>,
): Record<string, unknown> {
  const recordName = uniqueName(avroName(name, 'Record'), usedNames);
  return {
    type: 'record',
    name: recordName,
    ...(doc !== undefined && { doc }),
    fields: properties
      .filter((property) => typeof property.name === 'string')
      .map((property) => {
        const type = typeOf(property, usedNames);
        const field: Record<string, unknown> = { name: avroName(String(property.name), 'field') };
        if (property.description !== undefined) field.doc = property.description;
        if (property.required === true) field.type = type;
        else Object.assign(field, { type: ['null', ...(Array.isArray(type) ? type : [type])], default: null });
        if (property.tags?.includes('pii')) field.pii = true;
        return field;
      }),
  };
}

function typeOf(property: ImportedProperty, usedNames: Set<string>): AvroType {
  if (property.logicalType === 'object') {
    if (property.properties && property.properties.length > 0) {
      return recordOf(capitalized(property.name ?? 'Nested'), undefined, property.properties, usedNames);
    }
    return { type: 'map', values: 'string' };
  }
  if (property.logicalType === 'array') {
    return {
      type: 'array',
      items: property.items ? typeOf({ ...property.items, name: property.items.name ?? property.name }, usedNames) : 'string',
    };
  }
  return LOGICAL[property.logicalType ?? 'string'] ?? 'string';
}

function avroName(text: string, fallback: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : cleaned.length > 0 ? `_${cleaned}` : fallback;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name}${n}`;
  used.add(candidate);
  return candidate;
}
