import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evolutionDiagnostics } from '../../../server/src/services/avro/compat/evolutionDiagnostics';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { withCursor } from '../../support/memoryWorkspace';

const V3 = JSON.stringify(
  {
    type: 'record',
    name: 'Order',
    fields: [
      { name: 'orderId', type: 'string' },
      { name: 'amount', type: 'double' },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['PLACED', 'PAID'] } },
    ],
  },
  null,
  2,
);
const HEAD = [{ label: 'version 3', text: V3 }];
const value = (mode: 'BACKWARD' | 'FORWARD' | 'FULL_TRANSITIVE' | 'NONE') => [
  { mode, description: 'value of sales.orders / order-events' },
];

function at(textWithCursor: string): { text: string; start: { line: number; character: number } } {
  const { text, offset } = withCursor(textWithCursor);
  return { text, start: new LineIndex(text).positionAt(offset) };
}

test('FULL_TRANSITIVE: a field removed without a default breaks readers of the previous version, shown on the fields', () => {
  const { text, start } = at(
    V3.replace(/\{\n\s*"name": "amount",\n\s*"type": "double"\n\s*\},\n\s*/, '').replace('"fields": [', '"fields": |['),
  );
  const diagnostics = evolutionDiagnostics(text, value('FULL_TRANSITIVE'), HEAD);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'avro-incompatible');
  assert.deepEqual(diagnostics[0].range.start, start);
  assert.match(
    diagnostics[0].message,
    /^Field `amount` removed without a default breaks readers of version 3 \(READER_FIELD_MISSING_DEFAULT_VALUE\)\. Checked as FULL_TRANSITIVE for the value of sales\.orders \/ order-events\.$/,
  );
});

test('BACKWARD: a new field without a default is reported on that field', () => {
  const { text, start } = at(V3.replace('"fields": [', '"fields": [\n    |{ "name": "note", "type": "string" },'));
  const diagnostics = evolutionDiagnostics(text, value('BACKWARD'), HEAD);
  assert.deepEqual(
    diagnostics.map((d) => [d.range.start, /READER_FIELD_MISSING_DEFAULT_VALUE/.test(d.message)]),
    [[start, true]],
  );
});

test('BACKWARD: a removed enum symbol is reported on the symbols', () => {
  const { text, start } = at(V3.replace('"symbols": [', '"symbols": |[').replace(/,\s*"PAID"/, ''));
  const diagnostics = evolutionDiagnostics(text, value('BACKWARD'), HEAD);
  assert.deepEqual(
    diagnostics.map((d) => d.range.start),
    [start],
  );
  assert.match(diagnostics[0].message, /MISSING_ENUM_SYMBOLS/);
});

test('a compatible change, NONE, no history or an unparsable old version give nothing', () => {
  const withDefault = V3.replace('"fields": [', '"fields": [\n    { "name": "note", "type": "string", "default": "" },');
  assert.deepEqual(evolutionDiagnostics(withDefault, value('FULL_TRANSITIVE'), HEAD), []);
  const breaking = V3.replace('"double"', '"string"');
  assert.deepEqual(evolutionDiagnostics(breaking, value('NONE'), HEAD), []);
  assert.deepEqual(evolutionDiagnostics(breaking, value('BACKWARD'), []), []);
  assert.deepEqual(evolutionDiagnostics(breaking, value('BACKWARD'), [{ label: 'broken', text: '{"type": ' }]), []);
  assert.ok(evolutionDiagnostics(breaking, value('BACKWARD'), HEAD).length > 0, 'and the same change is caught against a good version');
});

test('every message leads with the field (nested fields dotted) and the break, and ends with the mode and the ports', () => {
  const nested = JSON.stringify(
    {
      type: 'record',
      name: 'Order',
      fields: [{ name: 'customer', type: { type: 'record', name: 'Customer', fields: [{ name: 'zip', type: 'int' }] } }],
    },
    null,
    2,
  );
  const history = [{ label: 'version 1', text: nested }];
  const { text, start } = at(nested.replace('"type": "int"', '"type": |"string"'));
  const diagnostics = evolutionDiagnostics(text, value('BACKWARD'), history);
  assert.deepEqual(
    diagnostics.map((d) => [d.range.start, d.message]),
    [
      [
        start,
        "Field `customer.zip`: the reader's string cannot read the writer's int; this schema cannot read data written with version 1 (TYPE_MISMATCH). Checked as BACKWARD for the value of sales.orders / order-events.",
      ],
    ],
  );
  const { text: enumText } = at(V3.replace('"symbols": [', '"symbols": |[').replace(/,\s*"PAID"/, ''));
  assert.match(
    evolutionDiagnostics(enumText, value('BACKWARD'), HEAD)[0].message,
    /^Field `status`: the reader's enum Status lacks the writer's symbol PAID/,
  );
});
