/**
 * Open a registered schema version (read-only, language avro) and Compare Versions (a diff of two
 * versions of one subject). The documents come from the `datamesh-schema` content provider.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { describeForEditor } from '../connections/connectionRemedy';
import type { ConnectionManager } from '../connections/connectionManager';
import { schemaVersionUri, type SchemaVersionRef } from '../schemaUris';

export function registerSchemaCommands(context: vscode.ExtensionContext, manager: ConnectionManager): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.openSchemaVersion, (arg?: unknown) => openSchemaVersion(manager, versionRefOf(arg))),
    vscode.commands.registerCommand(COMMANDS.compareSchemaVersions, (arg?: unknown) => compareVersions(manager, versionRefOf(arg))),
  );
}

/** `{subject, version}` from a command argument (a Schemas view version node or a plain reference). */
export function versionRefOf(arg: unknown): SchemaVersionRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const record = arg as { subject?: unknown; version?: unknown };
  return typeof record.subject === 'string' && typeof record.version === 'number'
    ? { subject: record.subject, version: record.version }
    : undefined;
}

async function openSchemaVersion(manager: ConnectionManager, ref: SchemaVersionRef | undefined): Promise<vscode.TextEditor | undefined> {
  const connection = manager.activeProfile()?.name;
  if (!connection) {
    void vscode.window.showWarningMessage('No active Kafka connection.', 'Add Connection').then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.addConnection);
    });
    return undefined;
  }
  const chosen = ref ?? (await pickVersion(manager, 'Open Schema Version'));
  if (!chosen) return undefined;
  try {
    const document = await vscode.workspace.openTextDocument(schemaVersionUri(chosen, connection));
    if (document.languageId !== 'avro') await vscode.languages.setTextDocumentLanguage(document, 'avro');
    return await vscode.window.showTextDocument(document, { preview: true });
  } catch (error) {
    void vscode.window.showErrorMessage(
      `The schema ${chosen.subject} v${chosen.version} could not be opened: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

async function compareVersions(manager: ConnectionManager, ref: SchemaVersionRef | undefined): Promise<void> {
  const connection = manager.activeProfile()?.name;
  if (!connection) return;
  try {
    const registry = await manager.schemas();
    if (!registry) {
      void vscode.window.showWarningMessage('The active connection has no schema registry.');
      return;
    }
    let subject = ref?.subject;
    if (!subject) {
      const subjects = await registry.subjects();
      subject = await vscode.window.showQuickPick(subjects, { title: 'Compare Versions', placeHolder: 'Which subject?' });
      if (!subject) return;
    }
    const versions = (await registry.versions(subject)).map((version) => version.version);
    if (versions.length < 2) {
      void vscode.window.showInformationMessage(`${subject} has only one version; there is nothing to compare.`);
      return;
    }
    // The right side: the chosen version (or the latest); the left: the user picks, the previous one first.
    const right = ref?.version ?? versions[versions.length - 1];
    const others = versions.filter((version) => version !== right).sort((a, b) => Math.abs(right - a) - Math.abs(right - b) || b - a);
    const picked = await vscode.window.showQuickPick(
      others.map((version) => ({ label: `v${version}`, description: version < right ? 'older' : 'newer', version })),
      { title: `Compare ${subject} v${right} with…` },
    );
    if (!picked) return;
    const [older, newer] = picked.version < right ? [picked.version, right] : [right, picked.version];
    await vscode.commands.executeCommand(
      'vscode.diff',
      schemaVersionUri({ subject, version: older }, connection),
      schemaVersionUri({ subject, version: newer }, connection),
      `${subject}: v${older} ↔ v${newer}`,
      { preview: true },
    );
  } catch (error) {
    void vscode.window.showErrorMessage(`The versions could not be compared: ${describeForEditor(error)}`);
  }
}

async function pickVersion(manager: ConnectionManager, title: string): Promise<SchemaVersionRef | undefined> {
  try {
    const registry = await manager.schemas();
    if (!registry) return undefined;
    const subject = await vscode.window.showQuickPick(await registry.subjects(), { title, placeHolder: 'Which subject?' });
    if (!subject) return undefined;
    const versions = await registry.versions(subject);
    const picked = await vscode.window.showQuickPick(
      [...versions]
        .reverse()
        .map((version) => ({ label: `v${version.version}`, description: `id ${version.id}`, version: version.version })),
      { title, placeHolder: 'Which version?' },
    );
    return picked ? { subject, version: picked.version } : undefined;
  } catch (error) {
    void vscode.window.showErrorMessage(describeForEditor(error));
    return undefined;
  }
}
