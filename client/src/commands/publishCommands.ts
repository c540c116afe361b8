/**
 * Data Mesh: Publish Data Product and Data Mesh: Preview Publish, from the palette, a manifest's editor title
 * or a Mesh view product. Both open the preview of the plan: nothing is applied until Publish is pressed in it.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { MeshExplorer } from '../meshExplorer';
import { PublishPreviews } from '../panels/publish/publishPanel';
import { PublishRunner } from '../panels/publish/publishRunner';
import { registerGrantCommands } from './grantCommands';
import { registerLifecycleCommands } from './lifecycleCommands';
import { manifestFromArgument, savedManifestPath } from './manifestTarget';

/** Publishing and the lifecycle commands, over the explorer's connection; the views refresh after a change. */
export function registerPublishing(context: vscode.ExtensionContext, explorer: MeshExplorer): PublishRunner {
  const runner = new PublishRunner({
    manager: explorer.manager,
    refreshViews: () => {
      explorer.providers.mesh.refresh();
      explorer.providers.topics.refresh();
    },
  });
  context.subscriptions.push(runner);
  registerPublishCommands(context, runner);
  registerLifecycleCommands(context, explorer.manager, runner);
  registerGrantCommands(context, explorer.manager, runner, () => explorer.providers.mesh.refresh());
  return runner;
}

export function registerPublishCommands(context: vscode.ExtensionContext, runner: PublishRunner): PublishPreviews {
  const previews = new PublishPreviews(context, runner);
  const preview = async (argument: unknown, title: string) => {
    const uri = await manifestFromArgument(argument, title);
    const path = uri && (await savedManifestPath(uri, 'publish'));
    if (path) previews.show(path);
  };
  context.subscriptions.push(
    previews,
    vscode.commands.registerCommand(COMMANDS.publishProduct, (argument?: unknown) => preview(argument, 'Publish Data Product')),
    vscode.commands.registerCommand(COMMANDS.previewPublish, (argument?: unknown) => preview(argument, 'Preview Publish')),
  );
  return previews;
}
