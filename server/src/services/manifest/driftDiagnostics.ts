/**
 * Drift (issue 12): where the cluster, the registry or the catalog differ from a manifest, found by the
 * client's publish plan (a dry run) and sent as JSON paths. Here each path becomes an information
 * diagnostic (code `drift`) on the manifest's key or value, re-placed on every check so that it follows
 * edits, and each gets a quick fix that opens the publish preview.
 */
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../diagnostics';
import { PositionedYaml } from '../yaml/positionedYaml';

export const DRIFT_CODE = 'drift';
/** The extension's Preview Publish command (client/src/commandIds.ts; a unit test keeps the two equal). */
export const PREVIEW_PUBLISH_COMMAND = 'datamesh.previewPublish';

export interface DriftItem {
  /** The JSON path in the manifest, e.g. ["outputPorts", 0, "partitions"]. */
  path: (string | number)[];
  message: string;
}

export function driftDiagnostics(text: string, items: readonly DriftItem[]): Diagnostic[] {
  if (items.length === 0) return [];
  const yaml = new PositionedYaml(text);
  return items.map((item) => ({
    range: yaml.nearestRange(item.path, 'value'),
    severity: DiagnosticSeverity.Information,
    code: DRIFT_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: item.message,
    data: { path: item.path },
  }));
}

/** One "Preview Publish" quick fix for the drift diagnostics among `diagnostics`. */
export function driftCodeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const drift = diagnostics.filter((diagnostic) => diagnostic.code === DRIFT_CODE && diagnostic.source === DIAGNOSTIC_SOURCE);
  if (drift.length === 0) return [];
  return [
    {
      title: 'Preview Publish',
      kind: CodeActionKind.QuickFix,
      diagnostics: drift,
      command: { title: 'Preview Publish', command: PREVIEW_PUBLISH_COMMAND, arguments: [uri] },
    },
  ];
}
