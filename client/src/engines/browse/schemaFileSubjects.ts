/**
 * Which registry subjects a workspace `.avsc` is the schema of: every output port whose key or value schema
 * is the file, under the topic-name strategy (`<topic>-key`, `<topic>-value`, spec §1). Pure and vscode-free.
 */
import type { ProductSummary } from '../../../../server/src/services/index';

export interface SchemaFileSubject {
  subject: string;
  role: 'key' | 'value';
  productId: string;
  port: string;
}

/** The subjects of the file, sorted by subject; each subject once (two manifests may name the same topic). */
export function subjectsOfSchemaFile(products: readonly ProductSummary[], schemaUri: string): SchemaFileSubject[] {
  const found = new Map<string, SchemaFileSubject>();
  for (const product of products) {
    for (const port of product.outputPorts) {
      if (!port.topic) continue;
      for (const role of ['key', 'value'] as const) {
        const uri = role === 'key' ? port.keySchemaUri : port.valueSchemaUri;
        const subject = `${port.topic}-${role}`;
        if (uri === schemaUri && !found.has(subject)) found.set(subject, { subject, role, productId: product.id, port: port.name });
      }
    }
  }
  return [...found.values()].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
}
