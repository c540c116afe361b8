// Renders the README's manifest and policy reference from schemas/, and the Avro codes from the validator's
// table, so that they cannot drift apart.
// `npm run docs` rewrites the README; a unit test fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AVRO_DIAGNOSTIC_CODES, conditionalRequirements } from '../server/src/services/index';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  $ref?: string;
  pattern?: string;
  format?: string;
  default?: unknown;
  minItems?: number;
  minimum?: number;
  definitions?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  if?: JsonSchema;
  then?: JsonSchema;
  const?: unknown;
}

const ROOT = join(__dirname, '..');

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/definitions/', '');
  const target = resolve(root.definitions?.[name] ?? {}, root);
  return { ...target, ...schema, $ref: undefined, description: schema.description ?? target.description };
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema.type === 'array')
    return `list of ${schema.items?.type === 'object' || schema.items?.$ref ? 'objects' : `${String(schema.items?.type ?? 'values')}s`}`;
  if (schema.format) return `${String(schema.type)} (${schema.format})`;
  return String(schema.type ?? 'object');
}

function rows(schema: JsonSchema, root: JsonSchema, prefix: string, out: string[]): void {
  const resolved = resolve(schema, root);
  const required = new Set(resolved.required ?? []);
  const conditional = conditionalRequirements(resolved);
  for (const [name, child] of Object.entries(resolved.properties ?? {})) {
    const field = resolve(child, root);
    const path = `${prefix}${name}`;
    const notes: string[] = [];
    if (field.default !== undefined) notes.push(`Default: \`${JSON.stringify(field.default)}\`.`);
    if (field.minItems) notes.push(`At least ${field.minItems}.`);
    const description = `${(field.description ?? '').replace(/\|/g, '\\|')} ${notes.join(' ')}`.trim();
    const condition = conditional.get(name);
    const requiredText = required.has(name) ? 'yes' : condition ? `when ${condition.replace(/\|/g, '\\|')}` : 'no';
    out.push(`| \`${path}\` | ${typeOf(field)} | ${requiredText} | ${description} |`);
    if (field.type === 'object' && field.properties) rows(field, root, `${path}.`, out);
    if (field.type === 'array' && field.items) {
      const items = resolve(field.items, root);
      if (items.properties) rows(items, root, `${path}[].`, out);
    }
  }
}

export function renderSchemaReference(schema: JsonSchema): string {
  const out = ['| Field | Type | Required | Description |', '| --- | --- | --- | --- |'];
  rows(schema, schema, '', out);
  return out.join('\n');
}

const SECTIONS = [
  { marker: 'manifest-reference', schema: 'schemas/dataproduct.schema.json' },
  { marker: 'policy-reference', schema: 'schemas/policy.schema.json' },
];

/** The Avro diagnostic codes, from the validator's own table. */
export function renderAvroCodes(): string {
  const rows = Object.entries(AVRO_DIAGNOSTIC_CODES).map(
    ([code, { severity, summary }]) => `| \`${code}\` | ${severity} | ${summary.replace(/\|/g, '\\|')} |`,
  );
  return ['| Code | Severity | When |', '| --- | --- | --- |', ...rows].join('\n');
}

function replaceSection(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} section`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

/** The README with every generated section regenerated. */
export function regenerateReadme(readme: string): string {
  let text = readme;
  for (const section of SECTIONS) {
    const schema = JSON.parse(readFileSync(join(ROOT, section.schema), 'utf8')) as JsonSchema;
    text = replaceSection(text, section.marker, renderSchemaReference(schema));
  }
  return replaceSection(text, 'avro-codes', renderAvroCodes());
}

if (require.main === module) {
  const path = join(ROOT, 'README.md');
  writeFileSync(path, regenerateReadme(readFileSync(path, 'utf8')));
}
