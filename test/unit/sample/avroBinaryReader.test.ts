// The sampler's one-pass Avro reader agrees with avsc's decoding converted to plain JSON, on random values
// of schemas with every type (avsc generates them), and says why for bytes that do not fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { avroType, toPlainJson } from '../../../client/src/engines/sample/avroPlainJson';
import { avroBinaryReader, AvroReadError } from '../../../client/src/engines/sample/avroBinaryReader';

const EVERYTHING = {
  type: 'record',
  name: 'All',
  namespace: 'test',
  fields: [
    { name: 'b', type: 'boolean' },
    { name: 'i', type: 'int' },
    { name: 'l', type: 'long' },
    { name: 'f', type: 'float' },
    { name: 'd', type: 'double' },
    { name: 's', type: 'string' },
    { name: 'y', type: 'bytes' },
    { name: 'x', type: { type: 'fixed', name: 'F', size: 4 } },
    { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B', 'C'] } },
    { name: 'a', type: { type: 'array', items: ['null', 'string', { type: 'record', name: 'R', fields: [{ name: 'n', type: 'int' }] }] } },
    { name: 'm', type: { type: 'map', values: { type: 'array', items: 'long' } } },
    { name: 'u', type: ['null', 'double', 'F', 'E'] },
    { name: 'amb', type: ['int', 'long'] },
    { name: 'next', type: ['null', 'All'], default: null },
  ],
};

test('reads what avsc reads, as plain JSON, for random values', () => {
  const writer = avroType(EVERYTHING, 'write');
  const reader = avroType(EVERYTHING);
  const read = avroBinaryReader(reader);
  for (let i = 0; i < 300; i++) {
    const bytes = writer.toBuffer(writer.random());
    const framed = Buffer.concat([Buffer.from([9, 9, 9]), bytes]);
    const { value, end } = read(framed, 3);
    assert.equal(end, framed.length);
    assert.deepEqual(value, toPlainJson(reader, reader.fromBuffer(bytes)));
  }
});

test('longs are exact at every size, and garbage says what is wrong', () => {
  const long = avroType('"long"', 'write');
  const read = avroBinaryReader(avroType('"long"'));
  for (const value of ['9223372036854775807', '-9223372036854775808', '9007199254740993', 9007199254740991, -1, 0, 123456789012]) {
    assert.deepEqual(read(long.toBuffer(value), 0).value, value);
  }
  const record = avroBinaryReader(avroType(EVERYTHING));
  assert.throws(() => record(Buffer.from([1, 2]), 0), AvroReadError);
  assert.throws(() => avroBinaryReader(avroType({ type: 'enum', name: 'Z', symbols: ['A'] }))(Buffer.from([4]), 0), /enum index 2/);
  assert.throws(
    () => avroBinaryReader(avroType({ type: 'array', items: 'null' }))(Buffer.from([0xfe, 0xff, 0xff, 0xff, 0x0f]), 0),
    /a block of/,
  );
});
