import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datamesh, folderWith } from '../support/cli';
import { committedRepository } from '../support/gitRepository';

const schema = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.example', fields }, null, 2);
const V1 = schema([{ name: 'id', type: 'string' }]);

function orders(ports: string): string {
  return `apiVersion: datamesh/v1
kind: DataProduct
id: sales.orders
name: orders
domain: sales
version: 1.0.0
status: active
owner:
  team: sales-team
description:
  purpose: Every order.
tier: tier-2
quality: curated
outputPorts:
${ports}`;
}

const ORDER_EVENTS = `  - name: order-events
    topic: sales.orders.v1
    value:
      format: avro
      schema: order.avsc
`;
const AUDIT = `  - name: audit
    topic: sales.orders-audit.v1
    value:
      format: avro
      schema: order.avsc
`;

const SHIPMENTS = `apiVersion: datamesh/v1
kind: DataProduct
id: logistics.shipments
name: shipments
domain: logistics
version: 1.0.0
status: active
owner:
  team: logistics-team
description:
  purpose: Every shipment.
tier: tier-2
quality: curated
outputPorts:
  - name: shipment-events
    topic: logistics.shipments.v1
    value:
      format: avro
      schema: shipment.avsc
inputPorts:
  - product: sales.orders
    port: order-events
`;

/** A git repository with one commit of a small mesh: sales.orders (two ports) and logistics.shipments reading it. */
function committedMesh(): string {
  return committedRepository({
    'sales/orders.dataproduct.yaml': orders(ORDER_EVENTS + AUDIT),
    'sales/order.avsc': V1,
    'logistics/shipments.dataproduct.yaml': SHIPMENTS,
    'logistics/shipment.avsc': schema([{ name: 'shipmentId', type: 'string' }]),
  });
}

interface DiffJson {
  base: string;
  breaking: boolean;
  products: {
    id: string;
    change: string;
    ports: {
      name: string;
      change: string;
      changes: { field: string; breaking: boolean }[];
      downstream: { id: string; source: string }[];
    }[];
  }[];
}

describe('datamesh diff', () => {
  test('a compatible change exits 0 and lists what changed', () => {
    const root = committedMesh();
    writeFileSync(
      join(root, 'sales/order.avsc'),
      schema([
        { name: 'id', type: 'string' },
        { name: 'note', type: 'string', default: '' },
      ]),
    );
    writeFileSync(join(root, 'sales/orders.dataproduct.yaml'), orders(ORDER_EVENTS + AUDIT).replace('Every order.', 'Every order placed.'));
    const result = datamesh(['diff', 'HEAD'], root);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^sales\.orders: changed-compatible {2}sales\/orders\.dataproduct\.yaml:3:5$/m);
    assert.match(result.stdout, /description\.purpose: "Every order\." → "Every order placed\." {2}sales\/orders\.dataproduct\.yaml:11:12/);
    assert.match(result.stdout, /value schema {2}\(compatible under BACKWARD\)/);
    assert.match(result.stdout, /1 product changed since HEAD: 0 breaking, 1 compatible, 0 added, 0 removed; 1 unchanged\./);
  });

  test('a breaking schema change exits 1 and names the downstream product', () => {
    const root = committedMesh();
    writeFileSync(
      join(root, 'sales/order.avsc'),
      schema([
        { name: 'id', type: 'string' },
        { name: 'amount', type: 'int' },
      ]),
    );
    const text = datamesh(['diff', 'HEAD'], root);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /value schema {2}BREAKING: incompatible under BACKWARD/);
    assert.match(text.stdout, /sales\/order\.avsc:\d+:\d+ {2}READER_FIELD_MISSING_DEFAULT_VALUE/);
    assert.match(
      text.stdout,
      /read by logistics\.shipments \(input port on order-events\) {2}logistics\/shipments\.dataproduct\.yaml:22:11/,
    );

    const json = datamesh(['diff', '--format', 'json', 'HEAD', '.'], root);
    assert.equal(json.status, 1);
    const diff = JSON.parse(json.stdout) as DiffJson;
    assert.equal(diff.breaking, true);
    const events = diff.products.find((product) => product.id === 'sales.orders')?.ports.find((port) => port.name === 'order-events');
    assert.equal(events?.change, 'breaking');
    assert.deepEqual(
      events?.downstream.map((reader) => [reader.id, reader.source]),
      [['logistics.shipments', 'workspace']],
    );
    const audit = diff.products[0].ports.find((port) => port.name === 'audit');
    assert.equal(audit?.change, 'breaking', 'audit shares the schema file');
    assert.deepEqual(audit?.downstream, [], 'nobody reads audit');
  });

  test('a removed port exits 1', () => {
    const root = committedMesh();
    writeFileSync(join(root, 'sales/orders.dataproduct.yaml'), orders(ORDER_EVENTS));
    const result = datamesh(['diff', '--format', 'json', 'HEAD'], root);
    assert.equal(result.status, 1, result.stderr);
    const diff = JSON.parse(result.stdout) as DiffJson;
    assert.deepEqual(
      diff.products.map((product) => [product.id, product.change, product.ports.map((port) => [port.name, port.change])]),
      [['sales.orders', 'breaking', [['audit', 'removed']]]],
    );
  });

  test('a removed product exits 1 and names its readers', () => {
    const root = committedMesh();
    rmSync(join(root, 'sales/orders.dataproduct.yaml'));
    const result = datamesh(['diff', 'HEAD'], root);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^sales\.orders: removed {2}sales\/orders\.dataproduct\.yaml:3:5 \(at HEAD\)$/m);
    assert.match(result.stdout, /read by logistics\.shipments/);
  });

  test('PATH limits the products compared; readers are still found in the whole repository', () => {
    const root = committedMesh();
    rmSync(join(root, 'sales/orders.dataproduct.yaml'));
    assert.equal(datamesh(['diff', 'HEAD', 'logistics'], root).status, 0);
    const result = datamesh(['diff', 'HEAD', '../sales'], join(root, 'logistics'));
    assert.equal(result.status, 1, result.stderr);
  });

  test('no change exits 0', () => {
    const result = datamesh(['diff', 'HEAD'], committedMesh());
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /0 products changed since HEAD: .* 2 unchanged\./);
  });

  test('a bad ref exits 2 with a clear message and nothing on standard output', () => {
    const root = committedMesh();
    for (const ref of ['no-such-branch', '--output=x']) {
      const result = datamesh(['diff', '--', ref], root);
      assert.equal(result.status, 2, ref);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /datamesh diff: .* (is not a commit git knows|is not a git ref)/);
    }
  });

  test('usage errors and a PATH outside a git repository exit 2', () => {
    const root = committedMesh();
    assert.equal(datamesh(['diff'], root).status, 2);
    assert.equal(datamesh(['diff', 'HEAD', '.', 'extra'], root).status, 2);
    assert.equal(datamesh(['diff', '--format', 'xml', 'HEAD'], root).status, 2);
    const outside = datamesh(['diff', 'HEAD'], folderWith({ 'a.avsc': V1 }));
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /not in a git repository/);
    const catalogWithoutBrokers = datamesh(['diff', '--catalog-topic', 'x', 'HEAD'], root);
    assert.equal(catalogWithoutBrokers.status, 2);
    assert.match(catalogWithoutBrokers.stderr, /needs --bootstrap/);
  });
});
