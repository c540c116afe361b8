// A sampled record for unit tests, with every field set and overridable.
import type { PlainJson, SampledRecord } from '../../../client/src/engines/sample/sampleTypes';

export function record(value: PlainJson, extra: Partial<SampledRecord> = {}): SampledRecord {
  return {
    seq: 0,
    topic: 't',
    partition: 1,
    offset: '42',
    timestamp: 1_767_225_600_000,
    key: { format: 'text', value: 'order-7', size: 7 },
    value: { format: 'json', value, size: 10 },
    headers: { source: 'web', 'x-trace': 'abc' },
    rawKey: null,
    rawValue: null,
    rawHeaders: [],
    ...extra,
  };
}
