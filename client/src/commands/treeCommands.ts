/**
 * Commands of the tree views' title bars and context menus: refresh, show/hide internal topics,
 * reveal a product's manifest, copy a node's name. They read nodes structurally (`name`,
 * `manifestUri`, `idRange`), so they need nothing from the views' modules.
 */
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS } from '../commandIds';

export type TreeName = 'mesh' | 'topics' | 'schemas' | 'groups';

export interface TreeCommandTargets {
  refresh(tree: TreeName): void;
  setShowInternalTopics(show: boolean): void;
  showsInternalTopics(): boolean;
  topicFilter(): string;
  setTopicFilter(text: string): void;
}

export function registerTreeCommands(context: vscode.ExtensionContext, targets: TreeCommandTargets): void {
  const setInternal = async (show: boolean) => {
    targets.setShowInternalTopics(show);
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.showInternalTopics, show);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.refreshMesh, () => targets.refresh('mesh')),
    vscode.commands.registerCommand(COMMANDS.refreshTopics, () => targets.refresh('topics')),
    vscode.commands.registerCommand(COMMANDS.refreshSchemas, () => targets.refresh('schemas')),
    vscode.commands.registerCommand(COMMANDS.refreshGroups, () => targets.refresh('groups')),
    vscode.commands.registerCommand(COMMANDS.showInternalTopics, () => setInternal(true)),
    vscode.commands.registerCommand(COMMANDS.hideInternalTopics, () => setInternal(false)),
    vscode.commands.registerCommand(COMMANDS.toggleInternalTopics, () => setInternal(!targets.showsInternalTopics())),
    vscode.commands.registerCommand(COMMANDS.filterTopics, async (text?: unknown) => {
      const filter =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: 'Filter Topics',
              prompt: 'Show only topics whose name contains this text (any case); empty shows them all',
              value: targets.topicFilter(),
            });
      if (filter !== undefined) targets.setTopicFilter(filter);
    }),
    vscode.commands.registerCommand(COMMANDS.revealManifest, (node?: unknown) => revealManifest(node)),
    vscode.commands.registerCommand(COMMANDS.copyName, (node?: unknown) => copyName(node)),
  );
}

interface ManifestLocation {
  manifestUri: string;
  idRange?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** The manifest of a product node, if it has one. */
export function manifestOf(node: unknown): ManifestLocation | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as { manifestUri?: unknown; idRange?: unknown; product?: { manifestUri?: unknown; idRange?: unknown } };
  const uri =
    typeof record.manifestUri === 'string'
      ? record.manifestUri
      : typeof record.product?.manifestUri === 'string'
        ? record.product.manifestUri
        : undefined;
  if (!uri) return undefined;
  const range = (record.idRange ?? record.product?.idRange) as ManifestLocation['idRange'] | undefined;
  return { manifestUri: uri, ...(range ? { idRange: range } : {}) };
}

/** What Copy Name copies: the node's `name` (a topic, subject, product id, group id, config name...). */
export function nameOf(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as { kind?: unknown; name?: unknown; subject?: unknown; version?: unknown };
  // A schema version copies its subject, which is what one pastes into a client or a manifest.
  if (record.kind === 'version' && typeof record.subject === 'string') return record.subject;
  return typeof record.name === 'string' ? record.name : undefined;
}

async function revealManifest(node: unknown): Promise<void> {
  const location = manifestOf(node);
  if (!location) {
    void vscode.window.showInformationMessage('This product has no manifest in the workspace (it is only in the catalog).');
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.manifestUri));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  if (location.idRange) {
    const range = new vscode.Range(
      location.idRange.start.line,
      location.idRange.start.character,
      location.idRange.end.line,
      location.idRange.end.character,
    );
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

async function copyName(node: unknown): Promise<void> {
  const name = nameOf(node);
  if (!name) return;
  await vscode.env.clipboard.writeText(name);
  vscode.window.setStatusBarMessage(`Copied ${name}`, 2000);
}
