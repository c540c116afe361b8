/**
 * The product lifecycle from the palette: Retire (the final catalog record, the tombstone after a grace
 * period; topics deleted only on a separate, typed confirmation), Deprecate (the manifest's deprecation
 * block and `status: deprecated`, then the publish preview) and Bump Version (patch, minor or major; a
 * major adds ports with the new major's topics). Manifest edits are WorkspaceEdits, so Undo works.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { ConnectionManager } from '../connections/connectionManager';
import { describeForEditor } from '../connections/connectionRemedy';
import { DEFAULT_CATALOG_TOPIC } from '../engines/catalog/catalogNames';
import type { BumpKind, VersionBump } from '../engines/lifecycle/versionBump';
import { DurationError, isoDurationToMs } from '../engines/publish/isoDuration';
import type { PublishRunner } from '../panels/publish/publishRunner';
import { manifestFromArgument, productIdOfNode, savedManifestPath } from './manifestTarget';

// The engines (kafkajs, yaml, the language services) load on first use, not at activation.
const load = {
  retire: () => require('../engines/lifecycle/retireEngine') as typeof import('../engines/lifecycle/retireEngine'),
  deprecation: () => require('../engines/lifecycle/deprecation') as typeof import('../engines/lifecycle/deprecation'),
  versionBump: () => require('../engines/lifecycle/versionBump') as typeof import('../engines/lifecycle/versionBump'),
  yaml: () => require('yaml') as typeof import('yaml'),
  services: () => require('../../../server/src/services/index') as typeof import('../../../server/src/services/index'),
};

export function registerLifecycleCommands(context: vscode.ExtensionContext, manager: ConnectionManager, runner: PublishRunner): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.retireProduct, (argument?: unknown) => retire(argument, manager, runner)),
    vscode.commands.registerCommand(COMMANDS.deprecateProduct, (argument?: unknown) => deprecate(argument)),
    vscode.commands.registerCommand(COMMANDS.bumpVersion, (argument?: unknown) => bumpVersion(argument)),
  );
}

interface RetireTarget {
  /** What the engine takes: a manifest's path or the product id. */
  target: string;
  productId: string;
  topics: string[];
}

