import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../diagnostics';
import { PositionedYaml } from '../yaml/positionedYaml';
import { parseYamlCached } from '../yaml/parseCache';
import { validateAgainstSchema } from './schemaValidation';
import { asManifest, isRecord } from './manifestTypes';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { summarizeParsedManifest } from '../workspace/productSummary';
import type { ManifestRule, RuleContext } from './rules/ruleContext';
import { idRule } from './rules/idRule';
import { topicNamingRule } from './rules/topicNamingRule';
import { duplicatePortRule } from './rules/duplicatePortRule';
import { schemaFileRule } from './rules/schemaFileRule';
import { compatibilityPolicyRule } from './rules/compatibilityPolicyRule';
import { replicationPolicyRule } from './rules/replicationPolicyRule';
import { piiPolicyRule } from './rules/piiPolicyRule';
import { ownerPolicyRule } from './rules/ownerPolicyRule';
import { deprecationRule } from './rules/deprecationRule';
import { inputPortRule } from './rules/inputPortRule';
import { deprecatedInputRule } from './rules/deprecatedInputRule';
import manifestSchema from '../../../../schemas/dataproduct.schema.json';

export const MANIFEST_RULES: readonly ManifestRule[] = [
  idRule,
  topicNamingRule,
  duplicatePortRule,
  schemaFileRule,
  compatibilityPolicyRule,
  replicationPolicyRule,
  piiPolicyRule,
  ownerPolicyRule,
  deprecationRule,
  inputPortRule,
  deprecatedInputRule,
];

export interface ManifestCheckOptions {
  /** Check only YAML syntax and the JSON Schema: no rule that reads other files. */
  syntaxAndSchemaOnly?: boolean;
}

/** All diagnostics of one manifest: YAML syntax, then the JSON Schema, then the semantic and policy rules. */
export function validateManifest(uri: string, text: string, workspace: WorkspaceIndex, options: ManifestCheckOptions = {}): Diagnostic[] {
  const yaml = parseYamlCached(text);
  if (yaml.syntaxErrors.length === 0) workspace.rememberSummary(uri, text, summarizeParsedManifest(uri, yaml));
  return validateParsedManifest(uri, yaml, workspace, options);
}

export function validateParsedManifest(
  uri: string,
  yaml: PositionedYaml,
  workspace: WorkspaceIndex,
  options: ManifestCheckOptions = {},
): Diagnostic[] {
  const value = yaml.value;
  if (yaml.syntaxErrors.length > 0) {
    // Rules over a half-parsed document would report noise; syntax comes first.
    return yaml.syntaxErrors.map((error) => makeDiagnostic(error.range, 'yaml-syntax', error.message));
  }
  if (!isRecord(value)) {
    const message =
      value === null || value === undefined
        ? 'The manifest is empty: it needs at least `apiVersion`, `kind` and `id`.'
        : 'A manifest must be a YAML mapping of fields.';
    return [makeDiagnostic(yaml.documentStartRange(), 'schema', message)];
  }
  const diagnostics = validateAgainstSchema(manifestSchema, 'manifest', value, yaml);
  if (!options.syntaxAndSchemaOnly) {
    const { policy } = workspace.policyFor(uri);
    const context: RuleContext = { uri, yaml, manifest: asManifest(value), policy, workspace };
    for (const rule of MANIFEST_RULES) diagnostics.push(...rule(context));
  }
  return sortDiagnostics(diagnostics);
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.severity ?? DiagnosticSeverity.Error) - (b.severity ?? DiagnosticSeverity.Error),
  );
}
