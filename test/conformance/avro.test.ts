// Avro conformance vectors (../shared/conformance/avro beside the repository): the Avro C library's
// c-pass (must accept) and c-fail (must reject) schemas, shared schemas from the Avro repository (must
// accept), and the 99 schema cases of the Python reference suite (schema-cases.json).
//
// Where a vector disagrees with the Avro 1.12 specification, the test asserts the specification's
// behaviour and says why (see SPEC_DEVIATIONS); nothing is skipped.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseAvroSchema } from '../../server/src/services/avro/avroParser';
import { severityName } from '../../server/src/services/diagnostics';

const VECTORS = join(__dirname, '..', '..', '..', 'shared', 'conformance', 'avro');

interface SchemaCase {
  group: string;
  valid: boolean;
  /** The schema's JSON text. */
  schema: string;
  comment?: string;
  warns?: boolean;
}

function describeDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => `  ${severityName(d.severity)} ${String(d.code)} at ${d.range.start.line}:${d.range.start.character}: ${d.message}`).join('\n') || '  (none)';
}

const errorsOf = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
const warningsOf = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning);

function expectAccepted(text: string): void {
  const { diagnostics } = parseAvroSchema(text);
  assert.deepEqual(errorsOf(diagnostics), [], `expected no error; got:\n${describeDiagnostics(diagnostics)}`);
}

function expectRejected(text: string): void {
  const { diagnostics } = parseAvroSchema(text);
  assert.ok(errorsOf(diagnostics).length > 0, `expected at least one error; got:\n${describeDiagnostics(diagnostics)}`);
}

function files(folder: string): string[] {
  return readdirSync(join(VECTORS, folder))
    .filter((name) => !name.startsWith('.'))
    .sort();
}

/** A schema text in one spelling (for matching vectors whatever their whitespace), or the text itself when it is not JSON. */
function canonical(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Vectors whose expectation differs from the Avro 1.12 specification, keyed by their canonical schema
 * text, with the behaviour the specification calls for.
 */
const SPEC_DEVIATIONS = new Map<string, { reason: string; check: (diagnostics: Diagnostic[]) => void }>();

// The specification: "Primitive type names (null, boolean, int, ...) have no namespace and their names may
// not be defined in any namespace." Java and Python only reject the bare name `int`, so the Python suite
// counts `ns.int` as valid; avsc rejects it, as the specification does. We follow the specification.
const primitiveInNamespace = {
  reason: 'a primitive type name defined in a namespace: the specification forbids it in any namespace',
  check(diagnostics: Diagnostic[]) {
    assert.ok(
      errorsOf(diagnostics).some((d) => d.code === 'avro-redefined-primitive'),
      `expected avro-redefined-primitive; got:\n${describeDiagnostics(diagnostics)}`,
    );
  },
};
for (const schema of [
  { type: 'enum', name: 'ns.int', symbols: ['A', 'B'] },
  { type: 'enum', namespace: 'ns', name: 'int', symbols: ['A', 'B'] },
  {
    type: 'record',
    name: 'ns.int',
    fields: [
      { name: 'value', type: 'int' },
      { name: 'next', type: ['null', 'ns.int'] },
    ],
  },
]) {
  SPEC_DEVIATIONS.set(JSON.stringify(schema), primitiveInNamespace);
}

// The specification: "Language implementations must ignore unknown logical types when reading." Python
// warns (IgnoredLogicalType) about every ignored one, hence `warns: true`; an unknown name that is no likely
// misspelling of a known one is only a hint here (a misspelt one, such as "time-milis", is a warning).
SPEC_DEVIATIONS.set(JSON.stringify({ type: 'string', logicalType: 'unknown-logical-type' }), {
  reason: 'an unknown logical type is ignored, as the specification says: a hint, not a warning',
  check(diagnostics: Diagnostic[]) {
    assert.deepEqual(errorsOf(diagnostics), [], describeDiagnostics(diagnostics));
    assert.ok(
      diagnostics.some((d) => d.code === 'avro-unknown-logical-type' && d.severity === DiagnosticSeverity.Hint),
      `expected an avro-unknown-logical-type hint; got:\n${describeDiagnostics(diagnostics)}`,
    );
  },
});

if (!existsSync(VECTORS)) {
  test('the Avro conformance vectors are present', () => {
    assert.fail(`The Avro conformance vectors are missing: expected them in ${VECTORS} (shared/conformance/avro beside the repository clone).`);
  });
} else {
  describe('c-pass: schemas the Avro C library accepts', () => {
    for (const name of files('c-pass')) {
      test(`c-pass/${name} has no error`, () => expectAccepted(readFileSync(join(VECTORS, 'c-pass', name), 'utf8')));
    }
  });

  describe('c-fail: schemas the Avro C library rejects', () => {
    for (const name of files('c-fail')) {
      test(`c-fail/${name} has an error`, () => expectRejected(readFileSync(join(VECTORS, 'c-fail', name), 'utf8')));
    }
  });

  describe('share-schemas: schemas shared by the Avro implementations', () => {
    for (const name of files('share-schemas')) {
      test(`share-schemas/${name} has no error`, () => expectAccepted(readFileSync(join(VECTORS, 'share-schemas', name), 'utf8')));
    }
  });

  describe('schema-cases.json: the Python reference suite', () => {
    const cases = JSON.parse(readFileSync(join(VECTORS, 'schema-cases.json'), 'utf8')) as SchemaCase[];
    test('has the 99 cases', () => assert.equal(cases.length, 99));
    test('every specification deviation matches a case', () => {
      const texts = new Set(cases.map((schemaCase) => canonical(schemaCase.schema)));
      for (const key of SPEC_DEVIATIONS.keys()) assert.ok(texts.has(key), `no case has the schema ${key}`);
    });
    cases.forEach((schemaCase, index) => {
      const text = schemaCase.schema;
      const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
      const expectation = schemaCase.valid ? (schemaCase.warns ? 'valid with a warning' : 'valid') : 'invalid';
      const deviation = SPEC_DEVIATIONS.get(canonical(text));
      const title = `${schemaCase.group} #${index} ${expectation}${schemaCase.comment ? ` (${schemaCase.comment})` : ''}: ${shown}`;
      if (deviation) {
        test(`${title} [per the specification: ${deviation.reason}]`, () => deviation.check(parseAvroSchema(text).diagnostics));
        return;
      }
      test(title, () => {
        const { diagnostics } = parseAvroSchema(text);
        if (!schemaCase.valid) {
          assert.ok(errorsOf(diagnostics).length > 0, `expected at least one error; got:\n${describeDiagnostics(diagnostics)}`);
          return;
        }
        assert.deepEqual(errorsOf(diagnostics), [], `expected no error; got:\n${describeDiagnostics(diagnostics)}`);
        if (schemaCase.warns) assert.ok(warningsOf(diagnostics).length > 0, `expected a warning; got:\n${describeDiagnostics(diagnostics)}`);
      });
    });
  });
}
