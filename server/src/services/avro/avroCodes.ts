/**
 * The diagnostic codes of the Avro schema validator (avroParser.ts), with their severity and what they
 * mean. Errors are violations of the Avro 1.12 specification. Warnings are schemas the specification
 * accepts (or ignores a part of) that some implementation rejects or that almost surely are a mistake.
 * Hints are worth knowing and nothing more.
 */
export type AvroSeverity = 'error' | 'warning' | 'hint';

export const AVRO_DIAGNOSTIC_CODES = {
  'avro-json-syntax': { severity: 'error', summary: 'The text is not valid JSON (or is empty).' },
  'avro-duplicate-key': {
    severity: 'warning',
    summary: 'A key appears twice in one JSON object; only the last one counts, as in every Avro implementation.',
  },
  'avro-invalid-type': {
    severity: 'error',
    summary:
      'Not a schema: a number, boolean or null where a schema belongs, an unknown `type`, a complex type name ("array") used as a string, or a named type written as {"type": "Name"}.',
  },
  'avro-missing-attribute': {
    severity: 'error',
    summary:
      'A required attribute is missing: `type`; record `name`/`fields`; field `name`/`type`; enum `name`/`symbols`; array `items`; map `values`; fixed `name`/`size`.',
  },
  'avro-invalid-attribute': { severity: 'error', summary: '`fields` or `symbols` is not an array, or a field is not an object.' },
  'avro-invalid-name': {
    severity: 'error',
    summary: 'A type or field name is not a string or breaks the grammar [A-Za-z_][A-Za-z0-9_]* (dotted for fullnames).',
  },
  'avro-invalid-namespace': {
    severity: 'error',
    summary: 'A namespace is not a string or not dot-separated names (empty for the null namespace).',
  },
  'avro-redefined-name': { severity: 'error', summary: 'A fullname is defined twice in one schema.' },
  'avro-redefined-primitive': { severity: 'error', summary: 'A named type takes a primitive type name.' },
  'avro-namespaced-primitive-name': {
    severity: 'warning',
    summary:
      'A named type takes a primitive type name in a namespace (`ns.int`): Java, Python and the Apache test vectors accept it, avsc rejects it.',
  },
  'avro-unresolved-reference': {
    severity: 'error',
    summary: 'A type name that names no defined type (in this file or, when given, the workspace).',
  },
  'avro-forward-reference': {
    severity: 'error',
    summary: 'A type name used before its definition; the specification requires definition before use (Java 1.12 alone accepts it).',
  },
  'avro-duplicate-field': { severity: 'error', summary: 'Two fields of a record have the same name.' },
  'avro-invalid-symbol': { severity: 'error', summary: 'An enum symbol is not a string or breaks the name grammar.' },
  'avro-duplicate-symbol': { severity: 'error', summary: 'An enum symbol appears twice.' },
  'avro-invalid-enum-default': { severity: 'error', summary: "An enum's own `default` is not one of its symbols." },
  'avro-nested-union': { severity: 'error', summary: 'A union directly inside a union.' },
  'avro-duplicate-union-branch': {
    severity: 'error',
    summary: 'Two union branches of the same type (named types only differ by fullname).',
  },
  'avro-empty-union': { severity: 'warning', summary: 'A union with no branches can hold no value (avsc rejects it).' },
  'avro-invalid-default': { severity: 'error', summary: "A field default that is not a value of the field's type." },
  'avro-default-later-branch': {
    severity: 'warning',
    summary: 'A union default matching a later branch but not the first: Avro 1.12 accepts it, Avro 1.11 and avsc reject it.',
  },
  'avro-nonstandard-default': { severity: 'warning', summary: 'A float/double default written as a string ("NaN"): only Java accepts it.' },
  'avro-invalid-order': { severity: 'error', summary: 'A field `order` other than "ascending", "descending" or "ignore".' },
  'avro-invalid-size': { severity: 'error', summary: 'A fixed `size` that is not a non-negative integer.' },
  'avro-size-out-of-range': { severity: 'warning', summary: 'A fixed `size` above 2^31-1, which Java and avsc reject.' },
  'avro-invalid-alias': { severity: 'error', summary: '`aliases` is not an array of strings.' },
  'avro-nonstandard-alias': {
    severity: 'warning',
    summary: 'An alias that is not a valid name: allowed ("any string is accepted as an alias"), but Java and avsc reject it.',
  },
  'avro-alias-conflict': {
    severity: 'warning',
    summary:
      'An alias equal to the name or alias of another type (or field of the same record): ambiguous for schema resolution, though Java and Python accept it.',
  },
  'avro-invalid-logical-type': {
    severity: 'warning',
    summary:
      'A logical type on the wrong underlying type or with bad attributes: ignored, as the specification requires. `precision` or `scale` on a `big-decimal` (whose scale travels in each value): the attributes are ignored.',
  },
  'avro-unknown-logical-type': {
    severity: 'warning',
    summary: 'An unknown logical type, ignored by Avro, which reads the underlying type (as the reference implementation warns).',
  },
  'avro-misplaced-logical-type': {
    severity: 'warning',
    summary: '`logicalType` on a field rather than inside its type: ignored (Java logs the same warning).',
  },
  'avro-invalid-doc': { severity: 'warning', summary: '`doc` is not a string.' },
  'avro-too-deep': { severity: 'error', summary: 'Types nested too deep to check.' },
} as const satisfies Record<`avro-${string}`, { severity: AvroSeverity; summary: string }>;

export type AvroDiagnosticCode = keyof typeof AVRO_DIAGNOSTIC_CODES;
