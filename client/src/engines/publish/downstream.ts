/**
 * Who a change reaches: products (in the manifest's project and in the catalog) whose input ports read a
 * port that changes, and the consumer groups with committed offsets on its topic.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Admin } from 'kafkajs';
import { parse } from 'yaml';
import { isManifestFileName } from '../../../../server/src/services/index';
import { findMeshFiles } from '../../../../server/src/disk/index';
import type { CatalogSnapshot } from '../catalog/catalogEngine';
import { projectRoot } from '../lint/lintEngine';
import { groupsReading } from './clusterState';
import type { DownstreamImpact } from './publishTypes';
import type { ManifestPort } from './topicPlan';

/** How many files of the project are read, as the lint bounds it. */
const MAX_PROJECT_FILES = 5000;

export interface DownstreamRequest {
  productId: string;
  manifestPath: string;
  /** The ports that change. */
  ports: readonly ManifestPort[];
  /** The topics that exist on the cluster (only they can have readers). */
  existingTopics: ReadonlySet<string>;
  catalog: CatalogSnapshot;
}

/** The impact, and why the consumer groups could not be listed when they could not (an ACL, say). */
export async function findDownstream(
  admin: Admin,
  request: DownstreamRequest,
): Promise<{ impact: DownstreamImpact; groupsError?: unknown }> {
  const portNames = new Set(request.ports.map((port) => port.name));
  const products: DownstreamImpact['products'] = [];
  const seen = new Set<string>();
  const readers = (manifest: unknown): string[] => {
    const inputs = isObject(manifest) && Array.isArray(manifest.inputPorts) ? manifest.inputPorts : [];
    return inputs
      .filter(isObject)
      .filter((input) => input.product === request.productId && typeof input.port === 'string' && portNames.has(input.port))
      .map((input) => String(input.port));
  };

  const self = resolve(request.manifestPath);
  const files = await findMeshFiles(projectRoot(dirname(self)), MAX_PROJECT_FILES);
  for (const file of files.filter((path) => isManifestFileName(basename(path)) && resolve(path) !== self)) {
    let manifest: unknown;
    try {
      manifest = parse(readFileSync(file, 'utf8'));
    } catch {
      continue; // A manifest that does not parse reads nothing yet.
    }
    const id = isObject(manifest) && typeof manifest.id === 'string' ? manifest.id : undefined;
    if (!id || id === request.productId) continue;
    for (const port of readers(manifest)) {
      seen.add(`${id}/${port}`);
      products.push({ id, source: 'workspace', port, path: file });
    }
  }
  for (const product of request.catalog.products) {
    if (product.id === request.productId) continue;
    for (const port of readers(product.manifest)) {
      if (seen.has(`${product.id}/${port}`)) continue;
      products.push({ id: product.id, source: 'catalog', port });
    }
  }
  products.sort((a, b) => a.id.localeCompare(b.id));
  try {
    const topics = request.ports.map((port) => port.topic).filter((topic) => request.existingTopics.has(topic));
    return { impact: { products, consumerGroups: await groupsReading(admin, topics) } };
  } catch (groupsError) {
    return { impact: { products, consumerGroups: [] }, groupsError };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
