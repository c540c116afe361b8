/**
 * Open a registered schema version (read-only, language avro), Compare Versions (a diff of two versions of
 * one subject), and Compare with Registry Version (a workspace `.avsc` against any registered version of
 * its port's subject). The registry's documents come from the `datamesh-schema` content provider.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { describeForEditor } from '../connections/connectionRemedy';
import type { ConnectionManager } from '../connections/connectionManager';
import type { DraftSource } from '../connections/browseContext';
import { subjectsOfSchemaFile } from '../engines/browse/schemaFileSubjects';
import type { SchemaQueries } from '../engines/browse/schemaBrowser';
import { schemaVersionUri, type SchemaVersionRef } from '../schemaUris';

/** What Compare with Registry Version needs: the active connection's name and registry, and the workspace's manifests. */
export interface RegistryComparisonSources {
  connectionName(): string | undefined;
  schemas(): Promise<SchemaQueries | undefined>;
  drafts: Pick<DraftSource, 'products'>;
}

export function registerSchemaCommands(context: vscode.ExtensionContext, manager: ConnectionManager, drafts: DraftSource): void {
  const sources: RegistryComparisonSources = {
    connectionName: () => (manager.connectionState().kind === 'active' ? manager.activeProfile()?.name : undefined),
    schemas: () => manager.schemas(),
    drafts,
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.openSchemaVersion, (arg?: unknown) => openSchemaVersion(manager, versionRefOf(arg))),
    vscode.commands.registerCommand(COMMANDS.compareSchemaVersions, (arg?: unknown) => compareVersions(manager, versionRefOf(arg))),
    vscode.commands.registerCommand(COMMANDS.compareWithRegistryVersion, (arg?: unknown) =>
      compareWithRegistryVersion(sources, arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri),
    ),
  );
}

/**
 * Diffs a workspace `.avsc` (right) against a registered version (left) of the subject of the port whose key
 * or value schema it is. Several ports: the user picks the subject; none: any subject of the registry. Resolves
 * what was compared, or undefined when cancelled or impossible (with a message saying why).
 */
export async function compareWithRegistryVersion(
  sources: RegistryComparisonSources,
  file: vscode.Uri | undefined,
): Promise<{ subject: string; version: number } | undefined> {
  if (!file || !file.path.endsWith('.avsc')) {
    void vscode.window.showInformationMessage('Compare with Registry Version works on an Avro schema file (.avsc).');
    return undefined;
  }
  const connection = sources.connectionName();
  if (!connection) {
    void vscode.window.showWarningMessage('No active Kafka connection: choose one with Switch Connection or Add Connection.');
    return undefined;
  }
  try {
    const registry = await sources.schemas();
    if (!registry) {
      void vscode.window.showWarningMessage('The active connection has no schema registry.');
      return undefined;
    }
    const ports = subjectsOfSchemaFile(await sources.drafts.products(), file.toString());
    let subject: string | undefined;
    if (ports.length === 1) subject = ports[0].subject;
    else if (ports.length > 1) {
      const picked = await vscode.window.showQuickPick(
        ports.map((port) => ({
          label: port.subject,
          description: `${port.role} schema of ${port.productId} / ${port.port}`,
          subject: port.subject,
        })),
        { title: 'Compare with Registry Version', placeHolder: 'This file is the schema of several ports: which subject?' },
      );
      subject = picked?.subject;
    } else {
      // No manifest names this file: any subject, so a schema not yet wired to a port can still be compared.
      subject = await vscode.window.showQuickPick(await registry.subjects(), {
        title: 'Compare with Registry Version',
        placeHolder: 'No output port uses this file as its schema: compare it with which subject?',
      });
    }
    if (!subject) return undefined;
    const versions = await registry.versions(subject);
    if (versions.length === 0) {
      void vscode.window.showInformationMessage(`${subject} has no registered version yet: the file would be its first.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      [...versions]
        .sort((a, b) => b.version - a.version)
        .map((version, index) => ({
          label: `v${version.version}`,
          description: `id ${version.id}${index === 0 ? ' · latest' : ''}`,
          version: version.version,
        })),
      { title: `Compare ${file.path.split('/').pop()} with ${subject}`, placeHolder: 'Which registered version?' },
    );
    if (!picked) return undefined;
    await vscode.commands.executeCommand(
      'vscode.diff',
      schemaVersionUri({ subject, version: picked.version }, connection),
      file,
      `${subject} v${picked.version} (registry) ↔ ${file.path.split('/').pop()} (workspace)`,
      { preview: true },
    );
    return { subject, version: picked.version };
  } catch (error) {
    void vscode.window.showErrorMessage(`The schema could not be compared with the registry: ${describeForEditor(error)}`);
    return undefined;
  }
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
