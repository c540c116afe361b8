/**
 * A record that can be kept: the sampler's records hold views of kafkajs's fetch response (megabytes),
 * which one buffered record would keep alive; this copies the record's own bytes out of it.
 */
import type { SampledRecord } from './sampleTypes';

export function detachRecord(record: SampledRecord): SampledRecord {
  record.rawKey = record.rawKey && Buffer.from(record.rawKey);
  record.rawValue = record.rawValue && Buffer.from(record.rawValue);
  if (record.rawHeaders.length > 0) record.rawHeaders = record.rawHeaders.map(([name, value]) => [name, Buffer.from(value)]);
  return record;
}
