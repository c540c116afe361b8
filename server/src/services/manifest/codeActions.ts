import { isMap, isScalar, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import { URI, Utils } from 'vscode-uri';
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type Diagnostic,
  type Position,
} from 'vscode-languageserver-types';
import type { DiagnosticData } from '../diagnostics';
import { parseYamlCached } from '../yaml/parseCache';
import type { JsonPath, PositionedYaml } from '../yaml/positionedYaml';
import { asManifest, isRecord, majorOf, stringAt, TIERS, type Manifest, type Tier } from './manifestTypes';
import { expectedTopic } from './topicPattern';
import { parseUri, relativeSchemaPath } from './schemaPaths';
import { satisfiesCompatibility } from '../policy/compatibilityOrder';
import type { Policy } from '../policy/policy';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import manifestSchema from '../../../../schemas/dataproduct.schema.json';

interface FixContext {
  uri: string;
  text: string;
  yaml: PositionedYaml;
  manifest: Manifest;
  policy: Policy;
  eol: string;
  today: Date;
}

interface MissingGroup {
  path: JsonPath;
  diagnostics: Diagnostic[];
  fields: string[];
  actions: CodeAction[];
}

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * Quick fixes for the diagnostics the client sends back. Every fix is computed on the current text
 * from the diagnostic's `code` and `data`, so a stale range never produces a wrong edit.
 * `today` is the date the sunset of a new `deprecation` block counts from.
 */
export function manifestCodeActions(
  uri: string,
  text: string,
  diagnostics: Diagnostic[],
  workspace: WorkspaceIndex,
  today: Date = new Date(),
): CodeAction[] {
  const yaml = parseYamlCached(text);
  const context: FixContext = {
    uri,
    text,
    yaml,
    manifest: asManifest(yaml.value),
    policy: workspace.policyFor(uri).policy,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    today: Number.isNaN(today.getTime()) ? new Date() : today,
  };
  const actions: CodeAction[] = [];
  const missingGroups = new Map<string, MissingGroup>();
  for (const diagnostic of Array.isArray(diagnostics) ? diagnostics : []) {
    // The client sends the diagnostics back: anything that is not an object is ignored, not trusted.
    if (!isRecord(diagnostic)) continue;
    const action = fixFor(context, diagnostic, missingGroups);
    if (action) actions.push(action);
  }
  for (const group of missingGroups.values()) {
    // One missing field under a parent: its own fix is the obvious one. Several: "Add all" is.
    if (group.diagnostics.length < 2) {
      for (const action of group.actions) action.isPreferred = true;
      continue;
    }
    const edits = insertFields(context, group.path, group.fields);
    if (edits) actions.push(quickFix('Add all missing fields', group.diagnostics, context.uri, edits, true));
  }
  return actions;
}

function fixFor(context: FixContext, diagnostic: Diagnostic, missingGroups: Map<string, MissingGroup>): CodeAction | undefined {
  const data = readData(diagnostic.data);
  switch (diagnostic.code) {
    case 'id-mismatch': {
      if (data.expected === undefined) return undefined;
      const edit = replaceScalar(context, ['id'], data.expected);
      return edit && quickFix(`Change the id to \`${data.expected}\``, [diagnostic], context.uri, [edit], true);
    }
    case 'topic-naming':
    case 'version-major-mismatch': {
      if (data.expected === undefined || !data.path) return undefined;
      const edit = replaceScalar(context, data.path, data.expected);
      return edit && quickFix(`Rename the topic to \`${data.expected}\``, [diagnostic], context.uri, [edit], true);
    }
    case 'compatibility-policy':
      return data.expected !== undefined && data.path
        ? setPolicyValue(context, diagnostic, data.path, 'compatibility', data.expected)
        : undefined;
    case 'replication-policy':
      // The factor is an integer; a quoted one would trade this error for a type error.
      return data.expected !== undefined && data.path && /^\d+$/.test(data.expected)
        ? setPolicyValue(context, diagnostic, data.path, 'replicationFactor', Number(data.expected))
        : undefined;
    case 'schema':
      if (data.expectedKey !== undefined && data.path) return renameKeyFix(context, diagnostic, data.path, data.expectedKey);
      if (data.expectedValue !== undefined && data.path) {
        const edit = replaceScalar(context, data.path, data.expectedValue);
        return edit && quickFix(`Change to \`${String(data.expectedValue)}\``, [diagnostic], context.uri, [edit], true);
      }
      return data.missing && data.path ? missingFieldFix(context, diagnostic, data.path, data.missing, missingGroups) : undefined;
    case 'unknown-input': {
      if (data.expected === undefined || !data.path) return undefined;
      const edit = replaceScalar(context, data.path, data.expected);
      return edit && quickFix(`Change to \`${data.expected}\``, [diagnostic], context.uri, [edit], true);
    }
    case 'deprecation-required':
      return deprecationFix(context, diagnostic);
    case 'schema-file-missing':
      return data.schemaUri ? createSchemaFix(context, diagnostic, data.schemaUri) : undefined;
    default:
      return undefined;
  }
}

