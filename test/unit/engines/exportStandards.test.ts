// Every export of the demo mesh and of the test fixtures must be valid against the official ODPS v1.0.0 and
// ODCS v3.1.0 JSON Schemas (../shared/standards beside the repository; draft 2019-09, with formats).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { findMeshFiles } from '../../../server/src/disk/index';
import { exportManifest, type ExportTarget } from '../../../client/src/engines/export/exportEngine';
import { CUSTOMER_SCHEMA, CUSTOMERS_MANIFEST, ORDER_SCHEMA, VALID_MANIFEST } from '../../support/memoryWorkspace';
import { folderWith } from '../../support/cli';

const STANDARDS = join(__dirname, '..', '..', '..', '..', 'shared', 'standards');
const DEMO = join(__dirname, '..', '..', '..', 'demo', 'mesh');
const SCHEMA_FILES: Record<ExportTarget, string> = {
  odps: 'odps-json-schema-v1.0.0.json',
  odcs: 'odcs-json-schema-v3.1.0.json',
};

function validatorFor(target: ExportTarget) {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(STANDARDS, SCHEMA_FILES[target]), 'utf8')) as object);
}

async function manifestsToExport(): Promise<string[]> {
  const demo = (await findMeshFiles(DEMO, 1000)).filter((path) => path.endsWith('.dataproduct.yaml'));
  const fixtures = folderWith({
    'orders.dataproduct.yaml': VALID_MANIFEST,
    'schemas/order.avsc': ORDER_SCHEMA,
    'customers/dataproduct.yaml': CUSTOMERS_MANIFEST,
    'customers/customer.avsc': CUSTOMER_SCHEMA,
  });
  return [...demo, join(fixtures, 'orders.dataproduct.yaml'), join(fixtures, 'customers', 'dataproduct.yaml')];
}

if (!existsSync(STANDARDS)) {
  test('the ODPS and ODCS JSON Schemas are present', () => {
    assert.fail(
      `The open-standard JSON Schemas are missing: expected them in ${STANDARDS} (shared/standards beside the repository clone).`,
    );
  });
} else {
  describe('exports validate against the official JSON Schemas', () => {
    for (const target of ['odps', 'odcs'] as const) {
      test(`${target}: every demo product and test fixture`, async () => {
        const validate = validatorFor(target);
        const manifests = await manifestsToExport();
        assert.ok(manifests.length >= 8, `the demo mesh and the fixtures give manifests (found ${manifests.length})`);
        for (const manifest of manifests) {
          const documents = parseAllDocuments(await exportManifest(manifest, target, { host: 'localhost:9092' }));
          assert.ok(documents.length >= 1, `${manifest}: at least one document`);
          for (const document of documents) {
            assert.deepEqual(document.errors, [], `${manifest}: the YAML parses`);
            const valid = validate(document.toJS());
            assert.ok(valid, `${manifest} (${target}): ${JSON.stringify(validate.errors, null, 2)}`);
          }
        }
      });
    }

    test('the validation can fail: a contract without its status is refused', () => {
      const validate = validatorFor('odcs');
      assert.equal(validate({ apiVersion: 'v3.1.0', kind: 'DataContract', id: 'x', version: '1.0.0' }), false);
    });
  });
}
