/**
 * Self-serve read access to a data product: the ACLs a consumer needs (READ and DESCRIBE on each output-port
 * topic, READ on a prefixed consumer-group pattern), planned against what the cluster already has, applied,
 * revoked exactly (never other ACLs of the principal), and listed per principal.
 */
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type Acl,
  type AclEntry,
  type AclFilter,
  type Admin,
} from 'kafkajs';
import type { GrantTarget } from './grantTarget';

/** The three admin calls grants use, so a test can stand in for the cluster. */
export type AclAdmin = Pick<Admin, 'createAcls' | 'describeAcls' | 'deleteAcls'>;

/** One ALLOW ACL in words: what `datamesh grant` prints and the editor shows. */
export interface ReadAcl {
  resourceType: 'topic' | 'group';
  resourceName: string;
  patternType: 'literal' | 'prefixed';
  principal: string;
  host: string;
  operation: 'read' | 'describe';
}

export interface GrantRequest {
  target: GrantTarget;
  /** `User:alice`. */
  principal: string;
  /** The consumer groups the principal may use: every group whose id starts with it. */
  groupPrefix: string;
}

export interface GrantPlan {
  productId: string;
  principal: string;
  groupPrefix: string;
  /** Every ACL the grant needs. */
  required: ReadAcl[];
  /** grant: the required ACLs the cluster lacks; revoke: the required ACLs the cluster has. */
  changes: ReadAcl[];
}

/** An ACL listed on one of a product's topics (any operation, allow or deny). */
export interface TopicAcl {
  topic: string;
  /** The pattern that matches the topic: the topic itself, a prefix, or `*`. */
  resourceName: string;
  patternType: string;
  host: string;
  operation: string;
  permission: string;
}

export interface PrincipalGrants {
  principal: string;
  acls: TopicAcl[];
}

/** The cluster cannot do ACLs (no authorizer), or refuses this client: no retry will help. */
export class GrantClusterError extends Error {}

const PRINCIPAL = /^[A-Za-z][A-Za-z0-9_-]*:\S+$/;

/** null when the principal is usable, else why not. */
export function principalProblem(principal: string): string | null {
  if (!PRINCIPAL.test(principal)) return `the principal must look like User:alice (a type, a colon and a name), not "${principal}"`;
  return null;
}

/**
 * The default consumer-group prefix: `<productId>.`. Per product rather than per principal, so revoking one
 * product never takes away the groups a consumer uses for another.
 */
export function defaultGroupPrefix(productId: string): string {
  return `${productId}.`;
}

/** The ACLs a consumer needs to read a product: READ and DESCRIBE per topic (literal), READ on the group prefix. */
export function requiredAcls(request: GrantRequest): ReadAcl[] {
  const acl = (
    resourceType: ReadAcl['resourceType'],
    resourceName: string,
    patternType: ReadAcl['patternType'],
    operation: ReadAcl['operation'],
  ): ReadAcl => ({ resourceType, resourceName, patternType, principal: request.principal, host: '*', operation });
  return [
    ...request.target.topics.flatMap((topic) => [acl('topic', topic, 'literal', 'read'), acl('topic', topic, 'literal', 'describe')]),
    acl('group', request.groupPrefix, 'prefixed', 'read'),
  ];
}

/** The ACLs `grant` would create: those required and not on the cluster yet (nothing is duplicated). */
export async function planGrant(admin: AclAdmin, request: GrantRequest): Promise<GrantPlan> {
  const required = requiredAcls(request);
  const present = await presentAcls(admin, required);
  return plan(request, required, (_, index) => !present[index]);
}

/** The ACLs `revoke` would delete: exactly those a grant creates that are on the cluster. */
export async function planRevoke(admin: AclAdmin, request: GrantRequest): Promise<GrantPlan> {
  const required = requiredAcls(request);
  const present = await presentAcls(admin, required);
  return plan(request, required, (_, index) => present[index]);
}

/** Creates the missing ACLs; answers the plan that was applied. */
export async function grant(admin: AclAdmin, request: GrantRequest): Promise<GrantPlan> {
  const planned = await planGrant(admin, request);
  if (planned.changes.length > 0) await clusterCall(() => admin.createAcls({ acl: planned.changes.map(toAclEntry) }));
  return planned;
}

