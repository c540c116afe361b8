/**
 * What the extension-host tests (test/extension) read and drive, returned by `activate` only under test:
 * in a test run of VS Code (ExtensionMode.Test) or when DATAMESH_EXTENSION_TEST_API=1 is in the extension
 * host's environment (code-server, which has no test mode). Other extensions get nothing.
 */
import * as vscode from 'vscode';
import type { ConnectionState } from '../connections/browseContext';
import type { ConnectionHealth } from '../connections/connectionManager';
import type { StatusBarSnapshot } from '../connections/statusBar';
import type { MeshExplorer } from '../meshExplorer';
import type { GroupsNode } from '../views/groups/groupsTreeProvider';
import type { MeshNode } from '../views/mesh/meshTreeProvider';
import type { SchemasNode } from '../views/schemas/schemasTreeProvider';
import type { TopicsNode } from '../views/topics/topicsTreeProvider';
import { TEST_API_VARIABLE } from './testApiVariable';

export interface DataMeshTestApi {
  /** The tree data providers behind the four views, as registered. */
  readonly trees: {
    readonly mesh: vscode.TreeDataProvider<MeshNode>;
    readonly topics: vscode.TreeDataProvider<TopicsNode>;
    readonly schemas: vscode.TreeDataProvider<SchemasNode>;
    readonly groups: vscode.TreeDataProvider<GroupsNode>;
  };
  statusBar(): StatusBarSnapshot;
  /** The last lines of the "Data Mesh Connections" output channel, as "[level] message". */
  connectionLog(): readonly string[];
  connectionState(): ConnectionState;
  health(): ConnectionHealth;
  /**
   * This extension's own `vscode.window`: every extension gets its own API object, so a test that answers
   * the prompts (showInputBox, showQuickPick) replaces them here, and restores them after.
   */
  readonly window: typeof vscode.window;
}

export function testApiEnabled(context: vscode.ExtensionContext): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test || process.env[TEST_API_VARIABLE] === '1';
}

export function createTestApi(explorer: MeshExplorer): DataMeshTestApi {
  return {
    trees: explorer.providers,
    statusBar: () => explorer.statusBar.snapshot(),
    connectionLog: () => explorer.recentLog.all(),
    connectionState: () => explorer.manager.connectionState(),
    health: () => explorer.manager.health(),
    window: vscode.window,
  };
}
