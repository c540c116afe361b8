import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertProperty } from '../../support/propertySeed';
import { InsertTextFormat, type CompletionList } from 'vscode-languageserver-types';
import { completeAvro, defaultSkeleton } from '../../../server/src/services/avro/avroCompletion';
import { hoverAvro } from '../../../server/src/services/avro/avroHover';
import { findAvroDefinition, findAvroReferences, prepareAvroRename } from '../../../server/src/services/avro/avroNavigation';
import { avroSymbols } from '../../../server/src/services/avro/avroSymbols';
import { formatAvro } from '../../../server/src/services/avro/avroFormat';
import { AvroTypeIndex, parseAvroDocument } from '../../../server/src/services/workspace/avroTypeIndex';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { accept, docOf, editOf, item, labels } from '../../support/completionAssertions';
import { memoryWorkspace, withCursor } from '../../support/memoryWorkspace';

const CUSTOMER = JSON.stringify({
  type: 'record',
  name: 'Customer',
  namespace: 'com.example.crm',
  doc: 'A customer of the shop.',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'tier', type: { type: 'enum', name: 'Tier', symbols: ['GOLD', 'SILVER'] } },
  ],
});

const NULL_NAMESPACE = '{"type": "fixed", "name": "Hash", "size": 16}';

function complete(textWithCursor: string, files: Record<string, string> = {}): { list: CompletionList; text: string } {
  const { text, offset } = withCursor(textWithCursor);
  const { index, uri } = memoryWorkspace({
    'schemas/order.avsc': text,
    'crm/customer.avsc': CUSTOMER,
    'hash.avsc': NULL_NAMESPACE,
    ...files,
  });
  const list = completeAvro(uri('schemas/order.avsc'), text, new LineIndex(text).positionAt(offset), new AvroTypeIndex(index));
  return { list, text };
}

const RECORD_HEAD = '{"type": "record", "name": "Order", "namespace": "com.example.sales", "fields": [';

// ------------------------------------------------------------------------------------------ type names

