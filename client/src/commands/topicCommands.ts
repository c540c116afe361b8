/**
 * Data Mesh: Create Topic and Delete Topic. Deleting asks the user to type the topic's name, so a
 * misclick in a list of thousands cannot lose data. Thin: ClusterBrowser does the work.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { describeForEditor } from '../connections/connectionRemedy';
import type { ConnectionManager } from '../connections/connectionManager';

/** Kafka's own rule for topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function registerTopicCommands(context: vscode.ExtensionContext, manager: ConnectionManager, onChanged: () => void): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.createTopic, () => createTopic(manager, onChanged)),
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

async function createTopic(manager: ConnectionManager, onChanged: () => void): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title: 'Create Topic (1/3)',
    prompt: 'Topic name',
    placeHolder: 'sales.orders.v1',
    validateInput: topicNameProblem,
    ignoreFocusOut: true,
  });
  if (name === undefined) return undefined;
  const partitionsText = await vscode.window.showInputBox({
    title: 'Create Topic (2/3)',
    prompt: 'Number of partitions',
    value: '1',
    validateInput: (value) => (/^[1-9]\d{0,5}$/.test(value.trim()) ? undefined : 'A whole number of at least 1.'),
    ignoreFocusOut: true,
  });
  if (partitionsText === undefined) return undefined;
  const replicationText = await vscode.window.showInputBox({
    title: 'Create Topic (3/3)',
    prompt: "Replication factor (empty: the cluster's default)",
    value: '',
    validateInput: (value) =>
      value.trim() === '' || /^[1-9]\d{0,2}$/.test(value.trim()) ? undefined : 'A whole number of at least 1, or empty.',
    ignoreFocusOut: true,
  });
  if (replicationText === undefined) return undefined;
  try {
    const cluster = await manager.cluster();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating topic ${name}` }, () =>
      cluster.createTopic({
        name,
        partitions: Number(partitionsText.trim()),
        ...(replicationText.trim() ? { replicationFactor: Number(replicationText.trim()) } : {}),
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

async function deleteTopic(manager: ConnectionManager, given: string | undefined, onChanged: () => void): Promise<boolean> {
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
