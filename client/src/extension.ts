// Activation stays cheap: start the language client; everything else registers lazily.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerLocalStackCommands } from './commands/localStackCommands';
import { registerNewProductCommand } from './commands/newProductCommand';
import { registerNewDerivedProductCommand } from './commands/newDerivedProductCommand';
import { connectToLocalStack } from './commands/connectionCommands';
import { registerMeshExplorer } from './meshExplorer';
import { registerSchemaHistorySync } from './schemaHistorySync';
import { registerCatalogSync } from './catalogSync';
import { registerDriftSync } from './driftSync';
import { registerSampling } from './panels/sampling/registerSampling';
import { createTestApi, testApiEnabled, type DataMeshTestApi } from './testing/testApi';
import { registerPublishing } from './commands/publishCommands';
import { registerExportCommands } from './commands/exportCommands';

let client: LanguageClient | undefined;

const SERVER_EXEC_ARGV = ['--max-semi-space-size=64'];

/** Resolves the test API under test (see testing/testApi.ts), otherwise nothing. */
export async function activate(context: vscode.ExtensionContext): Promise<DataMeshTestApi | undefined> {
  // Views, connections and their commands; nothing connects until a view asks for children.
  const explorer = registerMeshExplorer(context);
  registerLocalStackCommands(context, { connect: (stack) => connectToLocalStack(explorer.manager, stack) });
  registerSampling(context, explorer.manager);
  registerNewProductCommand(context);
  registerExportCommands(context);
  registerNewDerivedProductCommand(context, () => explorer.manager.mesh());
  const publishing = registerPublishing(context, explorer);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // A larger young generation: parse trees of large schemas are many small objects, and the default
    // semi-space makes the collector copy them twice (about half the time of a 10,000-field schema).
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dataproduct' },
      { scheme: 'untitled', language: 'dataproduct' },
      { scheme: 'file', language: 'avro' },
    ],
    synchronize: {
      configurationSection: 'datamesh',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{avsc,dataproduct.yaml,dataproduct.yml}'),
        vscode.workspace.createFileSystemWatcher('**/dataproduct.yaml'),
        vscode.workspace.createFileSystemWatcher('**/datamesh.policy.yaml'),
      ],
    },
  };
  client = new LanguageClient('datamesh', 'Data Mesh Language Server', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  context.subscriptions.push(registerSchemaHistorySync(client, explorer.manager, explorer.drafts, explorer.log));
  context.subscriptions.push(registerCatalogSync(client, explorer.manager, explorer.log));
  context.subscriptions.push(registerDriftSync(client, explorer.manager, publishing, explorer.log));
  return testApiEnabled(context) ? createTestApi(explorer) : undefined;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
