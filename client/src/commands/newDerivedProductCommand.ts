// Data Mesh: New Derived Data Product: pick the ports it reads (workspace drafts and the catalog, as the Mesh
// view shows them), then domain, name, team and tier; writes the manifest with those input ports, its output
// schema and a runnable processor skeleton, then opens the manifest.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { MeshSnapshot } from '../connections/browseContext';
import { derivedInputCandidates, derivedProductFiles } from '../engines/lifecycle/derivedProduct';
import { askIdentity, chooseFolder, readPolicy, writeProductFiles } from './newProductCommand';

export function registerNewDerivedProductCommand(context: vscode.ExtensionContext, mesh: () => Promise<MeshSnapshot>): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.newDerivedProduct, () => newDerivedProduct(mesh)));
}

async function newDerivedProduct(mesh: () => Promise<MeshSnapshot>): Promise<vscode.Uri | undefined> {
  const folder = await chooseFolder();
  if (!folder) return undefined;
  let candidates;
  try {
    candidates = derivedInputCandidates((await mesh()).model);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not read the mesh: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (candidates.length === 0) {
    void vscode.window.showErrorMessage(
      'No product ports to read: add a data product to the workspace, or connect to a cluster whose catalog has some.',
    );
    return undefined;
  }
  const steps = 5;
  const picked = await vscode.window.showQuickPick(
    candidates.map((input) => ({
      label: `${input.product} / ${input.port}`,
      description: input.topic,
      detail: input.origin === 'draft' ? 'draft: only in this workspace' : undefined,
      input,
    })),
    { title: `New Derived Data Product (1/${steps})`, placeHolder: 'The ports the new product reads', canPickMany: true },
  );
  if (!picked || picked.length === 0) return undefined;
  const policy = await readPolicy(folder);
  const identity = await askIdentity('New Derived Data Product', policy, 2, steps);
  if (!identity) return undefined;
  let files;
  try {
    files = derivedProductFiles({ ...identity, policy, inputs: picked.map((item) => item.input) });
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    return undefined;
  }
  return writeProductFiles(folder, files, [
    { path: files.processorPath, text: files.processor },
    { path: files.readmePath, text: files.readme },
  ]);
}
