import { COMPATIBILITY_MODES, severityName, type Compatibility } from '../../../server/src/services/index';
import {
  checkSchemaFiles,
  UnreadableSchemaError,
  versionsUsed,
  type CompatOutcome,
  type CompatReport,
  type InvalidSchema,
} from '../engines/compat/compatEngine';
import { checkAgainstSubject, UnusableSubjectError, type SubjectCompatResult } from '../engines/compat/subjectCompat';
import { createRegistryClient, RegistryClient } from '../kafka/registryClient';
import { parseArguments, UsageError, type ParsedArguments } from './arguments';
import {
  CONNECTION_FLAG_OPTIONS,
  CONNECTION_USAGE,
  CONNECTION_VALUE_OPTIONS,
  connectionFromArguments,
  timeoutSecondsOf,
} from './catalogCommand';
import type { CliCommand } from './cliCommand';
import type { CommandOutput } from './commandOutput';
import { describeForCommandLine } from './connectionRemedy';

export const COMPAT_USAGE = `datamesh compat --mode MODE [--format text|json] NEW.avsc OLD.avsc [OLDER.avsc ...]
  datamesh compat --subject SUBJECT [--mode MODE] [--format text|json] [connection options] NEW.avsc`;

export const COMPAT_COMMAND: CliCommand = {
  synopsis: COMPAT_USAGE,
  help: `Usage: ${COMPAT_USAGE}

Checks that a new version of an Avro schema is compatible with previous ones.
  --mode MODE         BACKWARD (NEW, the reader, can read OLD), FORWARD (OLD can read NEW), FULL (both),
                      BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE (against every OLD, not just
                      the first) or NONE; any letter case
  --subject SUBJECT   against the schema registry's versions of SUBJECT (newest first, named SUBJECT@vN), under
                      the subject's compatibility level (else the registry's global one) unless --mode is given
  --format text|json  json: {"compatible","incompatibilities":[{"type","location","message","reader","writer"}]}
Text positions are PATH:LINE:COL, 1-based.
Exit 0 compatible, 1 incompatible, 2 a usage error, a schema that cannot be read or does not parse, or a registry
that cannot be reached or answers with an error.

${CONNECTION_USAGE}`,
  run: (argv, out) => runCompat(argv, out),
};

type Env = Readonly<Record<string, string | undefined>>;

