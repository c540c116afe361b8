import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAvroSchema } from '../../../server/src/services/avro/avroParser';
import type { AvroType } from '../../../server/src/services/avro/avroSchema';
import { checkReaderWriter, isPromotion } from '../../../server/src/services/avro/compat/readerWriterCompatibility';
import { checkCompatibility } from '../../../server/src/services/avro/compat/compatibilityModes';
import {
  escapePointerToken,
  uniqueIncompatibilities,
  type Incompatibility,
} from '../../../server/src/services/avro/compat/incompatibility';

// The expected findings (type, location, detail) are the reference implementation's, Java's
// SchemaCompatibility 1.12, for the same schemas; the differential suite checks thousands more.

function parse(schema: unknown): { root: AvroType; text: string } {
  const text = JSON.stringify(schema, null, 2);
  const { schema: parsed, diagnostics } = parseAvroSchema(text);
  const errors = diagnostics.filter((d) => (d.severity ?? 1) === 1);
  assert.deepEqual(
    errors.map((d) => d.message),
    [],
    `the test schema parses: ${text}`,
  );
  assert.ok(parsed.root);
  return { root: parsed.root, text };
}

function check(reader: unknown, writer: unknown): Incompatibility[] {
  return checkReaderWriter(parse(reader).root, parse(writer).root);
}

/** [type, location, detail] of each finding, in order. */
function findings(reader: unknown, writer: unknown): [string, string, string][] {
  return check(reader, writer).map((i) => [i.type, i.location, i.detail]);
}

function record(name: string, fields: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'record', name, ...extra, fields };
}

const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];

