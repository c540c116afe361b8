/**
 * `datamesh retire` (spec §5): the final catalog record (status retired) now, the tombstone once the grace
 * period has passed, by a later retire; `--grace PT0S` writes both at once. Topics are never deleted.
 */
import { DEFAULT_CATALOG_TOPIC } from '../engines/catalog/catalogNames';
import { DEFAULT_GRACE, retireProduct, RetireRequestError, type RetireResult } from '../engines/lifecycle/retireEngine';
import { DurationError, isoDurationToMs } from '../engines/publish/isoDuration';
import { closeKafka } from '../kafka/kafkaClientFactory';
import { parseArguments, UsageError } from './arguments';
import { CONNECTION_FLAG_OPTIONS, CONNECTION_USAGE, CONNECTION_VALUE_OPTIONS } from './catalogCommand';
import type { CommandOutput } from './commandOutput';
import { openCommandClients } from './commandClients';
import type { CliCommand } from './cliCommand';
import { describeForCommandLine } from './connectionRemedy';
import { publisherName } from './publishCommand';

export const RETIRE_USAGE = `datamesh retire [--grace DURATION] [--format text|json] [--catalog-topic TOPIC] [--published-by NAME]
                  [connection options] MANIFEST|ID`;

type Env = Readonly<Record<string, string | undefined>>;

export const RETIRE_COMMAND: CliCommand = {
  synopsis: RETIRE_USAGE,
  help: `Usage: ${RETIRE_USAGE}

Writes the product's final catalog record (status retired) now, and its tombstone once the grace period has
passed, by a later retire. Topics are never deleted.
  --grace DURATION        ISO 8601 (default ${DEFAULT_GRACE}); PT0S writes the tombstone at once
  --catalog-topic TOPIC   the catalog topic (or DATAMESH_CATALOG_TOPIC)
  --published-by NAME     who retires (or DATAMESH_PUBLISHED_BY; default: the user name)
  --format json           the outcome as one JSON object
Exit 0 retired, tombstoned or still in its grace period; 1 not in the catalog or no connection; 2 a usage error.

${CONNECTION_USAGE}`,
  run: (argv, out) => runRetire(argv, out),
};

/** Exit 0 retired, tombstoned or still in its grace period; 1 not in the catalog (or no connection); 2 usage. */
export async function runRetire(argv: string[], out: CommandOutput, env: Env = process.env): Promise<number> {
  const args = parseArguments(
    argv,
    ['grace', 'format', 'catalog-topic', 'published-by', ...CONNECTION_VALUE_OPTIONS],
    CONNECTION_FLAG_OPTIONS,
  );
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  if (args.positionals.length !== 1)
    throw new UsageError(
      `retire takes one MANIFEST or product id${args.positionals.length > 1 ? ` (got ${args.positionals.join(' ')})` : ''}`,
    );
  const graceText = args.options.get('grace') ?? DEFAULT_GRACE;
  let graceMs: number;
  try {
    graceMs = isoDurationToMs(graceText);
  } catch (error) {
    if (error instanceof DurationError) throw new UsageError(`--grace: ${error.message}`);
    throw error;
  }

  const clients = await openCommandClients('retire', args, env, out);
  if (typeof clients === 'number') return clients;
  const { connection, kafka } = clients;
  let result: RetireResult;
  try {
    result = await retireProduct(kafka, {
      target: args.positionals[0],
      graceMs,
      graceText,
      retiredBy: publisherName(args.options.get('published-by'), env),
      catalogTopic: args.options.get('catalog-topic') ?? env.DATAMESH_CATALOG_TOPIC ?? DEFAULT_CATALOG_TOPIC,
      timeoutMs: connection.timeoutMs,
      onProgress: (message) => out.error(`datamesh retire: ${message}`),
    });
  } catch (error) {
    if (error instanceof RetireRequestError) {
      out.error(`datamesh retire: ${error.message}`);
      return 2;
    }
    out.error(
      `datamesh retire: ${describeForCommandLine(error, { target: `bootstrap ${connection.profile.bootstrapServers.join(',')}` })}`,
    );
    return 1;
  } finally {
    closeKafka(kafka);
  }
  if (format === 'json') out.print(JSON.stringify(result, null, 2));
  else out.print(retireText(result));
  return result.status === 'not-found' ? 1 : 0;
}

function retireText(result: RetireResult): string {
  switch (result.status) {
    case 'not-found':
      return `${result.productId} is not in the catalog: nothing to retire.`;
    case 'retired':
      return `Retired ${result.productId}: final record written; the tombstone is due at ${result.tombstoneDueAt} (run datamesh retire again then).`;
    case 'waiting':
      return `${result.productId} was retired at ${result.retiredAt}; the tombstone is due at ${result.tombstoneDueAt}.`;
    case 'tombstoned':
      return `Retired ${result.productId} and wrote its tombstone: it is no longer in the catalog. Its topics and subjects are kept.`;
  }
}
