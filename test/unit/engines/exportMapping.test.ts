import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { isPiiField, recordProperties, type OdcsProperty } from '../../../client/src/engines/export/avroProperties';
import type { AvroSchema, ExportManifest } from '../../../client/src/engines/export/exportTypes';
import { toOdcsContracts } from '../../../client/src/engines/export/odcsMapping';
import { toOdpsProduct } from '../../../client/src/engines/export/odpsMapping';
import { CUSTOMERS_MANIFEST, ORDER_SCHEMA, VALID_MANIFEST } from '../../support/memoryWorkspace';

const orders = parse(VALID_MANIFEST) as ExportManifest;
const orderSchema = JSON.parse(ORDER_SCHEMA) as AvroSchema;
const contractsOf = (manifest: ExportManifest, schema: AvroSchema = orderSchema) =>
  toOdcsContracts(manifest, new Map(manifest.outputPorts.map((port) => [port.name, { value: schema }])), { host: 'broker:9092' });
const propertyNamed = (properties: OdcsProperty[], name: string) => {
  const found = properties.find((property) => property.name === name);
  assert.ok(found, `a property ${name}`);
  return found;
};
const customValue = (document: Record<string, unknown>, name: string) =>
  (document.customProperties as { property: string; value: unknown }[]).find((entry) => entry.property === name)?.value;

describe('ODPS mapping', () => {
  test('the product fields map to their ODPS names; tier, quality, PII and SLA go to custom properties', () => {
    const product = toOdpsProduct(orders);
    assert.deepEqual(
      [product.apiVersion, product.kind, product.id, product.name, product.domain, product.version, product.status],
      ['v1.0.0', 'DataProduct', 'sales.orders', 'orders', 'sales', '1.2.0', 'active'],
    );
    assert.deepEqual(product.description, {
      purpose: 'Every order placed in the web shop, as it happens.',
      usage: 'Join with sales.customers on customerId.',
    });
    assert.deepEqual(product.team, { name: 'sales-platform', members: [{ username: 'sales-platform@example.com', role: 'owner' }] });
    assert.deepEqual(product.tags, ['orders', 'ecommerce']);
    assert.equal(customValue(product, 'tier'), 'tier-1');
    assert.equal(customValue(product, 'quality'), 'authoritative');
    assert.equal(customValue(product, 'containsPii'), true);
    assert.deepEqual(customValue(product, 'sla'), { availability: '99.9%', freshness: 'PT5M', retention: 'P30D' });
  });

  test('each output port names its contract; each input port the contract of the port it reads', () => {
    const product = toOdpsProduct(orders);
    const [port] = product.outputPorts as Record<string, unknown>[];
    assert.equal(port.name, 'order-events');
    assert.equal(port.contractId, 'sales.orders.order-events');
    assert.equal(port.version, '1.2.0');
    assert.deepEqual(product.inputPorts, [
      { name: 'sales.customers.customer-events', version: 'current', contractId: 'sales.customers.customer-events' },
    ]);
  });

  test('a product without tags, email, SLA or inputs leaves those blocks out', () => {
    const product = toOdpsProduct(parse(CUSTOMERS_MANIFEST) as ExportManifest);
    assert.equal(product.tags, undefined);
    assert.equal(product.inputPorts, undefined);
    assert.deepEqual(product.team, { name: 'crm' });
    assert.equal(customValue(product, 'sla'), undefined);
    assert.equal(customValue(product, 'containsPii'), false);
  });
});

