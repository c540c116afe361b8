// The machine formats of `datamesh lint` besides JSON: SARIF 2.1.0 for code-scanning tools and GitHub
// workflow commands for annotations in a pull request. Both count lines and columns from 1.
import { pathToFileURL } from 'node:url';
import { isAbsolute, sep } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { severityName } from '../../../server/src/services/index';
import type { LintedFile } from '../engines/lint/lintEngine';
import { PACKAGE_VERSION } from './packageVersion';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF's level for an LSP severity: information and hints are notes. */
function sarifLevel(diagnostic: Diagnostic): 'error' | 'warning' | 'note' {
  const severity = severityName(diagnostic.severity);
  return severity === 'error' || severity === 'warning' ? severity : 'note';
}

/** A relative path stays relative (to the working folder, SARIF's usual base); an absolute one is a file URI. */
function artifactUri(path: string): string {
  return isAbsolute(path) ? pathToFileURL(path).href : path.split(sep).join('/');
}

/** One SARIF 2.1.0 log with one run; every code that occurs is a rule of the driver. */
export function toSarif(files: readonly LintedFile[]): object {
  const ruleIds = [...new Set(files.flatMap((file) => file.diagnostics.map((d) => String(d.code))))].sort();
  const results = files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      ruleId: String(d.code),
      ruleIndex: ruleIds.indexOf(String(d.code)),
      level: sarifLevel(d),
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(file.path) },
            // SARIF's endColumn is one past the last character, like LSP's exclusive end, both 1-based here.
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'datamesh',
            version: PACKAGE_VERSION,
            rules: ruleIds.map((id) => ({ id })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** The workflow command for a severity: information and hints are notices. */
function githubCommand(diagnostic: Diagnostic): 'error' | 'warning' | 'notice' {
  const severity = severityName(diagnostic.severity);
  return severity === 'error' || severity === 'warning' ? severity : 'notice';
}

/** Workflow-command escaping: the message may not break the line; property values may not hold `,` or `:` either. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message`, one line per diagnostic. */
export function toGithubCommands(files: readonly LintedFile[]): string[] {
  return files.flatMap((file) =>
    file.diagnostics.map((d) => {
      const properties = [
        `file=${escapeProperty(file.path.split(sep).join('/'))}`,
        `line=${d.range.start.line + 1}`,
        `col=${d.range.start.character + 1}`,
        `endLine=${d.range.end.line + 1}`,
        `endColumn=${d.range.end.character + 1}`,
        `title=${escapeProperty(String(d.code))}`,
      ];
      return `::${githubCommand(d)} ${properties.join(',')}::${escapeData(d.message)}`;
    }),
  );
}
