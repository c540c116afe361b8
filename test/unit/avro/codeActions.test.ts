import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAvroSchema } from '../../../server/src/services/avro/avroParser';
import { avroCodeActions } from '../../../server/src/services/avro/avroCodeActions';
import { applyAction } from '../../support/applyEdits';

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
