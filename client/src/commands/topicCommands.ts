/**
 * Data Mesh: Create Topic and Delete Topic. Create Topic started from a port, a product or a manifest is
 * pre-filled from the manifest (name, partitions, replication factor, configs), every value still editable.
 * Deleting asks the user to type the topic's name, so a misclick in a list of thousands cannot lose data.
 * Thin: ClusterBrowser does the work.
 */
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { COMMANDS } from '../commandIds';
import { describeForEditor } from '../connections/connectionRemedy';
import type { ClusterQueries, NewTopic } from '../engines/browse/clusterBrowser';
import { topicSpecsOfManifest, type PortTopicSpec } from '../engines/browse/portTopicSpec';

/** What the topic commands need of the connection. */
export interface TopicCommandCluster {
  cluster(): Promise<
    Pick<ClusterQueries, 'listTopics'> & { createTopic(topic: NewTopic): Promise<void>; deleteTopic(name: string): Promise<void> }
  >;
}

/** Kafka's own rule for topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function registerTopicCommands(context: vscode.ExtensionContext, manager: TopicCommandCluster, onChanged: () => void): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.createTopic, (node?: unknown) => createTopic(manager, onChanged, node)),
    vscode.commands.registerCommand(COMMANDS.deleteTopic, (node?: unknown) => deleteTopic(manager, topicNameOf(node), onChanged)),
  );
}

/** The topic of a tree node (a Topics view topic or a Mesh view topic reference), if it is one. */
export function topicNameOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as { kind?: unknown; name?: unknown };
  return (record.kind === 'topic' || record.kind === 'portTopic') && typeof record.name === 'string' ? record.name : undefined;
}

/** Kafka's reason a name is not a topic name, or undefined when it is one. */
export function topicNameProblem(name: string): string | undefined {
  if (!name) return 'A topic needs a name.';
  if (name === '.' || name === '..') return 'A topic cannot be named "." or "..".';
  if (!TOPIC_NAME.test(name)) return 'Topic names are 1 to 249 characters of letters, digits, ".", "_" and "-".';
  return undefined;
}

/**
 * The topic a node or file asks for: a Mesh port (its own), a product or a manifest (its ports; the user
 * picks when there are several). Undefined when there is nothing to start from, or the pick is cancelled.
 */
export async function topicSpecOf(node: unknown): Promise<PortTopicSpec | undefined> {
  let manifest: unknown;
  let portName: string | undefined;
  if (node instanceof vscode.Uri) manifest = await readManifest(node);
  else if (typeof node === 'object' && node !== null) {
    const record = node as {
      kind?: unknown;
      port?: { name?: unknown };
      product?: { manifestUri?: unknown; publishedManifest?: unknown };
    };
    if (record.kind === 'port' && typeof record.port?.name === 'string') portName = record.port.name;
    const product = record.product;
    if (typeof product?.manifestUri === 'string') manifest = await readManifest(vscode.Uri.parse(product.manifestUri));
    else manifest = product?.publishedManifest;
  }
  const specs = topicSpecsOfManifest(manifest).filter((spec) => portName === undefined || spec.port === portName);
  if (specs.length <= 1) return specs[0];
  const picked = await vscode.window.showQuickPick(
    specs.map((spec) => ({ label: spec.topic, description: `port ${spec.port}`, spec })),
    { title: 'Create Topic', placeHolder: 'Which port?' },
  );
  return picked?.spec;
}

