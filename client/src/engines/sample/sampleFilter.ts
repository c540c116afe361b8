/**
 * The filter expression over sampled records, in CEL (the Common Expression Language, as kafbat's
 * kafka-ui uses), evaluated by @bufbuild/cel: a safe interpreter, never `eval` or `Function`.
 *
 * Variables: `key` and `value` (their plain JSON: `value.amount`, `value.customer.id`), `headers`
 * (name -> text: `headers.source`, `headers["x-id"]`), `partition`, `offset` and `timestamp`
 * (milliseconds since the epoch), all ints. A record for which the expression is not `true` (false,
 * or an error such as a missing field) does not match.
 */
import { celEnv, isCelError, parse, plan, type CelEnv } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { SampledRecord } from './sampleTypes';

export const FILTER_VARIABLES = ['key', 'value', 'headers', 'partition', 'offset', 'timestamp'] as const;

/** A filter that does not compile: the message and where (1-based column, as editors count). */
export interface FilterError {
  message: string;
  column: number;
}

export interface SampleFilter {
  readonly expression: string;
  matches(record: SampledRecord): boolean;
}

let env: CelEnv | undefined;

/** The compiled filter, or the error with its column. An empty expression matches everything. */
export function compileFilter(expression: string): SampleFilter | FilterError {
  const trimmed = expression.trim();
  if (trimmed === '') return { expression, matches: () => true };
  env ??= celEnv({ funcs: strings });
  let program: ReturnType<typeof plan>;
  try {
    program = plan(env, parse(expression));
  } catch (error) {
    return syntaxError(error);
  }
  // CEL resolves names only when it evaluates: find the ones that are not variables now, with their column.
  const unknown = firstUnknownIdentifier(expression);
  const probe = program({ key: '', value: {}, headers: {}, partition: 0n, offset: 0n, timestamp: 0n });
  if (unknown || (isCelError(probe) && /unresolved attribute/.test(probe.message))) {
    return {
      message: `unknown variable${unknown ? ` "${unknown.name}"` : ''}: use ${FILTER_VARIABLES.join(', ')}`,
      column: (unknown?.index ?? 0) + 1,
    };
  }
  if (!isCelError(probe) && typeof probe !== 'boolean') {
    return { message: 'the filter must be a condition (true or false), for example value.amount > 100', column: 1 };
  }
  return {
    expression,
    matches: (record) => {
      const result = program({
        key: record.key.value,
        value: record.value.value,
        headers: record.headers,
        partition: BigInt(record.partition),
        offset: BigInt(record.offset),
        timestamp: BigInt(Math.trunc(record.timestamp)),
      } as Parameters<typeof program>[0]);
      return result === true;
    },
  };
}

export function isFilterError(filter: SampleFilter | FilterError): filter is FilterError {
  return 'column' in filter;
}

/** The parser's message without its `<input>:L:C:` prefix, and its column. */
function syntaxError(error: unknown): FilterError {
  const located = error as { message?: unknown; rawMessage?: unknown; location?: { start?: { column?: unknown } } };
  const column = typeof located.location?.start?.column === 'number' ? located.location.start.column : 1;
  const raw = typeof located.rawMessage === 'string' ? located.rawMessage : error instanceof Error ? error.message : String(error);
  return { message: `syntax error: ${raw}`, column };
}

const KEYWORDS = new Set(['true', 'false', 'null', 'in', 'has', 'size', 'int', 'uint', 'double', 'string', 'bytes', 'bool', 'type', 'dyn']);

/** The first identifier that is not a variable, a keyword, a function, a field or a macro's own variable. */
function firstUnknownIdentifier(expression: string): { name: string; index: number } | undefined {
  // Blank out string literals, so that their words are not taken for names.
  const code = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (literal) => ' '.repeat(literal.length));
  const macroVariables = new Set([...code.matchAll(/\.\s*\w+\s*\(\s*([A-Za-z_]\w*)\s*,/g)].map((match) => match[1]));
  for (const match of code.matchAll(/[A-Za-z_]\w*/g)) {
    const index = match.index ?? 0;
    const name = match[0];
    const before = code.slice(0, index).trimEnd();
    const after = code.slice(index + name.length).trimStart();
    // A field, a function, a number's suffix (1e5, 0x1F) or a string prefix (b"..", r"..") is not a name.
    if (before.endsWith('.') || after.startsWith('(') || /\d$/.test(before) || /^["']/.test(expression.slice(index + name.length)))
      continue;
    if (KEYWORDS.has(name) || macroVariables.has(name) || (FILTER_VARIABLES as readonly string[]).includes(name)) continue;
    return { name, index };
  }
  return undefined;
}
