/**
 * The messages between the sampling panel (extension host) and its webview, declared once for both
 * sides. Pure types and constants: the webview bundle imports this file too, so nothing here may use
 * Node or VS Code.
 */

export type PayloadFormatName = 'avro' | 'json' | 'text' | 'binary';
export type FormatChoiceName = 'auto' | PayloadFormatName;

/** Where to start, as the panel's controls say it (the `--from` syntax of `datamesh sample`). */
export interface StartSettings {
  from: string;
  /** Empty: every partition. */
  partitions: number[];
  /** The ring buffer's size: at most MAX_PANEL_LIMIT; the sampler pauses when it is full. */
  limit: number;
  keyFormat: FormatChoiceName;
  valueFormat: FormatChoiceName;
}

export const DEFAULT_PANEL_LIMIT = 10_000;
export const MAX_PANEL_LIMIT = 1_000_000;
/** The longest key, value or headers text a table row carries; the detail pane has the whole value. */
export const PREVIEW_LENGTH = 240;
/** The most rows one request may ask for. */
export const MAX_ROWS_PER_REQUEST = 500;

/** What the table shows of a record: previews only. */
export interface RowSummary {
  seq: number;
  partition: number;
  offset: string;
  timestamp: number;
  key: string;
  value: string;
  headers: string;
  schemaId: number | null;
  format: PayloadFormatName;
  /** The first problem against the local schema (`path: message`), when the record does not fit it. */
  drift: string | null;
}

export interface DecodedPart {
  format: PayloadFormatName;
  /** The plain JSON of the payload (text as a JSON string; binary as {hex, error}). */
  json: string;
  size: number;
  schemaId?: number;
  subject?: string;
  version?: number;
  /** Why it is binary, when it is. */
  error?: string;
}

export interface RecordDetail {
  seq: number;
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: DecodedPart | null;
  value: DecodedPart | null;
  headers: [string, string][];
  /** The exact bytes, as hex (cut at RAW_HEX_LIMIT bytes, `rawTruncated` then says so). */
  rawKeyHex: string | null;
  rawValueHex: string | null;
  rawTruncated: boolean;
  /** Problems against the local schema, each with its dotted path into the value. */
  problems: { path: string; message: string }[];
}

export const RAW_HEX_LIMIT = 1024 * 1024;

export interface HistogramData {
  /** Epoch milliseconds of the first bucket's start and the last bucket's end. */
  from: number;
  to: number;
  counts: number[];
}

export interface PartitionStatus {
  partition: number;
  position: string;
  end: string;
  lag: string;
}

export type SamplerState = 'connecting' | 'running' | 'paused' | 'full' | 'ended' | 'error';

export interface FilterProblem {
  message: string;
  column: number;
}

export type HostMessage =
  | {
      type: 'init';
      topic: string;
      settings: StartSettings;
      /** The workspace schema events are checked against, or null. */
      localSchema: string | null;
    }
  | {
      type: 'view';
      /** Bumped whenever row indexes change meaning (new criteria, rows dropped); older rows answers are stale. */
      generation: number;
      /** Rows that pass the filter, search and time range. */
      total: number;
      /** Records in the buffer. */
      buffered: number;
      histogram: HistogramData | null;
      filterProblem: FilterProblem | null;
      localSchema: string | null;
    }
  | { type: 'rows'; generation: number; start: number; rows: RowSummary[] }
  | { type: 'status'; state: SamplerState; message: string; partitions: PartitionStatus[]; buffered: number; limit: number }
  | { type: 'detail'; detail: RecordDetail }
  | { type: 'template'; format: 'avro' | 'json'; text: string; source: string }
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'restart'; settings: StartSettings }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'criteria'; filter: string; search: string; timeRange: [number, number] | null }
  | { type: 'rows'; generation: number; start: number; count: number }
  | { type: 'detail'; seq: number }
  | { type: 'copy'; seq: number; part: 'key' | 'value' | 'record' }
  | { type: 'export'; format: 'ndjson' | 'csv' }
  | { type: 'import' }
  | { type: 'template' }
  | {
      type: 'produce';
      key: string;
      value: string;
      valueFormat: 'avro' | 'json' | 'text';
      headers: string;
      /** true: only check the value against the schema, do not send. */
      validateOnly: boolean;
    }
  | { type: 'republish'; seqs: number[]; topic: string };
