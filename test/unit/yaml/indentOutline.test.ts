import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndentOutline, shapeOf } from '../../../server/src/services/yaml/indentOutline';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { withCursor } from '../../support/memoryWorkspace';

/** The outline of a text with a `|` where a key is being typed, and what the outline says about that spot. */
function at(textWithCursor: string) {
  const { text, offset } = withCursor(textWithCursor);
  const outline = new IndentOutline(text);
  const cursor = new LineIndex(text).positionAt(offset);
  const shape = shapeOf(outline.rows[cursor.line].slice(0, cursor.character));
  const opensItem = shape.dashes.length > 0;
  return {
    enclosing: outline.enclosingPath(cursor.line, shape.keyCol, shape.dashes),
    siblings: Object.fromEntries([...outline.mappingEntries(cursor.line, shape.keyCol, opensItem)].map(([key, { value }]) => [key, value])),
  };
}

test('a line shape: indentation, sequence markers, the key and where its value starts and ends', () => {
  assert.deepEqual(shapeOf('  topic: sales.orders.v1   # the topic'), {
    indent: 2,
    dashes: [],
    keyCol: 2,
    content: true,
    key: 'topic',
    valueStart: 9,
    valueEnd: 24,
    value: 'sales.orders.v1',
  });
  assert.deepEqual(shapeOf('  - - name: x'), {
    indent: 2,
    dashes: [2, 4],
    keyCol: 6,
    content: true,
    key: 'name',
    valueStart: 12,
    valueEnd: 13,
    value: 'x',
  });
  assert.deepEqual(shapeOf('key:'), { indent: 0, dashes: [], keyCol: 0, content: true, key: 'key', valueStart: 4, valueEnd: 4, value: '' });
});

test('quoted keys are unquoted; a colon needs a blank or the line end after it to end a key', () => {
  assert.equal(shapeOf('"a b": 1').key, 'a b');
  assert.equal(shapeOf("'it''s': 1").key, "it's");
  assert.equal(shapeOf('"tab\\there": 1').key, 'tab\there');
  assert.equal(shapeOf('url: http://x').value, 'http://x');
  assert.equal(shapeOf('http://x').key, undefined);
  assert.equal(shapeOf('value: "a # b" # c').value, '"a # b"');
});

test('blank lines, comments and flow collections have no key; only blanks and comments have no content', () => {
  assert.deepEqual(shapeOf('   # note'), { indent: 3, dashes: [], keyCol: 3, content: false });
  assert.equal(shapeOf('').content, false);
  assert.equal(shapeOf('[a, b]').key, undefined);
  assert.equal(shapeOf('-').dashes.length, 1, 'a lone dash at the end of the line is a marker');
  assert.deepEqual(shapeOf('-x').dashes, [], 'a dash before text is part of the scalar');
});

test('the enclosing path follows keys with less indentation and the sequence items on the way', () => {
  const text = 'outputPorts:\n  - name: a\n  - name: b\n    value:\n      |\n';
  assert.deepEqual(at(text).enclosing, { path: ['outputPorts', 1, 'value'], insideScalar: false });
  assert.deepEqual(at('owner:\n  |').enclosing, { path: ['owner'], insideScalar: false });
  assert.deepEqual(at('|').enclosing, { path: [], insideScalar: false });
});

test('a sequence at its key own column, and a marker on the cursor line itself', () => {
  assert.deepEqual(at('inputPorts:\n- product: x\n- |').enclosing, { path: ['inputPorts', 1], insideScalar: false });
});

test('a key under a key that already has a scalar value is inside that scalar', () => {
  assert.deepEqual(at('description: some text\n  |').enclosing, { path: ['description'], insideScalar: true });
  // An anchor or a tag alone is not a value.
  assert.deepEqual(at('owner: &o\n  |').enclosing, { path: ['owner'], insideScalar: false });
});

test('the siblings of a key are the keys at its column above and below, up to a line with less indentation', () => {
  const text = 'owner:\n  team: x\n  |\n  email: "a@b"\ntier: tier-1\n';
  assert.deepEqual(at(text).siblings, { team: 'x', email: 'a@b' });
  // A `- ` line starts its item's mapping: keys of the previous item are not siblings.
  assert.deepEqual(at('inputPorts:\n  - product: a\n    port: p\n  - product: b\n    |').siblings, { product: 'b' });
});

test('positions are clamped into the text, whatever the client sends', () => {
  const outline = new IndentOutline('ab\ncde');
  assert.deepEqual(outline.clamp({ line: 9, character: 9 }), { line: 1, character: 3 });
  assert.deepEqual(outline.clamp({ line: -1, character: -1 }), { line: 0, character: 0 });
  assert.deepEqual(outline.clamp({ line: Number.NaN, character: 1.7 }), { line: 0, character: 1 });
});

test('the top-level scalars: unindented `key: value` lines, unquoted, the first occurrence winning', () => {
  const outline = new IndentOutline('id: "sales.orders"\nname: orders\n  nested: no\n- item: no\nname: again\nowner:\n');
  assert.deepEqual(outline.topLevelScalars(), { id: 'sales.orders', name: 'orders' });
});
