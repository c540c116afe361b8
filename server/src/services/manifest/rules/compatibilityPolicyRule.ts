import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import { asArray, isRecord, TIERS, type Tier } from '../manifestTypes';
import { effectiveCompatibility } from '../compatibility';
import { satisfiesCompatibility } from '../../policy/compatibilityOrder';
import type { ManifestRule } from './ruleContext';

/**
 * Each port's value compatibility is at least the tier's minimum, NONE is never allowed on tier-1, and,
 * when the policy requires schemas, values are Avro.
 */
export const compatibilityPolicyRule: ManifestRule = ({ yaml, manifest, policy }) => {
  const diagnostics: Diagnostic[] = [];
  const tier = TIERS.includes(manifest.tier as Tier) ? (manifest.tier as Tier) : undefined;
  asArray(manifest.outputPorts).forEach((port, index) => {
    if (!isRecord(port) || !isRecord(port.value)) return;
    const valuePath = ['outputPorts', index, 'value'];
    if (policy.requireSchema && typeof port.value.format === 'string' && port.value.format !== 'avro') {
      const path = [...valuePath, 'format'];
      const range = yaml.valueRange(path);
      if (range) {
        diagnostics.push(
          makeDiagnostic(
            range,
            'compatibility-policy',
            `The policy requires a schema: \`value.format\` must be \`avro\`, not \`${port.value.format}\`.`,
            undefined,
            { expected: 'avro', path },
          ),
        );
      }
    }
    if (!tier) return;
    const effective = effectiveCompatibility(port.value.compatibility);
    if (!effective) return;
    const { mode, isDefault } = effective;
    const minimum = policy.minCompatibility[tier];
    const path = isDefault ? valuePath : [...valuePath, 'compatibility'];
    const range = isDefault ? yaml.keyRange(valuePath) : yaml.valueRange(path);
    if (!range) return;
    const shown = isDefault ? `${mode} (the default)` : mode;
    if (tier === 'tier-1' && mode === 'NONE') {
      diagnostics.push(
        makeDiagnostic(range, 'compatibility-policy', 'Compatibility NONE is never allowed for a tier-1 product.', undefined, {
          expected: minimum === 'NONE' ? 'FULL' : minimum,
          path,
        }),
      );
    } else if (!satisfiesCompatibility(mode, minimum)) {
      diagnostics.push(
        makeDiagnostic(
          range,
          'compatibility-policy',
          `Compatibility ${shown} is weaker than the policy's minimum for ${tier}: ${minimum}.`,
          undefined,
          { expected: minimum, path },
        ),
      );
    }
  });
  return diagnostics;
};
