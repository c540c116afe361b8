import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertProperty } from '../../support/propertySeed';
import { parse } from 'yaml';
import { InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import { completeManifest } from '../../../server/src/services/manifest/completion';
import { hoverManifest } from '../../../server/src/services/manifest/hover';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { accept as acceptItem, docOf, editOf, item, labels } from '../../support/completionAssertions';
import { sampleWorkspace, VALID_MANIFEST, withCursor } from '../../support/memoryWorkspace';

const HEADER = `apiVersion: datamesh/v1
kind: DataProduct
id: sales.orders
name: orders
domain: sales
version: 1.2.0
status: active
`;

function complete(
  textWithCursor: string,
  options: { files?: Record<string, string>; path?: string } = {},
): { list: CompletionList; text: string } {
  const { index, uri } = sampleWorkspace(options.files);
  const { text, offset } = withCursor(textWithCursor);
  const list = completeManifest(uri(options.path ?? 'orders.dataproduct.yaml'), text, new LineIndex(text).positionAt(offset), index);
  return { list, text };
}

const acceptIndented = (text: string, accepted: CompletionItem) => acceptItem(text, accepted, { indentLaterLines: true });

// ------------------------------------------------------------------------------------------ keys

test('keys: a half-typed top-level key offers the missing top-level fields with schema documentation', () => {
  const { list } = complete(`${HEADER}ti|\n`);
  const tier = item(list, 'tier');
  assert.equal(tier.kind, 10 /* Property */);
  assert.match(docOf(tier), /criticality/);
  assert.match(docOf(tier), /`tier-1`: Business critical\./);
  assert.deepEqual(editOf(tier), { range: { start: { line: 7, character: 0 }, end: { line: 7, character: 2 } }, newText: 'tier: ' });
  for (const present of ['apiVersion', 'id', 'name', 'status']) assert.ok(!labels(list).includes(present), `${present} is already there`);
  for (const nested of ['team', 'purpose', 'topic']) assert.ok(!labels(list).includes(nested), `${nested} is not a top-level key`);
});

test('keys: an object-valued key opens its block with its required children as a snippet', () => {
  const { list } = complete('|');
  const owner = item(list, 'owner');
  assert.equal(owner.insertTextFormat, InsertTextFormat.Snippet);
  assert.equal(editOf(owner).newText, 'owner:\n  team: $1');
  assert.equal(editOf(item(list, 'description')).newText, 'description:\n  purpose: $1');
  assert.equal(editOf(item(list, 'deprecation')).newText, 'deprecation:\n  sunset: $1');
  assert.equal(editOf(item(list, 'inputPorts')).newText, 'inputPorts:\n  - product: $1\n    port: $2');
  // Required keys sort before optional ones.
  assert.ok((item(list, 'owner').sortText ?? '') < (item(list, 'sla').sortText ?? ''));
});

test('keys: outputPorts inserts a whole port whose topic follows the policy', () => {
  const { list, text } = complete(`${HEADER}tier: tier-1\noutp|\n`);
  const outputPorts = item(list, 'outputPorts');
  assert.equal(outputPorts.insertTextFormat, InsertTextFormat.Snippet);
  const result = parse(acceptIndented(text, outputPorts)) as { outputPorts: Record<string, unknown>[] };
  assert.deepEqual(result.outputPorts, [
    { name: 'orders-events', topic: 'sales.orders.v1', value: { format: 'avro', schema: 'schemas/order.avsc', compatibility: 'FULL' } },
  ]);
});

test('keys: inside owner, only the owner fields that are not there yet', () => {
  const { list } = complete(`${HEADER}owner:\n  team: sales-platform\n  |\ntier: tier-1\n`);
  assert.deepEqual(labels(list), ['email']);
  assert.match(docOf(item(list, 'email')), /e-mail address/);
});

test('keys: inside description, with keys below the cursor counted as present', () => {
  const { list } = complete(`${HEADER}description:\n  us|\n  purpose: Orders.\n`);
  assert.deepEqual(labels(list).sort(), ['limitations', 'usage']);
});

test('keys: inside sla, a $ref field keeps its own description', () => {
  const { list } = complete(`${HEADER}sla:\n  availability: 99.9%\n  |`);
  assert.deepEqual(labels(list).sort(), ['freshness', 'retention']);
  assert.match(docOf(item(list, 'freshness')), /PT5M/);
});

test('keys: inside an output port item, the port fields not yet used', () => {
  const { list } = complete(`${HEADER}outputPorts:\n  - name: order-events\n    |\n    value:\n      format: avro\n`);
  const got = labels(list);
  for (const expected of ['topic', 'partitions', 'cleanupPolicy', 'key']) assert.ok(got.includes(expected), expected);
  for (const absent of ['name', 'value', 'tier', 'owner', 'format', 'output port']) assert.ok(!got.includes(absent), absent);
  assert.match(docOf(item(list, 'topic')), /topicPattern/);
  assert.equal(editOf(item(list, 'key')).newText, 'key:\n  format: ${1|avro,json,string,bytes|}');
});

test('keys: inside value and key of a port', () => {
  const value = complete(`${HEADER}outputPorts:\n  - name: a\n    value:\n      format: avro\n      |\n`).list;
  assert.deepEqual(labels(value).sort(), ['compatibility', 'schema']);
  assert.match(docOf(item(value, 'compatibility')), /Defaults to BACKWARD/);
  assert.match(docOf(item(value, 'schema')), /relative to the manifest/);
  const key = complete(`${HEADER}outputPorts:\n  - name: a\n    key:\n      |\n`).list;
  assert.deepEqual(labels(key).sort(), ['format', 'schema']);
});

test('keys: inside an input port item and in deprecation', () => {
  const input = complete(`${HEADER}inputPorts:\n  - product: sales.customers\n    |\n`).list;
  assert.deepEqual(labels(input), ['port']);
  assert.match(docOf(item(input, 'port')), /output ports/);
  const deprecation = complete(`${HEADER}deprecation:\n  |\n`).list;
  assert.deepEqual(labels(deprecation).sort(), ['replacement', 'sunset']);
});

test('keys: a new `- ` item in outputPorts offers the "output port" snippet, which yields a valid port', () => {
  const { list, text } = complete(`${HEADER}tier: tier-2\noutputPorts:\n  - name: order-events\n    topic: sales.orders.v1\n  - |\n`);
  const port = item(list, 'output port');
  assert.equal(list.items[0].label, 'output port');
  assert.equal(port.insertTextFormat, InsertTextFormat.Snippet);
  assert.deepEqual(editOf(port).range, { start: { line: 11, character: 4 }, end: { line: 11, character: 4 } });
  const result = parse(acceptIndented(text, port)) as { outputPorts: Record<string, unknown>[] };
  assert.deepEqual(result.outputPorts[1], {
    name: 'orders-events',
    topic: 'sales.orders.v1',
    value: { format: 'avro', schema: 'schemas/order.avsc', compatibility: 'BACKWARD' },
  });
  // The new item has no keys yet, so every port field is offered too.
  assert.ok(labels(list).includes('name'));
});

test('keys: at the column of the output port items without a dash, the snippet brings its own `- `', () => {
  const { list, text } = complete(`${HEADER}outputPorts:\n  - name: a\n    topic: sales.orders.v1\n  |`);
  assert.deepEqual(labels(list), ['output port']);
  const result = parse(acceptIndented(text, item(list, 'output port'))) as { outputPorts: { name: string }[] };
  assert.deepEqual(
    result.outputPorts.map((port) => port.name),
    ['a', 'orders-events'],
  );
});

test('keys: the cursor in an existing key replaces only the key', () => {
  const { list } = complete(`${HEADER}ti|er: tier-1\n`);
  assert.deepEqual(editOf(item(list, 'tier')), {
    range: { start: { line: 7, character: 0 }, end: { line: 7, character: 4 } },
    newText: 'tier',
  });
});

test('keys: a syntax error elsewhere in the document does not matter', () => {
  const { list } = complete(`${HEADER}tags: [orders, \n\tbroken: "unterminated\nowner:\n  team: x\n  e|\nquality: {\n`);
  assert.deepEqual(labels(list), ['email']);
});

test("keys: a sequence written at its key's own column", () => {
  const { list } = complete(`${HEADER}inputPorts:\n- product: sales.customers\n  |\n`);
  assert.deepEqual(labels(list), ['port']);
});

test('keys: nothing inside a block scalar, a comment, or under a scalar value', () => {
  assert.deepEqual(labels(complete(`${HEADER}description:\n  purpose: >\n    Orders and\n    so|\n`).list), []);
  // A block scalar where a mapping is expected: its lines are text, not keys of `description`.
  assert.deepEqual(labels(complete(`${HEADER}description: >\n  pu|\n`).list), []);
  assert.deepEqual(labels(complete(`${HEADER}# own|\n`).list), []);
  assert.deepEqual(labels(complete(`${HEADER}tier: tier-1 # ti|\n`).list), []);
  // Indented under `status: active`: the continuation of a scalar.
  assert.deepEqual(labels(complete(`${HEADER}  |`).list), []);
});

// ---------------------------------------------------------------------------------------- values

test('values: enum values replace the partly typed value', () => {
  const { list, text } = complete(`${HEADER}tier: ti|\n`);
  assert.deepEqual(labels(list), ['tier-1', 'tier-2', 'tier-3']);
  const tier2 = item(list, 'tier-2');
  assert.equal(tier2.kind, 20 /* EnumMember */);
  assert.match(docOf(tier2), /Important\./);
  assert.deepEqual(editOf(tier2), { range: { start: { line: 7, character: 6 }, end: { line: 7, character: 8 } }, newText: 'tier-2' });
  assert.ok(acceptIndented(text, tier2).includes('\ntier: tier-2\n'));
});

test('values: the replaced range runs to the end of the value, not into a trailing comment', () => {
  const { list } = complete(`${HEADER}tier: t|ier-3  # keep\n`);
  assert.deepEqual(editOf(item(list, 'tier-1')).range, { start: { line: 7, character: 6 }, end: { line: 7, character: 12 } });
});

test('values: every enum field offers its values with their descriptions', () => {
  const cases: [string, string, RegExp | undefined][] = [
    ['apiVersion: |', 'datamesh/v1', undefined],
    ['kind: |', 'DataProduct', undefined],
    ['status: |', 'deprecated', /consumers should move away/],
    ['quality: |', 'curated', /Cleaned and conformed/],
    ['outputPorts:\n  - name: a\n    cleanupPolicy: |', 'compact,delete', /Compact, and also delete/],
    ['outputPorts:\n  - name: a\n    key:\n      format: |', 'string', /UTF-8 text/],
    ['outputPorts:\n  - name: a\n    value:\n      format: |', 'avro', /Avro, with the schema in the registry/],
    ['outputPorts:\n  - name: a\n    value:\n      compatibility: |', 'FULL_TRANSITIVE', /every earlier schema/],
  ];
  for (const [line, label, description] of cases) {
    const { list } = complete(`${line}\n`);
    const found = item(list, label);
    if (description) assert.match(docOf(found), description, line);
  }
  const compatibility = complete('outputPorts:\n  - name: a\n    value:\n      compatibility: |\n').list;
  assert.equal(compatibility.items.length, 7);
  assert.equal(item(compatibility, 'BACKWARD').detail, 'default');
});

test('values: containsPii offers booleans, also right after the colon', () => {
  const { list } = complete(`${HEADER}containsPii:|\n`);
  assert.deepEqual(labels(list), ['false', 'true']);
  assert.equal(editOf(item(list, 'true')).newText, ' true');
  assert.match(docOf(item(list, 'true')), /personally identifiable/);
});

test('values: schema offers the workspace .avsc files relative to the manifest, with the record as documentation', () => {
  const { list } = complete('outputPorts:\n  - name: a\n    value:\n      format: avro\n      schema: sch|\n', {
    path: 'customers/dataproduct.yaml',
  });
  assert.deepEqual(labels(list).sort(), ['../schemas/order.avsc', 'customer.avsc']);
  const customer = item(list, 'customer.avsc');
  assert.equal(customer.kind, 17 /* File */);
  assert.match(docOf(customer), /Customer/);
  assert.match(docOf(customer), /customerId/);
  assert.deepEqual(editOf(customer).range, { start: { line: 4, character: 14 }, end: { line: 4, character: 17 } });
  // The product's own schema sorts first.
  assert.ok((customer.sortText ?? '') < (item(list, '../schemas/order.avsc').sortText ?? ''));
  const order = item(list, '../schemas/order.avsc');
  assert.match(docOf(order), /com\.example\.sales\.Order/);
  assert.match(docOf(order), /orderId/);
});

test('values: a quoted schema value stays quoted', () => {
  const { list } = complete('outputPorts:\n  - name: a\n    key:\n      schema: "sch|"\n');
  const edit = editOf(item(list, 'schemas/order.avsc'));
  assert.equal(edit.newText, '"schemas/order.avsc"');
  assert.deepEqual(edit.range, { start: { line: 3, character: 14 }, end: { line: 3, character: 19 } });
});

test('values: product in an input port offers the other products, not this one', () => {
  const { list } = complete(`${HEADER}inputPorts:\n  - product: sa|\n`);
  assert.deepEqual(labels(list), ['sales.customers']);
  const customers = item(list, 'sales.customers');
  const documentation = docOf(customers);
  assert.match(documentation, /Customer profile changes\./);
  assert.match(documentation, /crm/);
  assert.match(documentation, /active/);
  assert.deepEqual(editOf(customers).range, { start: { line: 8, character: 13 }, end: { line: 8, character: 15 } });
});

test('values: port in an input port offers the output ports of the product on the sibling line', () => {
  const { list } = complete(`${HEADER}inputPorts:\n  - product: sales.customers\n    port: |\n`);
  assert.deepEqual(labels(list), ['customer-events']);
  assert.equal(item(list, 'customer-events').detail, 'topic sales.customers.v2');
  // The product line may also come after the port line.
  assert.deepEqual(labels(complete(`${HEADER}inputPorts:\n  - port: |\n    product: sales.customers\n`).list), ['customer-events']);
  assert.deepEqual(labels(complete(`${HEADER}inputPorts:\n  - product: sales.nothing\n    port: |\n`).list), []);
});

test('values: topic offers the topic that the policy pattern gives, first', () => {
  const { list } = complete(`${HEADER}outputPorts:\n  - name: order-events\n    topic: sales.|\n`);
  assert.equal(list.items[0].label, 'sales.orders.v1');
  assert.deepEqual(editOf(list.items[0]).range, { start: { line: 9, character: 11 }, end: { line: 9, character: 17 } });
  const custom = complete(`${HEADER}outputPorts:\n  - name: order-events\n    topic: |\n`, {
    files: { 'datamesh.policy.yaml': 'topicPattern: "{domain}.{name}.{port}.v{major}"\n' },
  }).list;
  assert.equal(custom.items[0].label, 'sales.orders.order-events.v1');
});

test('values: id offers <domain>.<name>, even when the rest of the document is broken', () => {
  const { list } = complete('apiVersion: datamesh/v1\nid: |\nname: orders\ndomain: sales\nowner: [\n');
  assert.deepEqual(labels(list), ['sales.orders']);
  assert.deepEqual(labels(complete('id: |\nname: orders\n').list), []);
});

// ------------------------------------------------------------------------------------ robustness

const BROKEN_TEXTS = [
  VALID_MANIFEST.replace('owner:\n', 'owner: [\n').replace('  - name: order-events', '  -name order-events:'),
  'outputPorts:\n  - \n    - - name: :\n  value: {format: [avro\n"key: \'x\n',
  '\u0000\u0001\uFFFD\uD800 - : # \t\t- -\r\n\r  : :\n---\n...\n? complex\n: value\n&a *a !!str |\n  >\n',
  'description: |\n  text: with colon\n  - dash\n schema: //x.avsc\noutputPorts:\n- value:\n    schema: //etc/x.avsc\n  topic: "\\u12',
  'id: a\n'.repeat(3) + 'a: &x [*x, *x]\nb: *x\n' + ' '.repeat(40) + 'tail',
];

test('robustness: every offset of broken and garbage texts goes through completion and hover without a throw', () => {
  const { index, uri } = sampleWorkspace();
  const manifestUri = uri('orders.dataproduct.yaml');
  for (const text of BROKEN_TEXTS) {
    const lines = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const position = lines.positionAt(offset);
      const list = completeManifest(manifestUri, text, position, index);
      assert.ok(Array.isArray(list.items));
      hoverManifest(manifestUri, text, position, index);
    }
    // Positions outside the text are clamped, not trusted.
    completeManifest(manifestUri, text, { line: 10_000, character: 10_000 }, index);
    hoverManifest(manifestUri, text, { line: -1, character: -1 }, index);
    completeManifest(manifestUri, text, { line: 0, character: 10_000 }, index);
  }
});

