import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { findMeshFiles } from '../../../server/src/disk/index';
import { exportManifest } from '../../../client/src/engines/export/exportEngine';
import { importOdcs, OdcsImportError } from '../../../client/src/engines/import/odcsImport';
import { lintPaths } from '../../../client/src/engines/lint/lintEngine';
import { folderWith } from '../../support/cli';

const DEMO = join(__dirname, '..', '..', '..', 'demo', 'mesh');

type Manifest = { outputPorts: { key?: { schema?: string }; value: { schema?: string } }[] } & Record<string, unknown>;

/** The manifest with each port's schema paths replaced by the schema they point to, parsed. */
function withSchemas(manifest: Manifest, readSchema: (path: string) => string): Record<string, unknown> {
  const schemaOf = (payload: { schema?: string } | undefined) =>
    payload?.schema === undefined ? payload : { ...payload, schema: JSON.parse(readSchema(payload.schema)) as unknown };
  return {
    ...manifest,
    outputPorts: manifest.outputPorts.map((port) => ({ ...port, key: schemaOf(port.key), value: schemaOf(port.value) })),
  };
}

const errorsOf = async (folder: string) =>
  (await lintPaths({ paths: [folder] })).flatMap((file) =>
    file.diagnostics.filter((d) => d.severity === 1).map((d) => `${file.path}: ${d.message}`),
  );

describe('ODCS import', () => {
  test('round trip: every demo product exported to ODCS and imported back gives an equivalent manifest and the same schemas', async () => {
    const manifests = (await findMeshFiles(DEMO, 1000)).filter((path) => path.endsWith('.dataproduct.yaml'));
    assert.ok(manifests.length >= 6);
    for (const path of manifests) {
      const imported = importOdcs(await exportManifest(path, 'odcs'));
      const original = withSchemas(parse(readFileSync(path, 'utf8')) as Manifest, (schema) =>
        readFileSync(join(dirname(path), schema), 'utf8'),
      );
      const files = new Map(imported.schemas.map((file) => [file.path, file.text]));
      const back = withSchemas(parse(imported.manifest.text) as Manifest, (schema) => files.get(schema) ?? 'null');
      assert.deepEqual(back, original, path);
    }
  });

  test('the imported manifest and schemas lint without errors', async () => {
    const path = join(DEMO, 'sales', 'orders', 'orders.dataproduct.yaml');
    const imported = importOdcs(await exportManifest(path, 'odcs'));
    const folder = folderWith(Object.fromEntries([imported.manifest, ...imported.schemas].map((file) => [file.path, file.text])));
    assert.equal(imported.manifest.path, 'orders.dataproduct.yaml');
    assert.deepEqual(await errorsOf(folder), []);
  });

  test('a foreign contract (no datamesh custom properties) becomes a draft manifest and a record schema that lint cleanly', async () => {
    const contract = `apiVersion: v3.0.2
kind: DataContract
id: 53581432-6c55-4ba2-a65f-72344a91553a
name: Seller Payments
version: 1.1.0
status: active
domain: Finance Ops
description:
  purpose: Payments to sellers.
team:
  name: payments-team
  members:
    - username: ops@example.com
      role: owner
schema:
  - name: payments
    logicalType: object
    properties:
      - name: payment_id
        logicalType: string
        required: true
      - name: amount
        logicalType: number
        required: true
      - name: paid_at
        logicalType: timestamp
      - name: iban
        logicalType: string
        tags: [pii]
`;
    const imported = importOdcs(contract);
    const manifest = parse(imported.manifest.text) as Record<string, unknown>;
    assert.deepEqual(
      [manifest.id, manifest.tier, manifest.quality, manifest.containsPii],
      ['finance-ops.seller-payments', 'tier-2', 'raw', true],
    );
    assert.deepEqual(manifest.owner, { team: 'payments-team', email: 'ops@example.com' });
    const schema = JSON.parse(imported.schemas[0].text) as { fields: Record<string, unknown>[] };
    assert.deepEqual(
      schema.fields.map((field) => [field.name, field.type, field.pii]),
      [
        ['payment_id', 'string', undefined],
        ['amount', 'double', undefined],
        ['paid_at', ['null', { type: 'long', logicalType: 'timestamp-millis' }], undefined],
        ['iban', ['null', 'string'], true],
      ],
    );
    const folder = folderWith(Object.fromEntries([imported.manifest, ...imported.schemas].map((file) => [file.path, file.text])));
    assert.deepEqual(await errorsOf(folder), []);
  });

  test('what is not an ODCS v3 contract is refused with a reason', () => {
    assert.throws(() => importOdcs('apiVersion: v1.0.0\nkind: DataProduct\nid: x\n'), OdcsImportError);
    assert.throws(() => importOdcs('apiVersion: v2.2.2\nkind: DataContract\nid: x\n'), /only ODCS v3/);
    assert.throws(() => importOdcs('kind: [unclosed'), /not valid YAML/);
    assert.throws(() => importOdcs(''), /no ODCS DataContract/);
  });
});
