/**
 * `datamesh publish` (spec §5): validation, the plan with its checks, then apply without a prompt, through
 * the publish engine the editor uses. Progress goes to standard error; standard output carries the plan and
 * the outcome, as text for people or as one JSON object.
 */
import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { severityName } from '../../../server/src/services/index';
import { DEFAULT_CATALOG_TOPIC } from '../engines/catalog/catalogNames';
import { UnreadablePathError } from '../engines/lint/lintEngine';
import { DEFAULT_VERIFY_EVENTS, publish, PublishRequestError } from '../engines/publish/publishEngine';
import { describeAction, type PublishProgress, type PublishResult } from '../engines/publish/publishTypes';
import { closeKafka } from '../kafka/kafkaClientFactory';
import { parseArguments, UsageError } from './arguments';
import { CONNECTION_FLAG_OPTIONS, CONNECTION_USAGE, CONNECTION_VALUE_OPTIONS } from './catalogCommand';
import type { CommandOutput } from './commandOutput';
import { openCommandClients } from './commandClients';
import type { CliCommand } from './cliCommand';
import { describeForCommandLine } from './connectionRemedy';

export const PUBLISH_USAGE = `datamesh publish [--dry-run] [--format text|json] [--verify-events N] [--accept-event-changes]
                  [--policy FILE] [--catalog-topic TOPIC] [--published-by NAME] [connection options] MANIFEST`;

type Env = Readonly<Record<string, string | undefined>>;

export const PUBLISH_COMMAND: CliCommand = {
  synopsis: PUBLISH_USAGE,
  help: `Usage: ${PUBLISH_USAGE}

Validates the manifest, plans against the cluster, the registry and the catalog, checks compatibility (our
engine and the registry's) and the last events of each topic, then applies without a prompt.
  --dry-run               show the plan, change nothing
  --verify-events N       events per partition the event check reads (default ${DEFAULT_VERIFY_EVENTS}; 0 turns it off)
  --accept-event-changes  publish although real events would change meaning (an enum symbol to its default)
  --policy FILE           the governance policy (default: datamesh.policy.yaml above the manifest)
  --catalog-topic TOPIC   the catalog topic (or DATAMESH_CATALOG_TOPIC)
  --published-by NAME     who publishes (or DATAMESH_PUBLISHED_BY; default: the user name)
  --format json           the plan and the outcome as one JSON object
Exit 0 done or nothing to do, 1 refused, 2 a usage error, 3 partly applied (the output lists what was).

${CONNECTION_USAGE}`,
  run: (argv, out) => runPublish(argv, out),
};

/** Exit 0 done or nothing to do, 1 refused (or no connection), 2 usage, 3 partly applied. */
export async function runPublish(argv: string[], out: CommandOutput, env: Env = process.env): Promise<number> {
  const args = parseArguments(
    argv,
    ['format', 'verify-events', 'policy', 'catalog-topic', 'published-by', ...CONNECTION_VALUE_OPTIONS],
    ['dry-run', 'accept-event-changes', ...CONNECTION_FLAG_OPTIONS],
  );
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  if (args.positionals.length !== 1)
    throw new UsageError(`publish takes one MANIFEST${args.positionals.length > 1 ? ` (got ${args.positionals.join(' ')})` : ''}`);
  const manifestPath = args.positionals[0];
  if (!existsSync(manifestPath) || !statSync(manifestPath).isFile()) throw new UsageError(`cannot read the manifest ${manifestPath}`);
  const verifyText = args.options.get('verify-events');
  if (verifyText !== undefined && !/^\d+$/.test(verifyText))
    throw new UsageError(`--verify-events must be a non-negative whole number, not ${verifyText}`);
  const verifyEvents = verifyText === undefined ? DEFAULT_VERIFY_EVENTS : Number(verifyText);
  const catalogTopic = args.options.get('catalog-topic') ?? env.DATAMESH_CATALOG_TOPIC ?? DEFAULT_CATALOG_TOPIC;
  const publishedBy = publisherName(args.options.get('published-by'), env);

  const clients = await openCommandClients('publish', args, env, out, { registry: true });
  if (typeof clients === 'number') return clients;
  const { connection, kafka, registry } = clients;

  let result: PublishResult;
  try {
    result = await publish(
      { kafka, registry, catalogTopic, timeoutMs: connection.timeoutMs },
      {
        manifestPath,
        dryRun: args.flags.has('dry-run'),
        verifyEvents,
        acceptEventChanges: args.flags.has('accept-event-changes'),
        publishedBy,
        ...(args.options.has('policy') ? { policyFile: args.options.get('policy') } : {}),
        onProgress: (progress) => out.error(`datamesh publish: ${progressLine(progress)}`),
      },
    );
  } catch (error) {
    if (error instanceof PublishRequestError) {
      out.error(`datamesh publish: ${error.message} Give one with --registry URL or DATAMESH_REGISTRY.`);
      return 2;
    }
    if (error instanceof UnreadablePathError) {
      out.error(`datamesh publish: ${error.message}`);
      return 2;
    }
    const target = `bootstrap ${connection.profile.bootstrapServers.join(',')}${registry ? ` and ${registry.url}` : ''}`;
    out.error(`datamesh publish: ${describeForCommandLine(error, { target })}`);
    return 1;
  } finally {
    closeKafka(kafka);
  }

  out.print(format === 'json' ? JSON.stringify(result, null, 2) : formatText(result));
  switch (result.outcome.status) {
    case 'refused':
      return 1;
    case 'partial':
      return 3;
    default:
      return 0;
  }
}

