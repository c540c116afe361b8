import type { Diagnostic } from 'vscode-languageserver-types';
import type { Compatibility, Tier } from '../manifest/manifestTypes';
import { PositionedYaml } from '../yaml/positionedYaml';
import { makeDiagnostic } from '../diagnostics';
import { validateAgainstSchema } from '../manifest/schemaValidation';
import policySchema from '../../../../schemas/policy.schema.json';

export const POLICY_FILE_NAME = 'datamesh.policy.yaml';

/** The mesh-wide governance rules, with every default filled in. */
export interface Policy {
  topicPattern: string;
  requireSchema: boolean;
  minCompatibility: Record<Tier, Compatibility>;
  minReplicationFactor: Record<Tier, number>;
  piiRequiresTier: Tier[];
  owners: string[];
}

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze<Policy>({
  topicPattern: '{domain}.{name}.v{major}',
  requireSchema: true,
  minCompatibility: { 'tier-1': 'FULL', 'tier-2': 'BACKWARD', 'tier-3': 'NONE' },
  minReplicationFactor: { 'tier-1': 3, 'tier-2': 1, 'tier-3': 1 },
  piiRequiresTier: ['tier-1', 'tier-2'],
  owners: [],
});

export interface ParsedPolicy {
  policy: Policy;
  /** Problems of the policy file itself, on its own lines. */
  diagnostics: Diagnostic[];
}

/** Reads a policy file. Fields that are absent or invalid take their defaults. */
export function parsePolicy(text: string): ParsedPolicy {
  const yaml = new PositionedYaml(text);
  const diagnostics: Diagnostic[] = yaml.syntaxErrors.map((error) => makeDiagnostic(error.range, 'yaml-syntax', error.message));
  const value = yaml.value;
  if (diagnostics.length === 0 && value !== null && value !== undefined) {
    diagnostics.push(...validateAgainstSchema(policySchema, 'policy', value, yaml));
  }
  return { policy: policyFromValue(diagnostics.length === 0 ? value : undefined), diagnostics };
}

export function policyFromValue(value: unknown): Policy {
  const raw = isObject(value) ? value : {};
  const minCompatibility = isObject(raw.minCompatibility) ? raw.minCompatibility : {};
  const minReplication = isObject(raw.minReplicationFactor) ? raw.minReplicationFactor : {};
  return {
    topicPattern: typeof raw.topicPattern === 'string' ? raw.topicPattern : DEFAULT_POLICY.topicPattern,
    requireSchema: typeof raw.requireSchema === 'boolean' ? raw.requireSchema : DEFAULT_POLICY.requireSchema,
    minCompatibility: { ...DEFAULT_POLICY.minCompatibility, ...(minCompatibility as Partial<Record<Tier, Compatibility>>) },
    minReplicationFactor: { ...DEFAULT_POLICY.minReplicationFactor, ...(minReplication as Partial<Record<Tier, number>>) },
    piiRequiresTier: Array.isArray(raw.piiRequiresTier) ? (raw.piiRequiresTier as Tier[]) : [...DEFAULT_POLICY.piiRequiresTier],
    owners: Array.isArray(raw.owners) ? (raw.owners as string[]) : [],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
