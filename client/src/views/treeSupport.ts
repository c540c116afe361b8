/**
 * What the four trees share: the error node with a Retry action, the "No connection" node, escaped
 * Markdown tooltips, and a base class that wires refresh events. Nodes are plain objects; each has a
 * `name` (what Copy Name copies) and, for products, the manifest location (for Reveal Manifest).
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { describeConnectionError } from '../kafka/connectionErrors';
import { editorRemedy } from '../connections/connectionRemedy';
import {
  NoConnectionError,
  type BrowseChange,
  type BrowseContext,
  type ConnectionState,
  type Subscription,
} from '../connections/browseContext';

/** A node that reports a failure: the error's specific message, what to do about it, and Retry. */
export interface ErrorNode {
  kind: 'error';
  /** Unique within the view, e.g. "topics" or "topic:orders". */
  key: string;
  /** What was being done, e.g. "List topics". */
  what: string;
  error: unknown;
  name: string;
}

/** The "No connection — Add Connection" node, or "No active connection — Switch Connection". */
export interface ConnectionNode {
  kind: 'connection';
  state: ConnectionState;
  name: string;
}

/** An informational leaf (an empty folder, a hidden count). */
export interface MessageNode {
  kind: 'message';
  key: string;
  name: string;
  label: string;
  icon?: string;
  command?: vscode.Command;
  tooltip?: string;
}

export function errorNode(key: string, what: string, error: unknown): ErrorNode {
  return { kind: 'error', key, what, error, name: key };
}

export function connectionNode(state: ConnectionState): ConnectionNode {
  return { kind: 'connection', state, name: 'connection' };
}

export function messageNode(
  key: string,
  label: string,
  options: { icon?: string; command?: vscode.Command; tooltip?: string } = {},
): MessageNode {
  return { kind: 'message', key, name: label, label, ...options };
}

export function errorTreeItem(viewId: string, node: ErrorNode): vscode.TreeItem {
  // A missing connection is not a failure: say what to do instead.
  if (node.error instanceof NoConnectionError) {
    const item = new vscode.TreeItem(node.error.message, vscode.TreeItemCollapsibleState.None);
    item.id = `${viewId}:error:${node.key}`;
    item.iconPath = new vscode.ThemeIcon('plug');
    item.contextValue = 'noConnection';
    item.command = { command: COMMANDS.switchConnection, title: 'Switch Connection' };
    return item;
  }
  const description = describeConnectionError(node.error);
  const remedy = editorRemedy(description.remedy);
  const item = new vscode.TreeItem(`${node.what} failed: ${description.message}`, vscode.TreeItemCollapsibleState.None);
  item.id = `${viewId}:error:${node.key}`;
  item.description = remedy;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  item.contextValue = 'error';
  item.tooltip = markdown([
    `**${escapeMarkdown(node.what)} failed** (${escapeMarkdown(description.kind)})`,
    escapeMarkdown(description.message),
    `_${escapeMarkdown(remedy)}_`,
    'Click to retry.',
  ]);
  item.command = { command: COMMANDS.retry, title: 'Retry', arguments: [viewId] };
  return item;
}

export function connectionTreeItem(viewId: string, node: ConnectionNode): vscode.TreeItem {
  const none = node.state.kind === 'none';
  const item = new vscode.TreeItem(
    none ? 'No connection — Add Connection' : 'No active connection — Switch Connection',
    vscode.TreeItemCollapsibleState.None,
  );
  item.id = `${viewId}:connection`;
  item.iconPath = new vscode.ThemeIcon('plug');
  item.contextValue = 'noConnection';
  item.tooltip = none
    ? 'Add a Kafka connection (bootstrap servers, security, schema registry) to see the published products, topics, schemas and consumer groups.'
    : 'Choose which of your connections to browse.';
  item.command = none
    ? { command: COMMANDS.addConnection, title: 'Add Connection' }
    : { command: COMMANDS.switchConnection, title: 'Switch Connection' };
  return item;
}

export function messageTreeItem(viewId: string, node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = `${viewId}:message:${node.key}`;
  item.iconPath = new vscode.ThemeIcon(node.icon ?? 'info');
  item.contextValue = 'message';
  if (node.tooltip) item.tooltip = node.tooltip;
  if (node.command) item.command = node.command;
  return item;
}

/** The nodes every view shares: an error with Retry, the connection prompt, a message. */
export type SharedNode = ErrorNode | ConnectionNode | MessageNode;

/** The tree item of a shared node, the same in every view. */
export function sharedTreeItem(viewId: string, node: SharedNode): vscode.TreeItem {
  switch (node.kind) {
    case 'error':
      return errorTreeItem(viewId, node);
    case 'connection':
      return connectionTreeItem(viewId, node);
    case 'message':
      return messageTreeItem(viewId, node);
  }
}

/** Markdown special characters escaped, so that names and server messages show as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (character) => `\\${character}`).replace(/\r?\n/g, '  \n');
}

/** A tooltip from lines that are already escaped; links and HTML stay off. */
export function markdown(lines: readonly string[]): vscode.MarkdownString {
  const text = new vscode.MarkdownString(lines.join('\n\n'));
  text.isTrusted = false;
  text.supportHtml = false;
  return text;
}

/** "3 products", "1 product". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/**
 * A TreeDataProvider over the BrowseContext: `refresh()` and change events fire onDidChangeTreeData;
 * subclasses say which changes concern them.
 */
export abstract class BrowseTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<T | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: Subscription;

  constructor(
    protected readonly context: BrowseContext,
    readonly viewId: string,
    relevant: readonly BrowseChange[],
  ) {
    this.subscription = context.onDidChange((change) => {
      if (relevant.includes(change)) this.refresh();
    });
  }

  refresh(node?: T): void {
    this.emitter.fire(node);
  }

  abstract getTreeItem(node: T): vscode.TreeItem;
  abstract getChildren(node?: T): Promise<T[]>;

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
