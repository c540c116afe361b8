/**
 * Retiring a product (spec §4): the final catalog record, with status `retired`, now; the tombstone that
 * removes the product from the catalog once the grace period has passed, written by a later retire (or at
 * once with a grace period of zero). Topics and subjects are never deleted: their data stays readable.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Kafka } from 'kafkajs';
import { parse } from 'yaml';
import { readCatalog, writeCatalogRecord } from '../catalog/catalogEngine';
import { DEFAULT_CATALOG_TOPIC } from '../catalog/catalogNames';
import type { AuditEntry } from '../publish/publishTypes';

export const DEFAULT_GRACE = 'P30D';

export interface RetireOptions {
  /** A manifest's path or a product id. */
  target: string;
  graceMs: number;
  /** The grace period as the user wrote it, for messages and the audit entry. */
  graceText: string;
  retiredBy: string;
  catalogTopic?: string;
  timeoutMs?: number;
  now?: () => Date;
  onProgress?: (message: string) => void;
}

export interface RetireResult {
  productId: string;
  /**
   * retired: the final record was written, the tombstone is due later; tombstoned: the product is gone from
   * the catalog; waiting: retired before, the grace period not over yet; not-found: not in the catalog.
   */
  status: 'retired' | 'tombstoned' | 'waiting' | 'not-found';
  retiredAt?: string;
  tombstoneDueAt?: string;
  audit: AuditEntry;
}

export class RetireRequestError extends Error {}

/** The product id of a target: the manifest's `id` when the target is a file, else the target itself. */
export function retireTargetId(target: string): string {
  if (!existsSync(target) || !statSync(target).isFile()) return target;
  let manifest: unknown;
  try {
    manifest = parse(readFileSync(target, 'utf8'));
  } catch (error) {
    throw new RetireRequestError(`${target} does not parse: ${error instanceof Error ? error.message : String(error)}`);
  }
  const id = typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>).id : undefined;
  if (typeof id !== 'string' || id === '') throw new RetireRequestError(`${target} has no product id`);
  return id;
}

export async function retireProduct(kafka: Kafka, options: RetireOptions): Promise<RetireResult> {
  const now = options.now ?? (() => new Date());
  const progress = options.onProgress ?? (() => undefined);
  const topic = options.catalogTopic ?? DEFAULT_CATALOG_TOPIC;
  const writeOptions = { topic, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) };
  const productId = retireTargetId(options.target);
  const audit = (outcome: AuditEntry['outcome'], changes: string[]): AuditEntry => ({
    operation: 'retire',
    productId,
    by: options.retiredBy,
    at: now().toISOString(),
    outcome,
    changes,
  });

  progress(`Reading the catalog (${topic})...`);
  const snapshot = await readCatalog(kafka, { topic, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
  const current = snapshot.products.find((product) => product.id === productId);
  if (!current) return { productId, status: 'not-found', audit: audit('refused', []) };

  const changes: string[] = [];
  let retiredAt = current.publishedAt;
  if (current.status !== 'retired') {
    retiredAt = now().toISOString();
    const due = new Date(Date.parse(retiredAt) + options.graceMs).toISOString();
    changes.push(`write the final record of ${productId} with status retired (tombstone due at ${due}, grace ${options.graceText})`);
    progress(`Writing the final record of ${productId} (status retired)...`);
    await writeCatalogRecord(
      kafka,
      {
        id: productId,
        manifest: current.manifest,
        schemas: current.schemas,
        status: 'retired',
        publishedAt: retiredAt,
        publishedBy: options.retiredBy,
        audit: { ...audit('retired', [...changes]), grace: options.graceText, tombstoneDueAt: due },
      },
      writeOptions,
    );
  }
  const dueMs = Date.parse(retiredAt) + options.graceMs;
  const tombstoneDueAt = new Date(Number.isFinite(dueMs) ? dueMs : 0).toISOString();
  if (now().getTime() < dueMs) {
    return { productId, status: changes.length > 0 ? 'retired' : 'waiting', retiredAt, tombstoneDueAt, audit: audit('retired', changes) };
  }
  progress(`Writing the tombstone of ${productId}: the grace period is over...`);
  await writeCatalogRecord(kafka, { id: productId, tombstone: true }, writeOptions);
  changes.push(`write the tombstone of ${productId}`);
  return { productId, status: 'tombstoned', retiredAt, tombstoneDueAt, audit: audit('tombstoned', changes) };
}
