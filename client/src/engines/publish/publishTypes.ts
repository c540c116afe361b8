/**
 * The publish engine's data: what a publish would do (the plan: actions with reasons, findings, downstream
 * impact) and what it did (the outcome, with its audit entry). Plain data in and out, so that the palette
 * commands and `datamesh publish` draw the same plan, and `--format json` prints it as it is.
 */
import type { Diagnostic } from 'vscode-languageserver-types';

/** A topic config the manifest sets: its name and value as Kafka takes it. */
export type TopicConfigs = Record<string, string>;

export type PlannedAction =
  | {
      kind: 'create-topic';
      id: string;
      port: string;
      topic: string;
      partitions: number;
      /** Absent: the cluster's default. */
      replicationFactor?: number;
      configs: TopicConfigs;
      reason: string;
    }
  | {
      kind: 'alter-topic-configs';
      id: string;
      port: string;
      topic: string;
      changes: { name: string; from: string | null; to: string }[];
      /** Every topic-level config the topic keeps afterwards (AlterConfigs replaces the whole set). */
      configs: TopicConfigs;
      reason: string;
    }
  | { kind: 'add-partitions'; id: string; port: string; topic: string; from: number; to: number; reason: string }
  | { kind: 'set-compatibility'; id: string; port: string; subject: string; from: string | null; to: string; reason: string }
  | { kind: 'register-schema'; id: string; port: string; subject: string; schemaPath: string; schema: string; reason: string }
  | { kind: 'write-catalog-record'; id: string; productId: string; catalogTopic: string; status: string; reason: string };

export type ActionKind = PlannedAction['kind'];

export type FindingCode =
  | 'replication-capped'
  | 'replication-differs'
  | 'fewer-partitions'
  | 'incompatible-schema'
  | 'compatibility-disagreement'
  | 'registry-level-differs'
  | 'event-not-wire-format'
  | 'event-unknown-writer'
  | 'event-unresolvable'
  | 'event-meaning-changes'
  | 'downstream-incomplete';

/** Something the plan found: errors refuse the publish (unless accepted), warnings and information do not. */
export interface PublishFinding {
  severity: 'error' | 'warning' | 'information';
  code: FindingCode;
  message: string;
  port?: string;
  topic?: string;
  subject?: string;
  /** A compatibility break: where in the new (reader) schema, against which registered version, under which mode. */
  location?: string;
  version?: number;
  mode?: string;
  /** An event finding: where the event is. */
  partition?: number;
  offset?: string;
  /** An event whose meaning changes, accepted with `--accept-event-changes`: shown, but it does not refuse. */
  accepted?: boolean;
}

/** The diagnostics of one file, as `datamesh lint` reports them (0-based positions). */
export interface FileDiagnostics {
  path: string;
  diagnostics: Diagnostic[];
}

export interface DownstreamImpact {
  /** Products whose input ports read a port that changes. */
  products: { id: string; source: 'workspace' | 'catalog'; port: string; path?: string }[];
  /** Consumer groups with committed offsets on a topic that changes. */
  consumerGroups: { groupId: string; topic: string }[];
}

export interface EventCheckSummary {
  /** The last N events per partition that were read (0: the check was turned off). */
  perPartition: number;
  /** How many events were checked, per subject. */
  checked: { subject: string; topic: string; events: number }[];
}

export interface PublishPlan {
  productId: string;
  manifestPath: string;
  /** The validation's diagnostics, as the editor shows them; an error refuses the publish. */
  diagnostics: FileDiagnostics[];
  /** In the order they are applied. */
  actions: PlannedAction[];
  findings: PublishFinding[];
  downstream: DownstreamImpact;
  eventCheck: EventCheckSummary;
  /** True when a diagnostic or a finding refuses the publish: nothing is applied. */
  refused: boolean;
}

export type PublishStatus = 'refused' | 'up-to-date' | 'dry-run' | 'applied' | 'partial';

/** Who did what and when, with the outcome: part of the result, and stored in the catalog record as `audit`. */
export interface AuditEntry {
  operation: 'publish' | 'retire';
  productId: string;
  by: string;
  at: string;
  outcome: PublishStatus | 'retired' | 'tombstoned';
  /** One line per applied action. */
  changes: string[];
}

export interface PublishOutcome {
  status: PublishStatus;
  /** Ids of the actions applied, in order. */
  applied: string[];
  /** Ids of the actions not applied (after a failure, or all of them when refused or in a dry run). */
  notApplied: string[];
  failure?: { action: string; message: string };
  /** The subjects' ids and versions the catalog record holds, once written. */
  schemas?: Record<string, { id: number; version: number }>;
  audit: AuditEntry;
}

export interface PublishResult {
  plan: PublishPlan;
  outcome: PublishOutcome;
}

/** Progress for people: the CLI prints it on standard error, the editor in a progress notification. */
export type PublishProgress =
  | { kind: 'step'; message: string }
  | { kind: 'action-started'; action: PlannedAction }
  | { kind: 'action-done'; action: PlannedAction }
  | { kind: 'action-failed'; action: PlannedAction; message: string };

/** One line for an action, for progress and the audit entry. */
export function describeAction(action: PlannedAction): string {
  switch (action.kind) {
    case 'create-topic':
      return `create topic ${action.topic} (${action.partitions} partition${action.partitions === 1 ? '' : 's'}, replication factor ${action.replicationFactor ?? "the cluster's default"}${
        Object.keys(action.configs).length > 0
          ? `, ${Object.entries(action.configs)
              .map(([name, value]) => `${name}=${value}`)
              .join(', ')}`
          : ''
      })`;
    case 'alter-topic-configs':
      return `alter configs of ${action.topic}: ${action.changes.map((change) => `${change.name} ${change.from ?? '(default)'} -> ${change.to}`).join(', ')}`;
    case 'add-partitions':
      return `add partitions to ${action.topic}: ${action.from} -> ${action.to}`;
    case 'set-compatibility':
      return `set the compatibility level of ${action.subject}: ${action.from ?? '(global)'} -> ${action.to}`;
    case 'register-schema':
      return `register ${action.schemaPath} under ${action.subject}`;
    case 'write-catalog-record':
      return `write the catalog record of ${action.productId} (status ${action.status}) to ${action.catalogTopic}`;
  }
}
