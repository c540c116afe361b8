import { CodeActionKind, Range, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { DiagnosticData } from '../diagnostics';

/**
 * Quick fixes for Avro diagnostics that know their one right replacement (`data.expected`, JSON text for
 * the diagnostic's range): a misspelt type or logical type, the case of an `order`, `{"type": "Name"}`.
 * The diagnostics come back from the client, so one without a range to replace is skipped, not trusted.
 */
export function avroCodeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of Array.isArray(diagnostics) ? diagnostics : []) {
    if (typeof diagnostic !== 'object' || diagnostic === null || !Range.is(diagnostic.range)) continue;
    if (typeof diagnostic.code !== 'string' || !diagnostic.code.startsWith('avro-')) continue;
    const expected = (diagnostic.data as DiagnosticData | undefined)?.expected;
    if (typeof expected !== 'string') continue;
    actions.push({
      title: `Change to ${expected}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: diagnostic.range, newText: expected }] } },
    });
  }
  return actions;
}
