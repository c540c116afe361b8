// Data Mesh: Start Local Stack / Stop Local Stack. Thin: the LocalStack engine does the work, as for `datamesh stack`.
// The stack lives in the extension's global storage and, like `datamesh stack up`, keeps running until it is
// stopped (closing the window does not stop it; the next Start reuses it). Start first looks for a running
// stack, the editor's or the command line's (`datamesh stack up`, `npm run demo`), and uses it rather than
// starting a second one; either way it connects the views to the stack it reports.
import * as vscode from 'vscode';
// Cheap to load: the engine imports kafkajs only when it checks a broker.
import { LocalStack } from '../engines/stack/localStack';
import { describeStackOwner, findRunningStack, stackLocations, type RunningStack } from '../engines/stack/runningStack';
import { defaultToolsDir, editorStackDir } from '../engines/stack/stackPaths';
import { COMMANDS } from '../commandIds';

export interface LocalStackCommandOptions {
  /** Makes the views use the stack (a connection to its addresses, made active); resolves the connection's name. */
  connect?: (stack: RunningStack) => Promise<string | undefined>;
}

/** What Start Local Stack resolves: the stack in use, and whether this start found it already running. */
export interface StartedStack extends RunningStack {
  reused: boolean;
  connection?: string;
}

let output: vscode.OutputChannel | undefined;

function outputChannel(): vscode.OutputChannel {
  output ??= vscode.window.createOutputChannel('Data Mesh');
  return output;
}

/** Registers both commands; nothing starts until one runs (activation stays cheap). */
export function registerLocalStackCommands(context: vscode.ExtensionContext, options: LocalStackCommandOptions = {}): void {
  const stateDir = editorStackDir(context.globalStorageUri.fsPath);

  function createStack(report?: (line: string) => void): LocalStack {
    const channel = outputChannel();
    return new LocalStack(stateDir, defaultToolsDir(), (line) => {
      channel.appendLine(`[${new Date().toLocaleTimeString()}] ${line}`);
      report?.(line);
    });
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.startLocalStack, async (): Promise<StartedStack | undefined> => {
      let started: StartedStack;
      try {
        const running = await findRunningStack(stackLocations(stateDir), defaultToolsDir());
        if (running) {
          outputChannel().appendLine(`Found ${describeStackOwner(running)}: Kafka ${running.bootstrap}, registry ${running.registry}.`);
          started = { ...running, reused: true };
        } else {
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
          started = { owner: 'editor', stateDir, bootstrap: result.bootstrap, registry: result.registry, reused: result.reused };
        }
      } catch (error) {
        showError('The local stack could not start', error);
        return undefined;
      }
      let connection: string | undefined;
      try {
        connection = await options.connect?.(started);
      } catch (error) {
        outputChannel().appendLine(
          `The connection to the local stack was not saved: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const which = describeStackOwner(started);
      const where = `Kafka ${started.bootstrap}, registry ${started.registry}`;
      const using = connection ? ` The views use it (connection "${connection}").` : '';
      void vscode.window.showInformationMessage(
        started.reused
          ? `${capitalize(which)} is already running: ${where}; no second stack started.${using}`
          : `Started ${which}: ${where}.${using}`,
      );
      return { ...started, ...(connection ? { connection } : {}) };
    }),
    vscode.commands.registerCommand(COMMANDS.stopLocalStack, async (): Promise<boolean> => {
      try {
        const stopped = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Data Mesh: stopping the local stack' },
          () => createStack().down(),
        );
        if (stopped) void vscode.window.showInformationMessage("The editor's local stack is stopped.");
        else {
          // Stop never stops the command line's stack, but says that it runs and how to stop it.
          const other = await findRunningStack(
            stackLocations(stateDir).filter((location) => location.owner !== 'editor'),
            defaultToolsDir(),
          );
          void vscode.window.showInformationMessage(
            other
              ? `The editor's local stack was not running. ${capitalize(describeStackOwner(other))} is; stop it with "npx datamesh stack down".`
              : 'The local stack was not running.',
          );
        }
        return stopped;
      } catch (error) {
        showError('The local stack could not stop', error);
        return false;
      }
    }),
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function showError(prefix: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  outputChannel().appendLine(`${prefix}: ${message}`);
  // The first line in the notification; the log tail and details are in the output channel.
  void vscode.window.showErrorMessage(`${prefix}: ${message.split('\n')[0]}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') outputChannel().show(true);
  });
}
