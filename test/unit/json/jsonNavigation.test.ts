import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJson } from '../../../server/src/services/json/jsonScanner';
import { findNodeAtOffset, nodeAtPath, pathToPointer, pointerToPath } from '../../../server/src/services/json/jsonNavigation';
import { jsonValueOf, propertyValue } from '../../../server/src/services/json/jsonTree';
import { assertProperty } from '../../support/propertySeed';
import { walkJsonTree } from '../../support/jsonTreeWalk';

test('findNodeAtOffset: values, keys, properties and containers', () => {
  const text = '{"type": "record", "fields": [{"name": "a"}, 42]}';
  const root = parseJson(text).root!;

  const onRecord = findNodeAtOffset(root, text.indexOf('record'))!;
  assert.equal(onRecord.node.type, 'string');
  assert.deepEqual(onRecord.path, ['type']);
  assert.equal(onRecord.inKey, false);
  assert.deepEqual(
    onRecord.ancestors.map((node) => node.type),
    ['object', 'property'],
  );

  const onKey = findNodeAtOffset(root, text.indexOf('fields'))!;
  assert.equal(onKey.inKey, true);
  assert.deepEqual(onKey.path, ['fields']);
  assert.equal(onKey.node.type === 'string' && onKey.node.value, 'fields');
  assert.equal(onKey.ancestors[onKey.ancestors.length - 1].type, 'property');

  const onColon = findNodeAtOffset(root, text.indexOf(':'))!;
  assert.equal(onColon.node.type, 'property');
  assert.deepEqual(onColon.path, ['type']);

  const onName = findNodeAtOffset(root, text.indexOf('"a"') + 1)!;
  assert.deepEqual(onName.path, ['fields', 0, 'name']);
  assert.deepEqual(
    onName.ancestors.map((node) => node.type),
    ['object', 'property', 'array', 'object', 'property'],
  );

  assert.deepEqual(findNodeAtOffset(root, text.indexOf('42'))!.path, ['fields', 1]);
  assert.equal(findNodeAtOffset(root, text.indexOf(', "fields"'))!.node, root);
  assert.equal(findNodeAtOffset(root, text.length), undefined);
  assert.equal(findNodeAtOffset(root, -1), undefined);

  // The end of "record" (the cursor after its closing quote) belongs to it only with the right bound.
  const afterRecord = text.indexOf('"record"') + '"record"'.length;
  assert.equal(findNodeAtOffset(root, afterRecord)!.node, root);
  assert.equal(findNodeAtOffset(root, afterRecord, true)!.node.type, 'string');
  assert.equal(findNodeAtOffset(root, text.length, true)!.node, root);
});

test('findNodeAtOffset and nodeAtPath agree with the tree on generated documents', () => {
  assertProperty(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
      const text = JSON.stringify(value, null, 1);
      const root = parseJson(text).root!;
      for (const { node, path } of walkJsonTree(root)) {
        const found = findNodeAtOffset(root, node.offset)!;
        if (node.type === 'property') {
          // A property starts with its key, so its first offset is the key's.
          assert.equal(found.inKey, true);
          assert.equal(found.node, node.key);
        } else if (found.inKey) {
          assert.equal(found.node, node);
        } else {
          assert.equal(found.node, node);
          assert.equal(nodeAtPath(root, path), node);
          assert.equal(nodeAtPath(root, pointerToPath(pathToPointer(path))), node);
        }
        assert.deepEqual(found.path, path);
      }
    }),
    { numRuns: 500 },
  );
});

test('nodeAtPath: repeated keys give the last, missing steps give undefined', () => {
  const root = parseJson('{"a": 1, "a": {"b": [10, 20]}, "0": "zero"}').root!;
  assert.deepEqual(jsonValueOf(nodeAtPath(root, ['a'])!), { b: [10, 20] });
  assert.equal(jsonValueOf(nodeAtPath(root, ['a', 'b', 1])!), 20);
  assert.equal(jsonValueOf(nodeAtPath(root, ['a', 'b', '1'])!), 20);
  assert.equal(jsonValueOf(nodeAtPath(root, [0])!), 'zero');
  assert.equal(nodeAtPath(root, ['a', 'b', 2]), undefined);
  assert.equal(nodeAtPath(root, ['a', 'b', '01']), undefined);
  assert.equal(nodeAtPath(root, ['a', 'b', 0, 'x']), undefined);
  assert.equal(nodeAtPath(root, ['missing']), undefined);
  assert.equal(nodeAtPath(root, []), root);
  assert.equal(nodeAtPath(undefined, ['a']), undefined);
  assert.equal(propertyValue(root.type === 'object' ? root : (undefined as never), '0')?.type, 'string');
});

test('JSON Pointers escape ~ and / (RFC 6901) and round-trip', () => {
  assert.equal(pathToPointer([]), '');
  assert.equal(pathToPointer(['fields', 0, 'type']), '/fields/0/type');
  assert.equal(pathToPointer(['a/b', 'm~n', '', '~1']), '/a~1b/m~0n//~01');
  assert.deepEqual(pointerToPath(''), []);
  assert.deepEqual(pointerToPath('/fields/0/type'), ['fields', 0, 'type']);
  assert.deepEqual(pointerToPath('/a~1b/m~0n//~01/01'), ['a/b', 'm~n', '', '~1', '01']);
  assert.deepEqual(pointerToPath('/'), ['']);
  assert.throws(() => pointerToPath('fields'), /must start with/);
  assert.throws(() => pointerToPath('/a~2'), /Invalid escape/);
  assertProperty(
    fc.property(fc.array(fc.oneof(fc.string(), fc.nat())), (path) => {
      const pointer = pathToPointer(path);
      assert.equal(pathToPointer(pointerToPath(pointer)), pointer);
    }),
    { numRuns: 1000 },
  );
});
