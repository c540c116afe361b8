// Manifest check vs the `yaml` package's own parse of the same text, measured in the same run.
import { parseDocument } from 'yaml';
import { PositionedYaml } from '../server/src/services/yaml/positionedYaml';
import { validateParsedManifest } from '../server/src/services/manifest/validateManifest';
import { sampleWorkspace, VALID_MANIFEST } from '../test/support/memoryWorkspace';
import { median, time, type BenchResult } from './measure';

/** A valid manifest of about `bytes` characters: the sample with many output ports. */
export function generatedManifest(bytes: number): string {
  const head = VALID_MANIFEST.slice(0, VALID_MANIFEST.indexOf('outputPorts:'));
  const port = (i: number) =>
    `  - name: port-${i}\n    description: Port number ${i} of the generated product.\n    topic: sales.orders.v1\n    partitions: 6\n    replicationFactor: 3\n    value:\n      format: avro\n      schema: schemas/order.avsc\n      compatibility: FULL\n`;
  const ports: string[] = [];
  let size = head.length + 13;
  for (let i = 0; size < bytes; i++) {
    const text = port(i);
    ports.push(text);
    size += text.length;
  }
  return `${head}outputPorts:\n${ports.join('')}`;
}

export function benchManifestCheck(sizes: number[], runs: number): BenchResult[] {
  const { index, uri } = sampleWorkspace();
  const manifestUri = uri('orders.dataproduct.yaml');
  return sizes.map((bytes) => {
    const text = generatedManifest(bytes);
    // Warm up both paths once so that neither pays for the JIT alone.
    parseDocument(text);
    validateParsedManifest(manifestUri, new PositionedYaml(text), index);
    const baseline: number[] = [];
    const subject: number[] = [];
    // Small texts parse in milliseconds, where one collection skews a median of few runs: take more.
    const samples = text.length < 1_000_000 ? runs * 4 : runs;
    for (let run = 0; run < samples; run++) {
      baseline.push(time(() => parseDocument(text)));
      subject.push(time(() => validateParsedManifest(manifestUri, new PositionedYaml(text), index)));
    }
    const baselineMs = median(baseline);
    const subjectMs = median(subject);
    return {
      name: `manifest check, ${(text.length / 1024).toFixed(0)} KB`,
      baseline: 'yaml parseDocument',
      baselineMs,
      subjectMs,
      ratio: subjectMs / baselineMs,
      target: 1.3,
    };
  });
}
