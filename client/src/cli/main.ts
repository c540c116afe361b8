// datamesh: the command line over the same engines as the editor.
import { processOutput, type CommandOutput } from './commandOutput';
import { UsageError } from './arguments';
import { LINT_USAGE, runLint } from './lintCommand';
import { COMPAT_USAGE, runCompat } from './compatCommand';
import { STACK_USAGE, runStack } from './stackCommand';
import { CATALOG_USAGE, CONNECTION_USAGE, runCatalog } from './catalogCommand';
import { SAMPLE_USAGE, runSample } from './sampleCommand';
import { PUBLISH_USAGE, runPublish } from './publishCommand';
import { RETIRE_USAGE, runRetire } from './retireCommand';

const USAGE = `Usage:
  ${LINT_USAGE}
  ${COMPAT_USAGE}
  ${STACK_USAGE}
  ${CATALOG_USAGE}
  ${SAMPLE_USAGE}
  ${PUBLISH_USAGE}
  ${RETIRE_USAGE}

Commands still to come (see the README): export.

lint stays offline unless --bootstrap or DATAMESH_BOOTSTRAP is given; then input ports are also checked against the catalog.

${CONNECTION_USAGE}`;

const PLANNED_COMMANDS = new Set(['export']);

/** The exit code; commands that read the disk or the network answer asynchronously. */
export function runCli(argv: string[], out: CommandOutput): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return runLint(rest, out).catch((error: unknown) => reportError(error, out));
      case 'compat':
        return runCompat(rest, out);
      case 'stack':
        return runStack(rest, out).catch((error: unknown) => reportError(error, out));
      case 'catalog':
        return runCatalog(rest, out).catch((error: unknown) => reportError(error, out));
      case 'sample':
        return runSample(rest, out).catch((error: unknown) => reportError(error, out));
      case 'publish':
        return runPublish(rest, out).catch((error: unknown) => reportError(error, out));
      case 'retire':
        return runRetire(rest, out).catch((error: unknown) => reportError(error, out));
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
    return reportError(error, out);
  }
}

function reportError(error: unknown, out: CommandOutput): number {
  if (error instanceof UsageError) {
    out.error(`datamesh: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  out.error(`datamesh: ${error instanceof Error ? error.message : String(error)}`);
  return 2;
}

if (require.main === module) {
  void Promise.resolve(runCli(process.argv.slice(2), processOutput)).then((code) => {
    process.exitCode = code;
  });
}
