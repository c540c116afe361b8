/**
 * The records the sampling engine hands out: what was read from a partition, decoded. Shared by the
 * panel (through its typed messages) and `datamesh sample` (one NDJSON line per record).
 */

/** How a payload was decoded (product spec §5). */
export type PayloadFormat = 'avro' | 'json' | 'text' | 'binary';

/** The user's choice per topic: detect per message, or force one decoder. */
export type FormatChoice = 'auto' | PayloadFormat;

/** A plain JSON value: what decoders produce and what filters, search and exports see. */
export type PlainJson = null | boolean | number | string | PlainJson[] | { [key: string]: PlainJson };

/** An undecodable payload: its bytes as hex, and why no decoder took it. */
export interface BinaryValue {
  hex: string;
  error: string;
}

export interface DecodedPayload {
  format: PayloadFormat;
  /** null for a missing payload (a null key, a tombstone). For binary: a BinaryValue. */
  value: PlainJson;
  /** Avro only: the registry's schema id from the wire format. */
  schemaId?: number;
  /** Avro only, when the registry says: the subject and version the id is registered under. */
  subject?: string;
  version?: number;
  /** The exact number of bytes of the payload (0 for null). */
  size: number;
}

export interface SampledRecord {
  /** Increases by one for every record a reader delivers; identifies the record in a panel. */
  seq: number;
  topic: string;
  partition: number;
  /** Kafka offsets are int64; kept as a string as kafkajs gives them, compared as bigint. */
  offset: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  key: DecodedPayload;
  value: DecodedPayload;
  /** Header name -> UTF-8 text (undecodable header bytes as `0x` + hex). A repeated name keeps its last value. */
  headers: Record<string, string>;
  /**
   * The exact bytes, for the raw view and republishing; null for a missing payload. As the sampler hands
   * records out they are views of the consumer's whole fetch response: keep a record with detachRecord.
   */
  rawKey: Buffer | null;
  rawValue: Buffer | null;
  rawHeaders: [string, Buffer][];
}

/** Where a reader starts (per partition where it says so). */
export type StartPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  /** One offset for every partition, or one per partition. */
  | { kind: 'offset'; offset: bigint; perPartition?: ReadonlyMap<number, bigint> }
  /** The first offset at or after this time (ms since the epoch), per partition. */
  | { kind: 'timestamp'; timestamp: number }
  /** The last N records of each partition. */
  | { kind: 'last'; count: bigint };

/** One partition's progress: what the reader has consumed against what the broker has. */
export interface PartitionProgress {
  partition: number;
  /** The offset the reader started at. */
  start: string;
  /** The next offset the reader will read. */
  position: string;
  /** The partition's end offset (high watermark) as last fetched. */
  end: string;
  /** end - position, never negative. */
  lag: string;
  paused: boolean;
}
