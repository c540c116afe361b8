import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { INTERNAL_ERROR_CODE, lintPaths } from '../../../client/src/engines/lint/lintEngine';
import { AvroTypeIndex } from '../../../server/src/services/workspace/avroTypeIndex';
import { folderWith } from '../../support/cli';
import { CUSTOMER_SCHEMA, ORDER_SCHEMA, VALID_MANIFEST } from '../../support/memoryWorkspace';

// The services let exceptions out; the lint engine is the adapter that must survive them. A service bug is
// simulated by making the index throw for one file.
const original = AvroTypeIndex.prototype.check;
afterEach(() => {
  AvroTypeIndex.prototype.check = original;
});

function throwFor(fileName: string): void {
  AvroTypeIndex.prototype.check = function (this: AvroTypeIndex, uri: string, text?: string) {
    if (uri.endsWith(`/${fileName}`)) throw new Error('a simulated bug');
    return original.call(this, uri, text);
  };
}

test('a check that throws gives its file one internal-error diagnostic; the other files are still checked', async () => {
  const root = folderWith({ 'a.avsc': ORDER_SCHEMA, 'b.avsc': CUSTOMER_SCHEMA, 'broken.avsc': '{"type": "nope"}' });
  throwFor('b.avsc');
  const files = await lintPaths({ paths: [root] });
  assert.deepEqual(
    files.map((file) => [file.path.slice(root.length + 1), file.diagnostics.map((d) => d.code)]),
    [
      ['a.avsc', []],
      ['b.avsc', [INTERNAL_ERROR_CODE]],
      ['broken.avsc', ['avro-invalid-type']],
    ],
  );
  const [internal] = files[1].diagnostics;
  assert.equal(internal.severity, DiagnosticSeverity.Error);
  assert.match(internal.message, /could not check this file \(a simulated bug\)\. This is a bug in datamesh/);
});

test('a manifest whose check throws gets the internal error too', async () => {
  const root = folderWith({ 'orders.dataproduct.yaml': VALID_MANIFEST, 'schemas/order.avsc': ORDER_SCHEMA });
  throwFor('order.avsc');
  const files = await lintPaths({ paths: [join(root, 'orders.dataproduct.yaml')] });
  assert.deepEqual(
    files.map((file) => file.diagnostics.map((d) => d.code)),
    [[INTERNAL_ERROR_CODE]],
  );
});
