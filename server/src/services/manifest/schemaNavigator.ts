import manifestSchema from '../../../../schemas/dataproduct.schema.json';
import type { JsonPath } from '../yaml/positionedYaml';

/** The parts of a JSON Schema (draft-07) that completion and hover read. */
export interface SchemaNode {
  $ref?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  enumDescriptions?: string[];
  default?: unknown;
  examples?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
}

export interface EnumValue {
  value: string | number | boolean | null;
  description?: string;
}

// The JSON module's inferred literal type is narrower than SchemaNode; the file is the contract, so a cast is enough.
const ROOT = manifestSchema as unknown as SchemaNode & { definitions?: Record<string, SchemaNode> };
const MAX_REF_DEPTH = 16;

/** The manifest schema's root, with nothing resolved. */
export function manifestRootSchema(): SchemaNode {
  return ROOT;
}

/**
 * Follows `$ref`s to `#/definitions/...`. The referencing schema's own keywords (notably its
 * `description` and `default`) win over the target's, so a field keeps its specific documentation.
 */
export function resolveSchema(schema: SchemaNode | undefined): SchemaNode | undefined {
  let current = schema;
  const overrides: SchemaNode[] = [];
  for (let depth = 0; current && typeof current.$ref === 'string' && depth < MAX_REF_DEPTH; depth++) {
    overrides.push(current);
    current = lookupRef(current.$ref);
  }
  if (!current) return overrides.length > 0 ? stripRef(mergeAll(overrides)) : undefined;
  if (overrides.length === 0) return current;
  return stripRef(mergeAll([...overrides, current]));
}

/** The resolved sub-schema at a JSON path of the manifest: keys go through `properties`, indices through `items`. */
export function schemaAtPath(path: JsonPath): SchemaNode | undefined {
  let current = resolveSchema(ROOT);
  for (const segment of path) {
    if (!current) return undefined;
    current = childSchema(current, segment);
  }
  return current;
}

/** The resolved schema of one child: a property, an array item, or an `additionalProperties` value. */
export function childSchema(schema: SchemaNode, segment: string | number): SchemaNode | undefined {
  const resolved = resolveSchema(schema);
  if (!resolved) return undefined;
  if (isArraySchema(resolved) && (typeof segment === 'number' || /^\d+$/.test(segment))) return resolveSchema(resolved.items);
  if (typeof segment !== 'string') return undefined;
  const property =
    resolved.properties && Object.prototype.hasOwnProperty.call(resolved.properties, segment) ? resolved.properties[segment] : undefined;
  if (property) return resolveSchema(property);
  if (typeof resolved.additionalProperties === 'object') return resolveSchema(resolved.additionalProperties);
  return undefined;
}

export function schemaDescription(schema: SchemaNode | undefined): string | undefined {
  return resolveSchema(schema)?.description;
}

/** Enum values, each with its `enumDescriptions` entry when the schema has one. */
export function enumValues(schema: SchemaNode | undefined): EnumValue[] {
  const resolved = resolveSchema(schema);
  if (!resolved || !Array.isArray(resolved.enum)) return [];
  const descriptions = Array.isArray(resolved.enumDescriptions) ? resolved.enumDescriptions : [];
  return resolved.enum
    .filter((value): value is EnumValue['value'] => value === null || ['string', 'number', 'boolean'].includes(typeof value))
    .map((value, index) => ({ value, description: typeof descriptions[index] === 'string' ? descriptions[index] : undefined }));
}

export function requiredProperties(schema: SchemaNode | undefined): string[] {
  const required = resolveSchema(schema)?.required;
  return Array.isArray(required) ? required.filter((name) => typeof name === 'string') : [];
}

/** The declared property names, in the schema's order. */
export function propertyNames(schema: SchemaNode | undefined): string[] {
  const properties = resolveSchema(schema)?.properties;
  return properties ? Object.keys(properties) : [];
}

export function schemaTypes(schema: SchemaNode | undefined): string[] {
  const type = resolveSchema(schema)?.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((name) => typeof name === 'string') : [];
}

export function isObjectSchema(schema: SchemaNode | undefined): schema is SchemaNode {
  const resolved = resolveSchema(schema);
  return !!resolved && (schemaTypes(resolved).includes('object') || resolved.properties !== undefined);
}

export function isArraySchema(schema: SchemaNode | undefined): schema is SchemaNode {
  const resolved = resolveSchema(schema);
  return !!resolved && (schemaTypes(resolved).includes('array') || resolved.items !== undefined);
}

/** A path as documentation shows it: indices become `[]`, so `outputPorts[].value.format`. */
export function displayPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) out += '[]';
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

function lookupRef(ref: string): SchemaNode | undefined {
  const match = /^#\/definitions\/([^/]+)$/.exec(ref);
  if (!match) return undefined;
  const definitions = ROOT.definitions;
  return definitions && Object.prototype.hasOwnProperty.call(definitions, match[1]) ? definitions[match[1]] : undefined;
}

/** Earlier schemas win: the outermost referencing schema is first. */
function mergeAll(schemas: SchemaNode[]): SchemaNode {
  const merged: SchemaNode = {};
  for (let i = schemas.length - 1; i >= 0; i--) Object.assign(merged, schemas[i]);
  return merged;
}

function stripRef(schema: SchemaNode): SchemaNode {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}
