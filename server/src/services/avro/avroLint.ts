import type { Diagnostic } from 'vscode-languageserver-types';
import { namespaceOf, simpleNameOf } from './avroNames';
import { parseAvroSchema, type AvroParseOptions } from './avroParser';
import { avroTypeText } from './avroTypeText';

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

/**
 * The top-level schema object of a text, for the manifest's hover and completion docs: its name, doc and
 * fields with their types written as the Avro hover writes them. Undefined when the text is no schema object.
 */
export function summarizeAvroSchema(text: string): AvroRecordSummary | undefined {
  const { schema } = parseAvroSchema(text);
  const root = schema.root;
  if (schema.json?.type !== 'object' || root === undefined) return undefined;
  const named = root.kind === 'record' || root.kind === 'enum' || root.kind === 'fixed' ? root : undefined;
  const namespace = named ? namespaceOf(named.fullname) : undefined;
  return {
    name: (named && simpleNameOf(named.fullname)) || '(anonymous)',
    namespace,
    doc: named?.doc,
    type: root.kind === 'record' ? (root.isError ? 'error' : 'record') : root.kind === 'primitive' ? root.name : root.kind,
    fields:
      root.kind === 'record'
        ? root.fields
            .filter((field) => field.name !== '')
            .map((field) => ({ name: field.name, type: avroTypeText(field.type, { namespace }), doc: field.doc }))
        : [],
  };
}
