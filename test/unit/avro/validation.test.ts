// The Avro schema validator, one test per rule: the expected diagnostic's start is marked with `|` in the
// schema text. Then valid schemas (no diagnostics), the model the parser builds, and robustness.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertProperty } from '../../support/propertySeed';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseAvroSchema, type AvroParseOptions } from '../../../server/src/services/avro/avroParser';
import { lintAvroSchema } from '../../../server/src/services/avro/avroLint';
import { AVRO_DIAGNOSTIC_CODES } from '../../../server/src/services/avro/avroCodes';
import { maxDecimalPrecision } from '../../../server/src/services/avro/avroLogicalTypes';
import type { AvroNamedType, AvroRecord, AvroReference, AvroType } from '../../../server/src/services/avro/avroSchema';
import { severityName } from '../../../server/src/services/diagnostics';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { withCursor } from '../../support/memoryWorkspace';

type Severity = 'error' | 'warning' | 'hint';

function format(text: string, diagnostics: Diagnostic[]): string {
  const lines = new LineIndex(text);
  return diagnostics
    .map(
      (d) =>
        `  ${severityName(d.severity)} ${String(d.code)} at ${d.range.start.line}:${d.range.start.character} ${JSON.stringify(text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end)))}: ${d.message}`,
    )
    .join('\n');
}

/**
 * Asserts a diagnostic with `code` and `severity` starting at the cursor marker `|`, and, unless `others`
 * is set, that it is the only diagnostic. `covers` is the text its range must span.
 */
function expectDiagnostic(
  schemaWithCursor: string,
  code: string,
  severity: Severity,
  options: { covers?: string; others?: boolean; parse?: AvroParseOptions } = {},
): Diagnostic {
  const { text, offset } = withCursor(schemaWithCursor);
  const { diagnostics } = parseAvroSchema(text, options.parse);
  const lines = new LineIndex(text);
  const at = lines.positionAt(offset);
  const found = diagnostics.find((d) => d.code === code && d.range.start.line === at.line && d.range.start.character === at.character);
  assert.ok(found, `expected ${code} at ${at.line}:${at.character}; got:\n${format(text, diagnostics)}`);
  assert.equal(severityName(found.severity), severity, found.message);
  if (options.covers !== undefined)
    assert.equal(text.slice(lines.offsetAt(found.range.start), lines.offsetAt(found.range.end)), options.covers);
  if (!options.others) assert.equal(diagnostics.length, 1, `expected only ${code}; got:\n${format(text, diagnostics)}`);
  assert.ok(found.message.length > 10);
  return found;
}

function expectValid(text: string, options?: AvroParseOptions): void {
  const { diagnostics } = parseAvroSchema(text, options);
  assert.deepEqual(diagnostics, [], `expected no diagnostics; got:\n${format(text, diagnostics)}`);
}

/** A record with one field of `type` (JSON text) and, when given, a `default` (JSON text). */
function field(type: string, defaultValue?: string): string {
  return `{"type": "record", "name": "R", "fields": [{"name": "f", "type": ${type}${defaultValue === undefined ? '' : `, "default": ${defaultValue}`}}]}`;
}

describe('JSON syntax', () => {
  test('a syntax error is avro-json-syntax at the offending token', () => {
    expectDiagnostic('{"type": "record", "name": "A" |"fields": []}', 'avro-json-syntax', 'error');
  });
  test('an empty text is avro-json-syntax', () => {
    expectDiagnostic('|', 'avro-json-syntax', 'error');
  });
  test('with a syntax error, Avro problems of the half-typed text are not reported', () => {
    const { diagnostics, schema } = parseAvroSchema('{"type": "record", "name": "A", "fields": [{"name": "x", "type": "nope"},]}');
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['avro-json-syntax'],
    );
    assert.ok(schema.definitions.has('A'), 'the model is still built');
  });
});

describe('types', () => {
  test('a number is not a schema', () => {
    expectDiagnostic(field('|5'), 'avro-invalid-type', 'error', { covers: '5' });
  });
  test('JSON null is not a schema (the type is "null")', () => {
    const d = expectDiagnostic(field('|null'), 'avro-invalid-type', 'error');
    assert.deepEqual(d.data, { expected: '"null"' });
  });
  test('an unknown type keyword', () => {
    expectDiagnostic('{"type": |"panther"}', 'avro-invalid-type', 'error', { covers: '"panther"' });
  });
  test('a complex type name as a string needs the object form', () => {
    expectDiagnostic(field('|"array"'), 'avro-invalid-type', 'error', { covers: '"array"' });
  });
  test('a named type referred to as {"type": "Name"} (only Java accepts it)', () => {
    const d = expectDiagnostic(
      '{"type": "record", "name": "R", "fields": [{"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A"]}}, {"name": "f", "type": {"type": |"E"}}]}',
      'avro-invalid-type',
      'error',
    );
    assert.deepEqual(d.data, { expected: '"E"' });
  });
  test('a `type` that is itself a schema object', () => {
    expectDiagnostic('{"type": |{"type": "array", "items": "string"}}', 'avro-invalid-type', 'error');
  });
  test('a type name that breaks the name grammar', () => {
    expectDiagnostic(field('|"not a type"'), 'avro-invalid-type', 'error');
  });
});

