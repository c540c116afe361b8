/**
 * Avro 1.12 logical types. The specification says an invalid logical type (a decimal whose scale exceeds
 * its precision, a date on a long, ...) must be ignored and the schema read as its underlying type, and an
 * unknown one ignored too. So nothing here is an error: an invalid logical type is a warning that says it
 * will be ignored, and so does an unknown one (with a "did you mean" when it looks like a misspelt known one).
 */
import type { JsonNumberNode, JsonValueNode } from '../json/jsonTree';
import type { AvroLogicalType } from './avroSchema';
import type { PrimitiveType } from './avroNames';

/** The underlying types a logical type may annotate: a primitive name, or `fixed` with an optional required size. */
interface LogicalBase {
  type: PrimitiveType | 'fixed';
  size?: number;
}

const LOGICAL_TYPES: ReadonlyMap<string, readonly LogicalBase[]> = new Map<string, LogicalBase[]>([
  ['decimal', [{ type: 'bytes' }, { type: 'fixed' }]],
  ['big-decimal', [{ type: 'bytes' }]],
  ['uuid', [{ type: 'string' }, { type: 'fixed', size: 16 }]],
  ['date', [{ type: 'int' }]],
  ['time-millis', [{ type: 'int' }]],
  ['time-micros', [{ type: 'long' }]],
  ['timestamp-millis', [{ type: 'long' }]],
  ['timestamp-micros', [{ type: 'long' }]],
  ['timestamp-nanos', [{ type: 'long' }]],
  ['local-timestamp-millis', [{ type: 'long' }]],
  ['local-timestamp-micros', [{ type: 'long' }]],
  ['local-timestamp-nanos', [{ type: 'long' }]],
  ['duration', [{ type: 'fixed', size: 12 }]],
]);

/** The logical type names of Avro 1.12, for completion. */
export const LOGICAL_TYPE_NAMES: readonly string[] = [...LOGICAL_TYPES.keys()];

/** Java reads precision and scale as ints. */
const MAX_INT = 2147483647;

/** What the logical type annotates: a primitive, a fixed of a size (-1 when the size is invalid), or another complex type. */
export type LogicalTypeBase =
  { kind: 'primitive'; name: PrimitiveType } | { kind: 'fixed'; size: number } | { kind: 'record' | 'enum' | 'array' | 'map' };

export interface LogicalTypeProblem {
  node: JsonValueNode;
  code: 'avro-invalid-logical-type' | 'avro-unknown-logical-type';
  message: string;
  /** A warning: an invalid logical type, or an unknown one (Avro ignores both; the reference warns). */
  level: 'warning';
  /** The known name a misspelt one probably meant. */
  expected?: string;
}

export interface LogicalTypeAttributes {
  logicalType: JsonValueNode;
  precision: JsonValueNode | undefined;
  scale: JsonValueNode | undefined;
}

/**
 * Checks a `logicalType` annotation against the type it annotates. Returns the logical type when it is
 * valid (the schema then has it), undefined when it is ignored; reasons go to `problems`.
 */
export function checkLogicalType(
  base: LogicalTypeBase,
  attributes: LogicalTypeAttributes,
  problems: LogicalTypeProblem[],
): AvroLogicalType | undefined {
  const node = attributes.logicalType;
  if (node.type !== 'string') {
    problems.push({
      node,
      code: 'avro-invalid-logical-type',
      level: 'warning',
      message: '`logicalType` must be a string naming a logical type; this one is ignored.',
    });
    return undefined;
  }
  const name = node.value;
  const bases = LOGICAL_TYPES.get(name);
  if (!bases) {
    const near = nearestLogicalType(name);
    problems.push(
      near
        ? {
            node,
            code: 'avro-unknown-logical-type',
            level: 'warning',
            expected: near,
            message: `Unknown logical type "${name}" (did you mean "${near}"?): it will be ignored and the schema read as its underlying type.`,
          }
        : {
            node,
            code: 'avro-unknown-logical-type',
            level: 'warning',
            message: `Unknown logical type "${name}": Avro ignores it and reads the schema as its underlying type.`,
          },
    );
    return undefined;
  }
  const baseName = base.kind === 'primitive' ? base.name : base.kind;
  const match = bases.find((candidate) => candidate.type === baseName);
  if (!match) {
    const allowed = bases.map(describeBase).join(' or ');
    problems.push({
      node,
      code: 'avro-invalid-logical-type',
      level: 'warning',
      message: `The logical type "${name}" annotates ${allowed}, not ${article(baseName)}; it will be ignored and the schema read as a plain ${baseName}.`,
    });
    return undefined;
  }
  if (match.size !== undefined && base.kind === 'fixed' && base.size >= 0 && base.size !== match.size) {
    problems.push({
      node,
      code: 'avro-invalid-logical-type',
      level: 'warning',
      message: `The logical type "${name}" needs a fixed of size ${match.size}, not ${base.size}; it will be ignored and the schema read as a plain fixed.`,
    });
    return undefined;
  }
  if (name === 'big-decimal') checkBigDecimalAttributes(attributes, problems);
  if (name !== 'decimal') return { name, node };
  return checkDecimal(node, base, attributes, problems);
}

