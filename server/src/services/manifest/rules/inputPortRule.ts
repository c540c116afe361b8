import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import { asArray, isRecord } from '../manifestTypes';
import type { ManifestRule } from './ruleContext';

/** Input ports name a product, and a port of it, that the workspace or the catalog knows. */
export const inputPortRule: ManifestRule = ({ yaml, manifest, workspace }) => {
  const diagnostics: Diagnostic[] = [];
  asArray(manifest.inputPorts).forEach((input, index) => {
    if (!isRecord(input) || typeof input.product !== 'string') return;
    const productPath = ['inputPorts', index, 'product'];
    const product = workspace.product(input.product);
    if (!product) {
      const range = yaml.valueRange(productPath);
      if (range) {
        diagnostics.push(
          makeDiagnostic(
            range,
            'unknown-input',
            `No data product \`${input.product}\` in the workspace or the catalog.`,
            DiagnosticSeverity.Warning,
            { path: productPath },
          ),
        );
      }
      return;
    }
    if (typeof input.port !== 'string') return;
    if (product.outputPorts.some((port) => port.name === input.port)) return;
    const portPath = ['inputPorts', index, 'port'];
    const range = yaml.valueRange(portPath);
    if (range) {
      const known = product.outputPorts.map((port) => `\`${port.name}\``).join(', ') || 'none';
      diagnostics.push(
        makeDiagnostic(
          range,
          'unknown-input',
          `The product \`${input.product}\` has no output port \`${input.port}\` (its ports: ${known}).`,
          DiagnosticSeverity.Warning,
          { path: portPath },
        ),
      );
    }
  });
  return diagnostics;
};
