/**
 * Which local stack is running: the editor keeps its stack in its global storage and `datamesh stack up`
 * (and `npm run demo`) in the user's cache folder. Before starting one, the editor looks for either, so that
 * it never starts a second broker and registry next to a running pair. vscode-free.
 */
import { LocalStack } from './localStack';
import { defaultCliStackDir } from './stackPaths';

export type StackOwner = 'editor' | 'command line';

export interface StackLocation {
  owner: StackOwner;
  /** The folder of the stack's state file, data and logs. */
  stateDir: string;
}

export interface RunningStack extends StackLocation {
  bootstrap: string;
  registry: string;
}

/** Where the editor looks: its own stack first, then the command line's (`DATAMESH_STACK_DIR` or the cache folder). */
export function stackLocations(editorStateDir: string, env: Readonly<Record<string, string | undefined>> = process.env): StackLocation[] {
  const cli = defaultCliStackDir(env);
  return cli === editorStateDir
    ? [{ owner: 'editor', stateDir: editorStateDir }]
    : [
        { owner: 'editor', stateDir: editorStateDir },
        { owner: 'command line', stateDir: cli },
      ];
}

/** The first of the locations whose stack runs and answers on its ports; undefined when none does. */
export async function findRunningStack(locations: readonly StackLocation[], toolsDir: string): Promise<RunningStack | undefined> {
  for (const location of locations) {
    const status = await new LocalStack(location.stateDir, toolsDir).status();
    if (status.running && status.bootstrap && status.registry)
      return { ...location, bootstrap: status.bootstrap, registry: status.registry };
  }
  return undefined;
}

/** "the command line's stack (datamesh stack up, in /home/me/.cache/kafka-data-mesh/stack)". */
export function describeStackOwner(stack: StackLocation): string {
  return stack.owner === 'editor'
    ? `the editor's local stack (in ${stack.stateDir})`
    : `the command line's local stack (datamesh stack up or npm run demo, in ${stack.stateDir})`;
}
