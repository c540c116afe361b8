// parseJson (the positioned JSON scanner) vs JSON.parse and vs jsonc-parser's parseTree on generated Avro
// schemas, measured in the same run. The budget is 10x JSON.parse for full Avro validation of a
// 10,000-field schema, so the scanner alone must stay well under 4x to leave room for the Avro checks.
// No target is set here because the issue sets none for the scanner alone.
// At 10,000 fields most of parseJson's time is young-generation garbage collection: the positioned
// tree is ~15 MB of small objects (JSON.parse builds ~3 MB), and V8 copies all of it twice while it
// is being built. Run with --max-semi-space-size=64 to see the cost without that.
import { parseTree } from 'jsonc-parser';
import { parseJson } from '../server/src/services/json/jsonScanner';
import { median, time, type BenchResult } from './measure';

const PRIMITIVES = ['string', 'long', 'int', 'double', 'boolean', 'bytes', 'float'];

/**
 * A realistic Avro record of `fieldCount` top-level fields (nullable primitives, arrays, maps, enums and,
 * every tenth field, a nested record of three fields), pretty-printed with 2-space indentation.
 */
export function generatedAvroSchema(fieldCount: number): string {
  const fields: unknown[] = [];
  for (let i = 0; i < fieldCount; i++) {
    let type: unknown;
    switch (i % 10) {
      case 3:
        type = { type: 'array', items: 'double' };
        break;
      case 5:
        type = { type: 'map', values: 'string' };
        break;
      case 7:
        type = { type: 'enum', name: `Status${i}`, symbols: ['ACTIVE', 'SUSPENDED', 'CLOSED', 'UNKNOWN'], default: 'UNKNOWN' };
        break;
      case 9:
        type = {
          type: 'record',
          name: `Nested${i}`,
          fields: [
            { name: 'id', type: 'long' },
            { name: 'label', type: ['null', 'string'], default: null },
            { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
          ],
        };
        break;
      default:
        type = PRIMITIVES[i % PRIMITIVES.length];
    }
    fields.push({
      name: `field_${i}`,
      type: ['null', type],
      default: null,
      doc: `Field number ${i} of the generated schema, with a short description.`,
    });
  }
  return JSON.stringify(
    { type: 'record', name: 'Generated', namespace: 'com.example.bench', doc: 'A generated schema for benchmarks.', fields },
    null,
    2,
  );
}

/**
 * Median milliseconds per call of each function. Each is measured in its own block, so that each pays
 * for the garbage collection of its own allocations and not for another's (jsonc-parser's trees are
 * large, and collecting them in the middle of another subject's samples would blur both).
 */
function measure(subjects: (() => unknown)[], repetitions: number, samples: number): number[] {
  return subjects.map((run) => {
    for (let i = 0; i < Math.max(3, repetitions); i++) run(); // warm-up: let the JIT optimize
    const times: number[] = [];
    for (let sample = 0; sample < samples; sample++) {
      times.push(
        time(() => {
          for (let i = 0; i < repetitions; i++) run();
        }) / repetitions,
      );
    }
    return median(times);
  });
}

export function benchJsonScanner(fieldCounts: number[] = [100, 1_000, 10_000], samples = 15): BenchResult[] {
  const results: BenchResult[] = [];
  for (const fieldCount of fieldCounts) {
    const text = generatedAvroSchema(fieldCount);
    // Enough repetitions per sample that each sample takes milliseconds, not microseconds.
    const repetitions = Math.max(1, Math.round(2_000 / fieldCount));
    const [jsonParseMs, parseJsonMs, parseTreeMs] = measure(
      [() => JSON.parse(text), () => parseJson(text), () => parseTree(text)],
      repetitions,
      samples,
    );
    const size = `${fieldCount.toLocaleString('en')} fields, ${(text.length / 1024).toFixed(0)} KB`;
    results.push({
      name: `JSON scanner, ${size}`,
      baseline: 'JSON.parse',
      baselineMs: jsonParseMs,
      subjectMs: parseJsonMs,
      ratio: parseJsonMs / jsonParseMs,
    });
    results.push({
      name: `JSON scanner, ${size}`,
      baseline: 'jsonc-parser parseTree',
      baselineMs: parseTreeMs,
      subjectMs: parseJsonMs,
      ratio: parseJsonMs / parseTreeMs,
    });
  }
  return results;
}

if (require.main === module) {
  for (const result of benchJsonScanner()) {
    console.log(
      `${result.name}: parseJson ${result.subjectMs.toFixed(2)} ms, ${result.baseline} ${result.baselineMs.toFixed(2)} ms, ratio ${result.ratio.toFixed(2)}x`,
    );
  }
}
