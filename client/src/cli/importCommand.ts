/** `datamesh import --from odcs`: an ODCS v3 contract → a manifest and its .avsc files, through the import engine. */
import { importOdcsFile, ImportTargetExistsError, writeImport } from '../engines/import/importFiles';
import { OdcsImportError } from '../engines/import/odcsImport';
import { parseArguments, UsageError } from './arguments';
import type { CliCommand } from './cliCommand';
import type { CommandOutput } from './commandOutput';

export const IMPORT_USAGE = 'datamesh import --from odcs [--out DIR] FILE';

export const IMPORT_COMMAND: CliCommand = {
  synopsis: IMPORT_USAGE,
  help: `Usage: ${IMPORT_USAGE}

An ODCS v3 data contract (YAML; one document per output port) as a data-product manifest and its Avro schemas.
  --from odcs          the only source format
  --out DIR            the folder to write to (default: the current folder); existing files are never overwritten
Prints the paths written. Exit 0 written, 1 the file is no ODCS v3 contract or a file exists already, 2 a usage error.`,
  run: (argv, out) => runImport(argv, out),
};

export function runImport(argv: string[], out: CommandOutput): number {
  const args = parseArguments(argv, ['from', 'out']);
  const from = args.options.get('from');
  if (from === undefined) throw new UsageError('--from odcs is needed');
  if (from !== 'odcs') throw new UsageError(`--from must be odcs, not ${from}`);
  if (args.positionals.length !== 1) throw new UsageError('import needs exactly one FILE');
  try {
    const written = writeImport(importOdcsFile(args.positionals[0]), args.options.get('out') ?? '.');
    out.print(written.join('\n'));
    return 0;
  } catch (error) {
    if (error instanceof OdcsImportError || error instanceof ImportTargetExistsError) {
      out.error(`datamesh import: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
