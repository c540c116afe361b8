/**
 * ODCS v3 data contracts (YAML, one document per port) → a data-product manifest and its Avro schemas.
 * Pure: it takes the contract text and answers file names and texts; the caller writes them. What the
 * export put in custom properties (tier, quality, topic, partitions, …) comes back as written; a foreign
 * contract gets the defaults documented in the README (Export and import).
 */
import { parseAllDocuments, stringify } from 'yaml';
import { avroFromProperties, type ImportedProperty } from './avroFromOdcs';

export interface ImportedFile {
  /** Relative to the folder the manifest goes to. */
  path: string;
  text: string;
}

export interface OdcsImport {
  manifest: ImportedFile;
  schemas: ImportedFile[];
}

export class OdcsImportError extends Error {}

type Json = Record<string, unknown>;

const STATUSES = ['draft', 'active', 'deprecated', 'retired'];
const TIERS = ['tier-1', 'tier-2', 'tier-3'];
const QUALITIES = ['authoritative', 'curated', 'raw'];
const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export function importOdcs(text: string): OdcsImport {
  const documents = parseAllDocuments(text);
  const contracts: Json[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    if (document.errors.length > 0) throw new OdcsImportError(`the contract is not valid YAML: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isRecord(value) || value.kind !== 'DataContract') throw new OdcsImportError('each YAML document must be an ODCS DataContract');
    if (typeof value.apiVersion !== 'string' || !/^v3\./.test(value.apiVersion)) {
      throw new OdcsImportError(`only ODCS v3 contracts are imported, not apiVersion ${String(value.apiVersion)}`);
    }
    contracts.push(value);
  }
  if (contracts.length === 0) throw new OdcsImportError('the file holds no ODCS DataContract');

  const first = contracts[0];
  const custom = customProperties(first);
  const domain = nameLike(custom.get('dataProductId')?.toString().split('.')[0] ?? first.domain, 'imported');
  const name = nameLike(custom.get('productName') ?? productNameOf(custom.get('dataProductId')) ?? first.name, 'product');
  const version = typeof first.version === 'string' && SEMVER.test(first.version) ? first.version : '1.0.0';
  const containsPii = custom.get('containsPii') === true || contracts.some((contract) => hasPiiProperty(contract));
  const tier = oneOf(custom.get('tier'), TIERS) ?? (containsPii ? 'tier-2' : 'tier-3');
  const description = isRecord(first.description) ? first.description : {};
  const purpose =
    stringOf(custom.get('productPurpose')) ?? stringOf(description.purpose) ?? `Imported from the ODCS contract ${String(first.id)}.`;

  const schemas: ImportedFile[] = [];
  const outputPorts = contracts.map((contract) => portOf(contract, { domain, name, version }, schemas));
  const deprecation = custom.get('deprecation');
  const status = oneOf(first.status, STATUSES) ?? 'draft';
  const manifest = compact({
    apiVersion: 'datamesh/v1',
    kind: 'DataProduct',
    id: `${domain}.${name}`,
    name,
    domain,
    version,
    status: status === 'deprecated' || status === 'retired' ? (isRecord(deprecation) ? status : 'active') : status,
    owner: ownerOf(first.team),
    description: compact({ purpose, usage: stringOf(description.usage), limitations: stringOf(description.limitations) }),
    tier,
    quality: oneOf(custom.get('quality'), QUALITIES) ?? 'raw',
    tags: Array.isArray(first.tags) && first.tags.length > 0 ? first.tags.map(String) : undefined,
    containsPii: containsPii || undefined,
    sla: slaOf(first.slaProperties),
    outputPorts,
    inputPorts: Array.isArray(custom.get('inputPorts')) ? custom.get('inputPorts') : undefined,
    deprecation: isRecord(deprecation) && (status === 'deprecated' || status === 'retired') ? deprecation : undefined,
  });
  return { manifest: { path: `${name}.dataproduct.yaml`, text: stringify(manifest, { lineWidth: 0 }) }, schemas };
}

function portOf(contract: Json, product: { domain: string; name: string; version: string }, schemas: ImportedFile[]): Json {
  const custom = customProperties(contract);
  const portName = nameLike(contract.name, 'events');
  const major = product.version.split('.')[0];
  const topic = stringOf(custom.get('topic')) ?? `${product.domain}.${product.name}.v${major}`;
  const objects = Array.isArray(contract.schema) ? contract.schema.filter(isRecord) : [];
  const payloadSchema = (payload: 'key' | 'value') => {
    const object = objects.find((candidate) => (customProperties(candidate).get('payload') ?? 'value') === payload);
    if (!object) return undefined;
    const written = customProperties(object).get('avroSchema');
    const text =
      typeof written === 'string' && isJsonText(written)
        ? JSON.stringify(JSON.parse(written), null, 2)
        : JSON.stringify(
            avroFromProperties(
              stringOf(object.name) ?? portName,
              stringOf(object.description),
              (object.properties ?? []) as ImportedProperty[],
            ),
            null,
            2,
          );
    const path = `${portName}-${payload}.avsc`;
    schemas.push({ path, text: `${text}\n` });
    return path;
  };
  const writtenValue = custom.get('value');
  const writtenKey = custom.get('key');
  const valueSchema = payloadSchema('value');
  const keySchema = payloadSchema('key');
  const payloadOf = (written: unknown, schema: string | undefined) =>
    compact({
      format: schema !== undefined ? 'avro' : isRecord(written) ? written.format : undefined,
      schema,
      compatibility: isRecord(written) ? written.compatibility : undefined,
    });
  const port = compact({
    name: portName,
    description: custom.has('productPurpose') && isRecord(contract.description) ? stringOf(contract.description.purpose) : undefined,
    topic,
    partitions: custom.get('partitions'),
    replicationFactor: custom.get('replicationFactor'),
    cleanupPolicy: custom.get('cleanupPolicy'),
    retention: custom.get('retention'),
    config: custom.get('config'),
    key: writtenKey !== undefined || keySchema !== undefined ? payloadOf(writtenKey, keySchema) : undefined,
    value: payloadOf(writtenValue ?? { format: 'avro' }, valueSchema),
  });
  if (valueSchema === undefined && isRecord(port.value) && port.value.format === 'avro') {
    throw new OdcsImportError(`the contract ${String(contract.id)} has no schema object for the value of its topic`);
  }
  return port;
}

function ownerOf(team: unknown): Json {
  const members: unknown[] = Array.isArray(team) ? team : isRecord(team) && Array.isArray(team.members) ? team.members : [];
  const owner = members.filter(isRecord).find((member) => member.role === 'owner') ?? members.filter(isRecord)[0];
  const email =
    owner && typeof owner.username === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(owner.username) ? owner.username : undefined;
  const teamName = isRecord(team) && typeof team.name === 'string' ? team.name : undefined;
  return compact({ team: teamName ?? (owner && stringOf(owner.username)) ?? 'unknown', email });
}

function slaOf(properties: unknown): Json | undefined {
  if (!Array.isArray(properties)) return undefined;
  const byName = new Map(properties.filter(isRecord).map((entry) => [entry.property, entry.value]));
  const sla = compact({
    availability: stringOf(byName.get('availability')),
    freshness: stringOf(byName.get('latency')),
    retention: stringOf(byName.get('retention')),
  });
  return Object.keys(sla).length > 0 ? sla : undefined;
}

function hasPiiProperty(contract: Json): boolean {
  const walk = (properties: unknown): boolean =>
    Array.isArray(properties) &&
    properties.filter(isRecord).some((property) => {
      const tags = Array.isArray(property.tags) ? property.tags : [];
      return tags.includes('pii') || walk(property.properties) || (isRecord(property.items) && walk(property.items.properties));
    });
  return Array.isArray(contract.schema) && contract.schema.filter(isRecord).some((object) => walk(object.properties));
}

function customProperties(element: Json): Map<unknown, unknown> {
  const entries = Array.isArray(element.customProperties) ? element.customProperties.filter(isRecord) : [];
  return new Map(entries.map((entry) => [entry.property, entry.value]));
}

function productNameOf(id: unknown): string | undefined {
  return typeof id === 'string' && id.includes('.') ? id.slice(id.indexOf('.') + 1) : undefined;
}

/** A name the manifest accepts (^[a-z][a-z0-9-]*$), from whatever the contract has. */
function nameLike(value: unknown, fallback: string): string {
  if (typeof value !== 'string') return fallback;
  if (NAME_PATTERN.test(value)) return value;
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return NAME_PATTERN.test(cleaned) ? cleaned : fallback;
}

function oneOf(value: unknown, allowed: readonly string[]): string | undefined {
  return typeof value === 'string' && allowed.includes(value) ? value : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object without its undefined entries, so the manifest has no empty keys. */
function compact(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
