import type { CommandOutput } from './commandOutput';

/**
 * One `datamesh` command: its usage lives with its code, so a new command registers itself in main.ts
 * with one line (COMMANDS) and answers `--help` and `help COMMAND` without further wiring.
 */
export interface CliCommand {
  /** The synopsis: what `datamesh --help` lists, one or two lines starting with `datamesh NAME`. */
  synopsis: string;
  /** `datamesh NAME --help`: the synopsis, then what the options mean and the exit codes. */
  help: string;
  /** The exit code; commands that read the disk or the network answer asynchronously. Throws UsageError for bad arguments. */
  run(argv: string[], out: CommandOutput): number | Promise<number>;
}
