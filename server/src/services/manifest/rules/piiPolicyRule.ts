import { makeDiagnostic } from '../../diagnostics';
import { TIERS, type Tier } from '../manifestTypes';
import type { ManifestRule } from './ruleContext';

/** `containsPii: true` only on the tiers the policy lists. */
export const piiPolicyRule: ManifestRule = ({ yaml, manifest, policy }) => {
  // An unknown tier is already a schema error; no policy applies to it.
  if (manifest.containsPii !== true || !TIERS.includes(manifest.tier as Tier)) return [];
  if (policy.piiRequiresTier.includes(manifest.tier as Tier)) return [];
  const range = yaml.valueRange(['containsPii']);
  if (!range) return [];
  const allowed = policy.piiRequiresTier.length > 0 ? policy.piiRequiresTier.join(', ') : 'no tier';
  return [
    makeDiagnostic(range, 'pii-policy', `A ${manifest.tier} product may not contain PII; the policy allows it on ${allowed}.`, undefined, {
      path: ['containsPii'],
    }),
  ];
};
