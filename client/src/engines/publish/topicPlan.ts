/**
 * The topic half of a plan, pure: what a port's topic should be (from the manifest) against what the
 * cluster has, as actions with reasons and findings. Kafka cannot shrink a topic, and a replication factor
 * above the broker count is capped (never lowered silently: a warning says so).
 */
import { isoDurationToMs } from './isoDuration';
import type { PlannedAction, PublishFinding, TopicConfigs } from './publishTypes';

/** The fields of an output port that decide its topic (a manifest that passed validation). */
export interface ManifestPort {
  name: string;
  topic: string;
  partitions?: number;
  replicationFactor?: number;
  cleanupPolicy?: string;
  retention?: string;
  config?: Record<string, unknown>;
  key?: { format: string; schema?: string };
  value: { format: string; schema?: string; compatibility?: string };
}

export interface DesiredTopic {
  port: string;
  topic: string;
  partitions: number;
  /** Absent: the cluster's default. */
  replicationFactor?: number;
  configs: TopicConfigs;
}

export type TopicState =
  | { exists: false }
  | {
      exists: true;
      partitions: number;
      replicationFactor: number;
      /** Every config's current value, whatever its source. */
      effective: TopicConfigs;
      /** The topic's own (topic-level) configs, which AlterConfigs must send again to keep. */
      overrides: TopicConfigs;
    };

/** The topic a port asks for: partitions (default 1), replication factor, and the configs it sets. */
export function desiredTopic(port: ManifestPort): DesiredTopic {
  const configs: TopicConfigs = {};
  for (const [name, value] of Object.entries(port.config ?? {})) configs[name] = String(value);
  if (port.cleanupPolicy !== undefined) configs['cleanup.policy'] = port.cleanupPolicy;
  if (port.retention !== undefined) configs['retention.ms'] = String(isoDurationToMs(port.retention));
  return {
    port: port.name,
    topic: port.topic,
    partitions: port.partitions ?? 1,
    ...(port.replicationFactor !== undefined ? { replicationFactor: port.replicationFactor } : {}),
    configs,
  };
}

/** Actions and findings for one topic; `brokers` is the cluster's broker count. */
export function planTopic(
  desired: DesiredTopic,
  state: TopicState,
  brokers: number,
): { actions: PlannedAction[]; findings: PublishFinding[] } {
  const actions: PlannedAction[] = [];
  const findings: PublishFinding[] = [];
  const where = { port: desired.port, topic: desired.topic };
  let replicationFactor = desired.replicationFactor;
  if (replicationFactor !== undefined && brokers > 0 && replicationFactor > brokers) {
    findings.push({
      severity: 'warning',
      code: 'replication-capped',
      ...where,
      message: `The manifest asks for replication factor ${replicationFactor} for ${desired.topic}, but the cluster has ${brokers} broker${brokers === 1 ? '' : 's'}: the topic gets replication factor ${brokers}.`,
    });
    replicationFactor = brokers;
  }

  if (!state.exists) {
    actions.push({
      kind: 'create-topic',
      id: `create-topic:${desired.topic}`,
      ...where,
      partitions: desired.partitions,
      ...(replicationFactor !== undefined ? { replicationFactor } : {}),
      configs: desired.configs,
      reason: `The topic of port ${desired.port} does not exist.`,
    });
    return { actions, findings };
  }

  if (desired.partitions < state.partitions) {
    findings.push({
      severity: 'error',
      code: 'fewer-partitions',
      ...where,
      message: `The manifest asks for ${desired.partitions} partition${desired.partitions === 1 ? '' : 's'} for ${desired.topic}, which has ${state.partitions}: Kafka cannot remove partitions.`,
    });
  } else if (desired.partitions > state.partitions) {
    actions.push({
      kind: 'add-partitions',
      id: `add-partitions:${desired.topic}`,
      ...where,
      from: state.partitions,
      to: desired.partitions,
      reason: `The manifest asks for ${desired.partitions} partitions; the topic has ${state.partitions}.`,
    });
  }
  if (replicationFactor !== undefined && replicationFactor !== state.replicationFactor) {
    findings.push({
      severity: 'warning',
      code: 'replication-differs',
      ...where,
      message: `${desired.topic} has replication factor ${state.replicationFactor}, the manifest asks for ${replicationFactor}: publish does not reassign replicas (use kafka-reassign-partitions).`,
    });
  }

  const changes = Object.entries(desired.configs)
    .filter(([name, value]) => state.effective[name] !== value)
    .map(([name, value]) => ({ name, from: state.effective[name] ?? null, to: value }));
  if (changes.length > 0) {
    actions.push({
      kind: 'alter-topic-configs',
      id: `alter-topic-configs:${desired.topic}`,
      ...where,
      changes,
      configs: { ...state.overrides, ...desired.configs },
      reason: `The topic's ${changes.map((change) => change.name).join(', ')} differ${changes.length === 1 ? 's' : ''} from the manifest.`,
    });
  }
  return { actions, findings };
}