describe('required attributes', () => {
  test('a schema object without `type`, on its `{`', () => {
    expectDiagnostic('|{"no_type": "test"}', 'avro-missing-attribute', 'error', { covers: '{' });
  });
  test('a record without `name`, on its `{`', () => {
    expectDiagnostic('|{"type": "record", "fields": []}', 'avro-missing-attribute', 'error', { covers: '{' });
  });
  test('a record without `fields`, on its name', () => {
    const d = expectDiagnostic('{"type": "record", "name": |"A"}', 'avro-missing-attribute', 'error', { covers: '"A"' });
    assert.deepEqual(d.data, { missing: ['fields'] });
  });
  test('a field without `name`, on its `{`', () => {
    expectDiagnostic('{"type": "record", "name": "A", "fields": [|{"type": "int"}]}', 'avro-missing-attribute', 'error', { covers: '{' });
  });
  test('a field without `type`, on its name', () => {
    expectDiagnostic('{"type": "record", "name": "A", "fields": [{"name": |"Sponsor"}]}', 'avro-missing-attribute', 'error', {
      covers: '"Sponsor"',
    });
  });
  test('an enum without `symbols`', () => {
    expectDiagnostic('{"type": "enum", "name": |"E"}', 'avro-missing-attribute', 'error');
  });
  test('an enum without `name`', () => {
    expectDiagnostic('|{"type": "enum", "symbols": ["A"]}', 'avro-missing-attribute', 'error');
  });
  test('an array without `items`', () => {
    expectDiagnostic(field('|{"type": "array"}'), 'avro-missing-attribute', 'error', { covers: '{' });
  });
  test('a map without `values`', () => {
    expectDiagnostic(field('|{"type": "map"}'), 'avro-missing-attribute', 'error', { covers: '{' });
  });
  test('a fixed without `size`', () => {
    expectDiagnostic('{"type": "fixed", "name": |"F"}', 'avro-missing-attribute', 'error');
  });
  test('a fixed without `name`', () => {
    expectDiagnostic('|{"type": "fixed", "size": 314}', 'avro-missing-attribute', 'error');
  });
  test('`fields` that is not an array', () => {
    expectDiagnostic('{"type": "record", "name": "A", "fields": |"His vision"}', 'avro-invalid-attribute', 'error', {
      covers: '"His vision"',
    });
  });
  test('a field that is not an object', () => {
    expectDiagnostic('{"type": "record", "name": "A", "fields": [|"f"]}', 'avro-invalid-attribute', 'error');
  });
  test('`symbols` that is not an array', () => {
    expectDiagnostic('{"type": "enum", "name": "Status", "symbols": |"Normal Caution Critical"}', 'avro-invalid-attribute', 'error');
  });
});

describe('fixed size', () => {
  test('a negative size', () => {
    expectDiagnostic('{"type": "fixed", "name": "F", "size": |-2}', 'avro-invalid-size', 'error', { covers: '-2' });
  });
  test('a fractional size', () => {
    expectDiagnostic('{"type": "fixed", "name": "F", "size": |1.5}', 'avro-invalid-size', 'error');
  });
  test('a string size', () => {
    expectDiagnostic('{"type": "fixed", "name": "F", "size": |"16"}', 'avro-invalid-size', 'error');
  });
  test('a size beyond 2^31-1 is a warning (Java and avsc reject it)', () => {
    expectDiagnostic('{"type": "fixed", "name": "F", "size": |3000000000}', 'avro-size-out-of-range', 'warning');
  });
  test('size 0 is allowed', () => {
    expectValid('{"type": "fixed", "name": "F", "size": 0}');
  });
});

