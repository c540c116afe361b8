import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertProperty } from '../../support/propertySeed';
import { MAX_DEPTH, parseJson } from '../../../server/src/services/json/jsonScanner';
import { nodeAtPath } from '../../../server/src/services/json/jsonNavigation';
import { jsonValueOf, type JsonNode, type JsonValueNode } from '../../../server/src/services/json/jsonTree';
import { walkJsonTree } from '../../support/jsonTreeWalk';

/** JSON.parse's verdict, or undefined when it throws. */
function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Ranges lie within the text, children within their parents, siblings in order without overlap. */
function assertRanges(text: string, root: JsonValueNode | undefined): void {
  const within = (inner: JsonNode, outer: { offset: number; length: number }, what: string) => {
    assert.ok(inner.length >= 0, `${what}: negative length`);
    assert.ok(
      inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length,
      `${what}: ${inner.type} ${inner.offset}+${inner.length} outside ${outer.offset}+${outer.length}`,
    );
  };
  const visit = (node: JsonValueNode) => {
    let previousEnd = node.offset;
    const children: JsonNode[] = node.type === 'object' ? node.properties : node.type === 'array' ? node.items : [];
    for (const child of children) {
      within(child, node, 'child');
      assert.ok(child.offset >= previousEnd, 'siblings overlap');
      previousEnd = child.offset + child.length;
      if (child.type === 'property') {
        within(child.key, child, 'key');
        assert.equal(child.key.offset, child.offset);
        if (child.colonOffset >= 0) assert.equal(text[child.colonOffset], ':');
        if (child.value) {
          within(child.value, child, 'property value');
          assert.equal(child.value.offset + child.value.length, child.offset + child.length, 'a property ends with its value');
          visit(child.value);
        }
      } else visit(child);
    }
  };
  if (root) {
    within(root, { offset: 0, length: text.length }, 'root');
    visit(root);
  }
}

test('valid JSON gives the value JSON.parse gives, without errors (generated, compact and indented)', () => {
  assertProperty(
    fc.property(fc.jsonValue(), fc.constantFrom<(number | string | undefined)[]>(undefined, 2, '\t', ' \r\n'), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      const result = parseJson(text);
      assert.deepEqual(result.errors, []);
      assert.ok(result.root);
      assert.deepEqual(jsonValueOf(result.root), JSON.parse(text));
    }),
    { numRuns: 3000 },
  );
});

test('valid JSON with any Unicode, including lone surrogates, gives the value JSON.parse gives', () => {
  const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 12 });
  assertProperty(
    fc.property(fc.jsonValue({ stringUnit: 'binary' }), fc.dictionary(utf16, utf16), (value, strings) => {
      for (const text of [JSON.stringify(value), JSON.stringify(strings, null, 1), JSON.stringify([strings, value])]) {
        const result = parseJson(text);
        assert.deepEqual(result.errors, []);
        assert.deepEqual(jsonValueOf(result.root!), JSON.parse(text));
      }
    }),
    { numRuns: 1500 },
  );
});

test('fast-check fc.json() texts parse like JSON.parse', () => {
  assertProperty(
    fc.property(fc.json(), (text) => {
      const result = parseJson(text);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(jsonValueOf(result.root!), JSON.parse(text));
    }),
    { numRuns: 2000 },
  );
});

test('hand-picked valid texts: escapes, numbers, empty containers, whitespace', () => {
  const texts = [
    '"\\" \\\\ \\/ \\b \\f \\n \\r \\t"',
    '"\\u0041\\u00e9\\u4e2d\\uD83D\\uDE80 \\ud83d\\ude80"',
    '"\\uD800"',
    '"\\uDC00x\\uD800"',
    '"😀 é 中"',
    '"escape at the end\\n"',
    '"\\u0000"',
    '-0',
    '0',
    '-0.0',
    '1e400',
    '-1e400',
    '1E+2',
    '1e-7',
    '0.1',
    '123456789012345',
    '1234567890123456',
    '12345678901234567890',
    '-9007199254740993',
    '9007199254740993',
    '2.2250738585072014e-308',
    '5e-324',
    '[]',
    '{}',
    '[[]]',
    '{"":{}}',
    '[{}, [], "", 0, false, true, null]',
    ' \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \t\r\n"a" \t\r\n: \t\r\n2 \t\r\n} \t\r\n] \t\r\n',
    '{"a":1,"a":2}',
    '{"__proto__": {"x": 1}, "constructor": 2}',
    '"a very long string that is longer than twelve characters, so it is sliced"',
    '{"type":"record","name":"R","fields":[{"name":"a","type":["null","string"],"default":null}]}',
  ];
  for (const text of texts) {
    const result = parseJson(text);
    assert.deepEqual(result.errors, [], text);
    assert.deepEqual(jsonValueOf(result.root!), JSON.parse(text), text);
  }
  assert.ok(Object.is(jsonValueOf(parseJson('-0').root!), -0));
  assert.equal(jsonValueOf(parseJson('1e400').root!), Infinity);
});

