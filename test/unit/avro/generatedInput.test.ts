import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Range } from 'vscode-languageserver-types';
import { completeAvro } from '../../../server/src/services/avro/avroCompletion';
import { hoverAvro } from '../../../server/src/services/avro/avroHover';
import {
  findAvroDefinition,
  findAvroReferences,
  prepareAvroRename,
  renameAvroType,
} from '../../../server/src/services/avro/avroNavigation';
import { avroSymbols } from '../../../server/src/services/avro/avroSymbols';
import { formatAvro } from '../../../server/src/services/avro/avroFormat';
import { avroCodeActions } from '../../../server/src/services/avro/avroCodeActions';
import { evolutionDiagnostics } from '../../../server/src/services/avro/compat/evolutionDiagnostics';
import { AvroTypeIndex } from '../../../server/src/services/workspace/avroTypeIndex';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { memoryWorkspace } from '../../support/memoryWorkspace';
import { assertProperty } from '../../support/propertySeed';

// The services let exceptions out, so "no throw" here means no bug on the way: generated schemas (valid and
// not), mutated as an editor would see them mid-typing, go through every Avro feature at random cursors.

const NAMES = ['R', 'E', 'F', 'x.R', 'x.y.E', 'Customer', 'com.example.crm.Customer', 'int', '1x', '', 'a.', '.a'];

const VALID_NAME = fc.constantFrom('R', 'E', 'F', 'G', 'x.R', 'x.y.E', 'Customer', 'com.example.crm.Customer');
const REFERENCE = fc.constantFrom('R', 'E', 'x.R', 'x.y.E', 'Customer', 'com.example.crm.Customer', 'Old');
const PRIMITIVE = fc.constantFrom('null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string');

/** Mostly well-formed schemas (so the features reach their deep paths), with odd attributes and junk mixed in. */
const schema: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small' },
    { weight: 3, arbitrary: PRIMITIVE },
    { weight: 2, arbitrary: REFERENCE },
    {
      weight: 3,
      arbitrary: fc.record(
        {
          type: fc.constantFrom('record', 'error'),
          name: VALID_NAME,
          namespace: fc.constantFrom('x', 'x.y', '', 'com.example.crm'),
          doc: fc.string({ maxLength: 6 }),
          aliases: fc.array(fc.constantFrom('Old', 'x.Older', 'S'), { maxLength: 2 }),
          fields: fc.uniqueArray(tie('field'), { maxLength: 4, selector: (field) => (field as { name?: unknown }).name }),
        },
        { requiredKeys: ['type', 'name', 'fields'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          type: fc.constant('enum'),
          name: VALID_NAME,
          symbols: fc.uniqueArray(fc.constantFrom('A', 'B', 'C'), { minLength: 1 }),
          default: fc.constantFrom('A', 'D'),
        },
        { requiredKeys: ['type', 'name', 'symbols'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          type: fc.constant('fixed'),
          name: VALID_NAME,
          size: fc.constantFrom(1, 12, 16),
          logicalType: fc.constantFrom('decimal', 'duration', 'uuid'),
          precision: fc.constantFrom(1, 4, 40),
          scale: fc.constantFrom(0, 2),
        },
        { requiredKeys: ['type', 'name', 'size'] },
      ),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('array'), items: tie('schema') }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('map'), values: tie('schema') }) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          type: fc.constantFrom('int', 'long', 'bytes', 'string'),
          logicalType: fc.constantFrom('decimal', 'big-decimal', 'uuid', 'date', 'timestamp-millis', 'x'),
          precision: fc.constantFrom(1, 4, 40, -1, 1.5),
          scale: fc.constantFrom(0, 2, 50, -1),
        },
        { requiredKeys: ['type', 'logicalType'] },
      ),
    },
    { weight: 2, arbitrary: fc.array(tie('schema'), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          type: fc.constantFrom('record', 'enum', 'fixed', 'array', 'map', 'int', 'error', 'R', ''),
          name: fc.oneof(fc.constantFrom(...NAMES), fc.integer()),
          namespace: fc.constantFrom('x', '', 3, 'a..b'),
          aliases: fc.oneof(fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }), fc.constant('x')),
          fields: fc.array(tie('field'), { maxLength: 3 }),
          items: tie('schema'),
          values: tie('schema'),
          symbols: fc.array(fc.constantFrom('A', 'B', 'A', '1', 1), { maxLength: 3 }),
          default: fc.jsonValue({ maxDepth: 2 }),
          size: fc.constantFrom(0, -1, 1.5, '2', 2 ** 40),
        },
        { requiredKeys: ['type'] },
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  ),
  field: fc.record(
    {
      name: fc.constantFrom('a', 'b', 'c', 'd', '', 3),
      type: tie('schema'),
      default: fc.oneof(fc.constantFrom(null, 0, 'A', '\u00ff', [], {}), fc.jsonValue({ maxDepth: 2 })),
      order: fc.constantFrom('ascending', 'ignore', 'Descending', 'up'),
      aliases: fc.constantFrom(['b'], ['e'], 'x', [1]),
      doc: fc.string({ maxLength: 6 }),
      logicalType: fc.constantFrom('date', 'decimal'),
    },
    { requiredKeys: ['name', 'type'] },
  ),
})).schema;

