// datamesh: the command line over the same engines as the editor.
import { processOutput, type CommandOutput } from './commandOutput';
import { UsageError } from './arguments';
import type { CliCommand } from './cliCommand';
import { LINT_COMMAND } from './lintCommand';
import { COMPAT_COMMAND } from './compatCommand';
import { STACK_COMMAND } from './stackCommand';
import { CATALOG_COMMAND, CONNECTION_USAGE } from './catalogCommand';
import { SAMPLE_COMMAND } from './sampleCommand';
import { PUBLISH_COMMAND } from './publishCommand';
import { RETIRE_COMMAND } from './retireCommand';
import { EXPORT_COMMAND } from './exportCommand';
import { IMPORT_COMMAND } from './importCommand';
import { DIFF_COMMAND } from './diffCommand';
import { GRANT_COMMANDS } from './grantCommand';
import { PACKAGE_VERSION } from './packageVersion';

/** Every command, by name: a new command adds one line here; its module carries its usage and help. */
const COMMANDS: Readonly<Record<string, CliCommand>> = {
  lint: LINT_COMMAND,
  compat: COMPAT_COMMAND,
  stack: STACK_COMMAND,
  catalog: CATALOG_COMMAND,
  sample: SAMPLE_COMMAND,
  publish: PUBLISH_COMMAND,
  retire: RETIRE_COMMAND,
  export: EXPORT_COMMAND,
  import: IMPORT_COMMAND,
  diff: DIFF_COMMAND,
  ...GRANT_COMMANDS,
};

const PLANNED_COMMANDS = new Set<string>([]);

function overview(): string {
  const planned = [...PLANNED_COMMANDS].filter((name) => !(name in COMMANDS));
  return `Usage:
${Object.values(COMMANDS)
  .map((command) => `  ${command.synopsis}`)
  .join('\n')}
  datamesh --version
  datamesh COMMAND --help, datamesh help COMMAND

${planned.length > 0 ? `Commands still to come (see the README): ${planned.join(', ')}.\n\n` : ''}lint stays offline unless --bootstrap or DATAMESH_BOOTSTRAP is given; then input ports are also checked against the catalog.

${CONNECTION_USAGE}`;
}

/** `--help` or `-h` among a command's arguments (before a `--`, after which everything is a path). */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((argument) => argument === '--help' || argument === '-h');
}

/** The exit code; commands that read the disk or the network answer asynchronously. */
export function runCli(argv: string[], out: CommandOutput): number | Promise<number> {
  const [name, ...rest] = argv;
  switch (name) {
    case undefined:
      return usageError(new UsageError(`a command is needed: ${Object.keys(COMMANDS).join(', ')}`), undefined, out);
    case '--help':
    case '-h':
      out.print(overview());
      return 0;
    case '--version':
      out.print(PACKAGE_VERSION);
      return 0;
    case 'help':
      return help(rest[0], out);
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    if (PLANNED_COMMANDS.has(name)) {
      out.error(`datamesh ${name}: not available in this version yet.`);
      return 2;
    }
    return usageError(new UsageError(`unknown command ${name}`), undefined, out);
  }
  if (asksForHelp(rest)) return help(name, out);
  try {
    const code = command.run(rest, out);
    return typeof code === 'number' ? code : code.catch((error: unknown) => reportError(error, name, out));
  } catch (error) {
    return reportError(error, name, out);
  }
}

/** `datamesh help [COMMAND]`: the command's own help on standard output. */
function help(name: string | undefined, out: CommandOutput): number {
  if (name === undefined) {
    out.print(overview());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return usageError(new UsageError(`unknown command ${name}`), undefined, out);
  out.print(command.help);
  return 0;
}

/** One line for the problem and one for where the usage is: the whole usage would bury the problem. */
function usageError(error: UsageError, name: string | undefined, out: CommandOutput): number {
  const prefix = name === undefined ? 'datamesh' : `datamesh ${name}`;
  const helpCommand = name === undefined ? 'datamesh --help' : `datamesh ${name} --help`;
  out.error(`${prefix}: ${error.message}\nRun \`${helpCommand}\` for usage.`);
  return 2;
}

function reportError(error: unknown, name: string, out: CommandOutput): number {
  if (error instanceof UsageError) return usageError(error, name, out);
  out.error(`datamesh ${name}: ${error instanceof Error ? error.message : String(error)}`);
  return 2;
}

if (require.main === module) {
  void Promise.resolve(runCli(process.argv.slice(2), processOutput)).then((code) => {
    process.exitCode = code;
  });
}