describe('names and namespaces', () => {
  test('a type name that starts with a digit', () => {
    expectDiagnostic('{"name": |"2d2", "type": "enum", "symbols": ["c3po"]}', 'avro-invalid-name', 'error', { covers: '"2d2"' });
  });
  test('a type name with a space (AVRO-621)', () => {
    expectDiagnostic('{"type": "fixed", "size": 314, "name": |"dr. spaceman"}', 'avro-invalid-name', 'error');
  });
  test('a fullname with an empty part', () => {
    expectDiagnostic('{"type": "fixed", "size": 1, "name": |"a..B"}', 'avro-invalid-name', 'error');
  });
  test('a name that is not a string', () => {
    expectDiagnostic('{"name": |["Tom", "Jerry"], "type": "record", "fields": []}', 'avro-invalid-name', 'error');
  });
  test('a field name with a dash', () => {
    expectDiagnostic('{"type": "record", "name": "A", "fields": [{"name": |"a-b", "type": "int"}]}', 'avro-invalid-name', 'error');
  });
  test('a field name with a dot', () => {
    expectDiagnostic('{"type": "record", "name": "A", "fields": [{"name": |"a.b", "type": "int"}]}', 'avro-invalid-name', 'error');
  });
  test('an invalid namespace', () => {
    expectDiagnostic('{"type": "record", "name": "A", "namespace": |"a..b", "fields": []}', 'avro-invalid-namespace', 'error');
  });
  test('a namespace that is not a string', () => {
    expectDiagnostic('{"type": "record", "name": "A", "namespace": |5, "fields": []}', 'avro-invalid-namespace', 'error');
  });
  test('a null or empty namespace is the null namespace', () => {
    expectValid('{"type": "fixed", "name": "NullNamespace", "namespace": null, "size": 1}');
    expectValid('{"type": "fixed", "name": "EmptyStringNamespace", "namespace": "", "size": 1}');
  });
  test('a fullname defined twice, on the second name', () => {
    expectDiagnostic(
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": {"type": "fixed", "name": "F", "size": 1}}, {"name": "b", "type": {"type": "fixed", "name": |"F", "size": 1}}]}',
      'avro-redefined-name',
      'error',
    );
  });
  test('a redefinition across namespaces resolves by fullname', () => {
    expectDiagnostic(
      '{"type": "record", "name": "x.A", "fields": [{"name": "a", "type": {"type": "fixed", "name": "F", "size": 1}}, {"name": "b", "type": {"type": "fixed", "name": |"x.F", "size": 1}}]}',
      'avro-redefined-name',
      'error',
    );
  });
  test('a primitive type name cannot be redefined', () => {
    expectDiagnostic('{"type": "enum", "name": |"int", "symbols": ["A", "B"]}', 'avro-redefined-primitive', 'error');
  });
  test('in a namespace it is a warning: Java, Python and the Apache vectors accept it, avsc does not', () => {
    expectDiagnostic('{"type": "enum", "name": |"ns.int", "symbols": ["A", "B"]}', 'avro-namespaced-primitive-name', 'warning');
    expectDiagnostic(
      '{"type": "enum", "namespace": "ns", "name": |"long", "symbols": ["A", "B"]}',
      'avro-namespaced-primitive-name',
      'warning',
    );
  });
  test('complex type names may be reused as type names', () => {
    expectValid(
      '{"type": "record", "name": "record", "fields": [{"name": "value", "type": "int"}, {"name": "next", "type": ["null", "record"]}]}',
    );
  });
  test('an unresolved reference, on the reference', () => {
    expectDiagnostic(field('{"type": "array", "items": |"foobar"}'), 'avro-unresolved-reference', 'error', { covers: '"foobar"' });
  });
  test('an unresolved reference suggests a near name', () => {
    const d = expectDiagnostic(field('|"strng"'), 'avro-unresolved-reference', 'error');
    assert.deepEqual(d.data, { expected: '"string"' });
  });
  test('a dotless reference in a namespace does not fall back to the null namespace (only Java does)', () => {
    const d = expectDiagnostic(
      '{"type": "record", "name": "R", "fields": [{"name": "z", "type": {"type": "enum", "name": "Z", "symbols": ["X"]}}, {"name": "s", "type": {"type": "record", "name": "S", "namespace": "x", "fields": [{"name": "t", "type": |"Z"}]}}]}',
      'avro-unresolved-reference',
      'error',
    );
    assert.match(d.message, /null namespace/);
  });
  test('a reference before the definition', () => {
    expectDiagnostic(
      '{"type": "record", "name": "A", "fields": [{"name": "b", "type": |"B"}, {"name": "c", "type": {"type": "enum", "name": "B", "symbols": ["X"]}}]}',
      'avro-forward-reference',
      'error',
    );
  });
  test('a reference resolved by externalTypes (another file of the workspace) is no error', () => {
    const external: AvroNamedType = {
      kind: 'enum',
      node: { type: 'object', offset: 0, length: 2, properties: [] },
      fullname: 'com.x.Status',
      nameNode: undefined,
      namespace: 'com.x',
      aliases: [],
      symbols: ['A'],
    };
    const text = '{"type": "record", "name": "com.x.Order", "fields": [{"name": "s", "type": "Status", "default": "A"}]}';
    expectValid(text, { externalTypes: (name) => (name === 'com.x.Status' ? external : undefined) });
    const { schema } = parseAvroSchema(text, { externalTypes: (name) => (name === 'com.x.Status' ? external : undefined) });
    const ref = (schema.root as AvroRecord).fields[0].type as AvroReference;
    assert.equal(ref.target, external);
    assert.equal(parseAvroSchema(text).diagnostics[0]?.code, 'avro-unresolved-reference');
  });
});

describe('fields and enums', () => {
  test('a duplicate field name, on the second name', () => {
    expectDiagnostic(
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": "int"}, {"name": |"a", "type": "long"}]}',
      'avro-duplicate-field',
      'error',
      { covers: '"a"' },
    );
  });
  test('an enum symbol that breaks the name grammar', () => {
    expectDiagnostic('{"type": "enum", "name": "AVRO2174", "symbols": [|"white space"]}', 'avro-invalid-symbol', 'error', {
      covers: '"white space"',
    });
  });
  test('an enum symbol that is not a string', () => {
    expectDiagnostic('{"type": "enum", "name": "E", "symbols": ["A", |1]}', 'avro-invalid-symbol', 'error');
  });
  test('a duplicate enum symbol, on the second one', () => {
    expectDiagnostic('{"type": "enum", "name": "Test", "symbols": ["AA", |"AA"]}', 'avro-duplicate-symbol', 'error');
  });
  test("an enum's default that is not a symbol (AVRO-3229)", () => {
    expectDiagnostic('{"type": "enum", "name": "bad_default", "symbols": ["A"], "default": |"B"}', 'avro-invalid-enum-default', 'error', {
      covers: '"B"',
    });
  });
  test('an order other than ascending, descending, ignore', () => {
    expectDiagnostic(
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": "int", "order": |"up"}]}',
      'avro-invalid-order',
      'error',
    );
  });
  test('an order in the wrong case suggests the right one', () => {
    const d = expectDiagnostic(
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": "int", "order": |"DESCENDING"}]}',
      'avro-invalid-order',
      'error',
    );
    assert.deepEqual(d.data, { expected: '"descending"' });
  });
  test('the three orders are valid', () => {
    expectValid(
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": "int", "order": "ascending"}, {"name": "b", "type": "int", "order": "descending"}, {"name": "c", "type": "int", "order": "ignore"}]}',
    );
  });
});

