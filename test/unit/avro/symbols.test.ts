import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { avroSymbols } from '../../../server/src/services/avro/avroSymbols';
import { LineIndex } from '../../../server/src/text/lineIndex';

const KIND_NAMES = new Map<number, string>(Object.entries(SymbolKind).map(([name, value]) => [value as number, name]));

/** The outline as indented lines: `name (kind) detail`. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((symbol) => [
    `${'  '.repeat(depth)}${symbol.name} (${KIND_NAMES.get(symbol.kind) ?? symbol.kind})${symbol.detail ? ` ${symbol.detail}` : ''}`,
    ...outline(symbol.children ?? [], depth + 1),
  ]);
}

const SCHEMA = JSON.stringify(
  {
    type: 'record',
    name: 'Order',
    namespace: 'com.example.sales',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'placedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['PLACED', 'PAID'] } },
      {
        name: 'lines',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'Line',
            fields: [
              { name: 'sku', type: 'string' },
              { name: 'qty', type: 'int' },
            ],
          },
        },
      },
      { name: 'hash', type: ['null', { type: 'fixed', name: 'com.example.common.Hash', size: 16 }] },
      { name: 'again', type: ['null', 'Status'] },
      { name: 'attributes', type: { type: 'map', values: 'Line' } },
    ],
  },
  null,
  2,
);

test('records with their fields (detail: the type), enums with their symbols, fixed types, nested under their field', () => {
  assert.deepEqual(outline(avroSymbols(SCHEMA)), [
    'Order (Class) record · com.example.sales',
    '  id (Field) string',
    '  placedAt (Field) long (timestamp-millis)',
    '  status (Field) Status',
    '    Status (Enum) enum · com.example.sales',
    '      PLACED (EnumMember)',
    '      PAID (EnumMember)',
    '  lines (Field) array<Line>',
    '    Line (Class) record · com.example.sales',
    '      sku (Field) string',
    '      qty (Field) int',
    '  hash (Field) null | com.example.common.Hash',
    '    Hash (Struct) fixed · 16 bytes · com.example.common',
    '  again (Field) null | Status',
    '  attributes (Field) map<Line>',
  ]);
});

function text(range: Range, source: string): string {
  const lines = new LineIndex(source);
  return source.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

test('ranges: the whole definition, selecting its name; each selection inside its range', () => {
  const [order] = avroSymbols(SCHEMA);
  assert.equal(text(order.range, SCHEMA), SCHEMA);
  assert.equal(text(order.selectionRange, SCHEMA), '"Order"');
  const status = order.children?.[2];
  assert.ok(status);
  assert.equal(text(status.selectionRange, SCHEMA), '"status"');
  assert.match(text(status.range, SCHEMA), /^\{\s*"name": "status"[\s\S]*\}$/);
  const check = (symbols: DocumentSymbol[]) => {
    for (const symbol of symbols) {
      const lines = new LineIndex(SCHEMA);
      const [start, end] = [lines.offsetAt(symbol.range.start), lines.offsetAt(symbol.range.end)];
      const [selectionStart, selectionEnd] = [lines.offsetAt(symbol.selectionRange.start), lines.offsetAt(symbol.selectionRange.end)];
      assert.ok(start <= selectionStart && selectionEnd <= end, `${symbol.name}: selection inside range`);
      check(symbol.children ?? []);
    }
  };
  check(avroSymbols(SCHEMA));
});

test('a union or an array at the root lists its named types; primitives have none', () => {
  assert.deepEqual(
    outline(avroSymbols('[{"type": "enum", "name": "A", "symbols": ["X"]}, {"type": "record", "name": "B", "fields": []}]')),
    ['A (Enum) enum', '  X (EnumMember)', 'B (Class) record'],
  );
  assert.deepEqual(avroSymbols('"string"'), []);
  assert.deepEqual(avroSymbols(''), []);
});

test('half-typed text: what parsed is shown, unnamed parts get a name', () => {
  assert.deepEqual(
    outline(
      avroSymbols('{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"type": "string"}, {"name": "b", "type": '),
    ),
    ['R (Class) record', '  a (Field) int', '  (unnamed field) (Field) string', '  b (Field) ?'],
  );
  assert.deepEqual(outline(avroSymbols('{"type": "record", "fields": []}')), ['(unnamed record) (Class) record']);
  for (const broken of ['{', ']]', '{"type": "enum", "name": "E", "symbols": [1, "", "A"', 'garbage'])
    assert.ok(Array.isArray(avroSymbols(broken)));
});
