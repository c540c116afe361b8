// Data Mesh: New Data Product: a manifest and its value schema, laid out as <domain>/<name>/ in a workspace
// folder, that pass every check; then the manifest opens to be filled in.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { invalidSegment, newProductFiles } from '../engines/lifecycle/newProduct';

export function registerNewProductCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.newProduct, () => newProduct()));
}

async function newProduct(): Promise<vscode.Uri | undefined> {
  const folder = await chooseFolder();
  if (!folder) return undefined;
  const domain = await vscode.window.showInputBox({
    title: 'New Data Product (1/3)',
    prompt: 'The domain that owns the product',
    placeHolder: 'sales',
    validateInput: (value) => invalidSegment('domain', value.trim()),
  });
  if (domain === undefined) return undefined;
  const name = await vscode.window.showInputBox({
    title: 'New Data Product (2/3)',
    prompt: `The product's name; its id is ${domain.trim()}.<name>`,
    placeHolder: 'orders',
    validateInput: (value) => invalidSegment('name', value.trim()),
  });
  if (name === undefined) return undefined;
  const team = await vscode.window.showInputBox({
    title: 'New Data Product (3/3)',
    prompt: 'The owning team (owner.team)',
    value: `${domain.trim()}-team`,
    validateInput: (value) => (value.trim() ? undefined : 'A product needs an owning team.'),
  });
  if (team === undefined) return undefined;
  const files = newProductFiles({ domain: domain.trim(), name: name.trim(), team: team.trim() });
  const manifestUri = vscode.Uri.joinPath(folder, files.manifestPath);
  const schemaUri = vscode.Uri.joinPath(folder, files.schemaPath);
  for (const uri of [manifestUri, schemaUri]) {
    if (await exists(uri)) {
      void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} already exists: nothing was written.`);
      return undefined;
    }
  }
  await vscode.workspace.fs.writeFile(schemaUri, Buffer.from(files.schema, 'utf8'));
  await vscode.workspace.fs.writeFile(manifestUri, Buffer.from(files.manifest, 'utf8'));
  await vscode.window.showTextDocument(manifestUri);
  return manifestUri;
}

async function chooseFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Open a folder first: a data product lives in a workspace folder.');
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The workspace folder of the new product' });
  return picked?.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
