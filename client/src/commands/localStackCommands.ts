// Data Mesh: Start Local Stack / Stop Local Stack. Thin: the LocalStack engine does the work, as for `datamesh stack`.
// The stack lives in the extension's global storage and, like `datamesh stack up`, keeps running until it is
// stopped (closing the window does not stop it; the next Start reuses it).
import * as vscode from 'vscode';
// Cheap to load: the engine imports kafkajs only when it checks a broker.
import { LocalStack, type UpResult } from '../engines/stack/localStack';
import { defaultToolsDir, editorStackDir } from '../engines/stack/stackPaths';
import { COMMANDS } from '../commandIds';

let output: vscode.OutputChannel | undefined;

function outputChannel(): vscode.OutputChannel {
  output ??= vscode.window.createOutputChannel('Data Mesh');
  return output;
}

/** Registers both commands; nothing starts until one runs (activation stays cheap). */
export function registerLocalStackCommands(context: vscode.ExtensionContext): void {
  const stateDir = editorStackDir(context.globalStorageUri.fsPath);

  function createStack(report?: (line: string) => void): LocalStack {
    const channel = outputChannel();
    return new LocalStack(stateDir, defaultToolsDir(), (line) => {
      channel.appendLine(`[${new Date().toLocaleTimeString()}] ${line}`);
      report?.(line);
    });
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.startLocalStack, async (): Promise<UpResult | undefined> => {
      try {
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Data Mesh: starting the local stack', cancellable: true },
          async (progress, token) => {
            const stack = createStack((line) => progress.report({ message: line }));
            const abort = new AbortController();
            const subscription = token.onCancellationRequested(() => abort.abort());
            try {
              return await stack.up(abort.signal);
            } finally {
              subscription.dispose();
            }
          },
        );
        void vscode.window.showInformationMessage(
          result.reused
            ? `The local stack is already running: Kafka ${result.bootstrap}, registry ${result.registry}.`
            : `The local stack is running: Kafka ${result.bootstrap}, registry ${result.registry}.`,
        );
        return result;
      } catch (error) {
        showError('The local stack could not start', error);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(COMMANDS.stopLocalStack, async (): Promise<boolean> => {
      try {
        const stopped = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Data Mesh: stopping the local stack' },
          () => createStack().down(),
        );
        void vscode.window.showInformationMessage(stopped ? 'The local stack is stopped.' : 'The local stack was not running.');
        return stopped;
      } catch (error) {
        showError('The local stack could not stop', error);
        return false;
      }
    }),
  );
}

function showError(prefix: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  outputChannel().appendLine(`${prefix}: ${message}`);
  // The first line in the notification; the log tail and details are in the output channel.
  void vscode.window.showErrorMessage(`${prefix}: ${message.split('\n')[0]}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') outputChannel().show(true);
  });
}
