/**
 * The status bar item: the active connection and its health (unknown until something connects:
 * activation never touches the network). Click to switch connections, or to add the first one.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { ConnectionHealth, ConnectionManager, Health } from './connectionManager';
import { formatForEditor } from './connectionRemedy';

/** What the status bar item shows, as plain data (for the test API). */
export interface StatusBarSnapshot {
  text: string;
  tooltip: string;
  command: string | undefined;
  /** True when the item has the error background (an unreachable broker or registry). */
  error: boolean;
}

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: { dispose(): void };

  constructor(private readonly manager: ConnectionManager) {
    this.item = vscode.window.createStatusBarItem('datamesh.connection', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Data Mesh Connection';
    this.subscription = manager.onDidChange((change) => {
      if (change === 'connection' || change === 'health') this.update();
    });
    this.update();
    this.item.show();
  }

  update(): void {
    const state = this.manager.connectionState();
    const health = this.manager.health();
    if (state.kind === 'none') {
      this.item.text = '$(plug) Kafka: no connection';
      this.item.tooltip = 'Data Mesh: no Kafka connection. Click to add one.';
      this.item.command = COMMANDS.addConnection;
      this.item.backgroundColor = undefined;
      return;
    }
    if (state.kind === 'inactive') {
      this.item.text = '$(plug) Kafka: choose a connection';
      this.item.tooltip = `Data Mesh: ${state.names.length} connections, none active. Click to choose one.`;
      this.item.command = COMMANDS.switchConnection;
      this.item.backgroundColor = undefined;
      return;
    }
    const overall = overallHealth(health);
    this.item.text = `${icon(overall)} ${state.name}`;
    this.item.command = COMMANDS.switchConnection;
    this.item.backgroundColor = overall.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const profile = this.manager.activeProfile();
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**Data Mesh connection** ');
    tooltip.appendText(state.name);
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(
      `Kafka ${profile?.bootstrapServers.join(', ') ?? ''} (${profile?.security.protocol ?? ''}${profile?.security.tls ? ', TLS' : ''}): ${describe(health.broker)}`,
    );
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(profile?.registry ? `Registry ${profile.registry.url}: ${describe(health.registry)}` : 'No schema registry');
    for (const problem of state.problems) {
      tooltip.appendMarkdown('\n\n');
      tooltip.appendText(`⚠ ${problem}`);
    }
    tooltip.appendMarkdown('\n\nClick to switch connections.');
    this.item.tooltip = tooltip;
  }

  snapshot(): StatusBarSnapshot {
    const tooltip = this.item.tooltip;
    const command = this.item.command;
    return {
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      command: typeof command === 'string' ? command : command?.command,
      error: this.item.backgroundColor?.id === 'statusBarItem.errorBackground',
    };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

/** The worse of the two: an unreachable registry is as red as an unreachable broker. */
export function overallHealth(health: ConnectionHealth): Health {
  const order = ['error', 'connecting', 'ok', 'unknown'] as const;
  for (const state of order) {
    if (health.broker.state === state) return health.broker;
    if (health.registry.state === state) return health.registry;
  }
  return health.broker;
}

function icon(health: Health): string {
  switch (health.state) {
    case 'ok':
      return '$(pass-filled)';
    case 'error':
      return '$(error)';
    case 'connecting':
      return '$(sync~spin)';
    default:
      return '$(plug)';
  }
}

function describe(health: Health): string {
  switch (health.state) {
    case 'ok':
      return `connected (checked ${new Date(health.at).toLocaleTimeString()})`;
    case 'error':
      return formatForEditor(health.description);
    case 'connecting':
      return 'connecting…';
    default:
      return 'not connected yet';
  }
}