/**
 * A big-decimal carries its scale in each value, so `precision` and `scale` mean nothing on it. Java keeps the
 * logical type and drops them; Avro C++ rejects the logical type as malformed. A warning on each, the type kept.
 */
function checkBigDecimalAttributes(attributes: LogicalTypeAttributes, problems: LogicalTypeProblem[]): void {
  for (const [key, attribute] of [
    ['precision', attributes.precision],
    ['scale', attributes.scale],
  ] as const) {
    if (attribute === undefined) continue;
    problems.push({
      node: attribute,
      code: 'avro-invalid-logical-type',
      level: 'warning',
      message: `A big-decimal carries its scale in each value, so \`${key}\` means nothing on it: it is ignored.`,
    });
  }
}

function checkDecimal(
  node: JsonValueNode & { type: 'string' },
  base: LogicalTypeBase,
  attributes: LogicalTypeAttributes,
  problems: LogicalTypeProblem[],
): AvroLogicalType | undefined {
  const ignored = 'the decimal logical type will be ignored and the schema read as its underlying type';
  const { precision: precisionNode, scale: scaleNode } = attributes;
  if (precisionNode === undefined) {
    problems.push({
      node,
      code: 'avro-invalid-logical-type',
      level: 'warning',
      message: `A decimal needs a \`precision\` (a positive integer); ${ignored}.`,
    });
    return undefined;
  }
  if (!isWholeNumber(precisionNode) || precisionNode.value <= 0 || precisionNode.value > MAX_INT) {
    problems.push({
      node: precisionNode,
      code: 'avro-invalid-logical-type',
      level: 'warning',
      message: `A decimal's precision must be an integer greater than zero; ${ignored}.`,
    });
    return undefined;
  }
  const precision = precisionNode.value;
  let scale = 0;
  if (scaleNode !== undefined) {
    if (!isWholeNumber(scaleNode) || scaleNode.value < 0) {
      problems.push({
        node: scaleNode,
        code: 'avro-invalid-logical-type',
        level: 'warning',
        message: `A decimal's scale must be zero or a positive integer; ${ignored}.`,
      });
      return undefined;
    }
    if (scaleNode.value > precision) {
      problems.push({
        node: scaleNode,
        code: 'avro-invalid-logical-type',
        level: 'warning',
        message: `A decimal's scale (${scaleNode.value}) may not exceed its precision (${precision}); ${ignored}.`,
      });
      return undefined;
    }
    scale = scaleNode.value;
  }
  if (base.kind === 'fixed' && base.size >= 0) {
    const max = maxDecimalPrecision(base.size);
    if (precision > max) {
      problems.push({
        node: precisionNode,
        code: 'avro-invalid-logical-type',
        level: 'warning',
        message: `A fixed of ${base.size} byte${base.size === 1 ? '' : 's'} holds at most ${max} decimal digit${max === 1 ? '' : 's'}, not a precision of ${precision}; ${ignored}.`,
      });
      return undefined;
    }
  }
  return { name: 'decimal', node, precision, scale };
}

/** An integer JSON number written without a fraction or an exponent, as Java's `isInt` wants. */
function isWholeNumber(node: JsonValueNode): node is JsonNumberNode {
  return node.type === 'number' && node.isInteger && Number.isFinite(node.value);
}

const maxPrecisionCache = new Map<number, number>();

/**
 * The most base-10 digits a fixed of `size` bytes can hold: floor(log10(2^(8*size-1) - 1)), as the
 * specification gives it. Exact (with BigInt) for the sizes that occur; the float formula beyond.
 */
export function maxDecimalPrecision(size: number): number {
  if (size <= 0) return 0;
  const cached = maxPrecisionCache.get(size);
  if (cached !== undefined) return cached;
  let result: number;
  if (size <= 512) {
    // The digit count of 2^(8*size-1) - 1, minus one, is floor(log10) of it.
    result = ((1n << BigInt(8 * size - 1)) - 1n).toString().length - 1;
  } else {
    result = Math.floor((8 * size - 1) * Math.log10(2));
  }
  if (maxPrecisionCache.size < 1024) maxPrecisionCache.set(size, result);
  return result;
}

function describeBase(base: LogicalBase): string {
  return base.size === undefined ? article(base.type) : `a fixed of size ${base.size}`;
}

function article(type: string): string {
  return 'aeiou'.includes(type.charAt(0)) ? `an ${type}` : `a ${type}`;
}

/** The known logical type within two edits of `name`, for "did you mean". */
function nearestLogicalType(name: string): string | undefined {
  if (name.length < 4) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of LOGICAL_TYPES.keys()) {
    const distance = editDistance(name.toLowerCase(), known, bestDistance);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin >= limit) return limit;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length], limit);
}
