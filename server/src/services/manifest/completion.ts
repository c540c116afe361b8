import { isScalar } from 'yaml';
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type Command,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import { parseYamlCached } from '../yaml/parseCache';
import { IndentOutline, shapeOf } from '../yaml/indentOutline';
import type { JsonPath } from '../yaml/positionedYaml';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { Policy } from '../policy/policy';
import { summarizeAvroSchema } from '../avro/avroLint';
import { asManifest, COMPATIBILITY_MODES, DEFAULT_COMPATIBILITY, TIERS, type Manifest, type Tier } from './manifestTypes';
import { expectedTopic } from './topicPattern';
import { relativeSchemaPath } from './schemaPaths';
import {
  childSchema,
  displayPath,
  enumValues,
  isArraySchema,
  isObjectSchema,
  propertyNames,
  requiredProperties,
  schemaAtPath,
  schemaTypes,
  type SchemaNode,
} from './schemaNavigator';
import { avroRecordMarkdown, fieldMarkdown, productMarkdown } from './hover';

/**
 * Completion in a manifest: keys of the mapping at the cursor, then values for enum fields, schema paths,
 * product ids, port names, topics and the id. The context comes from the indentation of the lines above
 * the cursor, not from a parse, so half-typed lines and syntax errors elsewhere do not get in the way.
 */
export function completeManifest(uri: string, text: string, position: Position, workspace: WorkspaceIndex): CompletionList {
  const outline = new IndentOutline(text);
  const cursor = outline.clamp(position);
  const lineText = outline.rows[cursor.line];
  const context = cursorContext(outline, cursor, lineText);
  if (!context) return { isIncomplete: false, items: [] };
  let facts: Manifest | undefined;
  const env: Env = {
    uri,
    workspace,
    get facts() {
      facts ??= manifestFacts(text, outline);
      return facts;
    },
    policy: workspace.policyFor(uri).policy,
  };
  const items = context.kind === 'key' ? keyItems(context, env) : valueItems(context, env);
  return { isIncomplete: false, items };
}

interface Env {
  uri: string;
  workspace: WorkspaceIndex;
  /** The manifest's top-level scalars, as far as they can be read; computed when a context needs them. */
  readonly facts: Manifest;
  policy: Policy;
}

/** The other keys of the mapping at the cursor, with their scalar values. */
type Siblings = ReadonlyMap<string, { value: string }>;

interface KeyContext {
  kind: 'key';
  /** The path of the mapping (or sequence, when no `- ` is typed yet) the key goes into. */
  path: JsonPath;
  indent: number;
  keyCol: number;
  range: Range;
  /** The line starts a sequence item (`- `), so the key opens that item's mapping. */
  opensItem: boolean;
  /** The word is already followed by `:`, so only the key itself is replaced. */
  colonFollows: boolean;
  siblings: Siblings;
}

interface ValueContext {
  kind: 'value';
  /** The path of the field whose value is typed. */
  path: JsonPath;
  range: Range;
  /** `key:|` without a space yet. */
  needsSpace: boolean;
  quote?: '"' | "'";
  siblings: Siblings;
}

function cursorContext(outline: IndentOutline, cursor: Position, lineText: string): KeyContext | ValueContext | undefined {
  const prefix = lineText.slice(0, cursor.character);
  const shape = shapeOf(prefix);
  const lastDash = shape.dashes[shape.dashes.length - 1];
  // `-` with no space after it is not yet a sequence item.
  if (lastDash !== undefined && shape.keyCol === lastDash + 1) return undefined;
  const opensItem = shape.dashes.length > 0;

  if (shape.key !== undefined) {
    const valueStart = shape.valueStart ?? prefix.length;
    const valueEnd = shape.valueEnd ?? prefix.length;
    if (prefix.slice(valueEnd).trim() !== '') return undefined; // in a comment
    const parent = outline.enclosingPath(cursor.line, shape.keyCol, shape.dashes);
    if (parent.insideScalar) return undefined;
    const full = shapeOf(lineText);
    const end = Math.max(cursor.character, full.key === shape.key && full.valueEnd !== undefined ? full.valueEnd : 0);
    const first = prefix[valueStart];
    return {
      kind: 'value',
      path: [...parent.path, shape.key],
      range: { start: { line: cursor.line, character: valueStart }, end: { line: cursor.line, character: end } },
      needsSpace: valueStart === prefix.length && prefix.endsWith(':'),
      quote: first === '"' || first === "'" ? first : undefined,
      siblings: outline.mappingEntries(cursor.line, shape.keyCol, opensItem),
    };
  }

  if (!KEY_PREFIX.test(prefix.slice(shape.keyCol))) return undefined;
  const parent = outline.enclosingPath(cursor.line, shape.keyCol, shape.dashes);
  if (parent.insideScalar) return undefined;
  let wordEnd = cursor.character;
  while (wordEnd < lineText.length && KEY_CHAR.test(lineText[wordEnd])) wordEnd++;
  return {
    kind: 'key',
    path: parent.path,
    indent: shape.indent,
    keyCol: shape.keyCol,
    range: { start: { line: cursor.line, character: shape.keyCol }, end: { line: cursor.line, character: wordEnd } },
    opensItem,
    colonFollows: /^[ \t]*:/.test(lineText.slice(wordEnd)),
    siblings: outline.mappingEntries(cursor.line, shape.keyCol, opensItem),
  };
}

