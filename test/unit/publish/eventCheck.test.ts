import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRawEvents, type EventCheckRequest } from '../../../client/src/engines/publish/eventCheck';
import { avroType } from '../../../client/src/engines/sample/avroPlainJson';
import { SchemaCache } from '../../../client/src/engines/sample/schemaCache';
import { toWireFormat } from '../../../client/src/engines/sample/wireFormat';

const status = (symbols: string[], extra: Record<string, unknown> = {}) => ({ type: 'enum', name: 'Status', symbols, ...extra });
const order = (statusType: unknown, more: unknown[] = []) => ({
  type: 'record',
  name: 'Order',
  namespace: 'test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'status', type: statusType },
    { name: 'history', type: { type: 'array', items: 'Status' } },
    ...more,
  ],
});

const V1 = order(status(['NEW', 'PAID', 'CANCELLED']));
// Compatible (BACKWARD) thanks to the enum default, but CANCELLED now reads as NEW.
const V2 = order(status(['NEW', 'PAID'], { default: 'NEW' }));
const OTHER = { type: 'record', name: 'Other', fields: [{ name: 'x', type: 'int' }] };

const registry = { 1: V1, 2: V2, 9: OTHER } as Record<number, unknown>;
const cache = () => new SchemaCache({ schemaById: async (id) => ({ schema: JSON.stringify(registry[id]), schemaType: 'AVRO' }) });

const event = (offset: number, schemaId: number, value: unknown, partition = 0) => ({
  partition,
  offset: String(offset),
  key: null,
  value: toWireFormat(schemaId, avroType(registry[schemaId] as object, 'write').toBuffer(value)),
});

const request = (extra: Partial<EventCheckRequest> = {}): EventCheckRequest => ({
  topic: 'sales.orders.v1',
  port: 'order-events',
  subject: 'sales.orders.v1-value',
  schemaPath: 'order.avsc',
  schema: JSON.stringify(V2),
  registeredIds: new Set([1]),
  perPartition: 200,
  acceptChanges: false,
  schemas: cache(),
  ...extra,
});

test('events that resolve with the new schema and keep their meaning give no findings', async () => {
  const result = await checkRawEvents(
    [event(0, 1, { id: 'a', status: 'PAID', history: ['NEW', 'PAID'] }), { partition: 0, offset: '1', key: null, value: null }],
    request(),
  );
  assert.deepEqual(result, { events: 1, findings: [] });
});

test('an enum symbol in use that the new schema maps to its default refuses, naming partition and offset', async () => {
  const result = await checkRawEvents(
    [event(0, 1, { id: 'a', status: 'NEW', history: [] }), event(7, 1, { id: 'b', status: 'PAID', history: ['CANCELLED'] }, 2)],
    request(),
  );
  assert.deepEqual(
    result.findings.map((finding) => [finding.severity, finding.code, finding.partition, finding.offset]),
    [['error', 'event-meaning-changes', 2, '7']],
  );
  assert.match(result.findings[0].message, /partition 2 offset 7.*symbol CANCELLED of enum test\.Status.*default NEW/);
  const accepted = await checkRawEvents([event(7, 1, { id: 'b', status: 'CANCELLED', history: [] })], request({ acceptChanges: true }));
  assert.deepEqual(
    accepted.findings.map((finding) => [finding.severity, finding.accepted]),
    [['warning', true]],
  );
});

test('events not in the wire format, or written with a schema that is not a version of the subject, refuse', async () => {
  const result = await checkRawEvents(
    [{ partition: 0, offset: '3', key: null, value: Buffer.from('{"id":"x"}') }, event(4, 9, { x: 1 })],
    request({ registeredIds: new Set([1, 9]) }),
  );
  assert.deepEqual(
    result.findings.map((finding) => [finding.code, finding.offset]),
    [
      ['event-not-wire-format', '3'],
      ['event-unresolvable', '4'],
    ],
  );
  const unknown = await checkRawEvents([event(5, 9, { x: 1 })], request());
  assert.deepEqual(
    unknown.findings.map((finding) => finding.code),
    ['event-unknown-writer'],
  );
});

test('many events with one problem: the first twenty are listed, the rest counted', async () => {
  const events = Array.from({ length: 25 }, (_, offset) => ({
    partition: 0,
    offset: String(offset),
    key: null,
    value: Buffer.from('text'),
  }));
  const result = await checkRawEvents(events, request());
  assert.equal(result.findings.length, 21);
  assert.match(result.findings[20].message, /^5 more events/);
});

test('a key subject checks the keys: a missing key is skipped, a key not in the wire format refuses', async () => {
  const events = [
    { ...event(0, 1, { id: 'a', status: 'NEW', history: [] }), key: Buffer.from('order-a') },
    { ...event(1, 1, { id: 'b', status: 'NEW', history: [] }), key: null },
  ];
  const result = await checkRawEvents(events, request({ role: 'key', subject: 'sales.orders.v1-key' }));
  assert.equal(result.events, 1);
  assert.deepEqual(
    result.findings.map((finding) => [finding.code, finding.offset]),
    [['event-not-wire-format', '0']],
  );
  assert.match(result.findings[0].message, /^The key of the event at sales\.orders\.v1 partition 0 offset 0/);
});