describe('Avro reader/writer compatibility', () => {
  describe('primitives and promotions', () => {
    test('each primitive reads itself', () => {
      for (const type of PRIMITIVES) assert.deepEqual(findings(type, type), [], type);
    });

    test('the promotions of the specification read; the reverse directions do not', () => {
      const promotions: [string, string][] = [
        ['int', 'long'],
        ['int', 'float'],
        ['int', 'double'],
        ['long', 'float'],
        ['long', 'double'],
        ['float', 'double'],
        ['string', 'bytes'],
        ['bytes', 'string'],
      ];
      for (const writer of PRIMITIVES) {
        for (const reader of PRIMITIVES) {
          if (reader === writer) continue;
          const promoted = promotions.some(([from, to]) => from === writer && to === reader);
          assert.equal(isPromotion(writer, reader), promoted, `${writer} -> ${reader}`);
          const expected = promoted
            ? []
            : [['TYPE_MISMATCH', '/', `reader type: ${reader.toUpperCase()} not compatible with writer type: ${writer.toUpperCase()}`]];
          assert.deepEqual(findings(reader, writer), expected, `${writer} written, ${reader} read`);
        }
      }
    });

    test('logical types do not change what reads what', () => {
      assert.deepEqual(findings({ type: 'long', logicalType: 'timestamp-millis' }, 'int'), []);
      assert.deepEqual(findings('bytes', { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }), []);
    });

    test('a primitive cannot read a complex type, nor the other way round', () => {
      assert.deepEqual(findings({ type: 'array', items: 'int' }, 'int'), [
        ['TYPE_MISMATCH', '/', 'reader type: ARRAY not compatible with writer type: INT'],
      ]);
      assert.deepEqual(findings('string', { type: 'map', values: 'string' }), [
        ['TYPE_MISMATCH', '/', 'reader type: STRING not compatible with writer type: MAP'],
      ]);
    });
  });

  describe('records', () => {
    const v1 = record(
      'Order',
      [
        { name: 'id', type: 'string' },
        { name: 'amount', type: 'int' },
      ],
      { namespace: 'com.example' },
    );

    test('a reader field missing in the writer needs a default', () => {
      const v2 = record(
        'Order',
        [
          { name: 'id', type: 'string' },
          { name: 'amount', type: 'int' },
          { name: 'currency', type: 'string' },
        ],
        { namespace: 'com.example' },
      );
      assert.deepEqual(findings(v2, v1), [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/2', 'currency']]);
      const withDefault = JSON.parse(
        JSON.stringify(v2).replace('"name":"currency","type":"string"', '"name":"currency","type":"string","default":"EUR"'),
      );
      assert.deepEqual(findings(withDefault, v1), []);
      // A null default is a default.
      const nullable = record(
        'Order',
        [
          { name: 'id', type: 'string' },
          { name: 'note', type: ['null', 'string'], default: null },
        ],
        { namespace: 'com.example' },
      );
      assert.deepEqual(findings(nullable, v1), []);
    });

    test('writer fields the reader lacks are skipped', () => {
      assert.deepEqual(findings(record('Order', [{ name: 'id', type: 'string' }], { namespace: 'com.example' }), v1), []);
    });

    test('field order does not matter; field types are checked at /fields/N/type (N = the reader position)', () => {
      const reordered = record(
        'Order',
        [
          { name: 'amount', type: 'string' },
          { name: 'id', type: 'string' },
        ],
        { namespace: 'com.example' },
      );
      assert.deepEqual(findings(reordered, v1), [
        ['TYPE_MISMATCH', '/fields/0/type', 'reader type: STRING not compatible with writer type: INT'],
      ]);
      const promoted = record(
        'Order',
        [
          { name: 'amount', type: 'double' },
          { name: 'id', type: 'bytes' },
        ],
        { namespace: 'com.example' },
      );
      assert.deepEqual(findings(promoted, v1), []);
    });

    test('every incompatibility is collected, in the reader order', () => {
      const reader = record(
        'Order',
        [
          { name: 'id', type: 'int' },
          { name: 'status', type: 'string' },
          { name: 'amount', type: 'boolean' },
          { name: 'items', type: { type: 'array', items: 'long' } },
        ],
        { namespace: 'com.example' },
      );
      const writer = record(
        'Order',
        [
          { name: 'id', type: 'string' },
          { name: 'amount', type: 'int' },
          { name: 'items', type: { type: 'array', items: 'string' } },
        ],
        { namespace: 'com.example' },
      );
      assert.deepEqual(findings(reader, writer), [
        ['TYPE_MISMATCH', '/fields/0/type', 'reader type: INT not compatible with writer type: STRING'],
        ['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/1', 'status'],
        ['TYPE_MISMATCH', '/fields/2/type', 'reader type: BOOLEAN not compatible with writer type: INT'],
        ['TYPE_MISMATCH', '/fields/3/type/items', 'reader type: LONG not compatible with writer type: STRING'],
      ]);
    });

    test('an error type is a record', () => {
      const fields = [{ name: 'code', type: 'int' }];
      assert.deepEqual(findings({ type: 'error', name: 'Failure', fields }, record('Failure', fields)), []);
      assert.deepEqual(findings(record('Failure', [{ name: 'code', type: 'string' }]), { type: 'error', name: 'Failure', fields }), [
        ['TYPE_MISMATCH', '/fields/0/type', 'reader type: STRING not compatible with writer type: INT'],
      ]);
    });

    test('nested records and maps: the pointer follows the path', () => {
      const reader = record('Outer', [{ name: 'inner', type: record('Inner', [{ name: 'tags', type: { type: 'map', values: 'int' } }]) }]);
      const writer = record('Outer', [
        { name: 'inner', type: record('Inner', [{ name: 'tags', type: { type: 'map', values: 'string' } }]) },
      ]);
      assert.deepEqual(findings(reader, writer), [
        ['TYPE_MISMATCH', '/fields/0/type/fields/0/type/values', 'reader type: INT not compatible with writer type: STRING'],
      ]);
    });

    test('the finding keeps the reader node that causes it', () => {
      const reader = parse(
        record('Order', [
          { name: 'id', type: 'string' },
          { name: 'currency', type: 'string' },
        ]),
      );
      const writer = parse(record('Order', [{ name: 'id', type: 'int' }]));
      const [mismatch, missing] = checkReaderWriter(reader.root, writer.root);
      const textOf = (i: Incompatibility) =>
        i.readerNode ? reader.text.slice(i.readerNode.offset, i.readerNode.offset + i.readerNode.length) : undefined;
      assert.equal(textOf(mismatch), '"string"');
      assert.match(textOf(missing) ?? '', /^\{\s*"name": "currency",\s*"type": "string"\s*\}$/);
      assert.equal(mismatch.reader.kind, 'primitive');
      assert.equal(missing.reader.kind, 'record');
      assert.match(missing.message, /currency/);
    });
  });

  describe('names and aliases', () => {
    test('a renamed record does not match, unless a reader alias names the writer', () => {
      const writer = record('Customer', [{ name: 'id', type: 'string' }], { namespace: 'com.example' });
      const renamed = record('Client', [{ name: 'id', type: 'string' }], { namespace: 'com.example' });
      assert.deepEqual(findings(renamed, writer), [['NAME_MISMATCH', '/name', 'expected: com.example.Customer']]);
      // Aliases resolve in the type's namespace: "Customer" is com.example.Customer.
      assert.deepEqual(findings({ ...renamed, aliases: ['Customer'] }, writer), []);
      assert.deepEqual(findings({ ...renamed, aliases: ['com.example.Customer'] }, writer), []);
      assert.deepEqual(findings({ ...renamed, aliases: ['org.other.Customer'] }, writer), [
        ['NAME_MISMATCH', '/name', 'expected: com.example.Customer'],
      ]);
      // Writer aliases do not count.
      assert.deepEqual(findings(renamed, { ...writer, aliases: ['Client'] }), [
        ['NAME_MISMATCH', '/name', 'expected: com.example.Customer'],
      ]);
    });

    test('as in Java, names are compared without their namespaces', () => {
      const writer = record('Customer', [{ name: 'id', type: 'string' }], { namespace: 'com.example' });
      assert.deepEqual(findings(record('Customer', [{ name: 'id', type: 'string' }], { namespace: 'org.other' }), writer), []);
      assert.deepEqual(findings(record('Customer', [{ name: 'id', type: 'string' }]), writer), []);
    });

    test('a renamed field reads the old one through its aliases', () => {
      const writer = record('R', [{ name: 'old_name', type: 'string' }]);
      assert.deepEqual(findings(record('R', [{ name: 'newName', type: 'string' }]), writer), [
        ['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/0', 'newName'],
      ]);
      assert.deepEqual(findings(record('R', [{ name: 'newName', type: 'string', aliases: ['old_name'] }]), writer), []);
      assert.deepEqual(findings(record('R', [{ name: 'newName', type: 'int', aliases: ['old_name'] }]), writer), [
        ['TYPE_MISMATCH', '/fields/0/type', 'reader type: INT not compatible with writer type: STRING'],
      ]);
    });

    test('enums and fixed types are named types too, and the name is checked before the rest', () => {
      const reader = record('R', [{ name: 'f', type: { type: 'fixed', name: 'Hash', size: 8 } }]);
      const writer = record('R', [{ name: 'f', type: { type: 'fixed', name: 'Digest', size: 16 } }]);
      assert.deepEqual(findings(reader, writer), [
        ['NAME_MISMATCH', '/fields/0/type/name', 'expected: Digest'],
        ['FIXED_SIZE_MISMATCH', '/fields/0/type/size', 'expected: 16, found: 8'],
      ]);
      const enumReader = { type: 'enum', name: 'Color', symbols: ['RED'] };
      const enumWriter = { type: 'enum', name: 'Colour', symbols: ['RED', 'GREEN'] };
      assert.deepEqual(findings(enumReader, enumWriter), [
        ['NAME_MISMATCH', '/name', 'expected: Colour'],
        ['MISSING_ENUM_SYMBOLS', '/symbols', '[GREEN]'],
      ]);
      assert.deepEqual(findings({ ...enumReader, aliases: ['Colour'], symbols: ['RED', 'GREEN', 'BLUE'] }, enumWriter), []);
    });
  });

  describe('enums', () => {
    const writer = { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED', 'CANCELLED'] };

    test('every writer symbol must be known to the reader; the missing ones are listed sorted', () => {
      assert.deepEqual(findings({ ...writer, symbols: ['PAID', 'NEW'] }, writer), [
        ['MISSING_ENUM_SYMBOLS', '/symbols', '[CANCELLED, SHIPPED]'],
      ]);
      assert.deepEqual(findings({ ...writer, symbols: [...writer.symbols, 'RETURNED'] }, writer), []);
    });

    test("a reader enum's default makes unknown symbols readable", () => {
      assert.deepEqual(findings({ ...writer, symbols: ['NEW', 'PAID', 'UNKNOWN'], default: 'UNKNOWN' }, writer), []);
    });

    test('a reader field missing in the writer, typed by an enum with a default, is checked as that enum against the writer record (Java)', () => {
      const reader = record('R', [
        { name: 'id', type: 'string' },
        { name: 'status', type: { ...writer, default: 'NEW' } },
      ]);
      const writerRecord = record('R', [{ name: 'id', type: 'string' }]);
      assert.deepEqual(findings(reader, writerRecord), [
        ['TYPE_MISMATCH', '/fields/1/type', 'reader type: ENUM not compatible with writer type: RECORD'],
      ]);
    });
  });

  describe('unions', () => {
    test('a writer union needs a reader branch for each of its branches, reported at the branch index', () => {
      const reader = record('R', [{ name: 'f', type: ['null', 'long'] }]);
      const writer = record('R', [{ name: 'f', type: ['null', 'string', 'int', 'boolean'] }]);
      assert.deepEqual(findings(reader, writer), [
        ['MISSING_UNION_BRANCH', '/fields/0/type/1', 'reader union lacking writer type: STRING'],
        ['MISSING_UNION_BRANCH', '/fields/0/type/3', 'reader union lacking writer type: BOOLEAN'],
      ]);
    });

    test('a reader union reads a plain writer type when one branch can (promotions included)', () => {
      assert.deepEqual(findings(['null', 'double'], 'int'), []);
      assert.deepEqual(findings(['null', 'string'], 'int'), [['MISSING_UNION_BRANCH', '/', 'reader union lacking writer type: INT']]);
    });

    test('a plain reader must read every branch of a writer union; each branch is a step in the pointer', () => {
      assert.deepEqual(findings('long', ['int', 'long']), []);
      assert.deepEqual(
        findings(record('R', [{ name: 'f', type: 'string' }]), record('R', [{ name: 'f', type: ['null', 'string', 'int'] }])),
        [
          ['TYPE_MISMATCH', '/fields/0/type/0', 'reader type: STRING not compatible with writer type: NULL'],
          ['TYPE_MISMATCH', '/fields/0/type/2', 'reader type: STRING not compatible with writer type: INT'],
        ],
      );
    });

    test('named branches match by name', () => {
      const a = record('A', [{ name: 'x', type: 'int' }]);
      const b = record('B', [{ name: 'y', type: 'int' }]);
      assert.deepEqual(findings(['null', a], ['null', b]), [['MISSING_UNION_BRANCH', '/1', 'reader union lacking writer type: RECORD']]);
      assert.deepEqual(findings(['null', { ...b, aliases: ['A'] }], ['null', a]), [
        ['MISSING_UNION_BRANCH', '/1', 'reader union lacking writer type: RECORD'],
      ]);
    });
  });

  describe('recursive schemas', () => {
    const list = (fields: unknown[]) =>
      record('Node', [...fields, { name: 'next', type: ['null', 'Node'], default: null }], { namespace: 'com.example' });

    test('a linked list against itself and an evolved version terminates', () => {
      const v1 = list([{ name: 'value', type: 'int' }]);
      assert.deepEqual(findings(v1, v1), []);
      assert.deepEqual(
        findings(
          list([
            { name: 'value', type: 'long' },
            { name: 'label', type: 'string', default: '' },
          ]),
          v1,
        ),
        [],
      );
    });

    test('an incompatibility inside a recursive type is found once, at its first location', () => {
      const reader = list([
        { name: 'value', type: 'long' },
        { name: 'label', type: 'string' },
      ]);
      const writer = list([{ name: 'value', type: 'string' }]);
      assert.deepEqual(findings(reader, writer), [
        ['TYPE_MISMATCH', '/fields/0/type', 'reader type: LONG not compatible with writer type: STRING'],
        ['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/1', 'label'],
      ]);
    });

    test('mutually recursive records', () => {
      const tree = (leaf: string) =>
        record('Tree', [
          {
            name: 'children',
            type: {
              type: 'array',
              items: record('Branch', [
                { name: 'leaf', type: leaf },
                { name: 'subtree', type: 'Tree' },
              ]),
            },
          },
        ]);
      assert.deepEqual(findings(tree('long'), tree('int')), []);
      assert.deepEqual(findings(tree('int'), tree('long')), [
        ['TYPE_MISMATCH', '/fields/0/type/items/fields/0/type', 'reader type: INT not compatible with writer type: LONG'],
      ]);
    });

    test('a named type used twice reports its findings with the first location, twice (Java memoizes pairs); unique once', () => {
      const address = (zip: string) => record('Address', [{ name: 'zip', type: zip }]);
      const reader = record('Customer', [
        { name: 'home', type: address('int') },
        { name: 'work', type: 'Address' },
      ]);
      const writer = record('Customer', [
        { name: 'home', type: address('string') },
        { name: 'work', type: 'Address' },
      ]);
      const all = checkReaderWriter(parse(reader).root, parse(writer).root);
      assert.deepEqual(
        all.map((i) => [i.type, i.location]),
        [
          ['TYPE_MISMATCH', '/fields/0/type/fields/0/type'],
          ['TYPE_MISMATCH', '/fields/0/type/fields/0/type'],
        ],
      );
      assert.equal(uniqueIncompatibilities(all).length, 1);
    });
  });

  test('JSON Pointer tokens are escaped as RFC 6901 says', () => {
    assert.equal(escapePointerToken('a/b~c'), 'a~1b~0c');
  });
});

describe('registry compatibility modes', () => {
  const v1 = parse(record('Order', [{ name: 'id', type: 'string' }])).root;
  // v2 adds a field without a default: old readers skip it, new readers cannot read v1 data.
  const v2 = parse(
    record('Order', [
      { name: 'id', type: 'string' },
      { name: 'amount', type: 'int' },
    ]),
  ).root;
  // v3 adds a defaulted field on top of v2.
  const v3 = parse(
    record('Order', [
      { name: 'id', type: 'string' },
      { name: 'amount', type: 'int' },
      { name: 'note', type: 'string', default: '' },
    ]),
  ).root;

  const verdict = (mode: Parameters<typeof checkCompatibility>[0], next: AvroType, previous: AvroType[]) =>
    checkCompatibility(mode, next, previous).compatible;

  test('BACKWARD: the next schema reads the newest previous one', () => {
    assert.equal(verdict('BACKWARD', v2, [v1]), false);
    assert.equal(verdict('BACKWARD', v3, [v2]), true);
    // Only the newest previous version counts.
    assert.equal(verdict('BACKWARD', v3, [v2, v1]), true);
    const result = checkCompatibility('BACKWARD', v2, [v1]);
    assert.deepEqual(
      result.checks.map((c) => [c.direction, c.reader, c.writer, c.previousIndex, c.incompatibilities.map((i) => i.type)]),
      [['backward', 'next', 'previous', 0, ['READER_FIELD_MISSING_DEFAULT_VALUE']]],
    );
  });

  test('BACKWARD_TRANSITIVE: against every previous version', () => {
    const result = checkCompatibility('BACKWARD_TRANSITIVE', v3, [v2, v1]);
    assert.equal(result.compatible, false);
    assert.deepEqual(
      result.checks.map((c) => [c.previousIndex, c.incompatibilities.length]),
      [
        [0, 0],
        [1, 1],
      ],
    );
  });

  test('FORWARD: the previous schema reads the next one', () => {
    assert.equal(verdict('FORWARD', v2, [v1]), true);
    assert.equal(verdict('FORWARD', v1, [v2]), false);
    assert.deepEqual(
      checkCompatibility('FORWARD', v1, [v2]).checks.map((c) => [c.direction, c.reader, c.writer]),
      [['forward', 'previous', 'next']],
    );
    assert.equal(verdict('FORWARD', v1, [v3, v2]), false);
    assert.equal(verdict('FORWARD_TRANSITIVE', v3, [v2, v1]), true);
    assert.equal(verdict('FORWARD_TRANSITIVE', v1, [v1, v2]), false);
  });

  test('FULL: both ways (forward first, as the registry orders them)', () => {
    assert.equal(verdict('FULL', v2, [v1]), false);
    assert.equal(verdict('FULL', v3, [v2]), true);
    assert.deepEqual(
      checkCompatibility('FULL', v3, [v2]).checks.map((c) => c.direction),
      ['forward', 'backward'],
    );
    assert.equal(verdict('FULL', v3, [v2, v1]), true);
    const transitive = checkCompatibility('FULL_TRANSITIVE', v3, [v2, v1]);
    assert.equal(transitive.compatible, false);
    assert.deepEqual(
      transitive.checks.map((c) => [c.direction, c.previousIndex, c.incompatibilities.length]),
      [
        ['forward', 0, 0],
        ['backward', 0, 0],
        ['forward', 1, 0],
        ['backward', 1, 1],
      ],
    );
  });

  test('NONE checks nothing; with no previous version there is nothing to check', () => {
    assert.deepEqual(checkCompatibility('NONE', v1, [v2]), { mode: 'NONE', compatible: true, checks: [] });
    for (const mode of ['BACKWARD', 'FORWARD_TRANSITIVE', 'FULL'] as const) assert.equal(verdict(mode, v2, []), true);
  });
});