// ---- Setting values ----

function setPolicyValue(
  context: FixContext,
  diagnostic: Diagnostic,
  path: JsonPath,
  fieldWhenAbsent: string,
  value: string | number,
): CodeAction | undefined {
  const node = context.yaml.nodeAt(path);
  if (node && isMap(node)) {
    // The rule points at the payload mapping when the field is absent (the default applies).
    const edits = insertEntries(context, path, [[fieldWhenAbsent, value]]);
    return edits && quickFix(`Set \`${fieldWhenAbsent}\` to ${value}`, [diagnostic], context.uri, edits, true);
  }
  const field = String(path[path.length - 1]);
  const edit = replaceScalar(context, path, value);
  return edit && quickFix(`Set \`${field}\` to ${value}`, [diagnostic], context.uri, [edit], true);
}

/** Renames the key at `path`, when it is still the one the diagnostic was about and the new one is not taken. */
function renameKeyFix(context: FixContext, diagnostic: Diagnostic, path: JsonPath, newKey: string): CodeAction | undefined {
  const pair = context.yaml.pairAt(path);
  const key = pair?.key as Node | null | undefined;
  if (!key || !isScalar(key) || !key.range || hasKey(context, path.slice(0, -1), newKey)) return undefined;
  const range = context.yaml.lines.rangeOf(key.range[0], trimEnd(context.text, key.range[0], key.range[1]));
  return quickFix(`Change to \`${newKey}\``, [diagnostic], context.uri, [TextEdit.replace(range, scalarText(newKey))], true);
}

function replaceScalar(context: FixContext, path: JsonPath, value: string | number | boolean): TextEdit | undefined {
  const node = context.yaml.nodeAt(path);
  if (!node || !isScalar(node) || !node.range) return undefined;
  const start = node.range[0];
  // Block scalars end after their line break; keep it, or the next line would join this one.
  const end = trimEnd(context.text, start, node.range[1]);
  return TextEdit.replace(context.yaml.lines.rangeOf(start, end), scalarText(value));
}

/** A value as a one-line YAML scalar: plain when that reads back as the same value, quoted otherwise. */
function scalarText(value: unknown): string {
  const text = stringify(value, { lineWidth: 0 }).replace(/\r?\n$/, '');
  return text.includes('\n') ? JSON.stringify(value) : text;
}

// ---- Missing required fields ----

