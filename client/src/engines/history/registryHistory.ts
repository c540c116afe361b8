import type { ProductSummary, SchemaVersion } from '../../../../server/src/services/index';
import type { SchemaQueries } from '../browse/schemaBrowser';
import { RegistryHttpError } from '../../kafka/connectionErrors';

/** How many previous versions are sent for one schema: enough for any _TRANSITIVE check in practice. */
const MAX_VERSIONS = 50;

/** The registry subject of the first port whose key or value schema is `schemaUri` (topic-name strategy). */
export function subjectForSchema(schemaUri: string, products: readonly ProductSummary[]): string | undefined {
  for (const product of products) {
    for (const port of product.outputPorts) {
      if (!port.topic) continue;
      if (port.valueSchemaUri === schemaUri) return `${port.topic}-value`;
      if (port.keySchemaUri === schemaUri) return `${port.topic}-key`;
    }
  }
  return undefined;
}

/**
 * Once connected, the previous versions of a port's schema are the registry's versions of its subject,
 * newest first: what the editor's schema-evolution check compares against instead of git HEAD. A subject
 * the registry does not know yet (never published) has none.
 */
export async function registryVersionsOf(subject: string, registry: Pick<SchemaQueries, 'versions' | 'schema'>): Promise<SchemaVersion[]> {
  let known;
  try {
    known = await registry.versions(subject);
  } catch (error) {
    if (error instanceof RegistryHttpError && error.status === 404) return [];
    throw error;
  }
  const newestFirst = [...known].sort((a, b) => b.version - a.version).slice(0, MAX_VERSIONS);
  const texts = await Promise.all(newestFirst.map((info) => registry.schema(subject, info.version)));
  return texts
    .filter((text) => text.schemaType === 'AVRO')
    .map((text) => ({ label: `version ${text.version} of ${subject}`, text: text.schema }));
}
