/**
 * The publish engine, shared by the palette commands and `datamesh publish`: validate the manifest as the
 * editor does, plan against the cluster, the registry and the catalog (every action with its reason), check
 * schema compatibility and real events, then apply with progress. Idempotent (an unchanged manifest plans
 * nothing) and converging (a rerun after a failure finishes what is left, without duplicates). It prints
 * nothing: progress goes to a callback, results are plain data.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parse } from 'yaml';
import { effectiveCompatibility, type Compatibility } from '../../../../server/src/services/index';
import { describeConnectionError } from '../../kafka/connectionErrors';
import { settleWithin } from '../../kafka/withTimeout';
import type { RegistryClient } from '../../kafka/registryClient';
import { readCatalog, toProductSummary, writeCatalogRecord, type CatalogSnapshot } from '../catalog/catalogEngine';
import { DEFAULT_CATALOG_TOPIC } from '../catalog/catalogNames';
import { lintPaths } from '../lint/lintEngine';
import { SchemaCache } from '../sample/schemaCache';
import { brokerCount, readTopicState } from './clusterState';
import { findDownstream } from './downstream';
import { checkRawEvents, readLastEvents } from './eventCheck';
import { planSubject, type RegistryPort } from './schemaPlan';
import { desiredTopic, planTopic, type ManifestPort, type TopicState } from './topicPlan';
import {
  describeAction,
  type AuditEntry,
  type PlannedAction,
  type PublishFinding,
  type PublishOutcome,
  type PublishPlan,
  type PublishProgress,
  type PublishResult,
} from './publishTypes';

export const DEFAULT_VERIFY_EVENTS = 200;

/** What the engine talks to; the caller connects and closes. */
export interface PublishConnection {
  kafka: Kafka;
  /** Needed when a port has an Avro schema. */
  registry?: RegistryPort & Pick<RegistryClient, 'schemaById' | 'subjectVersionsOfId'>;
  catalogTopic?: string;
  /** Bound on reading the catalog and the events; default 30 s. */
  timeoutMs?: number;
}

export interface PublishOptions {
  manifestPath: string;
  /** The plan only: nothing is changed. */
  dryRun?: boolean;
  /** The last N events per partition to check against a new schema; 0 turns the check off. Default 200. */
  verifyEvents?: number;
  /** Events whose meaning changes (an enum symbol in use that becomes the default) do not refuse. */
  acceptEventChanges?: boolean;
  /** Who publishes, for the catalog record and the audit entry. */
  publishedBy: string;
  /** A policy file for the validation; otherwise the nearest `datamesh.policy.yaml` above the manifest. */
  policyFile?: string;
  now?: () => Date;
  onProgress?: (progress: PublishProgress) => void;
  /** Stops applying before the next step; the outcome is then `partial`, listing what was applied. */
  signal?: AbortSignal;
}

/** A problem of the request itself (no registry for Avro ports): the caller's input, not the cluster. */
export class PublishRequestError extends Error {
  constructor(
    message: string,
    /** What the front end can name its own remedy after. */
    readonly reason: 'no-registry',
  ) {
    super(message);
  }
}

class PublishCancelledError extends Error {
  constructor() {
    super('cancelled before this step');
  }
}

/** A plan with what applying it needs. */
export interface PreparedPublish {
  plan: PublishPlan;
  /** The catalog record's content, but for the schemas registered while applying. */
  record: { manifest: Record<string, unknown>; status: string; schemas: Record<string, { id: number; version: number }> };
}

interface ParsedManifest {
  id: string;
  status: string;
  outputPorts: ManifestPort[];
  inputPorts?: { product: string; port: string }[];
}