test('a BOM at the start is skipped', () => {
  const result = parseJson('\uFEFF{"a": 1}');
  assert.deepEqual(result.errors, []);
  assert.deepEqual(jsonValueOf(result.root!), { a: 1 });
  assert.equal(result.root!.offset, 1);
});

test('every node re-parses from its own range', () => {
  assertProperty(
    fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom<number | undefined>(undefined, 2), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      const { root } = parseJson(text);
      for (const { node } of walkJsonTree(root)) {
        const slice = text.slice(node.offset, node.offset + node.length);
        if (node.type === 'property') {
          const expected = node.value ? jsonValueOf(node.value) : undefined;
          assert.deepEqual(JSON.parse(`{${slice}}`)[node.key.value], expected);
        } else {
          assert.deepEqual(JSON.parse(slice), jsonValueOf(node));
        }
      }
      assertRanges(text, root);
    }),
    { numRuns: 1000 },
  );
});

test('positions on an Avro schema: key, colon, value ranges', () => {
  const text = '{\n  "type": "record",\n  "fields": [ { "name": "a" } ]\n}';
  const root = parseJson(text).root!;
  assert.equal(root.type, 'object');
  if (root.type !== 'object') return;
  const [type, fields] = root.properties;
  assert.equal(text.slice(type.key.offset, type.key.offset + type.key.length), '"type"');
  assert.equal(type.colonOffset, text.indexOf(':'));
  assert.equal(text.slice(type.offset, type.offset + type.length), '"type": "record"');
  assert.equal(text.slice(fields.offset, fields.offset + fields.length), '"fields": [ { "name": "a" } ]');
  assert.deepEqual([root.offset, root.length], [0, text.length]);
});

test('isInteger is true only for numbers written without a fraction or an exponent', () => {
  const cases: [string, boolean][] = [
    ['1', true],
    ['-1', true],
    ['0', true],
    ['-0', true],
    ['12345678901234567890', true],
    ['1.0', false],
    ['1e2', false],
    ['1E2', false],
    ['1.5', false],
    ['-2e-3', false],
  ];
  for (const [text, isInteger] of cases) {
    const root = parseJson(text).root;
    assert.equal(root?.type, 'number', text);
    if (root?.type === 'number') assert.equal(root.isInteger, isInteger, text);
  }
});

interface ErrorCase {
  text: string;
  /** The first error: where it is and what its message contains. */
  offset: number;
  message: string;
  /** The recovered value, as jsonValueOf gives it; undefined for no root. */
  value: unknown;
}

