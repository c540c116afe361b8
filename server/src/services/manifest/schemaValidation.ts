import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { makeDiagnostic, type DiagnosticData } from '../diagnostics';
import { closestMatch } from '../../text/closestMatch';
import { isoDurationFor } from './durationFix';
import type { JsonPath, PositionedYaml } from '../yaml/positionedYaml';
import { describeCondition } from './schemaConditions';

// verbose: an `if` error carries the schema holding the `if`, which says why a `then` field is required.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
addFormats(ajv, ['email', 'date']);
const compiled = new Map<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Validates plain data against a JSON Schema and puts each violation on the node that causes it:
 * an unknown key on that key, a bad value on that value, a missing field on its parent's key.
 */
export function validateAgainstSchema(schema: object, what: string, value: unknown, yaml: PositionedYaml): Diagnostic[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const conditions = new Map<string, string>();
  for (const error of validate.errors ?? []) {
    const condition = error.keyword === 'if' ? conditionOfIf(error.parentSchema) : undefined;
    if (condition) conditions.set(error.instancePath, condition);
  }
  for (const error of validate.errors ?? []) {
    // `if`/`then` reports the failed `required` itself; the wrapper adds nothing.
    if (error.keyword === 'if') continue;
    const mapped = mapError(error, yaml, what, conditions);
    const key = `${mapped.range.start.line}:${mapped.range.start.character}:${mapped.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(makeDiagnostic(mapped.range, 'schema', mapped.message, undefined, mapped.data));
  }
  return diagnostics;
}

interface MappedError {
  range: Range;
  message: string;
  data?: DiagnosticData;
}

function mapError(error: ErrorObject, yaml: PositionedYaml, what: string, conditions: ReadonlyMap<string, string>): MappedError {
  const path = pointerToPath(error.instancePath);
  const where = path.length > 0 ? `\`${displayPath(path)}\`` : `the ${what}`;
  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const range = path.length > 0 ? (yaml.keyRange(path) ?? yaml.nearestRange(path, 'key')) : yaml.documentStartRange();
      // A requirement under an `if` says why: the field is only needed because of another field's value.
      const condition = error.schemaPath.endsWith('/then/required') ? conditions.get(error.instancePath) : undefined;
      const message = condition
        ? `\`${missing}\` is required when ${condition} (missing in ${where}).`
        : `Missing required field \`${missing}\` in ${where}.`;
      return { range, message, data: { missing: [missing], path } };
    }
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const keyPath = [...path, extra];
      // Did you mean: the nearest key the schema allows here that the mapping does not have yet.
      const present = isRecord(error.data) ? Object.keys(error.data) : [];
      const allowed = Object.keys(propertiesOf(error.parentSchema)).filter((key) => !present.includes(key));
      const expectedKey = closestMatch(extra, allowed);
      return {
        range: yaml.keyRange(keyPath) ?? yaml.nearestRange(path, 'key'),
        message: `Unknown field \`${extra}\` in ${where}.${expectedKey ? ` Did you mean \`${expectedKey}\`?` : ''}`,
        data: { path: keyPath, ...(expectedKey ? { expectedKey } : {}) },
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => `\`${String(v)}\``).join(', ');
      return { range: yaml.nearestRange(path), message: `${capitalize(where)} must be one of ${allowed}.`, data: { path } };
    }
    case 'const': {
      const allowed = String((error.params as { allowedValue: unknown }).allowedValue);
      return { range: yaml.nearestRange(path), message: `${capitalize(where)} must be \`${allowed}\`.`, data: { path } };
    }
    case 'type': {
      const type = String((error.params as { type: string }).type);
      const expectedValue = type === 'boolean' ? booleanFor(error.data) : undefined;
      return {
        range: yaml.nearestRange(path),
        message: `${capitalize(where)} must be ${article(type)} ${type}.${expectedValue !== undefined ? ` Did you mean \`${expectedValue}\`?` : ''}`,
        data: { path, ...(expectedValue !== undefined ? { expectedValue } : {}) },
      };
    }
    case 'minItems': {
      const limit = Number((error.params as { limit: number }).limit);
      return {
        range: yaml.keyRange(path) ?? yaml.nearestRange(path, 'key'),
        message: `${capitalize(where)} must have at least ${limit} item${limit === 1 ? '' : 's'}.`,
        data: { path },
      };
    }
    case 'pattern': {
      const expectedValue = isDurationField(path) && typeof error.data === 'string' ? isoDurationFor(error.data) : undefined;
      return {
        range: yaml.nearestRange(path),
        message: `${capitalize(where)} ${describePattern(path)}.${expectedValue ? ` Did you mean \`${expectedValue}\`?` : ''}`,
        data: { path, ...(expectedValue ? { expectedValue } : {}) },
      };
    }
    case 'format': {
      const format = String((error.params as { format: string }).format);
      const expected = format === 'date' ? 'a date (YYYY-MM-DD)' : format === 'email' ? 'an e-mail address' : `in the format ${format}`;
      return { range: yaml.nearestRange(path), message: `${capitalize(where)} must be ${expected}.`, data: { path } };
    }
    case 'minLength':
      return { range: yaml.nearestRange(path), message: `${capitalize(where)} must not be empty.`, data: { path } };
    default:
      return { range: yaml.nearestRange(path), message: `${capitalize(where)} ${error.message ?? 'is invalid'}.`, data: { path } };
  }
}

/** YAML 1.1's words for booleans, which YAML 1.2 reads as strings: `yes`, `no`, `on`, `off`, and quoted `true`. */
function booleanFor(value: unknown): boolean | undefined {
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (['yes', 'y', 'on', 'true'].includes(word)) return true;
  if (['no', 'n', 'off', 'false'].includes(word)) return false;
  return undefined;
}

function isDurationField(path: JsonPath): boolean {
  const last = path[path.length - 1];
  return last === 'freshness' || last === 'retention';
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  return isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The condition of the schema that holds a failed `if`, in words. */
function conditionOfIf(parentSchema: unknown): string | undefined {
  return typeof parentSchema === 'object' && parentSchema !== null ? describeCondition((parentSchema as { if?: unknown }).if) : undefined;
}

function describePattern(path: JsonPath): string {
  const last = path[path.length - 1];
  switch (last) {
    case 'name':
    case 'domain':
      return 'must be lower-case letters, digits and dashes, starting with a letter';
    case 'version':
      return 'must be a semantic version such as `1.0.0`';
    case 'availability':
      return 'must be a percentage such as `99.9%`';
    case 'freshness':
    case 'retention':
      return 'must be an ISO-8601 duration such as `PT5M` or `P30D`';
    case 'purpose':
      return 'must not be blank';
    default:
      return 'does not have the expected form';
  }
}

export function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

export function displayPath(path: JsonPath): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}
