/**
 * Lineage between the mesh's products: what a product reads (its manifest's input ports) and which
 * products read it (their input ports naming it), from the workspace's manifests and the catalog alike.
 */
import type { InputPortSummary } from '../../../../server/src/services/index';
import { compareNames } from './names';

/** One edge of the lineage: a product and the port of the other side. */
export interface LineageLink {
  /** The product at the other end. */
  product: string;
  /** The port read: the other product's for "reads", this product's for "read by". */
  port: string;
}

interface LineageProduct {
  id: string;
  inputs?: readonly InputPortSummary[];
  readBy?: LineageLink[];
}

/** Fills each product's `readBy` from every product's inputs: each reader and port once, sorted. */
export function linkReaders(products: Iterable<LineageProduct>): void {
  const list = [...products];
  const byId = new Map(list.map((product) => [product.id, product]));
  for (const product of list) delete product.readBy;
  for (const reader of list) {
    for (const input of reader.inputs ?? []) {
      const read = byId.get(input.product);
      if (!read || read === reader) continue;
      const links = (read.readBy ??= []);
      if (!links.some((link) => link.product === reader.id && link.port === input.port))
        links.push({ product: reader.id, port: input.port });
    }
  }
  for (const product of list) product.readBy?.sort(compareLinks);
}

export function compareLinks(a: LineageLink, b: LineageLink): number {
  return compareNames(a.product, b.product) || compareNames(a.port, b.port);
}
