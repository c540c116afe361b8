/**
 * Formatting of `.avsc` files, in the layout of the Avro documentation: an object or array stays on one line
 * when it fits in 80 columns (`["null", "string"]`, `{"type": "array", "items": "string"}`, a short field),
 * records and non-empty `fields` arrays always open, one member per line.
 *
 * Only whitespace between tokens changes: every string, number and key is copied as written (escapes and
 * number spellings included, repeated keys kept), so `JSON.parse` gives the same value. The layout depends
 * only on the tokens and the options, never on the old whitespace, so formatting is idempotent. Text that is
 * not valid JSON is left alone.
 */
import type { FormattingOptions, TextEdit } from 'vscode-languageserver-types';
import { parseJson } from '../json/jsonScanner';
import type { JsonArrayNode, JsonObjectNode, JsonValueNode } from '../json/jsonTree';
import { LineIndex } from '../../text/lineIndex';

/** The width the one-line forms must fit in, as in the Avro documentation's examples. */
export const FORMAT_WIDTH = 80;

export function formatAvro(text: string, options: FormattingOptions): TextEdit[] {
  const formatted = formatAvroText(text, options);
  if (formatted === undefined || formatted === text) return [];
  const lines = new LineIndex(text);
  return [{ range: lines.rangeOf(0, text.length), newText: formatted }];
}

/** The formatted text, or undefined when the text is not valid JSON (or empty). */
export function formatAvroText(text: string, options: FormattingOptions): string | undefined {
  const json = parseJson(text);
  if (json.errors.length > 0 || json.root === undefined) return undefined;
  const tabSize = Number.isInteger(options.tabSize) && options.tabSize > 0 ? Math.min(options.tabSize, 16) : 2;
  const printer = new Printer(
    text,
    options.insertSpaces === false ? '\t' : ' '.repeat(tabSize),
    tabSize,
    text.includes('\r\n') ? '\r\n' : '\n',
  );
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const finalNewline = options.insertFinalNewline === true || /[\r\n]$/.test(text) ? printer.eol : '';
  return bom + printer.print(json.root, 0, 0, 0) + finalNewline;
}

class Printer {
  private readonly indents: string[] = [''];

  constructor(
    private readonly text: string,
    private readonly unit: string,
    /** Columns per indentation level (a tab counts as `tabSize` columns). */
    private readonly columns: number,
    readonly eol: string,
  ) {}

  private indent(level: number): string {
    while (this.indents.length <= level) this.indents.push(this.indents[this.indents.length - 1] + this.unit);
    return this.indents[level];
  }

  private raw(node: { offset: number; length: number }): string {
    return this.text.slice(node.offset, node.offset + node.length);
  }

  /**
   * Prints `node` at indentation `level`, starting at `column` of its line and followed by `tail` characters
   * (a comma) on the same line.
   */
  print(node: JsonValueNode, level: number, column: number, tail: number, open = false): string {
    if (node.type !== 'object' && node.type !== 'array') return this.raw(node);
    const inline = open ? undefined : this.inline(node, FORMAT_WIDTH - column - tail);
    if (inline !== undefined) return inline;
    const inner = this.indent(level + 1);
    const innerColumn = (level + 1) * this.columns;
    const parts: string[] = [];
    if (node.type === 'object') {
      const properties = node.properties;
      for (let i = 0; i < properties.length; i++) {
        const property = properties[i];
        const key = this.raw(property.key);
        const last = i === properties.length - 1;
        // A property without a value only exists in text with syntax errors, which is not formatted.
        const value = property.value;
        // A record's fields, one per line, even when they would fit on one.
        const open = property.key.value === 'fields' && value?.type === 'array' && value.items.length > 0;
        const printed = value ? this.print(value, level + 1, innerColumn + key.length + 2, last ? 0 : 1, open) : 'null';
        parts.push(`${inner}${key}: ${printed}${last ? '' : ','}`);
      }
      return `{${this.eol}${parts.join(this.eol)}${this.eol}${this.indent(level)}}`;
    }
    const items = node.items;
    for (let i = 0; i < items.length; i++) {
      const last = i === items.length - 1;
      parts.push(`${inner}${this.print(items[i], level + 1, innerColumn, last ? 0 : 1)}${last ? '' : ','}`);
    }
    return `[${this.eol}${parts.join(this.eol)}${this.eol}${this.indent(level)}]`;
  }

  /**
   * The one-line form of a value when it is at most `budget` characters long and may be on one line; stops as
   * soon as it is too long, so trying a large object costs no more than the budget.
   */
  private inline(node: JsonValueNode, budget: number): string | undefined {
    if (node.type !== 'object' && node.type !== 'array') {
      const raw = this.raw(node);
      return raw.length <= budget ? raw : undefined;
    }
    if (node.type === 'object') return this.inlineObject(node, budget);
    return this.inlineArray(node, budget);
  }

  private inlineObject(node: JsonObjectNode, budget: number): string | undefined {
    const properties = node.properties;
    if (properties.length === 0) return budget >= 2 ? '{}' : undefined;
    // Records open, one field per line, as in the Avro documentation.
    for (const property of properties) if (property.key.value === 'fields' && property.value?.type === 'array') return undefined;
    let result = '{';
    for (let i = 0; i < properties.length; i++) {
      const property = properties[i];
      if (i > 0) result += ', ';
      result += this.raw(property.key) + ': ';
      if (result.length + 1 > budget || !property.value) return undefined;
      const value = this.inline(property.value, budget - result.length - 1);
      if (value === undefined) return undefined;
      result += value;
    }
    result += '}';
    return result.length <= budget ? result : undefined;
  }

  private inlineArray(node: JsonArrayNode, budget: number): string | undefined {
    const items = node.items;
    if (items.length === 0) return budget >= 2 ? '[]' : undefined;
    let result = '[';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) result += ', ';
      if (result.length + 1 > budget) return undefined;
      const value = this.inline(items[i], budget - result.length - 1);
      if (value === undefined) return undefined;
      result += value;
    }
    result += ']';
    return result.length <= budget ? result : undefined;
  }
}
