import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAvroSchema } from '../../../server/src/services/avro/avroParser';
import type { AvroRecord } from '../../../server/src/services/avro/avroSchema';
import { avroTypeText } from '../../../server/src/services/avro/avroTypeText';
import { summarizeAvroSchema } from '../../../server/src/services/avro/avroLint';

/** The types of the fields of a record schema, by field name. */
function fieldTypes(fields: unknown[], head: Record<string, unknown> = { name: 'R', namespace: 'com.example' }) {
  const { schema } = parseAvroSchema(JSON.stringify({ type: 'record', ...head, fields }));
  const record = schema.root as AvroRecord;
  assert.equal(record.kind, 'record');
  return Object.fromEntries(record.fields.map((field) => [field.name, field.type]));
}

const FIELDS = [
  { name: 'id', type: 'string' },
  { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  { name: 'tags', type: { type: 'array', items: 'string' } },
  { name: 'byKey', type: { type: 'map', values: { type: 'array', items: 'int' } } },
  { name: 'status', type: ['null', { type: 'enum', name: 'Status', symbols: ['A'] }] },
  { name: 'again', type: 'Status' },
  { name: 'other', type: ['null', { type: 'fixed', name: 'org.x.Hash', size: 16 }] },
  { name: 'money', type: { type: 'fixed', name: 'Money', size: 8, logicalType: 'decimal', precision: 10 } },
  { name: 'self', type: ['null', 'R'] },
];

test('structure form: the whole type, logical types after their type, names short in the given namespace', () => {
  const types = fieldTypes(FIELDS);
  const text = (name: string, namespace?: string) => avroTypeText(types[name], { namespace });
  assert.equal(text('id'), 'string');
  assert.equal(text('at'), 'long (timestamp-millis)');
  assert.equal(text('tags'), 'array<string>');
  assert.equal(text('byKey'), 'map<array<int>>');
  assert.equal(text('status', 'com.example'), 'null | Status');
  assert.equal(text('status'), 'null | com.example.Status', 'without a namespace, every name is full');
  assert.equal(text('again', 'com.example'), 'Status');
  assert.equal(text('other', 'com.example'), 'null | org.x.Hash');
  assert.equal(text('money', 'com.example'), 'Money (decimal)');
  assert.equal(text('self', 'com.example'), 'null | R');
});

test('structure form: deep nesting is cut short', () => {
  let type: unknown = 'int';
  for (let i = 0; i < 8; i++) type = { type: 'array', items: type };
  const types = fieldTypes([{ name: 'deep', type }]);
  assert.equal(avroTypeText(types.deep), 'array<array<array<array<array<…>>>>>');
});

test('kind form: what kind of type, for messages; a union lists its branches, named ones by name', () => {
  const types = fieldTypes(FIELDS);
  const kind = (name: string) => avroTypeText(types[name], { form: 'kind' });
  assert.equal(kind('id'), 'string');
  assert.equal(kind('at'), 'long');
  assert.equal(kind('tags'), 'array');
  assert.equal(kind('byKey'), 'map');
  assert.equal(kind('status'), '[null, com.example.Status]');
  assert.equal(kind('again'), 'enum com.example.Status', 'a reference is named by what it refers to');
  assert.equal(kind('money'), 'fixed com.example.Money');
  assert.equal(kind('self'), '[null, com.example.R]');
});

test('kind form: an unresolved reference is the name as written', () => {
  const { schema } = parseAvroSchema('{"type": "record", "name": "R", "fields": [{"name": "a", "type": ["null", "Nowhere"]}]}');
  const field = (schema.root as AvroRecord).fields[0];
  assert.equal(avroTypeText(field.type, { form: 'kind' }), '[null, Nowhere]');
});

test("the manifest's schema summary writes field types as the Avro hover does", () => {
  const summary = summarizeAvroSchema(JSON.stringify({ type: 'record', name: 'R', namespace: 'com.example', doc: 'Doc.', fields: FIELDS }));
  assert.deepEqual(summary && { ...summary, fields: summary.fields.slice(0, 5) }, {
    name: 'R',
    namespace: 'com.example',
    doc: 'Doc.',
    type: 'record',
    fields: [
      { name: 'id', type: 'string', doc: undefined },
      // The logical type after its type, as in the Avro hover (it used to be `timestamp-millis (long)` here).
      { name: 'at', type: 'long (timestamp-millis)', doc: undefined },
      { name: 'tags', type: 'array<string>', doc: undefined },
      { name: 'byKey', type: 'map<array<int>>', doc: undefined },
      { name: 'status', type: 'null | Status', doc: undefined },
    ],
  });
});

test('the schema summary takes a dotted name as the fullname, whatever the namespace attribute says', () => {
  const summary = summarizeAvroSchema('{"type": "error", "name": "a.b.Failed", "namespace": "ignored", "fields": []}');
  assert.deepEqual(summary, { name: 'Failed', namespace: 'a.b', doc: undefined, type: 'error', fields: [] });
});

test('the schema summary of texts that are no schema object', () => {
  assert.equal(summarizeAvroSchema('"string"'), undefined);
  assert.equal(summarizeAvroSchema('[1, 2'), undefined);
  assert.deepEqual(summarizeAvroSchema('{"type": "string"}'), {
    name: '(anonymous)',
    namespace: undefined,
    doc: undefined,
    type: 'string',
    fields: [],
  });
});