/** Deletes exactly the ACLs a grant creates (each filter names one ACL): the principal's other ACLs stay. */
export async function revoke(admin: AclAdmin, request: GrantRequest): Promise<GrantPlan> {
  const planned = await planRevoke(admin, request);
  if (planned.changes.length > 0) {
    const response = await clusterCall(() => admin.deleteAcls({ filters: planned.changes.map(toAclEntry) }));
    const failed = response.filterResponses.find((filter) => filter.errorCode !== 0);
    if (failed) throw new GrantClusterError(`deleting an ACL failed: ${failed.errorMessage ?? `error code ${failed.errorCode}`}`);
  }
  return planned;
}

/** Every ACL that applies to the product's topics (literal, prefixed or wildcard), grouped by principal, sorted. */
export async function listGrants(admin: AclAdmin, target: Pick<GrantTarget, 'topics'>): Promise<PrincipalGrants[]> {
  const byPrincipal = new Map<string, TopicAcl[]>();
  for (const topic of target.topics) {
    const response = await clusterCall(() =>
      admin.describeAcls({
        resourceType: AclResourceTypes.TOPIC,
        resourceName: topic,
        resourcePatternType: ResourcePatternTypes.MATCH,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      }),
    );
    for (const resource of response.resources) {
      for (const acl of resource.acls) {
        const list = byPrincipal.get(acl.principal) ?? [];
        list.push({
          topic,
          resourceName: resource.resourceName,
          patternType: enumName(ResourcePatternTypes, resource.resourcePatternType),
          host: acl.host,
          operation: enumName(AclOperationTypes, acl.operation),
          permission: enumName(AclPermissionTypes, acl.permissionType),
        });
        byPrincipal.set(acl.principal, list);
      }
    }
  }
  return [...byPrincipal]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([principal, acls]) => ({
      principal,
      acls: acls.sort((a, b) => `${a.topic} ${a.operation}`.localeCompare(`${b.topic} ${b.operation}`)),
    }));
}

/** "READ on topic sales.orders.v1 (literal)". */
export function describeAcl(acl: ReadAcl): string {
  return `${acl.operation.toUpperCase()} on ${acl.resourceType} ${acl.resourceName}${acl.patternType === 'prefixed' ? '* (prefixed)' : ' (literal)'} for ${acl.principal}`;
}

function plan(request: GrantRequest, required: ReadAcl[], keep: (acl: ReadAcl, index: number) => boolean): GrantPlan {
  return {
    productId: request.target.productId,
    principal: request.principal,
    groupPrefix: request.groupPrefix,
    required,
    changes: required.filter(keep),
  };
}

/** Whether each ACL is on the cluster, asked with a filter that matches that ACL only. */
async function presentAcls(admin: AclAdmin, acls: ReadAcl[]): Promise<boolean[]> {
  const present: boolean[] = [];
  for (const acl of acls) {
    const response = await clusterCall(() => admin.describeAcls(toAclEntry(acl)));
    present.push(response.resources.some((resource) => resource.acls.length > 0));
  }
  return present;
}

function toAclEntry(acl: ReadAcl): AclEntry & AclFilter {
  const entry: Acl = {
    principal: acl.principal,
    host: acl.host,
    operation: acl.operation === 'read' ? AclOperationTypes.READ : AclOperationTypes.DESCRIBE,
    permissionType: AclPermissionTypes.ALLOW,
  };
  return {
    ...entry,
    resourceType: acl.resourceType === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
    resourceName: acl.resourceName,
    resourcePatternType: acl.patternType === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
  };
}

/** kafkajs's enums are plain objects at run time (no reverse mapping): the name of a value. */
function enumName(values: Readonly<Record<string, string | number>>, value: number): string {
  return Object.entries(values).find(([, entry]) => entry === value)?.[0] ?? String(value);
}

/** Turns the errors no retry fixes into a GrantClusterError with a clear message; others pass through. */
async function clusterCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const type = errorType(error);
    if (type === 'SECURITY_DISABLED')
      throw new GrantClusterError(
        'the cluster has no authorizer (SECURITY_DISABLED): it keeps no ACLs, so every client can already read every topic. Configure authorizer.class.name on the brokers to use grants.',
      );
    if (type === 'CLUSTER_AUTHORIZATION_FAILED')
      throw new GrantClusterError(
        'the cluster refused to read or change ACLs (CLUSTER_AUTHORIZATION_FAILED): connect as a principal allowed to ALTER and DESCRIBE the cluster (e.g. a super user).',
      );
    throw error;
  }
}

/** The Kafka error type of an error or of the error it wraps (kafkajs wraps retried failures). */
function errorType(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const record = current as { type?: unknown; originalError?: unknown; cause?: unknown };
    if (typeof record.type === 'string' && record.type !== 'UNKNOWN') return record.type;
    current = record.originalError ?? record.cause;
  }
  return undefined;
}