describe('unions', () => {
  test('a union directly inside a union', () => {
    expectDiagnostic('["null", |["int", "string"]]', 'avro-nested-union', 'error');
  });
  test('two branches of the same primitive type, on the second', () => {
    expectDiagnostic('["null", |"null"]', 'avro-duplicate-union-branch', 'error');
  });
  test('two arrays', () => {
    expectDiagnostic('[{"type": "array", "items": "long"}, |{"type": "array", "items": "string"}]', 'avro-duplicate-union-branch', 'error');
  });
  test('two maps', () => {
    expectDiagnostic('[{"type": "map", "values": "long"}, |{"type": "map", "values": "string"}]', 'avro-duplicate-union-branch', 'error');
  });
  test('a logical type does not make a different branch', () => {
    expectDiagnostic('["int", |{"type": "int", "logicalType": "date"}]', 'avro-duplicate-union-branch', 'error');
  });
  test('the same named type twice', () => {
    expectDiagnostic('[{"type": "fixed", "name": "F", "size": 1}, |"F"]', 'avro-duplicate-union-branch', 'error');
  });
  test('named types with different names are allowed', () => {
    expectValid(
      '{"type": "record", "name": "ipAddr", "fields": [{"name": "addr", "type": [{"name": "IPv6", "type": "fixed", "size": 16}, {"name": "IPv4", "type": "fixed", "size": 4}]}]}',
    );
  });
  test('an empty union is a warning', () => {
    expectDiagnostic('|[]', 'avro-empty-union', 'warning');
  });
});

describe('defaults', () => {
  test('an int default out of range', () => {
    expectDiagnostic(field('"int"', '|2147483648'), 'avro-invalid-default', 'error', { covers: '2147483648' });
  });
  test('an int default with a fraction', () => {
    expectDiagnostic(field('"int"', '|1.0'), 'avro-invalid-default', 'error');
  });
  test('the int bounds are valid', () => {
    expectValid(field('"int"', '2147483647'));
    expectValid(field('"int"', '-2147483648'));
  });
  test('a long default beyond 2^63-1 (compared digit by digit)', () => {
    expectDiagnostic(field('"long"', '|9223372036854775808'), 'avro-invalid-default', 'error');
    expectDiagnostic(field('"long"', '|-9223372036854775809'), 'avro-invalid-default', 'error');
  });
  test('the long bounds are valid', () => {
    expectValid(field('"long"', '9223372036854775807'));
    expectValid(field('"long"', '-9223372036854775808'));
  });
  test('a string for an int', () => {
    expectDiagnostic(field('"int"', '|"1"'), 'avro-invalid-default', 'error');
  });
  test('a bytes default with a character above U+00FF', () => {
    expectDiagnostic(field('"bytes"', '|"\\u0100"'), 'avro-invalid-default', 'error');
  });
  test('bytes defaults are strings of code points 0-255', () => {
    expectValid(field('"bytes"', '"\\u00ff\\u0000abc"'));
  });
  test('a fixed default of the wrong length', () => {
    expectDiagnostic(field('{"type": "fixed", "name": "F", "size": 2}', '|"abc"'), 'avro-invalid-default', 'error');
  });
  test('a fixed default of the right length', () => {
    expectValid(field('{"type": "fixed", "name": "F", "size": 2}', '"\\u00ffa"'));
  });
  test('an enum default that is not a symbol', () => {
    expectDiagnostic(field('{"type": "enum", "name": "E", "symbols": ["X"]}', '|"Y"'), 'avro-invalid-default', 'error');
  });
  test('a float default written as a string is a warning (only Java accepts it)', () => {
    expectDiagnostic(field('"double"', '|"NaN"'), 'avro-nonstandard-default', 'warning');
  });
  test('a boolean for a float', () => {
    expectDiagnostic(field('"float"', '|true'), 'avro-invalid-default', 'error');
  });
  test('a record default missing a field that has no default, on its `{`', () => {
    expectDiagnostic(
      field(
        '{"type": "record", "name": "B", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int", "default": 3}]}',
        '|{"y": 1}',
      ),
      'avro-invalid-default',
      'error',
      { covers: '{' },
    );
  });
  test('a record default may leave out fields that have defaults', () => {
    expectValid(
      field(
        '{"type": "record", "name": "B", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int", "default": 3}]}',
        '{"x": 1}',
      ),
    );
  });
  test('a wrong value inside a record default, on that value', () => {
    expectDiagnostic(
      field('{"type": "record", "name": "B", "fields": [{"name": "x", "type": "int"}]}', '{"x": |"one"}'),
      'avro-invalid-default',
      'error',
      { covers: '"one"' },
    );
  });
  test('a wrong array element, on that element', () => {
    expectDiagnostic(field('{"type": "array", "items": "int"}', '[1, |"two", 3]'), 'avro-invalid-default', 'error', { covers: '"two"' });
  });
  test('a wrong map value, on that value', () => {
    expectDiagnostic(field('{"type": "map", "values": "int"}', '{"k": |"v"}'), 'avro-invalid-default', 'error');
  });
  test('a union default that matches no branch', () => {
    expectDiagnostic(field('["null", "string"]', '|5'), 'avro-invalid-default', 'error');
  });
  test('a union default that matches only a later branch is a warning (1.12 accepts it, 1.11 and avsc do not)', () => {
    expectDiagnostic(field('["null", "string"]', '|"x"'), 'avro-default-later-branch', 'warning');
  });
  test('a union default that matches the first branch', () => {
    expectValid(field('["null", "string"]', 'null'));
    expectValid(field('["string", "null"]', '"x"'));
  });
  test('a union inside an array default follows the same rule', () => {
    expectDiagnostic(field('{"type": "array", "items": ["null", "int"]}', '[null, |1]'), 'avro-default-later-branch', 'warning');
  });
  test('a default for a recursive record', () => {
    expectValid(
      '{"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"], "default": null}, {"name": "child", "type": ["Node", "null"], "default": {"next": null}}]}',
    );
  });
  // Finishing at all is the point (2^40 tries would not); how long it takes is in npm run bench (bench/editorBoundsBench.ts).
  test('a default that many union branches could match is checked without trying every path', { timeout: 60_000 }, () => {
    // Both the map and the record M accept each level's object, and the leaf fails both: 2^40 tries unbounded.
    const type =
      '["null", {"type": "map", "values": "N"}, {"type": "record", "name": "M", "fields": [{"name": "c", "type": ["null", {"type": "map", "values": "N"}, "M"]}]}]';
    let value = '5';
    for (let i = 0; i < 40; i++) value = `{"c": ${value}}`;
    const text = `{"type": "record", "name": "N", "fields": [{"name": "c", "type": ${type}, "default": ${value}}]}`;
    const { diagnostics } = parseAvroSchema(text);
    assert.ok(Array.isArray(diagnostics));
  });
  test('a record field that defaults to its own type does not loop', () => {
    const { diagnostics } = parseAvroSchema('{"type": "record", "name": "A", "fields": [{"name": "a", "type": "A", "default": {}}]}');
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      [],
    );
  });
});