test('type names: a half-typed field type offers primitives, complex skeletons and the workspace named types', () => {
  const { list, text } = complete(`${RECORD_HEAD}\n  {"name": "a", "type": "|`);
  for (const primitive of ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']) item(list, primitive);
  for (const complex of ['record', 'enum', 'array', 'map', 'fixed'])
    assert.equal(item(list, complex).insertTextFormat, InsertTextFormat.Snippet);
  assert.match(docOf(item(list, 'long')), /64-bit signed integer/);
  // The string is replaced, closing quote included.
  assert.equal(accept(text, item(list, 'string')), `${RECORD_HEAD}\n  {"name": "a", "type": "string"`);
  assert.equal(item(list, 'string').filterText, '"string"');
  // A named type of another file, shown with its namespace, inserted as a fullname (another namespace).
  const customer = item(list, 'Customer', 'com.example.crm');
  assert.equal(editOf(customer).newText, '"com.example.crm.Customer"');
  assert.match(docOf(customer), /A customer of the shop/);
  assert.match(docOf(customer), /customer\.avsc/);
  item(list, 'Tier', 'com.example.crm');
  // The record around the cursor may refer to itself, by its simple name in its own namespace.
  assert.equal(editOf(item(list, 'Order', 'com.example.sales')).newText, '"Order"');
  // A type in the null namespace has no name that resolves inside com.example.sales.
  assert.ok(!labels(list).includes('Hash'));
});

test('type names: the shortest name that resolves from the cursor namespace', () => {
  const { list } = complete(
    '{"type": "record", "name": "Profile", "namespace": "com.example.crm", "fields": [{"name": "c", "type": "|"}]}',
  );
  assert.equal(editOf(item(list, 'Customer', 'com.example.crm')).newText, '"Customer"');
  assert.equal(editOf(item(list, 'Tier', 'com.example.crm')).newText, '"Tier"');
  const nullNamespace = complete('{"type": "record", "name": "Profile", "fields": [{"name": "c", "type": "|"}]}').list;
  assert.equal(editOf(item(nullNamespace, 'Hash', '(null namespace)')).newText, '"Hash"');
  assert.equal(editOf(item(nullNamespace, 'Customer', 'com.example.crm')).newText, '"com.example.crm.Customer"');
});

test('type names: a type defined later in the file is not offered (names are defined before use)', () => {
  const { list } = complete(
    `${RECORD_HEAD}{"name": "a", "type": "|"}, {"name": "b", "type": {"type": "enum", "name": "Later", "symbols": ["X"]}}]}`,
  );
  assert.ok(!labels(list).includes('Later'));
  const after = complete(
    `${RECORD_HEAD}{"name": "b", "type": {"type": "enum", "name": "Earlier", "symbols": ["X"]}}, {"name": "a", "type": "|"}]}`,
  ).list;
  assert.equal(editOf(item(after, 'Earlier')).newText, '"Earlier"');
});

test('type names: a skeleton replaces the string with an object that parses', () => {
  const { list, text } = complete(`${RECORD_HEAD}{"name": "a", "type": "rec|"}]}`);
  const result = accept(text, item(list, 'record'));
  const parsed = JSON.parse(result) as { fields: { type: unknown }[] };
  assert.deepEqual(parsed.fields[0].type, { type: 'record', name: 'Name', fields: [] });
  for (const [label, expected] of [
    ['enum', { type: 'enum', name: 'Name', symbols: ['SYMBOL'] }],
    ['array', { type: 'array', items: 'string' }],
    ['map', { type: 'map', values: 'string' }],
    ['fixed', { type: 'fixed', name: 'Name', size: 16 }],
  ] as const) {
    assert.deepEqual((JSON.parse(accept(text, item(list, label))) as { fields: { type: unknown }[] }).fields[0].type, expected, label);
  }
});

test('type names: union branches, items and values, also between items and without quotes', () => {
  const union = complete(`${RECORD_HEAD}{"name": "a", "type": ["null", |]}]}`);
  assert.equal(accept(union.text, item(union.list, 'string')), `${RECORD_HEAD}{"name": "a", "type": ["null", "string"]}]}`);
  const bare = complete(`${RECORD_HEAD}{"name": "a", "type": ["null", str|]}]}`);
  assert.equal(accept(bare.text, item(bare.list, 'string')), `${RECORD_HEAD}{"name": "a", "type": ["null", "string"]}]}`);
  const before = complete(`${RECORD_HEAD}{"name": "a", "type": [| "null"]}]}`);
  assert.equal(accept(before.text, item(before.list, 'long')), `${RECORD_HEAD}{"name": "a", "type": ["long", "null"]}]}`);
  const items = complete('{"type": "array", "items": "|"}');
  item(items.list, 'double');
  const values = complete('{"type": "map", "values": |}');
  assert.equal(accept(values.text, item(values.list, 'int')), '{"type": "map", "values": "int"}');
  const missing = complete(`${RECORD_HEAD}{"name": "a", "type": |\n "doc": "x"}]}`);
  assert.equal(accept(missing.text, item(missing.list, 'int')), `${RECORD_HEAD}{"name": "a", "type": "int",\n "doc": "x"}]}`);
});

test('type names: the type of a schema object is a primitive or complex keyword, as a plain string', () => {
  const { list, text } = complete(`${RECORD_HEAD}{"name": "a", "type": {"type": "|"}}]}`);
  for (const keyword of ['record', 'enum', 'array', 'map', 'fixed', 'long']) item(list, keyword);
  assert.equal(editOf(item(list, 'array')).newText, '"array"');
  assert.equal(item(list, 'array').insertTextFormat, undefined);
  assert.ok(!labels(list).includes('Customer'), 'named types are referred to by name, not in {"type": ...}');
  assert.equal(accept(text, item(list, 'map')), `${RECORD_HEAD}{"name": "a", "type": {"type": "map"}}]}`);
});

test('type names: an empty document offers the root schema', () => {
  const { list, text } = complete('|');
  const record = item(list, 'record');
  assert.deepEqual(JSON.parse(accept(text, record)), { type: 'record', name: 'Name', fields: [] });
});

// ------------------------------------------------------------------------------------------ keys

test('keys: half-typed field keys offer the field attributes that are missing, with documentation', () => {
  const { list, text } = complete(`${RECORD_HEAD}\n  {"name": "a", |`);
  assert.deepEqual(labels(list), ['type', 'default', 'doc', 'order', 'aliases']);
  assert.match(docOf(item(list, 'default')), /reader uses when the data was written without this field/);
  assert.match(docOf(item(list, 'order')), /ascending/);
  const type = item(list, 'type');
  assert.equal(editOf(type).newText, '"type": "$1"');
  assert.equal(type.insertTextFormat, InsertTextFormat.Snippet);
  assert.equal(type.command?.command, 'editor.action.triggerSuggest');
  assert.equal(accept(text, type), `${RECORD_HEAD}\n  {"name": "a", "type": ""`);
});

test('keys: a half-typed key string is replaced, and a key before another member gets commas', () => {
  const quoted = complete(`${RECORD_HEAD}{"name": "a", "ty|`);
  assert.equal(accept(quoted.text, item(quoted.list, 'type')), `${RECORD_HEAD}{"name": "a", "type": ""`);
  assert.equal(item(quoted.list, 'type').filterText, '"type"');
  const closed = complete(`${RECORD_HEAD}{"name": "a", "ty|"}]}`);
  assert.equal(accept(closed.text, item(closed.list, 'type')), `${RECORD_HEAD}{"name": "a", "type": ""}]}`);
  const withColon = complete(`${RECORD_HEAD}{"name": "a", "ty|": "int"}]}`);
  assert.equal(accept(withColon.text, item(withColon.list, 'type')), `${RECORD_HEAD}{"name": "a", "type": "int"}]}`);
  const noComma = complete('{"type": "record", "name": "R" |}');
  assert.equal(accept(noComma.text, item(noComma.list, 'fields')), '{"type": "record", "name": "R" , "fields": [\n  \n]}');
  const beforeKey = complete('{"type": "record", |"name": "R"}');
  JSON.parse(accept(beforeKey.text, item(beforeKey.list, 'doc')).replace('"doc": ""', '"doc": "x"'));
  const unquoted = complete(`${RECORD_HEAD}{"name": "a", ty|}]}`);
  assert.equal(accept(unquoted.text, item(unquoted.list, 'type')), `${RECORD_HEAD}{"name": "a", "type": ""}]}`);
});

test('keys: each kind of schema object has its own attributes', () => {
  assert.deepEqual(labels(complete('{"type": "record", |}').list), ['name', 'namespace', 'doc', 'aliases', 'fields']);
  assert.deepEqual(labels(complete('{"type": "enum", "name": "E", |}').list), ['namespace', 'doc', 'aliases', 'symbols', 'default']);
  assert.deepEqual(labels(complete('{"type": "fixed", |}').list), ['name', 'namespace', 'doc', 'aliases', 'size', 'logicalType']);
  assert.deepEqual(labels(complete('{"type": "array", |}').list), ['items', 'logicalType']);
  assert.deepEqual(labels(complete('{"type": "map", |}').list), ['values', 'logicalType']);
  assert.deepEqual(labels(complete('{"type": "long", |}').list), ['logicalType']);
  assert.deepEqual(labels(complete('{"type": "bytes", "logicalType": "decimal", |}').list), ['precision', 'scale']);
  assert.ok(labels(complete('{|}').list).includes('type'));
  assert.match(docOf(item(complete('{"type": "record", |}').list, 'namespace')), /namespace/);
});

test('keys: nothing in data (defaults, metadata) or in doc strings', () => {
  assert.deepEqual(complete(`${RECORD_HEAD}{"name": "a", "type": "string", "default": {|}}]}`).list.items, []);
  assert.deepEqual(complete(`${RECORD_HEAD}{"name": "a", "type": "string", "doc": "some |text"}]}`).list.items, []);
  assert.deepEqual(complete('{"type": "enum", "name": "E", "symbols": ["A", |]}').list.items, []);
});

test('fields: between fields, a new field', () => {
  const { list, text } = complete(`${RECORD_HEAD}{"name": "a", "type": "long"} |]}`);
  const field = item(list, 'field');
  assert.deepEqual(JSON.parse(accept(text, field)).fields[1], { name: 'name', type: 'string' });
});

// ------------------------------------------------------------------------------------------ values

test('logical types: only those valid for the underlying type', () => {
  const of = (type: string) => labels(complete(`{"type": ${type}, "logicalType": "|"}`).list);
  assert.deepEqual(of('"long"'), [
    'time-micros',
    'timestamp-millis',
    'timestamp-micros',
    'timestamp-nanos',
    'local-timestamp-millis',
    'local-timestamp-micros',
    'local-timestamp-nanos',
  ]);
  assert.deepEqual(of('"int"'), ['date', 'time-millis']);
  assert.deepEqual(of('"bytes"'), ['decimal', 'big-decimal']);
  assert.deepEqual(of('"string"'), ['uuid']);
  assert.deepEqual(labels(complete('{"type": "fixed", "name": "F", "size": 12, "logicalType": "|"}').list), ['decimal', 'duration']);
  assert.deepEqual(labels(complete('{"type": "fixed", "name": "F", "size": 16, "logicalType": "|"}').list), ['decimal', 'uuid']);
  assert.deepEqual(labels(complete('{"type": "fixed", "name": "F", "logicalType": "|"}').list), ['decimal', 'uuid', 'duration']);
  const timestamp = item(complete('{"type": "long", "logicalType": "|"}').list, 'timestamp-millis');
  assert.match(docOf(timestamp), /milliseconds since the Unix epoch, UTC, encoded as long/);
  const decimal = complete('{"type": "bytes", "logicalType": "|"}');
  assert.deepEqual(JSON.parse(accept(decimal.text, item(decimal.list, 'decimal'))), {
    type: 'bytes',
    logicalType: 'decimal',
    precision: 10,
    scale: 2,
  });
});

test('order values', () => {
  const { list, text } = complete(`${RECORD_HEAD}{"name": "a", "type": "int", "order": "|"}]}`);
  assert.deepEqual(labels(list), ['ascending', 'descending', 'ignore']);
  assert.match(docOf(item(list, 'ignore')), /ignored when sorting/);
  assert.equal(JSON.parse(accept(text, item(list, 'descending'))).fields[0].order, 'descending');
});

test('enum default: the symbols', () => {
  assert.deepEqual(labels(complete('{"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "|"}').list), ['A', 'B']);
});

test('namespace values: the namespaces of the workspace', () => {
  assert.deepEqual(labels(complete('{"type": "record", "name": "R", "namespace": "|"}').list), ['com.example.crm']);
});

function defaultFor(type: string, extra = ''): string {
  const { list, text } = complete(
    `${extra}{"type": "record", "name": "R", "namespace": "com.example.crm", "fields": [${extra ? '' : ''}{"name": "a", "type": ${type}, "default": |}]}`,
  );
  assert.equal(list.items.length, 1, `one default for ${type}`);
  const result = accept(text, list.items[0]);
  return JSON.stringify((JSON.parse(result) as { fields: { default: unknown }[] }).fields[0].default);
}

test('field default: a skeleton of the field type', () => {
  assert.equal(defaultFor('["null", "string"]'), 'null');
  assert.equal(defaultFor('"int"'), '0');
  assert.equal(defaultFor('"double"'), '0');
  assert.equal(defaultFor('"boolean"'), 'false');
  assert.equal(defaultFor('"string"'), '""');
  assert.equal(defaultFor('["string", "null"]'), '""');
  assert.equal(defaultFor('{"type": "array", "items": "long"}'), '[]');
  assert.equal(defaultFor('{"type": "map", "values": "long"}'), '{}');
  assert.equal(defaultFor('{"type": "enum", "name": "E", "symbols": ["FIRST", "SECOND"]}'), '"FIRST"');
  assert.equal(defaultFor('{"type": "fixed", "name": "F", "size": 2}'), '"\\u0000\\u0000"');
  assert.equal(defaultFor('{"type": "long", "logicalType": "timestamp-millis"}'), '0');
  assert.equal(
    defaultFor(
      '{"type": "record", "name": "P", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": ["null", "P"]}, {"name": "z", "type": "string", "default": "zed"}]}',
    ),
    '{"x":0,"y":null,"z":"zed"}',
  );
  // A record of another workspace file, through its reference.
  assert.equal(defaultFor('"Customer"'), '{"id":"","tier":"GOLD"}');
});

test('field default: the item explains itself, and replaces a half-typed value', () => {
  const { list, text } = complete(`${RECORD_HEAD}{"name": "a", "type": ["null", "long"], "default": nu|}]}`);
  assert.match(docOf(list.items[0]), /first branch/);
  assert.equal(JSON.parse(accept(text, list.items[0])).fields[0].default, null);
});

test('defaultSkeleton: undefined for an unresolved reference or a record with no finite default', () => {
  const { schema } = parseAvroDocument(
    '{"type": "record", "name": "Loop", "fields": [{"name": "next", "type": "Loop"}, {"name": "u", "type": "Unknown"}]}',
  );
  const root = schema.root;
  assert.ok(root?.kind === 'record');
  assert.equal(
    defaultSkeleton(root, () => undefined),
    undefined,
  );
  assert.equal(
    defaultSkeleton(root.fields[1].type, () => undefined),
    undefined,
  );
});

// ------------------------------------------------------------------------------------------ caching, robustness

test('caching: requests on the same text reuse its parse', () => {
  const { text, offset } = withCursor(`${RECORD_HEAD}{"name": "a", "type": "|"}]}`);
  const { index, uri } = memoryWorkspace({ 'order.avsc': text });
  const types = new AvroTypeIndex(index);
  const position = new LineIndex(text).positionAt(offset);
  completeAvro(uri('order.avsc'), text, position, types);
  const first = types.document(uri('order.avsc'), text);
  completeAvro(uri('order.avsc'), `${text}`, position, types);
  assert.equal(types.document(uri('order.avsc'), text), first);
  assert.equal(types.document(uri('order.avsc'), text.slice(0)), first);
});

const BROKEN = [
  '',
  '{',
  '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "',
  '{"type": "record", "name": "R", "fields": [{"name": "a", ',
  '{"type": "record", "name": "R", "fields": [{"name": "a", "type": ["null", {"type": "enum", "name": "E", "symbols": ["A", ]}], "default": }',
  '{"type": "record", "name": , "fields": [}, "namespace": 3, "aliases": [1, {}]}',
  '[{"type": "fixed", "size": -1, "logicalType": "decimal"}, "E", {"type": "map"}, {"type": {"type": "array", "items": "R"}}]',
  '{"type" "record" "name" "R" "fields" [{"name" "a" "type" "int"}]}',
  "{'type': 'record', name: R, fields: [{}]}",
  ']]]}}}"\\u12',
  '{"a": "\\',
  '\u0000\uffff{"type":"enum","symbols":"x","default":null}',
  '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "R", "default": {"a": {"a": null}}}]}\n\n  garbage',
];

test('robustness: every offset of broken texts, through every feature, without a throw', () => {
  for (const text of BROKEN) {
    const { index, uri } = memoryWorkspace({ 'broken.avsc': text, 'crm/customer.avsc': CUSTOMER });
    const types = new AvroTypeIndex(index);
    const lines = new LineIndex(text);
    const file = uri('broken.avsc');
    for (let offset = 0; offset <= text.length; offset++) {
      const position = lines.positionAt(offset);
      const list = completeAvro(file, text, position, types);
      assert.ok(Array.isArray(list.items));
      hoverAvro(file, text, position, types);
      assert.ok(Array.isArray(findAvroDefinition(file, text, position, types)));
      assert.ok(Array.isArray(findAvroReferences(file, text, position, types, true)));
      prepareAvroRename(file, text, position, types);
    }
    completeAvro(file, text, { line: -1, character: 1e9 }, types);
    completeAvro(file, text, { line: 1e9, character: Number.NaN }, types);
    assert.ok(Array.isArray(avroSymbols(text)));
    assert.ok(Array.isArray(formatAvro(text, { tabSize: 2, insertSpaces: true })));
  }
});

test('robustness: random edits of a schema, at random offsets, without a throw', () => {
  const schema = `${RECORD_HEAD}\n  {"name": "a", "type": ["null", {"type": "enum", "name": "E", "symbols": ["X"]}], "default": null},\n  {"name": "b", "type": {"type": "fixed", "name": "F", "size": 12, "logicalType": "duration"}},\n  {"name": "c", "type": "com.example.crm.Customer", "order": "ignore"}\n]}`;
  const piece = fc.constantFrom(
    '{',
    '}',
    '[',
    ']',
    '"',
    ':',
    ',',
    ' ',
    '\n',
    '\\',
    'null',
    '"type"',
    '"name"',
    '"record"',
    'x',
    '\u00e9',
    '\ud83d',
  );
  const edit = fc.record({ at: fc.nat(), remove: fc.nat(6), insert: fc.array(piece, { maxLength: 4 }) });
  assertProperty(
    fc.property(fc.array(edit, { maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (edits, offsets) => {
      let text = schema;
      for (const { at, remove, insert } of edits) {
        const start = at % (text.length + 1);
        text = text.slice(0, start) + insert.join('') + text.slice(start + remove);
      }
      const { index, uri } = memoryWorkspace({ 'fuzz.avsc': text, 'crm/customer.avsc': CUSTOMER });
      const types = new AvroTypeIndex(index);
      const lines = new LineIndex(text);
      for (const offset of offsets) {
        const position = lines.positionAt(offset % (text.length + 1));
        assert.ok(Array.isArray(completeAvro(uri('fuzz.avsc'), text, position, types).items));
        hoverAvro(uri('fuzz.avsc'), text, position, types);
        findAvroDefinition(uri('fuzz.avsc'), text, position, types);
        prepareAvroRename(uri('fuzz.avsc'), text, position, types);
      }
      avroSymbols(text);
      formatAvro(text, { tabSize: 2, insertSpaces: true });
    }),
    { numRuns: 300 },
  );
});