const KEY_PREFIX = /^[A-Za-z0-9_.-]*$/;
const KEY_CHAR = /[A-Za-z0-9_.-]/;

// ---------------------------------------------------------------------------------------------- keys

function keyItems(context: KeyContext, env: Env): CompletionItem[] {
  const schema = schemaAtPath(context.path);
  if (!schema) return [];
  // At the column of a sequence's items with no `- ` yet: offer whole items.
  if (isArraySchema(schema)) return itemSnippets(context, context.path, env, true);
  if (!isObjectSchema(schema)) return [];

  const required = requiredProperties(schema);
  const items = propertyNames(schema)
    .filter((key) => !context.siblings.has(key))
    .map((key, order) => keyItem(context, key, required.includes(key), order, env));

  const last = context.path[context.path.length - 1];
  if (context.opensItem && typeof last === 'number' && context.siblings.size === 0) {
    items.unshift(...itemSnippets(context, context.path.slice(0, -1), env, false));
  }
  return items;
}

function keyItem(context: KeyContext, key: string, required: boolean, order: number, env: Env): CompletionItem {
  const path = [...context.path, key];
  const schema = schemaAtPath(path);
  const documentation = fieldMarkdown(path, { title: false });
  const item: CompletionItem = {
    label: key,
    kind: CompletionItemKind.Property,
    detail: [schemaTypes(schema).join(' | '), required ? 'required' : 'optional'].filter(Boolean).join(', '),
    documentation: documentation ? markdown(documentation) : undefined,
    sortText: `${required ? 0 : 1}${String(order).padStart(3, '0')}`,
    filterText: key,
  };
  if (context.colonFollows) {
    item.textEdit = { range: context.range, newText: key };
    return item;
  }
  const insert = keyInsertText(key, path, schema, env);
  const lines = insert.lines;
  // Snippet lines after the first are indented by the client relative to the line; a `- ` on the line adds to that.
  const pad = ' '.repeat(context.keyCol - context.indent);
  item.textEdit = { range: context.range, newText: [lines[0], ...lines.slice(1).map((line) => pad + line)].join('\n') };
  if (insert.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  if (lines.length > 1) item.insertTextMode = InsertTextMode.adjustIndentation;
  if (!insert.snippet && hasValueCompletions(path, schema)) item.command = TRIGGER_SUGGEST;
  return item;
}

const TRIGGER_SUGGEST: Command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };

const VALUE_FIELDS = new Set([
  'id',
  'outputPorts[].topic',
  'outputPorts[].key.schema',
  'outputPorts[].value.schema',
  'inputPorts[].product',
  'inputPorts[].port',
  'deprecation.replacement',
  'owner.team',
]);

function hasValueCompletions(path: JsonPath, schema: SchemaNode | undefined): boolean {
  return VALUE_FIELDS.has(displayPath(path)) || enumValues(schema).length > 0 || schemaTypes(schema).includes('boolean');
}

/** What accepting a key inserts: `key: ` for a scalar, a block with its required children for an object. */
function keyInsertText(key: string, path: JsonPath, schema: SchemaNode | undefined, env: Env): { lines: string[]; snippet: boolean } {
  const tabs = new TabStops();
  if (displayPath(path) === 'outputPorts') {
    const body = outputPortBody(env, tabs);
    return { lines: [`${key}:`, `  - ${body[0]}`, ...body.slice(1).map((line) => `    ${line}`)], snippet: true };
  }
  if (isArraySchema(schema)) {
    const items = childSchema(schema, 0);
    if (isObjectSchema(items) && requiredProperties(items).length > 0) {
      const body = requiredBody(items, tabs, 0);
      return { lines: [`${key}:`, `  - ${body[0]}`, ...body.slice(1).map((line) => `    ${line}`)], snippet: true };
    }
    return { lines: [`${key}: [$1]`], snippet: true };
  }
  if (isObjectSchema(schema)) {
    const body = requiredBody(schema, tabs, 0);
    return { lines: [`${key}:`, ...(body.length > 0 ? body : ['$1']).map((line) => `  ${line}`)], snippet: true };
  }
  return { lines: [`${key}: `], snippet: false };
}

