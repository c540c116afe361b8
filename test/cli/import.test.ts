import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datamesh, folderWith } from '../support/cli';
import { CUSTOMER_SCHEMA, CUSTOMERS_MANIFEST } from '../support/memoryWorkspace';

function exportedContract(): string {
  const root = folderWith({ 'customers/dataproduct.yaml': CUSTOMERS_MANIFEST, 'customers/customer.avsc': CUSTOMER_SCHEMA });
  const result = datamesh(['export', '--to', 'odcs', 'customers/dataproduct.yaml'], root);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('datamesh import', () => {
  test('--from odcs --out DIR writes a manifest and its schema that lint cleanly, and prints their paths', () => {
    const root = folderWith({ 'customers.odcs.yaml': exportedContract() });
    const result = datamesh(['import', '--from', 'odcs', '--out', 'imported', 'customers.odcs.yaml'], root);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      join('imported', 'customers.dataproduct.yaml'),
      join('imported', 'customer-events-value.avsc'),
    ]);
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'imported', 'customer-events-value.avsc'), 'utf8')), JSON.parse(CUSTOMER_SCHEMA));
    const lint = datamesh(['lint', 'imported'], root);
    assert.equal(lint.status, 0, lint.stdout);
  });

  test('an existing file is not overwritten: exit 1, nothing written', () => {
    const root = folderWith({ 'customers.odcs.yaml': exportedContract(), 'customer-events-value.avsc': '{}' });
    const result = datamesh(['import', '--from', 'odcs', 'customers.odcs.yaml'], root);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /not overwriting/);
    assert.equal(existsSync(join(root, 'customers.dataproduct.yaml')), false);
  });

  test('a file that is no ODCS v3 contract: exit 1 with the reason', () => {
    const root = folderWith({ 'product.yaml': 'apiVersion: v1.0.0\nkind: DataProduct\nid: x\n' });
    const result = datamesh(['import', '--from', 'odcs', 'product.yaml'], root);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /DataContract/);
  });

  for (const [label, args] of [
    ['no --from', ['import', 'c.yaml']],
    ['another format', ['import', '--from', 'odps', 'c.yaml']],
    ['no FILE', ['import', '--from', 'odcs']],
  ] as const) {
    test(`usage error: ${label} exits 2`, () => {
      const result = datamesh([...args], folderWith({}));
      assert.equal(result.status, 2, result.stderr);
    });
  }
});
