import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ConnectionManager } from './connections/connectionManager';
import type { DraftSource } from './connections/browseContext';
import { registryVersionsOf, subjectForSchema } from './engines/history/registryHistory';
import { SCHEMA_VERSIONS_NOTIFICATION } from '../../server/src/protocol';

/**
 * Keeps the language server's schema history in step with the registry: when a port's `.avsc` is open and
 * a connection with a registry is active, its subject's versions replace git HEAD; without one, git HEAD
 * comes back. Only opening a schema asks the registry, so activation still connects to nothing.
 */
export function registerSchemaHistorySync(
  client: LanguageClient,
  manager: ConnectionManager,
  drafts: DraftSource,
  log: (message: string) => void,
): vscode.Disposable {
  const sent = new Set<string>();

  const sync = async (document: vscode.TextDocument): Promise<void> => {
    if (document.languageId !== 'avro' || document.uri.scheme !== 'file') return;
    const schemaUri = document.uri.toString();
    let versions: { label: string; text: string }[] = [];
    let manifestUri: string | undefined;
    if (manager.connectionState().kind === 'active') {
      try {
        const products = await drafts.products();
        const subject = subjectForSchema(schemaUri, products);
        manifestUri = products.find((product) =>
          product.outputPorts.some((port) => port.valueSchemaUri === schemaUri || port.keySchemaUri === schemaUri),
        )?.uri;
        const registry = subject ? await manager.schemas() : undefined;
        if (subject && registry) versions = await registryVersionsOf(subject, registry);
      } catch (error) {
        // The registry is unreachable: the check falls back to git HEAD, and the views show the error.
        log(`Schema history for ${document.uri.fsPath} stays on git HEAD: ${error instanceof Error ? error.message : String(error)}`);
        versions = [];
      }
    }
    if (versions.length === 0 && !sent.has(schemaUri)) return;
    if (versions.length > 0) sent.add(schemaUri);
    else sent.delete(schemaUri);
    await client.sendNotification(SCHEMA_VERSIONS_NOTIFICATION, { schemaUri, versions, ...(manifestUri ? { manifestUri } : {}) });
  };

  const syncOpen = () => {
    for (const document of vscode.workspace.textDocuments) void sync(document);
  };
  syncOpen();
  const subscription = manager.onDidChange((change) => {
    if (change === 'connection' || change === 'drafts') syncOpen();
  });
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((document) => void sync(document)),
    { dispose: () => subscription.dispose() },
  );
}
