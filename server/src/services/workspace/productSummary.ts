import type { Range } from 'vscode-languageserver-types';
import { PositionedYaml } from '../yaml/positionedYaml';
import { asArray, asManifest, isRecord, stringAt } from '../manifest/manifestTypes';
import { resolveSchemaUri } from '../manifest/schemaPaths';

/** What other files need to know of a product: enough for hover, completion and input-port checks. */
export interface ProductSummary {
  id: string;
  /** The manifest's URI; absent for a product known only from the catalog. */
  uri?: string;
  /** The range of the `id` value in the manifest, the target of go-to-definition. */
  idRange?: Range;
  name?: string;
  domain?: string;
  version?: string;
  status?: string;
  tier?: string;
  owner?: string;
  purpose?: string;
  /** The manifest's `deprecation` block, for products that are deprecated or retired. */
  deprecation?: DeprecationSummary;
  outputPorts: PortSummary[];
  /** The ports of other products this one reads (the manifest's `inputPorts`, its lineage). */
  inputPorts?: InputPortSummary[];
  source: 'workspace' | 'catalog';
}

export interface InputPortSummary {
  product: string;
  port: string;
}

/** The well-formed entries of a manifest's `inputPorts` (the language service reports the others). */
export function inputPortsOf(value: unknown): InputPortSummary[] {
  return (Array.isArray(value) ? (value as unknown[]) : [])
    .filter(isRecord)
    .filter((input) => typeof input.product === 'string' && typeof input.port === 'string')
    .map((input) => ({ product: String(input.product), port: String(input.port) }));
}

export interface DeprecationSummary {
  /** The sunset date, as written. */
  sunset?: string;
  /** The id of the product that replaces this one. */
  replacement?: string;
}

export interface PortSummary {
  name: string;
  topic?: string;
  /** The resolved URIs of the port's Avro schemas, for the schema-evolution check. */
  keySchemaUri?: string;
  valueSchemaUri?: string;
  /** The value subject's compatibility mode, as written (the default applies when absent). */
  compatibility?: string;
}

export function summarizeManifest(uri: string, text: string): ProductSummary | undefined {
  return summarizeParsedManifest(uri, new PositionedYaml(text));
}

export function summarizeParsedManifest(uri: string | undefined, yaml: PositionedYaml): ProductSummary | undefined {
  const manifest = asManifest(yaml.value);
  const id = stringAt(manifest.id);
  if (!id) return undefined;
  return {
    id,
    uri,
    idRange: yaml.valueRange(['id']),
    name: stringAt(manifest.name),
    domain: stringAt(manifest.domain),
    version: stringAt(manifest.version),
    status: stringAt(manifest.status),
    tier: stringAt(manifest.tier),
    owner: isRecord(manifest.owner) ? stringAt(manifest.owner.team) : undefined,
    purpose: isRecord(manifest.description) ? stringAt(manifest.description.purpose) : undefined,
    deprecation: deprecationOf(manifest.deprecation),
    outputPorts: asArray(manifest.outputPorts)
      .filter(isRecord)
      .filter((port) => typeof port.name === 'string')
      .map((port) => ({
        name: String(port.name),
        topic: stringAt(port.topic),
        keySchemaUri: schemaUriOf(uri, port.key),
        valueSchemaUri: schemaUriOf(uri, port.value),
        compatibility: isRecord(port.value) ? stringAt(port.value.compatibility) : undefined,
      })),
    inputPorts: inputPortsOf(manifest.inputPorts),
    source: 'workspace',
  };
}

function schemaUriOf(manifestUri: string | undefined, payload: unknown): string | undefined {
  if (!manifestUri || !isRecord(payload) || typeof payload.schema !== 'string') return undefined;
  return resolveSchemaUri(manifestUri, payload.schema);
}

/** The `deprecation` block's facts, or undefined when there is no block (or nothing usable in it). */
export function deprecationOf(block: unknown): DeprecationSummary | undefined {
  if (!isRecord(block)) return undefined;
  const sunset = stringAt(block.sunset);
  const replacement = stringAt(block.replacement);
  return sunset === undefined && replacement === undefined
    ? undefined
    : { ...(sunset !== undefined ? { sunset } : {}), ...(replacement !== undefined ? { replacement } : {}) };
}
