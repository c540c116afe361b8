import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertProperty } from '../../support/propertySeed';
import type { FormattingOptions } from 'vscode-languageserver-types';
import { formatAvro, formatAvroText } from '../../../server/src/services/avro/avroFormat';
import { applyEdits } from '../../support/applyEdits';

const SPACES: FormattingOptions = { tabSize: 2, insertSpaces: true };

function format(text: string, options: FormattingOptions = SPACES): string {
  return applyEdits(text, formatAvro(text, options));
}

test('layout: the Avro documentation example', () => {
  const input =
    '{"type": "record", "name": "LongList", "aliases": ["LinkedLongs"], "fields" : [{"name": "value", "type": "long"}, {"name": "next", "type": ["null", "LongList"]}]}';
  assert.equal(
    format(input),
    `{
  "type": "record",
  "name": "LongList",
  "aliases": ["LinkedLongs"],
  "fields": [
    {"name": "value", "type": "long"},
    {"name": "next", "type": ["null", "LongList"]}
  ]
}`,
  );
});

test('layout: records and their fields open; what does not fit in 80 columns opens; short things stay on one line', () => {
  const input = JSON.stringify({
    type: 'record',
    name: 'Order',
    namespace: 'com.example.sales',
    fields: [
      { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'RETURNED'] } },
      { name: 'note', type: ['null', 'string'], default: null, doc: 'A note that the customer wrote when ordering, shown to the courier.' },
      { name: 'line', type: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } },
      { name: 'empty', type: { type: 'record', name: 'Empty', fields: [] } },
    ],
  });
  assert.equal(
    format(input),
    `{
  "type": "record",
  "name": "Order",
  "namespace": "com.example.sales",
  "fields": [
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {
      "name": "status",
      "type": {
        "type": "enum",
        "name": "Status",
        "symbols": ["PLACED", "PAID", "SHIPPED", "DELIVERED", "RETURNED"]
      }
    },
    {
      "name": "note",
      "type": ["null", "string"],
      "default": null,
      "doc": "A note that the customer wrote when ordering, shown to the courier."
    },
    {
      "name": "line",
      "type": {
        "type": "record",
        "name": "Line",
        "fields": [
          {"name": "sku", "type": "string"}
        ]
      }
    },
    {
      "name": "empty",
      "type": {
        "type": "record",
        "name": "Empty",
        "fields": []
      }
    }
  ]
}`,
  );
});

test('options: tab size, tabs, final newline; the line ending and a byte order mark are kept', () => {
  const input = '{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}';
  assert.equal(
    format(input, { tabSize: 4, insertSpaces: true }),
    '{\n    "type": "record",\n    "name": "R",\n    "fields": [\n        {"name": "a", "type": "int"}\n    ]\n}',
  );
  assert.equal(
    format(input, { tabSize: 4, insertSpaces: false }),
    '{\n\t"type": "record",\n\t"name": "R",\n\t"fields": [\n\t\t{"name": "a", "type": "int"}\n\t]\n}',
  );
  assert.equal(format(input, { ...SPACES, insertFinalNewline: true }).endsWith('}\n'), true);
  assert.equal(format(`${input}\n\n\n`), `${format(input)}\n`);
  assert.equal(
    format('{"type": "record",\r\n"name": "R", "fields": []}'),
    '{\r\n  "type": "record",\r\n  "name": "R",\r\n  "fields": []\r\n}',
  );
  assert.equal(format('\ufeff["null","string"]'), '\ufeff["null", "string"]');
});

test('content: numbers, escapes and repeated keys are kept as written', () => {
  const input =
    '{"type":"fixed","size":16e0,"name":"caf\\u00e9","doc":"tab\\there \\"quoted\\" \\/","x":1.50,"x":-0,"big":12345678901234567890}';
  const output = format(input);
  assert.equal(
    output,
    '{\n  "type": "fixed",\n  "size": 16e0,\n  "name": "caf\\u00e9",\n  "doc": "tab\\there \\"quoted\\" \\/",\n  "x": 1.50,\n  "x": -0,\n  "big": 12345678901234567890\n}',
  );
  assert.deepEqual(JSON.parse(output), JSON.parse(input));
});

test('refusal: JSON syntax errors and empty text get no edit; formatted text gets none either', () => {
  for (const broken of [
    '',
    '   ',
    '{',
    '{"type": "record",}',
    '{"a": 1} x',
    "{'a': 1}",
    '["a" "b"]',
    '{"a": "\u0001"}',
    '{"type": "record", "name": "R"',
  ]) {
    assert.deepEqual(formatAvro(broken, SPACES), [], JSON.stringify(broken));
  }
  const formatted = format('{"type":"record","name":"R","fields":[]}');
  assert.deepEqual(formatAvro(formatted, SPACES), []);
});

test('the edit is one full-document replacement', () => {
  const text = '{"a":\n1}';
  const edits = formatAvro(text, SPACES);
  assert.equal(edits.length, 1);
  assert.deepEqual(edits[0].range, { start: { line: 0, character: 0 }, end: { line: 1, character: 2 } });
});

