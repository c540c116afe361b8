/**
 * Exports sampled records: NDJSON (one `datamesh sample --format json` line each, so an export can be
 * imported again) or CSV (RFC 4180; key, value and headers as their text or compact JSON).
 */
import { toSampleLine } from './sampleLine';
import type { SampledRecord } from './sampleTypes';

export type ExportFormat = 'ndjson' | 'csv';

export const CSV_COLUMNS = ['topic', 'partition', 'offset', 'timestamp', 'key', 'value', 'headers', 'schemaId', 'format'] as const;

export function exportRecords(records: Iterable<SampledRecord>, format: ExportFormat): string {
  return format === 'ndjson' ? exportNdjson(records) : exportCsv(records);
}

export function exportNdjson(records: Iterable<SampledRecord>): string {
  let text = '';
  for (const record of records) text += `${JSON.stringify(toSampleLine(record))}\n`;
  return text;
}

export function exportCsv(records: Iterable<SampledRecord>): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const record of records) {
    const line = toSampleLine(record);
    rows.push(
      [
        line.topic,
        String(line.partition),
        String(line.offset),
        line.timestamp,
        cellText(line.key),
        cellText(line.value),
        JSON.stringify(line.headers),
        line.schemaId === null ? '' : String(line.schemaId),
        line.format,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

function cellText(value: unknown): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
