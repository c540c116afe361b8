/**
 * Drift (issue 12): the differences a dry-run plan finds between a manifest and the cluster, the registry and
 * the catalog, as JSON paths into the manifest with a sentence each, for the language server to show as
 * information diagnostics. Only what the manifest says and the cluster does not: a missing topic or subject,
 * the partition count, the replication factor, cleanup.policy and retention (and other configs), the
 * compatibility level and the registered schema.
 */
import type { PlannedAction, PublishPlan } from './publishTypes';

export interface DriftItem {
  path: (string | number)[];
  message: string;
}

/** Config names with a manifest field of their own; others sit under the port's `config`. */
const CONFIG_FIELDS: Record<string, string> = { 'cleanup.policy': 'cleanupPolicy', 'retention.ms': 'retention' };

/** `portNames` are the manifest's output ports in order (their index is the path's). */
export function driftItems(plan: PublishPlan, portNames: readonly string[]): DriftItem[] {
  const items: DriftItem[] = [];
  const portPath = (port: string | undefined): (string | number)[] => {
    const index = port === undefined ? -1 : portNames.indexOf(port);
    return index >= 0 ? ['outputPorts', index] : ['outputPorts'];
  };
  for (const action of plan.actions) items.push(...actionDrift(action, portPath));
  for (const finding of plan.findings) {
    if (finding.code === 'replication-differs' || finding.code === 'fewer-partitions') {
      const field = finding.code === 'replication-differs' ? 'replicationFactor' : 'partitions';
      items.push({ path: [...portPath(finding.port), field], message: finding.message });
    }
  }
  return items;
}

function actionDrift(action: PlannedAction, portPath: (port: string | undefined) => (string | number)[]): DriftItem[] {
  switch (action.kind) {
    case 'create-topic':
      return [{ path: [...portPath(action.port), 'topic'], message: `The topic ${action.topic} does not exist in the cluster.` }];
    case 'add-partitions':
      return [
        {
          path: [...portPath(action.port), 'partitions'],
          message: `${action.topic} has ${action.from} partition${action.from === 1 ? '' : 's'}, the manifest says ${action.to}.`,
        },
      ];
    case 'alter-topic-configs':
      return action.changes.map((change) => {
        const field = CONFIG_FIELDS[change.name];
        return {
          path: field ? [...portPath(action.port), field] : [...portPath(action.port), 'config', change.name],
          message: `${change.name} of ${action.topic} is ${change.from ?? "the broker's default"}, the manifest says ${change.to}.`,
        };
      });
    case 'set-compatibility':
      return [
        {
          path: [...portPath(action.port), roleOf(action.subject), 'compatibility'],
          message: `The compatibility level of ${action.subject} is ${action.from ?? "the registry's global level"}, the manifest says ${action.to}.`,
        },
      ];
    case 'register-schema':
      return [
        {
          path: [...portPath(action.port), roleOf(action.subject), 'schema'],
          message: `${action.schemaPath} is not registered under ${action.subject}. ${action.reason}`,
        },
      ];
    case 'write-catalog-record':
      return [];
  }
}

function roleOf(subject: string): 'key' | 'value' {
  return subject.endsWith('-key') ? 'key' : 'value';
}