describe('logical types (invalid ones are warnings: ignored, as the specification requires)', () => {
  test('a decimal whose scale exceeds its precision, on the scale', () => {
    expectDiagnostic('{"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": |3}', 'avro-invalid-logical-type', 'warning', {
      covers: '3',
    });
  });
  test('a decimal without precision, on the logical type', () => {
    expectDiagnostic('{"type": "bytes", "logicalType": |"decimal", "scale": 0}', 'avro-invalid-logical-type', 'warning');
  });
  test('a decimal with a fractional precision', () => {
    expectDiagnostic('{"type": "bytes", "logicalType": "decimal", "precision": |2.4}', 'avro-invalid-logical-type', 'warning');
  });
  test('a decimal with a negative scale', () => {
    expectDiagnostic('{"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": |-2}', 'avro-invalid-logical-type', 'warning');
  });
  test('a decimal with zero precision', () => {
    expectDiagnostic('{"type": "bytes", "logicalType": "decimal", "precision": |0}', 'avro-invalid-logical-type', 'warning');
  });
  test('a decimal too precise for its fixed size, on the precision', () => {
    expectDiagnostic(
      '{"type": "fixed", "logicalType": "decimal", "name": "D", "precision": |311, "size": 129}',
      'avro-invalid-logical-type',
      'warning',
    );
    expectValid('{"type": "fixed", "logicalType": "decimal", "name": "D", "precision": 310, "size": 129}');
  });
  test('the maximum decimal precision of fixed sizes', () => {
    assert.deepEqual([1, 2, 3, 4, 8, 16].map(maxDecimalPrecision), [2, 4, 6, 9, 18, 38]);
  });
  test('a decimal on a float', () => {
    expectDiagnostic('{"type": "float", "logicalType": |"decimal", "precision": 2}', 'avro-invalid-logical-type', 'warning');
  });
  test('a date on a long', () => {
    expectDiagnostic('{"type": "long", "logicalType": |"date"}', 'avro-invalid-logical-type', 'warning');
  });
  test('time-millis on a long, time-micros on an int', () => {
    expectDiagnostic('{"type": "long", "logicalType": |"time-millis"}', 'avro-invalid-logical-type', 'warning');
    expectDiagnostic('{"type": "int", "logicalType": |"time-micros"}', 'avro-invalid-logical-type', 'warning');
  });
  test('timestamps on an int', () => {
    for (const name of [
      'timestamp-millis',
      'timestamp-micros',
      'timestamp-nanos',
      'local-timestamp-millis',
      'local-timestamp-micros',
      'local-timestamp-nanos',
    ]) {
      expectDiagnostic(`{"type": "int", "logicalType": |"${name}"}`, 'avro-invalid-logical-type', 'warning');
    }
  });
  test('a uuid on a fixed of size 8', () => {
    expectDiagnostic('{"type": "fixed", "name": "U", "size": 8, "logicalType": |"uuid"}', 'avro-invalid-logical-type', 'warning');
  });
  test('a duration on a fixed of size 10', () => {
    expectDiagnostic('{"type": "fixed", "name": "D", "size": 10, "logicalType": |"duration"}', 'avro-invalid-logical-type', 'warning');
  });
  test('a big-decimal on a fixed', () => {
    expectDiagnostic('{"type": "fixed", "name": "D", "size": 10, "logicalType": |"big-decimal"}', 'avro-invalid-logical-type', 'warning');
  });
  test('precision or scale on a big-decimal (whose scale travels in each value): a warning on each that it is ignored', () => {
    const precision = expectDiagnostic(
      '{"type": "bytes", "logicalType": "big-decimal", "precision": |10}',
      'avro-invalid-logical-type',
      'warning',
      {
        covers: '10',
      },
    );
    assert.match(precision.message, /big-decimal .*`precision` means nothing on it: it is ignored/);
    const scale = expectDiagnostic(
      '{"type": "bytes", "logicalType": "big-decimal", "scale": |"x"}',
      'avro-invalid-logical-type',
      'warning',
      {
        covers: '"x"',
      },
    );
    assert.match(scale.message, /`scale` means nothing on it: it is ignored/);
    const both = parseAvroSchema('{"type": "bytes", "logicalType": "big-decimal", "precision": 10, "scale": 2}');
    assert.deepEqual(
      both.diagnostics.map((d) => [d.code, severityName(d.severity)]),
      [
        ['avro-invalid-logical-type', 'warning'],
        ['avro-invalid-logical-type', 'warning'],
      ],
    );
  });
  test('the attributes are ignored, not the big-decimal: the type keeps its logical type', () => {
    const { schema } = parseAvroSchema('{"type": "bytes", "logicalType": "big-decimal", "precision": 10, "scale": 2}');
    assert.equal(schema.root?.logicalType?.name, 'big-decimal');
    assert.equal(schema.root?.logicalType?.precision, undefined);
  });
  test('a big-decimal on a fixed is ignored whole, with one warning, whatever its attributes', () => {
    expectDiagnostic(
      '{"type": "fixed", "name": "D", "size": 10, "logicalType": |"big-decimal", "precision": 4}',
      'avro-invalid-logical-type',
      'warning',
    );
  });
  test('a logicalType that is not a string', () => {
    expectDiagnostic('{"type": "int", "logicalType": |5}', 'avro-invalid-logical-type', 'warning');
  });
  test('an unknown logical type is a warning, as the reference implementation warns', () => {
    expectDiagnostic('{"type": "string", "logicalType": |"unknown-logical-type"}', 'avro-unknown-logical-type', 'warning');
  });
  test('a misspelt logical type is a warning with the likely name', () => {
    const d = expectDiagnostic('{"type": "long", "logicalType": |"timestamp-milis"}', 'avro-unknown-logical-type', 'warning');
    assert.deepEqual(d.data, { expected: '"timestamp-millis"' });
  });
  test('a logicalType on the field instead of its type', () => {
    expectDiagnostic(
      '{"type": "record", "name": "A", "fields": [{"name": "t", "type": "long", "logicalType": |"timestamp-millis"}]}',
      'avro-misplaced-logical-type',
      'warning',
    );
  });
  test('every logical type on its underlying types', () => {
    const types = [
      '{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}',
      '{"type": "fixed", "name": "D1", "size": 10, "logicalType": "decimal", "precision": 4}',
      '{"type": "bytes", "logicalType": "big-decimal"}',
      '{"type": "string", "logicalType": "uuid"}',
      '{"type": "fixed", "name": "U", "size": 16, "logicalType": "uuid"}',
      '{"type": "int", "logicalType": "date"}',
      '{"type": "int", "logicalType": "time-millis"}',
      '{"type": "long", "logicalType": "time-micros"}',
      '{"type": "long", "logicalType": "timestamp-millis"}',
      '{"type": "long", "logicalType": "timestamp-micros"}',
      '{"type": "long", "logicalType": "timestamp-nanos"}',
      '{"type": "long", "logicalType": "local-timestamp-millis"}',
      '{"type": "long", "logicalType": "local-timestamp-micros"}',
      '{"type": "long", "logicalType": "local-timestamp-nanos"}',
      '{"type": "fixed", "name": "Dur", "size": 12, "logicalType": "duration"}',
    ];
    const text = `{"type": "record", "name": "L", "fields": [${types.map((type, i) => `{"name": "f${i}", "type": ${type}}`).join(', ')}]}`;
    expectValid(text);
    const record = parseAvroSchema(text).schema.root as AvroRecord;
    assert.deepEqual(
      record.fields.map((f) => f.type.logicalType?.name),
      [
        'decimal',
        'decimal',
        'big-decimal',
        'uuid',
        'uuid',
        'date',
        'time-millis',
        'time-micros',
        'timestamp-millis',
        'timestamp-micros',
        'timestamp-nanos',
        'local-timestamp-millis',
        'local-timestamp-micros',
        'local-timestamp-nanos',
        'duration',
      ],
    );
    assert.equal(record.fields[0].type.logicalType?.precision, 4);
    assert.equal(record.fields[0].type.logicalType?.scale, 2);
    assert.equal(record.fields[1].type.logicalType?.scale, 0);
  });
  test('an ignored logical type leaves the plain underlying type in the model', () => {
    const { schema } = parseAvroSchema('{"type": "long", "logicalType": "date"}');
    assert.equal(schema.root?.kind, 'primitive');
    assert.equal(schema.root?.logicalType, undefined);
  });
});

