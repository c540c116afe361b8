import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { effectiveCompatibility } from '../../manifest/compatibility';
import type { WorkspaceIndex } from '../../workspace/workspaceIndex';
import { evolutionDiagnostics, type SchemaUse } from './evolutionDiagnostics';
import type { SchemaHistory } from './schemaHistory';

/** The workspace's ports whose key or value is this schema, each with the mode its subject is checked under. */
export function schemaUses(workspace: WorkspaceIndex, schemaUri: string): SchemaUse[] {
  const uses: SchemaUse[] = [];
  for (const { product, port, role } of workspace.portsUsingSchema(schemaUri)) {
    const effective = effectiveCompatibility(port.compatibility);
    if (effective) uses.push({ mode: effective.mode, description: `${role} of ${product.id} / ${port.name}` });
  }
  return uses;
}

/**
 * The schema-evolution check of an `.avsc`: it applies to a schema free of errors (a broken schema cannot be
 * compared) that a workspace port uses. Only then is the history asked, since reading it (git, the registry)
 * is the adapter's I/O.
 */
export async function checkSchemaEvolution(
  uri: string,
  text: string,
  diagnostics: readonly Diagnostic[],
  workspace: WorkspaceIndex,
  history: SchemaHistory,
): Promise<Diagnostic[]> {
  if (diagnostics.some((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error)) return [];
  const uses = schemaUses(workspace, uri);
  if (uses.length === 0) return [];
  return evolutionDiagnostics(text, uses, await history.versions(uri));
}
