// The clients a command that talks to Kafka opens from its connection options: the same steps and exit codes
// for every such command. No connection to be had is exit 1; options that cannot be used (an unreadable TLS
// file and the like) are the user's input, not the network: exit 2.
import type { Kafka } from 'kafkajs';
import { createKafka } from '../kafka/kafkaClientFactory';
import { createRegistryClient, type RegistryClient } from '../kafka/registryClient';
import type { ParsedArguments } from './arguments';
import { cliLogger, connectionFromArguments, type CliConnection } from './catalogCommand';
import type { CommandOutput } from './commandOutput';

type Env = Readonly<Record<string, string | undefined>>;

export interface CommandClients {
  connection: CliConnection;
  kafka: Kafka;
  /** Only when asked for, and only when the connection names a registry. */
  registry?: RegistryClient;
}

/** The clients, or the exit code after the reason went to standard error as `datamesh COMMAND: …`. */
export async function openCommandClients(
  command: string,
  args: ParsedArguments,
  env: Env,
  out: CommandOutput,
  options: { registry?: boolean } = {},
): Promise<CommandClients | number> {
  const connection = await connectionFromArguments(args, env);
  if ('error' in connection) {
    out.error(`datamesh ${command}: ${connection.error}`);
    return 1;
  }
  try {
    const kafka = await createKafka(connection.profile, connection.secrets, {
      logger: cliLogger(out),
      kafkaLogLevel: env.DATAMESH_DEBUG ? 'debug' : 'none',
    });
    const registry = options.registry ? await createRegistryClient(connection.profile, connection.secrets) : undefined;
    return { connection, kafka, ...(registry ? { registry } : {}) };
  } catch (error) {
    out.error(`datamesh ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}
