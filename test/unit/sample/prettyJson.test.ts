// The detail pane's pretty printer: JSON.stringify's layout, each line tagged with its field's path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineFails, prettyLines } from '../../../client/src/panels/sampling/prettyJson';

test('lines match JSON.stringify with two spaces and carry their paths', () => {
  const value = { a: 1, customer: { id: 'x', tags: ['p', { q: null }] }, empty: {}, list: [] };
  const lines = prettyLines(value);
  assert.equal(lines.map((line) => line.text).join('\n'), JSON.stringify(value, null, 2));
  assert.deepEqual(
    lines.filter((line) => lineFails(line, ['customer.tags'])).map((line) => line.text.trim()),
    ['"tags": [', '"p",', '{', '"q": null', '}', ']'],
  );
  assert.deepEqual(
    lines.filter((line) => lineFails(line, ['a'])).map((line) => line.path),
    ['a'],
  );
  assert.equal(
    lines.some((line) => lineFails(line, [''])),
    false,
    'a problem of the whole value marks no line',
  );
});