function missingFieldFix(
  context: FixContext,
  diagnostic: Diagnostic,
  path: JsonPath,
  missing: string[],
  groups: Map<string, MissingGroup>,
): CodeAction | undefined {
  const fields = missing.filter((field) => field !== '' && !hasKey(context, path, field));
  if (fields.length === 0) return undefined;
  const edits = insertFields(context, path, fields);
  if (!edits) return undefined;
  const key = JSON.stringify(path);
  const group = groups.get(key) ?? { path, diagnostics: [], fields: [], actions: [] };
  group.diagnostics.push(diagnostic);
  for (const field of fields) if (!group.fields.includes(field)) group.fields.push(field);
  groups.set(key, group);
  const title =
    fields.length === 1 ? `Add the missing field \`${fields[0]}\`` : `Add the missing fields ${fields.map((f) => `\`${f}\``).join(', ')}`;
  // With several missing fields under one parent, "Add all" is the obvious fix instead.
  const action = quickFix(title, [diagnostic], context.uri, edits, false);
  group.actions.push(action);
  return action;
}

function hasKey(context: FixContext, path: JsonPath, field: string): boolean {
  const parent = path.length === 0 ? context.yaml.root : context.yaml.nodeAt(path);
  return !!parent && isMap(parent) && (parent.items as Pair[]).some((pair) => isScalar(pair.key) && String(pair.key.value) === field);
}

function insertFields(context: FixContext, path: JsonPath, fields: string[]): TextEdit[] | undefined {
  const rank = schemaRank(path);
  const ordered = [...fields].sort((a, b) => rank(a) - rank(b));
  return insertEntries(
    context,
    path,
    ordered.map((field) => [field, placeholderFor(context, path, field)]),
  );
}

type Entry = [key: string, value: unknown];

/**
 * Adds entries to the mapping at `path`. In a block mapping each entry goes, at the mapping's own
 * indentation, before the first existing key that the schema lists after it (so `apiVersion` lands at
 * the top), else after the mapping's last line with content. A flow mapping gets `, key: value` before
 * its closing brace.
 */
function insertEntries(context: FixContext, path: JsonPath, entries: Entry[]): TextEdit[] | undefined {
  const map = path.length === 0 ? context.yaml.root : context.yaml.nodeAt(path);
  if (!map || !isMap(map) || !map.range || entries.length === 0) return undefined;
  if (map.flow) {
    const edit = insertIntoFlowMap(context, map, entries);
    return edit && [edit];
  }
  const pairs = map.items as Pair[];
  const firstKey = pairs[0]?.key as Node | null | undefined;
  if (!firstKey?.range) return undefined;
  const indent = ' '.repeat(context.yaml.lines.positionAt(firstKey.range[0]).character);
  const end = endOfLastLine(context, pairs[pairs.length - 1]);
  if (!end) return undefined;
  const rank = schemaRank(path);
  const anchors = pairs.map((pair) => ({
    line: ownLineOf(context, pair),
    rank: isScalar(pair.key) ? rank(String(pair.key.value)) : Infinity,
  }));
  const before = new Map<number, string[]>();
  const after: string[] = [];
  for (const [key, value] of entries) {
    const anchor = anchors.find((candidate) => candidate.line !== undefined && candidate.rank !== Infinity && candidate.rank > rank(key));
    const lines = blockLines(key, value);
    if (anchor?.line !== undefined) before.set(anchor.line, [...(before.get(anchor.line) ?? []), ...lines]);
    else after.push(...lines);
  }
  const edits = [...before].map(([line, lines]) =>
    TextEdit.insert({ line, character: 0 }, lines.map((text) => indent + text + context.eol).join('')),
  );
  if (after.length > 0) edits.push(TextEdit.insert(end, after.map((text) => context.eol + indent + text).join('')));
  return edits;
}

/** The line of a pair whose key starts its line; undefined for `- key:` and other shared lines. */
function ownLineOf(context: FixContext, pair: Pair): number | undefined {
  const key = pair.key as Node | null;
  if (!key?.range) return undefined;
  const position = context.yaml.lines.positionAt(key.range[0]);
  return context.yaml.lines.lineText(position.line).slice(0, position.character).trim() === '' ? position.line : undefined;
}

function insertIntoFlowMap(context: FixContext, map: YAMLMap, entries: Entry[]): TextEdit | undefined {
  const [start, end] = map.range as [number, number, number];
  const close = context.text.lastIndexOf('}', end - 1);
  if (close < start) return undefined;
  const before = context.text.slice(start, close).trimEnd();
  const separator = before.endsWith('{') || before.endsWith(',') ? ' ' : ', ';
  // JSON is valid YAML flow content, whatever the value's shape.
  const body = entries.map(([key, value]) => `${key}: ${JSON.stringify(value instanceof BlockText ? value.flowValue : value)}`).join(', ');
  return TextEdit.insert(context.yaml.lines.positionAt(close), `${separator}${body} `);
}

/** The lines of one entry in block style, relative to the mapping's indentation. */
function blockLines(key: string, value: unknown): string[] {
  if (value instanceof BlockText) return [`${key}:`, ...value.lines.map((line) => `  ${line}`)];
  return stringify({ [key]: value }, { lineWidth: 0 })
    .replace(/\r?\n$/, '')
    .split(/\r?\n/);
}

/** A block value written line by line (for comments, which `stringify` cannot place), and its flow form. */
class BlockText {
  constructor(
    readonly lines: string[],
    readonly flowValue: unknown,
  ) {}
}

function endOfLastLine(context: FixContext, pair: Pair): Position | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0];
  if (start === undefined) return undefined;
  const end = trimEnd(context.text, start, Math.max(key?.range?.[1] ?? start, value?.range?.[1] ?? start));
  const line = context.yaml.lines.positionAt(Math.max(start, end - 1)).line;
  return { line, character: context.yaml.lines.lineText(line).length };
}

function trimEnd(text: string, start: number, end: number): number {
  let result = Math.min(end, text.length);
  while (result > start && /\s/.test(text.charAt(result - 1))) result--;
  return result;
}

// ---- Placeholders ----

interface SchemaNode {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  minItems?: number;
  format?: string;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  $ref?: string;
}

const ROOT_SCHEMA = manifestSchema as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

function resolveRef(schema: SchemaNode | undefined): SchemaNode | undefined {
  const ref = schema?.$ref;
  if (!ref?.startsWith('#/definitions/')) return schema;
  return ROOT_SCHEMA.definitions[ref.slice('#/definitions/'.length)];
}

function schemaAt(path: JsonPath): SchemaNode | undefined {
  let schema: SchemaNode | undefined = ROOT_SCHEMA;
  for (const segment of path) {
    schema = resolveRef(typeof segment === 'number' ? schema?.items : schema?.properties?.[segment]);
    if (!schema) return undefined;
  }
  return schema;
}

/** A field's place in the schema's (and the spec's) order of a mapping's properties; unknown ones last. */
function schemaRank(path: JsonPath): (field: string) => number {
  const order = Object.keys(schemaAt(path)?.properties ?? {});
  return (field) => (order.includes(field) ? order.indexOf(field) : Infinity);
}

/** A value that satisfies the schema where possible, so the fix does not trade one problem for another. */
function placeholderFor(context: FixContext, parentPath: JsonPath, field: string): unknown {
  const where = parentPath.map((segment) => (typeof segment === 'number' ? '[]' : segment)).join('.');
  const product = productFacts(context);
  const portName = parentPath[0] === 'outputPorts' && typeof parentPath[1] === 'number' ? portNameAt(context, parentPath[1]) : undefined;
  switch (`${where}:${field}`) {
    case ':id':
      return `${product.domain}.${product.name}`;
    case ':name':
      return product.name;
    case ':domain':
      return product.domain;
    case ':version':
      return product.version;
    case ':status':
      return 'draft';
    case ':tier':
      return 'tier-3';
    case ':quality':
      return 'raw';
    case ':outputPorts':
      return [portSkeleton(context, 'events')];
    case 'outputPorts.[]:topic':
      return expectedTopic(context.policy.topicPattern, product.filled, portName) ?? 'TODO';
    case 'outputPorts.[]:value':
      return payloadSkeleton(context, portName ?? product.name, 'value');
    case 'outputPorts.[].key:format':
    case 'outputPorts.[].value:format':
      return stringAt(nodeValue(context, [...parentPath, 'schema'])) ? 'avro' : 'string';
    case 'outputPorts.[].key:schema':
    case 'outputPorts.[].value:schema':
      return `schemas/${portName ?? product.name}${parentPath[2] === 'key' ? '-key' : ''}.avsc`;
    case 'deprecation:sunset':
      return sunsetDate(context.today);
    default:
      return fromSchema(resolveRef(schemaAt(parentPath)?.properties?.[field]));
  }
}

function fromSchema(schema: SchemaNode | undefined, depth = 0): unknown {
  if (!schema || depth > 4) return 'TODO';
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return schema.minItems ? [fromSchema(resolveRef(schema.items), depth + 1)] : [];
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const field of schema.required ?? []) value[field] = fromSchema(resolveRef(schema.properties?.[field]), depth + 1);
      return value;
    }
    default:
      return schema.format === 'date' ? '2099-12-31' : 'TODO';
  }
}

interface ProductFacts {
  name: string;
  domain: string;
  version: string;
  /** The manifest with these facts filled in, for the expected topic. */
  filled: Manifest;
}

/** Name and domain from the manifest, else from its id, else from its file name; valid either way. */
function productFacts(context: FixContext): ProductFacts {
  const { manifest } = context;
  const id = stringAt(manifest.id) ?? '';
  const dot = id.indexOf('.');
  const fileBase = Utils.basename(URI.parse(context.uri)).replace(/\.dataproduct\.ya?ml$|^dataproduct\.yaml$/, '');
  const name = pick(stringAt(manifest.name), dot > 0 ? id.slice(dot + 1) : undefined, fileBase) ?? 'todo';
  const domain = pick(stringAt(manifest.domain), dot > 0 ? id.slice(0, dot) : undefined) ?? 'todo';
  const version = majorOf(manifest.version) !== undefined ? String(manifest.version) : '0.1.0';
  return { name, domain, version, filled: { ...manifest, name, domain, version } };
}

function pick(...candidates: (string | undefined)[]): string | undefined {
  return candidates.find((candidate) => candidate !== undefined && NAME_PATTERN.test(candidate));
}

function portNameAt(context: FixContext, index: number): string | undefined {
  const name = stringAt(nodeValue(context, ['outputPorts', index, 'name']));
  return name && /^[A-Za-z0-9._-]+$/.test(name) ? name : undefined;
}

function nodeValue(context: FixContext, path: JsonPath): unknown {
  const node = context.yaml.nodeAt(path);
  return node && isScalar(node) ? node.value : undefined;
}

function portSkeleton(context: FixContext, name: string): Record<string, unknown> {
  const product = productFacts(context);
  return {
    name,
    topic: expectedTopic(context.policy.topicPattern, product.filled, name) ?? 'TODO',
    value: payloadSkeleton(context, product.name, 'value'),
  };
}

function payloadSkeleton(context: FixContext, baseName: string, part: 'key' | 'value'): Record<string, unknown> {
  const payload: Record<string, unknown> = { format: 'avro', schema: `schemas/${baseName}${part === 'key' ? '-key' : ''}.avsc` };
  const tier = TIERS.find((candidate) => candidate === context.manifest.tier) as Tier | undefined;
  const minimum = tier ? context.policy.minCompatibility[tier] : undefined;
  // The default (BACKWARD) would fail a stricter tier minimum right away.
  if (part === 'value' && minimum && !satisfiesCompatibility('BACKWARD', minimum)) payload.compatibility = minimum;
  return payload;
}

/** Six months after `today` (UTC), on the same day or the month's last day, as YYYY-MM-DD. */
export function sunsetDate(today: Date): string {
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth() + 6;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(year, month, Math.min(today.getUTCDate(), lastDay)));
  return date.toISOString().slice(0, 10);
}

// ---- deprecation-required ----

function deprecationFix(context: FixContext, diagnostic: Diagnostic): CodeAction | undefined {
  const sunset = sunsetDate(context.today);
  const block = new BlockText([`sunset: ${sunset}`, '# replacement: the id of the product that replaces this one'], { sunset });
  const existing = context.yaml.pairAt(['deprecation']);
  let edits: TextEdit[];
  if (existing) {
    // `deprecation:` with no value: fill it instead of adding a duplicate key.
    const value = existing.value as Node | null;
    if (value && !(isScalar(value) && value.value === null)) return undefined;
    const at = endOfLastLine(context, existing);
    if (!at) return undefined;
    const indent = ' '.repeat(context.yaml.lines.positionAt((existing.key as Node).range?.[0] ?? 0).character);
    edits = [TextEdit.insert(at, block.lines.map((line) => `${context.eol}${indent}  ${line}`).join(''))];
    if (value?.range && value.range[1] > value.range[0]) {
      edits.unshift(TextEdit.del(context.yaml.lines.rangeOf(value.range[0], trimEnd(context.text, value.range[0], value.range[1]))));
    }
  } else {
    const inserted = insertEntries(context, [], [['deprecation', block]]);
    if (!inserted) return undefined;
    edits = inserted;
  }
  return quickFix('Add a `deprecation` block', [diagnostic], context.uri, edits, true);
}

// ---- schema-file-missing ----

function createSchemaFix(context: FixContext, diagnostic: Diagnostic, schemaUri: string): CodeAction | undefined {
  // The diagnostic comes back from the client: its URI may be anything, and only a real URI names a file to create.
  const schema = parseUri(schemaUri);
  if (!schema) return undefined;
  const fileName = Utils.basename(schema);
  const shown = relativeSchemaPath(context.uri, schemaUri);
  const edit = {
    documentChanges: [
      CreateFile.create(schemaUri, { ignoreIfExists: true }),
      TextDocumentEdit.create({ uri: schemaUri, version: null }, [
        TextEdit.insert({ line: 0, character: 0 }, avroTemplate(fileName, stringAt(context.manifest.domain))),
      ]),
    ],
  };
  return { title: `Create \`${shown}\``, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit };
}

