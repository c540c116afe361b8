// datamesh: the command line over the same engines as the editor.
import { processOutput, type CommandOutput } from './commandOutput';
import { UsageError } from './arguments';
import { LINT_USAGE, runLint } from './lintCommand';
import { COMPAT_USAGE, runCompat } from './compatCommand';

const USAGE = `Usage:
  ${LINT_USAGE}
  ${COMPAT_USAGE}

Commands still to come (see the README): publish, retire, sample, catalog, export, stack.`;

const PLANNED_COMMANDS = new Set(['publish', 'retire', 'sample', 'catalog', 'export', 'stack']);

export function runCli(argv: string[], out: CommandOutput): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return runLint(rest, out);
      case 'compat':
        return runCompat(rest, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.print(USAGE);
        return command === undefined ? 2 : 0;
      default:
        if (PLANNED_COMMANDS.has(command)) {
          out.error(`datamesh ${command}: not available in this version yet.`);
          return 2;
        }
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`datamesh: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    out.error(`datamesh: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), processOutput);
}
