/**
 * A new data product's files: a manifest that passes every check under the workspace's policy (topic
 * pattern, the tier's minimum compatibility and replication factor, the listed owners) and, for an Avro
 * port, its value schema, laid out as `<domain>/<name>/`. Pure: the editor command writes the files.
 */
import {
  compatibilityRank,
  DEFAULT_POLICY,
  expectedTopic,
  type Compatibility,
  type Policy,
  type Tier,
} from '../../../../server/src/services/index';

export type ValueFormat = 'avro' | 'json' | 'string';
export const VALUE_FORMATS: readonly ValueFormat[] = ['avro', 'json', 'string'];

/** A port of another product that a derived product reads (spec §1 `inputPorts`, the lineage). */
export interface InputPortRef {
  product: string;
  port: string;
}

export interface NewProductRequest {
  domain: string;
  name: string;
  team: string;
  purpose?: string;
  /** Default tier-2. */
  tier?: Tier;
  /** The first port's value format; default avro. */
  format?: ValueFormat;
  /** The policy that governs the workspace folder; default the spec's defaults. */
  policy?: Readonly<Policy>;
  inputPorts?: readonly InputPortRef[];
}

export interface NewProductFiles {
  /** Relative to the workspace folder. */
  manifestPath: string;
  manifest: string;
  /** Absent for a port whose values are not Avro. */
  schemaPath?: string;
  schema?: string;
  /** The output port's name and topic, for generated code that produces to it. */
  port: { name: string; topic: string };
}

/** The version a new product starts at; its topics carry its major (`v0`). */
export const NEW_PRODUCT_VERSION = '0.1.0';

const SEGMENT = /^[a-z][a-z0-9-]*$/;

/** Why a domain or product name cannot be used (the manifest's own pattern), or undefined when it can. */
export function invalidSegment(kind: 'domain' | 'name', value: string): string | undefined {
  if (SEGMENT.test(value)) return undefined;
  return `A ${kind === 'domain' ? 'domain' : 'product name'} starts with a lower-case letter and holds only a-z, 0-9 and '-' (for example ${kind === 'domain' ? 'sales' : 'orders'}).`;
}

/** Why the policy refuses a team as owner (its `owners` list), or undefined when it accepts it. */
export function invalidTeam(policy: Readonly<Policy>, team: string): string | undefined {
  if (!team.trim()) return 'A product needs an owning team.';
  if (policy.owners.length > 0 && !policy.owners.includes(team)) return `The policy lists the owning teams: ${policy.owners.join(', ')}.`;
  return undefined;
}

/** The value formats the policy allows: only Avro when it requires a schema. */
export function formatsAllowed(policy: Readonly<Policy>): ValueFormat[] {
  return policy.requireSchema ? ['avro'] : [...VALUE_FORMATS];
}

/** The compatibility a new port declares: the tier's minimum, and never weaker than BACKWARD (the registry's default). */
export function starterCompatibility(policy: Readonly<Policy>, tier: Tier): Compatibility {
  const minimum = policy.minCompatibility[tier];
  return compatibilityRank(minimum) >= compatibilityRank('BACKWARD') ? minimum : 'BACKWARD';
}

/** `OrderEvents` from `order-events`. */
export function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export function newProductFiles(request: NewProductRequest): NewProductFiles {
  for (const kind of ['domain', 'name'] as const) {
    const problem = invalidSegment(kind, request[kind]);
    if (problem) throw new Error(problem);
  }
  const policy = request.policy ?? DEFAULT_POLICY;
  const tier = request.tier ?? 'tier-2';
  const format = request.format ?? 'avro';
  const teamProblem = invalidTeam(policy, request.team);
  if (teamProblem) throw new Error(teamProblem);
  if (!formatsAllowed(policy).includes(format))
    throw new Error(`The policy requires a schema: the value format must be avro, not ${format}.`);
  const { domain, name } = request;
  const portName = `${name}-events`;
  // A pattern with a placeholder a new product cannot fill falls back to the spec's default pattern.
  const identity = { domain, name, version: NEW_PRODUCT_VERSION };
  const topic =
    expectedTopic(policy.topicPattern, identity, portName) ?? (expectedTopic(DEFAULT_POLICY.topicPattern, identity, portName) as string);
  const replication = policy.minReplicationFactor[tier];
  const schemaPath = format === 'avro' ? `schemas/${name}.avsc` : undefined;
  const lines = [
    'apiVersion: datamesh/v1',
    'kind: DataProduct',
    `id: ${domain}.${name}`,
    `name: ${name}`,
    `domain: ${domain}`,
    `version: ${NEW_PRODUCT_VERSION}`,
    'status: draft',
    'owner:',
    `  team: ${JSON.stringify(request.team)}`,
    'description:',
    `  purpose: ${JSON.stringify(request.purpose?.trim() || `The ${name} of the ${domain} domain, as events.`)}`,
    `tier: ${tier}`,
    'quality: curated',
    'outputPorts:',
    `  - name: ${portName}`,
    `    topic: ${JSON.stringify(topic)}`,
    '    partitions: 3',
    // Written only when the tier asks for more than one replica: otherwise the cluster's default applies.
    ...(replication > 1 ? [`    replicationFactor: ${replication}`] : []),
    '    key:',
    '      format: string',
    '    value:',
    `      format: ${format}`,
    ...(schemaPath ? [`      schema: ${schemaPath}`] : []),
    `      compatibility: ${starterCompatibility(policy, tier)}`,
  ];
  if (request.inputPorts?.length) {
    lines.push('inputPorts:');
    for (const input of request.inputPorts)
      lines.push(`  - product: ${JSON.stringify(input.product)}`, `    port: ${JSON.stringify(input.port)}`);
  }
  const files: NewProductFiles = {
    manifestPath: `${domain}/${name}/${name}.dataproduct.yaml`,
    manifest: `${lines.join('\n')}\n`,
    port: { name: portName, topic },
  };
  if (schemaPath) {
    files.schemaPath = `${domain}/${name}/${schemaPath}`;
    files.schema = `${JSON.stringify(
      {
        type: 'record',
        name: `${pascalCase(name)}Event`,
        namespace: `com.example.${domain.replace(/-/g, '_')}`,
        doc: `One event of ${domain}.${name}.`,
        fields: [
          { name: 'id', type: 'string' },
          { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
        ],
      },
      null,
      2,
    )}\n`;
  }
  return files;
}
