import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { parseAvroSchema } from '../avroParser';
import type { AvroType } from '../avroSchema';
import { checkCompatibility, type CheckDirection } from './compatibilityModes';
import { uniqueIncompatibilities, type Incompatibility, type IncompatibilityType } from './incompatibility';
import type { Compatibility } from '../../manifest/manifestTypes';
import { LineIndex } from '../../../text/lineIndex';

/** A schema to compare: its text and how to name it (a path as the user gave it, "the version in git HEAD"). */
export interface SchemaSource {
  label: string;
  text: string;
}

/** A schema that does not parse: its error diagnostics. */
export interface InvalidSchema {
  label: string;
  diagnostics: Diagnostic[];
}

/** One incompatibility, with the schemas that were reader and writer. */
export interface CompatFinding {
  type: IncompatibilityType;
  /** JSON Pointer into the reader schema, as the reference implementation builds it. */
  location: string;
  message: string;
  /** The reference implementation's own message (`expected: com.x.A`, `[B, C]`, a field name). */
  detail: string;
  /** The labels of the reader and writer schemas. */
  reader: string;
  writer: string;
  /** Where in the reader's text the cause is, when known. */
  readerRange?: Range;
}

export interface CompatCheckReport {
  direction: CheckDirection;
  reader: string;
  writer: string;
  compatible: boolean;
  /** This check's incompatibilities, without repeats. */
  incompatibilities: CompatFinding[];
}

export interface CompatReport {
  mode: Compatibility;
  compatible: boolean;
  /** The reader/writer checks the mode made, in order. */
  checks: CompatCheckReport[];
  /** Every incompatibility of every check, in order, without repeats within a check. */
  incompatibilities: CompatFinding[];
}

export type CompatOutcome = { kind: 'checked'; report: CompatReport } | { kind: 'invalid'; invalid: InvalidSchema[] };

/** How many previous versions a mode compares against: the newest only, or all of them. */
export function versionsUsed(mode: Compatibility, previousCount: number): number {
  if (mode === 'NONE') return 0;
  return mode.endsWith('_TRANSITIVE') ? previousCount : Math.min(previousCount, 1);
}

/**
 * The compatibility engine over schema texts, shared by `datamesh compat` and the editor: parses the next
 * schema and the previous versions the mode uses (newest first), then runs the mode. A schema with an
 * error diagnostic stops it: the verdict would mean nothing.
 */
export function checkSchemaCompatibility(mode: Compatibility, next: SchemaSource, previous: readonly SchemaSource[]): CompatOutcome {
  const used = [next, ...previous.slice(0, versionsUsed(mode, previous.length))];
  const parsed: { source: SchemaSource; root: AvroType; lines: LineIndex }[] = [];
  const invalid: InvalidSchema[] = [];
  for (const source of used) {
    const { schema, diagnostics } = parseAvroSchema(source.text);
    const errors = diagnostics.filter((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error);
    if (errors.length > 0 || !schema.root) {
      invalid.push({ label: source.label, diagnostics: errors.length > 0 ? errors : diagnostics });
    } else {
      parsed.push({ source, root: schema.root, lines: new LineIndex(source.text) });
    }
  }
  if (invalid.length > 0) return { kind: 'invalid', invalid };

  const [nextParsed, ...previousParsed] = parsed;
  const result = checkCompatibility(
    mode,
    nextParsed.root,
    previousParsed.map((p) => p.root),
  );
  const checks: CompatCheckReport[] = [];
  const incompatibilities: CompatFinding[] = [];
  for (const check of result.checks) {
    const previousOne = previousParsed[check.previousIndex];
    const reader = check.reader === 'next' ? nextParsed : previousOne;
    const writer = check.writer === 'next' ? nextParsed : previousOne;
    const findings = uniqueIncompatibilities(check.incompatibilities).map((incompatibility) =>
      findingOf(incompatibility, reader.source.label, writer.source.label, reader.lines),
    );
    checks.push({
      direction: check.direction,
      reader: reader.source.label,
      writer: writer.source.label,
      compatible: findings.length === 0,
      incompatibilities: findings,
    });
    incompatibilities.push(...findings);
  }
  return { kind: 'checked', report: { mode, compatible: result.compatible, checks, incompatibilities } };
}

function findingOf(incompatibility: Incompatibility, reader: string, writer: string, lines: LineIndex): CompatFinding {
  const finding: CompatFinding = {
    type: incompatibility.type,
    location: incompatibility.location,
    message: incompatibility.message,
    detail: incompatibility.detail,
    reader,
    writer,
  };
  const node = incompatibility.readerNode;
  if (node) finding.readerRange = lines.rangeOf(node.offset, node.offset + node.length);
  return finding;
}
