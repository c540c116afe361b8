import * as jsonc from 'jsonc-parser';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseAvroSchema, type AvroParseOptions } from './avroParser';

/**
 * Checks an `.avsc` text against the whole Avro 1.12 specification (see avroParser.ts and, for the codes,
 * avroCodes.ts). `options.externalTypes` resolves names defined in other schema files of the workspace.
 */
export function lintAvroSchema(text: string, options?: AvroParseOptions): Diagnostic[] {
  return parseAvroSchema(text, options).diagnostics;
}

/** The top-level record of a schema, for hover summaries. */
export interface AvroRecordSummary {
  name: string;
  namespace?: string;
  doc?: string;
  type: string;
  fields: { name: string; type: string; doc?: string }[];
}

export function summarizeAvroSchema(text: string): AvroRecordSummary | undefined {
  const value = jsonc.parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const schema = value as Record<string, unknown>;
  const fields = Array.isArray(schema.fields) ? (schema.fields as Record<string, unknown>[]) : [];
  return {
    name: typeof schema.name === 'string' ? schema.name : '(anonymous)',
    namespace: typeof schema.namespace === 'string' ? schema.namespace : undefined,
    doc: typeof schema.doc === 'string' ? schema.doc : undefined,
    type: typeof schema.type === 'string' ? schema.type : 'record',
    fields: fields
      .filter((field) => typeof field === 'object' && field !== null && typeof field.name === 'string')
      .map((field) => ({
        name: String(field.name),
        type: describeType(field.type),
        doc: typeof field.doc === 'string' ? field.doc : undefined,
      })),
  };
}

function describeType(type: unknown): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.map(describeType).join(' | ');
  if (typeof type === 'object' && type !== null) {
    const t = type as Record<string, unknown>;
    if (typeof t.logicalType === 'string') return `${String(t.logicalType)} (${describeType(t.type)})`;
    if (t.type === 'array') return `array<${describeType(t.items)}>`;
    if (t.type === 'map') return `map<${describeType(t.values)}>`;
    if (typeof t.name === 'string') return String(t.name);
    return describeType(t.type);
  }
  return String(type);
}
