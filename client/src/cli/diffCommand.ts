/**
 * `datamesh diff BASE_REF [PATH]`: what changed in the mesh since a git ref, for a pull request's pipeline
 * (product spec §5). Offline unless a connection is given explicitly; then the catalog's products are readers too.
 */
import { relative, resolve } from 'node:path';
import { diffSinceRef, DiffInputError, type DiffResult } from '../engines/diff/diffEngine';
import type { DiffLocation, DownstreamReader, FieldChange } from '../engines/diff/diffTypes';
import { parseArguments, UsageError } from './arguments';
import { CONNECTION_USAGE } from './catalogCommand';
import type { CliCommand } from './cliCommand';
import type { CommandOutput } from './commandOutput';
import { explicitCatalogProducts, EXPLICIT_CATALOG_FLAG_OPTIONS, EXPLICIT_CATALOG_VALUE_OPTIONS } from './explicitCatalog';

export const DIFF_USAGE = 'datamesh diff [--format text|json] [--catalog-topic TOPIC] [connection options] BASE_REF [PATH]';

const FORMATS = ['text', 'json'] as const;

export const DIFF_COMMAND: CliCommand = {
  synopsis: DIFF_USAGE,
  help: `Usage: ${DIFF_USAGE}

The mesh changes since a git ref: each product and output port whose manifest or schema changed between
BASE_REF and the working tree of PATH's repository, as added, removed, changed-compatible or breaking.
  BASE_REF              a branch, tag or commit (origin/main in a pull request's pipeline)
  PATH                  a folder in the repository (default .): the products whose manifests are under it
  --format text         one line per product, port and change, PATH:LINE:COL (1-based), then a summary (the default)
  --format json         {"base","commit","root","breaking","products":[...],"unchanged","problems"}, positions 0-based
  --catalog-topic TOPIC the mesh catalog (default _datamesh.products or DATAMESH_CATALOG_TOPIC)
Breaking: a removed product or port, a changed topic, fewer partitions, a key or value format change, a schema
change that the port's compatibility mode rejects, a status moved to retired. Each breaking change lists the
products whose input ports read it (the working tree's; also the catalog's when connected).
Offline unless --bootstrap or DATAMESH_BOOTSTRAP is given.
Exit 0 nothing breaking, 1 a breaking change, 2 a usage error, a bad ref or a PATH outside a git repository.

${CONNECTION_USAGE}`,
  run: (argv, out) => runDiff(argv, out),
};

export async function runDiff(
  argv: string[],
  out: CommandOutput,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const args = parseArguments(argv, ['format', ...EXPLICIT_CATALOG_VALUE_OPTIONS], EXPLICIT_CATALOG_FLAG_OPTIONS);
  const format = (args.options.get('format') ?? 'text') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${format}`);
  if (args.positionals.length === 0) throw new UsageError('diff needs BASE_REF, the git ref to compare with');
  if (args.positionals.length > 2) throw new UsageError(`diff takes BASE_REF and at most one PATH (got ${args.positionals.join(' ')})`);
  const [baseRef, path = '.'] = args.positionals;
  const catalog = await explicitCatalogProducts('diff', args, env, out, 'downstream products are the working tree’s alone');

  let result: DiffResult;
  try {
    result = await diffSinceRef({ baseRef, path, catalog });
  } catch (error) {
    if (error instanceof DiffInputError) {
      out.error(`datamesh diff: ${error.message}`);
      return 2;
    }
    throw error;
  }
  for (const problem of result.problems) out.error(`datamesh diff: warning: ${problem.path} (${problem.side}): ${problem.message}`);
  if (format === 'json') out.print(JSON.stringify(result, null, 2));
  else out.print(formatText(result));
  return result.breaking ? 1 : 0;
}

/** For people: each changed product, its changes and ports, where they are (1-based), and who reads what breaks. */
function formatText(result: DiffResult): string {
  const where = (location: DiffLocation | undefined): string => {
    if (!location) return '';
    const path = relative(process.cwd(), resolve(result.root, location.path)) || location.path;
    const position = location.range ? `:${location.range.start.line + 1}:${location.range.start.character + 1}` : '';
    return `${path}${position}${location.side === result.base ? ` (at ${result.base})` : ''}`;
  };
  const lines: string[] = [];
  const change = (indent: string, item: FieldChange) => {
    const values = item.field.endsWith(' schema') ? '' : `: ${shown(item.before)} → ${shown(item.after)}`;
    const verdict = item.breaking ? `  BREAKING: ${item.reason ?? ''}` : item.reason ? `  (${item.reason})` : '';
    lines.push(`${indent}${item.field}${values}${verdict}${item.location ? `  ${where(item.location)}` : ''}`);
    for (const finding of item.incompatibilities ?? []) {
      lines.push(`${indent}  ${finding.location ? `${where(finding.location)}  ` : ''}${finding.type}  ${finding.message}`);
    }
  };
  const readers = (indent: string, downstream: readonly DownstreamReader[]) => {
    for (const reader of downstream) {
      const from = reader.source === 'catalog' ? '(catalog)' : where(reader.location);
      lines.push(`${indent}read by ${reader.id} (input port on ${reader.port})  ${from}`);
    }
  };
  for (const product of result.products) {
    lines.push(`${product.id}: ${product.change}  ${where(product.location)}`);
    for (const item of product.changes) change('  ', item);
    readers('  ', product.downstream);
    for (const port of product.ports) {
      lines.push(`  port ${port.name}: ${port.change}  ${where(port.location)}`);
      for (const item of port.changes) change('    ', item);
      readers('    ', port.downstream);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(summary(result));
  return lines.join('\n');
}

function summary(result: DiffResult): string {
  const count = (kind: string) => result.products.filter((product) => product.change === kind).length;
  const changed = result.products.length;
  const products = `${changed} product${changed === 1 ? '' : 's'} changed since ${result.base}`;
  return `${products}: ${count('breaking')} breaking, ${count('changed-compatible')} compatible, ${count('added')} added, ${count('removed')} removed; ${result.unchanged} unchanged.`;
}

function shown(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}
