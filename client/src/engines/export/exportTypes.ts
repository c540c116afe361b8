/**
 * What the export mappings read: a manifest that passed every check (product spec §1) and the Avro
 * schemas of its ports, already parsed. The mappings are pure; exportEngine.ts reads the disk.
 */

/** An Avro schema as JSON: a primitive or named type's name, a union, or a complex type's object. */
export type AvroSchema = string | AvroSchema[] | AvroComplexSchema;

export interface AvroComplexSchema {
  type: AvroSchema;
  name?: string;
  namespace?: string;
  doc?: string;
  logicalType?: string;
  fields?: AvroField[];
  symbols?: string[];
  items?: AvroSchema;
  values?: AvroSchema;
  [attribute: string]: unknown;
}

export interface AvroField {
  name: string;
  type: AvroSchema;
  doc?: string;
  default?: unknown;
  /** A field attribute of this project: the field holds personal data (see README, Export). */
  pii?: unknown;
  [attribute: string]: unknown;
}

export interface ManifestPayload {
  format: 'avro' | 'json' | 'string' | 'bytes';
  schema?: string;
  compatibility?: string;
}

export interface ManifestOutputPort {
  name: string;
  description?: string;
  topic: string;
  partitions?: number;
  replicationFactor?: number;
  cleanupPolicy?: string;
  retention?: string;
  config?: Record<string, string>;
  key?: ManifestPayload;
  value: ManifestPayload;
}

export interface ExportManifest {
  id: string;
  name: string;
  domain: string;
  version: string;
  status: string;
  owner: { team: string; email?: string };
  description: { purpose: string; usage?: string; limitations?: string };
  tier: string;
  quality: string;
  tags?: string[];
  containsPii?: boolean;
  sla?: { availability?: string; freshness?: string; retention?: string };
  outputPorts: ManifestOutputPort[];
  inputPorts?: { product: string; port: string }[];
  deprecation?: { sunset?: string; replacement?: string };
}

/** The parsed Avro schemas of one output port (absent when the payload is not Avro). */
export interface PortSchemas {
  key?: AvroSchema;
  value?: AvroSchema;
}

export interface ExportSource {
  manifest: ExportManifest;
  /** By output-port name. */
  schemas: ReadonlyMap<string, PortSchemas>;
}
