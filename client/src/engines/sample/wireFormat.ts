/**
 * The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro binary body.
 */
export const WIRE_MAGIC_BYTE = 0;
export const WIRE_HEADER_SIZE = 5;

/** The schema id of a payload in the wire format, or undefined when it cannot be one. */
export function wireSchemaId(bytes: Buffer): number | undefined {
  if (bytes.length < WIRE_HEADER_SIZE || bytes[0] !== WIRE_MAGIC_BYTE) return undefined;
  return bytes.readUInt32BE(1);
}

/** The wire-format payload for an Avro body under a schema id. */
export function toWireFormat(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(WIRE_HEADER_SIZE);
  header.writeUInt8(WIRE_MAGIC_BYTE, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}
