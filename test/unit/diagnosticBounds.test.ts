// What a hostile or broken file can make the checks say is bounded, in the editor and on the command line alike.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../server/src/services/index';
import { binaryOffset, boundMessage, MAX_QUOTED_CHARACTERS, MAX_SYNTAX_DIAGNOSTICS } from '../../server/src/services/diagnosticBounds';
import { ROOT, VALID_MANIFEST } from '../support/memoryWorkspace';

const service = createLanguageService({ reader: { readText: () => undefined }, roots: [ROOT] });
const MANIFEST = `${ROOT}/x.dataproduct.yaml`;
const SCHEMA = `${ROOT}/x.avsc`;

/** Deterministic bytes across the whole range, decoded as an editor would (undecodable bytes become U+FFFD). */
function randomBytesAsText(size: number): string {
  const bytes = new Uint8Array(size);
  let state = 12345;
  for (let index = 0; index < size; index++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    bytes[index] = state >> 16;
  }
  return new TextDecoder().decode(bytes);
}

describe('bounded diagnostics', () => {
  test('a file of random bytes gets one diagnostic that says it is not text', () => {
    const garbage = randomBytesAsText(200_000);
    const manifest = service.validate({ uri: MANIFEST, text: garbage });
    assert.deepEqual(
      manifest.map((d) => d.code),
      ['yaml-syntax'],
    );
    assert.match(manifest[0].message, /not text/);
    const schema = service.validate({ uri: SCHEMA, text: garbage });
    assert.deepEqual(
      schema.map((d) => d.code),
      ['avro-json-syntax'],
    );
  });

  test('a NUL byte anywhere makes a file binary; tabs, accents and emoji do not', () => {
    assert.equal(binaryOffset(`${VALID_MANIFEST}\u0000`), VALID_MANIFEST.length);
    assert.equal(binaryOffset(`name: café\tété 🚀\r\n`), undefined);
    assert.equal(binaryOffset(''), undefined);
  });

  test('syntax errors stop at 20, and one more diagnostic counts the rest', () => {
    const text = Array.from({ length: 60 }, (_, index) => `key${index}: [\n`).join('');
    const diagnostics = service.validate({ uri: MANIFEST, text });
    assert.equal(diagnostics.length, MAX_SYNTAX_DIAGNOSTICS + 1);
    assert.ok(diagnostics.every((d) => d.code === 'yaml-syntax'));
    assert.match(diagnostics[MAX_SYNTAX_DIAGNOSTICS].message, /^\d+ more syntax errors are not shown/);
    const broken = '{' + '"a": ,'.repeat(100);
    const avro = service.validate({ uri: SCHEMA, text: broken });
    assert.ok(avro.length <= MAX_SYNTAX_DIAGNOSTICS + 1, `${avro.length} diagnostics`);
  });

  test('a quoted excerpt is cut to 80 characters and control characters are escaped', () => {
    const long = 'x'.repeat(500);
    const message = boundMessage(`Unknown type \`${long}\` and "${long}"; bell \u0007 here`);
    const quotes = [...message.matchAll(/`([^`]*)`|"([^"]*)"/g)].map((match) => match[1] ?? match[2]);
    assert.equal(quotes.length, 2);
    for (const quote of quotes) assert.equal(quote.length, MAX_QUOTED_CHARACTERS);
    assert.match(message, /bell \\x07 here/);
    assert.equal(boundMessage('Unknown type `short`.'), 'Unknown type `short`.');
  });

  test('a long name in a real diagnostic is quoted short', () => {
    const name = `n${'a'.repeat(300)}`;
    const diagnostics = service.validate({
      uri: SCHEMA,
      text: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'f', type: name }] }),
    });
    assert.ok(diagnostics.length > 0);
    for (const diagnostic of diagnostics) assert.ok(!diagnostic.message.includes(name), diagnostic.message);
  });
});
