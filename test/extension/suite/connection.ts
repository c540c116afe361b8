// A connection to the local stack written straight into the settings, for tests that are not about the
// Add Connection flow itself (connections.spec.ts drives that one through its prompts).
import * as vscode from 'vscode';
import { stackAddresses, waitFor, type extensionApi } from './support';

export const LOCAL_CONNECTION = 'exthost-local';

export async function useLocalConnection(api: Awaited<ReturnType<typeof extensionApi>>): Promise<void> {
  const { bootstrap, registry } = stackAddresses();
  const settings = vscode.workspace.getConfiguration('datamesh');
  const others = (settings.get<{ name: string }[]>('connections') ?? []).filter((connection) => connection.name !== LOCAL_CONNECTION);
  const local = { name: LOCAL_CONNECTION, bootstrapServers: [bootstrap], security: { protocol: 'plaintext' }, registry: { url: registry } };
  await settings.update('connections', [...others, local], vscode.ConfigurationTarget.Global);
  await settings.update('activeConnection', LOCAL_CONNECTION, vscode.ConfigurationTarget.Global);
  await waitFor('the local connection to be active', () => {
    const state = api.connectionState();
    return state.kind === 'active' && state.name === LOCAL_CONNECTION && state.hasRegistry ? state : undefined;
  });
}

/** Sets `datamesh.catalogTopic` for the duration of a suite; returns the undo. */
export async function useCatalogTopic(topic: string): Promise<() => Promise<void>> {
  const settings = vscode.workspace.getConfiguration('datamesh');
  const before = settings.inspect<string>('catalogTopic')?.globalValue;
  await settings.update('catalogTopic', topic, vscode.ConfigurationTarget.Global);
  return async () => {
    await vscode.workspace.getConfiguration('datamesh').update('catalogTopic', before, vscode.ConfigurationTarget.Global);
  };
}
