import type { CodeAction, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../../server/src/text/lineIndex';

/**
 * Applies LSP text edits to a text as a client would: all ranges refer to the original text, and
 * edits at the same position apply in array order. Overlapping edits are a bug in the producer.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const resolved = edits
    .map((edit, order) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText, order }))
    .sort((a, b) => a.start - b.start || a.order - b.order);
  let result = '';
  let cursor = 0;
  for (const edit of resolved) {
    if (edit.start < cursor || edit.end < edit.start) throw new Error(`overlapping or inverted edit at offset ${edit.start}`);
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/** The text edits a workspace edit makes to one document, from `changes` or `documentChanges`. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((change) =>
    'textDocument' in change && change.textDocument.uri === uri ? (change.edits as TextEdit[]) : [],
  );
  return [...fromChanges, ...fromDocumentChanges];
}

/** Applies a code action's edit to one document. */
export function applyAction(text: string, action: CodeAction, uri: string): string {
  return applyEdits(text, editsFor(action.edit, uri));
}
