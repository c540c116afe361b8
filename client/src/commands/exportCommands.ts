/**
 * Data Mesh: Export as ODPS / Export as ODCS: the export engine's YAML for the active manifest (or a picked
 * one), opened in an untitled YAML document so nothing is written until the user saves it where they want.
 * Data Mesh: Import from ODCS: the import engine's manifest and schemas, written into a chosen folder.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { ExportTarget } from '../engines/export/exportEngine';
import { manifestFromArgument, savedManifestPath } from './manifestTarget';

// The engine (yaml, the language services) loads on first use, not at activation.
const load = () => require('../engines/export/exportEngine') as typeof import('../engines/export/exportEngine');
const loadImport = () => require('../engines/import/importFiles') as typeof import('../engines/import/importFiles');

const TITLES: Record<ExportTarget, string> = { odps: 'Export as ODPS', odcs: 'Export as ODCS' };

export function registerExportCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.exportOdps, (argument?: unknown) => exportTo('odps', argument)),
    vscode.commands.registerCommand(COMMANDS.exportOdcs, (argument?: unknown) => exportTo('odcs', argument)),
    vscode.commands.registerCommand(COMMANDS.importOdcs, () => importFromOdcs()),
  );
}

async function exportTo(target: ExportTarget, argument: unknown): Promise<void> {
  const title = TITLES[target];
  const uri = await manifestFromArgument(argument, title);
  if (uri === undefined) return;
  const path = await savedManifestPath(uri, 'export');
  if (path === undefined) return;
  const engine = load();
  let yaml: string;
  try {
    yaml = await engine.exportManifest(path, target);
  } catch (error) {
    if (error instanceof engine.InvalidManifestError) {
      const count = error.files.reduce((sum, file) => sum + file.diagnostics.length, 0);
      const answer = await vscode.window.showErrorMessage(
        `${title}: ${vscode.workspace.asRelativePath(uri)} has ${count} problem${count === 1 ? '' : 's'}; fix the errors before exporting.`,
        'Show Problems',
      );
      if (answer === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
      return;
    }
    console.error(error);
    void vscode.window.showErrorMessage(`${title}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: yaml });
  await vscode.window.showTextDocument(document, { preview: false });
}

/** Data Mesh: Import from ODCS: a contract file → a manifest and its schemas in a chosen folder, then the manifest opens. */
async function importFromOdcs(): Promise<void> {
  const [contract] =
    (await vscode.window.showOpenDialog({
      title: 'Import from ODCS: the data contract',
      canSelectMany: false,
      filters: { 'ODCS contract (YAML)': ['yaml', 'yml'] },
    })) ?? [];
  if (contract === undefined) return;
  const [folder] =
    (await vscode.window.showOpenDialog({
      title: 'Import from ODCS: the folder for the manifest and its schemas',
      canSelectFiles: false,
      canSelectFolders: true,
      defaultUri: vscode.Uri.joinPath(contract, '..'),
    })) ?? [];
  if (folder === undefined) return;
  const engine = loadImport();
  try {
    const [manifest] = engine.writeImport(engine.importOdcsFile(contract.fsPath), folder.fsPath);
    await vscode.window.showTextDocument(vscode.Uri.file(manifest));
  } catch (error) {
    // A contract that is not ODCS, or files that exist already, are the user's to fix; anything else is a bug.
    if (!(error instanceof engine.OdcsImportError || error instanceof engine.ImportTargetExistsError)) console.error(error);
    void vscode.window.showErrorMessage(`Import from ODCS: ${error instanceof Error ? error.message : String(error)}`);
  }
}
