/**
 * Checks sampled events against a local `.avsc` (the workspace's schema of the port, which may differ
 * from the registered one): every field that does not fit, with its path, and fields the events carry
 * that the local schema does not declare. This is the drift between the code being edited and what
 * is flowing.
 */
import type avro from 'avsc';
import { avroType, plainJsonProblems, type AvroValueProblem } from './avroPlainJson';
import type { SampledRecord } from './sampleTypes';

export interface LocalSchema {
  /** Where the schema comes from, for messages (a workspace-relative path). */
  source: string;
  type: avro.Type;
}

/** The schema, or why it cannot be used. */
export function loadLocalSchema(source: string, text: string): LocalSchema | { error: string } {
  try {
    return { source, type: avroType(text) };
  } catch (error) {
    return { error: `${source} is not a usable Avro schema: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The problems of a record's value against the schema; empty when it fits. */
export function checkAgainstLocalSchema(record: SampledRecord, schema: LocalSchema): AvroValueProblem[] {
  const value = record.value;
  if (value.value === null) return []; // a tombstone carries no value to check
  if (value.format === 'text' || value.format === 'binary') {
    return [
      { path: '', message: `the value is ${value.format === 'text' ? 'text' : 'undecodable bytes'}, not a record of ${schema.source}` },
    ];
  }
  return plainJsonProblems(schema.type, value.value, { strictFields: true });
}