const PIECES = ['{', '}', '[', ']', '"', ':', ',', ' ', '\n', '\\', '\\u', 'null', '"type"', '"name"', '"R"', 'x', '\u00e9', '\ud83d'];
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat(8),
  insert: fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { maxLength: 3 }),
});

const OTHER_FILES = {
  'crm/customer.avsc':
    '{"type": "record", "name": "Customer", "namespace": "com.example.crm", "fields": [{"name": "id", "type": "string"}]}',
  'x/r.avsc':
    '{"type": "record", "name": "R", "namespace": "x", "aliases": ["Old"], "fields": [{"name": "c", "type": "com.example.crm.Customer"}]}',
  'x/uses.avsc':
    '{"type": "record", "name": "Uses", "namespace": "x", "fields": [{"name": "r", "type": "R"}, {"name": "e", "type": "x.y.E"}]}',
  // A file name that is no valid percent-encoding, for the messages that name files.
  'x/100%.avsc': '{"type": "enum", "name": "E", "namespace": "x.y", "symbols": ["A"]}',
};

const NEW_NAMES = ['S', 'x.S', 'a.b.R', 'int', '1x', '', ' R ', 'Customer', 'com.example.crm.Customer'];

function assertInside(range: Range, lines: LineIndex, what: string): void {
  for (const position of [range.start, range.end]) {
    assert.ok(position.line >= 0 && position.line < lines.lineCount, `${what}: line ${position.line} of ${lines.lineCount}`);
    assert.ok(
      position.character >= 0 && position.character <= lines.lineText(position.line).length,
      `${what}: character ${position.character}`,
    );
  }
}

test('generated and mutated schemas go through every Avro feature at random cursors without a throw', () => {
  assertProperty(
    fc.property(
      schema,
      fc.constantFrom<number | undefined>(undefined, 1, 2),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.oneof(fc.constant([]), fc.array(edit, { minLength: 1, maxLength: 3 })),
      fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      fc.constantFrom(...NEW_NAMES),
      (value, indent, eol, edits, offsets, newName) => {
        let text = (JSON.stringify(value, null, indent) ?? '').replace(/\n/g, eol);
        const original = text;
        for (const { at, remove, insert } of edits) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + insert.join('') + text.slice(start + remove);
        }
        const { index, uri } = memoryWorkspace({ 'x/gen.avsc': text, ...OTHER_FILES });
        const types = new AvroTypeIndex(index);
        index.setAvroChecker((file, fileText) => types.check(file, fileText));
        const file = uri('x/gen.avsc');
        const lines = new LineIndex(text);

        const diagnostics = types.check(file, text);
        for (const d of diagnostics) assertInside(d.range, lines, `${String(d.code)} ${d.message}`);
        avroCodeActions(file, diagnostics);
        for (const other of Object.keys(OTHER_FILES)) index.avroDiagnostics(uri(other));
        for (const d of evolutionDiagnostics(
          text,
          [{ mode: 'FULL_TRANSITIVE', description: 'value of a / b' }],
          [{ label: 'the original', text: original }],
        ))
          assertInside(d.range, lines, `${String(d.code)} ${d.message}`);

        // Half the cursors just inside a string, where names, keywords and values are.
        const quotes = [...text.matchAll(/"/g)].map((match) => match.index + 1);
        for (const offset of offsets) {
          const at = offset % 2 === 0 && quotes.length > 0 ? quotes[(offset >> 1) % quotes.length] : offset % (text.length + 1);
          const position = lines.positionAt(at);
          assert.ok(Array.isArray(completeAvro(file, text, position, types).items));
          hoverAvro(file, text, position, types);
          findAvroDefinition(file, text, position, types);
          findAvroReferences(file, text, position, types, offset % 2 === 0);
          prepareAvroRename(file, text, position, types);
          renameAvroType(file, text, position, newName, types);
        }
        for (const symbol of avroSymbols(text)) assertInside(symbol.range, lines, symbol.name);
        formatAvro(text, { tabSize: 2, insertSpaces: true });
        formatAvro(text, { tabSize: 4, insertSpaces: false });
      },
    ),
    { numRuns: 400 },
  );
});
