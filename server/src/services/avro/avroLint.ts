import * as jsonc from 'jsonc-parser';
import avro from 'avsc';
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../diagnostics';
import { LineIndex } from '../../text/lineIndex';

/**
 * A first Avro check for `.avsc` files: JSON syntax, a `type`, and whatever avsc rejects, on the whole schema.
 * The Avro issue replaces it with a positioned validator of the whole specification.
 */
export function lintAvroSchema(text: string): Diagnostic[] {
  const lines = new LineIndex(text);
  const errors: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !tree) {
    if (errors.length === 0) return [makeDiagnostic(lines.rangeOf(0, 0), 'avro-json-syntax', 'The schema is empty.')];
    return errors.map((error) =>
      makeDiagnostic(lines.rangeOf(error.offset, error.offset + error.length), 'avro-json-syntax', `JSON syntax: ${jsonc.printParseErrorCode(error.error)}.`),
    );
  }
  const whole = lines.rangeOf(tree.offset, tree.offset + tree.length);
  if (tree.type === 'object' && !jsonc.findNodeAtLocation(tree, ['type'])) {
    return [makeDiagnostic(whole, 'avro-missing-type', 'An Avro schema object needs a `type`.')];
  }
  try {
    avro.Type.forSchema(jsonc.getNodeValue(tree) as avro.Schema, { wrapUnions: true });
  } catch (error) {
    return [makeDiagnostic(whole, 'avro-invalid', `Invalid Avro schema: ${error instanceof Error ? error.message : String(error)}`)];
  }
  return [];
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
      .map((field) => ({ name: String(field.name), type: describeType(field.type), doc: typeof field.doc === 'string' ? field.doc : undefined })),
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
