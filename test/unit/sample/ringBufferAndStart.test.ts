// The ring buffer behind the panel's message limit, and the `--from` start positions resolved against
// each partition's offsets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RingBuffer } from '../../../client/src/engines/sample/ringBuffer';
import { parseStartPosition, resolveStartOffsets, StartPositionError } from '../../../client/src/engines/sample/startPosition';

describe('ring buffer', () => {
  test('keeps the newest items up to its capacity, oldest first', () => {
    const buffer = new RingBuffer<number>(3);
    assert.equal(buffer.push(1), undefined);
    buffer.push(2);
    assert.equal(buffer.full, false);
    buffer.push(3);
    assert.equal(buffer.full, true);
    assert.equal(buffer.push(4), 1, 'the oldest is dropped');
    buffer.push(5);
    assert.deepEqual(buffer.toArray(), [3, 4, 5]);
    assert.equal(buffer.at(0), 3);
    assert.equal(buffer.at(3), undefined);
    assert.equal(buffer.dropped, 2);
    buffer.clear();
    assert.deepEqual([buffer.size, buffer.toArray()], [0, []]);
    assert.throws(() => new RingBuffer(0), /at least 1/);
  });
});

describe('start positions', () => {
  const partitions = [
    { partition: 0, low: 10n, high: 20n },
    { partition: 1, low: 0n, high: 3n },
  ];
  const resolve = (text: string, byTime?: Map<number, bigint>) => [...resolveStartOffsets(parseStartPosition(text), partitions, byTime)];

  test('each mode resolves to one offset per partition, clamped to what it holds', () => {
    assert.deepEqual(resolve('earliest'), [
      [0, 10n],
      [1, 0n],
    ]);
    assert.deepEqual(resolve('latest'), [
      [0, 20n],
      [1, 3n],
    ]);
    assert.deepEqual(resolve('offset:5'), [
      [0, 10n],
      [1, 3n],
    ]);
    assert.deepEqual(resolve('offset:0=15'), [
      [0, 15n],
      [1, 3n],
    ]);
    assert.deepEqual(resolve('last:4'), [
      [0, 16n],
      [1, 0n],
    ]);
    assert.deepEqual(resolve('timestamp:2026-01-01T00:00:00Z', new Map([[0, 12n]])), [
      [0, 12n],
      [1, 3n],
    ]);
  });

  test('bad positions say what is expected', () => {
    assert.throws(() => parseStartPosition('offset:x'), StartPositionError);
    assert.throws(() => parseStartPosition('timestamp:yesterday'), /ISO 8601/);
    assert.throws(() => parseStartPosition('last:0'), /positive count/);
    assert.throws(() => parseStartPosition('middle'), /earliest, latest, offset:N, timestamp:ISO or last:N/);
    assert.equal(parseStartPosition('timestamp:1700000000000').kind, 'timestamp');
  });
});
