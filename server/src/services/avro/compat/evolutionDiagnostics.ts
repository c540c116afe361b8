import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import type { Compatibility } from '../../manifest/manifestTypes';
import { LineIndex } from '../../../text/lineIndex';
import { parseJson } from '../../json/jsonScanner';
import { pointerToPath } from '../../json/jsonNavigation';
import { propertyValue, type JsonValueNode } from '../../json/jsonTree';
import { checkSchemaCompatibility, type CompatFinding } from './schemaCompatibility';
import type { SchemaVersion } from './schemaHistory';

/** A port that uses the schema, and the mode its subject is checked under. */
export interface SchemaUse {
  mode: Compatibility;
  /** For messages: "value of sales.orders / order-events". */
  description: string;
}

const THIS_SCHEMA = 'this schema';

/**
 * The schema-evolution check in the editor: each break of a port's compatibility mode against the
 * schema's previous versions (newest first), as an `avro-incompatible` diagnostic on the part of this
 * schema that causes it. A previous version that does not parse is skipped: it cannot be judged.
 */
export function evolutionDiagnostics(text: string, uses: readonly SchemaUse[], history: readonly SchemaVersion[]): Diagnostic[] {
  if (history.length === 0) return [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let current: { json: JsonValueNode | undefined; lines: LineIndex } | undefined;
  for (const mode of new Set(uses.map((use) => use.mode))) {
    const outcome = checkSchemaCompatibility(
      mode,
      { label: THIS_SCHEMA, text },
      history.map((version) => ({ label: version.label, text: version.text })),
    );
    if (outcome.kind !== 'checked') continue;
    const users = uses
      .filter((use) => use.mode === mode)
      .map((use) => use.description)
      .join(', ');
    for (const finding of outcome.report.incompatibilities) {
      current ??= { json: parseJson(text).root, lines: new LineIndex(text) };
      const range = rangeInThisSchema(finding, history, current.json, current.lines);
      // What breaks first, where the Problems panel shows it; the mode and the ports that ask for it after.
      const readerJson = finding.reader === THIS_SCHEMA ? current.json : parseJson(historyText(history, finding.reader) ?? '').root;
      const message = `${explain(finding, fieldPathAt(readerJson, pointerToPath(finding.location)))} Checked as ${mode} for the ${users}.`;
      const key = `${range.start.line}:${range.start.character}:${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(makeDiagnostic(range, 'avro-incompatible', message, DiagnosticSeverity.Error));
    }
  }
  return diagnostics;
}

/** The break, led by the field it is in (when it is in one): "Field `amount` removed without a default breaks …". */
function explain(finding: CompatFinding, fieldPath: string | undefined): string {
  const field = fieldPath ? `Field \`${fieldPath}\`` : 'The schema';
  if (finding.type === 'READER_FIELD_MISSING_DEFAULT_VALUE') {
    return finding.reader === THIS_SCHEMA
      ? `${field} has no default, so this schema cannot read data written with ${finding.writer} (${finding.type}).`
      : `${field} removed without a default breaks readers of ${finding.reader} (${finding.type}).`;
  }
  const who =
    finding.reader === THIS_SCHEMA
      ? `this schema cannot read data written with ${finding.writer}`
      : `readers of ${finding.reader} cannot read data written with this schema`;
  return `${field}: ${lowerFirst(finding.message.replace(/\.$/, ''))}; ${who} (${finding.type}).`;
}

function lowerFirst(text: string): string {
  return text.startsWith('The ') ? `the ${text.slice(4)}` : text;
}

function historyText(history: readonly SchemaVersion[], label: string): string | undefined {
  return history.find((version) => version.label === label)?.text;
}

/** The dotted names of the record fields a JSON Pointer passes through in a schema (`customer.address.zip`). */
function fieldPathAt(root: JsonValueNode | undefined, path: (string | number)[]): string | undefined {
  const names: string[] = [];
  let node = root;
  for (let i = 0; i < path.length && node; i++) {
    const token = path[i];
    if (node.type === 'object') node = propertyValue(node, String(token));
    else if (node.type === 'array') node = node.items[Number(token)];
    else return undefined;
    if (path[i - 1] === 'fields' && node?.type === 'object') {
      const name = propertyValue(node, 'name');
      if (name?.type === 'string') names.push(name.value);
    }
  }
  return names.length > 0 ? names.join('.') : undefined;
}

/** Where the break shows in this schema: the reader's node when this schema reads, else the same place by field names. */
function rangeInThisSchema(
  finding: CompatFinding,
  history: readonly SchemaVersion[],
  json: JsonValueNode | undefined,
  lines: LineIndex,
): Range {
  if (finding.reader === THIS_SCHEMA && finding.readerRange) return finding.readerRange;
  const old = history.find((version) => version.label === finding.reader);
  const node = old && json ? followByFieldNames(parseJson(old.text).root, json, pointerToPath(finding.location)) : json;
  const target = node ?? json;
  return target ? lines.rangeOf(target.offset, target.offset + Math.min(target.length, 1)) : lines.rangeOf(0, 0);
}

/**
 * Walks a JSON Pointer of the old schema over the new one, matching record fields by name rather than
 * index (a removed field has no counterpart: the walk stops at its record's `fields`).
 */
function followByFieldNames(oldRoot: JsonValueNode | undefined, newRoot: JsonValueNode, path: (string | number)[]): JsonValueNode {
  let oldNode = oldRoot;
  let newNode = newRoot;
  for (let i = 0; i < path.length && oldNode; i++) {
    const token = path[i];
    let nextOld: JsonValueNode | undefined;
    let nextNew: JsonValueNode | undefined;
    if (oldNode.type === 'object' && newNode.type === 'object') {
      nextOld = propertyValue(oldNode, String(token));
      nextNew = propertyValue(newNode, String(token));
    } else if (oldNode.type === 'array' && newNode.type === 'array') {
      const index = Number(token);
      nextOld = oldNode.items[index];
      const previous = path[i - 1];
      const name = previous === 'fields' && nextOld?.type === 'object' ? propertyValue(nextOld, 'name') : undefined;
      nextNew =
        name?.type === 'string'
          ? newNode.items.find(
              (item) =>
                item.type === 'object' &&
                propertyValue(item, 'name')?.type === 'string' &&
                (propertyValue(item, 'name') as { value: string }).value === name.value,
            )
          : newNode.items[index];
    }
    if (!nextNew) return newNode;
    oldNode = nextOld;
    newNode = nextNew;
  }
  return newNode;
}
