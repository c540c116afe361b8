// Live events for `npm run demo`: a few realistic events per second to each demo product's topic, Avro in the
// Confluent wire format through the registry (the sampling engine's own encoder), with headers, so that the
// sampling panel shows data flowing. Stopped with the demo.
import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { encodePayload } from '../client/src/engines/sample/eventEncoder';
import { SchemaCache } from '../client/src/engines/sample/schemaCache';
import type { PlainJson } from '../client/src/engines/sample/sampleTypes';
import type { RegistryClient } from '../client/src/kafka/registryClient';

interface DemoEvent {
  key: string;
  value: PlainJson;
}

/** One generator per topic: the event number in, a key and a plain-JSON value (as sampled and exported) out. */
const GENERATORS: Record<string, (n: number) => DemoEvent> = {
  'sales.orders.v1': (n) => ({
    key: orderId(n),
    value: {
      orderId: orderId(n),
      customerId: customerId(n),
      amount: decimalHex(1_000 + ((n * 7_919) % 50_000)),
      currency: n % 5 === 0 ? 'USD' : 'EUR',
      status: pick(['PLACED', 'PAID', 'SHIPPED', 'CANCELLED'], n),
      placedAt: Date.now(),
    },
  }),
  'sales.customers.v2': (n) => ({
    key: customerId(n),
    value: {
      customerId: customerId(n),
      email: n % 3 === 0 ? null : `customer${n % 97}@example.com`,
      country: pick(['DE', 'FR', 'NL', 'ES', 'IT'], n),
    },
  }),
  'payments.transactions.v1': (n) => ({
    key: orderId(n),
    value: {
      transactionId: randomUUID(),
      orderId: orderId(n),
      kind: n % 11 === 0 ? 'REFUND' : 'PAYMENT',
      amountCents: 1_000 + ((n * 7_919) % 50_000),
      at: Date.now() * 1000,
    },
  }),
  'payments.refunds.v1': (n) => ({
    key: `refund-${n}`,
    value: {
      refundId: `refund-${n}`,
      orderId: orderId(n),
      amountCents: 500 + ((n * 31) % 9_000),
      reason: n % 2 ? 'damaged' : null,
      refundedAt: Date.now(),
    },
  }),
  'logistics.shipments.v1': (n) => ({
    key: `shipment-${n % 400}`,
    value: {
      shipmentId: `shipment-${n % 400}`,
      orderId: orderId(n),
      state: pick(['LABELLED', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED', 'RETURNED'], n),
      carrier: n % 4 === 0 ? null : pick(['DHL', 'UPS', 'PostNL'], n),
      weightGrams: 200 + ((n * 53) % 5_000),
      at: Date.now(),
    },
  }),
  'logistics.deliveries.v0': (n) => ({
    key: customerId(n),
    value: { customerId: customerId(n), day: Math.floor(Date.now() / 86_400_000), delivered: 1 + (n % 4), returned: n % 9 === 0 ? 1 : 0 },
  }),
};

export const DEMO_EVENT_TOPICS = Object.keys(GENERATORS);

export interface DemoEvents {
  /** Events sent so far, per topic. */
  readonly sent: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

/** Sends `perSecond` events to each topic (whose `<topic>-value` subject exists) until stopped. */
export async function startDemoEvents(
  kafka: Kafka,
  registry: RegistryClient,
  options: { perSecond?: number; log?: (line: string) => void } = {},
): Promise<DemoEvents> {
  const log = options.log ?? (() => undefined);
  const schemas = new SchemaCache(registry);
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const sent = new Map<string, number>();
  let sending = false;
  const tick = async () => {
    if (sending) return; // a slow broker: skip a beat rather than pile up sends
    sending = true;
    try {
      for (const [topic, generate] of Object.entries(GENERATORS)) {
        const n = sent.get(topic) ?? 0;
        const event = generate(n);
        try {
          const value = await encodePayload({ format: 'avro', json: event.value, subject: `${topic}-value` }, schemas, registry);
          const headers = { source: 'npm run demo', 'trace-id': randomUUID(), 'content-type': 'application/vnd.confluent.avro' };
          await producer.send({ topic, messages: [{ key: event.key, value, headers }] });
          sent.set(topic, n + 1);
        } catch (error) {
          if (n === 0 && !sent.has(`${topic}!`)) log(`no events for ${topic}: ${error instanceof Error ? error.message : String(error)}`);
          sent.set(`${topic}!`, 1);
        }
      }
    } finally {
      sending = false;
    }
  };
  const timer = setInterval(() => void tick(), 1000 / (options.perSecond ?? 2));
  return {
    sent,
    async stop() {
      clearInterval(timer);
      while (sending) await new Promise((resolve) => setTimeout(resolve, 20));
      await producer.disconnect();
    },
  };
}

function orderId(n: number): string {
  return `order-${10_000 + (n % 5_000)}`;
}

function customerId(n: number): string {
  return `customer-${(n * 13) % 97}`;
}

function pick<T>(values: readonly T[], n: number): T {
  return values[n % values.length];
}

/** A decimal's unscaled value as Avro bytes in plain JSON: big-endian two's complement, in hex. */
function decimalHex(unscaled: number): string {
  let hex = BigInt(unscaled).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  // A leading byte of 0x80 or more would read as negative.
  return parseInt(hex.slice(0, 2), 16) >= 0x80 ? `00${hex}` : hex;
}