describe('aliases, doc, duplicate keys, depth', () => {
  test('`aliases` that is not an array', () => {
    expectDiagnostic('{"type": "record", "name": "A", "aliases": |"B", "fields": []}', 'avro-invalid-alias', 'error');
  });
  test('an alias that is not a string', () => {
    expectDiagnostic('{"type": "record", "name": "A", "aliases": [|1], "fields": []}', 'avro-invalid-alias', 'error');
  });
  test('an alias that is not a valid name is a warning (any string is accepted)', () => {
    expectDiagnostic('{"type": "record", "name": "A", "aliases": [|"1bad"], "fields": []}', 'avro-nonstandard-alias', 'warning');
    expectDiagnostic(
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": "int", "aliases": [|"old-a"]}]}',
      'avro-nonstandard-alias',
      'warning',
    );
  });
  test('a type alias that is the name of another type', () => {
    expectDiagnostic(
      '{"type": "record", "name": "A", "aliases": [|"B"], "fields": [{"name": "b", "type": {"type": "fixed", "name": "B", "size": 1}}]}',
      'avro-alias-conflict',
      'warning',
    );
  });
  test('a field alias that is the name of another field', () => {
    expectDiagnostic(
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": "int", "aliases": [|"b"]}, {"name": "b", "type": "int"}]}',
      'avro-alias-conflict',
      'warning',
    );
  });
  test('a doc that is not a string', () => {
    expectDiagnostic('{"type": "record", "name": "A", "doc": |5, "fields": []}', 'avro-invalid-doc', 'warning');
  });
  test('a key twice in one object, on the second', () => {
    expectDiagnostic('{"type": "record", "name": "A", |"name": "B", "fields": []}', 'avro-duplicate-key', 'warning', { covers: '"name"' });
  });
  test('nesting too deep for the checker', () => {
    const depth = 300;
    let text = '"int"';
    for (let i = 0; i < depth; i++) text = `{"type": "array", "items": ${text}}`;
    const cursor = text.indexOf('{', '{"type": "array", "items": '.length * 257);
    const { diagnostics } = parseAvroSchema(text);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['avro-too-deep'],
    );
    assert.equal(diagnostics[0].range.start.character, cursor);
  });
});

