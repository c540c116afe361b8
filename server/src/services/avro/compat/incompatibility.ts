import type { JsonValueNode } from '../../json/jsonTree';
import type { AvroType } from '../avroSchema';

/** The reference implementation's names (Java `SchemaCompatibility.SchemaIncompatibilityType`). */
export const INCOMPATIBILITY_TYPES = [
  'NAME_MISMATCH',
  'FIXED_SIZE_MISMATCH',
  'MISSING_ENUM_SYMBOLS',
  'READER_FIELD_MISSING_DEFAULT_VALUE',
  'TYPE_MISMATCH',
  'MISSING_UNION_BRANCH',
] as const;
export type IncompatibilityType = (typeof INCOMPATIBILITY_TYPES)[number];

/** One reason why a reader schema cannot decode everything a writer schema can produce. */
export interface Incompatibility {
  type: IncompatibilityType;
  /**
   * A JSON Pointer into the reader schema, built exactly as Java's location stack builds it: the path the
   * check walked (`/fields/0/type/symbols`), through references as if they were inlined.
   */
  location: string;
  /** A readable sentence for people (CLI output, editor diagnostics). */
  message: string;
  /** Java's `Incompatibility.getMessage()` for the same finding: `expected: com.x.A`, `[B, C]`, a field name. */
  detail: string;
  /** The part of the reader schema that failed (Java's reader fragment), references resolved. */
  reader: AvroType;
  /** The part of the writer schema it was checked against (Java's writer fragment). */
  writer: AvroType;
  /**
   * The reader's JSON node that causes it, when known: the field without a default, the `name`, the
   * `symbols` or `size` value, or the type as written where it is used. Editors put the diagnostic there.
   */
  readerNode?: JsonValueNode;
}

/**
 * The findings without repeats. Java memoizes reader/writer pairs, so a named type used twice reports the
 * same finding (same location) twice; people need it once.
 */
export function uniqueIncompatibilities(incompatibilities: readonly Incompatibility[]): Incompatibility[] {
  const seen = new Set<string>();
  const result: Incompatibility[] = [];
  for (const incompatibility of incompatibilities) {
    const key = `${incompatibility.type}\u0000${incompatibility.location}\u0000${incompatibility.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(incompatibility);
  }
  return result;
}

/** Escapes one JSON Pointer reference token (RFC 6901), as Java does. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