/** --published-by, else DATAMESH_PUBLISHED_BY, else the operating system's user name. */
export function publisherName(option: string | undefined, env: Env): string {
  if (option?.trim()) return option.trim();
  if (env.DATAMESH_PUBLISHED_BY?.trim()) return env.DATAMESH_PUBLISHED_BY.trim();
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

function progressLine(progress: PublishProgress): string {
  switch (progress.kind) {
    case 'step':
      return progress.message;
    case 'action-started':
      return `${describeAction(progress.action)}...`;
    case 'action-done':
      return `done: ${describeAction(progress.action)}`;
    case 'action-failed':
      return `FAILED: ${describeAction(progress.action)}: ${progress.message}`;
  }
}

/** The plan and the outcome for people; positions 1-based (`path:line:col`), as compilers print them. */
export function formatText(result: PublishResult): string {
  const { plan, outcome } = result;
  const lines: string[] = [];
  for (const file of plan.diagnostics) {
    for (const diagnostic of file.diagnostics) {
      const { line, character } = diagnostic.range.start;
      lines.push(
        `${file.path}:${line + 1}:${character + 1}: ${severityName(diagnostic.severity ?? DiagnosticSeverity.Error)} ${String(diagnostic.code ?? '')}: ${diagnostic.message}`,
      );
    }
  }
  if (plan.actions.length > 0) {
    lines.push(`Plan for ${plan.productId} (${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'}):`);
    for (const action of plan.actions) lines.push(`  + ${describeAction(action)}`, `      because: ${action.reason}`);
  }
  for (const finding of plan.findings) {
    const where = finding.partition !== undefined ? ` [partition ${finding.partition}, offset ${finding.offset}]` : '';
    lines.push(`${finding.accepted ? 'accepted' : finding.severity}: ${finding.code}: ${finding.message}${where}`);
  }
  if (plan.downstream.products.length > 0 || plan.downstream.consumerGroups.length > 0) {
    lines.push('Downstream:');
    for (const product of plan.downstream.products)
      lines.push(`  product ${product.id} (${product.source}${product.path ? `, ${product.path}` : ''}) reads port ${product.port}`);
    for (const group of plan.downstream.consumerGroups) lines.push(`  consumer group ${group.groupId} reads ${group.topic}`);
  }
  for (const checked of plan.eventCheck.checked)
    lines.push(`Event check: ${checked.events} events of ${checked.topic} read with the new schema.`);
  switch (outcome.status) {
    case 'refused':
      lines.push(`Refused: nothing was changed.`);
      break;
    case 'up-to-date':
      lines.push(`${plan.productId} is up to date: nothing to do.`);
      break;
    case 'dry-run':
      lines.push(`Dry run: nothing was changed.`);
      break;
    case 'applied':
      lines.push(`Published ${plan.productId} (${outcome.applied.length} action${outcome.applied.length === 1 ? '' : 's'} applied).`);
      break;
    case 'partial': {
      const byId = new Map(plan.actions.map((action) => [action.id, action]));
      lines.push(`Partly applied: ${outcome.failure?.action} failed: ${outcome.failure?.message}`);
      lines.push('Applied:', ...outcome.applied.map((id) => `  ${describeAction(byId.get(id) ?? plan.actions[0])}`));
      lines.push('Not applied:', ...outcome.notApplied.map((id) => `  ${describeAction(byId.get(id) ?? plan.actions[0])}`));
      lines.push('Run the same publish again to finish: it applies only what is missing.');
      break;
    }
  }
  return lines.join('\n');
}
