import { makeDiagnostic } from '../../diagnostics';
import type { ManifestRule } from './ruleContext';

/** `id` must be `<domain>.<name>`. */
export const idRule: ManifestRule = ({ yaml, manifest }) => {
  const { id, domain, name } = manifest;
  if (typeof id !== 'string' || typeof domain !== 'string' || typeof name !== 'string') return [];
  const expected = `${domain}.${name}`;
  if (id === expected) return [];
  const range = yaml.valueRange(['id']);
  if (!range) return [];
  return [
    makeDiagnostic(range, 'id-mismatch', `The id \`${id}\` must be \`<domain>.<name>\`: \`${expected}\`.`, undefined, {
      expected,
      path: ['id'],
    }),
  ];
};
