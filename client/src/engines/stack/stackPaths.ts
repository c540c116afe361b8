// Per-user folders of the local stack. The editor passes its own state folder (global storage);
// the command line and the connection resolver use these defaults.
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

function cacheRoot(env: Env): string {
  return env.XDG_CACHE_HOME || join(homedir(), '.cache');
}

/** Downloaded Kafka and Apicurio artifacts, shared by the editor, the CLI and CI (`DATAMESH_TOOLS_DIR`). */
export function defaultToolsDir(env: Env = process.env): string {
  return env.DATAMESH_TOOLS_DIR || join(cacheRoot(env), 'kafka-data-mesh', 'tools');
}

/** The command line's stack: state file, data and logs (`DATAMESH_STACK_DIR` isolates tests). */
export function defaultCliStackDir(env: Env = process.env): string {
  return env.DATAMESH_STACK_DIR || join(cacheRoot(env), 'kafka-data-mesh', 'stack');
}

/** The editor's stack, under the extension's global storage (`context.globalStorageUri.fsPath`). */
export function editorStackDir(globalStoragePath: string): string {
  return join(globalStoragePath, 'stack');
}
