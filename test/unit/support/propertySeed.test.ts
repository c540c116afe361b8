import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_PROPERTY_SEED,
  PROPERTY_SEED_VARIABLE,
  assertProperty,
  propertySeed,
  replayHint,
  sampleWithSeed,
} from '../../support/propertySeed';

test('the seed is the default unless DATAMESH_PROPERTY_SEED names another', () => {
  assert.equal(propertySeed({}), DEFAULT_PROPERTY_SEED);
  assert.equal(propertySeed({ [PROPERTY_SEED_VARIABLE]: '' }), DEFAULT_PROPERTY_SEED);
  assert.equal(propertySeed({ [PROPERTY_SEED_VARIABLE]: ' 42 ' }), 42);
  assert.equal(propertySeed({ [PROPERTY_SEED_VARIABLE]: '-7' }), -7);
});

test('a seed that is not a 32-bit integer is refused, not silently replaced', () => {
  for (const raw of ['abc', '1.5', '99999999999', 'NaN'])
    assert.throws(() => propertySeed({ [PROPERTY_SEED_VARIABLE]: raw }), new RegExp(`${PROPERTY_SEED_VARIABLE} must be a 32-bit integer`));
});

test('the same seed draws the same values', () => {
  const arbitrary = fc.array(fc.integer(), { maxLength: 5 });
  assert.deepEqual(sampleWithSeed(arbitrary, 20), sampleWithSeed(arbitrary, 20));
  assert.notDeepEqual(sampleWithSeed(arbitrary, 20), sampleWithSeed(arbitrary, 20, 1));
});

test('a failing property reports its counterexample, the seed and the command that replays this file', () => {
  const seed = propertySeed();
  assert.throws(
    () => assertProperty(fc.property(fc.nat(), (n) => n < 10)),
    (error: Error) => {
      assert.match(error.message, /Counterexample: \[\d+\]/);
      assert.ok(
        error.message.includes(`${PROPERTY_SEED_VARIABLE}=${seed} node --import tsx --test test/unit/support/propertySeed.test.ts`),
        error.message,
      );
      return true;
    },
  );
});

test('a passing property passes', () => {
  let runs = 0;
  assertProperty(
    fc.property(fc.nat(), () => {
      runs++;
    }),
    { numRuns: 17 },
  );
  assert.equal(runs, 17);
});

test('the replay line names the seed and the file', () => {
  assert.equal(
    replayHint(5, 'test/x.test.ts'),
    `Property seed 5. Replay: ${PROPERTY_SEED_VARIABLE}=5 node --import tsx --test test/x.test.ts`,
  );
});
