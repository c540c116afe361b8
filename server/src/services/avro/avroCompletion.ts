/**
 * Completion in an `.avsc` file: attribute keys valid for the object at the cursor, type names (primitives,
 * skeletons of complex types, named types of this file and of the workspace), logical types valid for the
 * underlying type, `order` values, enum symbols, namespaces, and a default value skeleton for a field's type.
 *
 * The cursor's context comes from the positioned JSON tree, which the scanner builds from half-typed text
 * too (an unterminated string ends at the end of its line, a missing value is `undefined`). The tree is
 * walked from the root down to the cursor only (a binary search among the children of each level), so a
 * request on a 10,000-field schema costs a few dozen steps once the text's parse is cached.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type Command,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { JsonArrayNode, JsonObjectNode, JsonPropertyNode, JsonStringNode, JsonValueNode } from '../json/jsonTree';
import { lastIndexStartingAtOrBefore } from '../json/jsonNavigation';
import { jsonValueOf } from '../json/jsonTree';
import type { AvroDocument, AvroTypeIndex } from '../workspace/avroTypeIndex';
import { PRIMITIVE_TYPES, isPrimitiveType, namespaceOf, simpleNameOf } from './avroNames';
import type { AvroNamedType, AvroType } from './avroSchema';
import {
  ANY_SCHEMA_ATTRIBUTES,
  COMPLEX_DOCS,
  FIELD_ATTRIBUTES,
  ORDER_DOCS,
  PRIMITIVE_DOCS,
  SCHEMA_ATTRIBUTES,
  logicalTypeMarkdown,
  logicalTypesFor,
  type AttributeDoc,
} from './avroDocs';
import { itemRole, namespaceInside, propertyRole, propertySlot, type AvroRole, type AvroSlot } from './avroRoles';
import { fileName } from './fileName';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };
const TRIGGER_SUGGEST: Command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };

export function completeAvro(uri: string, text: string, position: Position, types: AvroTypeIndex): CompletionList {
  const document = types.document(uri, text);
  if (!document) return EMPTY;
  const offset = document.lines.offsetAt({ line: Math.trunc(position.line) || 0, character: Math.trunc(position.character) || 0 });
  const context = cursorContext(document, offset);
  if (!context) return EMPTY;
  const items = context.kind === 'key' ? keyItems(context) : valueItems(context, { uri, document, types });
  return { isIncomplete: false, items };
}

/** The value of a string property of an object (the last one when the key repeats). */
function stringProperty(object: JsonObjectNode, key: string): string | undefined {
  const properties = object.properties;
  for (let i = properties.length - 1; i >= 0; i--) {
    if (properties[i].key.value === key) {
      const value = properties[i].value;
      return value?.type === 'string' ? value.value : undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The cursor's context

interface KeyContext {
  kind: 'key';
  object: JsonObjectNode;
  role: AvroRole;
  /** The property whose key is being typed, when the cursor is in one. */
  property: JsonPropertyNode | undefined;
  range: Range;
  quoted: boolean;
  /** Text to put before and after the inserted `"key": value`. */
  before: string;
  after: string;
  /** The key already has its colon: only the key is replaced. */
  keyOnly: boolean;
}

interface ValueContext {
  kind: 'value';
  slot: AvroSlot;
  /** The object the value belongs to (for a union branch, the union's own container object is not needed). */
  object: JsonObjectNode | undefined;
  namespace: string | undefined;
  range: Range;
  /** The range starts at the value's opening quote. */
  quoted: boolean;
  before: string;
  after: string;
  offset: number;
  /** In a `fields` array between fields: a new field. */
  newField?: boolean;
}

type CursorContext = KeyContext | ValueContext;

const QUOTE = 0x22;

function cursorContext(document: AvroDocument, offset: number): CursorContext | undefined {
  const text = document.text;
  const root = document.root;
  if (root === undefined) {
    // An empty document: the root schema.
    if (text.trim() !== '') return undefined;
    return valueContext(document, 'typeName', undefined, undefined, wordRange(text, offset), offset, 'fresh');
  }
  return descend(document, root, 'schema', undefined, undefined, offset);
}

/** Finds the context inside `node` (a value whose role is `role`, in `object` when it is a property value). */
function descend(
  document: AvroDocument,
  node: JsonValueNode,
  role: AvroRole,
  namespace: string | undefined,
  slotHere: { slot: AvroSlot; object: JsonObjectNode | undefined } | undefined,
  offset: number,
): CursorContext | undefined {
  const text = document.text;
  // Iterative descent: a deeply nested schema must not cost stack frames.
  for (;;) {
    const slot = slotHere ?? { slot: role === 'schema' ? 'typeName' : 'none', object: undefined };
    if (node.type === 'string') {
      if (!insideString(text, node, offset)) return undefined;
      return valueContext(document, slot.slot, slot.object, namespace, stringRange(text, node, offset), offset, 'quoted');
    }
    if (node.type !== 'object' && node.type !== 'array') {
      if (offset < node.offset || offset > node.offset + node.length) return undefined;
      return valueContext(
        document,
        slot.slot,
        slot.object,
        namespace,
        { start: node.offset, end: node.offset + node.length },
        offset,
        'replace',
      );
    }
    if (!insideContainer(text, node, offset)) return undefined;
    if (node.type === 'array') {
      const itemsRole = itemRole(role);
      const item = lastStartingAtOrBefore(node.items, offset);
      if (item !== undefined && touches(text, item, offset)) {
        node = item;
        role = itemsRole;
        slotHere = undefined;
        continue;
      }
      // Between items.
      if (role === 'schema') return valueContext(document, 'typeName', undefined, namespace, wordRange(text, offset), offset, 'fresh');
      if (role === 'fields')
        return { ...valueContext(document, 'none', undefined, namespace, wordRange(text, offset), offset, 'fresh'), newField: true };
      return undefined;
    }
    // An object.
    const inside = role === 'schema' ? namespaceInside(node, namespace) : namespace;
    const property = lastStartingAtOrBefore(node.properties, offset);
    if (property !== undefined) {
      const key = property.key;
      const keyQuoted = text.charCodeAt(key.offset) === QUOTE;
      const inKey = keyQuoted
        ? offset > key.offset && (offset < key.offset + key.length || (!terminated(text, key) && offset === key.offset + key.length))
        : offset <= key.offset + key.length;
      if (inKey)
        return keyContext(
          document,
          node,
          role,
          property,
          keyQuoted ? stringRange(text, key, offset) : { start: key.offset, end: key.offset + key.length },
          keyQuoted,
        );
      if (property.colonOffset >= 0 && offset > property.colonOffset) {
        const value = property.value;
        const keyName = key.value;
        const valueSlot = { slot: propertySlot(role, keyName), object: node };
        // `"type": |` followed on the next line by `"doc": ...`: the scanner took the next key for the value.
        if (value === undefined || (offset < value.offset && followedByColon(text, value))) {
          // `"type": |` or `"type": str|`: no value yet (a bare word is skipped by the scanner).
          return valueContext(document, valueSlot.slot, node, inside, wordRange(text, offset), offset, 'fresh');
        }
        if (offset >= value.offset && touches(text, value, offset)) {
          node = value;
          role = propertyRole(role, keyName);
          namespace = inside;
          slotHere = valueSlot;
          continue;
        }
        if (offset < value.offset) return undefined;
        // After the value: a gap, handled below.
      } else if (!(keyQuoted && offset === key.offset)) {
        return undefined; // `"key" |` without a colon
      }
    }
    return keyContext(document, node, role, undefined, wordRange(text, offset), false);
  }
}

function keyContext(
  document: AvroDocument,
  object: JsonObjectNode,
  role: AvroRole,
  property: JsonPropertyNode | undefined,
  range: OffsetRange,
  quoted: boolean,
): KeyContext | undefined {
  if (role !== 'schema' && role !== 'field') return undefined;
  const text = document.text;
  const keyOnly = property !== undefined && property.colonOffset >= 0;
  return {
    kind: 'key',
    object,
    role,
    property,
    range: document.lines.rangeOf(range.start, range.end),
    quoted,
    before: property ? '' : separatorBefore(text, range.start),
    after: keyOnly ? '' : separatorAfter(text, range.end),
    keyOnly,
  };
}

function valueContext(
  document: AvroDocument,
  slot: AvroSlot,
  object: JsonObjectNode | undefined,
  namespace: string | undefined,
  range: OffsetRange,
  offset: number,
  /** `quoted`: the range is a string; `replace`: another value; `fresh`: no value yet (maybe a bare word). */
  what: 'quoted' | 'replace' | 'fresh',
): ValueContext {
  const text = document.text;
  // A value typed where none was may need commas around it; one that replaces a value keeps its neighbours'.
  const fresh = what === 'fresh';
  return {
    kind: 'value',
    slot,
    object,
    namespace,
    range: document.lines.rangeOf(range.start, range.end),
    quoted: what === 'quoted',
    // After a colon nothing is needed; between array items a comma may be.
    before: fresh && object === undefined ? separatorBefore(text, range.start) : '',
    after: fresh ? separatorAfter(text, range.end) : '',
    offset,
  };
}

/**
 * The range a string at the cursor is replaced in: the whole string when it is terminated; for an
 * unterminated one (which the scanner ends at the end of its line) only up to the end of the word at the
 * cursor, so that a `}` later on the line survives.
 */
function stringRange(text: string, node: JsonStringNode, offset: number): OffsetRange {
  if (text.charCodeAt(node.offset) !== QUOTE || terminated(text, node)) return { start: node.offset, end: node.offset + node.length };
  let end = offset;
  const limit = node.offset + node.length;
  while (end < limit && isWordChar(text.charCodeAt(end))) end++;
  return { start: node.offset, end };
}

interface OffsetRange {
  start: number;
  end: number;
}

/** The unquoted word around the cursor (a half-typed `str` or `nu`), possibly empty. */
function wordRange(text: string, offset: number): OffsetRange {
  let start = offset;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  return { start, end };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45 || c === 43;
}

/** A string that is really the next property's key. */
function followedByColon(text: string, node: JsonValueNode): boolean {
  if (node.type !== 'string') return false;
  let i = node.offset + node.length;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 0x3a;
}

/** `, ` when the previous token is a value (so the inserted member needs a comma), else nothing. */
function separatorBefore(text: string, offset: number): string {
  let i = offset - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  if (i < 0) return '';
  const c = text.charCodeAt(i);
  return c === 0x7b /* { */ || c === 0x5b /* [ */ || c === 0x2c /* , */ || c === 0x3a /* : */ ? '' : ', ';
}

/** `,` when a member follows (so the inserted one needs a comma after it), else nothing. */
function separatorAfter(text: string, offset: number): string {
  let i = offset;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (i >= text.length) return '';
  const c = text.charCodeAt(i);
  return c === QUOTE || c === 0x7b || c === 0x5b ? ',' : '';
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** True when a string token ends with its closing quote. */
function terminated(text: string, node: JsonStringNode): boolean {
  const end = node.offset + node.length;
  if (node.length < 2 || text.charCodeAt(end - 1) !== QUOTE) return false;
  let backslashes = 0;
  for (let i = end - 2; i > node.offset && text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** The cursor is between the quotes of a string (or after the opening quote of an unterminated one). */
function insideString(text: string, node: JsonStringNode, offset: number): boolean {
  if (text.charCodeAt(node.offset) !== QUOTE) return offset >= node.offset && offset <= node.offset + node.length;
  const end = node.offset + node.length;
  return offset > node.offset && (offset < end || (offset === end && !terminated(text, node)));
}

/** The cursor is between an object's braces or an array's brackets (an unclosed one reaches the end of the text). */
function insideContainer(text: string, node: JsonObjectNode | JsonArrayNode, offset: number): boolean {
  const end = node.offset + node.length;
  if (offset <= node.offset) return false;
  if (offset < end) return true;
  const closer = node.type === 'object' ? 0x7d : 0x5d;
  return offset === end && (node.length < 2 || text.charCodeAt(end - 1) !== closer);
}

/** Whether the cursor is in (or right at the end of, for a scalar) a value. */
function touches(text: string, node: JsonValueNode, offset: number): boolean {
  if (node.type === 'string') return insideString(text, node, offset);
  if (node.type === 'object' || node.type === 'array') return insideContainer(text, node, offset);
  return offset >= node.offset && offset <= node.offset + node.length;
}

/** The last child starting at or before `offset` (children are in text order). */
function lastStartingAtOrBefore<T extends { offset: number }>(children: readonly T[], offset: number): T | undefined {
  const found = lastIndexStartingAtOrBefore(children, offset);
  return found < 0 ? undefined : children[found];
}

// ---------------------------------------------------------------------------------------------
// Keys

function keyItems(context: KeyContext): CompletionItem[] {
  const attributes = context.role === 'field' ? FIELD_ATTRIBUTES : schemaAttributes(context.object);
  const present = new Set<string>();
  for (const property of context.object.properties) if (property !== context.property) present.add(property.key.value);
  const items: CompletionItem[] = [];
  attributes.forEach((attribute, index) => {
    if (present.has(attribute.key)) return;
    // Precision and scale only with a decimal.
    if ((attribute.key === 'precision' || attribute.key === 'scale') && stringProperty(context.object, 'logicalType') !== 'decimal') return;
    items.push(keyItem(context, attribute, index));
  });
  return items;
}

function schemaAttributes(object: JsonObjectNode): readonly AttributeDoc[] {
  const type = stringProperty(object, 'type');
  if (type === undefined) return ANY_SCHEMA_ATTRIBUTES;
  if (type === 'record' || type === 'error') return SCHEMA_ATTRIBUTES.record;
  if (type === 'enum' || type === 'fixed' || type === 'array' || type === 'map') return SCHEMA_ATTRIBUTES[type];
  if (isPrimitiveType(type)) return SCHEMA_ATTRIBUTES.primitive;
  return ANY_SCHEMA_ATTRIBUTES;
}

function keyItem(context: KeyContext, attribute: AttributeDoc, index: number): CompletionItem {
  const quotedKey = JSON.stringify(attribute.key);
  const newText = context.keyOnly ? quotedKey : `${context.before}${quotedKey}: ${attribute.valueSnippet}${context.after}`;
  const item: CompletionItem = {
    label: attribute.key,
    kind: CompletionItemKind.Property,
    documentation: { kind: MarkupKind.Markdown, value: attribute.doc },
    // The order of the specification: type and name first.
    sortText: String(index).padStart(2, '0'),
    filterText: context.quoted ? quotedKey : attribute.key,
    textEdit: { range: context.range, newText },
    insertTextFormat: context.keyOnly ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
  };
  if (newText.includes('\n')) item.insertTextMode = InsertTextMode.adjustIndentation;
  if (!context.keyOnly && attribute.suggestValues) item.command = TRIGGER_SUGGEST;
  return item;
}

// ---------------------------------------------------------------------------------------------
// Values

interface Env {
  uri: string;
  document: AvroDocument;
  types: AvroTypeIndex;
}

function valueItems(context: ValueContext, env: Env): CompletionItem[] {
  if (context.newField) return [newFieldItem(context)];
  switch (context.slot) {
    case 'typeName':
      return [...primitiveItems(context), ...skeletonItems(context), ...namedTypeItems(context, env)];
    case 'typeKeyword':
      return typeKeywordItems(context);
    case 'logicalType':
      return logicalTypeItems(context);
    case 'order':
      return (Object.keys(ORDER_DOCS) as (keyof typeof ORDER_DOCS)[]).map((order, index) =>
        stringItem(context, order, CompletionItemKind.EnumMember, ORDER_DOCS[order], String(index)),
      );
    case 'enumDefault':
      return enumDefaultItems(context);
    case 'fieldDefault':
      return fieldDefaultItems(context, env);
    case 'namespace':
      return namespaceItems(context, env);
    default:
      return [];
  }
}

/** An item that inserts a JSON string (or, with `raw`, JSON text) in place of the value at the cursor. */
function stringItem(
  context: ValueContext,
  value: string,
  kind: CompletionItemKind,
  doc: string | undefined,
  sortText: string,
  raw?: string,
): CompletionItem {
  const json = raw ?? JSON.stringify(value);
  const item: CompletionItem = {
    label: value,
    kind,
    sortText,
    filterText: context.quoted ? JSON.stringify(value) : value,
    textEdit: { range: context.range, newText: `${context.before}${json}${context.after}` },
  };
  if (doc) item.documentation = { kind: MarkupKind.Markdown, value: doc };
  return item;
}

function primitiveItems(context: ValueContext): CompletionItem[] {
  return PRIMITIVE_TYPES.map((name) =>
    stringItem(context, name, CompletionItemKind.Keyword, `**${name}** (primitive type): ${PRIMITIVE_DOCS[name]}`, `1${name}`),
  );
}

const SKELETONS: { name: 'record' | 'enum' | 'array' | 'map' | 'fixed'; snippet: string }[] = [
  { name: 'record', snippet: '{\n\t"type": "record",\n\t"name": "${1:Name}",\n\t"fields": [\n\t\t$0\n\t]\n}' },
  { name: 'enum', snippet: '{"type": "enum", "name": "${1:Name}", "symbols": ["${2:SYMBOL}"]}' },
  { name: 'array', snippet: '{"type": "array", "items": "${1:string}"}' },
  { name: 'map', snippet: '{"type": "map", "values": "${1:string}"}' },
  { name: 'fixed', snippet: '{"type": "fixed", "name": "${1:Name}", "size": ${2:16}}' },
];

function skeletonItems(context: ValueContext): CompletionItem[] {
  return SKELETONS.map(({ name, snippet }, index) => {
    const newText = `${context.before}${snippet}${context.after}`;
    const item: CompletionItem = {
      label: name,
      kind: CompletionItemKind.Snippet,
      detail: `${name} schema`,
      documentation: { kind: MarkupKind.Markdown, value: `**${name}**: ${COMPLEX_DOCS[name]}` },
      sortText: `2${index}`,
      filterText: context.quoted ? JSON.stringify(name) : name,
      textEdit: { range: context.range, newText },
      insertTextFormat: InsertTextFormat.Snippet,
    };
    if (newText.includes('\n')) item.insertTextMode = InsertTextMode.adjustIndentation;
    return item;
  });
}

function typeKeywordItems(context: ValueContext): CompletionItem[] {
  const keywords = (['record', 'enum', 'array', 'map', 'fixed', 'error'] as const).map((name, index) =>
    stringItem(context, name, CompletionItemKind.Keyword, `**${name}**: ${COMPLEX_DOCS[name]}`, `2${index}`),
  );
  return [...primitiveItems(context), ...keywords];
}

function namedTypeItems(context: ValueContext, env: Env): CompletionItem[] {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const here = context.namespace;
  const add = (fullname: string, type: AvroNamedType, uri: string) => {
    if (seen.has(fullname) || fullname === '') return;
    seen.add(fullname);
    const namespace = namespaceOf(fullname);
    // A dotless name means the enclosing namespace: a type in the null namespace has no name that resolves here.
    if (namespace === undefined && here !== undefined) return;
    const insert = namespace === here ? simpleNameOf(fullname) : fullname;
    const item = stringItem(
      context,
      insert,
      kindOf(type),
      namedTypeSummary(fullname, type, uri === env.uri ? undefined : uri),
      `3${insert}`,
    );
    item.label = simpleNameOf(fullname);
    item.labelDetails = { description: namespace ?? '(null namespace)' };
    item.detail = `${type.kind} ${fullname}`;
    items.push(item);
  };
  // This file's types that are defined before the cursor (names must be defined before use); the type being
  // defined around the cursor is, so a record can refer to itself.
  for (const [fullname, type] of env.document.schema.definitions) if (type.node.offset < context.offset) add(fullname, type, env.uri);
  const local = env.document.schema.definitions;
  for (const [fullname, definition] of env.types.definitions()) {
    if (definition.uri === env.uri || local.has(fullname)) continue;
    add(fullname, definition.type, definition.uri);
  }
  return items;
}

function kindOf(type: AvroNamedType): CompletionItemKind {
  return type.kind === 'record' ? CompletionItemKind.Class : type.kind === 'enum' ? CompletionItemKind.Enum : CompletionItemKind.Struct;
}

/**
 * Summaries by type, seen from its own file and from another: a type list repeats them on every request,
 * and the types of a parse do not change.
 */
const summaries = { local: new WeakMap<AvroNamedType, string>(), other: new WeakMap<AvroNamedType, string>() };

/** A short description of a named type for a completion item (the hover has the full one). */
function namedTypeSummary(fullname: string, type: AvroNamedType, otherUri: string | undefined): string {
  const cache = otherUri === undefined ? summaries.local : summaries.other;
  let summary = cache.get(type);
  if (summary === undefined) {
    summary = describeNamedType(fullname, type, otherUri);
    cache.set(type, summary);
  }
  return summary;
}

function describeNamedType(fullname: string, type: AvroNamedType, otherUri: string | undefined): string {
  const parts = [`**${fullname}** · ${type.kind}`];
  if (type.doc) parts.push(type.doc);
  if (type.kind === 'record')
    parts.push(
      `${type.fields.length} field${type.fields.length === 1 ? '' : 's'}: ${type.fields
        .slice(0, 8)
        .map((field) => `\`${field.name}\``)
        .join(', ')}${type.fields.length > 8 ? ', …' : ''}`,
    );
  else if (type.kind === 'enum')
    parts.push(
      `Symbols: ${type.symbols
        .slice(0, 12)
        .map((symbol) => `\`${symbol}\``)
        .join(', ')}${type.symbols.length > 12 ? ', …' : ''}`,
    );
  else if (type.size >= 0) parts.push(`Size: ${type.size} bytes`);
  if (otherUri) parts.push(`Defined in \`${fileName(otherUri)}\``);
  return parts.join('\n\n');
}

function logicalTypeItems(context: ValueContext): CompletionItem[] {
  const object = context.object;
  if (!object) return [];
  const base = stringProperty(object, 'type');
  if (base === undefined) return [];
  let size: number | undefined;
  if (base === 'fixed') {
    for (const property of object.properties)
      if (property.key.value === 'size' && property.value?.type === 'number') size = property.value.value;
  }
  const hasPrecision = object.properties.some((property) => property.key.value === 'precision');
  return logicalTypesFor(base, size).map((entry, index) => {
    const item = stringItem(context, entry.name, CompletionItemKind.EnumMember, logicalTypeMarkdown(entry), String(index).padStart(2, '0'));
    if (entry.name === 'decimal' && !hasPrecision && context.quoted) {
      // A decimal needs its precision: insert it with the name.
      item.textEdit = { range: context.range, newText: `"decimal", "precision": \${1:10}, "scale": \${2:2}${context.after}` };
      item.insertTextFormat = InsertTextFormat.Snippet;
    }
    return item;
  });
}

function enumDefaultItems(context: ValueContext): CompletionItem[] {
  const object = context.object;
  if (!object || stringProperty(object, 'type') !== 'enum') return [];
  const symbols = object.properties.find((property) => property.key.value === 'symbols')?.value;
  if (symbols?.type !== 'array') return [];
  return symbols.items
    .filter((item): item is JsonStringNode => item.type === 'string')
    .map((symbol, index) =>
      stringItem(
        context,
        symbol.value,
        CompletionItemKind.EnumMember,
        'The symbol a reader uses for a symbol it does not know.',
        String(index).padStart(4, '0'),
      ),
    );
}

function namespaceItems(context: ValueContext, env: Env): CompletionItem[] {
  const namespaces = new Set<string>();
  for (const fullname of env.document.schema.definitions.keys()) {
    const namespace = namespaceOf(fullname);
    if (namespace) namespaces.add(namespace);
  }
  for (const fullname of env.types.definitions().keys()) {
    const namespace = namespaceOf(fullname);
    if (namespace) namespaces.add(namespace);
  }
  return [...namespaces].sort().map((namespace) => stringItem(context, namespace, CompletionItemKind.Module, undefined, namespace));
}

function fieldDefaultItems(context: ValueContext, env: Env): CompletionItem[] {
  const object = context.object;
  const field = object && env.document.fieldOf(object);
  if (!field) return [];
  const lookup = (fullname: string) => env.types.lookup(fullname, env.uri, env.document)?.type;
  const skeleton = defaultSkeleton(field.type, lookup);
  if (skeleton === undefined) return [];
  const label = skeleton.length > 60 ? `${skeleton.slice(0, 57)}…` : skeleton;
  return [
    {
      label,
      kind: CompletionItemKind.Value,
      detail: 'default value',
      documentation: {
        kind: MarkupKind.Markdown,
        value: `A default of the field's type${field.type.kind === 'union' ? ' (of its first branch, as Avro 1.11 and avsc require)' : ''}:\n\n\`\`\`json\n${skeleton}\n\`\`\``,
      },
      filterText: context.quoted ? `"${skeleton}` : skeleton,
      textEdit: { range: context.range, newText: `${context.before}${skeleton}${context.after}` },
    },
  ];
}

/** The deepest a record default skeleton goes (a record of records of ...). */
const MAX_SKELETON_DEPTH = 8;

/**
 * A valid default value of a type, as JSON text: `null` for a union whose first branch is null, `0`, `""`,
 * `[]`, `{}`, the first enum symbol, a record object with each field's default (its own when it has one).
 * Undefined when the type is unknown (an unresolved reference).
 */
export function defaultSkeleton(
  type: AvroType,
  lookup: (fullname: string) => AvroNamedType | undefined,
  depth = 0,
  open: Set<string> = new Set(),
): string | undefined {
  if (depth > MAX_SKELETON_DEPTH) return undefined;
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'null':
          return 'null';
        case 'boolean':
          return 'false';
        case 'int':
        case 'long':
        case 'float':
        case 'double':
          return '0';
        default:
          return '""';
      }
    case 'array':
      return '[]';
    case 'map':
      return '{}';
    case 'union':
      return type.branches.length > 0 ? defaultSkeleton(type.branches[0], lookup, depth + 1, open) : undefined;
    case 'enum':
      return type.symbols.length > 0 ? JSON.stringify(type.symbols[0]) : undefined;
    case 'fixed':
      // A fixed default is a string of exactly `size` code points 0-255.
      return type.size >= 0 && type.size <= 16 ? `"${'\\u0000'.repeat(type.size)}"` : undefined;
    case 'reference': {
      const target = type.target ?? (type.fullname ? lookup(type.fullname) : undefined);
      return target ? defaultSkeleton(target, lookup, depth + 1, open) : undefined;
    }
    case 'record': {
      // A record inside itself has no finite default without a union; give up there.
      if (open.has(type.fullname)) return undefined;
      open.add(type.fullname);
      const parts: string[] = [];
      for (const field of type.fields) {
        const value = field.defaultNode
          ? JSON.stringify(jsonValueOf(field.defaultNode))
          : defaultSkeleton(field.type, lookup, depth + 1, open);
        if (value === undefined) {
          open.delete(type.fullname);
          return undefined;
        }
        parts.push(`${JSON.stringify(field.name)}: ${value}`);
      }
      open.delete(type.fullname);
      return `{${parts.join(', ')}}`;
    }
  }
}

function newFieldItem(context: ValueContext): CompletionItem {
  return {
    label: 'field',
    kind: CompletionItemKind.Snippet,
    detail: '{"name": …, "type": …}',
    documentation: { kind: MarkupKind.Markdown, value: 'A new field: a `name` and a `type`.' },
    textEdit: { range: context.range, newText: `${context.before}{"name": "\${1:name}", "type": "\${2:string}"}${context.after}` },
    insertTextFormat: InsertTextFormat.Snippet,
  };
}
