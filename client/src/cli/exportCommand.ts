/**
 * `datamesh export`: a manifest as an ODPS v1.0.0 data product or ODCS v3.1.0 data contracts (product
 * spec §5), through the export engine the editor uses. An invalid manifest is refused with its problems.
 */
import { writeFileSync } from 'node:fs';
import { severityName } from '../../../server/src/services/index';
import {
  EXPORT_TARGETS,
  exportManifest,
  InvalidManifestError,
  UnreadableManifestError,
  type ExportTarget,
} from '../engines/export/exportEngine';
import { parseArguments, UsageError } from './arguments';
import type { CliCommand } from './cliCommand';
import type { CommandOutput } from './commandOutput';

export const EXPORT_USAGE = 'datamesh export --to odps|odcs [--out FILE] [--bootstrap HOST:PORT] MANIFEST';

export const EXPORT_COMMAND: CliCommand = {
  synopsis: EXPORT_USAGE,
  help: `Usage: ${EXPORT_USAGE}

The manifest as an open-standard YAML document, after the same checks as \`datamesh lint\`.
  --to odps            an ODPS v1.0.0 data product (one document)
  --to odcs            ODCS v3.1.0 data contracts, one YAML document per output port in the same file
  --out FILE           write FILE instead of standard output
  --bootstrap H:P      the Kafka host written in the ODCS servers block (default DATAMESH_BOOTSTRAP, else "unspecified")
Exit 0 exported, 1 the manifest has errors (listed on standard error) or FILE cannot be written, 2 a usage error or an unreadable MANIFEST.`,
  run: (argv, out) => runExport(argv, out),
};

export async function runExport(
  argv: string[],
  out: CommandOutput,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const args = parseArguments(argv, ['to', 'out', 'bootstrap']);
  const target = args.options.get('to');
  if (target === undefined) throw new UsageError('--to odps or --to odcs is needed');
  if (!(EXPORT_TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(`--to must be one of ${EXPORT_TARGETS.join(', ')}, not ${target}`);
  }
  if (args.positionals.length !== 1) throw new UsageError('export needs exactly one MANIFEST');
  const [manifestPath] = args.positionals;

  let yaml: string;
  try {
    yaml = await exportManifest(manifestPath, target as ExportTarget, { host: args.options.get('bootstrap') ?? env.DATAMESH_BOOTSTRAP });
  } catch (error) {
    if (error instanceof UnreadableManifestError) {
      out.error(`datamesh export: ${error.message}`);
      return 2;
    }
    if (error instanceof InvalidManifestError) {
      const problems = error.files.flatMap((file) =>
        file.diagnostics.map((d) => {
          const { line, character } = d.range.start;
          return `${file.path}:${line + 1}:${character + 1}  ${severityName(d.severity)}  ${String(d.code)}  ${d.message}`;
        }),
      );
      out.error(`${problems.join('\n')}\ndatamesh export: ${error.message}`);
      return 1;
    }
    throw error;
  }

  const outFile = args.options.get('out');
  if (outFile === undefined) {
    out.print(yaml.trimEnd());
    return 0;
  }
  try {
    writeFileSync(outFile, yaml);
  } catch (error) {
    out.error(`datamesh export: cannot write ${outFile}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  out.error(`datamesh export: wrote ${outFile}`);
  return 0;
}
