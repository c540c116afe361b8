// Avro conformance vectors (../shared/conformance/avro beside the repository): the Avro C library's
// c-pass (must accept) and c-fail (must reject) schemas, shared schemas from the Avro repository (must
// accept), and the 99 schema cases of the Python reference suite (schema-cases.json).
//
// The checker agrees with every vector. Two needed a choice where the specification reads otherwise:
// a primitive name in a namespace (`ns.int`, cases 46, 47, 50) is valid here, as in Java and Python, with a
// warning (the specification says primitive names "may not be defined in any namespace", and avsc rejects
// them); an unknown logical type (case 75) is a warning, as the Python reference warns, and never an error.
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
  return (
    diagnostics
      .map((d) => `  ${severityName(d.severity)} ${String(d.code)} at ${d.range.start.line}:${d.range.start.character}: ${d.message}`)
      .join('\n') || '  (none)'
  );
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

if (!existsSync(VECTORS)) {
  test('the Avro conformance vectors are present', () => {
    assert.fail(
      `The Avro conformance vectors are missing: expected them in ${VECTORS} (shared/conformance/avro beside the repository clone).`,
    );
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
    cases.forEach((schemaCase, index) => {
      const text = schemaCase.schema;
      const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
      const expectation = schemaCase.valid ? (schemaCase.warns ? 'valid with a warning' : 'valid') : 'invalid';
      const title = `${schemaCase.group} #${index} ${expectation}${schemaCase.comment ? ` (${schemaCase.comment})` : ''}: ${shown}`;
      test(title, () => {
        const { diagnostics } = parseAvroSchema(text);
        if (!schemaCase.valid) {
          assert.ok(errorsOf(diagnostics).length > 0, `expected at least one error; got:\n${describeDiagnostics(diagnostics)}`);
          return;
        }
        assert.deepEqual(errorsOf(diagnostics), [], `expected no error; got:\n${describeDiagnostics(diagnostics)}`);
        if (schemaCase.warns)
          assert.ok(warningsOf(diagnostics).length > 0, `expected a warning; got:\n${describeDiagnostics(diagnostics)}`);
      });
    });
  });
}