test('robustness: random texts and random positions never throw', () => {
  const { index, uri } = sampleWorkspace();
  const manifestUri = uri('orders.dataproduct.yaml');
  const pieces = [
    '- ',
    '-',
    ':',
    ': ',
    '  ',
    '\n',
    '\r\n',
    '#',
    '"',
    "'",
    '{',
    '[',
    ']',
    '|',
    '>',
    '\t',
    'outputPorts',
    'schema',
    'product',
    'port',
    'value',
    'key',
    'tier',
    'id',
    '//x',
  ];
  assertProperty(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.nat(), (parts, seed) => {
      const text = parts.join('');
      const position = new LineIndex(text).positionAt(seed % (text.length + 1));
      completeManifest(manifestUri, text, position, index);
      hoverManifest(manifestUri, text, position, index);
    }),
    { numRuns: 500 },
  );
});

test("values: owner.team offers the policy's owners, in the policy's order", () => {
  const { list, text } = complete(`${HEADER}owner:\n  team: pa|\n`, {
    files: { 'datamesh.policy.yaml': 'owners: [payments, sales-platform, crm]\n' },
  });
  assert.deepEqual(labels(list), ['payments', 'sales-platform', 'crm']);
  assert.match(item(list, 'crm').detail ?? '', /policy/);
  assert.ok(acceptIndented(text, item(list, 'payments')).includes('\n  team: payments\n'));
});

test('values: without owners in the policy, owner.team offers the teams owning the other products', () => {
  const { list } = complete(`${HEADER}owner:\n  team: |\n`);
  assert.deepEqual(labels(list), ['crm']);
});