// ------------------------------------------------------------------------------------------ properties

/** JSON text of `value` with whitespace from `spaces` (cycled) between every two tokens. */
function messy(value: unknown, spaces: string[]): string {
  let next = 0;
  const ws = () => spaces[next++ % spaces.length];
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${ws()}${v.map((item) => `${write(item)}${ws()}`).join(`,${ws()}`)}]`;
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      return `{${ws()}${entries.map(([key, item]) => `${JSON.stringify(key)}${ws()}:${ws()}${write(item)}${ws()}`).join(`,${ws()}`)}}`;
    }
    return JSON.stringify(v);
  };
  return write(value);
}

const whitespace = fc.array(fc.constantFrom('', ' ', '  ', '\n', '\t', '\r\n', '\n    '), { minLength: 1, maxLength: 12 });
const optionsArbitrary = fc.record({
  tabSize: fc.constantFrom(1, 2, 3, 4, 8),
  insertSpaces: fc.boolean(),
  insertFinalNewline: fc.boolean(),
});

/** Lines longer than the width may only hold one scalar (with its key), or open a container. */
function checkWidth(output: string, options: FormattingOptions): void {
  for (const line of output.split(/\r?\n/)) {
    const columns = line.replace(/^\t+/, (tabs) => ' '.repeat(tabs.length * options.tabSize)).length;
    if (columns <= 80) continue;
    const stripped = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').trim();
    assert.match(stripped, /^(""\s*:\s*)?([^{}[\],]+|[{[]|[}\]]),?$/, `an overlong line with an inline container: ${line}`);
  }
}

function checkFormat(input: string, options: FormattingOptions): void {
  const output = formatAvroText(input, options);
  assert.ok(output !== undefined, 'valid JSON is formatted');
  assert.deepEqual(JSON.parse(output), JSON.parse(input));
  assert.equal(formatAvroText(output, options), output, 'idempotent');
  assert.deepEqual(formatAvro(output, options), []);
  checkWidth(output, options);
}

test('property: any JSON, however spaced, keeps its value and formats idempotently', () => {
  assertProperty(
    fc.property(fc.jsonValue({ maxDepth: 5 }), whitespace, optionsArbitrary, (value, spaces, options) => {
      checkFormat(messy(value, spaces), options);
      checkFormat(JSON.stringify(value), options);
    }),
    { numRuns: 300 },
  );
});

const NAME = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
const PRIMITIVE = fc.constantFrom('null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string');

const schemaArbitrary = fc.letrec<{ schema: unknown; field: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    PRIMITIVE,
    fc.record({ type: fc.constant('array'), items: tie('schema') }),
    fc.record({ type: fc.constant('map'), values: tie('schema') }),
    fc.array(fc.oneof(PRIMITIVE, NAME), { minLength: 1, maxLength: 4 }),
    fc.record({ type: fc.constant('enum'), name: NAME, symbols: fc.array(NAME, { minLength: 1, maxLength: 8 }) }),
    fc.record(
      { type: fc.constant('fixed'), name: NAME, size: fc.nat(64), logicalType: fc.constantFrom('decimal', 'duration') },
      { requiredKeys: ['type', 'name', 'size'] },
    ),
    fc.record({ type: fc.constant('long'), logicalType: fc.constantFrom('timestamp-millis', 'timestamp-micros') }),
    fc.record(
      {
        type: fc.constant('record'),
        name: NAME,
        namespace: fc.constantFrom('com.example', 'org.acme.events'),
        doc: fc.string({ maxLength: 90 }),
        fields: fc.array(tie('field'), { maxLength: 6 }),
      },
      { requiredKeys: ['type', 'name', 'fields'] },
    ),
  ),
  field: fc.record(
    {
      name: NAME,
      type: tie('schema'),
      doc: fc.string({ maxLength: 70 }),
      default: fc.jsonValue({ maxDepth: 2 }),
      order: fc.constantFrom('ascending', 'descending', 'ignore'),
    },
    { requiredKeys: ['name', 'type'] },
  ),
}));

test('property: random Avro schemas keep their value, format idempotently and fit the width', () => {
  assertProperty(
    fc.property(schemaArbitrary.schema, whitespace, optionsArbitrary, (schema, spaces, options) => {
      checkFormat(messy(schema, spaces), options);
      checkFormat(JSON.stringify(schema, null, 4), options);
    }),
    { numRuns: 300 },
  );
});

// How long it takes is measured by npm run bench (bench/editorBoundsBench.ts), not asserted here.
test('a large schema formats to the same JSON', () => {
  const fields = Array.from({ length: 10_000 }, (_, i) => ({
    name: `f${i}`,
    type: ['null', i % 2 ? 'string' : { type: 'array', items: 'long' }],
    default: null,
  }));
  const text = JSON.stringify({ type: 'record', name: 'Big', fields });
  const output = formatAvroText(text, SPACES);
  assert.ok(output !== undefined);
  assert.deepEqual(JSON.parse(output), JSON.parse(text));
  assert.equal(output.split('\n').length > 10_000, true, 'one line per field at least');
});
