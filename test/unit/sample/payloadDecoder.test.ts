// Per-message format detection and the forced decoders: Avro in the wire format through the schema
// cache, JSON objects and arrays, UTF-8 text, and hex with the reason for everything else.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHeaderValue, decodePayload } from '../../../client/src/engines/sample/payloadDecoder';
import { SchemaCache, type SchemaSource } from '../../../client/src/engines/sample/schemaCache';
import { avroType } from '../../../client/src/engines/sample/avroPlainJson';
import { toWireFormat } from '../../../client/src/engines/sample/wireFormat';
import { RegistryHttpError } from '../../../client/src/kafka/connectionErrors';

const SCHEMA = { type: 'record', name: 'R', fields: [{ name: 'n', type: 'long' }] };

/** A registry double: schema 5 is known under two subjects; 6 answers 404; 7 answers 500. */
function source(calls: number[]): SchemaSource {
  return {
    schemaById: async (id) => {
      calls.push(id);
      if (id === 5) return { schema: JSON.stringify(SCHEMA), schemaType: 'AVRO' };
      if (id === 6) throw new RegistryHttpError(404, `http://registry/schemas/ids/${id}`, 40403, 'Schema not found');
      throw new RegistryHttpError(500, `http://registry/schemas/ids/${id}`, undefined, 'boom');
    },
    subjectVersionsOfId: async () => [
      { subject: 'other-value', version: 3 },
      { subject: 'orders-value', version: 2 },
    ],
  };
}

function avro(id: number, n: bigint | number): Buffer {
  return toWireFormat(id, avroType(SCHEMA).toBuffer({ n: Number(n) }));
}

describe('payload decoding', () => {
  test('Avro in the wire format decodes once its schema is loaded, with the topic subject preferred', async () => {
    const calls: number[] = [];
    const cache = new SchemaCache(source(calls));
    const bytes = avro(5, 42);
    assert.match((decodePayload(bytes, 'auto', cache).value as { error: string }).error, /has not been fetched/);
    await cache.load([5, 5]);
    await cache.load([5]);
    assert.deepEqual(calls, [5], 'fetched once');
    assert.deepEqual(decodePayload(bytes, 'auto', cache, 'orders-value'), {
      format: 'avro',
      value: { n: 42 },
      schemaId: 5,
      subject: 'orders-value',
      version: 2,
      size: bytes.length,
    });
    assert.equal(decodePayload(bytes, 'auto', cache, 'unrelated').subject, 'other-value', 'otherwise the newest registration');
  });

  test('an unknown id or a failing registry gives hex with the reason', async () => {
    const cache = new SchemaCache(source([]));
    await cache.load([6, 7]);
    const unknown = decodePayload(avro(6, 1), 'auto', cache);
    assert.equal(unknown.format, 'binary');
    assert.equal(unknown.schemaId, 6);
    assert.match((unknown.value as { error: string }).error, /schema id 6 does not exist|schema id 6: .*404/);
    const failing = decodePayload(avro(7, 1), 'auto', cache);
    assert.match((failing.value as { error: string }).error, /failed with 500/);
  });

  test('a truncated or overlong Avro body is binary with the reason', async () => {
    const cache = new SchemaCache(source([]));
    await cache.load([5]);
    const bytes = avro(5, 1_000_000);
    assert.match((decodePayload(bytes.subarray(0, bytes.length - 1), 'auto', cache).value as { error: string }).error, /truncated/);
    assert.match(
      (decodePayload(Buffer.concat([bytes, Buffer.from([1])]), 'auto', cache).value as { error: string }).error,
      /1 bytes left over/,
    );
  });

  test('JSON objects and arrays are JSON; scalars and other text are text; the rest is hex with the reason', () => {
    const cache = new SchemaCache(undefined);
    assert.deepEqual(decodePayload(Buffer.from(' {"a":[1,2]}'), 'auto', cache), { format: 'json', value: { a: [1, 2] }, size: 12 });
    assert.deepEqual(decodePayload(Buffer.from('123'), 'auto', cache), { format: 'text', value: '123', size: 3 });
    assert.deepEqual(decodePayload(Buffer.from('{broken'), 'auto', cache), { format: 'text', value: '{broken', size: 7 });
    assert.deepEqual(decodePayload(Buffer.from('héllo\n'), 'auto', cache), { format: 'text', value: 'héllo\n', size: 7 });
    const garbage = decodePayload(Buffer.from([0x41, 0xc3, 0x28]), 'auto', cache);
    assert.deepEqual(garbage.value, {
      hex: '41c328',
      error: 'not Avro in the Confluent wire format, not a JSON object or array, and not UTF-8 text: invalid UTF-8 at byte 1',
    });
    const control = decodePayload(Buffer.from([0x41, 0x07]), 'auto', cache);
    assert.match((control.value as { error: string }).error, /control character U\+0007 at character 1/);
    const noRegistry = decodePayload(avro(5, 1), 'auto', cache);
    assert.match((noRegistry.value as { error: string }).error, /has not been fetched/);
  });

  test('a forced format decodes as asked or says why not', async () => {
    const cache = new SchemaCache(undefined);
    await cache.load([9]);
    assert.deepEqual(decodePayload(Buffer.from('123'), 'json', cache), { format: 'json', value: 123, size: 3 });
    assert.match((decodePayload(Buffer.from('{x'), 'json', cache).value as { error: string }).error, /^not JSON: /);
    assert.deepEqual(decodePayload(Buffer.from('{"a":1}'), 'text', cache).value, '{"a":1}');
    assert.deepEqual(decodePayload(Buffer.from('ab'), 'binary', cache).value, { hex: '6162', error: 'shown as bytes (binary chosen)' });
    assert.match((decodePayload(Buffer.from('ab'), 'avro', cache).value as { error: string }).error, /not in the Confluent wire format/);
    assert.match((decodePayload(avro(9, 1), 'avro', cache).value as { error: string }).error, /no schema registry is configured/);
    assert.deepEqual(decodePayload(null, 'auto', cache), { format: 'json', value: null, size: 0 });
  });

  test('headers are UTF-8 text, or 0x and hex', () => {
    assert.equal(decodeHeaderValue(Buffer.from('web')), 'web');
    assert.equal(decodeHeaderValue(Buffer.from([0xff, 0x00])), '0xff00');
    assert.equal(decodeHeaderValue(undefined), '');
  });
});
