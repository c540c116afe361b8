/**
 * The editor's side of the publish engine: a plan (dry run) through the active connection, and a publish in
 * a cancellable progress notification, its audit entry in the "Data Mesh" output channel, the outcome in a
 * notification (a partial one lists what was applied and offers Retry), then the Mesh and Topics views
 * refreshed. The engine is loaded on first use, so activation stays cheap.
 */
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { COMMANDS } from '../../commandIds';
import type { ConnectionManager } from '../../connections/connectionManager';
import { describeForEditor } from '../../connections/connectionRemedy';
import { DEFAULT_CATALOG_TOPIC } from '../../engines/catalog/catalogNames';
import { auditLines } from '../../engines/publish/auditLines';
import type { PublishConnection } from '../../engines/publish/publishEngine';
import {
  describeAction,
  type AuditEntry,
  type PublishPlan,
  type PublishProgress,
  type PublishResult,
} from '../../engines/publish/publishTypes';

const load = {
  engine: () => require('../../engines/publish/publishEngine') as typeof import('../../engines/publish/publishEngine'),
  lint: () => require('../../engines/lint/lintEngine') as typeof import('../../engines/lint/lintEngine'),
};

export interface PublishRunnerOptions {
  manager: ConnectionManager;
  /** Refreshes the views that show topics and products. */
  refreshViews: () => void;
}

/** A failure to plan, phrased for the editor: a connection problem with its remedy, or a request problem. */
export class PlanFailure extends Error {}