describe('ODCS mapping', () => {
  test('one contract per output port, its id the product id and the port name', () => {
    const twoPorts: ExportManifest = {
      ...orders,
      outputPorts: [...orders.outputPorts, { name: 'order-totals', topic: 'sales.orders.totals.v1', value: { format: 'avro' } }],
    };
    const contracts = contractsOf(twoPorts);
    assert.deepEqual(
      contracts.map((contract) => contract.id),
      ['sales.orders.order-events', 'sales.orders.order-totals'],
    );
    assert.deepEqual(contracts[1].servers, [{ server: 'sales.orders.totals.v1', type: 'kafka', host: 'broker:9092', format: 'avro' }]);
  });

  test('the SLA becomes slaProperties: availability, latency (freshness) and retention', () => {
    const [contract] = contractsOf(orders);
    assert.deepEqual(contract.slaProperties, [
      { property: 'availability', value: '99.9%' },
      { property: 'latency', value: 'PT5M', unit: 'ISO 8601 duration' },
      { property: 'retention', value: 'P30D', unit: 'ISO 8601 duration' },
    ]);
  });

  test('the port description is the contract purpose; the schema object is the topic with the record fields', () => {
    const [contract] = contractsOf(orders);
    assert.equal((contract.description as { purpose: string }).purpose, 'One event per order state change.');
    const [schema] = contract.schema as Record<string, unknown>[];
    assert.deepEqual(
      [schema.name, schema.physicalName, schema.physicalType, schema.logicalType],
      ['Order', 'sales.orders.v1', 'topic', 'object'],
    );
    const properties = schema.properties as OdcsProperty[];
    assert.deepEqual(
      properties.map((property) => property.name),
      ['orderId', 'amount', 'status'],
    );
    assert.equal(propertyNamed(properties, 'orderId').description, 'The order id.');
  });
});

describe('Avro fields → ODCS properties', () => {
  const record = (fields: unknown[]): AvroSchema => ({ type: 'record', name: 'R', namespace: 'n', fields }) as AvroSchema;

  test('logical types decide the ODCS logicalType; the Avro type stays as physicalType', () => {
    const properties = recordProperties(
      record([
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'day', type: { type: 'int', logicalType: 'date' } },
        { name: 'clock', type: { type: 'int', logicalType: 'time-millis' } },
        { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
        { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
        { name: 'count', type: 'long' },
        { name: 'ratio', type: 'float' },
        { name: 'ok', type: 'boolean' },
      ]),
    );
    assert.deepEqual(
      properties.map((property) => [property.name, property.logicalType, property.physicalType]),
      [
        ['at', 'timestamp', 'long(timestamp-millis)'],
        ['day', 'date', 'int(date)'],
        ['clock', 'time', 'int(time-millis)'],
        ['price', 'number', 'bytes(decimal)'],
        ['ref', 'string', 'string(uuid)'],
        ['count', 'integer', 'long'],
        ['ratio', 'number', 'float'],
        ['ok', 'boolean', 'boolean'],
      ],
    );
    assert.deepEqual(propertyNamed(properties, 'ref').logicalTypeOptions, { format: 'uuid' });
  });

  test('a union with null is an optional field; a field without null is required', () => {
    const properties = recordProperties(
      record([
        { name: 'email', type: ['null', 'string'], default: null },
        { name: 'id', type: 'string' },
      ]),
    );
    assert.deepEqual(
      properties.map((property) => [property.name, property.logicalType, property.required]),
      [
        ['email', 'string', false],
        ['id', 'string', true],
      ],
    );
  });

  test('nested records, arrays and references to named types map recursively', () => {
    const properties = recordProperties(
      record([
        { name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] } },
        { name: 'previous', type: ['null', 'Address'] },
        { name: 'lines', type: { type: 'array', items: 'n.Address' } },
      ]),
    );
    const address = propertyNamed(properties, 'address');
    assert.equal(address.logicalType, 'object');
    assert.deepEqual(
      address.properties?.map((property) => property.name),
      ['city'],
    );
    assert.deepEqual(
      propertyNamed(properties, 'previous').properties?.map((property) => property.name),
      ['city'],
    );
    const lines = propertyNamed(properties, 'lines');
    assert.equal(lines.logicalType, 'array');
    assert.equal(lines.items?.logicalType, 'object');
  });

  test('a field marked "pii": true or with PII in its doc is classified restricted and tagged pii; others are not', () => {
    const fields = [
      { name: 'email', type: 'string', pii: true },
      { name: 'phone', type: 'string', doc: 'PII: the phone number.' },
      { name: 'city', type: 'string', doc: 'The city; pii in lower case is not the mark.' },
    ];
    assert.deepEqual(
      fields.map((field) => isPiiField(field as never)),
      [true, true, false],
    );
    const properties = recordProperties(record(fields));
    assert.deepEqual(
      properties.map((property) => [property.name, property.classification, property.tags]),
      [
        ['email', 'restricted', ['pii']],
        ['phone', 'restricted', ['pii']],
        ['city', undefined, undefined],
      ],
    );
  });
});
