/**
 * A new data product's files: a manifest that passes every check under the default policy (for the team
 * given) and its value schema, laid out as `<domain>/<name>/`. Pure: the editor command writes the files.
 */
export interface NewProductRequest {
  domain: string;
  name: string;
  team: string;
  purpose?: string;
}

export interface NewProductFiles {
  /** Relative to the workspace folder. */
  manifestPath: string;
  manifest: string;
  schemaPath: string;
  schema: string;
}

const SEGMENT = /^[a-z][a-z0-9-]*$/;

/** Why a domain or product name cannot be used (the manifest's own pattern), or undefined when it can. */
export function invalidSegment(kind: 'domain' | 'name', value: string): string | undefined {
  if (SEGMENT.test(value)) return undefined;
  return `A ${kind === 'domain' ? 'domain' : 'product name'} starts with a lower-case letter and holds only a-z, 0-9 and '-' (for example ${kind === 'domain' ? 'sales' : 'orders'}).`;
}

export function newProductFiles(request: NewProductRequest): NewProductFiles {
  for (const kind of ['domain', 'name'] as const) {
    const problem = invalidSegment(kind, request[kind]);
    if (problem) throw new Error(problem);
  }
  const { domain, name } = request;
  const recordName = name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  const manifest = `apiVersion: datamesh/v1
kind: DataProduct
id: ${domain}.${name}
name: ${name}
domain: ${domain}
version: 0.1.0
status: draft
owner:
  team: ${JSON.stringify(request.team)}
description:
  purpose: ${JSON.stringify(request.purpose?.trim() || `The ${name} of the ${domain} domain, as events.`)}
tier: tier-2
quality: curated
outputPorts:
  - name: ${name}-events
    topic: ${domain}.${name}.v0
    partitions: 3
    key:
      format: string
    value:
      format: avro
      schema: schemas/${name}.avsc
      compatibility: BACKWARD
`;
  const schema = `${JSON.stringify(
    {
      type: 'record',
      name: `${recordName}Event`,
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
  return {
    manifestPath: `${domain}/${name}/${name}.dataproduct.yaml`,
    manifest,
    schemaPath: `${domain}/${name}/schemas/${name}.avsc`,
    schema,
  };
}