async function readManifest(uri: vscode.Uri): Promise<unknown> {
  try {
    return parseYaml(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
  } catch {
    return undefined; // unreadable or broken YAML: Create Topic starts empty, as from the palette
  }
}

/** `cleanup.policy=compact, retention.ms=604800000`. */
function configsText(configs: Record<string, string>): string {
  return Object.entries(configs)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/** The configs typed as `name=value` pairs separated by commas; a string problem for anything else. */
export function parseConfigsText(text: string): Record<string, string> | string {
  const configs: Record<string, string> = {};
  for (const pair of text
    .split(/,(?=\s*[a-zA-Z][\w.]*\s*=)/)
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const match = /^([a-zA-Z][\w.]*)\s*=\s*(.*)$/.exec(pair);
    if (!match) return `"${pair}" is not name=value.`;
    configs[match[1]] = match[2].trim();
  }
  return configs;
}

async function createTopic(manager: TopicCommandCluster, onChanged: () => void, node?: unknown): Promise<string | undefined> {
  const spec = await topicSpecOf(node);
  const from = spec ? ` (from port ${spec.port})` : '';
  if (spec && spec.problems.length > 0) void vscode.window.showWarningMessage(`Create Topic ${spec.topic}: ${spec.problems.join('; ')}.`);
  const name = await vscode.window.showInputBox({
    title: `Create Topic (1/4)${from}`,
    prompt: 'Topic name',
    placeHolder: 'sales.orders.v1',
    ...(spec ? { value: spec.topic } : {}),
    validateInput: topicNameProblem,
    ignoreFocusOut: true,
  });
  if (name === undefined) return undefined;
  const partitionsText = await vscode.window.showInputBox({
    title: `Create Topic (2/4)${from}`,
    prompt: 'Number of partitions',
    value: String(spec?.partitions ?? 1),
    validateInput: (value) => (/^[1-9]\d{0,5}$/.test(value.trim()) ? undefined : 'A whole number of at least 1.'),
    ignoreFocusOut: true,
  });
  if (partitionsText === undefined) return undefined;
  const replicationText = await vscode.window.showInputBox({
    title: `Create Topic (3/4)${from}`,
    prompt: "Replication factor (empty: the cluster's default)",
    value: spec?.replicationFactor !== undefined ? String(spec.replicationFactor) : '',
    validateInput: (value) =>
      value.trim() === '' || /^[1-9]\d{0,2}$/.test(value.trim()) ? undefined : 'A whole number of at least 1, or empty.',
    ignoreFocusOut: true,
  });
  if (replicationText === undefined) return undefined;
  const configText = await vscode.window.showInputBox({
    title: `Create Topic (4/4)${from}`,
    prompt: "Topic configs as name=value, separated by commas (empty: the cluster's defaults)",
    placeHolder: 'cleanup.policy=compact, retention.ms=604800000',
    value: spec ? configsText(spec.configs) : '',
    validateInput: (value) => {
      const parsed = parseConfigsText(value);
      return typeof parsed === 'string' ? parsed : undefined;
    },
    ignoreFocusOut: true,
  });
  if (configText === undefined) return undefined;
  const configs = parseConfigsText(configText);
  if (typeof configs === 'string') return undefined;
  try {
    const cluster = await manager.cluster();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating topic ${name}` }, () =>
      cluster.createTopic({
        name,
        partitions: Number(partitionsText.trim()),
        ...(replicationText.trim() ? { replicationFactor: Number(replicationText.trim()) } : {}),
        ...(Object.keys(configs).length > 0 ? { configs } : {}),
      }),
    );
  } catch (error) {
    showFailure(`Topic ${name} was not created`, error);
    return undefined;
  }
  onChanged();
  void vscode.window.showInformationMessage(`Topic ${name} created.`);
  return name;
}

async function deleteTopic(manager: TopicCommandCluster, given: string | undefined, onChanged: () => void): Promise<boolean> {
  let name = given;
  try {
    if (!name) {
      const topics = await (await manager.cluster()).listTopics();
      const picked = await vscode.window.showQuickPick(
        topics.map((topic) => ({ label: topic.name, description: topic.internal ? 'internal' : `${topic.partitions} partitions` })),
        { title: 'Delete Topic', placeHolder: 'Which topic?', matchOnDescription: false },
      );
      name = picked?.label;
    }
  } catch (error) {
    showFailure('The topics could not be listed', error);
    return false;
  }
  if (!name) return false;
  const topic = name;
  const typed = await vscode.window.showInputBox({
    title: `Delete Topic ${topic}`,
    prompt: `This deletes ${topic} and every record in it, for every consumer. Type the topic's name to confirm.`,
    placeHolder: topic,
    validateInput: (value) => (value === topic ? undefined : `Type ${topic} exactly to delete it.`),
    ignoreFocusOut: true,
  });
  if (typed !== topic) return false;
  try {
    const cluster = await manager.cluster();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting topic ${topic}` }, () =>
      cluster.deleteTopic(topic),
    );
  } catch (error) {
    showFailure(`Topic ${topic} was not deleted`, error);
    return false;
  }
  onChanged();
  void vscode.window.showInformationMessage(`Topic ${topic} deleted.`);
  return true;
}

function showFailure(prefix: string, error: unknown): void {
  void vscode.window.showErrorMessage(`${prefix}: ${describeForEditor(error)}`);
}
