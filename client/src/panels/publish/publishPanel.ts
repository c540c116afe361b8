/**
 * The publish preview's extension side: one WebviewPanel per manifest, showing the plan (a dry run through
 * the active connection) as the page renders it, and publishing when the page asks (the user pressed
 * Publish, after accepting event changes when the plan needs that). After a publish the plan is made again,
 * so the page shows what is left (nothing, once everything is applied).
 */
import { newNonce } from '../webviewPage';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from './messages';
import { publishPanelHtml } from './panelHtml';
import { PublishRunner } from './publishRunner';
import { toPlanView } from './publishViewModel';

export const PUBLISH_VIEW_TYPE = 'datamesh.publishPreview';

export class PublishPreviews implements vscode.Disposable {
  private readonly open = new Map<string, PublishPreview>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly runner: PublishRunner,
  ) {}

  show(manifestPath: string): void {
    const existing = this.open.get(manifestPath);
    if (existing) {
      existing.reveal();
      void existing.replan();
      return;
    }
    this.open.set(manifestPath, new PublishPreview(this.context, this.runner, manifestPath, () => this.open.delete(manifestPath)));
  }

  dispose(): void {
    for (const preview of [...this.open.values()]) preview.dispose();
    this.open.clear();
  }
}

class PublishPreview {
  private readonly panel: vscode.WebviewPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  private planning = 0;

  constructor(
    context: vscode.ExtensionContext,
    private readonly runner: PublishRunner,
    private readonly manifestPath: string,
    private readonly onDispose: () => void,
  ) {
    const roots = [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')];
    this.panel = vscode.window.createWebviewPanel(PUBLISH_VIEW_TYPE, `Publish: ${basename(manifestPath)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: roots,
    });
    const webview = this.panel.webview;
    webview.html = publishPanelHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', 'publish.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'publish.css')).toString(),
      title: `Publish ${basename(manifestPath)}`,
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: WebviewMessage) => void this.handle(message)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  async replan(): Promise<void> {
    const run = ++this.planning;
    this.post({ type: 'busy', message: 'Planning...' });
    try {
      const plan = await this.runner.plan(this.manifestPath, (step) => run === this.planning && this.post({ type: 'busy', message: step }));
      if (run === this.planning) this.post({ type: 'plan', view: toPlanView(plan) });
    } catch (error) {
      if (run === this.planning) this.post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.panel.dispose();
    this.onDispose();
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'refresh':
        await this.replan();
        return;
      case 'publish': {
        this.post({ type: 'busy', message: 'Publishing...' });
        const result = await this.runner.publish(this.manifestPath, message.acceptEventChanges);
        if (result) {
          const status = result.outcome.status === 'dry-run' ? 'up-to-date' : result.outcome.status;
          this.post({ type: 'outcome', status, message: PublishRunner.summary(result) });
        } else {
          this.post({ type: 'outcome', status: 'refused', message: 'Nothing was published: see the notification.' });
        }
        await this.replan();
        return;
      }
    }
  }

  private post(message: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }
}
