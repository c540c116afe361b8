// Events for the sampling tests, written by producers independent of the engine under test: kafkajs's
// own producer with @kafkajs/confluent-schema-registry's Avro encoder (the Confluent wire format), and
// kcat (librdkafka) for text and JSON with headers.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';

export const kcatMissing = spawnSync('kcat', ['-V'], { encoding: 'utf8' }).error
  ? 'kcat is not installed (apt-get install -y kcat)'
  : undefined;

/** An order schema with a union, an exact long beyond 2^53, bytes, fixed, an enum and logical types. */
export const ORDER_SCHEMA = {
  type: 'record',
  name: 'Order',
  namespace: 'test.sales',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'quantity', type: 'long' },
    { name: 'coupon', type: ['null', 'string'], default: null },
    { name: 'placedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'signature', type: 'bytes' },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    { name: 'checksum', type: { type: 'fixed', name: 'Checksum', size: 2 } },
  ],
};

export function freshTopicName(prefix = 'sample-test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
  } finally {
    await admin.disconnect();
  }
}

/** Registers ORDER_SCHEMA under `<topic>-value` with the registry library; returns its id. */
export async function registerOrderSchema(registryUrl: string, topic: string): Promise<{ registry: SchemaRegistry; id: number }> {
  const registry = new SchemaRegistry({ host: registryUrl });
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(ORDER_SCHEMA) }, { subject: `${topic}-value` });
  return { registry, id };
}

export interface ProducedMessage {
  partition: number;
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
  timestamp?: number;
}

/** Sends messages with a plain kafkajs producer, in order. */
export async function produce(kafka: Kafka, topic: string, messages: ProducedMessage[]): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (const message of messages) {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          {
            partition: message.partition,
            key: message.key,
            value: message.value,
            headers: message.headers,
            ...(message.timestamp !== undefined ? { timestamp: String(message.timestamp) } : {}),
          },
        ],
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Produces lines with kcat: each `key\tvalue` to one partition, with the same headers on each. */
export function kcatProduce(
  bootstrap: string,
  topic: string,
  partition: number,
  lines: string[],
  headers: Record<string, string> = {},
): void {
  const args = ['-b', bootstrap, '-t', topic, '-P', '-p', String(partition), '-K', '\t', '-z', 'none'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const result = spawnSync('kcat', args, { input: `${lines.join('\n')}\n`, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`kcat failed (${result.status}): ${result.stderr}`);
}

/** What kcat reads of a topic from the beginning: one `partition:offset` per message. */
export function kcatOffsets(bootstrap: string, topic: string): string[] {
  const result = spawnSync('kcat', ['-b', bootstrap, '-t', topic, '-C', '-e', '-o', 'beginning', '-q', '-f', '%p:%o\\n'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`kcat failed (${result.status}): ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}

/** The groups on the cluster whose id starts with the prefix, and the committed offsets of a group on a topic. */
export async function groupsWithPrefix(kafka: Kafka, prefix: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    return groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
  } finally {
    await admin.disconnect();
  }
}

export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return entry.partitions.map((partition) => partition.offset);
  } finally {
    await admin.disconnect();
  }
}

/** avsc with a BigInt long, written here for the test: the registry library cannot encode longs past 2^53. */
const bigLong = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(0),
  toBuffer: (value: bigint) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(value);
    return buffer;
  },
  fromJSON: (value: unknown) => BigInt(value as string),
  toJSON: (value: bigint) => Number(value),
  isValid: (value: unknown) => typeof value === 'bigint',
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

/** An ORDER_SCHEMA value in the Confluent wire format, with a BigInt quantity. */
export function encodeOrderWithBigLong(schemaId: number, order: Record<string, unknown>): Buffer {
  const type = avro.Type.forSchema(ORDER_SCHEMA as avro.Schema, {
    typeHook: (schema) =>
      schema === 'long' || (typeof schema === 'object' && (schema as { type?: unknown }).type === 'long') ? bigLong : undefined,
  });
  const header = Buffer.from([0, 0, 0, 0, 0]);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, type.toBuffer(order)]);
}
