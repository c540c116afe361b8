import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertProperty } from '../../support/propertySeed';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { validateManifest } from '../../../server/src/services/manifest/validateManifest';
import { completeManifest } from '../../../server/src/services/manifest/completion';
import { hoverManifest } from '../../../server/src/services/manifest/hover';
import { findManifestDefinition } from '../../../server/src/services/manifest/definition';
import { manifestSymbols } from '../../../server/src/services/manifest/symbols';
import { manifestCodeActions } from '../../../server/src/services/manifest/codeActions';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { CUSTOMERS_MANIFEST, sampleWorkspace, VALID_MANIFEST } from '../../support/memoryWorkspace';

const PIECES = [
  ':',
  ': ',
  '-',
  '- ',
  '  ',
  '\t',
  '\n',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '#',
  '&a',
  '*a',
  '!!str',
  '|',
  '>',
  '---',
  '...',
  '?',
  ',',
  'null',
  '~',
  '\u0000',
  '\uFFFD',
  '🚀',
  'outputPorts:',
  'schema: ',
  'product: ',
];

/** One edit of a text: delete, insert, duplicate or move a slice. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 80 }) }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, edit: Mutation): string {
  switch (edit.kind) {
    case 'delete': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + edit.length);
    }
    case 'insert': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + edit.text + text.slice(at);
    }
    case 'duplicate': {
      const at = edit.at % (text.length + 1);
      const slice = text.slice(at, at + edit.length);
      return text.slice(0, at) + slice + slice + text.slice(at + edit.length);
    }
    case 'indent': {
      const lines = text.split('\n');
      const line = edit.line % lines.length;
      lines[line] = edit.by >= 0 ? ' '.repeat(edit.by) + lines[line] : lines[line].replace(new RegExp(`^ {0,${-edit.by}}`), '');
      return lines.join('\n');
    }
  }
}

function assertInside(range: Range, lines: LineIndex, what: string): void {
  for (const position of [range.start, range.end]) {
    assert.ok(position.line >= 0 && position.line < lines.lineCount, `${what}: line ${position.line} of ${lines.lineCount}`);
    assert.ok(
      position.character >= 0 && position.character <= lines.lineText(position.line).length,
      `${what}: character ${position.character}`,
    );
  }
}

test('thousands of mutated manifests go through every feature without a throw', () => {
  const { index, uri } = sampleWorkspace();
  const manifestUri = uri('orders.dataproduct.yaml');
  assertProperty(
    fc.property(
      fc.constantFrom(VALID_MANIFEST, CUSTOMERS_MANIFEST),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      fc.nat(),
      (base, edits, cursorSeed) => {
        const text = edits.reduce(apply, base);
        const lines = new LineIndex(text);
        const diagnostics: Diagnostic[] = validateManifest(manifestUri, text, index);
        for (const d of diagnostics) assertInside(d.range, lines, `${String(d.code)} ${d.message}`);
        const position = lines.positionAt(cursorSeed % (text.length + 1));
        completeManifest(manifestUri, text, position, index);
        hoverManifest(manifestUri, text, position, index);
        findManifestDefinition(manifestUri, text, position, index);
        manifestSymbols(text);
        manifestCodeActions(manifestUri, text, diagnostics, index);
      },
    ),
    { numRuns: 2000 },
  );
});
