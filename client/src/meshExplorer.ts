/**
 * The "Data Mesh" view container wired up: connections (settings + SecretStorage), the lazily
 * connecting ConnectionManager, the four trees, the schema documents, the status bar item and the
 * commands. Registration only: nothing here touches the network, so activation stays fast.
 */
import * as vscode from 'vscode';
import { CONTEXT_KEYS, SCHEMA_SCHEME, VIEWS } from './commandIds';
import { registerCatalogCommands } from './commands/catalogCommands';
import { registerConnectionCommands } from './commands/connectionCommands';
import { registerSchemaCommands } from './commands/schemaCommands';
import { registerTopicCommands } from './commands/topicCommands';
import { registerTreeCommands, type TreeName } from './commands/treeCommands';
import { ConnectionManager } from './connections/connectionManager';
import { ConnectionStore, type SettingsAccess } from './connections/connectionStore';
import { RecentLines } from './connections/recentLines';
import { ConnectionStatusBar } from './connections/statusBar';
import { findRunningStack, stackLocations } from './engines/stack/runningStack';
import { defaultToolsDir, editorStackDir } from './engines/stack/stackPaths';
import type { ConnectionLogger } from './kafka/kafkaClientFactory';
import { fromSecretStorage } from './kafka/secretStore';
import { GroupsTreeProvider } from './views/groups/groupsTreeProvider';
import { MeshTreeProvider } from './views/mesh/meshTreeProvider';
import { SchemaDocumentProvider } from './views/schemaDocuments';
import { SchemasTreeProvider } from './views/schemas/schemasTreeProvider';
import { TopicsTreeProvider } from './views/topics/topicsTreeProvider';
import { WorkspaceDrafts } from './workspace/workspaceDrafts';

const SECTION = 'datamesh';

export interface MeshExplorer {
  manager: ConnectionManager;
  drafts: WorkspaceDrafts;
  /** Writes to the "Data Mesh Connections" output channel. */
  log: (message: string) => void;
  /** The last lines of that channel, as "[level] message". */
  recentLog: RecentLines;
  statusBar: ConnectionStatusBar;
  providers: { mesh: MeshTreeProvider; topics: TopicsTreeProvider; schemas: SchemasTreeProvider; groups: GroupsTreeProvider };
}

export function registerMeshExplorer(context: vscode.ExtensionContext): MeshExplorer {
  let channel: vscode.LogOutputChannel | undefined;
  const output = (): vscode.LogOutputChannel => (channel ??= vscode.window.createOutputChannel('Data Mesh Connections', { log: true }));
  const recentLog = new RecentLines();
  // kafkajs messages arrive already redacted (kafkaClientFactory masks every secret it was given).
  const logger: ConnectionLogger = {
    log: (level, message) => {
      recentLog.add(`[${level}] ${message}`);
      const target = output();
      if (level === 'error') target.error(message);
      else if (level === 'warn') target.warn(message);
      else if (level === 'info') target.info(message);
      else target.debug(message);
    },
  };

  const settings: SettingsAccess = {
    get: (key) => vscode.workspace.getConfiguration(SECTION).get(key),
    update: (key, value) => vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global),
  };
  const store = new ConnectionStore(settings, fromSecretStorage(context.secrets));
  const drafts = new WorkspaceDrafts();
  const manager = new ConnectionManager(store, drafts, {
    catalogTopic: () => vscode.workspace.getConfiguration(SECTION).get<string>('catalogTopic') ?? '',
    logger,
  });

  const providers = {
    mesh: new MeshTreeProvider(manager),
    topics: new TopicsTreeProvider(manager),
    schemas: new SchemasTreeProvider(manager),
    groups: new GroupsTreeProvider(manager),
  };
  const statusBar = new ConnectionStatusBar(manager);
  const updateContext = () =>
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.connectionState, manager.connectionState().kind);
  updateContext();
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.showInternalTopics, false);

  context.subscriptions.push(
    drafts,
    statusBar,
    ...Object.values(providers),
    vscode.window.createTreeView(VIEWS.mesh, { treeDataProvider: providers.mesh, showCollapseAll: true }),
    vscode.window.createTreeView(VIEWS.topics, { treeDataProvider: providers.topics, showCollapseAll: true }),
    vscode.window.createTreeView(VIEWS.schemas, { treeDataProvider: providers.schemas, showCollapseAll: true }),
    vscode.window.createTreeView(VIEWS.groups, { treeDataProvider: providers.groups, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, new SchemaDocumentProvider(manager)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (['connections', 'activeConnection', 'catalogTopic'].some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
        updateContext();
        void manager.reload();
      }
    }),
    { dispose: () => void manager.dispose() },
  );

  registerConnectionCommands(context, manager, {
    logger,
    showLog: () => output().show(true),
    // The editor's stack or the command line's (datamesh stack up, npm run demo), whichever runs.
    localStack: () => findRunningStack(stackLocations(editorStackDir(context.globalStorageUri.fsPath)), defaultToolsDir()),
  });
  registerTopicCommands(context, manager, () => providers.topics.refresh());
  registerSchemaCommands(context, manager, drafts);
  registerCatalogCommands(context, {
    kafka: async () => (await manager.clients()).kafka,
    catalogTopic: async () => (await manager.mesh()).catalogTopic,
    changed: () => providers.mesh.refresh(),
  });
  registerTreeCommands(context, {
    refresh: (tree: TreeName) => providers[tree].refresh(),
    setShowInternalTopics: (show) => providers.topics.setShowInternal(show),
    showsInternalTopics: () => providers.topics.showsInternalTopics,
    topicFilter: () => providers.topics.topicFilter,
    setTopicFilter: (text) => providers.topics.setTopicFilter(text),
  });
  return { manager, drafts, providers, statusBar, recentLog, log: (message) => logger.log('info', message) };
}
