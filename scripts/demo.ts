// npm run demo: the packaged extension in a real VS Code (code-server), on a copy of demo/mesh.
// The first run installs code-server into the cache folder (.ci/install-e2e-tools.sh).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createSession, findTools, installExtension, packageExtension, removeSession, REPO_ROOT, startCodeServer } from './codeServer';

async function main(): Promise<void> {
  let found = findTools();
  if ('missing' in found) {
    console.log('Installing code-server and Chromium the first time (a few minutes)...');
    const install = spawnSync('bash', [join(REPO_ROOT, '.ci', 'install-e2e-tools.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (install.status !== 0) throw new Error('the installation failed; see the messages above');
    found = findTools();
    if ('missing' in found) throw new Error(found.missing);
  }
  console.log('Packaging the extension...');
  const vsix = packageExtension();
  const session = createSession(join(REPO_ROOT, 'demo', 'mesh'));
  installExtension(found.tools, session, vsix);
  const server = await startCodeServer(found.tools, session);
  console.log(`\nKafka Data Mesh is running in VS Code at\n\n  ${server.url}\n\nThe demo mesh is a copy in ${session.workspace}. Press Ctrl+C to stop.`);
  const stop = async () => {
    await server.stop();
    removeSession(session);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`npm run demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
