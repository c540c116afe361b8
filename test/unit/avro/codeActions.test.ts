import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseAvroSchema } from '../../../server/src/services/avro/avroParser';
import { avroCodeActions } from '../../../server/src/services/avro/avroCodeActions';
import { applyAction } from '../../support/applyEdits';
import { assertProperty } from '../../support/propertySeed';

const URI = 'file:///ws/order.avsc';

function fix(text: string): string {
  const { diagnostics } = parseAvroSchema(text);
  const actions = avroCodeActions(URI, diagnostics);
  assert.equal(actions.length, 1, JSON.stringify(diagnostics.map((d) => d.message)));
  const fixed = applyAction(text, actions[0], URI);
  assert.deepEqual(parseAvroSchema(fixed).diagnostics, [], fixed);
  return fixed;
}

test('a misspelt primitive type is fixed to the one it most likely meant', () => {
  assert.equal(
    fix('{"type": "record", "name": "A", "fields": [{"name": "id", "type": "strng"}]}'),
    '{"type": "record", "name": "A", "fields": [{"name": "id", "type": "string"}]}',
  );
});

test('a misspelt logical type and an upper-case order are fixed', () => {
  assert.match(fix('{"type": "long", "logicalType": "timestamp-milis"}'), /"timestamp-millis"/);
  assert.match(
    fix('{"type": "record", "name": "A", "fields": [{"name": "id", "type": "int", "order": "DESCENDING"}]}'),
    /"order": "descending"/,
  );
});

test('no quick fix without a single right answer', () => {
  const { diagnostics } = parseAvroSchema('{"type": "record", "name": "A", "fields": [{"name": "id", "type": "Qqqqqqq"}]}');
  assert.ok(diagnostics.length > 0);
  assert.deepEqual(avroCodeActions(URI, diagnostics), []);
});

const RANGE = { start: { line: 0, character: 1 }, end: { line: 0, character: 4 } };

test('diagnostics sent back that are not objects, have no range or no string code get no fix and no error', () => {
  const odd = [
    null,
    5,
    'avro-invalid-type',
    { code: 'avro-invalid-type', data: { expected: '"int"' } },
    { code: 'avro-invalid-type', range: 'all', data: { expected: '"int"' } },
    { code: { toString: null }, range: RANGE, data: { expected: '"int"' } },
    { code: 7, range: RANGE, data: { expected: '"int"' } },
    { code: 'avro-invalid-type', range: RANGE, data: null },
  ] as unknown as Diagnostic[];
  assert.deepEqual(avroCodeActions(URI, odd), []);
  assert.deepEqual(avroCodeActions(URI, 'not a list' as unknown as Diagnostic[]), []);
  // Among them, a usable one still gets its fix.
  const usable: Diagnostic = { code: 'avro-invalid-type', range: RANGE, message: 'x', data: { expected: '"int"' } };
  assert.deepEqual(
    avroCodeActions(URI, [...odd, usable]).map((action) => action.edit?.changes?.[URI]),
    [[{ range: RANGE, newText: '"int"' }]],
  );
});

test('any JSON the client sends as diagnostics gives fixes only for avro- codes with a range and an expected text', () => {
  const position = fc.record({ line: fc.nat(5), character: fc.nat(5) });
  const diagnostic = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.record(
      {
        range: fc.oneof(fc.record({ start: position, end: position }), fc.jsonValue({ maxDepth: 1 })),
        code: fc.oneof(fc.constantFrom('avro-invalid-type', 'avro-invalid-order', 'schema', ''), fc.jsonValue({ maxDepth: 1 })),
        message: fc.string(),
        data: fc.oneof(fc.record({ expected: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })) }), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    ),
  );
  assertProperty(
    fc.property(fc.array(diagnostic, { maxLength: 6 }), (diagnostics) => {
      for (const action of avroCodeActions(URI, diagnostics as unknown as Diagnostic[])) {
        const [fixed] = action.diagnostics ?? [];
        assert.ok(typeof fixed.code === 'string' && fixed.code.startsWith('avro-'));
        const expected = (fixed.data as { expected: unknown }).expected;
        assert.deepEqual(action.edit?.changes?.[URI], [{ range: fixed.range, newText: expected }]);
      }
    }),
    { numRuns: 1000 },
  );
});
