import { lintPaths, UnreadablePathError, type LintedFile } from '../engines/lint/lintEngine';
import { severityName } from '../../../server/src/services/index';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseArguments, UsageError } from './arguments';
import type { CommandOutput } from './commandOutput';
import { explicitCatalog, EXPLICIT_CATALOG_FLAG_OPTIONS, EXPLICIT_CATALOG_VALUE_OPTIONS } from './explicitCatalog';

export const LINT_USAGE = 'datamesh lint [--format text|json] [--policy FILE] [--catalog-topic TOPIC] [connection options] PATH...';

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
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
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
  } else {
    out.print(formatText(files));
  }
  const hasErrors = files.some((file) =>
    file.diagnostics.some((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error),
  );
  return hasErrors ? 1 : 0;
}

/** One block per file with problems; positions are 0-based line:character, as in the JSON output and LSP. */
function formatText(files: LintedFile[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    if (file.diagnostics.length === 0) continue;
    lines.push(file.path);
    for (const d of file.diagnostics) {
      const severity = severityName(d.severity);
      if (severity === 'error') errors++;
      else if (severity === 'warning') warnings++;
      lines.push(`  ${d.range.start.line}:${d.range.start.character}  ${severity}  ${String(d.code)}  ${d.message}`);
    }
    lines.push('');
  }
  lines.push(
    `${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return lines.join('\n');
}
