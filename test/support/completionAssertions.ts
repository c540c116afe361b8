import assert from 'node:assert/strict';
import { InsertTextFormat, type CompletionItem, type CompletionList, type MarkupContent, type TextEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../../server/src/text/lineIndex';

/** Helpers shared by the completion tests of both languages. */
export function labels(list: CompletionList): string[] {
  return list.items.map((item) => String(item.label));
}

/** The item with this label (and label description, when given); fails with the labels on offer. */
export function item(list: CompletionList, label: string, description?: string): CompletionItem {
  const found = list.items.find(
    (candidate) => candidate.label === label && (description === undefined || candidate.labelDetails?.description === description),
  );
  assert.ok(found, `no item ${label} in ${labels(list).join(', ')}`);
  return found;
}

export function docOf(completion: CompletionItem): string {
  const documentation = completion.documentation as MarkupContent | undefined;
  assert.equal(documentation?.kind, 'markdown', `${completion.label} has markdown documentation`);
  return documentation.value;
}

export function editOf(completion: CompletionItem): TextEdit {
  const edit = completion.textEdit as TextEdit | undefined;
  assert.ok(edit && 'range' in edit, `${completion.label} has a textEdit`);
  return edit;
}

/**
 * Accepts an item as VS Code would: snippet placeholders take their defaults, tabs become two spaces and,
 * with `indentLaterLines` (InsertTextMode.adjustIndentation), later lines take the start line's indentation.
 */
export function accept(text: string, accepted: CompletionItem, options: { indentLaterLines?: boolean } = {}): string {
  const edit = editOf(accepted);
  const lines = new LineIndex(text);
  let newText = edit.newText;
  if (accepted.insertTextFormat === InsertTextFormat.Snippet) {
    newText = newText
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      .replace(/\$\d+/g, '')
      .replace(/\t/g, '  ');
  }
  if (options.indentLaterLines) {
    const lineIndent = /^[ \t]*/.exec(lines.lineText(edit.range.start.line))?.[0] ?? '';
    newText = newText.split('\n').join(`\n${lineIndent}`);
  }
  return text.slice(0, lines.offsetAt(edit.range.start)) + newText + text.slice(lines.offsetAt(edit.range.end));
}