describe('valid schemas', () => {
  test('primitives, in both forms, with extra attributes', () => {
    for (const name of ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']) {
      expectValid(`"${name}"`);
      expectValid(`{"type": "${name}", "ignored": "value"}`);
    }
  });
  test('a recursive linked list', () => {
    expectValid(
      '{"type": "record", "name": "LongList", "aliases": ["LinkedLongs"], "fields": [{"name": "value", "type": "long"}, {"name": "next", "type": ["null", "LongList"]}]}',
    );
  });
  test('mutually recursive records across namespaces', () => {
    expectValid(`{"type": "record", "name": "Container", "namespace": "namespace1", "fields": [
      {"name": "contained", "type": {"type": "record", "name": "MutuallyRecursive", "fields": [
        {"name": "children", "type": {"type": "array", "items": {"type": "record", "name": "MutuallyRecursive", "namespace": "namespace2", "fields": [
          {"name": "parents", "type": {"type": "array", "items": "namespace1.MutuallyRecursive"}},
          {"name": "siblings", "type": {"type": "array", "items": "MutuallyRecursive"}}]}}},
        {"name": "other", "type": "namespace2.MutuallyRecursive"}]}}]}`);
  });
  test('an error type, doc strings, order, aliases and metadata', () => {
    expectValid(`{"type": "error", "name": "Failure", "namespace": "com.x", "doc": "A failure.", "aliases": ["OldFailure", "org.y.Failure"], "cp_int": 1,
      "fields": [{"name": "code", "type": "int", "doc": "The code.", "order": "descending", "aliases": ["errorCode"], "cp_object": {"a": 1}},
                 {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"], "default": "A", "aliases": ["OldKind"]}, "default": "B"},
                 {"name": "hash", "type": {"type": "fixed", "name": "MD5", "size": 16}, "default": "0123456789abcdef"},
                 {"name": "tags", "type": {"type": "map", "values": {"type": "array", "items": "string"}}, "default": {"a": ["x"]}}]}`);
  });
});

