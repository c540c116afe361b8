/**
 * Which product a grant is about, and its output-port topics: from a manifest file (what it declares) or,
 * for a product id, from its record in the catalog (what was published).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Kafka } from 'kafkajs';
import { parse } from 'yaml';
import { readCatalog } from '../catalog/catalogEngine';
import { DEFAULT_CATALOG_TOPIC } from '../catalog/catalogNames';

export interface GrantTarget {
  productId: string;
  /** The output ports' topics, without duplicates, in manifest order. */
  topics: string[];
}

/** A target that names no product, or a manifest that cannot be read: the user's input is wrong. */
export class GrantTargetError extends Error {}

/** The product id and output-port topics a manifest declares. */
export function grantTargetOfManifest(manifest: unknown, source: string): GrantTarget {
  const record = typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>) : {};
  const id = record.id;
  if (typeof id !== 'string' || id === '') throw new GrantTargetError(`${source} has no product id`);
  const ports = Array.isArray(record.outputPorts) ? (record.outputPorts as unknown[]) : [];
  const topics = ports
    .map((port) => (typeof port === 'object' && port !== null ? (port as Record<string, unknown>).topic : undefined))
    .filter((topic): topic is string => typeof topic === 'string' && topic !== '');
  return { productId: id, topics: [...new Set(topics)] };
}

export interface ResolveGrantTargetOptions {
  catalogTopic?: string;
  timeoutMs?: number;
}

/** A manifest path is read from the disk (no catalog needed); anything else is a product id looked up in the catalog. */
export async function resolveGrantTarget(kafka: Kafka, target: string, options: ResolveGrantTargetOptions = {}): Promise<GrantTarget> {
  if (existsSync(target) && statSync(target).isFile()) {
    let manifest: unknown;
    try {
      manifest = parse(readFileSync(target, 'utf8'));
    } catch (error) {
      throw new GrantTargetError(`${target} does not parse: ${error instanceof Error ? error.message : String(error)}`);
    }
    return grantTargetOfManifest(manifest, target);
  }
  const topic = options.catalogTopic ?? DEFAULT_CATALOG_TOPIC;
  const snapshot = await readCatalog(kafka, { topic, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
  const product = snapshot.products.find((entry) => entry.id === target);
  if (!product) throw new GrantTargetError(`${target} is neither a manifest file nor a product in the catalog ${topic}`);
  return grantTargetOfManifest(product.manifest, `the catalog record of ${target}`);
}
