/**
 * Field default values checked against the field's type, as the Avro 1.12 specification's table says:
 * null → null, boolean → true/false, int and long → integers in range, float and double → numbers,
 * bytes and fixed → strings of code points 0-255 (a fixed one exactly `size` long), string → string,
 * enum → one of the symbols, array → array, map → object, record → object with a valid value for every
 * field that has no default of its own. A union's default must match one of its branches; the
 * specification (1.12) takes the first that matches, but Avro 1.11 implementations and avsc require the
 * first branch, so matching only a later one is a warning.
 */
import type { JsonNodeBase, JsonObjectNode, JsonValueNode } from '../json/jsonTree';
import type { AvroType, AvroUnion } from './avroSchema';
import { avroTypeText } from './avroTypeText';

/** Messages name a type by its kind: `int`, `record com.example.Order`, `[null, string]`. */
const KIND = { form: 'kind' } as const;

export interface DefaultProblem {
  /** The narrowest node at fault (a missing record field is reported on the object's `{`). */
  at: JsonNodeBase;
  code: 'avro-invalid-default' | 'avro-default-later-branch' | 'avro-nonstandard-default' | 'avro-duplicate-key';
  level: 'error' | 'warning';
  message: string;
}

/** Enough for any real default; more would only flood the editor (a huge array of wrong items). */
const MAX_PROBLEMS_PER_DEFAULT = 50;
/**
 * Trying union branches can multiply the work on contrived schemas (unions of records nested in unions);
 * past this many checked values a default is given the benefit of the doubt. Real defaults use a few dozen.
 */
const MAX_STEPS_PER_DEFAULT = 200_000;

const MIN_INT = -2147483648;
const MAX_INT = 2147483647;
const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;

