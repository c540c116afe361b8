// The catalog for the commands that stay offline unless a connection is given explicitly (spec §5: lint and
// diff): read only with --bootstrap or DATAMESH_BOOTSTRAP, never from a running local stack.
import { readCatalog, toProductSummary, type CatalogProduct } from '../engines/catalog/catalogEngine';
import { DEFAULT_CATALOG_TOPIC } from '../engines/catalog/catalogNames';
import { describeForCommandLine } from './connectionRemedy';
import { closeKafka, createKafka } from '../kafka/kafkaClientFactory';
import type { ProductSummary } from '../../../server/src/services/index';
import { UsageError, type ParsedArguments } from './arguments';
import { cliLogger, connectionFromArguments, CONNECTION_FLAG_OPTIONS, CONNECTION_VALUE_OPTIONS } from './catalogCommand';
import type { CommandOutput } from './commandOutput';

type Env = Readonly<Record<string, string | undefined>>;

/** The options an offline-first command takes besides its own: the catalog topic and the connection. */
export const EXPLICIT_CATALOG_VALUE_OPTIONS = ['catalog-topic', ...CONNECTION_VALUE_OPTIONS] as const;
export const EXPLICIT_CATALOG_FLAG_OPTIONS = CONNECTION_FLAG_OPTIONS;

/**
 * The published products, when the command line or the environment names the brokers; undefined when it
 * does not (the command then works offline). A catalog that cannot be read is a warning on standard error,
 * not a failure: the command goes on offline. Connection options without brokers are a usage error.
 */
export async function explicitCatalog(
  command: string,
  args: ParsedArguments,
  env: Env,
  out: CommandOutput,
): Promise<ProductSummary[] | undefined> {
  const products = await explicitCatalogProducts(command, args, env, out, 'input ports are checked against the workspace alone');
  return products?.map(toProductSummary);
}

/** explicitCatalog's products as published (whole manifests); `fallback` says what the command does without them. */
export async function explicitCatalogProducts(
  command: string,
  args: ParsedArguments,
  env: Env,
  out: CommandOutput,
  fallback: string,
): Promise<CatalogProduct[] | undefined> {
  const bootstrap = args.options.get('bootstrap') ?? env.DATAMESH_BOOTSTRAP;
  if (bootstrap === undefined || bootstrap.trim() === '') {
    const given = [...EXPLICIT_CATALOG_VALUE_OPTIONS, ...EXPLICIT_CATALOG_FLAG_OPTIONS].filter(
      (name) => args.options.has(name) || args.flags.has(name),
    );
    if (given.length > 0) {
      throw new UsageError(
        `--${given[0]} needs --bootstrap HOST:PORT (or DATAMESH_BOOTSTRAP): ${command} reads the catalog only from a connection given explicitly`,
      );
    }
    return undefined;
  }
  const connection = await connectionFromArguments(args, env);
  const offline = (reason: string) => {
    out.error(`datamesh ${command}: warning: the catalog could not be read, so ${fallback}: ${reason}`);
    return undefined;
  };
  if ('error' in connection) return offline(connection.error);
  let kafka;
  try {
    kafka = await createKafka(connection.profile, connection.secrets, {
      logger: cliLogger(out),
      kafkaLogLevel: env.DATAMESH_DEBUG ? 'debug' : 'none',
    });
  } catch (error) {
    return offline(error instanceof Error ? error.message : String(error));
  }
  try {
    const topic = args.options.get('catalog-topic') ?? env.DATAMESH_CATALOG_TOPIC ?? DEFAULT_CATALOG_TOPIC;
    const snapshot = await readCatalog(kafka, { topic, timeoutMs: connection.timeoutMs });
    return snapshot.products;
  } catch (error) {
    return offline(describeForCommandLine(error, { target: `bootstrap ${connection.profile.bootstrapServers.join(',')}` }));
  } finally {
    closeKafka(kafka);
  }
}
