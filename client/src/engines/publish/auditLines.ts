/**
 * An audit entry as text: one line per operation (when, what, who, outcome), then one indented line per
 * change. The editor's "Data Mesh" output channel prints it; the catalog record stores the entry itself.
 */
import type { AuditEntry } from './publishTypes';

export function auditLines(entry: AuditEntry): string[] {
  const head = `${entry.at} ${entry.operation} ${entry.productId} by ${entry.by}: ${entry.outcome}`;
  return [head, ...entry.changes.map((change) => `    ${change}`)];
}
