/**
 * Read-only queries over a Confluent-compatible schema registry for the Schemas view and the command
 * line: subjects, their versions with ids, the schema text, and each subject's compatibility level
 * (its own, or the global one it falls back to). vscode-free.
 */
import type { Compatibility, RegistryClient, SchemaType } from '../../kafka/registryClient';
import { compareNames } from './names';

export interface SchemaVersionInfo {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
}

export interface SchemaVersionText extends SchemaVersionInfo {
  /** The schema as registered (registries store it compacted). */
  schema: string;
}

export interface SubjectCompatibility {
  level: Compatibility;
  /** 'subject' when the subject has its own level; 'global' when it follows the registry's. */
  source: 'subject' | 'global';
}

/** What the views ask of a registry; SchemaBrowser implements it, tests fake it. */
export interface SchemaQueries {
  subjects(): Promise<string[]>;
  versions(subject: string): Promise<SchemaVersionInfo[]>;
  schema(subject: string, version: number): Promise<SchemaVersionText>;
  compatibility(subject: string): Promise<SubjectCompatibility>;
}

/** How many version lookups run at once for one subject. */
const CONCURRENCY = 8;

export class SchemaBrowser implements SchemaQueries {
  private globalLevel: Promise<Compatibility> | undefined;

  /** The registry client bounds each HTTP call with its own timeout. */
  constructor(private readonly registry: RegistryClient) {}

  get url(): string {
    return this.registry.url;
  }

  async subjects(): Promise<string[]> {
    return [...(await this.registry.subjects())].sort(compareNames);
  }

  /** Every version of the subject with its global id, oldest first. */
  async versions(subject: string): Promise<SchemaVersionInfo[]> {
    const numbers = [...(await this.registry.versions(subject))].sort((a, b) => a - b);
    const versions: SchemaVersionInfo[] = new Array<SchemaVersionInfo>(numbers.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, numbers.length) }, async () => {
        while (next < numbers.length) {
          const index = next++;
          const answer = await this.registry.version(subject, numbers[index]);
          versions[index] = { subject, version: answer.version || numbers[index], id: answer.id, schemaType: answer.schemaType };
        }
      }),
    );
    return versions;
  }

  async schema(subject: string, version: number): Promise<SchemaVersionText> {
    const answer = await this.registry.version(subject, version);
    return { subject, version: answer.version, id: answer.id, schemaType: answer.schemaType, schema: answer.schema };
  }

  /** The subject's own level, else the global one (asked once per browser). */
  async compatibility(subject: string): Promise<SubjectCompatibility> {
    const own = await this.registry.subjectCompatibility(subject);
    // Confluent answers 404 for a subject without a level of its own; Apicurio's ccompat API answers NONE
    // instead (and applies its global rule), so from Apicurio NONE means "not set".
    if (own && !(own === 'NONE' && isApicurio(this.registry.url))) return { level: own, source: 'subject' };
    this.globalLevel ??= this.registry.globalCompatibility();
    this.globalLevel.catch(() => {
      this.globalLevel = undefined; // not cached when it failed
    });
    return { level: await this.globalLevel, source: 'global' };
  }
}

/** Apicurio Registry's Confluent-compatible API lives under /apis/ccompat/. */
export function isApicurio(url: string): boolean {
  return /\/apis\/ccompat\/v\d+\/?$/.test(url);
}

/** An Avro (or JSON Schema) text indented for reading; anything that is not JSON is returned as is. */
export function prettySchema(schema: string): string {
  try {
    return `${JSON.stringify(JSON.parse(schema), null, 2)}\n`;
  } catch {
    return schema;
  }
}