/** Validation and the plan, without changing anything. Connection errors are thrown. */
export async function preparePublish(connection: PublishConnection, options: PublishOptions): Promise<PreparedPublish> {
  const progress = options.onProgress ?? (() => undefined);
  const catalogTopic = connection.catalogTopic ?? DEFAULT_CATALOG_TOPIC;
  const manifestPath = options.manifestPath;

  progress({ kind: 'step', message: `Reading the catalog (${catalogTopic})...` });
  const catalog = await readCatalog(connection.kafka, { topic: catalogTopic, timeoutMs: connection.timeoutMs });

  progress({ kind: 'step', message: `Validating ${manifestPath}...` });
  const linted = await lintPaths({
    paths: [manifestPath],
    ...(options.policyFile !== undefined ? { policyFile: options.policyFile } : {}),
    catalog: catalog.products.map(toProductSummary),
  });
  const diagnostics = linted.filter((file) => file.diagnostics.length > 0);
  const manifestJson = parseManifest(manifestPath);
  const manifest = manifestJson as unknown as ParsedManifest;
  const productId = typeof manifest.id === 'string' ? manifest.id : '';
  const emptyPlan = (refused: boolean): PreparedPublish => ({
    plan: {
      productId,
      manifestPath,
      diagnostics,
      actions: [],
      findings: [],
      downstream: { products: [], consumerGroups: [] },
      eventCheck: { perPartition: options.verifyEvents ?? DEFAULT_VERIFY_EVENTS, checked: [] },
      refused,
    },
    record: { manifest: manifestJson, status: manifest.status, schemas: {} },
  });
  const hasErrors = diagnostics.some((file) =>
    file.diagnostics.some((diagnostic) => (diagnostic.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error),
  );
  if (hasErrors) return emptyPlan(true);

  const ports = manifest.outputPorts;
  const subjects = ports.flatMap((port) => subjectsOf(port, manifestPath));
  if (subjects.length > 0 && !connection.registry)
    throw new PublishRequestError(`${manifestPath} has Avro schemas, and the connection has no schema registry.`, 'no-registry');

  const prepared = emptyPlan(false);
  const { plan } = prepared;
  const admin = connection.kafka.admin();
  try {
    await admin.connect();
    progress({ kind: 'step', message: 'Comparing the topics with the cluster...' });
    const brokers = await brokerCount(admin);
    const states = new Map<string, TopicState>();
    for (const port of ports) {
      const state = await readTopicState(admin, port.topic);
      states.set(port.topic, state);
      const topicPlan = planTopic(desiredTopic(port), state, brokers);
      plan.actions.push(...topicPlan.actions);
      plan.findings.push(...topicPlan.findings);
    }

    const registry = connection.registry;
    const perPartition = options.verifyEvents ?? DEFAULT_VERIFY_EVENTS;
    // The subjects getting a new schema, per topic that exists: each topic's last events are read once.
    const toCheck = new Map<string, { subject: PortSubject; registeredIds: Set<number> }[]>();
    for (const subject of subjects) {
      if (!registry) break;
      progress({ kind: 'step', message: `Checking ${subject.subject} against the registry...` });
      const subjectPlan = await planSubject(registry, subject);
      plan.actions.push(...subjectPlan.actions);
      plan.findings.push(...subjectPlan.findings);
      if (subjectPlan.existing) prepared.record.schemas[subject.subject] = subjectPlan.existing;
      const registering = subjectPlan.actions.some((action) => action.kind === 'register-schema');
      if (registering && perPartition > 0 && states.get(subject.topic)?.exists) {
        const entry = { subject, registeredIds: new Set(subjectPlan.registered.map((version) => version.id)) };
        toCheck.set(subject.topic, [...(toCheck.get(subject.topic) ?? []), entry]);
      }
    }
    if (registry && toCheck.size > 0) {
      const schemas = new SchemaCache(registry);
      // The topics are read side by side (each read mostly waits for its group and its fetches); a failure is
      // kept as a value until all are awaited, so that none is an unhandled rejection.
      const reads = [...toCheck].map(([topic, entries]) => {
        progress({ kind: 'step', message: `Checking the last ${perPartition} events per partition of ${topic}...` });
        return readLastEvents(connection.kafka, topic, perPartition, connection.timeoutMs).then(
          (events) => ({ entries, events }),
          (error: unknown) => ({ entries, error }),
        );
      });
      for (const read of await Promise.all(reads)) {
        if ('error' in read) throw read.error;
        for (const { subject, registeredIds } of read.entries) {
          const checked = await checkRawEvents(read.events, {
            ...subject,
            registeredIds,
            perPartition,
            acceptChanges: options.acceptEventChanges === true,
            schemas,
          });
          plan.eventCheck.checked.push({ subject: subject.subject, topic: subject.topic, events: checked.events });
          plan.findings.push(...checked.findings);
        }
      }
    }

    const catalogAction = planCatalogRecord(catalog, productId, prepared.record, plan.actions, catalogTopic);
    if (catalogAction) plan.actions.push(catalogAction);

    const changedPorts = new Set(
      plan.actions
        .filter((action) => action.kind !== 'create-topic' && action.kind !== 'write-catalog-record')
        .map((action) => portOf(action)),
    );
    if (changedPorts.size > 0) {
      progress({ kind: 'step', message: 'Looking for downstream products and consumer groups...' });
      const { impact, groupsError } = await findDownstream(admin, {
        productId,
        manifestPath,
        ports: ports.filter((port) => changedPorts.has(port.name)),
        existingTopics: new Set([...states].filter(([, state]) => state.exists).map(([topic]) => topic)),
        catalog,
      });
      plan.downstream = impact;
      if (groupsError !== undefined) {
        plan.findings.push({
          severity: 'warning',
          code: 'downstream-incomplete',
          message: `The consumer groups reading the changed topics could not be listed: ${describeConnectionError(groupsError).message}`,
        });
      }
    }
  } finally {
    await settleWithin(admin.disconnect(), 2_000);
  }
  plan.refused = plan.findings.some((finding) => finding.severity === 'error');
  return prepared;
}

/** Applies a prepared plan (nothing when it is refused or empty). Never throws for a failed step: the outcome says. */
export async function applyPublish(
  connection: PublishConnection,
  prepared: PreparedPublish,
  options: PublishOptions,
): Promise<PublishOutcome> {
  const progress = options.onProgress ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const { plan } = prepared;
  const allIds = plan.actions.map((action) => action.id);
  const audit = (outcome: AuditEntry['outcome'], changes: string[]): AuditEntry => ({
    operation: 'publish',
    productId: plan.productId,
    by: options.publishedBy,
    at: now().toISOString(),
    outcome,
    changes,
  });
  if (plan.refused) return { status: 'refused', applied: [], notApplied: allIds, audit: audit('refused', []) };
  if (plan.actions.length === 0) return { status: 'up-to-date', applied: [], notApplied: [], audit: audit('up-to-date', []) };
  if (options.dryRun) return { status: 'dry-run', applied: [], notApplied: allIds, audit: audit('dry-run', []) };

  const schemas = { ...prepared.record.schemas };
  const applied: PlannedAction[] = [];
  // Made when a step needs it: a plan of registry steps alone never connects an admin client.
  let admin: Admin | undefined;
  let adminConnected = false;
  const adminClient = async (): Promise<Admin> => {
    admin ??= connection.kafka.admin();
    if (!adminConnected) await admin.connect();
    adminConnected = true;
    return admin;
  };
  try {
    for (const action of plan.actions) {
      progress({ kind: 'action-started', action });
      try {
        // Cancelling (the editor's progress notification) stops between steps: a step is never left half done.
        if (options.signal?.aborted) throw new PublishCancelledError();
        await applyAction(action, {
          connection,
          admin: adminClient,
          schemas,
          record: () => ({
            id: plan.productId,
            manifest: prepared.record.manifest,
            schemas,
            status: prepared.record.status,
            publishedAt: now().toISOString(),
            publishedBy: options.publishedBy,
            audit: { ...audit('applied', [...applied, action].map(describeAction)) },
          }),
        });
      } catch (error) {
        const message = error instanceof PublishCancelledError ? error.message : describeConnectionError(error).message;
        progress({ kind: 'action-failed', action, message });
        const appliedIds = applied.map((done) => done.id);
        return {
          status: 'partial',
          applied: appliedIds,
          notApplied: allIds.filter((id) => !appliedIds.includes(id)),
          failure: { action: action.id, message },
          schemas,
          audit: audit('partial', applied.map(describeAction)),
        };
      }
      applied.push(action);
      progress({ kind: 'action-done', action });
    }
  } finally {
    if (admin && adminConnected) await settleWithin(admin.disconnect(), 2_000);
  }
  return { status: 'applied', applied: allIds, notApplied: [], schemas, audit: audit('applied', applied.map(describeAction)) };
}

/** Plan, checks, then apply (unless a dry run): what `datamesh publish` and the palette's Publish do. */
export async function publish(connection: PublishConnection, options: PublishOptions): Promise<PublishResult> {
  const prepared = await preparePublish(connection, options);
  const outcome = await applyPublish(connection, prepared, options);
  return { plan: prepared.plan, outcome };
}

interface ApplyContext {
  connection: PublishConnection;
  admin: () => Promise<Admin>;
  schemas: Record<string, { id: number; version: number }>;
  record: () => Parameters<typeof writeCatalogRecord>[1];
}

async function applyAction(action: PlannedAction, context: ApplyContext): Promise<void> {
  const registry = context.connection.registry;
  switch (action.kind) {
    case 'create-topic': {
      const admin = await context.admin();
      // false when the topic exists already (another publish won the race): the state is what was asked.
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: action.topic,
            numPartitions: action.partitions,
            ...(action.replicationFactor !== undefined ? { replicationFactor: action.replicationFactor } : {}),
            configEntries: Object.entries(action.configs).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      return;
    }
    case 'alter-topic-configs': {
      const admin = await context.admin();
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: action.topic,
            configEntries: Object.entries(action.configs).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      return;
    }
    case 'add-partitions': {
      const admin = await context.admin();
      await admin.createPartitions({ validateOnly: false, topicPartitions: [{ topic: action.topic, count: action.to }] });
      return;
    }
    case 'set-compatibility':
      await requireRegistry(registry).setSubjectCompatibility(action.subject, action.to as Compatibility);
      return;
    case 'register-schema': {
      const client = requireRegistry(registry);
      await client.register(action.subject, { schema: action.schema });
      const found = await client.lookup(action.subject, { schema: action.schema });
      if (!found) throw new Error(`the registry registered ${action.schemaPath} under ${action.subject} but cannot find it again`);
      context.schemas[action.subject] = { id: found.id, version: found.version };
      return;
    }
    case 'write-catalog-record':
      await writeCatalogRecord(context.connection.kafka, context.record(), {
        topic: action.catalogTopic,
        ...(context.connection.timeoutMs !== undefined ? { timeoutMs: context.connection.timeoutMs } : {}),
      });
      return;
  }
}

function requireRegistry(registry: PublishConnection['registry']): NonNullable<PublishConnection['registry']> {
  if (!registry) throw new PublishRequestError('the connection has no schema registry', 'no-registry');
  return registry;
}

function parseManifest(path: string): Record<string, unknown> {
  // lintPaths read it already (an unreadable file is an UnreadablePathError there); YAML that does not parse
  // has a yaml-syntax error, which refuses the publish before the manifest is used.
  let value: unknown;
  try {
    value = parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export interface PortSubject {
  role: 'key' | 'value';
  port: string;
  topic: string;
  subject: string;
  schemaPath: string;
  schema: string;
  mode: Compatibility;
}

/** The subjects of a port with Avro schemas: `<topic>-key` and `<topic>-value`, under the port's mode. */
function subjectsOf(port: ManifestPort, manifestPath: string): PortSubject[] {
  const mode = effectiveCompatibility(port.value.compatibility)?.mode ?? 'BACKWARD';
  const subjects: PortSubject[] = [];
  for (const role of ['key', 'value'] as const) {
    const payload = port[role];
    if (!payload || payload.format !== 'avro' || !payload.schema) continue;
    const text = readFileSync(resolve(dirname(manifestPath), payload.schema), 'utf8');
    subjects.push({
      role,
      port: port.name,
      topic: port.topic,
      subject: `${port.topic}-${role}`,
      schemaPath: payload.schema,
      // Compact JSON: what is registered does not depend on the file's layout.
      schema: JSON.stringify(JSON.parse(text)),
      mode,
    });
  }
  return subjects;
}

/** The catalog record to write, unless the current one already holds this manifest, these schemas and status. */
function planCatalogRecord(
  catalog: CatalogSnapshot,
  productId: string,
  record: PreparedPublish['record'],
  actions: readonly PlannedAction[],
  catalogTopic: string,
): PlannedAction | undefined {
  const current = catalog.products.find((product) => product.id === productId);
  const registering = actions.some((action) => action.kind === 'register-schema');
  const reasons: string[] = [];
  if (!current) reasons.push('The product is not in the catalog yet.');
  else {
    if (!isDeepStrictEqual(current.manifest, record.manifest)) reasons.push('The manifest differs from the published one.');
    if (registering || !isDeepStrictEqual(current.schemas, record.schemas)) reasons.push('The schemas differ from the published ones.');
    if (current.status !== record.status) reasons.push(`The status changes from ${current.status} to ${record.status}.`);
  }
  if (reasons.length === 0) return undefined;
  return {
    kind: 'write-catalog-record',
    id: `write-catalog-record:${productId}`,
    productId,
    catalogTopic,
    status: record.status,
    reason: reasons.join(' '),
  };
}

function portOf(action: PlannedAction): string {
  return 'port' in action ? action.port : '';
}

export type { PublishFinding };
