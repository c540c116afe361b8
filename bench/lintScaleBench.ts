// `datamesh lint` over generated workspaces of growing size, against a floor: the same files read and parsed
// with `yaml` and `JSON.parse` in one process. The goal is linear growth (a constant ratio to the floor).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { findMeshFiles } from '../server/src/disk/index';
import { lintPaths } from '../client/src/engines/lint/lintEngine';
import { median, timeAsync } from './measure';

export interface LintScaleResult {
  manifests: number;
  schemas: number;
  lintMs: number;
  floorMs: number;
  ratio: number;
  target: number;
  /** Diagnostics of error severity: a generator bug would make the run measure something else. */
  errors: number;
}

const DOMAINS = 50;

/** A workspace of `products` products in 50 domains, each with 2 or 3 `.avsc` files (one in two shares a type across files) and an input port to another product. */
export function generateWorkspace(products: number, seed = 7): { root: string; schemas: number } {
  const root = mkdtempSync(join(tmpdir(), 'datamesh-lint-scale-'));
  let state = seed;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  let schemas = 0;
  for (let index = 0; index < products; index++) {
    const domain = `domain${index % DOMAINS}`;
    const name = `product${index}`;
    const namespace = `com.example.${domain}.${name}`;
    const folder = join(root, domain, name);
    mkdirSync(join(folder, 'schemas'), { recursive: true });
    const write = (file: string, schema: object) => {
      writeFileSync(join(folder, 'schemas', file), JSON.stringify(schema, null, 2));
      schemas++;
    };
    write('key.avsc', { type: 'record', name: 'Key', namespace, fields: [{ name: 'id', type: 'string' }] });
    // Every other product keeps a named type in a file of its own, which its value schema refers to.
    const shared = index % 2 === 1;
    const money = {
      type: 'record',
      name: 'Money',
      namespace,
      fields: [
        { name: 'units', type: 'long' },
        { name: 'currency', type: 'string' },
      ],
    };
    if (shared) write('money.avsc', money);
    write('event.avsc', {
      type: 'record',
      name: 'Event',
      namespace,
      fields: [
        { name: 'id', type: 'string' },
        { name: 'amount', type: shared ? `${namespace}.Money` : money },
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'note', type: ['null', 'string'], default: null },
      ],
    });
    const ports = [
      [
        '  - name: events',
        `    topic: ${domain}.${name}.v1`,
        '    partitions: 3',
        '    key:',
        '      format: avro',
        '      schema: schemas/key.avsc',
        '    value:',
        '      format: avro',
        '      schema: schemas/event.avsc',
        '      compatibility: BACKWARD',
      ].join('\n'),
    ];
    const other = random(products);
    const manifest = [
      'apiVersion: datamesh/v1',
      'kind: DataProduct',
      `id: ${domain}.${name}`,
      `name: ${name}`,
      `domain: ${domain}`,
      'version: 1.0.0',
      'status: active',
      'owner:',
      `  team: team-${domain}`,
      'description:',
      `  purpose: Generated product ${index} for the lint scale benchmark.`,
      'tier: tier-2',
      'quality: curated',
      'outputPorts:',
      ...ports,
      'inputPorts:',
      `  - product: domain${other % DOMAINS}.product${other}`,
      '    port: events',
      '',
    ].join('\n');
    writeFileSync(join(folder, `${name}.dataproduct.yaml`), manifest);
  }
  return { root, schemas };
}

async function floor(root: string): Promise<number> {
  return timeAsync(async () => {
    for (const path of await findMeshFiles(root)) {
      const text = readFileSync(path, 'utf8');
      if (path.endsWith('.avsc')) JSON.parse(text);
      else parseYaml(text);
    }
  });
}

export async function benchLintScale(sizes: readonly number[], runs = 3): Promise<LintScaleResult[]> {
  const results: LintScaleResult[] = [];
  for (const products of sizes) {
    const { root, schemas } = generateWorkspace(products);
    try {
      await floor(root); // warm the file cache
      const floors: number[] = [];
      const lints: number[] = [];
      let errors = 0;
      for (let run = 0; run < runs; run++) {
        floors.push(await floor(root));
        let files: Awaited<ReturnType<typeof lintPaths>> = [];
        lints.push(await timeAsync(async () => (files = await lintPaths({ paths: [root] }))));
        errors = files.reduce((sum, file) => sum + file.diagnostics.filter((d) => d.severity === 1).length, 0);
      }
      const lintMs = median(lints);
      const floorMs = median(floors);
      results.push({ manifests: products, schemas, lintMs, floorMs, ratio: lintMs / floorMs, target: 2, errors });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return results;
}

if (require.main === module) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  void benchLintScale(sizes.length > 0 ? sizes : [1000, 2000], 1).then((results) => console.log(results));
}