async function retireTarget(argument: unknown, manager: ConnectionManager): Promise<RetireTarget | undefined> {
  const published = manager.catalogProducts();
  const topicsOf = (id: string, fallback: string[] = []) => {
    const product = published.find((candidate) => candidate.id === id);
    const topics = product?.outputPorts.map((port) => port.topic).filter((topic): topic is string => typeof topic === 'string') ?? [];
    return topics.length > 0 ? topics : fallback;
  };
  const nodeId = productIdOfNode(argument);
  if (nodeId) return { target: nodeId, productId: nodeId, topics: topicsOf(nodeId) };
  const active = vscode.window.activeTextEditor?.document;
  if (argument === undefined && active?.languageId !== 'dataproduct' && published.length > 0) {
    const picked = await vscode.window.showQuickPick(
      published.map((product) => ({ label: product.id, description: product.status, id: product.id })),
      { title: 'Retire Data Product', placeHolder: 'Which published product?' },
    );
    return picked && { target: picked.id, productId: picked.id, topics: topicsOf(picked.id) };
  }
  const uri = await manifestFromArgument(argument, 'Retire Data Product');
  const path = uri && (await savedManifestPath(uri, 'retire'));
  if (!path) return undefined;
  try {
    const productId = load.retire().retireTargetId(path);
    return { target: path, productId, topics: topicsOf(productId, manifestTopics(readFileSync(path, 'utf8'))) };
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot retire: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function retire(argument: unknown, manager: ConnectionManager, runner: PublishRunner): Promise<void> {
  const target = await retireTarget(argument, manager);
  if (!target) return;
  const { productId } = target;
  const confirmed = await vscode.window.showWarningMessage(
    `Retire ${productId}?`,
    {
      modal: true,
      detail:
        'Retiring writes the final catalog record now, with status retired. Once the grace period is over, a later Retire ' +
        'writes the tombstone that removes the product from the catalog (a grace period of PT0S writes it at once). ' +
        'Topics and schema subjects are kept: their data stays readable. Deleting topics is a separate choice afterwards.',
    },
    'Retire',
  );
  if (confirmed !== 'Retire') return;
  const graceText = await vscode.window.showInputBox({
    title: `Retire ${productId}: grace period`,
    prompt: 'How long the retired product stays in the catalog, as an ISO 8601 duration (PT0S: remove it at once)',
    value: load.retire().DEFAULT_GRACE,
    ignoreFocusOut: true,
    validateInput: (text) => {
      try {
        isoDurationToMs(text.trim());
        return undefined;
      } catch (error) {
        return error instanceof DurationError ? error.message : String(error);
      }
    },
  });
  if (graceText === undefined) return;
  const grace = graceText.trim();
  let result: Awaited<ReturnType<ReturnType<typeof load.retire>['retireProduct']>>;
  try {
    const { kafka } = await manager.clients();
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Retiring ${productId}` },
      (progress) =>
        load.retire().retireProduct(kafka, {
          target: target.target,
          graceMs: isoDurationToMs(grace),
          graceText: grace,
          retiredBy: runner.publishedBy(),
          catalogTopic: vscode.workspace.getConfiguration('datamesh').get<string>('catalogTopic') || DEFAULT_CATALOG_TOPIC,
          onProgress: (message) => progress.report({ message }),
        }),
    );
  } catch (error) {
    runner.logError(`${productId} was not retired`, error);
    void vscode.window.showErrorMessage(`${productId} was not retired: ${describeForEditor(error)}`);
    return;
  }
  runner.audit(result.audit);
  switch (result.status) {
    case 'not-found':
      void vscode.window.showWarningMessage(`${productId} is not in the catalog: there is nothing to retire.`);
      return;
    case 'retired':
      void vscode.window.showInformationMessage(
        `Retired ${productId}: the final record is written; the tombstone is due at ${result.tombstoneDueAt} (run Retire again then).`,
      );
      break;
    case 'waiting':
      void vscode.window.showInformationMessage(
        `${productId} was retired at ${result.retiredAt}; the tombstone is due at ${result.tombstoneDueAt}.`,
      );
      break;
    case 'tombstoned':
      void vscode.window.showInformationMessage(`Retired ${productId} and wrote its tombstone: it is no longer in the catalog.`);
      break;
  }
  void vscode.commands.executeCommand(COMMANDS.refreshMesh);
  if (target.topics.length > 0) await offerTopicDeletion(productId, target.topics, manager, runner);
}

/** Deleting a retired product's topics: only when chosen, and each after typing its exact name. */
async function offerTopicDeletion(productId: string, topics: string[], manager: ConnectionManager, runner: PublishRunner): Promise<void> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Keep the topics', description: 'their events stay readable (recommended)', delete: false },
      { label: 'Delete topics…', description: `${topics.join(', ')}: their events are lost`, delete: true },
    ],
    { title: `${productId} is retired: its topics`, placeHolder: 'Keep or delete the topics?', ignoreFocusOut: true },
  );
  if (!choice?.delete) return;
  const chosen = await vscode.window.showQuickPick(
    topics.map((topic) => ({ label: topic })),
    { title: 'Delete topics', placeHolder: 'Which topics to delete?', canPickMany: true, ignoreFocusOut: true },
  );
  for (const { label: topic } of chosen ?? []) {
    const typed = await vscode.window.showInputBox({
      title: `Delete topic ${topic}`,
      prompt: `Type the topic's name to delete it and all its events: ${topic}`,
      ignoreFocusOut: true,
      validateInput: (text) => (text === topic ? undefined : `Type exactly ${topic}`),
    });
    if (typed !== topic) continue;
    try {
      await (await manager.cluster()).deleteTopic(topic);
      runner.output().appendLine(`${new Date().toISOString()} delete-topic ${topic} (of ${productId}) by ${runner.publishedBy()}: deleted`);
      void vscode.window.showInformationMessage(`Topic ${topic} deleted.`);
    } catch (error) {
      runner.logError(`Topic ${topic} was not deleted`, error);
      void vscode.window.showErrorMessage(`Topic ${topic} was not deleted: ${describeForEditor(error)}`);
    }
  }
  void vscode.commands.executeCommand(COMMANDS.refreshTopics);
}

