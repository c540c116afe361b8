// `datamesh compat --subject`: a new schema against the versions a schema registry holds for a subject, under
// the subject's compatibility level (its own, else the global one) unless the caller names a mode.
import {
  checkSchemaCompatibility,
  COMPATIBILITY_MODES,
  versionsUsed,
  type Compatibility,
  type CompatOutcome,
  type SchemaSource,
} from '../../../../server/src/services/index';
import { RegistryHttpError } from '../../kafka/connectionErrors';
import type { RegistryClient } from '../../kafka/registryClient';
import { readSchemaFile } from './compatEngine';

const SUBJECT_NOT_FOUND = 40401;

/** The registry calls the check makes. */
export type SubjectRegistry = Pick<RegistryClient, 'versions' | 'version' | 'subjectCompatibility' | 'globalCompatibility'>;

/** The registry answered, but with something the check cannot use (a non-Avro subject, an unknown level). */
export class UnusableSubjectError extends Error {}

export interface SubjectCompatRequest {
  subject: string;
  nextPath: string;
  /** Overrides the registry's level. */
  mode?: Compatibility;
}

export interface SubjectCompatResult {
  outcome: CompatOutcome;
  mode: Compatibility;
  /** Where the mode came from: the caller, the subject's own level, or the registry's global level. */
  modeSource: 'option' | 'subject' | 'global';
  /** Every version the registry holds, newest first (none for a subject it does not know). */
  versions: number[];
  /** The labels of the versions the mode compared against, newest first: `SUBJECT@vN`. */
  used: string[];
}

/** The label of a registry version in findings: `SUBJECT@vN`, as reader or writer. */
export function versionLabel(subject: string, version: number): string {
  return `${subject}@v${version}`;
}

/**
 * Reads NEW (UnreadableSchemaError), asks the registry for the mode when none is given and for the versions
 * the mode uses (newest first, as "the first OLD" of the file form), then checks. Registry and network
 * failures are let out for the caller to describe.
 */
export async function checkAgainstSubject(request: SubjectCompatRequest, registry: SubjectRegistry): Promise<SubjectCompatResult> {
  const next = readSchemaFile(request.nextPath);
  const { mode, modeSource } = request.mode
    ? { mode: request.mode, modeSource: 'option' as const }
    : await registryMode(request.subject, registry);

  let versions: number[];
  try {
    versions = await registry.versions(request.subject);
  } catch (error) {
    // A subject the registry does not know (Confluent's 40401) has no versions yet: the first registration is
    // always accepted. Any other 404 is a wrong registry URL, not an empty subject.
    if (error instanceof RegistryHttpError && error.status === 404 && error.errorCode === SUBJECT_NOT_FOUND) versions = [];
    else throw error;
  }
  versions = [...versions].sort((a, b) => b - a);
  const wanted = versions.slice(0, versionsUsed(mode, versions.length));
  const previous: SchemaSource[] = await Promise.all(
    wanted.map(async (number) => {
      const registered = await registry.version(request.subject, number);
      if (registered.schemaType !== 'AVRO') {
        throw new UnusableSubjectError(
          `${versionLabel(request.subject, number)} is a ${registered.schemaType} schema; datamesh compat checks Avro schemas only`,
        );
      }
      return { label: versionLabel(request.subject, number), text: registered.schema };
    }),
  );
  return {
    outcome: checkSchemaCompatibility(mode, next, previous),
    mode,
    modeSource,
    versions,
    used: previous.map((source) => source.label),
  };
}

async function registryMode(
  subject: string,
  registry: SubjectRegistry,
): Promise<{ mode: Compatibility; modeSource: 'subject' | 'global' }> {
  const own = await registry.subjectCompatibility(subject);
  const level = own ?? (await registry.globalCompatibility());
  const mode = String(level).toUpperCase();
  if (!(COMPATIBILITY_MODES as readonly string[]).includes(mode)) {
    throw new UnusableSubjectError(
      `the registry's compatibility level for ${subject} is ${String(level)}, which datamesh does not know; pass --mode`,
    );
  }
  return { mode: mode as Compatibility, modeSource: own ? 'subject' : 'global' };
}
