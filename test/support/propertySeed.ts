// Every fast-check property of the repository runs with one fixed seed, so a run never fails by chance and a
// failure can be replayed: the default below, or DATAMESH_PROPERTY_SEED (to replay a failure, or to explore
// other inputs locally). A failure says which seed it ran with and the command that replays it.
import { relative } from 'node:path';
import fc from 'fast-check';

export const DEFAULT_PROPERTY_SEED = 20_261_125;
export const PROPERTY_SEED_VARIABLE = 'DATAMESH_PROPERTY_SEED';

/** The seed of this run: DATAMESH_PROPERTY_SEED when set (a 32-bit integer), else the default. */
export function propertySeed(environment: NodeJS.ProcessEnv = process.env): number {
  const raw = environment[PROPERTY_SEED_VARIABLE]?.trim();
  if (raw === undefined || raw === '') return DEFAULT_PROPERTY_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed) || seed < -0x80000000 || seed > 0xffffffff) {
    throw new Error(`${PROPERTY_SEED_VARIABLE} must be a 32-bit integer, not "${raw}"`);
  }
  return seed;
}

/** The line that tells how to run the failing test file again with `seed`. */
export function replayHint(seed: number, testFile: string | undefined = callingTestFile()): string {
  const file = testFile ?? 'the test file';
  return `Property seed ${seed}. Replay: ${PROPERTY_SEED_VARIABLE}=${seed} node --import tsx --test ${file}`;
}

/** fc.assert with the run's seed; a failure keeps fast-check's report (counterexample, path) and adds the replay line. */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, parameters: Omit<fc.Parameters<Ts>, 'seed'> = {}): void {
  const seed = propertySeed();
  const testFile = callingTestFile();
  try {
    fc.assert(property, { ...parameters, seed });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n${replayHint(seed, testFile)}`, { cause: error });
  }
}

/** fc.sample with the run's seed (plus `offset`, for several samples in one test). */
export function sampleWithSeed<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, offset = 0): T[] {
  return fc.sample(arbitrary, { seed: propertySeed() + offset, numRuns });
}

/** The `.test.ts` file that called in, relative to the working folder, from the stack. */
function callingTestFile(): string | undefined {
  const stack = new Error().stack ?? '';
  const match = /\(?((?:file:\/\/)?[^\s()]*\.test\.ts):\d+:\d+\)?/.exec(stack);
  if (!match) return undefined;
  const path = match[1].replace(/^file:\/\//, '');
  return relative(process.cwd(), path) || path;
}