/** Java's parser turns a string default of a float or double field into a number (for NaN and the infinities JSON lacks). */
const JAVA_DOUBLE_TEXT = /^\s*[+-]?(?:NaN|Infinity|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*$/;

/** Checks `value`, the `default` of a field of type `type`; `text` is the schema text (for the digits of longs). */
export function checkDefault(type: AvroType, value: JsonValueNode, text: string, problems: DefaultProblem[]): void {
  const resolved = resolve(type);
  if (resolved?.kind === 'primitive' && (resolved.name === 'float' || resolved.name === 'double') && value.type === 'string') {
    if (JAVA_DOUBLE_TEXT.test(value.value)) {
      problems.push({
        at: value,
        code: 'avro-nonstandard-default',
        level: 'warning',
        message: `A ${resolved.name} default is a JSON number. Java's parser accepts the string "${value.value}" (as for NaN and Infinity, which JSON cannot write), but Python, avsc and the specification do not.`,
      });
    } else {
      problems.push({
        at: value,
        code: 'avro-invalid-default',
        level: 'error',
        message: `A ${resolved.name} default must be a JSON number, not a string.`,
      });
    }
    return;
  }
  new DefaultChecker(text, problems).check(type, value, true);
}

/** The type behind a reference (undefined when unresolved: its error is reported elsewhere, so its defaults are not checked). */
function resolve(type: AvroType): AvroType | undefined {
  return type.kind === 'reference' ? type.target : type;
}

class DefaultChecker {
  private readonly limit: number;
  private steps = 0;

  constructor(
    private readonly text: string,
    private readonly problems: DefaultProblem[],
  ) {
    this.limit = problems.length + MAX_PROBLEMS_PER_DEFAULT;
  }

  /**
   * True when `value` is a valid value of `type`. With `collect`, every problem is recorded (up to a limit);
   * without, this only tests, stopping at the first mismatch (to try union branches).
   */
  check(type: AvroType, value: JsonValueNode, collect: boolean): boolean {
    const t = resolve(type);
    if (t === undefined || ++this.steps > MAX_STEPS_PER_DEFAULT) return true;
    switch (t.kind) {
      case 'primitive':
        switch (t.name) {
          case 'null':
            return value.type === 'null' || this.fail(collect, value, `A null default must be null, not ${describeJson(value)}.`);
          case 'boolean':
            return (
              value.type === 'boolean' || this.fail(collect, value, `A boolean default must be true or false, not ${describeJson(value)}.`)
            );
          case 'int':
            if (value.type !== 'number' || !value.isInteger)
              return this.fail(
                collect,
                value,
                `An int default must be an integer written without a fraction or exponent, not ${describeJson(value)}.`,
              );
            return (
              (value.value >= MIN_INT && value.value <= MAX_INT) ||
              this.fail(collect, value, `${this.raw(value)} is out of the int range (-2147483648 to 2147483647).`)
            );
          case 'long':
            if (value.type !== 'number' || !value.isInteger)
              return this.fail(
                collect,
                value,
                `A long default must be an integer written without a fraction or exponent, not ${describeJson(value)}.`,
              );
            return (
              this.isLong(value) ||
              this.fail(collect, value, `${this.raw(value)} is out of the long range (-9223372036854775808 to 9223372036854775807).`)
            );
          case 'float':
          case 'double':
            return (
              value.type === 'number' || this.fail(collect, value, `A ${t.name} default must be a JSON number, not ${describeJson(value)}.`)
            );
          case 'bytes':
            return this.checkByteString(value, -1, 'bytes', collect);
          case 'string':
            return (
              value.type === 'string' || this.fail(collect, value, `A string default must be a JSON string, not ${describeJson(value)}.`)
            );
        }
        return true;
      case 'fixed':
        return this.checkByteString(value, t.size, `fixed "${t.fullname}"`, collect);
      case 'enum':
        if (value.type !== 'string')
          return this.fail(
            collect,
            value,
            `A default of enum "${t.fullname}" must be one of its symbols as a string, not ${describeJson(value)}.`,
          );
        return (
          t.symbols.includes(value.value) ||
          this.fail(collect, value, `"${value.value}" is not a symbol of enum "${t.fullname}" (${listSymbols(t.symbols)}).`)
        );
      case 'array': {
        if (value.type !== 'array') return this.fail(collect, value, `An array default must be a JSON array, not ${describeJson(value)}.`);
        let ok = true;
        for (const item of value.items) {
          if (!this.check(t.items, item, collect)) {
            ok = false;
            if (!collect || this.full()) return false;
          }
        }
        return ok;
      }
      case 'map': {
        if (value.type !== 'object') return this.fail(collect, value, `A map default must be a JSON object, not ${describeJson(value)}.`);
        if (collect) this.duplicateKeys(value);
        let ok = true;
        for (const property of value.properties) {
          if (property.value !== undefined && !this.check(t.values, property.value, collect)) {
            ok = false;
            if (!collect || this.full()) return false;
          }
        }
        return ok;
      }
      case 'record': {
        if (value.type !== 'object')
          return this.fail(collect, value, `A default of record "${t.fullname}" must be a JSON object, not ${describeJson(value)}.`);
        if (collect) this.duplicateKeys(value);
        const byKey = value.properties.length > 8 ? valuesByKey(value) : undefined;
        let ok = true;
        for (const field of t.fields) {
          if (field.name === '') continue;
          const fieldValue = byKey ? byKey.get(field.name) : lastValue(value, field.name);
          // An absent field takes its own default, which is checked where it is written (checking it here
          // again could loop forever on a record that contains itself).
          const valid = fieldValue
            ? this.check(field.type, fieldValue, collect)
            : field.defaultNode !== undefined ||
              this.fail(
                collect,
                brace(value),
                `The default of record "${t.fullname}" has no value for its field "${field.name}", which has no default of its own.`,
              );
          if (!valid) {
            ok = false;
            if (!collect || this.full()) return false;
          }
        }
        return ok;
      }
      case 'union':
        return this.checkUnion(t, value, collect);
    }
    return true;
  }

  private checkUnion(union: AvroUnion, value: JsonValueNode, collect: boolean): boolean {
    let unknownBefore = false;
    const branches = union.branches;
    for (let i = 0; i < branches.length; i++) {
      const branch = branches[i];
      if (resolve(branch) === undefined) {
        // An unresolved branch might match; say nothing rather than guess.
        unknownBefore = true;
        continue;
      }
      if (!this.check(branch, value, false)) continue;
      // Past the step budget the match is a guess: say nothing about it.
      if (collect && this.steps <= MAX_STEPS_PER_DEFAULT) {
        if (i > 0 && !unknownBefore) {
          this.push({
            at: value,
            code: 'avro-default-later-branch',
            level: 'warning',
            message: `This default matches the union's branch ${avroTypeText(branch, KIND)}, not its first branch ${avroTypeText(branches[0], KIND)}. Avro 1.12 accepts that, but Avro 1.11 implementations and avsc require a union's default to match its first branch: list ${avroTypeText(branch, KIND)} first.`,
          });
        }
        // Again, collecting: a value nested in the branch may deserve a warning of its own.
        this.check(branch, value, true);
      }
      return true;
    }
    if (unknownBefore) return true;
    return this.fail(collect, value, `This default matches no branch of the union ${avroTypeText(union, KIND)}.`);
  }

  /** bytes (size -1) and fixed defaults: strings whose characters are the bytes, so code points 0-255 only. */
  private checkByteString(value: JsonValueNode, size: number, what: string, collect: boolean): boolean {
    if (value.type !== 'string')
      return this.fail(
        collect,
        value,
        `A ${what} default must be a JSON string whose characters are the bytes (\\u0000 to \\u00FF), not ${describeJson(value)}.`,
      );
    const s = value.value;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 255) {
        const code = c.toString(16).toUpperCase().padStart(4, '0');
        return this.fail(
          collect,
          value,
          `A ${what} default may only hold characters \\u0000 to \\u00FF (one per byte); character ${i + 1} is U+${code}.`,
        );
      }
    }
    if (size >= 0 && s.length !== size)
      return this.fail(
        collect,
        value,
        `A ${what} default must be exactly ${size} byte${size === 1 ? '' : 's'} long; this one has ${s.length}.`,
      );
    return true;
  }

  private isLong(value: JsonValueNode & { type: 'number' }): boolean {
    if (Number.isSafeInteger(value.value)) return true;
    // Beyond 2^53 the double is inexact: compare the digits as written.
    const raw = this.raw(value);
    if (!isIntegerLiteral(raw)) return false;
    const big = BigInt(raw);
    return big >= MIN_LONG && big <= MAX_LONG;
  }

  private raw(node: JsonNodeBase): string {
    return this.text.slice(node.offset, node.offset + node.length);
  }

  private duplicateKeys(value: JsonObjectNode): void {
    const properties = value.properties;
    if (properties.length < 2) return;
    const seen = new Set<string>();
    for (const property of properties) {
      const key = property.key.value;
      if (seen.has(key)) {
        this.push({
          at: property.key,
          code: 'avro-duplicate-key',
          level: 'warning',
          message: `The key "${key}" appears more than once in this object; only the last one counts.`,
        });
      } else seen.add(key);
    }
  }

  private fail(collect: boolean, at: JsonNodeBase, message: string): false {
    if (collect) this.push({ at, code: 'avro-invalid-default', level: 'error', message });
    return false;
  }

  private push(problem: DefaultProblem): void {
    if (this.problems.length < this.limit) this.problems.push(problem);
  }

  private full(): boolean {
    return this.problems.length >= this.limit;
  }
}

function isIntegerLiteral(raw: string): boolean {
  let i = raw.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= raw.length) return false;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function brace(node: JsonNodeBase): JsonNodeBase {
  return { offset: node.offset, length: 1 };
}

function lastValue(object: JsonObjectNode, key: string): JsonValueNode | undefined {
  const properties = object.properties;
  for (let i = properties.length - 1; i >= 0; i--) if (properties[i].key.value === key) return properties[i].value;
  return undefined;
}

function valuesByKey(object: JsonObjectNode): Map<string, JsonValueNode> {
  const map = new Map<string, JsonValueNode>();
  for (const property of object.properties) if (property.value !== undefined) map.set(property.key.value, property.value);
  return map;
}

function listSymbols(symbols: readonly string[]): string {
  const shown = symbols.slice(0, 10).join(', ');
  return symbols.length > 10 ? `${shown}, ...` : shown || 'no symbols';
}

/** A JSON value's kind, for messages: "a string", "the number 1.5", ... */
export function describeJson(value: JsonValueNode): string {
  switch (value.type) {
    case 'string':
      return 'a string';
    case 'number':
      return value.isInteger ? 'an integer' : 'a number with a fraction or exponent';
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
  }
}
