/**
 * Hover in an `.avsc` file: a type reference or a type's name shows the named type (fullname, doc, fields
 * with their types, symbols, size), also when it is defined in another workspace file; a logical type shows
 * its meaning and encoding; a primitive or complex type keyword, an `order` value and an attribute key show
 * what the specification says about them.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { findNodeAtOffset } from '../json/jsonNavigation';
import { propertyValue, type JsonNode, type JsonObjectNode, type JsonStringNode } from '../json/jsonTree';
import type { AvroDefinition, AvroDocument, AvroTypeIndex } from '../workspace/avroTypeIndex';
import { isPrimitiveType, namespaceOf } from './avroNames';
import { avroTypeText } from './avroTypeText';
import {
  COMPLEX_DOCS,
  FIELD_ATTRIBUTES,
  ORDER_DOCS,
  PRIMITIVE_DOCS,
  SCHEMA_ATTRIBUTES,
  logicalTypeDoc,
  logicalTypeMarkdown,
  type AttributeDoc,
} from './avroDocs';
import { rolesAlong } from './avroRoles';
import { fileName } from './fileName';

export function hoverAvro(uri: string, text: string, position: Position, types: AvroTypeIndex): Hover | null {
  const document = types.document(uri, text);
  const root = document?.root;
  if (!document || !root) return null;
  const offset = document.lines.offsetAt({ line: Math.trunc(position.line) || 0, character: Math.trunc(position.character) || 0 });
  const found = findNodeAtOffset(root, offset);
  if (!found || found.node.type !== 'string') return null;
  const node = found.node;
  const value = hoverValue(uri, document, node, found.ancestors, found.inKey, types);
  return value
    ? { contents: { kind: MarkupKind.Markdown, value }, range: document.lines.rangeOf(node.offset, node.offset + node.length) }
    : null;
}

function hoverValue(
  uri: string,
  document: AvroDocument,
  node: JsonStringNode,
  ancestors: readonly JsonNode[],
  inKey: boolean,
  types: AvroTypeIndex,
): string | undefined {
  const along = rolesAlong(ancestors, node);
  if (inKey) {
    const owner = along.steps[along.steps.length - 1];
    if (!owner || owner.node.type !== 'object') return undefined;
    const attributes: readonly AttributeDoc[] =
      owner.role === 'field' ? FIELD_ATTRIBUTES : owner.role === 'schema' ? allSchemaAttributes : [];
    const attribute = attributes.find((candidate) => candidate.key === node.value);
    return attribute
      ? `**\`${attribute.key}\`** (${owner.role === 'field' ? 'field attribute' : 'schema attribute'})\n\n${attribute.doc}`
      : undefined;
  }
  const use = document.nameUseAt(node);
  if (use) {
    const definition = types.lookup(use.fullname, uri, document);
    if (!definition)
      return use.role === 'reference'
        ? `\`${use.fullname}\` is not defined in this file or in another \`.avsc\` file of the workspace.`
        : undefined;
    const markdown = namedTypeMarkdown(definition, uri);
    return use.role === 'alias' ? `Alias \`${node.value}\` (a former name) of:\n\n${markdown}` : markdown;
  }
  const value = node.value;
  switch (along.slot) {
    case 'typeName':
    case 'typeKeyword':
      if (isPrimitiveType(value)) return `**${value}** (primitive type): ${PRIMITIVE_DOCS[value]}`;
      if (
        along.slot === 'typeKeyword' &&
        (value === 'record' || value === 'error' || value === 'enum' || value === 'array' || value === 'map' || value === 'fixed')
      ) {
        return `**${value}**: ${COMPLEX_DOCS[value]}`;
      }
      return undefined;
    case 'logicalType': {
      const entry = logicalTypeDoc(value);
      if (!entry) return `\`${value}\` is not a logical type of Avro 1.12: it is ignored and the data read as the underlying type.`;
      const object = along.steps[along.steps.length - 1]?.node;
      let markdown = logicalTypeMarkdown(entry);
      if (object?.type === 'object' && value === 'decimal') {
        const precision = numberProperty(object, 'precision');
        const scale = numberProperty(object, 'scale') ?? 0;
        if (precision !== undefined) markdown += `\n\nHere: up to ${precision} digits, ${scale} after the decimal point.`;
      }
      return markdown;
    }
    case 'order':
      return value === 'ascending' || value === 'descending' || value === 'ignore' ? `**${value}**: ${ORDER_DOCS[value]}` : undefined;
    default:
      return undefined;
  }
}

const allSchemaAttributes: readonly AttributeDoc[] = [
  ...SCHEMA_ATTRIBUTES.record,
  ...SCHEMA_ATTRIBUTES.enum,
  ...SCHEMA_ATTRIBUTES.fixed,
  ...SCHEMA_ATTRIBUTES.array,
  ...SCHEMA_ATTRIBUTES.map,
];

function numberProperty(object: JsonObjectNode, key: string): number | undefined {
  const value = propertyValue(object, key);
  return value?.type === 'number' ? value.value : undefined;
}

/** The most fields a hover lists; a 10,000-field record would make an unreadable hover. */
const MAX_HOVER_FIELDS = 50;

/** A named type as markdown: fullname and kind, where it is defined (when in another file), doc, then its fields, symbols or size. */
export function namedTypeMarkdown(definition: AvroDefinition, fromUri: string): string {
  const type = definition.type;
  const parts: string[] = [`**${type.fullname}** · ${type.kind === 'record' && type.isError ? 'error' : type.kind}`];
  if (definition.uri !== fromUri) parts.push(`Defined in [${fileName(definition.uri)}](${definition.uri})`);
  if (type.doc) parts.push(type.doc);
  const namespace = namespaceOf(type.fullname);
  switch (type.kind) {
    case 'record':
      if (type.fields.length === 0) parts.push('No fields.');
      else {
        const rows = type.fields
          .slice(0, MAX_HOVER_FIELDS)
          .map((field) => `| \`${cell(field.name)}\` | \`${cell(avroTypeText(field.type, { namespace }))}\` | ${cell(field.doc ?? '')} |`);
        if (type.fields.length > MAX_HOVER_FIELDS) rows.push(`| … | ${type.fields.length - MAX_HOVER_FIELDS} more fields | |`);
        parts.push(['| Field | Type | Doc |', '| --- | --- | --- |', ...rows].join('\n'));
      }
      break;
    case 'enum':
      parts.push(
        `Symbols: ${type.symbols.map((symbol) => `\`${symbol}\``).join(', ') || 'none'}${type.defaultSymbol ? ` · default \`${type.defaultSymbol}\`` : ''}`,
      );
      break;
    case 'fixed':
      parts.push(
        `Size: ${type.size >= 0 ? `${type.size} byte${type.size === 1 ? '' : 's'}` : 'invalid'}${type.logicalType ? ` · logical type \`${type.logicalType.name}\`` : ''}`,
      );
      break;
  }
  if (type.aliases.length > 0) parts.push(`Aliases: ${type.aliases.map((alias) => `\`${alias}\``).join(', ')}`);
  return parts.join('\n\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}
