// Bounds that unit tests used to assert: joining a large catalog into the mesh model, checking an Avro
// default that many union branches could match, and formatting a large schema. Each is the median of a few
// runs, after one warm-up run.
import { buildMeshModel } from '../client/src/engines/browse/meshModel';
import { formatAvroText } from '../server/src/services/avro/avroFormat';
import { parseAvroSchema } from '../server/src/services/avro/avroParser';
import { catalogProduct } from '../test/support/fakeBrowseContext';
import { median, time, type BoundResult } from './measure';

function medianOf(runs: number, run: () => unknown): number {
  run();
  return median(Array.from({ length: runs }, () => time(run)));
}

/** 1,000 published products in 20 domains, one output port each. */
function largeCatalog(): ReturnType<typeof catalogProduct>[] {
  return Array.from({ length: 1000 }, (_, index) =>
    catalogProduct(`d${index % 20}.p${index}`, {
      name: `p${index}`,
      domain: `d${index % 20}`,
      outputPorts: [{ name: 'events', topic: `d${index % 20}.p${index}.v1`, value: { format: 'avro' } }],
    }),
  );
}

/** A default nested 40 deep where a map and a record both accept each level: 2^40 tries without a bound. */
function ambiguousDefaultSchema(): string {
  const type =
    '["null", {"type": "map", "values": "N"}, {"type": "record", "name": "M", "fields": [{"name": "c", "type": ["null", {"type": "map", "values": "N"}, "M"]}]}]';
  let value = '5';
  for (let i = 0; i < 40; i++) value = `{"c": ${value}}`;
  return `{"type": "record", "name": "N", "fields": [{"name": "c", "type": ${type}, "default": ${value}}]}`;
}

function largeSchema(): string {
  const fields = Array.from({ length: 10_000 }, (_, i) => ({
    name: `f${i}`,
    type: ['null', i % 2 ? 'string' : { type: 'array', items: 'long' }],
    default: null,
  }));
  return JSON.stringify({ type: 'record', name: 'Big', fields });
}

export function benchEditorBounds(runs = 5): BoundResult[] {
  const catalog = largeCatalog();
  const ambiguous = ambiguousDefaultSchema();
  const big = largeSchema();
  return [
    { name: 'Mesh model: join 1,000 catalog products', ms: medianOf(runs, () => buildMeshModel(catalog, [])), targetMs: 200 },
    { name: 'Avro check: a default 2^40 union paths could match', ms: medianOf(runs, () => parseAvroSchema(ambiguous)), targetMs: 2000 },
    {
      name: 'Avro format: a 10,000-field schema',
      ms: medianOf(runs, () => formatAvroText(big, { tabSize: 2, insertSpaces: true })),
      targetMs: 2000,
    },
  ];
}
