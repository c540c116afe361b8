import { lintPaths, UnreadablePathError, type LintedFile } from '../engines/lint/lintEngine';
import { severityName } from '../../../server/src/services/index';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseArguments, UsageError } from './arguments';
import type { CommandOutput } from './commandOutput';
import { explicitCatalog, EXPLICIT_CATALOG_FLAG_OPTIONS, EXPLICIT_CATALOG_VALUE_OPTIONS } from './explicitCatalog';
import type { CliCommand } from './cliCommand';
import { CONNECTION_USAGE } from './catalogCommand';
import { toGithubCommands, toSarif } from './lintFormats';

export const LINT_USAGE =
  'datamesh lint [--format text|json|sarif|github] [--policy FILE] [--catalog-topic TOPIC] [connection options] PATH...';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export const LINT_COMMAND: CliCommand = {
  synopsis: LINT_USAGE,
  help: `Usage: ${LINT_USAGE}

Checks data-product manifests and Avro schemas with the editor's checks.
  PATH                  a file, or a folder searched for *.dataproduct.yaml, *.dataproduct.yml, dataproduct.yaml and *.avsc
  --format text         one line per problem, PATH:LINE:COL (1-based), then a summary (the default)
  --format json         {"files":[{"path","diagnostics":[{"range","severity","code","message"}]}]}, positions 0-based as in LSP
  --format sarif        SARIF 2.1.0 (1-based), for code-scanning tools
  --format github       GitHub workflow commands (::error file=F,line=L,col=C,title=CODE::message), annotations in a pull request
  --policy FILE         the governance policy (default: the nearest datamesh.policy.yaml above each manifest)
  --catalog-topic TOPIC the mesh catalog (default _datamesh.products or DATAMESH_CATALOG_TOPIC)
Offline unless --bootstrap or DATAMESH_BOOTSTRAP is given; then input ports are also checked against the catalog.
Exit 0 no errors (warnings allowed), 1 errors, 2 a usage error or an unreadable path.

${CONNECTION_USAGE}`,
  run: (argv, out) => runLint(argv, out),
};

/**
 * `datamesh lint`: exit 0 without errors (warnings allowed), 1 with errors, 2 on a usage error or an unreadable path.
 * Offline unless a connection is given explicitly; then input ports also resolve against the catalog.
 */
export async function runLint(
  argv: string[],
  out: CommandOutput,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const args = parseArguments(argv, ['format', 'policy', ...EXPLICIT_CATALOG_VALUE_OPTIONS], EXPLICIT_CATALOG_FLAG_OPTIONS);
  const format = (args.options.get('format') ?? 'text') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${format}`);
  if (args.positionals.length === 0) throw new UsageError('lint needs at least one PATH');
  const catalog = await explicitCatalog('lint', args, env, out);

  let files: LintedFile[];
  try {
    files = await lintPaths({ paths: args.positionals, policyFile: args.options.get('policy'), catalog });
  } catch (error) {
    if (error instanceof UnreadablePathError) {
      out.error(`datamesh lint: ${error.message}`);
      return 2;
    }
    throw error;
  }

  if (format === 'json') {
    const json = {
      files: files.map((file) => ({
        path: file.path,
        diagnostics: file.diagnostics.map((d) => ({
          range: d.range,
          severity: severityName(d.severity),
          code: d.code,
          message: d.message,
        })),
      })),
    };
    out.print(JSON.stringify(json, null, 2));
  } else if (format === 'sarif') {
    out.print(JSON.stringify(toSarif(files), null, 2));
  } else if (format === 'github') {
    const commands = toGithubCommands(files);
    if (commands.length > 0) out.print(commands.join('\n'));
    out.error(summary(files));
  } else {
    out.print(formatText(files));
  }
  const hasErrors = files.some((file) =>
    file.diagnostics.some((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error),
  );
  return hasErrors ? 1 : 0;
}

/** One line per problem, `PATH:LINE:COL  severity  code  message` with 1-based positions as compilers print them, then a summary. */
function formatText(files: LintedFile[]): string {
  const lines: string[] = [];
  for (const file of files) {
    for (const d of file.diagnostics) {
      const { line, character } = d.range.start;
      lines.push(`${file.path}:${line + 1}:${character + 1}  ${severityName(d.severity)}  ${String(d.code)}  ${d.message}`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(summary(files));
  return lines.join('\n');
}

function summary(files: readonly LintedFile[]): string {
  const severities = files.flatMap((file) => file.diagnostics.map((d) => severityName(d.severity)));
  const errors = severities.filter((severity) => severity === 'error').length;
  const warnings = severities.filter((severity) => severity === 'warning').length;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(files.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`;
}
