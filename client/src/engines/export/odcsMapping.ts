/**
 * A manifest → ODCS v3.1.0 data contracts, one per output port (the mapping table is in the README,
 * Export and import). What ODCS has no field for travels as custom properties under the manifest's names.
 */
import { recordProperties } from './avroProperties';
import type { AvroSchema, ExportManifest, ManifestOutputPort, PortSchemas } from './exportTypes';
import { contractId, descriptionOf, productCustomProperties, teamOf, type CustomProperty } from './productProperties';

export const ODCS_API_VERSION = 'v3.1.0';

export interface OdcsOptions {
  /** The Kafka bootstrap servers for the `servers` block; ODCS requires a host and the manifest has none. */
  host: string;
}

export function toOdcsContracts(
  manifest: ExportManifest,
  schemas: ReadonlyMap<string, PortSchemas>,
  options: OdcsOptions,
): Record<string, unknown>[] {
  return manifest.outputPorts.map((port) => toOdcsContract(manifest, port, schemas.get(port.name) ?? {}, options));
}

function toOdcsContract(
  manifest: ExportManifest,
  port: ManifestOutputPort,
  schemas: PortSchemas,
  options: OdcsOptions,
): Record<string, unknown> {
  const description = descriptionOf(manifest);
  return {
    apiVersion: ODCS_API_VERSION,
    kind: 'DataContract',
    id: contractId(manifest.id, port.name),
    name: port.name,
    version: manifest.version,
    status: manifest.status,
    domain: manifest.domain,
    description: port.description !== undefined ? { ...description, purpose: port.description } : description,
    ...(manifest.tags && manifest.tags.length > 0 && { tags: [...manifest.tags] }),
    team: teamOf(manifest),
    servers: [{ server: port.topic, type: 'kafka', host: options.host, format: port.value.format }],
    schema: [
      ...(schemas.value !== undefined ? [schemaObject(port, 'value', schemas.value)] : []),
      ...(schemas.key !== undefined ? [schemaObject(port, 'key', schemas.key)] : []),
    ],
    ...(manifest.sla && { slaProperties: slaProperties(manifest.sla) }),
    customProperties: [
      ...productCustomProperties(manifest),
      { property: 'productName', value: manifest.name },
      ...(port.description !== undefined ? [{ property: 'productPurpose', value: manifest.description.purpose }] : []),
      ...portCustomProperties(port),
      ...(manifest.inputPorts && manifest.inputPorts.length > 0 ? [{ property: 'inputPorts', value: manifest.inputPorts }] : []),
    ],
  };
}

/** One schema object per Avro payload: the topic is its physical name, the record its name. */
function schemaObject(port: ManifestOutputPort, payload: 'key' | 'value', schema: AvroSchema): Record<string, unknown> {
  const record = typeof schema === 'object' && !Array.isArray(schema) ? schema : undefined;
  const name = typeof record?.name === 'string' ? record.name : `${port.name}-${payload}`;
  return {
    name,
    physicalName: port.topic,
    physicalType: 'topic',
    logicalType: 'object',
    ...(typeof record?.doc === 'string' && { description: record.doc }),
    properties: recordProperties(schema),
    customProperties: [
      { property: 'payload', value: payload },
      { property: 'avroSchema', value: JSON.stringify(schema) },
    ],
  };
}

/** availability, freshness (ODCS `latency`) and retention, with the manifest's values as written. */
function slaProperties(sla: NonNullable<ExportManifest['sla']>): { property: string; value: string; unit?: string }[] {
  const properties: { property: string; value: string; unit?: string }[] = [];
  if (sla.availability !== undefined) properties.push({ property: 'availability', value: sla.availability });
  if (sla.freshness !== undefined) properties.push({ property: 'latency', value: sla.freshness, unit: 'ISO 8601 duration' });
  if (sla.retention !== undefined) properties.push({ property: 'retention', value: sla.retention, unit: 'ISO 8601 duration' });
  return properties;
}

function portCustomProperties(port: ManifestOutputPort): CustomProperty[] {
  const properties: CustomProperty[] = [{ property: 'topic', value: port.topic }];
  const optional: [string, unknown][] = [
    ['partitions', port.partitions],
    ['replicationFactor', port.replicationFactor],
    ['cleanupPolicy', port.cleanupPolicy],
    ['retention', port.retention],
    ['config', port.config],
    ['key', port.key && payloadWithoutPath(port.key)],
    ['value', payloadWithoutPath(port.value)],
  ];
  for (const [property, value] of optional) if (value !== undefined) properties.push({ property, value });
  return properties;
}

/** The payload's format and compatibility; the schema itself travels in the schema block. */
function payloadWithoutPath(payload: ManifestOutputPort['value']): Record<string, string> {
  return { format: payload.format, ...(payload.compatibility !== undefined && { compatibility: payload.compatibility }) };
}
