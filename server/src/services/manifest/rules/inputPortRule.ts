import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import { asArray, isRecord } from '../manifestTypes';
import type { ManifestRule } from './ruleContext';
import { closestMatch } from '../../../text/closestMatch';

/** Input ports name a product, and a port of it, that the workspace or the catalog knows. */
export const inputPortRule: ManifestRule = ({ yaml, manifest, workspace }) => {
  const diagnostics: Diagnostic[] = [];
  asArray(manifest.inputPorts).forEach((input, index) => {
    if (!isRecord(input) || typeof input.product !== 'string') return;
    const productPath = ['inputPorts', index, 'product'];
    const product = workspace.product(input.product);
    if (!product) {
      const range = yaml.valueRange(productPath);
      const ownId = typeof manifest.id === 'string' ? manifest.id : undefined;
      const expected = closestMatch(
        input.product,
        workspace
          .products()
          .map((known) => known.id)
          .filter((id) => id !== ownId),
      );
      if (range) {
        diagnostics.push(
          makeDiagnostic(
            range,
            'unknown-input',
            `No data product \`${input.product}\` in the workspace or the catalog.${didYouMean(expected)}`,
            DiagnosticSeverity.Warning,
            { path: productPath, ...(expected ? { expected } : {}) },
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
      const expected = closestMatch(
        input.port,
        product.outputPorts.map((port) => port.name),
      );
      diagnostics.push(
        makeDiagnostic(
          range,
          'unknown-input',
          `The product \`${input.product}\` has no output port \`${input.port}\` (its ports: ${known}).${didYouMean(expected)}`,
          DiagnosticSeverity.Warning,
          { path: portPath, ...(expected ? { expected } : {}) },
        ),
      );
    }
  });
  return diagnostics;
};

function didYouMean(expected: string | undefined): string {
  return expected ? ` Did you mean \`${expected}\`?` : '';
}
