/**
 * The publish preview's model: the engine's plan turned into what the page shows, grouped for reading
 * (actions per topic, per schema subject and for the catalog; compatibility breaks; event findings;
 * replication and partition warnings; downstream impact; validation errors) and whether Publish is
 * offered. Pure data, shared by the host and the page's tests.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import {
  describeAction,
  type FindingCode,
  type PlannedAction,
  type PublishFinding,
  type PublishPlan,
} from '../../engines/publish/publishTypes';

export interface ActionView {
  id: string;
  summary: string;
  reason: string;
}

export interface ActionGroupView {
  kind: 'topic' | 'schema' | 'catalog';
  /** The topic, the subject or the catalog topic. */
  name: string;
  actions: ActionView[];
}

export interface FindingView {
  severity: PublishFinding['severity'];
  code: FindingCode;
  message: string;
  /** Where: subject or topic, field, version, mode, partition and offset, as the finding has them. */
  details: string[];
  accepted: boolean;
}

export interface ValidationView {
  path: string;
  /** 1-based, as editors show them. */
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

export type PlanState = 'refused' | 'up-to-date' | 'needs-acceptance' | 'ready';

export interface PlanView {
  productId: string;
  manifestPath: string;
  state: PlanState;
  /** One sentence for the top of the page. */
  headline: string;
  validation: ValidationView[];
  groups: ActionGroupView[];
  compatibility: FindingView[];
  events: FindingView[];
  replication: FindingView[];
  other: FindingView[];
  downstream: { products: string[]; consumerGroups: string[] };
  eventCheck: string[];
  /** Publish is offered (after accepting event changes when the state says so). */
  canPublish: boolean;
}

const COMPATIBILITY_CODES: ReadonlySet<FindingCode> = new Set([
  'incompatible-schema',
  'compatibility-disagreement',
  'registry-level-differs',
]);
const REPLICATION_CODES: ReadonlySet<FindingCode> = new Set(['replication-capped', 'replication-differs', 'fewer-partitions']);

export function toPlanView(plan: PublishPlan): PlanView {
  const validation = plan.diagnostics.flatMap((file) =>
    file.diagnostics.map((diagnostic): ValidationView => ({
      path: file.path,
      line: diagnostic.range.start.line + 1,
      column: diagnostic.range.start.character + 1,
      severity: severityOf(diagnostic.severity),
      code: String(diagnostic.code ?? ''),
      message: diagnostic.message,
    })),
  );
  const findings = plan.findings.map(findingView);
  const state = stateOf(plan);
  return {
    productId: plan.productId,
    manifestPath: plan.manifestPath,
    state,
    headline: headline(plan, state),
    validation,
    groups: groupActions(plan.actions),
    compatibility: findings.filter((finding) => COMPATIBILITY_CODES.has(finding.code)),
    events: findings.filter((finding) => finding.code.startsWith('event-')),
    replication: findings.filter((finding) => REPLICATION_CODES.has(finding.code)),
    other: findings.filter(
      (finding) => !COMPATIBILITY_CODES.has(finding.code) && !REPLICATION_CODES.has(finding.code) && !finding.code.startsWith('event-'),
    ),
    downstream: {
      products: plan.downstream.products.map(
        (product) =>
          `${product.id} reads port ${product.port} (${product.source === 'workspace' ? (product.path ?? 'workspace') : 'catalog'})`,
      ),
      consumerGroups: plan.downstream.consumerGroups.map((group) => `${group.groupId} reads ${group.topic}`),
    },
    eventCheck:
      plan.eventCheck.perPartition === 0
        ? ['The event check is off.']
        : plan.eventCheck.checked.map(
            (checked) =>
              `${checked.events} event${checked.events === 1 ? '' : 's'} of ${checked.topic} read with the new ${checked.subject} schema.`,
          ),
    canPublish: state === 'ready' || state === 'needs-acceptance',
  };
}

/**
 * Refused plans are refused, but for one case: the only errors are events whose meaning changes, which the
 * user may accept (the CLI's --accept-event-changes) before publishing.
 */
function stateOf(plan: PublishPlan): PlanState {
  if (plan.actions.length === 0) return plan.refused ? 'refused' : 'up-to-date';
  if (!plan.refused) return 'ready';
  const errors = plan.findings.filter((finding) => finding.severity === 'error');
  const acceptable = errors.length > 0 && errors.every((finding) => finding.code === 'event-meaning-changes' && !finding.accepted);
  return acceptable && !hasValidationErrors(plan) ? 'needs-acceptance' : 'refused';
}

function hasValidationErrors(plan: PublishPlan): boolean {
  return plan.diagnostics.some((file) =>
    file.diagnostics.some((diagnostic) => (diagnostic.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error),
  );
}

function headline(plan: PublishPlan, state: PlanState): string {
  const count = `${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'}`;
  switch (state) {
    case 'refused':
      return `Publishing ${plan.productId || plan.manifestPath} is refused: nothing will be changed until the errors below are fixed.`;
    case 'up-to-date':
      return `${plan.productId} is up to date: publishing has nothing to do.`;
    case 'needs-acceptance':
      return `Publishing ${plan.productId} takes ${count}, and changes what existing events mean: accept that before publishing.`;
    case 'ready':
      return `Publishing ${plan.productId} takes ${count}.`;
  }
}

/** Topic actions per topic, schema actions per subject, then the catalog record, in the plan's order within each. */
function groupActions(actions: readonly PlannedAction[]): ActionGroupView[] {
  const groups = new Map<string, ActionGroupView>();
  for (const action of actions) {
    const [kind, name] = groupOf(action);
    const key = `${kind}\u0000${name}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { kind, name, actions: [] }));
    group.actions.push({ id: action.id, summary: describeAction(action), reason: action.reason });
  }
  const order = { topic: 0, schema: 1, catalog: 2 };
  return [...groups.values()].sort((a, b) => order[a.kind] - order[b.kind]);
}

function groupOf(action: PlannedAction): [ActionGroupView['kind'], string] {
  switch (action.kind) {
    case 'create-topic':
    case 'alter-topic-configs':
    case 'add-partitions':
      return ['topic', action.topic];
    case 'set-compatibility':
    case 'register-schema':
      return ['schema', action.subject];
    case 'write-catalog-record':
      return ['catalog', action.catalogTopic];
  }
}

function findingView(finding: PublishFinding): FindingView {
  const details: string[] = [];
  if (finding.subject !== undefined) details.push(`subject ${finding.subject}`);
  else if (finding.topic !== undefined) details.push(`topic ${finding.topic}`);
  if (finding.port !== undefined) details.push(`port ${finding.port}`);
  if (finding.location !== undefined) details.push(`field ${finding.location}`);
  if (finding.version !== undefined) details.push(`version ${finding.version}`);
  if (finding.mode !== undefined) details.push(`mode ${finding.mode}`);
  if (finding.partition !== undefined) details.push(`partition ${finding.partition}`);
  if (finding.offset !== undefined) details.push(`offset ${finding.offset}`);
  return { severity: finding.severity, code: finding.code, message: finding.message, details, accepted: finding.accepted === true };
}

function severityOf(severity: DiagnosticSeverity | undefined): ValidationView['severity'] {
  switch (severity ?? DiagnosticSeverity.Error) {
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'information';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'error';
  }
}
