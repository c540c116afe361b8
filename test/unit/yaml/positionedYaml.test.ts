import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PositionedYaml } from '../../../server/src/services/yaml/positionedYaml';

test('an alias bomb is a syntax error at the start, and the document has no value', () => {
  const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (const [name, previous] of [
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'c'],
  ])
    rows.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
  const yaml = new PositionedYaml(`${rows.join('\n')}\n`);
  assert.equal(yaml.value, undefined);
  assert.deepEqual(
    yaml.syntaxErrors.map((error) => [error.range.start, error.message]),
    [[{ line: 0, character: 0 }, 'The document cannot be read: Excessive alias count indicates a resource exhaustion attack']],
  );
});

test('an alias without its anchor is a syntax error, and the document has no value', () => {
  const yaml = new PositionedYaml('a: *nope\n');
  assert.equal(yaml.value, undefined);
  assert.match(yaml.syntaxErrors[0]?.message ?? '', /^The document cannot be read: Unresolved alias .*nope/);
});

test('a document with resolvable aliases has its value and no error', () => {
  const yaml = new PositionedYaml('a: &x [1, 2]\nb: *x\n');
  assert.deepEqual(yaml.value, { a: [1, 2], b: [1, 2] });
  assert.deepEqual(yaml.syntaxErrors, []);
});
