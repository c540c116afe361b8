import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';

/** The diagnostic codes of the product spec (§3). Avro codes start with `avro-`. */
export type ManifestCode =
  | 'yaml-syntax'
  | 'schema'
  | 'id-mismatch'
  | 'topic-naming'
  | 'version-major-mismatch'
  | 'duplicate-port'
  | 'schema-file-missing'
  | 'schema-invalid'
  | 'compatibility-policy'
  | 'replication-policy'
  | 'pii-policy'
  | 'owner-policy'
  | 'deprecation-required'
  | 'unknown-input'
  | 'deprecated-input'
  | 'schema-path-outside';

export type AvroCode = `avro-${string}`;
export type DiagnosticCode = ManifestCode | AvroCode;

export const DIAGNOSTIC_SOURCE = 'datamesh';

/** Extra facts a quick fix needs, carried in `Diagnostic.data`. */
export interface DiagnosticData {
  /** The replacement text that would fix the diagnostic, when there is exactly one. */
  expected?: string;
  /** The missing property names, for `schema` diagnostics on a missing required field. */
  missing?: string[];
  /** The JSON path of the node the diagnostic is about. */
  path?: (string | number)[];
  /** The resolved schema file, for `schema-file-missing`. */
  schemaUri?: string;
  /** The key an unknown key most likely meant ("did you mean"), for renaming the key at `path`. */
  expectedKey?: string;
  /** The value a bad value most likely meant (`yes` -> true, `30d` -> `P30D`), for replacing the value at `path`. */
  expectedValue?: string | number | boolean;
}

export function makeDiagnostic(
  range: Range,
  code: DiagnosticCode,
  message: string,
  severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  data?: DiagnosticData,
): Diagnostic {
  const diagnostic: Diagnostic = { range, code, message, severity, source: DIAGNOSTIC_SOURCE };
  if (data) diagnostic.data = data;
  return diagnostic;
}

export function severityName(severity: DiagnosticSeverity | undefined): 'error' | 'warning' | 'information' | 'hint' {
  switch (severity) {
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'information';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'error';
  }
}
