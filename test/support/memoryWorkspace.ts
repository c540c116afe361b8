import { WorkspaceIndex } from '../../server/src/services/workspace/workspaceIndex';

export const ROOT = 'file:///ws';

/** A workspace held in memory: relative paths to texts, rooted at file:///ws. */
export function memoryWorkspace(files: Record<string, string>): { index: WorkspaceIndex; uri: (path: string) => string } {
  const texts = new Map(Object.entries(files).map(([path, text]) => [`${ROOT}/${path}`, text]));
  const index = new WorkspaceIndex({ readText: (uri) => texts.get(uri) }, [ROOT]);
  index.addFiles(texts.keys());
  return { index, uri: (path: string) => `${ROOT}/${path}` };
}

/** Splits a text at its cursor marker `|`, returning the text without it and the marker's offset. */
export function withCursor(textWithCursor: string): { text: string; offset: number } {
  const offset = textWithCursor.indexOf('|');
  if (offset < 0) throw new Error('the text has no cursor marker |');
  return { text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset };
}

export const ORDER_SCHEMA = JSON.stringify(
  {
    type: 'record',
    name: 'Order',
    namespace: 'com.example.sales',
    doc: 'An order placed in the web shop.',
    fields: [
      { name: 'orderId', type: 'string', doc: 'The order id.' },
      { name: 'amount', type: 'double' },
      { name: 'status', type: { type: 'enum', name: 'OrderStatus', symbols: ['PLACED', 'PAID', 'SHIPPED'] } },
    ],
  },
  null,
  2,
);

export const VALID_MANIFEST = `apiVersion: datamesh/v1
kind: DataProduct
id: sales.orders
name: orders
domain: sales
version: 1.2.0
status: active
owner:
  team: sales-platform
  email: sales-platform@example.com
description:
  purpose: Every order placed in the web shop, as it happens.
  usage: Join with sales.customers on customerId.
tier: tier-1
quality: authoritative
tags: [orders, ecommerce]
containsPii: true
sla:
  availability: 99.9%
  freshness: PT5M
  retention: P30D
outputPorts:
  - name: order-events
    description: One event per order state change.
    topic: sales.orders.v1
    partitions: 6
    replicationFactor: 3
    cleanupPolicy: delete
    retention: P30D
    config:
      min.insync.replicas: "2"
    key:
      format: string
    value:
      format: avro
      schema: schemas/order.avsc
      compatibility: FULL_TRANSITIVE
inputPorts:
  - product: sales.customers
    port: customer-events
`;

export const CUSTOMERS_MANIFEST = `apiVersion: datamesh/v1
kind: DataProduct
id: sales.customers
name: customers
domain: sales
version: 2.0.0
status: active
owner:
  team: crm
description:
  purpose: Customer profile changes.
tier: tier-2
quality: curated
outputPorts:
  - name: customer-events
    topic: sales.customers.v2
    value:
      format: avro
      schema: customer.avsc
`;

export const CUSTOMER_SCHEMA = '{"type":"record","name":"Customer","fields":[{"name":"customerId","type":"string"}]}';

/** The valid sample workspace: orders reads customers; both schemas exist. */
export function sampleWorkspace(overrides: Record<string, string> = {}) {
  return memoryWorkspace({
    'orders.dataproduct.yaml': VALID_MANIFEST,
    'schemas/order.avsc': ORDER_SCHEMA,
    'customers/dataproduct.yaml': CUSTOMERS_MANIFEST,
    'customers/customer.avsc': CUSTOMER_SCHEMA,
    ...overrides,
  });
}
