/** The manifest's shape as plain data (§1 of the product spec). Every field may be missing in a draft. */
export type Tier = 'tier-1' | 'tier-2' | 'tier-3';
export type Compatibility = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';
export type PayloadFormat = 'avro' | 'json' | 'string' | 'bytes';
export type ProductStatus = 'draft' | 'active' | 'deprecated' | 'retired';

export const TIERS: readonly Tier[] = ['tier-1', 'tier-2', 'tier-3'];
export const COMPATIBILITY_MODES: readonly Compatibility[] = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
];
export const DEFAULT_COMPATIBILITY: Compatibility = 'BACKWARD';

export interface PayloadSpec {
  format?: PayloadFormat;
  schema?: string;
  compatibility?: Compatibility;
}

export interface OutputPort {
  name?: string;
  description?: string;
  topic?: string;
  partitions?: number;
  replicationFactor?: number;
  cleanupPolicy?: string;
  retention?: string;
  config?: Record<string, string>;
  key?: PayloadSpec;
  value?: PayloadSpec;
}

export interface InputPort {
  product?: string;
  port?: string;
}

export interface Manifest {
  apiVersion?: string;
  kind?: string;
  id?: string;
  name?: string;
  domain?: string;
  version?: string;
  status?: ProductStatus;
  owner?: { team?: string; email?: string };
  description?: { purpose?: string; usage?: string; limitations?: string };
  tier?: Tier;
  quality?: string;
  tags?: string[];
  containsPii?: boolean;
  sla?: { availability?: string; freshness?: string; retention?: string };
  outputPorts?: OutputPort[];
  inputPorts?: InputPort[];
  deprecation?: { sunset?: string; replacement?: string };
}

/** Reads a field only when it has the expected primitive type, so rules never trip over wrong types. */
export function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asManifest(value: unknown): Manifest {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Manifest) : {};
}

export function asArray<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The major version of a semver string, or undefined. */
export function majorOf(version: unknown): number | undefined {
  if (typeof version !== 'string') return undefined;
  const match = /^(0|[1-9]\d*)\./.exec(version);
  return match ? Number(match[1]) : undefined;
}

export function isManifestFileName(fileName: string): boolean {
  return /(^|[\\/])(dataproduct\.yaml|[^\\/]+\.dataproduct\.ya?ml)$/.test(fileName);
}

export function isAvroFileName(fileName: string): boolean {
  return fileName.endsWith('.avsc');
}