const errorCases: ErrorCase[] = [
  {
    text: '{"type": "record", "fields": [{"name": "a", "ty',
    offset: 44,
    message: 'Unterminated string',
    value: { type: 'record', fields: [{ name: 'a' }] },
  },
  { text: '{"a": 1 "b": 2}', offset: 8, message: 'Expected a comma or closing brace', value: { a: 1, b: 2 } },
  { text: '[1 2]', offset: 3, message: 'Expected a comma or closing bracket', value: [1, 2] },
  { text: '{"a": 1,}', offset: 7, message: 'Trailing comma', value: { a: 1 } },
  { text: '[1, 2,]', offset: 5, message: 'Trailing comma', value: [1, 2] },
  { text: '{a: 1}', offset: 1, message: 'Property keys must be double-quoted', value: { a: 1 } },
  { text: "{'a': 1}", offset: 1, message: 'Property keys must be double-quoted', value: { a: 1 } },
  { text: "['a']", offset: 1, message: 'Strings must be double-quoted', value: ['a'] },
  { text: '{"a": }', offset: 6, message: 'Expected a value', value: {} },
  { text: '{"a": , "b": 1}', offset: 6, message: 'Expected a value', value: { b: 1 } },
  { text: '{"a" 1}', offset: 5, message: 'Expected a colon', value: { a: 1 } },
  { text: '{"a" \n "b": 1}', offset: 7, message: 'Expected a colon', value: { b: 1 } },
  { text: '{"a": "abc\n, "b": 2}', offset: 6, message: 'Unterminated string', value: { a: 'abc', b: 2 } },
  { text: '"abc', offset: 0, message: 'Unterminated string', value: 'abc' },
  { text: '{"a": [1, 2', offset: 11, message: 'Unexpected end of text', value: { a: [1, 2] } },
  { text: '{"a": [1, 2}', offset: 11, message: 'Expected a comma or closing bracket', value: { a: [1, 2] } },
  { text: '[{"a": 1]', offset: 8, message: 'Expected a comma or closing brace', value: [{ a: 1 }] },
  { text: '[[[1}]]]', offset: 4, message: 'Expected a comma or closing bracket', value: [[[1]]] },
  { text: '{"a": 1} x', offset: 9, message: 'Unexpected text after the JSON value', value: { a: 1 } },
  { text: '[1, tru, 2]', offset: 4, message: 'Expected a value', value: [1, 2] },
  { text: '[NaN, 1]', offset: 1, message: 'Expected a value', value: [1] },
  { text: '[-Infinity, 1]', offset: 1, message: 'Invalid number', value: [1] },
  { text: '[01]', offset: 1, message: 'Invalid number', value: [1] },
  { text: '[1.]', offset: 1, message: 'Invalid number', value: [1] },
  { text: '[.5]', offset: 1, message: 'Expected a value', value: [] },
  { text: '[+1]', offset: 1, message: 'Expected a value', value: [] },
  { text: '[1e]', offset: 1, message: 'Invalid number', value: [] },
  { text: '["a\tb"]', offset: 3, message: 'Control characters must be escaped', value: ['a\tb'] },
  { text: '["a\\qb"]', offset: 3, message: 'Invalid escape', value: ['aqb'] },
  { text: '["\\u12G4"]', offset: 2, message: 'Invalid Unicode escape', value: ['G4'] },
  { text: '// comment\n{"a": 1}', offset: 0, message: 'Expected a value', value: { a: 1 } },
  { text: '{"a": 1 /* c */}', offset: 8, message: 'Expected a comma or closing brace', value: { a: 1 } },
  { text: '{,"a": 1}', offset: 1, message: 'Expected a property name', value: { a: 1 } },
  { text: '[,1]', offset: 1, message: 'Expected a value', value: [1] },
  { text: '', offset: 0, message: 'Expected a JSON value', value: undefined },
  { text: '   ', offset: 3, message: 'Expected a JSON value', value: undefined },
  { text: '{', offset: 1, message: 'Unexpected end of text', value: {} },
  { text: '{"a":', offset: 5, message: 'Unexpected end of text', value: {} },
];

test('each class of malformed input gives an error at the right offset and the expected partial tree', () => {
  for (const { text, offset, message, value } of errorCases) {
    const result = parseJson(text);
    assert.ok(result.errors.length > 0, `no error for ${JSON.stringify(text)}`);
    const [first] = result.errors;
    assert.equal(first.offset, offset, `offset for ${JSON.stringify(text)}: ${JSON.stringify(result.errors)}`);
    assert.ok(first.message.includes(message), `message for ${JSON.stringify(text)}: ${first.message}`);
    assert.deepEqual(result.root && jsonValueOf(result.root), value, `value for ${JSON.stringify(text)}`);
    assertRanges(text, result.root);
  }
});

test('a half-typed property keeps its key with an undefined value, and the unclosed containers end at the end of the text', () => {
  const text = '{"type": "record", "fields": [{"name": "a", "type": ';
  const result = parseJson(text);
  const root = result.root!;
  assert.equal(root.type, 'object');
  assert.equal(root.length, text.length);
  const fields = nodeAtPath(root, ['fields'])!;
  assert.equal(fields.type, 'array');
  assert.equal(fields.offset + fields.length, text.length);
  const field = nodeAtPath(root, ['fields', 0])!;
  assert.equal(field.type, 'object');
  if (field.type !== 'object') return;
  const typeProperty = field.properties[1];
  assert.equal(typeProperty.key.value, 'type');
  assert.equal(typeProperty.value, undefined);
  assert.equal(typeProperty.colonOffset, text.lastIndexOf(':'));
  assert.equal(typeProperty.offset + typeProperty.length, typeProperty.colonOffset + 1);
  assert.deepEqual(result.errors, [{ offset: text.length, length: 0, message: 'Unexpected end of text' }]);
});

