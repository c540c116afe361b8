import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../../server/src/services/index';
import { invalidSegment, newProductFiles } from '../../../client/src/engines/lifecycle/newProduct';

const ROOT = 'file:///ws';

test('a new product passes every check, its schema included', () => {
  const files = newProductFiles({ domain: 'logistics', name: 'parcel-scans', team: 'logistics-ops', purpose: 'Scans: "quoted" too' });
  const texts = new Map([
    [`${ROOT}/${files.manifestPath}`, files.manifest],
    [`${ROOT}/${files.schemaPath}`, files.schema],
  ]);
  const service = createLanguageService({ reader: { readText: (uri) => texts.get(uri) }, roots: [ROOT] });
  service.addFiles(texts.keys());
  for (const [uri, text] of texts) assert.deepEqual(service.validate({ uri, text }), [], uri);
  assert.equal(files.manifestPath, 'logistics/parcel-scans/parcel-scans.dataproduct.yaml');
  assert.match(files.manifest, /^id: logistics\.parcel-scans$/m);
  assert.match(files.schema, /"name": "ParcelScansEvent"/);
});

test('names the manifest pattern refuses are refused before any file is made', () => {
  assert.equal(invalidSegment('domain', 'sales'), undefined);
  assert.match(invalidSegment('domain', 'Sales') ?? '', /lower-case/);
  assert.match(invalidSegment('name', '9lives') ?? '', /product name/);
  assert.throws(() => newProductFiles({ domain: 'sales', name: 'a b', team: 't' }), /product name/);
});
