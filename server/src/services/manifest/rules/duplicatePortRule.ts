import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import { asArray, isRecord } from '../manifestTypes';
import type { ManifestRule } from './ruleContext';

/** Output port names are unique within a product; every repeat is marked. */
export const duplicatePortRule: ManifestRule = ({ yaml, manifest }) => {
  const diagnostics: Diagnostic[] = [];
  const firstIndex = new Map<string, number>();
  asArray(manifest.outputPorts).forEach((port, index) => {
    if (!isRecord(port) || typeof port.name !== 'string') return;
    const first = firstIndex.get(port.name);
    if (first === undefined) {
      firstIndex.set(port.name, index);
      return;
    }
    const range = yaml.valueRange(['outputPorts', index, 'name']);
    if (range) {
      diagnostics.push(
        makeDiagnostic(range, 'duplicate-port', `The output port name \`${port.name}\` is already used by port ${first + 1}.`, undefined, {
          path: ['outputPorts', index, 'name'],
        }),
      );
    }
  });
  return diagnostics;
};
