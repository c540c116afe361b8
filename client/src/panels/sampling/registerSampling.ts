/**
 * Data Mesh: Sample Events: from a Topics or Mesh node (topic, port, topic reference, product), from a
 * manifest's code lens, or from the palette with a topic picker.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../commandIds';
import type { ConnectionManager } from '../../connections/connectionManager';
import { describeForEditor } from '../../connections/connectionRemedy';
import { SampleCodeLensProvider } from './sampleCodeLens';
import { SamplingPanels, type SampleTarget } from './samplingPanel';

export function registerSampling(context: vscode.ExtensionContext, manager: ConnectionManager): void {
  const panels = new SamplingPanels(context, manager);
  context.subscriptions.push(
    panels,
    vscode.commands.registerCommand(COMMANDS.sampleTopic, async (argument?: unknown) => {
      const target = (await targetOf(argument)) ?? (await pickTopic(manager));
      if (target) await panels.show(target);
    }),
    vscode.languages.registerCodeLensProvider({ language: 'dataproduct' }, new SampleCodeLensProvider()),
  );
}

/** The topic a tree node or lens stands for; a product with several ports asks which. */
async function targetOf(argument: unknown): Promise<SampleTarget | undefined> {
  if (typeof argument === 'string') return { topic: argument };
  if (typeof argument !== 'object' || argument === null) return undefined;
  const node = argument as {
    kind?: string;
    name?: string;
    topic?: unknown;
    manifestPath?: unknown;
    port?: { topic?: string };
    product?: { manifestUri?: string; ports?: { name: string; topic?: string }[] };
  };
  const manifestPath = (uri?: string) => (uri ? vscode.Uri.parse(uri).fsPath : undefined);
  if (typeof node.topic === 'string' && node.kind === undefined) {
    return { topic: node.topic, manifestPath: typeof node.manifestPath === 'string' ? node.manifestPath : undefined };
  }
  switch (node.kind) {
    case 'topic':
      return node.name ? { topic: node.name } : undefined;
    case 'portTopic':
    case 'port':
      return node.port?.topic ? { topic: node.port.topic, manifestPath: manifestPath(node.product?.manifestUri) } : undefined;
    case 'product': {
      const ports = (node.product?.ports ?? []).filter((port): port is { name: string; topic: string } => typeof port.topic === 'string');
      if (ports.length === 0) return undefined;
      const chosen =
        ports.length === 1
          ? ports[0]
          : (await vscode.window.showQuickPick(ports.map((port) => ({ label: port.topic, description: port.name, port }))))?.port;
      return chosen ? { topic: chosen.topic, manifestPath: manifestPath(node.product?.manifestUri) } : undefined;
    }
    default:
      return undefined;
  }
}

async function pickTopic(manager: ConnectionManager): Promise<SampleTarget | undefined> {
  try {
    const topics = await (await manager.cluster()).listTopics();
    const picked = await vscode.window.showQuickPick(
      topics
        .filter((topic) => !topic.internal)
        .map((topic) => ({ label: topic.name, description: `${topic.partitions} partition${topic.partitions === 1 ? '' : 's'}` })),
      { title: 'Sample Events', placeHolder: 'The topic to sample' },
    );
    return picked ? { topic: picked.label } : undefined;
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot list the topics: ${describeForEditor(error)}`);
    return undefined;
  }
}
