/**
 * Drift (issue 12): once connected, the open manifests are compared with the cluster, the registry and the
 * catalog through the publish engine's plan (a dry run without the event check), on opening, on saving
 * (debounced) and when the connection changes; the differences go to the language server, which shows
 * them as information diagnostics (code `drift`) with a Preview Publish quick fix. A publish checks again. Without a connection,
 * or when the plan cannot be made, a manifest has no drift.
 */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DRIFT_NOTIFICATION } from '../../server/src/protocol';
import type { ConnectionManager } from './connections/connectionManager';
import { driftItems, type DriftItem } from './engines/publish/driftItems';
import type { PublishRunner } from './panels/publish/publishRunner';

const DRIFT_DELAY_MS = 1_000;
/** yaml loads on first use, not at activation. */
const yaml = () => require('yaml') as typeof import('yaml');

export type DriftClient = Pick<LanguageClient, 'sendNotification'>;

export function registerDriftSync(
  client: DriftClient,
  manager: ConnectionManager,
  runner: Pick<PublishRunner, 'plan' | 'onDidPublish'>,
  log: (message: string) => void,
): vscode.Disposable {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The manifests that were sent drift, so that it is cleared when the connection goes. */
  const withDrift = new Set<string>();
  let generation = 0;

  const send = (uri: string, items: DriftItem[]) => {
    if (items.length > 0) withDrift.add(uri);
    else withDrift.delete(uri);
    client.sendNotification(DRIFT_NOTIFICATION, { uri, items }).catch((error: unknown) => {
      log(`The language server did not take the drift of ${uri}: ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  const check = async (document: vscode.TextDocument, run: number) => {
    if (document.isDirty || document.uri.scheme !== 'file') return;
    const uri = document.uri.toString();
    try {
      const plan = await runner.plan(document.uri.fsPath, undefined, { verifyEvents: 0, quiet: true });
      if (run === generation) send(uri, driftItems(plan, portNames(document.uri.fsPath)));
    } catch (error) {
      log(`No drift check for ${document.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
      if (run === generation && withDrift.has(uri)) send(uri, []);
    }
  };

  const schedule = (document: vscode.TextDocument, delay = DRIFT_DELAY_MS) => {
    if (document.languageId !== 'dataproduct' || manager.connectionState().kind !== 'active') return;
    const key = document.uri.toString();
    const existing = timers.get(key);
    if (existing) clearTimeout(existing);
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void check(document, generation);
      }, delay),
    );
  };

  const recheckAll = () => {
    generation++;
    if (manager.connectionState().kind !== 'active') {
      for (const uri of [...withDrift]) send(uri, []);
      return;
    }
    for (const document of vscode.workspace.textDocuments) schedule(document);
  };

  const subscription = manager.onDidChange((change) => {
    if (change === 'connection') recheckAll();
  });
  for (const document of vscode.workspace.textDocuments) schedule(document);
  return vscode.Disposable.from(
    { dispose: () => subscription.dispose() },
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
    vscode.workspace.onDidOpenTextDocument((document) => schedule(document)),
    vscode.workspace.onDidSaveTextDocument((document) => schedule(document)),
    runner.onDidPublish((path) => {
      const published = vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === path);
      if (published) schedule(published, 0);
    }),
  );
}

/** The manifest's output port names in order, as the plan's port names map to paths. */
function portNames(path: string): string[] {
  try {
    const ports = (yaml().parse(readFileSync(path, 'utf8')) as { outputPorts?: unknown } | null)?.outputPorts;
    return Array.isArray(ports) ? ports.map((port) => String((port as { name?: unknown } | null)?.name ?? '')) : [];
  } catch {
    return [];
  }
}