/** The required children of an object, as snippet lines relative to the object's key column. */
function requiredBody(schema: SchemaNode, tabs: TabStops, depth: number): string[] {
  const lines: string[] = [];
  if (depth > 8) return lines;
  for (const name of requiredProperties(schema)) {
    const child = childSchema(schema, name);
    if (isObjectSchema(child) && propertyNames(child).length > 0) {
      const body = requiredBody(child, tabs, depth + 1);
      lines.push(`${name}:`, ...(body.length > 0 ? body : [`$${tabs.next()}`]).map((line) => `  ${line}`));
    } else if (isArraySchema(child)) {
      lines.push(`${name}:`, `  - $${tabs.next()}`);
    } else {
      lines.push(`${name}: ${scalarPlaceholder(child, tabs)}`);
    }
  }
  return lines;
}

function scalarPlaceholder(schema: SchemaNode | undefined, tabs: TabStops): string {
  const values = enumValues(schema).map((entry) => String(entry.value));
  if (values.length > 0) return tabs.choice(values);
  if (schemaTypes(schema).includes('boolean')) return tabs.choice(['false', 'true']);
  return `$${tabs.next()}`;
}

/** A whole output port following the policy: name, topic from the pattern, an Avro value. */
function outputPortBody(env: Env, tabs: TabStops): string[] {
  const { facts, policy } = env;
  const portName = typeof facts.name === 'string' ? `${facts.name}-events` : 'events';
  const topic = expectedTopic(policy.topicPattern, facts, portName) ?? 'topic';
  const own = env.workspace.schemaUris().find((schemaUri) => ownsSchema(env, schemaUri));
  const schemaPath = own ? relativeSchemaPath(env.uri, own) : `schemas/${typeof facts.name === 'string' ? facts.name : 'events'}.avsc`;
  const tier = TIERS.includes(facts.tier as Tier) ? (facts.tier as Tier) : undefined;
  const minimum = tier ? policy.minCompatibility[tier] : DEFAULT_COMPATIBILITY;
  const modes = [minimum, ...COMPATIBILITY_MODES.filter((mode) => mode !== minimum)];
  return [
    `name: ${tabs.placeholder(portName)}`,
    `topic: ${tabs.placeholder(topic)}`,
    'value:',
    '  format: avro',
    `  schema: ${tabs.placeholder(schemaPath)}`,
    `  compatibility: ${tabs.choice(modes)}`,
  ];
}

/** A schema belongs to the manifest nearest above it, so another product's folder is not offered first. */
function ownsSchema(env: Env, schemaUri: string): boolean {
  const folderOf = (uri: string): string => uri.slice(0, uri.lastIndexOf('/') + 1);
  const owner = env.workspace
    .manifestUris()
    .map(folderOf)
    .filter((folder) => schemaUri.startsWith(folder))
    .sort((a, b) => b.length - a.length)[0];
  return owner === undefined ? schemaUri.startsWith(folderOf(env.uri)) : owner === folderOf(env.uri);
}

const ITEM_LABELS: Record<string, string> = { outputPorts: 'output port', inputPorts: 'input port' };

/**
 * Whole sequence items for `outputPorts` and `inputPorts`. `withDash` when the line has no `- ` yet
 * (the cursor is at the items' column), otherwise the text goes after the typed `- `.
 */
function itemSnippets(context: KeyContext, arrayPath: JsonPath, env: Env, withDash: boolean): CompletionItem[] {
  const field = displayPath(arrayPath);
  const label = ITEM_LABELS[field];
  const arraySchema = schemaAtPath(arrayPath);
  const itemSchema = arraySchema ? childSchema(arraySchema, 0) : undefined;
  if (!label || !itemSchema) return [];
  const tabs = new TabStops();
  const body = field === 'outputPorts' ? outputPortBody(env, tabs) : requiredBody(itemSchema, tabs, 0);
  if (body.length === 0) return [];
  const pad = ' '.repeat(context.keyCol - context.indent) + (withDash ? '  ' : '');
  const newText = [`${withDash ? '- ' : ''}${body[0]}`, ...body.slice(1).map((line) => pad + line)].join('\n');
  const documentation = fieldMarkdown(arrayPath, { title: false });
  return [
    {
      label,
      kind: CompletionItemKind.Snippet,
      detail: `a new item of ${field}`,
      documentation: markdown([documentation, '```yaml\n' + snippetPreview(newText) + '\n```'].filter(Boolean).join('\n\n')),
      filterText: label,
      sortText: '!',
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.adjustIndentation,
      textEdit: { range: context.range, newText },
    },
  ];
}

