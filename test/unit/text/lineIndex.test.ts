import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/text/lineIndex';

test('offsets and positions round-trip over \\n, \\r\\n and \\r line breaks', () => {
  const text = 'ab\ncd\r\nef\rgh';
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount, 4);
  for (let offset = 0; offset <= text.length; offset++) {
    const position = lines.positionAt(offset);
    if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // between \r and \n is not a position
    assert.equal(lines.offsetAt(position), offset, `offset ${offset}`);
  }
  assert.deepEqual(lines.positionAt(7), { line: 2, character: 0 });
  assert.equal(lines.lineText(1), 'cd');
});

test('a character past the end of a line means the end of that line, never the next line', () => {
  const lines = new LineIndex('key: value\nnext: 1\n');
  assert.equal(lines.offsetAt({ line: 0, character: 99 }), 10);
  assert.equal(lines.offsetAt({ line: 9, character: 0 }), 19);
  assert.equal(lines.offsetAt({ line: -1, character: 5 }), 0);
});

test('positions count UTF-16 code units, as LSP does by default', () => {
  const lines = new LineIndex('a: 🚀x');
  assert.deepEqual(lines.positionAt(5), { line: 0, character: 5 });
});
