import { isMap, isScalar } from 'yaml';
import { MarkupKind, type Hover, type MarkupContent, type Position } from 'vscode-languageserver-types';
import { parseYamlCached } from '../yaml/parseCache';
import type { JsonPath, PositionedYaml } from '../yaml/positionedYaml';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { ProductSummary } from '../workspace/productSummary';
import { summarizeAvroSchema, type AvroRecordSummary } from '../avro/avroLint';
import { displayPath, enumValues, requiredProperties, schemaAtPath, schemaTypes, type SchemaNode } from './schemaNavigator';

/** Documentation on hover: a key's field, an enum value, a schema file, another product. */
export function hoverManifest(uri: string, text: string, position: Position, workspace: WorkspaceIndex): Hover | null {
  const yaml = parseYamlCached(text);
  const offset = clampedOffset(yaml, position);
  // The YAML parser recovers from most errors with positions intact, so this works on drafts too.
  const location = yaml.locate(offset);
  const path = location.path;
  if (path.length === 0) return null;

  if (location.inKey) {
    const range = yaml.keyRange(path);
    const value = fieldMarkdown(path, { title: true });
    return range && value ? { contents: markdown(value), range } : null;
  }

  const node = location.node;
  if (!isScalar(node) || !node.range || offset < node.range[0] || offset > node.range[1]) return null;
  if (node.value === null || typeof node.value === 'object') return null;
  const value = String(node.value);
  const contents = valueMarkdown(uri, path, value, yaml, workspace);
  return contents ? { contents: markdown(contents), range: yaml.lines.rangeOf(node.range[0], node.range[1]) } : null;
}

function valueMarkdown(uri: string, path: JsonPath, value: string, yaml: PositionedYaml, workspace: WorkspaceIndex): string | undefined {
  const field = displayPath(path);
  if (field === 'outputPorts[].key.schema' || field === 'outputPorts[].value.schema') return schemaFileMarkdown(uri, value, workspace);
  if (field === 'inputPorts[].product' || field === 'deprecation.replacement') {
    const product = workspace.product(value);
    return product ? productMarkdown(product) : `Unknown product \`${value}\`: it is neither in the workspace nor in the catalog.`;
  }
  if (field === 'inputPorts[].port') return inputPortMarkdown(path, value, yaml, workspace);

  const schema = schemaAtPath(path);
  const match = enumValues(schema).find((candidate) => String(candidate.value) === value);
  if (!match) return undefined;
  return [`**\`${value}\`** (\`${field}\`)`, match.description ?? `One of the allowed values of \`${field}\`.`].join('\n\n');
}

function schemaFileMarkdown(uri: string, schemaPath: string, workspace: WorkspaceIndex): string {
  const target = workspace.schemaTarget(uri, schemaPath);
  if (target && !target.inside) return `The schema path \`${schemaPath}\` leaves the project folder: the file is not read.`;
  const schemaText = target === undefined ? undefined : workspace.readText(target.uri);
  if (schemaText === undefined) return `The schema file \`${schemaPath}\` does not exist (relative to this manifest).`;
  const summary = summarizeAvroSchema(schemaText);
  if (!summary) return `\`${schemaPath}\` is not an Avro schema object.`;
  return avroRecordMarkdown(summary, schemaPath);
}

function inputPortMarkdown(path: JsonPath, portName: string, yaml: PositionedYaml, workspace: WorkspaceIndex): string | undefined {
  const parent = yaml.nodeAt(path.slice(0, -1));
  const productNode = isMap(parent) ? parent.get('product', true) : undefined;
  const productId = isScalar(productNode) && typeof productNode.value === 'string' ? productNode.value : undefined;
  if (!productId) return undefined;
  const product = workspace.product(productId);
  if (!product) return `Unknown product \`${productId}\`: its ports cannot be checked.`;
  const port = product.outputPorts.find((candidate) => candidate.name === portName);
  if (!port) return `\`${productId}\` has no output port \`${portName}\`. Its ports: ${portList(product) || 'none'}.`;
  return `**\`${portName}\`**: an output port of \`${productId}\`${port.topic ? `, topic \`${port.topic}\`` : ''}.`;
}

/**
 * A field's documentation from the schema: optionally a title line with its path and type, then the
 * description, then the allowed values of an enum.
 */
export function fieldMarkdown(path: JsonPath, options: { title: boolean }): string | undefined {
  const schema = schemaAtPath(path);
  if (!schema) return undefined;
  const parts: string[] = [];
  if (options.title) parts.push(`**\`${displayPath(path)}\`**${facts(path, schema)}`);
  if (schema.description) parts.push(schema.description);
  const values = enumValues(schema);
  if (values.length > 0) {
    parts.push(
      [
        'Allowed values:',
        ...values.map((entry) => `- \`${String(entry.value)}\`${entry.description ? `: ${entry.description}` : ''}`),
      ].join('\n'),
    );
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

function facts(path: JsonPath, schema: SchemaNode): string {
  const notes: string[] = [];
  const types = schemaTypes(schema);
  if (types.length > 0) notes.push(types.join(' | '));
  const last = path[path.length - 1];
  if (typeof last === 'string' && path.length > 0) {
    notes.push(requiredProperties(schemaAtPath(path.slice(0, -1))).includes(last) ? 'required' : 'optional');
  }
  if (schema.default !== undefined) notes.push(`default \`${JSON.stringify(schema.default)}\``);
  return notes.length > 0 ? ` · ${notes.join(' · ')}` : '';
}

/** An Avro record as markdown: full name, doc, then a table of its fields. */
export function avroRecordMarkdown(summary: AvroRecordSummary, schemaPath?: string): string {
  const fullName = summary.namespace && !summary.name.includes('.') ? `${summary.namespace}.${summary.name}` : summary.name;
  const parts = [`**${fullName}** · ${summary.type}${schemaPath ? ` · \`${schemaPath}\`` : ''}`];
  if (summary.doc) parts.push(summary.doc);
  if (summary.fields.length > 0) {
    parts.push(
      [
        '| Field | Type | Doc |',
        '| --- | --- | --- |',
        ...summary.fields.map((field) => `| \`${cell(field.name)}\` | \`${cell(field.type)}\` | ${cell(field.doc ?? '')} |`),
      ].join('\n'),
    );
  } else if (summary.type === 'record') {
    parts.push('No fields.');
  }
  return parts.join('\n\n');
}

/** Another product as markdown: purpose, owner, status, tier and ports. */
export function productMarkdown(product: ProductSummary): string {
  const lines = [
    `**${product.id}** · data product${product.source === 'catalog' ? ' (from the catalog)' : ''}`,
    product.purpose ?? '_No purpose given._',
    [
      `- **Owner:** ${product.owner ?? '—'}`,
      `- **Status:** ${product.status ?? '—'}`,
      `- **Tier:** ${product.tier ?? '—'}`,
      `- **Output ports:** ${portList(product) || '—'}`,
    ].join('\n'),
  ];
  return lines.join('\n\n');
}

function portList(product: ProductSummary): string {
  return product.outputPorts.map((port) => `\`${port.name}\`${port.topic ? ` (topic \`${port.topic}\`)` : ''}`).join(', ');
}

/** Positions from a client may be fractional or out of range. */
function clampedOffset(yaml: PositionedYaml, position: Position): number {
  return yaml.lines.offsetAt({ line: Math.trunc(position.line) || 0, character: Math.trunc(position.character) || 0 });
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}

function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}