describe('the model', () => {
  test('fullnames follow the specification example', () => {
    const text = `{"type": "record", "name": "Example", "fields": [
      {"name": "inheritNull", "type": {"type": "enum", "name": "Simple", "symbols": ["a", "b"]}},
      {"name": "explicitNamespace", "type": {"type": "fixed", "name": "Simple", "namespace": "explicit", "size": 12}},
      {"name": "fullName", "type": {"type": "record", "name": "a.full.Name", "namespace": "ignored", "fields": [
        {"name": "inheritNamespace", "type": {"type": "enum", "name": "Understanding", "symbols": ["d", "e"]}}]}}]}`;
    expectValid(text);
    const { schema } = parseAvroSchema(text);
    assert.deepEqual([...schema.definitions.keys()], ['Example', 'Simple', 'explicit.Simple', 'a.full.Name', 'a.full.Understanding']);
    assert.equal((schema.definitions.get('a.full.Name') as AvroRecord).namespace, 'a.full');
  });
  test('references point at their definitions, name uses are in text order with their roles', () => {
    const text =
      '{"fields": [{"name": "next", "type": ["null", "Node"]}], "type": "record", "name": "Node", "namespace": "com.x", "aliases": ["OldNode"]}';
    const { schema, diagnostics } = parseAvroSchema(text);
    assert.deepEqual(diagnostics, []);
    const node = schema.definitions.get('com.x.Node') as AvroRecord;
    assert.equal(schema.root, node);
    assert.deepEqual(node.aliases, ['com.x.OldNode']);
    const union = node.fields[0].type;
    assert.equal(union.kind, 'union');
    const ref = (union.kind === 'union' ? union.branches[1] : undefined) as AvroReference;
    assert.equal(ref.kind, 'reference');
    assert.equal(ref.fullname, 'com.x.Node');
    assert.equal(ref.target, node);
    assert.deepEqual(
      schema.nameUses.map((use) => [use.role, use.fullname, use.node.value]),
      [
        ['reference', 'com.x.Node', 'Node'],
        ['definition', 'com.x.Node', 'Node'],
        ['alias', 'com.x.Node', 'OldNode'],
      ],
    );
  });
  test('fields keep their nodes, defaults, order and aliases', () => {
    const { schema } = parseAvroSchema(
      '{"type": "record", "name": "A", "fields": [{"name": "a", "type": "int", "default": 1, "order": "ignore", "aliases": ["b"], "doc": "d"}]}',
    );
    const [f] = (schema.root as AvroRecord).fields;
    assert.equal(f.name, 'a');
    assert.equal(f.nameNode?.value, 'a');
    assert.equal(f.defaultNode?.type, 'number');
    assert.equal(f.order, 'ignore');
    assert.deepEqual(f.aliases, ['b']);
    assert.equal(f.doc, 'd');
    assert.equal(f.type.kind, 'primitive');
  });
  test('a forward reference still resolves to its target', () => {
    const { schema } = parseAvroSchema(
      '{"type": "record", "name": "A", "fields": [{"name": "b", "type": "B"}, {"name": "c", "type": {"type": "enum", "name": "B", "symbols": ["X"]}}]}',
    );
    const ref = (schema.root as AvroRecord).fields[0].type as AvroReference;
    assert.equal(ref.target, schema.definitions.get('B'));
  });
  test('an invalid type is an unresolved reference with an empty name', () => {
    const { schema } = parseAvroSchema(field('5'));
    const type: AvroType = (schema.root as AvroRecord).fields[0].type;
    assert.equal(type.kind, 'reference');
    assert.equal((type as AvroReference).name, '');
  });
});

describe('robustness and the lint entry point', () => {
  test('lintAvroSchema gives the parser diagnostics', () => {
    const text = field('"foo"');
    assert.deepEqual(lintAvroSchema(text), parseAvroSchema(text).diagnostics);
  });
  test('every code has a documented severity', () => {
    const { diagnostics } = parseAvroSchema('{"type": "record", "name": "A", "fields": [{"name": "a", "type": "int", "order": "up"}]}');
    for (const d of diagnostics) assert.ok(String(d.code) in AVRO_DIAGNOSTIC_CODES);
  });
  test('never throws, on any JSON and on mutated schemas', () => {
    const schemaValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      schema: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('null', 'int', 'long', 'string', 'bytes', 'R', 'E', 'x.R', 'array', ''),
        fc.array(tie('schema'), { maxLength: 4 }),
        fc.record(
          {
            type: fc.constantFrom('record', 'enum', 'fixed', 'array', 'map', 'int', 'bytes', 'error', 'R'),
            name: fc.constantFrom('R', 'E', 'x.R', 'int', '1x', 5),
            fields: fc.array(tie('field'), { maxLength: 4 }),
            items: tie('schema'),
            values: tie('schema'),
            symbols: fc.array(fc.constantFrom('A', 'B', 'A', 1), { maxLength: 3 }),
            size: fc.constantFrom(0, 1, 16, -1, 1.5, '2'),
            logicalType: fc.constantFrom('decimal', 'uuid', 'date', 'x'),
            precision: fc.constantFrom(1, 40, -1),
            scale: fc.constantFrom(0, 2, 50),
            default: fc.jsonValue({ maxDepth: 2 }),
          },
          { requiredKeys: ['type'] },
        ),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      field: fc.record(
        {
          name: fc.constantFrom('a', 'b', 'a', '', 3),
          type: tie('schema'),
          default: fc.jsonValue({ maxDepth: 3 }),
          order: fc.constantFrom('ascending', 'up'),
          aliases: fc.constantFrom(['b'], 'x', [1]),
        },
        { requiredKeys: [] },
      ),
    })).schema;
    assertProperty(
      fc.property(schemaValue, fc.nat(), (value, cut) => {
        const text = JSON.stringify(value) ?? '';
        parseAvroSchema(text);
        parseAvroSchema(text.slice(0, cut % (text.length + 1)));
      }),
      { numRuns: 500 },
    );
  });
});