test('an unterminated string ends at the end of its line', () => {
  const text = '{\n  "name": "abc\n  "type": "int"\n}';
  const result = parseJson(text);
  const name = nodeAtPath(result.root, ['name'])!;
  assert.deepEqual([name.offset, name.length], [text.indexOf('"abc'), 4]);
  assert.deepEqual(jsonValueOf(result.root!), { name: 'abc', type: 'int' });
});

test('errors are sorted by offset and the error list is bounded', () => {
  const result = parseJson('["a\\q\n]');
  const offsets = result.errors.map((error) => error.offset);
  assert.deepEqual(
    offsets,
    [...offsets].sort((a, b) => a - b),
  );
  const garbage = parseJson('[' + '@ '.repeat(50_000) + ']');
  assert.ok(garbage.errors.length <= 1001);
  assert.match(garbage.errors[garbage.errors.length - 1].message, /Too many/);
});

const tokens = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  "'",
  'tru',
  'null',
  '1e',
  '-',
  '.',
  '0',
  ' ',
  '\n',
  '\t',
  '\u0001',
  '\uFEFF',
  '\uD800',
  '//',
  '"\\u',
  '"x": ',
  'NaN',
];

/** JSON text with up to four random deletions, insertions and duplications of slices. */
const mutatedJson = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }),
    fc.constantFrom<number | undefined>(undefined, 2),
    fc.array(
      fc.tuple(
        fc.constantFrom('delete', 'insert', 'duplicate'),
        fc.nat(),
        fc.nat({ max: 8 }),
        fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 })),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([value, indent, mutations]) => {
    let text = JSON.stringify(value, null, indent);
    for (const [kind, at, size, insert] of mutations) {
      const start = text.length === 0 ? 0 : at % (text.length + 1);
      const end = Math.min(text.length, start + size);
      if (kind === 'delete') text = text.slice(0, start) + text.slice(end);
      else if (kind === 'insert') text = text.slice(0, start) + insert + text.slice(start);
      else text = text.slice(0, end) + text.slice(start, end) + text.slice(end);
    }
    return text;
  });

/** Never throws, ranges are sane, and there are errors exactly when JSON.parse rejects the text. */
function checkAnyText(text: string): void {
  const result = parseJson(text);
  assertRanges(text, result.root);
  for (const error of result.errors)
    assert.ok(error.offset >= 0 && error.length >= 0 && error.offset + error.length <= text.length, `error range ${JSON.stringify(error)}`);
  if (text.charCodeAt(0) === 0xfeff) return; // JSON.parse rejects a BOM, which we skip
  const expected = tryParse(text);
  assert.equal(result.errors.length === 0, expected !== undefined, `errors ${JSON.stringify(result.errors)} for ${JSON.stringify(text)}`);
  if (expected) assert.deepEqual(jsonValueOf(result.root!), expected.value);
}

test('random text never throws, keeps ranges in the text, and has errors exactly when JSON.parse throws', () => {
  assertProperty(fc.property(fc.string({ maxLength: 40 }), checkAnyText), { numRuns: 3000 });
  assertProperty(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), checkAnyText), { numRuns: 2000 });
  assertProperty(
    fc.property(
      fc.array(fc.constantFrom(...tokens, 'true', '"a"', '1', '-0.5e+3'), { maxLength: 30 }).map((parts) => parts.join('')),
      checkAnyText,
    ),
    { numRuns: 3000 },
  );
});

test('mutated JSON never throws, keeps ranges in the text, and has errors exactly when JSON.parse throws', () => {
  assertProperty(fc.property(mutatedJson, checkAnyText), { numRuns: 5000 });
});

test('deep nesting gives an error instead of a stack overflow', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const result = parseJson(deep);
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0].offset, MAX_DEPTH);
  assert.match(result.errors[0].message, /Nesting is too deep/);
  assert.equal(result.root?.type, 'array');
  assert.equal(result.root?.length, deep.length);

  const objects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
  const objectResult = parseJson(objects);
  assert.match(objectResult.errors[0].message, /Nesting is too deep/);

  const unclosed = parseJson('['.repeat(5_000_000));
  assert.deepEqual(
    unclosed.errors.map((error) => error.message),
    ['Nesting is too deep (more than 1000 levels)', 'Unexpected end of text'],
  );

  const limit = '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH);
  assert.deepEqual(parseJson(limit).errors, []);
});

test('a __proto__ key becomes an own key, as JSON.parse makes it', () => {
  const text = '{"__proto__": {"polluted": true}, "a": 1}';
  const value = jsonValueOf(parseJson(text).root!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(value), ['__proto__', 'a']);
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(value, JSON.parse(text));
});
