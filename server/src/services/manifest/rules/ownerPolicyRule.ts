import { makeDiagnostic } from '../../diagnostics';
import { isRecord } from '../manifestTypes';
import type { ManifestRule } from './ruleContext';

/** When the policy lists owners, `owner.team` is one of them. */
export const ownerPolicyRule: ManifestRule = ({ yaml, manifest, policy }) => {
  if (policy.owners.length === 0 || !isRecord(manifest.owner) || typeof manifest.owner.team !== 'string') return [];
  if (policy.owners.includes(manifest.owner.team)) return [];
  const range = yaml.valueRange(['owner', 'team']);
  if (!range) return [];
  return [
    makeDiagnostic(
      range,
      'owner-policy',
      `The team \`${manifest.owner.team}\` is not one of the policy's owners: ${policy.owners.join(', ')}.`,
      undefined,
      { path: ['owner', 'team'] },
    ),
  ];
};