export class PublishRunner implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  private readonly published = new vscode.EventEmitter<string>();
  /** A manifest's path after a publish applied something (the drift check runs again). */
  readonly onDidPublish = this.published.event;

  constructor(private readonly options: PublishRunnerOptions) {}

  /** Who publishes: the setting `datamesh.publish.publishedBy`, else the operating system's user name. */
  publishedBy(): string {
    const configured = vscode.workspace.getConfiguration('datamesh').get<string>('publish.publishedBy')?.trim();
    if (configured) return configured;
    try {
      return userInfo().username;
    } catch {
      return process.env.USER ?? process.env.USERNAME ?? 'unknown';
    }
  }

  /**
   * The plan without changing anything (the event check included unless `verifyEvents` is 0). Throws a
   * PlanFailure; `quiet` leaves the failure out of the output channel (drift checks run on every save).
   */
  async plan(
    manifestPath: string,
    onStep: (message: string) => void = () => undefined,
    options: { verifyEvents?: number; quiet?: boolean } = {},
  ): Promise<PublishPlan> {
    const engine = load.engine();
    try {
      const connection = await this.connection();
      const prepared = await engine.preparePublish(connection, {
        manifestPath,
        dryRun: true,
        publishedBy: this.publishedBy(),
        ...(options.verifyEvents !== undefined ? { verifyEvents: options.verifyEvents } : {}),
        onProgress: (progress) => onStep(progressMessage(progress)),
      });
      return prepared.plan;
    } catch (error) {
      throw this.failure(`The publish of ${basename(manifestPath)} could not be planned`, error, options.quiet === true);
    }
  }

  /** Publishes with a progress notification; undefined when it could not start (the reason was shown). */
  async publish(manifestPath: string, acceptEventChanges: boolean): Promise<PublishResult | undefined> {
    const engine = load.engine();
    const name = basename(manifestPath);
    let result: PublishResult;
    let cancelled = false;
    try {
      const connection = await this.connection();
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Publishing ${name}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const cancelling = token.onCancellationRequested(() => {
            cancelled = true;
            controller.abort();
          });
          try {
            return await engine.publish(connection, {
              manifestPath,
              acceptEventChanges,
              publishedBy: this.publishedBy(),
              signal: controller.signal,
              onProgress: (step) => progress.report({ message: progressMessage(step) }),
            });
          } finally {
            cancelling.dispose();
          }
        },
      );
    } catch (error) {
      const failure = this.failure(`${name} was not published`, error);
      void vscode.window.showErrorMessage(failure.message, 'Show Output').then((answer) => answer && this.output().show(true));
      return undefined;
    }
    this.audit(result.outcome.audit);
    this.announce(manifestPath, result, acceptEventChanges, cancelled);
    if (result.outcome.applied.length > 0) {
      this.options.refreshViews();
      this.published.fire(manifestPath);
    }
    return result;
  }

  /** One line per operation (and one per change) in the "Data Mesh" output channel. */
  audit(entry: AuditEntry): void {
    for (const line of auditLines(entry)) this.output().appendLine(line);
  }

  /** Logs an error with its stack; the message for people. */
  logError(message: string, error: unknown): void {
    this.output().appendLine(
      `${new Date().toISOString()} ${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }

  output(): vscode.OutputChannel {
    return (this.channel ??= vscode.window.createOutputChannel('Data Mesh'));
  }

  dispose(): void {
    this.published.dispose();
    this.channel?.dispose();
  }

  /** The summary sentence of an outcome, for the notification and the preview. */
  static summary(result: PublishResult, cancelled = false): string {
    const { plan, outcome } = result;
    const byId = new Map(plan.actions.map((action) => [action.id, describeAction(action)]));
    const listOf = (ids: string[]) => (ids.length === 0 ? 'nothing' : ids.map((id) => byId.get(id) ?? id).join('; '));
    switch (outcome.status) {
      case 'applied':
        return `Published ${plan.productId}: ${outcome.applied.length} action${outcome.applied.length === 1 ? '' : 's'} applied.`;
      case 'up-to-date':
        return `${plan.productId} is up to date: nothing to publish.`;
      case 'refused':
        return `Publishing ${plan.productId || basename(plan.manifestPath)} was refused: nothing was changed. Open the preview for the reasons.`;
      case 'dry-run':
        return `Dry run of ${plan.productId}: nothing was changed.`;
      case 'partial':
        return `${cancelled ? `Publishing ${plan.productId} was cancelled` : `Publishing ${plan.productId} failed at ${byId.get(outcome.failure?.action ?? '') ?? outcome.failure?.action}: ${outcome.failure?.message}`}. Applied: ${listOf(outcome.applied)}. Not applied: ${listOf(outcome.notApplied)}.`;
    }
  }

  private announce(manifestPath: string, result: PublishResult, acceptEventChanges: boolean, cancelled: boolean): void {
    const summary = PublishRunner.summary(result, cancelled);
    switch (result.outcome.status) {
      case 'applied':
      case 'up-to-date':
        void vscode.window.showInformationMessage(summary);
        return;
      case 'refused':
        void vscode.window.showErrorMessage(summary, 'Preview Publish').then((answer) => {
          if (answer) void vscode.commands.executeCommand(COMMANDS.previewPublish, vscode.Uri.file(manifestPath));
        });
        return;
      default:
        // A rerun converges: it applies only what is missing.
        void vscode.window.showErrorMessage(summary, 'Retry', 'Show Output').then((answer) => {
          if (answer === 'Retry') void this.publish(manifestPath, acceptEventChanges);
          else if (answer === 'Show Output') this.output().show(true);
        });
    }
  }

  private async connection(): Promise<PublishConnection> {
    const { kafka, registry } = await this.options.manager.clients();
    const catalogTopic = vscode.workspace.getConfiguration('datamesh').get<string>('catalogTopic') || DEFAULT_CATALOG_TOPIC;
    return { kafka, ...(registry ? { registry } : {}), catalogTopic };
  }

  private failure(prefix: string, error: unknown, quiet = false): PlanFailure {
    if (!quiet) this.logError(prefix, error);
    const requestProblem = error instanceof load.engine().PublishRequestError || error instanceof load.lint().UnreadablePathError;
    const reason = requestProblem ? error.message : describeForEditor(error);
    return new PlanFailure(`${prefix}: ${reason}`);
  }
}

export function progressMessage(progress: PublishProgress): string {
  switch (progress.kind) {
    case 'step':
      return progress.message;
    case 'action-started':
      return `${describeAction(progress.action)}...`;
    case 'action-done':
      return `done: ${describeAction(progress.action)}`;
    case 'action-failed':
      return `failed: ${describeAction(progress.action)}: ${progress.message}`;
  }
}
