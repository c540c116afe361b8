import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import { asArray, isRecord } from '../manifestTypes';
import type { PositionedYaml } from '../../yaml/positionedYaml';
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
        makeDiagnostic(range, 'duplicate-port', duplicateMessage(port.name, first, manifest.outputPorts, yaml), undefined, {
          path: ['outputPorts', index, 'name'],
        }),
      );
    }
  });
  return diagnostics;
};

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** The name first, then which port has it already: by position, line and topic, since both share the name. */
function duplicateMessage(name: string, firstIndex: number, ports: unknown[] | undefined, yaml: PositionedYaml): string {
  const ordinal = ORDINALS[firstIndex] ?? `${firstIndex + 1}th`;
  const line = yaml.valueRange(['outputPorts', firstIndex, 'name'])?.start.line;
  const firstPort = asArray(ports)[firstIndex];
  const topic = isRecord(firstPort) && typeof firstPort.topic === 'string' ? `, topic \`${firstPort.topic}\`` : '';
  const where = line === undefined ? '' : ` (line ${line + 1}${topic})`;
  return `Duplicate output port name \`${name}\`: the ${ordinal} output port${where} already has it.`;
}