/** A compatibility mode as typed: any letter case (`full`, `backward_transitive`). */
export function parseMode(text: string): Compatibility {
  const mode = text.toUpperCase();
  if (!(COMPATIBILITY_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--mode must be one of ${COMPATIBILITY_MODES.join(', ')}, not ${text}`);
  }
  return mode as Compatibility;
}

/**
 * `datamesh compat`: exit 0 compatible, 1 incompatible, 2 on a usage error, an unreadable file or a schema
 * that does not parse (its diagnostics on standard error), or, with --subject, a registry that fails. Only the
 * schemas the mode uses are read: without _TRANSITIVE, NEW and the first OLD; with NONE, NEW alone.
 */
export async function runCompat(argv: string[], out: CommandOutput, env: Env = process.env): Promise<number> {
  const args = parseArguments(argv, ['mode', 'format', 'subject', ...CONNECTION_VALUE_OPTIONS], CONNECTION_FLAG_OPTIONS);
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  const modeName = args.options.get('mode');
  const mode = modeName === undefined ? undefined : parseMode(modeName);
  const subject = args.options.get('subject');
  if (subject !== undefined) return runAgainstSubject(subject, mode, format, args, out, env);

  const connectionOption = [...CONNECTION_VALUE_OPTIONS, ...CONNECTION_FLAG_OPTIONS].find(
    (name) => args.options.has(name) || args.flags.has(name),
  );
  if (connectionOption) throw new UsageError(`--${connectionOption} goes with --subject: files are compared without a connection`);
  if (mode === undefined) throw new UsageError(`compat needs --mode (${COMPATIBILITY_MODES.join(', ')}) or --subject`);
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
  return printOutcome(outcome, format, out, (report) =>
    formatText(report, `${report.mode}: ${next}`, previous.slice(0, versionsUsed(mode, previous.length))),
  );
}

async function runAgainstSubject(
  subject: string,
  mode: Compatibility | undefined,
  format: string,
  args: ParsedArguments,
  out: CommandOutput,
  env: Env,
): Promise<number> {
  if (subject.trim() === '') throw new UsageError('--subject needs a subject name, such as sales.orders.v1-value');
  if (args.positionals.length !== 1) throw new UsageError('compat --subject takes exactly one schema: NEW.avsc');
  const [next] = args.positionals;

  const registry = await registryFromArguments(args, env);
  if ('error' in registry) {
    out.error(`datamesh compat: ${registry.error}`);
    return 2;
  }
  let result: SubjectCompatResult;
  try {
    result = await checkAgainstSubject({ subject, nextPath: next, mode }, registry);
  } catch (error) {
    if (error instanceof UnreadableSchemaError || error instanceof UnusableSubjectError) {
      out.error(`datamesh compat: ${error.message}`);
      return 2;
    }
    out.error(`datamesh compat: ${describeForCommandLine(error, { target: `schema registry ${registry.url}` })}`);
    return 2;
  }
  const level =
    result.modeSource === 'option' ? '--mode' : result.modeSource === 'subject' ? `the level of ${subject}` : "the registry's global level";
  return printOutcome(result.outcome, format, out, (report) =>
    result.versions.length === 0
      ? `${report.mode} (${level}): ${subject} has no versions in the registry, so ${next} is compatible.`
      : formatText(report, `${report.mode} (${level}): ${next}`, result.used),
  );
}

/**
 * The registry to compare against: --registry or DATAMESH_REGISTRY alone is enough (compat needs no broker);
 * otherwise the connection every command resolves (--bootstrap with its registry, or the running local stack).
 */
async function registryFromArguments(args: ParsedArguments, env: Env): Promise<RegistryClient | { error: string }> {
  const url = (args.options.get('registry') ?? env.DATAMESH_REGISTRY)?.trim();
  const bootstrap = (args.options.get('bootstrap') ?? env.DATAMESH_BOOTSTRAP)?.trim();
  if (url && !bootstrap) {
    if (!/^https?:\/\/[^\s]+$/.test(url)) throw new UsageError(`--registry must be an http(s) URL, not ${url}`);
    return new RegistryClient({ url, timeoutMs: Math.min(10_000, timeoutSecondsOf(args) * 1000) });
  }
  const connection = await connectionFromArguments(args, env);
  if ('error' in connection) return connection;
  const client = await createRegistryClient(connection.profile, connection.secrets);
  return client ?? { error: 'compat --subject needs a schema registry: pass --registry URL or set DATAMESH_REGISTRY.' };
}

function printOutcome(outcome: CompatOutcome, format: string, out: CommandOutput, text: (report: CompatReport) => string): number {
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
    out.print(text(report));
  }
  return report.compatible ? 0 : 1;
}

/** Each schema that does not parse, with its errors at PATH:LINE:COL (1-based), as `datamesh lint` prints them. */
function formatInvalid(invalid: readonly InvalidSchema[]): string {
  const lines = ['datamesh compat: a schema does not parse, so compatibility cannot be checked.'];
  for (const schema of invalid) {
    for (const d of schema.diagnostics) {
      const { line, character } = d.range.start;
      lines.push(`${schema.label}:${line + 1}:${character + 1}  ${severityName(d.severity)}  ${String(d.code ?? '')}  ${d.message}`);
    }
  }
  return lines.join('\n');
}

/**
 * A verdict line, then, per failing check, which schema could not read which, and each incompatibility
 * with its JSON Pointer and (when known) its PATH:LINE:COL (1-based) in the reader.
 */
function formatText(report: CompatReport, heading: string, used: readonly string[]): string {
  const lines: string[] = [];
  if (report.mode === 'NONE') {
    lines.push(`${heading} is not checked against previous versions.`);
    return lines.join('\n');
  }
  const against = used.length === 1 ? used[0] : `${used.length} previous versions (${used.join(', ')})`;
  lines.push(`${heading} is ${report.compatible ? '' : 'not '}compatible with ${against}.`);
  for (const check of report.checks) {
    if (check.compatible) continue;
    lines.push('', `${check.reader} (reader) cannot read all data written with ${check.writer} (writer):`);
    for (const finding of check.incompatibilities) {
      const where = finding.readerRange
        ? ` (${finding.reader}:${finding.readerRange.start.line + 1}:${finding.readerRange.start.character + 1})`
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
