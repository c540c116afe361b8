/**
 * Which manifest a publish or lifecycle command acts on: the resource of an editor title button, a Mesh view
 * product node with a manifest, the active manifest editor, or a pick of the workspace's manifests. Unsaved
 * changes are saved first, after asking: the engines read the file on disk.
 */
import * as vscode from 'vscode';

// The language services load on first use, not at activation (as in workspaceDrafts).
const services = () => require('../../../server/src/services/index') as typeof import('../../../server/src/services/index');

export async function manifestFromArgument(argument: unknown, title: string): Promise<vscode.Uri | undefined> {
  if (argument instanceof vscode.Uri) return argument;
  const fromNode = manifestUriOfNode(argument);
  if (fromNode) return fromNode;
  const { IGNORED_FOLDERS_GLOB, isManifestFileName, MANIFEST_GLOB, MANIFEST_LANGUAGE_ID } = services();
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === MANIFEST_LANGUAGE_ID || isManifestFileName(active.uri.path))) return active.uri;
  const found = await vscode.workspace.findFiles(MANIFEST_GLOB, IGNORED_FOLDERS_GLOB, 500);
  if (found.length === 0) {
    void vscode.window.showWarningMessage(`${title}: there is no data-product manifest in the workspace.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    found.sort((a, b) => a.path.localeCompare(b.path)).map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title, placeHolder: 'Which manifest?' },
  );
  return picked?.uri;
}

/** The manifest of a Mesh view product (or port) node, when the workspace has it. */
export function manifestUriOfNode(argument: unknown): vscode.Uri | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const node = argument as { manifestUri?: unknown; product?: { manifestUri?: unknown } };
  const uri = typeof node.manifestUri === 'string' ? node.manifestUri : node.product?.manifestUri;
  return typeof uri === 'string' ? vscode.Uri.parse(uri) : undefined;
}

/** The product id of a Mesh view product node, published or not. */
export function productIdOfNode(argument: unknown): string | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const node = argument as { kind?: unknown; product?: { id?: unknown } };
  return node.kind === 'product' && typeof node.product?.id === 'string' ? node.product.id : undefined;
}

/** The file's path on disk, once saved; undefined when the user declines or it cannot be saved. */
export async function savedManifestPath(uri: vscode.Uri, action: string): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (uri.scheme !== 'file') {
    void vscode.window.showWarningMessage(`Save ${uri.path} as a file first: ${action} reads the manifest from disk.`);
    return undefined;
  }
  if (open?.isDirty) {
    const answer = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(uri)} has unsaved changes. Save them before you ${action}?`,
      { modal: true, detail: `${action[0].toUpperCase()}${action.slice(1)} reads the manifest as it is on disk.` },
      'Save',
    );
    if (answer !== 'Save') return undefined;
    if (!(await open.save())) {
      void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} could not be saved.`);
      return undefined;
    }
  }
  return uri.fsPath;
}
