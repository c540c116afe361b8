// The demo's workspace: a copy of demo/mesh that outlives `npm run demo`, so that what the user writes in the
// demo (new manifests, edited schemas) is still there after Ctrl+C and in the next run. `--reset` starts over
// from a fresh copy. Kept apart from the editor's session (user data, extensions), which is thrown away.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `DATAMESH_DEMO_DIR`, else `~/.cache/kafka-data-mesh/demo/workspace` (next to the tools and the stack). */
export function defaultDemoWorkspace(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.DATAMESH_DEMO_DIR) return env.DATAMESH_DEMO_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kafka-data-mesh', 'demo', 'workspace');
}

export interface DemoWorkspace {
  path: string;
  /** True when an earlier run's workspace was kept as it was. */
  reused: boolean;
}

/** The demo workspace: the existing one as is, or (the first time, or with `reset`) a fresh copy of `source`. */
export function prepareDemoWorkspace(source: string, path: string, options: { reset?: boolean } = {}): DemoWorkspace {
  const exists = existsSync(path) && readdirSync(path).length > 0;
  if (exists && !options.reset) return { path, reused: true };
  if (exists) rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  cpSync(source, path, { recursive: true });
  return { path, reused: false };
}

/** The lines the demo prints about its workspace, at the start and after Ctrl+C. */
export function describeDemoWorkspace(workspace: DemoWorkspace): string {
  return workspace.reused
    ? `The demo workspace is ${workspace.path}, kept from the last run with your changes (\`npm run demo -- --reset\` starts from a fresh copy of demo/mesh).`
    : `The demo workspace is ${workspace.path}, a fresh copy of demo/mesh. It is kept when VS Code stops, and the next \`npm run demo\` reuses it (\`npm run demo -- --reset\` starts over).`;
}
