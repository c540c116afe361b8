// Avro values as plain JSON (product spec §5) and back: unions unwrapped, exact longs, hex bytes,
// logical types as their underlying values; and the path of every problem of a value against a schema.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  avroType,
  fromPlainJson,
  longToPlain,
  plainJsonProblems,
  plainToLong,
  toPlainJson,
  AvroValueError,
} from '../../../client/src/engines/sample/avroPlainJson';

const schema = {
  type: 'record',
  name: 'Event',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'when', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 } },
    { name: 'ratio', type: 'float' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'choice', type: ['int', 'long', { type: 'record', name: 'A', fields: [{ name: 'x', type: 'int' }] }] },
    { name: 'tags', type: { type: 'map', values: { type: 'array', items: 'string' } } },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 3 } },
  ],
};

describe('Avro as plain JSON', () => {
  const type = avroType(schema, 'write');
  const reader = avroType(schema);

  test('decoding gives the branch value of a union, exact longs, hex bytes and underlying logical values', () => {
    const value = {
      id: '9223372036854775807',
      when: 1767225600000,
      day: 20000,
      price: Buffer.from([0x01, 0x2c]),
      ratio: Number.NaN,
      note: { string: 'hi' },
      choice: { A: { x: 7 } },
      tags: { a: ['b'] },
      hash: Buffer.from([1, 2, 3]),
    };
    const bytes = type.toBuffer(value);
    assert.deepEqual(toPlainJson(type, type.fromBuffer(bytes)), toPlainJson(reader, reader.fromBuffer(bytes)), 'wrapped or not, the same');
    const decoded = reader.fromBuffer(bytes);
    assert.deepEqual(toPlainJson(reader, decoded), {
      id: '9223372036854775807',
      when: 1767225600000,
      day: 20000,
      price: '012c',
      ratio: 'NaN',
      note: 'hi',
      choice: { x: 7 },
      tags: { a: ['b'] },
      hash: '010203',
    });
  });

  test('a long is a number inside ±2^53 and a string outside', () => {
    assert.equal(longToPlain(2n ** 53n - 1n), 9007199254740991);
    assert.equal(longToPlain(2n ** 53n + 1n), '9007199254740993');
    assert.equal(longToPlain(-(2n ** 63n)), '-9223372036854775808');
    assert.equal(plainToLong('9223372036854775808'), undefined, 'past int64');
    assert.equal(plainToLong(1.5), undefined);
  });

  test('plain JSON converts back to a value that round-trips', () => {
    const plain = {
      id: 12,
      when: 5,
      day: 1,
      price: '00ff',
      ratio: 0.5,
      note: null,
      choice: 3,
      tags: {},
      hash: 'aabbcc',
    };
    const value = fromPlainJson(type, plain);
    assert.deepEqual(toPlainJson(reader, reader.fromBuffer(type.toBuffer(value))), plain);
    const huge = fromPlainJson(avroType(['long', 'string'], 'write'), '9007199254740993');
    assert.equal(
      avroType(['long', 'string']).fromBuffer(avroType(['long', 'string'], 'write').toBuffer(huge)),
      '9007199254740993',
      'a huge long stays a long',
    );
    assert.deepEqual(
      avroType(['long', 'string'], 'write').toBuffer(huge),
      Buffer.from([0, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]),
    );
  });

  test('missing fields take their default; every problem is reported with its path', () => {
    const problems = plainJsonProblems(type, {
      id: 'x',
      when: 1,
      day: 1.5,
      price: 'zz',
      ratio: 1,
      choice: { y: 1 },
      tags: { a: [1] },
      hash: 'aa',
    });
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ['id', 'day', 'price', 'choice', 'tags.a[0]', 'hash'],
    );
    assert.match(problems[0].message, /expected a long, got the string "x"/);
    assert.match(problems[3].message, /one of int, long, A/);
    assert.throws(
      () => fromPlainJson(type, { id: 1 }),
      (error: unknown) => error instanceof AvroValueError && /when: missing/.test(error.message),
    );
  });

  test('strict fields report fields the schema does not declare', () => {
    const small = avroType({ type: 'record', name: 'S', fields: [{ name: 'a', type: 'int' }] });
    assert.deepEqual(plainJsonProblems(small, { a: 1, extra: true }), []);
    assert.deepEqual(
      plainJsonProblems(small, { a: 1, extra: true }, { strictFields: true }).map((problem) => [problem.path, problem.message]),
      [['extra', 'not a field of S']],
    );
  });
});
