import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ConnectionManager } from './connections/connectionManager';
import { CATALOG_PRODUCTS_NOTIFICATION } from '../../server/src/protocol';

export type CatalogSyncClient = Pick<LanguageClient, 'sendNotification' | 'onDidChangeState' | 'isRunning'>;
export type CatalogSource = Pick<ConnectionManager, 'onDidChangeCatalogProducts' | 'catalogProducts' | 'connectionState' | 'mesh'>;

/**
 * Keeps the language server's catalog in step with the active connection's live catalog, so that an input
 * port naming a published product is known in the editor as in the Mesh view; an empty list when the
 * connection goes away. Opening a manifest with an active connection starts the catalog watch (as opening
 * a schema asks the registry), so activation still connects to nothing.
 */
export function registerCatalogSync(client: CatalogSyncClient, source: CatalogSource, log: (message: string) => void): vscode.Disposable {
  const send = (products = source.catalogProducts()) => {
    client.sendNotification(CATALOG_PRODUCTS_NOTIFICATION, { products }).catch((error: unknown) => {
      log(`The language server did not take the catalog: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  const watchForManifest = (document: vscode.TextDocument) => {
    if (document.languageId !== 'dataproduct' || source.connectionState().kind !== 'active') return;
    // mesh() never rejects for catalog errors; the views and the status bar show those.
    source.mesh().catch(() => undefined);
  };

  const subscription = source.onDidChangeCatalogProducts((products) => send(products));
  if (source.catalogProducts().length > 0) send();
  for (const document of vscode.workspace.textDocuments) watchForManifest(document);
  return vscode.Disposable.from(
    { dispose: () => subscription.dispose() },
    // A restarted server starts with no catalog.
    client.onDidChangeState(() => {
      if (client.isRunning() && source.catalogProducts().length > 0) send();
    }),
    vscode.workspace.onDidOpenTextDocument(watchForManifest),
  );
}
