/**
 * The schema half of a plan, for one subject: is the schema already registered (then nothing to do), is it
 * compatible with the versions the mode requires (our engine and the registry's own check, both asked), and
 * does the subject's compatibility level need setting.
 */
import { checkSchemaCompatibility, versionsUsed, type Compatibility } from '../../../../server/src/services/index';
import { RegistryHttpError } from '../../kafka/connectionErrors';
import type { RegistryClient, SubjectVersion } from '../../kafka/registryClient';
import type { PlannedAction, PublishFinding } from './publishTypes';

export interface SubjectRequest {
  port: string;
  topic: string;
  subject: string;
  /** As the manifest writes it, for messages. */
  schemaPath: string;
  /** The schema as it is registered: the file's JSON, compact. */
  schema: string;
  mode: Compatibility;
}

export interface SubjectPlan {
  actions: PlannedAction[];
  findings: PublishFinding[];
  /** The version already registered for this exact schema, when there is one. */
  existing?: { id: number; version: number };
  /** Every registered version of the subject, newest first. */
  registered: SubjectVersion[];
}

export type RegistryPort = Pick<
  RegistryClient,
  | 'versions'
  | 'version'
  | 'lookup'
  | 'subjectCompatibility'
  | 'globalCompatibility'
  | 'checkCompatibility'
  | 'register'
  | 'setSubjectCompatibility'
>;

export async function registeredVersions(registry: RegistryPort, subject: string): Promise<SubjectVersion[]> {
  let numbers: number[];
  try {
    numbers = await registry.versions(subject);
  } catch (error) {
    if (error instanceof RegistryHttpError && error.status === 404) return [];
    throw error;
  }
  const versions = await Promise.all(numbers.map((number) => registry.version(subject, number)));
  return versions.sort((a, b) => b.version - a.version);
}

export async function planSubject(registry: RegistryPort, request: SubjectRequest): Promise<SubjectPlan> {
  const { subject, mode, port, topic } = request;
  const where = { port, topic, subject };
  const actions: PlannedAction[] = [];
  const findings: PublishFinding[] = [];
  const registered = await registeredVersions(registry, subject);
  const found = registered.length > 0 ? await registry.lookup(subject, { schema: request.schema }) : undefined;
  const ownLevel = await registry.subjectCompatibility(subject);

  if (ownLevel !== mode) {
    actions.push({
      kind: 'set-compatibility',
      id: `set-compatibility:${subject}`,
      port,
      subject,
      from: ownLevel ?? null,
      to: mode,
      reason: ownLevel
        ? `The subject's level is ${ownLevel}; the port's compatibility is ${mode}.`
        : `The subject has no level of its own; the port's compatibility is ${mode}.`,
    });
  }
  if (found) return { actions, findings, existing: { id: found.id, version: found.version }, registered };

  actions.push({
    kind: 'register-schema',
    id: `register-schema:${subject}`,
    port,
    subject,
    schemaPath: request.schemaPath,
    schema: request.schema,
    reason:
      registered.length === 0
        ? `The subject has no versions yet.`
        : `${request.schemaPath} is not registered under ${subject} (latest: version ${registered[0].version}).`,
  });
  if (registered.length === 0 || mode === 'NONE') return { actions, findings, registered };

  // Our engine, against the versions the mode requires (newest first).
  const used = registered.slice(0, versionsUsed(mode, registered.length));
  const labelVersion = new Map(used.map((version) => [`${subject} version ${version.version}`, version.version]));
  const outcome = checkSchemaCompatibility(
    mode,
    { label: request.schemaPath, text: request.schema },
    used.map((version) => ({ label: `${subject} version ${version.version}`, text: version.schema })),
  );
  let oursCompatible: boolean | undefined;
  if (outcome.kind === 'invalid') {
    findings.push({
      severity: 'warning',
      ...where,
      code: 'compatibility-disagreement',
      message: `Our compatibility engine could not read ${outcome.invalid.map((invalid) => invalid.label).join(', ')}; only the registry's verdict counts.`,
    });
  } else {
    oursCompatible = outcome.report.compatible;
    for (const finding of outcome.report.incompatibilities) {
      const version = labelVersion.get(finding.reader) ?? labelVersion.get(finding.writer);
      findings.push({
        severity: 'error',
        code: 'incompatible-schema',
        ...where,
        location: finding.location,
        ...(version !== undefined ? { version } : {}),
        mode,
        message: `${mode}: ${finding.message} (${request.schemaPath} at ${finding.location || '/'}, against version ${version ?? '?'} of ${subject}; reader ${finding.reader}, writer ${finding.writer}).`,
      });
    }
  }

  // The registry's own check, which uses the subject's level as it is now.
  const registryLevel = ownLevel ?? (await registry.globalCompatibility());
  const asked = mode.endsWith('_TRANSITIVE') ? used.map((version) => version.version) : (['latest'] as const);
  const verdicts = await Promise.all(asked.map((version) => registry.checkCompatibility(subject, { schema: request.schema }, version)));
  const registryCompatible = verdicts.every((verdict) => verdict.compatible);
  if (registryLevel !== mode) {
    findings.push({
      severity: 'information',
      code: 'registry-level-differs',
      ...where,
      mode,
      message: `The registry checked ${subject} under its current level ${registryLevel} (${registryCompatible ? 'compatible' : 'incompatible'}); publish sets ${mode} before registering, and our engine checked under ${mode}.`,
    });
  } else if (oursCompatible !== undefined && oursCompatible !== registryCompatible) {
    const messages = verdicts.flatMap((verdict) => verdict.messages);
    findings.push({
      severity: registryCompatible ? 'warning' : 'error',
      code: 'compatibility-disagreement',
      ...where,
      mode,
      message: `Our engine finds ${request.schemaPath} ${oursCompatible ? 'compatible' : 'incompatible'} under ${mode}, the registry finds it ${registryCompatible ? 'compatible' : 'incompatible'}${messages.length > 0 ? ` (${messages.join('; ')})` : ''}.`,
    });
  }
  return { actions, findings, registered };
}
