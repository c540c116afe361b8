import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatch, editDistance } from '../../../server/src/text/closestMatch';
import { isoDurationFor } from '../../../server/src/services/manifest/durationFix';

test('edit distance counts a swap of neighbours as one edit, and ignores case', () => {
  assert.equal(editDistance('compatibilty', 'compatibility'), 1);
  assert.equal(editDistance('tpoic', 'topic'), 1);
  assert.equal(editDistance('Topic', 'topic'), 0);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('closestMatch: near enough for the word length, never a tie, never the word itself', () => {
  assert.equal(closestMatch('sales.order', ['sales.orders', 'sales.customers']), 'sales.orders');
  assert.equal(closestMatch('shards', ['name', 'partitions', 'topic']), undefined);
  assert.equal(closestMatch('ab', ['abc', 'abd']), undefined, 'a tie is no suggestion');
  assert.equal(closestMatch('topic', ['topic']), undefined);
  assert.equal(closestMatch('x'.repeat(500), ['x'.repeat(499)]), undefined, 'long inputs are not compared');
});

test('isoDurationFor: one whole number and one unit, else nothing', () => {
  const cases: [string, string | undefined][] = [
    ['30d', 'P30D'],
    ['12h', 'PT12H'],
    ['1w', 'P7D'],
    ['2 weeks', 'P14D'],
    ['90 minutes', 'PT90M'],
    ['4hrs', 'PT4H'],
    ['30s', 'PT30S'],
    ['1y', 'P1Y'],
    ['3ms', undefined],
    ['1.5h', undefined],
    ['P30D', undefined],
    ['12 constructors', undefined],
  ];
  for (const [text, iso] of cases) assert.equal(isoDurationFor(text), iso, text);
});
