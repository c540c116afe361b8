/**
 * "Sample events" above each output port's `topic:` line of a manifest: opens the sampling panel on
 * that topic, checking events against the port's schema.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../commandIds';
import { portTopicLines } from '../../engines/sample/portSchemaLookup';

export class SampleCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return portTopicLines(document.getText()).map(
      ({ topic, line }) =>
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: '$(pulse) Sample events',
          tooltip: `Open the sampling panel on ${topic}`,
          command: COMMANDS.sampleTopic,
          arguments: [{ topic, manifestPath: document.uri.scheme === 'file' ? document.uri.fsPath : undefined }],
        }),
    );
  }
}
