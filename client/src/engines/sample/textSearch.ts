/**
 * Full-text search over a record's key, value and headers (names and values): a case-insensitive
 * substring of the text a user sees, so that what the table shows is what the search finds.
 */
import type { DecodedPayload, SampledRecord } from './sampleTypes';

const searchable = new WeakMap<SampledRecord, string>();

/** The text of a payload as shown: text as is, anything else as compact JSON. */
export function payloadText(payload: DecodedPayload): string {
  if (payload.value === null) return '';
  return typeof payload.value === 'string' ? payload.value : JSON.stringify(payload.value);
}

function searchText(record: SampledRecord): string {
  let text = searchable.get(record);
  if (text === undefined) {
    const headers = Object.entries(record.headers).map(([name, value]) => `${name}=${value}`);
    text = [payloadText(record.key), payloadText(record.value), ...headers].join('\n').toLowerCase();
    searchable.set(record, text);
  }
  return text;
}

/** A predicate for the query; an empty query matches everything. */
export function textMatcher(query: string): (record: SampledRecord) => boolean {
  const needle = query.trim().toLowerCase();
  if (needle === '') return () => true;
  return (record) => searchText(record).includes(needle);
}
