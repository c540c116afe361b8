/**
 * Where a sample starts: the `--from` syntax of `datamesh sample` (earliest, latest, offset:N,
 * timestamp:ISO, last:N, plus offset:P=N,... for one offset per partition) and its resolution into one
 * offset per partition against the broker's current offsets.
 */
import type { StartPosition } from './sampleTypes';

export class StartPositionError extends Error {}

/** Parses the `--from` text; throws StartPositionError with what is wrong. */
export function parseStartPosition(text: string): StartPosition {
  const trimmed = text.trim();
  if (trimmed === 'earliest' || trimmed === 'beginning') return { kind: 'earliest' };
  if (trimmed === 'latest' || trimmed === 'end') return { kind: 'latest' };
  const colon = trimmed.indexOf(':');
  const kind = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const argument = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
  switch (kind) {
    case 'offset': {
      if (/^\d+$/.test(argument)) return { kind: 'offset', offset: BigInt(argument) };
      // offset:0=15,1=20: an offset for each partition named; the others start at the end.
      const perPartition = new Map<number, bigint>();
      for (const part of argument.split(',')) {
        const match = /^\s*(\d+)\s*=\s*(\d+)\s*$/.exec(part);
        if (!match)
          throw new StartPositionError(
            `offset: needs a non-negative offset, or PARTITION=OFFSET pairs separated by commas, not "${argument}"`,
          );
        perPartition.set(Number(match[1]), BigInt(match[2]));
      }
      return { kind: 'offset', offset: -1n, perPartition };
    }
    case 'timestamp': {
      // An ISO 8601 date or date-time, or milliseconds since the epoch.
      const timestamp = /^\d+$/.test(argument) ? Number(argument) : Date.parse(argument);
      if (argument === '' || !Number.isFinite(timestamp))
        throw new StartPositionError(
          `timestamp: needs an ISO 8601 date-time (e.g. 2026-01-31T12:00:00Z) or epoch milliseconds, not "${argument}"`,
        );
      return { kind: 'timestamp', timestamp };
    }
    case 'last': {
      if (!/^\d+$/.test(argument) || BigInt(argument) === 0n)
        throw new StartPositionError(`last: needs a positive count, not "${argument}"`);
      return { kind: 'last', count: BigInt(argument) };
    }
    default:
      throw new StartPositionError(`--from must be earliest, latest, offset:N, timestamp:ISO or last:N, not "${text}"`);
  }
}

/** A partition's offsets on the broker: the first one kept (low) and the next one to be written (high). */
export interface PartitionOffsets {
  partition: number;
  low: bigint;
  high: bigint;
}

/**
 * The offset to start each partition at, clamped to what the partition holds. `byTimestamp` gives the
 * first offset at or after the start time (the high watermark when there is none), as the broker says.
 */
export function resolveStartOffsets(
  position: StartPosition,
  partitions: readonly PartitionOffsets[],
  byTimestamp?: ReadonlyMap<number, bigint>,
): Map<number, bigint> {
  const starts = new Map<number, bigint>();
  for (const { partition, low, high } of partitions) {
    let start: bigint;
    switch (position.kind) {
      case 'earliest':
        start = low;
        break;
      case 'latest':
        start = high;
        break;
      case 'offset':
        start = position.perPartition ? (position.perPartition.get(partition) ?? high) : position.offset;
        break;
      case 'timestamp':
        start = byTimestamp?.get(partition) ?? high;
        break;
      case 'last':
        start = high - position.count;
        break;
    }
    starts.set(partition, start < low ? low : start > high ? high : start);
  }
  return starts;
}

/** The `--from` text of a position, for messages. */
export function describeStartPosition(position: StartPosition): string {
  switch (position.kind) {
    case 'earliest':
    case 'latest':
      return position.kind;
    case 'offset':
      return position.perPartition
        ? `offset:${[...position.perPartition].map(([partition, offset]) => `${partition}=${offset}`).join(',')}`
        : `offset:${position.offset}`;
    case 'timestamp':
      return `timestamp:${new Date(position.timestamp).toISOString()}`;
    case 'last':
      return `last:${position.count}`;
  }
}