/** A record schema that Avro accepts as it is: named after the file, in the domain's namespace. */
export function avroTemplate(fileName: string, domain: string | undefined): string {
  const words = fileName
    .replace(/\.avsc$/i, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let name = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  if (!/^[A-Za-z_]/.test(name)) name = `Record${name}`;
  const schema: Record<string, unknown> = { type: 'record', name };
  const namespace = domain?.replace(/-/g, '_');
  if (namespace && /^[A-Za-z_][A-Za-z0-9_]*$/.test(namespace)) schema.namespace = namespace;
  schema.doc = 'TODO: what one event of this schema is.';
  schema.fields = [{ name: 'id', type: 'string', doc: 'TODO: replace with the real fields.' }];
  return `${JSON.stringify(schema, null, 2)}\n`;
}

// ---- Helpers ----

function quickFix(title: string, diagnostics: Diagnostic[], uri: string, edits: TextEdit[], isPreferred: boolean): CodeAction {
  const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics, edit: { changes: { [uri]: edits } } };
  if (isPreferred) action.isPreferred = true;
  return action;
}

/** The data as the client sent it back: checked field by field, since it crossed the wire. */
function readData(raw: unknown): DiagnosticData {
  if (!isRecord(raw)) return {};
  const data: DiagnosticData = {};
  if (typeof raw.expected === 'string') data.expected = raw.expected;
  if (Array.isArray(raw.missing) && raw.missing.every((item) => typeof item === 'string')) data.missing = raw.missing as string[];
  if (Array.isArray(raw.path) && raw.path.every((item) => typeof item === 'string' || typeof item === 'number'))
    data.path = raw.path as JsonPath;
  if (typeof raw.schemaUri === 'string' && raw.schemaUri !== '') data.schemaUri = raw.schemaUri;
  if (typeof raw.expectedKey === 'string' && raw.expectedKey !== '') data.expectedKey = raw.expectedKey;
  if (['string', 'number', 'boolean'].includes(typeof raw.expectedValue))
    data.expectedValue = raw.expectedValue as string | number | boolean;
  return data;
}
