import { parseArguments, UsageError } from './arguments';
import type { CliCommand } from './cliCommand';
import type { CommandOutput } from './commandOutput';
import { LocalStack, type StackStatus } from '../engines/stack/localStack';
import { ensureArtifacts } from '../engines/stack/stackArtifacts';
import { defaultCliStackDir, defaultToolsDir } from '../engines/stack/stackPaths';
import { findJavas, javaHomeOf } from '../engines/stack/stackPrerequisites';

export const STACK_USAGE = 'datamesh stack up|down|status|fetch [--format text|json] [--broker-port N] [--registry-port N]';

export const STACK_COMMAND: CliCommand = {
  synopsis: STACK_USAGE,
  help: `Usage: ${STACK_USAGE}

The embedded local Kafka broker and schema registry (no Docker; needs Maven, Java 17+ and Java 21+ for the registry).
  up        start both (on free ports, or --broker-port / --registry-port) and return once both answer
  status    print whether it runs, with its bootstrap and registry addresses
  down      stop what up started
  fetch     only download the artifacts into the tools cache
  --format json   {"running":bool,"bootstrap":"127.0.0.1:PORT","registry":"http://127.0.0.1:PORT/apis/ccompat/v7"}
Data and logs live in DATAMESH_STACK_DIR (default ~/.cache/kafka-data-mesh/stack).
Exit 0 done (also status of a stopped stack), 1 the stack cannot be started or stopped, 2 a usage error.`,
  run: (argv, out) => runStack(argv, out),
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `datamesh stack`: the local Kafka broker and schema registry. Progress goes to stderr, the status to stdout.
 * Exit 0 on success (also `status` of a stopped stack), 1 when the stack cannot be started or stopped, 2 on usage errors.
 */
export async function runStack(argv: string[], out: CommandOutput, env: Env = process.env): Promise<number> {
  const args = parseArguments(argv, ['format', 'broker-port', 'registry-port']);
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  if (args.positionals.length !== 1) throw new UsageError('stack needs exactly one of up, down, status, fetch');
  const action = args.positionals[0];
  const brokerPort = portOption(args.options.get('broker-port'), 'broker-port');
  const registryPort = portOption(args.options.get('registry-port'), 'registry-port');
  if (action !== 'up' && (brokerPort !== undefined || registryPort !== undefined))
    throw new UsageError('--broker-port and --registry-port go with stack up');

  const progress = (line: string) => out.error(`datamesh stack: ${line}`);
  const toolsDir = defaultToolsDir(env);
  const stack = new LocalStack(defaultCliStackDir(env), toolsDir, progress, { env, brokerPort, registryPort });
  try {
    switch (action) {
      case 'up': {
        // The JVMs run in their own process groups, so Ctrl-C would leave them behind: stop them instead.
        const abort = new AbortController();
        const onSignal = () => abort.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          const result = await stack.up(abort.signal);
          printStatus({ running: true, bootstrap: result.bootstrap, registry: result.registry }, format, out);
        } finally {
          process.removeListener('SIGINT', onSignal);
          process.removeListener('SIGTERM', onSignal);
        }
        return 0;
      }
      case 'status':
        printStatus(await stack.status(), format, out);
        return 0;
      case 'down': {
        const stopped = await stack.down();
        if (format === 'json') out.print(JSON.stringify({ running: false }));
        else out.print(stopped ? 'Local stack stopped.' : 'Local stack was not running.');
        return 0;
      }
      case 'fetch': {
        // Downloads the artifacts only (CI pre-fetch: .ci/install-kafka-stack.sh). Maven runs on the first Java found,
        // which may be the tools folder's JDK on a machine with no Java of its own.
        const [java] = await findJavas({ env, toolsDir });
        const artifacts = await ensureArtifacts(toolsDir, progress, { env, javaHome: java ? javaHomeOf(java) : undefined });
        if (format === 'json') out.print(JSON.stringify({ toolsDir, kafka: artifacts.kafka, registry: artifacts.registry }));
        else out.print(toolsDir);
        return 0;
      }
      default:
        throw new UsageError(`unknown stack action ${action}: expected up, down, status or fetch`);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // StackError and PrerequisiteError carry messages written for the user; others are shown as they are.
    out.error(`datamesh stack ${action}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function printStatus(status: StackStatus, format: string, out: CommandOutput): void {
  if (format === 'json') {
    out.print(
      JSON.stringify(status.running ? { running: true, bootstrap: status.bootstrap, registry: status.registry } : { running: false }),
    );
  } else if (status.running) {
    out.print(`Local stack running\n  bootstrap: ${status.bootstrap}\n  registry:  ${status.registry}`);
  } else {
    out.print('Local stack not running.');
  }
}

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--${name} must be a port number (1-65535), not ${value}`);
  return port;
}
