import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import { asArray, isRecord } from '../manifestTypes';
import type { ManifestRule } from './ruleContext';

/**
 * Every `schema:` stays inside the project folder (`schema-path-outside`, and then the file is not read), names
 * an existing `.avsc` (`schema-file-missing`) without errors (`schema-invalid`).
 */
export const schemaFileRule: ManifestRule = ({ uri, yaml, manifest, workspace }) => {
  const diagnostics: Diagnostic[] = [];
  asArray(manifest.outputPorts).forEach((port, index) => {
    if (!isRecord(port)) return;
    for (const part of ['key', 'value'] as const) {
      const payload = port[part];
      if (!isRecord(payload) || typeof payload.schema !== 'string' || payload.schema === '') continue;
      const path = ['outputPorts', index, part, 'schema'];
      const range = yaml.valueRange(path);
      if (!range) continue;
      const target = workspace.schemaTarget(uri, payload.schema);
      if (target && !target.inside) {
        diagnostics.push(
          makeDiagnostic(
            range,
            'schema-path-outside',
            `The schema path \`${payload.schema}\` leaves the project folder; schemas must live inside it, so the file is not read.`,
            undefined,
            { path },
          ),
        );
        continue;
      }
      const schemaUri = target?.uri;
      const avroDiagnostics = schemaUri === undefined ? undefined : workspace.avroDiagnostics(schemaUri);
      if (avroDiagnostics === undefined) {
        diagnostics.push(
          makeDiagnostic(range, 'schema-file-missing', `The schema file \`${payload.schema}\` does not exist.`, undefined, {
            path,
            schemaUri,
          }),
        );
        continue;
      }
      const errors = avroDiagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
      if (errors.length > 0) {
        const first = errors[0];
        const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
        diagnostics.push(
          makeDiagnostic(
            range,
            'schema-invalid',
            `The schema \`${payload.schema}\` has errors: line ${first.range.start.line + 1}: ${first.message}${more}`,
            undefined,
            { path, schemaUri },
          ),
        );
      }
    }
  });
  return diagnostics;
};