// -------------------------------------------------------------------------------------------- values

function valueItems(context: ValueContext, env: Env): CompletionItem[] {
  const field = displayPath(context.path);
  const schema = schemaAtPath(context.path);
  switch (field) {
    case 'id':
      return idItems(context, env);
    case 'outputPorts[].topic':
      return topicItems(context, env);
    case 'outputPorts[].key.schema':
    case 'outputPorts[].value.schema':
      return schemaFileItems(context, env);
    case 'inputPorts[].product':
    case 'deprecation.replacement':
      return productItems(context, env);
    case 'inputPorts[].port':
      return portItems(context, env);
    case 'owner.team':
      return teamItems(context, env);
  }
  const values = enumValues(schema);
  if (values.length > 0) {
    return values.map((entry, order) =>
      valueItem(context, String(entry.value), {
        kind: CompletionItemKind.EnumMember,
        detail: entry.value === schema?.default ? 'default' : undefined,
        documentation: entry.description ?? schema?.description,
        sortText: String(order).padStart(3, '0'),
        plain: typeof entry.value !== 'string',
      }),
    );
  }
  if (schemaTypes(schema).includes('boolean')) {
    return ['false', 'true'].map((value) =>
      valueItem(context, value, {
        kind: CompletionItemKind.Value,
        detail: String(schema?.default) === value ? 'default' : undefined,
        documentation: schema?.description,
        plain: true,
      }),
    );
  }
  return [];
}

function idItems(context: ValueContext, env: Env): CompletionItem[] {
  const { domain, name } = env.facts;
  if (typeof domain !== 'string' || typeof name !== 'string' || !domain || !name) return [];
  return [
    valueItem(context, `${domain}.${name}`, {
      kind: CompletionItemKind.Value,
      detail: '<domain>.<name>',
      documentation: 'The id must equal `<domain>.<name>`.',
      preselect: true,
    }),
  ];
}

function topicItems(context: ValueContext, env: Env): CompletionItem[] {
  const topic = expectedTopic(env.policy.topicPattern, env.facts, context.siblings.get('name')?.value);
  if (!topic) return [];
  return [
    valueItem(context, topic, {
      kind: CompletionItemKind.Value,
      detail: `from the topic pattern ${env.policy.topicPattern}`,
      documentation: `The topic the policy's \`topicPattern\` (\`${env.policy.topicPattern}\`) gives for this port.`,
      sortText: '0',
      preselect: true,
    }),
  ];
}

function schemaFileItems(context: ValueContext, env: Env): CompletionItem[] {
  return env.workspace.schemaUris().map((schemaUri) => {
    const path = relativeSchemaPath(env.uri, schemaUri);
    const schemaText = env.workspace.readText(schemaUri);
    const summary = schemaText === undefined ? undefined : summarizeAvroSchema(schemaText);
    const ups = path.split('/').filter((segment) => segment === '..').length;
    return valueItem(context, path, {
      kind: CompletionItemKind.File,
      detail: summary ? [summary.namespace, summary.name].filter(Boolean).join('.') : undefined,
      documentation: summary ? avroRecordMarkdown(summary, path) : undefined,
      // This product's own schemas first, then the nearest.
      sortText: `${ownsSchema(env, schemaUri) ? 0 : 1}${String(ups).padStart(2, '0')}${path}`,
    });
  });
}

/**
 * The policy's owners when it lists them (owner.team must be one of them); else the teams that own the
 * workspace's other products, so a product joins a team already in the mesh.
 */
