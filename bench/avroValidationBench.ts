// Full Avro validation (scan with positions, model, every rule) against avsc's Type.forSchema and plain
// JSON.parse on the same text, in the same run.
import avro from 'avsc';
import { parseAvroSchema } from '../server/src/services/avro/avroParser';
import { generatedAvroSchema } from './jsonScannerBench';
import { median, time, type BenchResult } from './measure';

export function benchAvroValidation(fieldCounts: number[] = [100, 1000, 10000], samples = 15): BenchResult[] {
  const results: BenchResult[] = [];
  for (const fields of fieldCounts) {
    const text = generatedAvroSchema(fields);
    const diagnostics = parseAvroSchema(text).diagnostics;
    if (diagnostics.length > 0) throw new Error(`the generated schema is not clean: ${diagnostics[0].message}`);
    avro.Type.forSchema(JSON.parse(text) as avro.Schema);
    const ours: number[] = [];
    const avsc: number[] = [];
    const plain: number[] = [];
    for (let sample = 0; sample < samples; sample++) {
      plain.push(time(() => JSON.parse(text)));
      avsc.push(time(() => avro.Type.forSchema(JSON.parse(text) as avro.Schema)));
      ours.push(time(() => parseAvroSchema(text)));
    }
    const oursMs = median(ours);
    const label = `Avro validation, ${fields} fields`;
    results.push({
      name: label,
      baseline: 'avsc Type.forSchema(JSON.parse)',
      baselineMs: median(avsc),
      subjectMs: oursMs,
      ratio: oursMs / median(avsc),
      target: fields === 10000 ? 1.5 : undefined,
    });
    results.push({
      name: label,
      baseline: 'JSON.parse',
      baselineMs: median(plain),
      subjectMs: oursMs,
      ratio: oursMs / median(plain),
      target: fields === 10000 ? 10 : undefined,
    });
  }
  return results;
}
