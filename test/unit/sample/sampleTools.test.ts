// The engine's tools around sampled records: NDJSON and CSV export, NDJSON import, template generation
// from an Avro schema, encoding for produce, and the check against a local schema with field paths.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exportCsv, exportNdjson } from '../../../client/src/engines/sample/sampleExport';
import { parseNdjsonEvents } from '../../../client/src/engines/sample/sampleImport';
import { avroTemplate } from '../../../client/src/engines/sample/avroTemplate';
import { avroType, fromPlainJson, toPlainJson } from '../../../client/src/engines/sample/avroPlainJson';
import { encodePayload, EncodeError } from '../../../client/src/engines/sample/eventEncoder';
import { checkAgainstLocalSchema, loadLocalSchema } from '../../../client/src/engines/sample/localSchemaCheck';
import { SchemaCache } from '../../../client/src/engines/sample/schemaCache';
import { wireSchemaId } from '../../../client/src/engines/sample/wireFormat';
import { record } from './sampleRecords';

const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'placedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 } },
    { name: 'coupon', type: ['null', 'string'], default: null },
    { name: 'channel', type: ['string', 'null'], default: 'web' },
    { name: 'note', type: ['null', { type: 'record', name: 'Note', fields: [{ name: 'text', type: 'string' }] }] },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'], default: 'PAID' } },
    {
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Line',
          fields: [
            { name: 'sku', type: 'string' },
            { name: 'qty', type: 'int', default: 1 },
          ],
        },
      },
    },
    { name: 'attributes', type: { type: 'map', values: 'long' } },
    { name: 'magic', type: 'bytes', default: '\u00ff\u0001' },
    { name: 'again', type: 'Note' },
  ],
};

describe('export and import', () => {
  const records = [
    record({ amount: 1, text: 'a,"b"\nc' }, { offset: '1' }),
    record('plain', { offset: '2', key: { format: 'text', value: 'k,2', size: 3 }, headers: {} }),
  ];

  test('NDJSON lines are the sample lines; CSV quotes what needs quoting', () => {
    const ndjson = exportNdjson(records)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(ndjson[0], {
      topic: 't',
      partition: 1,
      offset: 1,
      timestamp: '2026-01-01T00:00:00.000Z',
      key: 'order-7',
      value: { amount: 1, text: 'a,"b"\nc' },
      headers: { source: 'web', 'x-trace': 'abc' },
      schemaId: null,
      format: 'json',
    });
    assert.equal(
      exportCsv(records),
      'topic,partition,offset,timestamp,key,value,headers,schemaId,format\r\n' +
        't,1,1,2026-01-01T00:00:00.000Z,order-7,"{""amount"":1,""text"":""a,\\""b\\""\\nc""}","{""source"":""web"",""x-trace"":""abc""}",,json\r\n' +
        't,1,2,2026-01-01T00:00:00.000Z,"k,2",plain,{},,json\r\n',
    );
  });

  test('an export imports again; bad lines are reported with their number', () => {
    const text = `${exportNdjson(records)}not json\n{"key":"k","value":{"hex":"zz"},"format":"binary"}\n{"value":1,"format":"avro"}\n`;
    const { events, problems } = parseNdjsonEvents(text, { keepPartitions: true });
    assert.deepEqual(events[0], {
      key: { format: 'text', text: 'order-7' },
      value: { format: 'json', json: { amount: 1, text: 'a,"b"\nc' } },
      headers: { source: 'web', 'x-trace': 'abc' },
      partition: 1,
    });
    assert.equal(events.length, 3, 'two exported and the binary line (its hex is checked when encoding)');
    assert.deepEqual(
      problems.map((problem) => problem.line),
      [3, 5],
    );
    assert.match(problems[1].message, /needs its schemaId/);
  });
});

describe('templates from an Avro schema', () => {
  test('defaults, unions, logical types, enums, arrays, maps and named references', () => {
    const now = new Date('2026-05-06T07:08:09.010Z');
    const template = avroTemplate(ORDER, now) as Record<string, unknown>;
    assert.match(String(template.id), /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    assert.deepEqual(
      { ...template, id: 'uuid' },
      {
        id: 'uuid',
        placedAt: now.getTime(),
        day: Math.floor(now.getTime() / 86_400_000),
        price: '00',
        coupon: null,
        channel: 'web',
        note: { text: '' },
        status: 'PAID',
        lines: [{ sku: '', qty: 1 }],
        attributes: { key: 0 },
        magic: 'ff01',
        again: { text: '' },
      },
    );
    // The template is a valid value of its schema, as the panel produces it.
    const writer = avroType(ORDER, 'write');
    const reader = avroType(ORDER);
    assert.deepEqual(toPlainJson(reader, reader.fromBuffer(writer.toBuffer(fromPlainJson(writer, template)))), template);
  });
});

describe('encoding for produce', () => {
  test('Avro goes through the schema into the wire format; a bad value names its field', async () => {
    const cache = new SchemaCache({ schemaById: async () => ({ schema: JSON.stringify(ORDER), schemaType: 'AVRO' }) });
    const value = avroTemplate(ORDER);
    const bytes = await encodePayload({ format: 'avro', json: value, schemaId: 12 }, cache);
    assert.equal(wireSchemaId(bytes as Buffer), 12);
    await assert.rejects(
      encodePayload({ format: 'avro', json: { ...(value as object), lines: [{ sku: 5 }] }, schemaId: 12 }, cache),
      (error: unknown) => error instanceof EncodeError && /lines\[0\]\.sku: expected a string, got number 5/.test(error.message),
    );
    const bySubject = await encodePayload({ format: 'avro', json: value, subject: 'orders-value' }, cache, {
      version: async () => ({ id: 31 }),
    });
    assert.equal(wireSchemaId(bySubject as Buffer), 31);
    assert.equal(String(await encodePayload({ format: 'json', json: { a: 1 } }, cache)), '{"a":1}');
    assert.deepEqual(await encodePayload({ format: 'binary', hex: '00ff' }, cache), Buffer.from([0, 255]));
    await assert.rejects(encodePayload({ format: 'binary', hex: 'xyz' }, cache), /hex/);
  });
});

describe('checking events against a local schema', () => {
  const local = loadLocalSchema(
    'schemas/order.avsc',
    JSON.stringify({
      type: 'record',
      name: 'O',
      fields: [
        { name: 'amount', type: 'double' },
        { name: 'currency', type: 'string', default: 'EUR' },
        { name: 'customer', type: { type: 'record', name: 'C', fields: [{ name: 'id', type: 'long' }] } },
      ],
    }),
  );

  test('fits, wrong types, missing fields without default and undeclared fields, each with its path', () => {
    assert.ok(!('error' in local));
    assert.deepEqual(checkAgainstLocalSchema(record({ amount: 5, customer: { id: 1 } }), local), []);
    assert.deepEqual(
      checkAgainstLocalSchema(record({ amount: '5', customer: { name: 'x' }, extra: 1 }), local).map((problem) => [
        problem.path,
        problem.message,
      ]),
      [
        ['amount', 'expected a double, got the string "5"'],
        ['customer.id', 'missing, and the field has no default'],
        ['customer.name', 'not a field of C'],
        ['extra', 'not a field of O'],
      ],
    );
    assert.match(
      checkAgainstLocalSchema(record('text', { value: { format: 'text', value: 'text', size: 4 } }), local)[0].message,
      /the value is text, not a record of schemas\/order\.avsc/,
    );
    assert.match((loadLocalSchema('x.avsc', '{"type":"recrd"}') as { error: string }).error, /x\.avsc is not a usable Avro schema/);
  });
});
