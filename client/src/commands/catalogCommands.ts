/**
 * Data Mesh: Remove from Catalog, on a published port whose topic or subject is gone from the cluster (old
 * state). After a modal confirmation it writes the product's tombstone through the catalog engine; the
 * catalog watch then refreshes the Mesh view. Thin: writeCatalogRecord does the work.
 */
import * as vscode from 'vscode';
import type { Kafka } from 'kafkajs';
import { COMMANDS } from '../commandIds';
import { describeForEditor } from '../connections/connectionRemedy';

export interface CatalogCommandTargets {
  /** The active connection's Kafka client; rejects without one. */
  kafka(): Promise<Kafka>;
  /** The catalog topic the Mesh view reads. */
  catalogTopic(): Promise<string>;
  /** After a write: refresh the Mesh view (the catalog watch refreshes it too, once the record arrives). */
  changed(): void;
}

/** The button of the confirmation. */
export const REMOVE_FROM_CATALOG = 'Remove from Catalog';

export function registerCatalogCommands(context: vscode.ExtensionContext, targets: CatalogCommandTargets): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.removeFromCatalog, (node?: unknown) => removeFromCatalog(node, targets)),
  );
}

/** The product id of a Mesh node (a product, or a port or topic of one); undefined for anything else. */
export function productIdOf(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as { product?: { id?: unknown; origin?: unknown } };
  return record.product?.origin === 'published' && typeof record.product.id === 'string' ? record.product.id : undefined;
}

/** Writes the product's tombstone after a confirmation; true when written. */
export async function removeFromCatalog(node: unknown, targets: CatalogCommandTargets): Promise<boolean> {
  const id = productIdOf(node);
  if (!id) {
    void vscode.window.showInformationMessage('Remove from Catalog works on a published product of the Mesh view.');
    return false;
  }
  let topic: string;
  try {
    topic = await targets.catalogTopic();
  } catch (error) {
    void vscode.window.showErrorMessage(`${id} was not removed: ${describeForEditor(error)}`);
    return false;
  }
  const answer = await vscode.window.showWarningMessage(
    `Remove ${id} from the catalog ${topic}? This writes a tombstone for ${id}: the product disappears from every ` +
      'view of the mesh and input ports that read it stop resolving. Its topics and schemas are not touched.',
    { modal: true },
    REMOVE_FROM_CATALOG,
  );
  if (answer !== REMOVE_FROM_CATALOG) return false;
  try {
    const kafka = await targets.kafka();
    const { writeCatalogRecord } = require('../engines/catalog/catalogEngine') as typeof import('../engines/catalog/catalogEngine');
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing ${id} from the catalog` }, () =>
      writeCatalogRecord(kafka, { id, tombstone: true }, { topic }),
    );
  } catch (error) {
    void vscode.window.showErrorMessage(`${id} was not removed from the catalog: ${describeForEditor(error)}`);
    return false;
  }
  targets.changed();
  void vscode.window.showInformationMessage(`${id} removed from the catalog ${topic}.`);
  return true;
}
