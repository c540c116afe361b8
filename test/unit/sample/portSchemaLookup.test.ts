// Which workspace schema a topic follows (the output port that declares it), and where the code lenses go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portSchemasForTopic, portTopicLines } from '../../../client/src/engines/sample/portSchemaLookup';

const MANIFEST = `apiVersion: datamesh/v1
id: sales.orders
outputPorts:
  - name: order-events
    topic: sales.orders.v1   # the main port
    value:
      format: avro
      schema: schemas/order.avsc
  - topic: "sales.refunds.v1"
    name: refunds
    value: { format: json }
inputPorts:
  - product: sales.customers
    topic: not-a-port-topic
`;

test('the port that declares a topic gives its value schema', () => {
  const manifests = [
    { path: '/w/broken.dataproduct.yaml', text: 'outputPorts: [' },
    { path: '/w/orders.dataproduct.yaml', text: MANIFEST },
  ];
  assert.deepEqual(portSchemasForTopic(manifests, 'sales.orders.v1'), [
    { manifestPath: '/w/orders.dataproduct.yaml', productId: 'sales.orders', portName: 'order-events', schema: 'schemas/order.avsc' },
  ]);
  assert.deepEqual(portSchemasForTopic(manifests, 'sales.refunds.v1'), [], 'a port without an Avro schema has none');
});

test('code lenses go on the topic lines of output ports only', () => {
  assert.deepEqual(portTopicLines(MANIFEST), [
    { topic: 'sales.orders.v1', line: 4 },
    { topic: 'sales.refunds.v1', line: 8 },
  ]);
});
