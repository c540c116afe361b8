import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import { asArray, isRecord, TIERS, type Tier } from '../manifestTypes';
import type { ManifestRule } from './ruleContext';

/** An explicit replication factor is at least the tier's minimum. An absent one is the cluster's business. */
export const replicationPolicyRule: ManifestRule = ({ yaml, manifest, policy }) => {
  const diagnostics: Diagnostic[] = [];
  if (!TIERS.includes(manifest.tier as Tier)) return diagnostics;
  const minimum = policy.minReplicationFactor[manifest.tier as Tier];
  asArray(manifest.outputPorts).forEach((port, index) => {
    if (!isRecord(port) || typeof port.replicationFactor !== 'number' || port.replicationFactor >= minimum) return;
    const path = ['outputPorts', index, 'replicationFactor'];
    const range = yaml.valueRange(path);
    if (range) {
      diagnostics.push(
        makeDiagnostic(
          range,
          'replication-policy',
          `Replication factor ${port.replicationFactor} is below the policy's minimum for ${String(manifest.tier)}: ${minimum}.`,
          undefined,
          { expected: String(minimum), path },
        ),
      );
    }
  });
  return diagnostics;
};
