import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import type { ProductSummary } from '../../workspace/productSummary';
import { asArray, isRecord } from '../manifestTypes';
import type { ManifestRule } from './ruleContext';

const ENDING = new Set(['deprecated', 'retired']);

/**
 * An input port reads a product that is deprecated or retired, in the workspace's manifest or in the catalog
 * (the published status can be ahead of a checked-out manifest): a warning with the sunset and the replacement.
 */
export const deprecatedInputRule: ManifestRule = ({ yaml, manifest, workspace }) => {
  const diagnostics: Diagnostic[] = [];
  asArray(manifest.inputPorts).forEach((input, index) => {
    if (!isRecord(input) || typeof input.product !== 'string') return;
    const ending = [workspace.product(input.product), workspace.catalogProduct(input.product)].find(
      (product): product is ProductSummary => product !== undefined && ENDING.has(product.status ?? ''),
    );
    if (!ending) return;
    const path = ['inputPorts', index, 'product'];
    const range = yaml.valueRange(path);
    if (range)
      diagnostics.push(makeDiagnostic(range, 'deprecated-input', deprecationMessage(ending), DiagnosticSeverity.Warning, { path }));
  });
  return diagnostics;
};

function deprecationMessage(product: ProductSummary): string {
  const where = product.source === 'catalog' ? ' in the catalog' : '';
  const sunset = product.deprecation?.sunset;
  const replacement = product.deprecation?.replacement;
  const when =
    product.status === 'retired'
      ? sunset
        ? `; its sunset was ${sunset}`
        : ''
      : sunset
        ? `; it ends on ${sunset}`
        : '; no sunset date is given';
  const instead = replacement ? `. Read \`${replacement}\` instead.` : '. No replacement is named.';
  return `\`${product.id}\` is ${product.status}${where}${when}${instead}`;
}