async function deprecate(argument: unknown): Promise<void> {
  const { defaultSunset, deprecationFacts, ManifestEditError, withDeprecationBlock, withStatus } = load.deprecation();
  const uri = await manifestFromArgument(argument, 'Deprecate Data Product');
  if (!uri) return;
  const document = await vscode.workspace.openTextDocument(uri);
  let text = document.getText();
  try {
    const facts = deprecationFacts(text);
    if (!facts.deprecation) {
      const answer = await vscode.window.showWarningMessage(
        `${vscode.workspace.asRelativePath(uri)} has no deprecation block.`,
        { modal: true, detail: 'A deprecated product needs one: when it is no longer served (sunset) and, optionally, what replaces it.' },
        'Add Deprecation Block',
      );
      if (answer !== 'Add Deprecation Block') return;
      const sunset = await vscode.window.showInputBox({
        title: 'Deprecation: sunset date',
        prompt: 'The date after which the product is no longer served (YYYY-MM-DD)',
        value: defaultSunset(new Date()),
        ignoreFocusOut: true,
        validateInput: (value) =>
          /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) && !Number.isNaN(Date.parse(value.trim())) ? undefined : 'A date as YYYY-MM-DD',
      });
      if (sunset === undefined) return;
      const replacement = await vscode.window.showInputBox({
        title: 'Deprecation: replacement (optional)',
        prompt: 'The id of the product that replaces this one; leave empty when there is none',
        placeHolder: 'sales.orders-v2',
        ignoreFocusOut: true,
      });
      if (replacement === undefined) return;
      text = withDeprecationBlock(text, sunset.trim(), replacement.trim() || undefined);
    }
    if (facts.status !== 'deprecated') text = withStatus(text, 'deprecated');
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot deprecate: ${error instanceof ManifestEditError ? error.message : String(error)}`);
    return;
  }
  if (text !== document.getText() && !(await replaceText(document, text))) return;
  await vscode.window.showTextDocument(document, { preview: false });
  // The status reaches the catalog through a publish, previewed first.
  if (await document.save()) await vscode.commands.executeCommand(COMMANDS.previewPublish, uri);
}

async function bumpVersion(argument: unknown): Promise<void> {
  const { bumpManifestVersion, nextVersion, VersionBumpError } = load.versionBump();
  const uri = await manifestFromArgument(argument, 'Bump Version');
  if (!uri) return;
  const document = await vscode.workspace.openTextDocument(uri);
  const text = document.getText();
  const current = manifestVersion(text);
  const preview = (kind: BumpKind) => {
    try {
      return current === undefined ? '' : `${current} → ${nextVersion(current, kind)}`;
    } catch {
      return '';
    }
  };
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'patch', description: preview('patch'), detail: 'Fixes that change nothing for consumers.', bump: 'patch' as const },
      { label: 'minor', description: preview('minor'), detail: 'Compatible additions.', bump: 'minor' as const },
      {
        label: 'major',
        description: preview('major'),
        detail: "A breaking change: new output ports with the new major's topics; the old ports stay until retired.",
        bump: 'major' as const,
      },
    ],
    { title: 'Bump Version', placeHolder: 'Which part of the version?' },
  );
  if (!picked) return;
  let bump: VersionBump;
  try {
    bump = bumpManifestVersion(text, picked.bump, topicPatternFor(uri));
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot bump the version: ${error instanceof VersionBumpError ? error.message : String(error)}`);
    return;
  }
  if (!(await replaceText(document, bump.text))) return;
  await vscode.window.showTextDocument(document, { preview: false });
  const added = bump.addedPorts.map((port) => `${port.name} (${port.topic})`).join(', ');
  const parts = [`Version ${bump.from} → ${bump.to}.`];
  if (picked.bump === 'major') {
    parts.push(
      added
        ? `New output ports: ${added}. The old ports stay until the old version is retired (their descriptions say so).`
        : 'No new output ports were added.',
      ...bump.notes,
    );
  }
  void vscode.window.showInformationMessage(parts.join(' '));
}

function manifestVersion(text: string): string | undefined {
  try {
    const value = (load.yaml().parse(text) as { version?: unknown } | null)?.version;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The whole document replaced in one edit (the yaml Document API kept its comments and layout). */
async function replaceText(document: vscode.TextDocument, text: string): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(document.uri)} could not be edited.`);
  return applied;
}

/** The nearest policy's topicPattern above the manifest (within its workspace folder); undefined: the default. */
function topicPatternFor(uri: vscode.Uri): string | undefined {
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  for (let dir = dirname(uri.fsPath); ; dir = dirname(dir)) {
    const file = join(dir, load.services().POLICY_FILE_NAME);
    if (existsSync(file)) {
      try {
        const pattern = (load.yaml().parse(readFileSync(file, 'utf8')) as { topicPattern?: unknown } | null)?.topicPattern;
        return typeof pattern === 'string' ? pattern : undefined;
      } catch {
        return undefined;
      }
    }
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

function manifestTopics(text: string): string[] {
  try {
    const ports = (load.yaml().parse(text) as { outputPorts?: unknown } | null)?.outputPorts;
    return Array.isArray(ports)
      ? ports.map((port) => (port as { topic?: unknown } | null)?.topic).filter((topic): topic is string => typeof topic === 'string')
      : [];
  } catch {
    return [];
  }
}
