import { COMPATIBILITY_MODES, severityName, type Compatibility } from '../../../server/src/services/index';
import {
  checkSchemaFiles,
  UnreadableSchemaError,
  versionsUsed,
  type CompatOutcome,
  type CompatReport,
  type InvalidSchema,
} from '../engines/compat/compatEngine';
import { parseArguments, UsageError } from './arguments';
import type { CommandOutput } from './commandOutput';

export const COMPAT_USAGE = 'datamesh compat --mode MODE [--format text|json] NEW.avsc OLD.avsc [OLDER.avsc ...]';

/**
 * `datamesh compat`: exit 0 compatible, 1 incompatible, 2 on a usage error, an unreadable file or a schema
 * that does not parse (its diagnostics on standard error). Only the files the mode uses are read: without
 * _TRANSITIVE, NEW and the first OLD; with NONE, NEW alone.
 */
export function runCompat(argv: string[], out: CommandOutput): number {
  const args = parseArguments(argv, ['mode', 'format']);
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  const modeName = args.options.get('mode');
  if (modeName === undefined) throw new UsageError(`compat needs --mode (${COMPATIBILITY_MODES.join(', ')})`);
  if (!(COMPATIBILITY_MODES as readonly string[]).includes(modeName)) {
    throw new UsageError(`--mode must be one of ${COMPATIBILITY_MODES.join(', ')}, not ${modeName}`);
  }
  const mode = modeName as Compatibility;
  if (args.positionals.length < 2)
    throw new UsageError('compat needs the new schema and at least one previous version: NEW.avsc OLD.avsc [OLDER.avsc ...]');
  const [next, ...previous] = args.positionals;

  let outcome: CompatOutcome;
  try {
    outcome = checkSchemaFiles(mode, next, previous);
  } catch (error) {
    if (error instanceof UnreadableSchemaError) {
      out.error(`datamesh compat: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (outcome.kind === 'invalid') {
    out.error(formatInvalid(outcome.invalid));
    return 2;
  }

  const report = outcome.report;
  if (format === 'json') {
    const json = {
      compatible: report.compatible,
      incompatibilities: report.incompatibilities.map((finding) => ({
        type: finding.type,
        location: finding.location,
        message: finding.message,
        reader: finding.reader,
        writer: finding.writer,
      })),
    };
    out.print(JSON.stringify(json, null, 2));
  } else {
    out.print(formatText(report, next, previous.slice(0, versionsUsed(mode, previous.length))));
  }
  return report.compatible ? 0 : 1;
}

/** Each schema that does not parse, with its errors at 0-based line:character, as `datamesh lint` prints them. */
function formatInvalid(invalid: readonly InvalidSchema[]): string {
  const lines = ['datamesh compat: a schema does not parse, so compatibility cannot be checked.'];
  for (const schema of invalid) {
    lines.push(schema.label);
    for (const d of schema.diagnostics) {
      lines.push(`  ${d.range.start.line}:${d.range.start.character}  ${severityName(d.severity)}  ${String(d.code ?? '')}  ${d.message}`);
    }
  }
  return lines.join('\n');
}

/**
 * A verdict line, then, per failing check, which schema could not read which, and each incompatibility
 * with its JSON Pointer and (when known) its 0-based line:character in the reader's file.
 */
function formatText(report: CompatReport, next: string, used: readonly string[]): string {
  const lines: string[] = [];
  if (report.mode === 'NONE') {
    lines.push(`NONE: ${next} is not checked against previous versions.`);
    return lines.join('\n');
  }
  const against = used.length === 1 ? used[0] : `${used.length} previous versions (${used.join(', ')})`;
  lines.push(`${report.mode}: ${next} is ${report.compatible ? '' : 'not '}compatible with ${against}.`);
  for (const check of report.checks) {
    if (check.compatible) continue;
    lines.push('', `${check.reader} (reader) cannot read all data written with ${check.writer} (writer):`);
    for (const finding of check.incompatibilities) {
      const where = finding.readerRange
        ? ` (${finding.reader} ${finding.readerRange.start.line}:${finding.readerRange.start.character})`
        : '';
      lines.push(`  ${finding.type}  at ${finding.location}${where}`, `    ${finding.message}`);
    }
  }
  if (!report.compatible) {
    const count = report.incompatibilities.length;
    lines.push('', `${count} incompatibilit${count === 1 ? 'y' : 'ies'}.`);
  }
  return lines.join('\n');
}
