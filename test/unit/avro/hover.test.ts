import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { hoverAvro } from '../../../server/src/services/avro/avroHover';
import { AvroTypeIndex } from '../../../server/src/services/workspace/avroTypeIndex';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { memoryWorkspace, withCursor } from '../../support/memoryWorkspace';

const CUSTOMER = JSON.stringify(
  {
    type: 'record',
    name: 'Customer',
    namespace: 'com.example.crm',
    doc: 'A customer of the shop.',
    fields: [
      { name: 'id', type: 'string', doc: 'The customer id.' },
      { name: 'since', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'tier', type: ['null', { type: 'enum', name: 'Tier', symbols: ['GOLD', 'SILVER'], default: 'SILVER' }], default: null },
    ],
  },
  null,
  2,
);

function hover(textWithCursor: string): { hover: Hover | null; text: string } {
  const { text, offset } = withCursor(textWithCursor);
  const { index, uri } = memoryWorkspace({ 'schemas/order.avsc': text, 'crm/customer.avsc': CUSTOMER });
  return { hover: hoverAvro(uri('schemas/order.avsc'), text, new LineIndex(text).positionAt(offset), new AvroTypeIndex(index)), text };
}

function markdown(textWithCursor: string): string {
  const { hover: result } = hover(textWithCursor);
  assert.ok(result, `a hover at ${textWithCursor}`);
  const contents = result.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

const HEAD = '{"type": "record", "name": "Order", "namespace": "com.example.sales", "doc": "An order.", "fields": [';

test('a reference to a record of another workspace file shows its definition', () => {
  const value = markdown(`${HEAD}{"name": "buyer", "type": "com.example.crm.Cus|tomer"}]}`);
  assert.match(value, /^\*\*com\.example\.crm\.Customer\*\* · record/);
  assert.match(value, /Defined in \[customer\.avsc\]\(file:\/\/\/ws\/crm\/customer\.avsc\)/);
  assert.match(value, /A customer of the shop\./);
  assert.match(value, /\| `id` \| `string` \| The customer id\. \|/);
  assert.match(value, /\| `since` \| `long \(timestamp-millis\)` \|/);
  assert.match(value, /\| `tags` \| `array<string>` \|/);
  assert.match(value, /\| `tier` \| `null \\\| Tier` \|/);
});

test('the hover range is the reference string', () => {
  const { hover: result, text } = hover(`${HEAD}{"name": "buyer", "type": "com.example.crm.Cus|tomer"}]}`);
  const start = text.indexOf('"com.example.crm.Customer"');
  assert.deepEqual(result?.range, new LineIndex(text).rangeOf(start, start + '"com.example.crm.Customer"'.length));
});

test('a reference to an enum shows its symbols, to a fixed its size; local types have no file line', () => {
  const enumHover = markdown(`${HEAD}{"name": "tier", "type": "com.example.crm.T|ier"}]}`);
  assert.match(enumHover, /\*\*com\.example\.crm\.Tier\*\* · enum/);
  assert.match(enumHover, /Symbols: `GOLD`, `SILVER` · default `SILVER`/);
  const fixed = markdown(
    `${HEAD}{"name": "h", "type": {"type": "fixed", "name": "Hash", "size": 16, "doc": "A hash."}}, {"name": "h2", "type": "Ha|sh"}]}`,
  );
  assert.match(fixed, /\*\*com\.example\.sales\.Hash\*\* · fixed/);
  assert.match(fixed, /Size: 16 bytes/);
  assert.match(fixed, /A hash\./);
  assert.doesNotMatch(fixed, /Defined in/);
});

test('the name of a definition shows the type itself; an alias shows what it stands for', () => {
  assert.match(
    markdown(`{"type": "record", "name": "Ord|er", "namespace": "a.b", "fields": [{"name": "x", "type": "int"}]}`),
    /\*\*a\.b\.Order\*\* · record[\s\S]*\| `x` \| `int` \|/,
  );
  assert.match(
    markdown(`{"type": "record", "name": "Order", "aliases": ["Pur|chase"], "fields": []}`),
    /Alias `Purchase` \(a former name\) of:[\s\S]*\*\*Order\*\*/,
  );
});

test('a logical type shows its meaning and encoding', () => {
  assert.match(
    markdown(`${HEAD}{"name": "at", "type": {"type": "long", "logicalType": "timestamp-mi|llis"}}]}`),
    /milliseconds since the Unix epoch, UTC, encoded as long/,
  );
  assert.match(markdown('{"type": "int", "logicalType": "da|te"}'), /days since the Unix epoch[\s\S]*encoded as int/);
  assert.match(markdown('{"type": "fixed", "name": "D", "size": 12, "logicalType": "dura|tion"}'), /encoded as a fixed of size 12/);
  assert.match(
    markdown('{"type": "bytes", "logicalType": "deci|mal", "precision": 9, "scale": 2}'),
    /up to 9 digits, 2 after the decimal point/,
  );
  assert.match(markdown('{"type": "long", "logicalType": "times|tamp"}'), /not a logical type/);
});

test('a primitive shows its description, a complex type keyword its meaning, an attribute key its documentation', () => {
  assert.match(markdown(`${HEAD}{"name": "n", "type": "lo|ng"}]}`), /\*\*long\*\* \(primitive type\): A 64-bit signed integer/);
  assert.match(markdown(`${HEAD}{"name": "n", "type": ["nu|ll", "string"]}]}`), /\*\*null\*\* \(primitive type\)/);
  assert.match(markdown(`${HEAD}{"name": "n", "type": {"type": "ma|p", "values": "int"}}]}`), /\*\*map\*\*: String keys/);
  assert.match(markdown(`${HEAD}{"name": "n", "type": "int", "or|der": "ignore"}]}`), /\*\*`order`\*\* \(field attribute\)/);
  assert.match(markdown(`${HEAD}{"name": "n", "type": "int", "order": "ign|ore"}]}`), /ignored when sorting/);
  assert.match(markdown('{"type": "record", "name": "R", "name|space": "x", "fields": []}'), /\*\*`namespace`\*\* \(schema attribute\)/);
});

test('an unresolved reference says so; doc strings, numbers and metadata have no hover', () => {
  assert.match(markdown(`${HEAD}{"name": "n", "type": "Miss|ing"}]}`), /`com\.example\.sales\.Missing` is not defined/);
  assert.equal(hover(`${HEAD}{"name": "n", "type": "int", "doc": "lo|ng"}]}`).hover, null);
  assert.equal(hover('{"type": "fixed", "name": "F", "size": 1|6}').hover, null);
  assert.equal(hover('{"type": "record", "name": "R", "fields": [], "x-owner": "te|am"}').hover, null);
});

test('hover works in half-typed text', () => {
  assert.match(markdown(`${HEAD}{"name": "n", "type": "lo|ng"}, {"name": "m", "type": `), /A 64-bit signed integer/);
});
