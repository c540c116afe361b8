import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { datamesh, folderWith } from '../support/cli';
import { CUSTOMER_SCHEMA, CUSTOMERS_MANIFEST, ORDER_SCHEMA, VALID_MANIFEST } from '../support/memoryWorkspace';

// Two ports need two topics: the policy's pattern names them by port.
const PORT_TOPICS = { 'datamesh.policy.yaml': 'topicPattern: "{domain}.{name}.{port}.v{major}"\n' };
const TWO_PORTS = VALID_MANIFEST.replace('topic: sales.orders.v1', 'topic: sales.orders.order-events.v1').replace(
  'inputPorts:',
  `  - name: order-totals
    topic: sales.orders.order-totals.v1
    value:
      format: avro
      schema: schemas/order.avsc
      compatibility: FULL
inputPorts:`,
);

const project = (manifest = VALID_MANIFEST, extra: Record<string, string> = {}) =>
  folderWith({
    ...extra,
    'orders.dataproduct.yaml': manifest,
    'schemas/order.avsc': ORDER_SCHEMA,
    'customers/dataproduct.yaml': CUSTOMERS_MANIFEST,
    'customers/customer.avsc': CUSTOMER_SCHEMA,
  });

describe('datamesh export', () => {
  test('--to odps prints one ODPS product on standard output, exit 0', () => {
    const result = datamesh(['export', '--to', 'odps', 'orders.dataproduct.yaml'], project());
    assert.equal(result.status, 0, result.stderr);
    const product = parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual([product.apiVersion, product.kind, product.id], ['v1.0.0', 'DataProduct', 'sales.orders']);
  });

  test('--to odcs: one YAML document per output port; flags after the manifest work too', () => {
    const result = datamesh(['export', 'orders.dataproduct.yaml', '--to', 'odcs'], project(TWO_PORTS, PORT_TOPICS));
    assert.equal(result.status, 0, result.stderr);
    const documents = parseAllDocuments(result.stdout).map((document) => document.toJS() as Record<string, unknown>);
    assert.deepEqual(
      documents.map((document) => [document.kind, document.id]),
      [
        ['DataContract', 'sales.orders.order-events'],
        ['DataContract', 'sales.orders.order-totals'],
      ],
    );
  });

  test('--out FILE writes the file, leaves standard output empty', () => {
    const root = project();
    const result = datamesh(['export', '--out', 'orders.odcs.yaml', '--to=odcs', 'orders.dataproduct.yaml'], root);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    const contract = parse(readFileSync(join(root, 'orders.odcs.yaml'), 'utf8')) as Record<string, unknown>;
    assert.equal(contract.id, 'sales.orders.order-events');
  });

  test('--bootstrap or DATAMESH_BOOTSTRAP is the host of the ODCS servers block', () => {
    const fromFlag = datamesh(['export', '--to', 'odcs', '--bootstrap', 'kafka:9092', 'orders.dataproduct.yaml'], project());
    const fromEnv = datamesh(['export', '--to', 'odcs', 'orders.dataproduct.yaml'], project(), { DATAMESH_BOOTSTRAP: 'env:9093' });
    const hostOf = (stdout: string) => ((parse(stdout) as { servers: { host: string }[] }).servers[0] ?? {}).host;
    assert.deepEqual([hostOf(fromFlag.stdout), hostOf(fromEnv.stdout)], ['kafka:9092', 'env:9093']);
  });

  test('an invalid manifest is refused with its diagnostics, exit 1, nothing written', () => {
    const root = project(VALID_MANIFEST.replace('tier: tier-1', 'tier: gold'));
    const result = datamesh(['export', '--to', 'odps', '--out', 'out.yaml', 'orders.dataproduct.yaml'], root);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /orders\.dataproduct\.yaml:\d+:\d+ +error/);
    assert.equal(existsSync(join(root, 'out.yaml')), false);
  });

  test('a schema with errors is refused too', () => {
    const root = project();
    const broken = folderWith({
      'orders.dataproduct.yaml': VALID_MANIFEST.replace(/inputPorts:[\s\S]*$/, ''),
      'schemas/order.avsc': '{"type":"record"',
    });
    assert.equal(datamesh(['export', '--to', 'odcs', 'orders.dataproduct.yaml'], broken).status, 1);
    assert.equal(datamesh(['export', '--to', 'odcs', 'orders.dataproduct.yaml'], root).status, 0);
  });

  for (const [label, args] of [
    ['no --to', ['export', 'orders.dataproduct.yaml']],
    ['an unknown target', ['export', '--to', 'dcat', 'orders.dataproduct.yaml']],
    ['no manifest', ['export', '--to', 'odps']],
    ['two manifests', ['export', '--to', 'odps', 'a.yaml', 'b.yaml']],
    ['an unknown option', ['export', '--to', 'odps', '--pretty', 'orders.dataproduct.yaml']],
    ['a missing manifest', ['export', '--to', 'odps', 'missing.dataproduct.yaml']],
  ] as const) {
    test(`usage error: ${label} exits 2`, () => {
      const result = datamesh([...args], project());
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /datamesh export/);
    });
  }

  test('--help describes the command, exit 0', () => {
    const result = datamesh(['export', '--help'], project());
    assert.equal(result.status, 0);
    assert.match(result.stdout, /--to odps\|odcs/);
  });
});
