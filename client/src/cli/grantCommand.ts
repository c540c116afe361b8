/**
 * `datamesh grant` and `datamesh revoke`: self-serve read access to a product's output ports for one
 * principal (the grants engine), planned first, with --dry-run to stop at the plan.
 */
import { DEFAULT_CATALOG_TOPIC } from '../engines/catalog/catalogNames';
import {
  defaultGroupPrefix,
  describeAcl,
  grant,
  GrantClusterError,
  planGrant,
  planRevoke,
  principalProblem,
  revoke,
  type GrantPlan,
} from '../engines/grants/grantEngine';
import { GrantTargetError, resolveGrantTarget } from '../engines/grants/grantTarget';
import { closeKafka } from '../kafka/kafkaClientFactory';
import { parseArguments, UsageError } from './arguments';
import { CONNECTION_FLAG_OPTIONS, CONNECTION_USAGE, CONNECTION_VALUE_OPTIONS } from './catalogCommand';
import type { CliCommand } from './cliCommand';
import type { CommandOutput } from './commandOutput';
import { openCommandClients } from './commandClients';
import { describeForCommandLine } from './connectionRemedy';

type Env = Readonly<Record<string, string | undefined>>;
type Verb = 'grant' | 'revoke';

const usage = (verb: Verb): string =>
  `datamesh ${verb} --principal P [--group-prefix G] [--dry-run] [--format text|json] [--catalog-topic TOPIC]
                  [connection options] MANIFEST|ID`;

function command(verb: Verb): CliCommand {
  const what =
    verb === 'grant'
      ? `Creates the ACLs a consumer needs to read the product: READ and DESCRIBE on each output-port topic
(literal) and READ on the consumer groups starting with the group prefix (prefixed). ACLs already there
are not created again.`
      : `Deletes exactly the ACLs grant creates for this principal and group prefix; the principal's other ACLs stay.`;
  return {
    synopsis: usage(verb),
    help: `Usage: ${usage(verb)}

${what}
  --principal P           the principal, e.g. User:alice
  --group-prefix G        the consumer-group prefix (default: the product id and a dot, e.g. sales.orders.)
  --dry-run               print the ACLs and change nothing
  --catalog-topic TOPIC   where a product ID is looked up (or DATAMESH_CATALOG_TOPIC)
  --format json           the plan as one JSON object
MANIFEST is read from the disk; an ID is looked up in the catalog. The cluster needs an authorizer.
Exit 0 done (or nothing to do); 1 no connection, no authorizer, refused, or an unknown product; 2 a usage error.

${CONNECTION_USAGE}`,
    run: (argv, out) => runGrantCommand(verb, argv, out),
  };
}

export const GRANT_COMMAND = command('grant');
export const REVOKE_COMMAND = command('revoke');
/** Both, for main.ts's command table. */
export const GRANT_COMMANDS: Readonly<Record<Verb, CliCommand>> = { grant: GRANT_COMMAND, revoke: REVOKE_COMMAND };

export async function runGrantCommand(verb: Verb, argv: string[], out: CommandOutput, env: Env = process.env): Promise<number> {
  const args = parseArguments(
    argv,
    ['principal', 'group-prefix', 'format', 'catalog-topic', ...CONNECTION_VALUE_OPTIONS],
    ['dry-run', ...CONNECTION_FLAG_OPTIONS],
  );
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  const principal = args.options.get('principal');
  if (principal === undefined) throw new UsageError(`${verb} needs --principal (e.g. User:alice)`);
  const problem = principalProblem(principal);
  if (problem) throw new UsageError(problem);
  const groupPrefixOption = args.options.get('group-prefix');
  if (groupPrefixOption !== undefined && groupPrefixOption.trim() === '')
    throw new UsageError('--group-prefix must not be empty (that would allow every consumer group)');
  if (args.positionals.length !== 1)
    throw new UsageError(
      `${verb} takes one MANIFEST or product id${args.positionals.length > 1 ? ` (got ${args.positionals.join(' ')})` : ''}`,
    );
  const dryRun = args.flags.has('dry-run');

  const clients = await openCommandClients(verb, args, env, out);
  if (typeof clients === 'number') return clients;
  const { connection, kafka } = clients;
  const admin = kafka.admin();
  let result: GrantPlan;
  try {
    const target = await resolveGrantTarget(kafka, args.positionals[0], {
      catalogTopic: args.options.get('catalog-topic') ?? env.DATAMESH_CATALOG_TOPIC ?? DEFAULT_CATALOG_TOPIC,
      timeoutMs: connection.timeoutMs,
    });
    if (target.topics.length === 0) {
      out.error(`datamesh ${verb}: ${target.productId} has no output-port topics: there is nothing to read.`);
      return 1;
    }
    await admin.connect();
    const request = { target, principal, groupPrefix: groupPrefixOption ?? defaultGroupPrefix(target.productId) };
    if (dryRun) result = verb === 'grant' ? await planGrant(admin, request) : await planRevoke(admin, request);
    else result = verb === 'grant' ? await grant(admin, request) : await revoke(admin, request);
  } catch (error) {
    if (error instanceof GrantTargetError || error instanceof GrantClusterError) out.error(`datamesh ${verb}: ${error.message}`);
    else
      out.error(
        `datamesh ${verb}: ${describeForCommandLine(error, { target: `bootstrap ${connection.profile.bootstrapServers.join(',')}` })}`,
      );
    return 1;
  } finally {
    await admin.disconnect().catch(() => undefined);
    closeKafka(kafka);
  }
  if (format === 'json') out.print(JSON.stringify({ operation: verb, dryRun, ...result }, null, 2));
  else out.print(planText(verb, result, dryRun));
  return 0;
}

function planText(verb: Verb, plan: GrantPlan, dryRun: boolean): string {
  const done = verb === 'grant' ? (dryRun ? 'Would create' : 'Created') : dryRun ? 'Would delete' : 'Deleted';
  const head =
    plan.changes.length === 0
      ? verb === 'grant'
        ? `${plan.principal} can already read ${plan.productId} (group prefix ${plan.groupPrefix}): nothing to create.`
        : `${plan.principal} has none of the read ACLs of ${plan.productId} (group prefix ${plan.groupPrefix}): nothing to delete.`
      : `${done} ${plan.changes.length} ACL${plan.changes.length === 1 ? '' : 's'} for ${plan.principal} on ${plan.productId}:`;
  return [head, ...plan.changes.map((acl) => `  ${describeAcl(acl)}`)].join('\n');
}
