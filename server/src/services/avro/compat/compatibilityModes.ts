import type { Compatibility } from '../../manifest/manifestTypes';
import type { AvroType } from '../avroSchema';
import type { Incompatibility } from './incompatibility';
import { checkReaderWriter } from './readerWriterCompatibility';

/**
 * Which way one check reads: `backward` = the next schema (reader) reads data written with a previous one,
 * `forward` = a previous schema (reader) reads data written with the next one.
 */
export type CheckDirection = 'backward' | 'forward';

/** One reader/writer check that a mode asked for. */
export interface CompatibilityCheck {
  direction: CheckDirection;
  /** Which previous version took part: an index into `previous` (0 = the newest). */
  previousIndex: number;
  /** Which schema was the reader and which the writer. */
  reader: 'next' | 'previous';
  writer: 'next' | 'previous';
  incompatibilities: Incompatibility[];
}

export interface CompatibilityResult {
  mode: Compatibility;
  compatible: boolean;
  /** Every check made, in the registry's order. */
  checks: CompatibilityCheck[];
}

/**
 * The schema registry's compatibility modes, as Confluent's `CompatibilityChecker` applies them on top of
 * Avro's reader/writer check: BACKWARD (the next schema reads the previous one's data), FORWARD (the previous
 * schema reads the next one's data), FULL (both: forward, then backward, as the registry's mutual-read
 * strategy orders them), each against the newest previous version, or against every previous version (newest
 * first) in the _TRANSITIVE forms; NONE checks nothing. With no previous version there is nothing to check.
 *
 * The verdict is the registry's. Where the registry stops at the first incompatible previous version, this
 * checks them all, so a user sees every version a change breaks.
 *
 * @param previous the previous versions, newest first.
 */
export function checkCompatibility(mode: Compatibility, next: AvroType, previous: readonly AvroType[]): CompatibilityResult {
  const directions = directionsOf(mode);
  const versions = mode.endsWith('_TRANSITIVE') ? previous : previous.slice(0, 1);
  const checks: CompatibilityCheck[] = [];
  if (directions.length > 0) {
    versions.forEach((version, previousIndex) => {
      for (const direction of directions) {
        const incompatibilities = direction === 'backward' ? checkReaderWriter(next, version) : checkReaderWriter(version, next);
        checks.push({
          direction,
          previousIndex,
          reader: direction === 'backward' ? 'next' : 'previous',
          writer: direction === 'backward' ? 'previous' : 'next',
          incompatibilities,
        });
      }
    });
  }
  return { mode, compatible: checks.every((check) => check.incompatibilities.length === 0), checks };
}

function directionsOf(mode: Compatibility): CheckDirection[] {
  switch (mode) {
    case 'BACKWARD':
    case 'BACKWARD_TRANSITIVE':
      return ['backward'];
    case 'FORWARD':
    case 'FORWARD_TRANSITIVE':
      return ['forward'];
    case 'FULL':
    case 'FULL_TRANSITIVE':
      return ['forward', 'backward'];
    case 'NONE':
      return [];
  }
}