function teamItems(context: ValueContext, env: Env): CompletionItem[] {
  const fromPolicy = env.policy.owners.filter((owner) => typeof owner === 'string' && owner !== '');
  if (fromPolicy.length > 0) {
    return [...new Set(fromPolicy)].map((team, order) =>
      valueItem(context, team, {
        kind: CompletionItemKind.Value,
        detail: 'an owner the policy allows',
        documentation: 'The governance policy (`datamesh.policy.yaml`) lists the teams that may own a product.',
        sortText: String(order).padStart(3, '0'),
      }),
    );
  }
  const ownId = typeof env.facts.id === 'string' ? env.facts.id : undefined;
  const teams = env.workspace
    .products()
    .filter((product) => product.id !== ownId && product.owner)
    .map((product) => product.owner as string);
  return [...new Set(teams)].sort().map((team) =>
    valueItem(context, team, {
      kind: CompletionItemKind.Value,
      detail: 'owns other products of the mesh',
    }),
  );
}

function productItems(context: ValueContext, env: Env): CompletionItem[] {
  const ownId = typeof env.facts.id === 'string' ? env.facts.id : undefined;
  return env.workspace
    .products()
    .filter((product) => product.id !== ownId)
    .map((product) =>
      valueItem(context, product.id, {
        kind: CompletionItemKind.Module,
        detail: product.purpose,
        documentation: productMarkdown(product),
      }),
    );
}

function portItems(context: ValueContext, env: Env): CompletionItem[] {
  const productId = context.siblings.get('product')?.value;
  const product = productId ? env.workspace.product(productId) : undefined;
  if (!product) return [];
  return product.outputPorts.map((port) =>
    valueItem(context, port.name, {
      kind: CompletionItemKind.Field,
      detail: port.topic ? `topic ${port.topic}` : undefined,
      documentation: `An output port of \`${product.id}\`${port.topic ? `, on topic \`${port.topic}\`` : ''}.`,
    }),
  );
}

interface ValueItemOptions {
  kind: CompletionItemKind;
  detail?: string;
  documentation?: string;
  sortText?: string;
  preselect?: boolean;
  /** Insert as written (booleans), never quoted. */
  plain?: boolean;
}

/** A value that replaces what is typed after `key: ` on the line. */
function valueItem(context: ValueContext, value: string, options: ValueItemOptions): CompletionItem {
  let text = value;
  if (context.quote === '"') text = JSON.stringify(value);
  else if (context.quote === "'") text = `'${value.replace(/'/g, "''")}'`;
  else if (!options.plain && !PLAIN_SAFE.test(value)) text = JSON.stringify(value);
  return {
    label: value,
    kind: options.kind,
    detail: options.detail,
    documentation: options.documentation ? markdown(options.documentation) : undefined,
    sortText: options.sortText,
    preselect: options.preselect,
    filterText: context.quote ? `${context.quote}${value}` : value,
    textEdit: { range: context.range, newText: `${context.needsSpace ? ' ' : ''}${text}` },
  };
}

/** Scalars that YAML reads back as the same string without quotes. */
const PLAIN_SAFE = /^(?!(?:true|false|null|yes|no|on|off|~)$)(?![-+]?\.?\d+(?:\.\d*)?(?:e[-+]?\d+)?$)[A-Za-z0-9_./][A-Za-z0-9_./,%+@-]*$/i;

/** The text a snippet inserts with its defaults, for documentation. */
function snippetPreview(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_match, text: string) => text)
    .replace(/\$\{\d+\|((?:\\.|[^,|\\])*)(?:,(?:\\.|[^|\\])*)*\|\}/g, (_match, first: string) => first)
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\,|])/g, '$1');
}

function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

/** Numbers snippet tab stops and escapes placeholder text. */
class TabStops {
  private count = 0;

  next(): number {
    return ++this.count;
  }

  placeholder(text: string): string {
    return `\${${this.next()}:${text.replace(/[$}\\]/g, '\\$&')}}`;
  }

  choice(values: string[]): string {
    return `\${${this.next()}|${values.map((value) => value.replace(/[$}\\,|]/g, '\\$&')).join(',')}|}`;
  }
}

/** Above this size the line scan alone gives the facts: a full parse would hold up typing. */
const MAX_PARSED_FACTS_SIZE = 256 * 1024;

/** The manifest's top-level scalars: from the lines, overridden by the parse where it has them. */
function manifestFacts(text: string, outline: IndentOutline): Manifest {
  const facts: Record<string, unknown> = outline.topLevelScalars();
  if (text.length > MAX_PARSED_FACTS_SIZE) return asManifest(facts);
  // Nodes rather than `.value`: building plain data from a half-typed document is slow and noisy.
  const yaml = parseYamlCached(text);
  for (const key of ['id', 'name', 'domain', 'version', 'tier']) {
    const node = yaml.nodeAt([key]);
    if (isScalar(node) && typeof node.value === 'string') facts[key] = node.value;
  }
  return asManifest(facts);
}
