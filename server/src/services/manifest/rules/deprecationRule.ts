import { makeDiagnostic } from '../../diagnostics';
import type { ManifestRule } from './ruleContext';

/** A deprecated or retired product says when it ends, in a `deprecation` block. */
export const deprecationRule: ManifestRule = ({ yaml, manifest }) => {
  if (manifest.status !== 'deprecated' && manifest.status !== 'retired') return [];
  if (manifest.deprecation !== undefined && manifest.deprecation !== null) return [];
  const range = yaml.valueRange(['status']);
  if (!range) return [];
  return [
    makeDiagnostic(
      range,
      'deprecation-required',
      `A ${manifest.status} product needs a \`deprecation\` block with its \`sunset\` date.`,
      undefined,
      { path: ['status'] },
    ),
  ];
};
