// npm run demo: the packaged extension in a real VS Code (code-server), on a copy of demo/mesh.
// The first run installs code-server into the cache folder (.ci/install-e2e-tools.sh).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSession, findTools, installExtension, packageExtension, removeSession, REPO_ROOT, startCodeServer } from './codeServer';
import { LocalStack } from '../client/src/engines/stack/localStack';
import { defaultCliStackDir, defaultToolsDir } from '../client/src/engines/stack/stackPaths';
import { Kafka, logLevel } from 'kafkajs';
import { RegistryClient } from '../client/src/kafka/registryClient';
import { seedDemoMesh } from './demoMesh';
import { startDemoEvents, type DemoEvents } from './demoEvents';
import { defaultDemoWorkspace, describeDemoWorkspace, prepareDemoWorkspace } from './demoWorkspace';

/**
 * The local stack of `datamesh stack` (so `npx datamesh stack down` stops it), seeded with the demo mesh;
 * undefined, with the reason printed, when it cannot start (no Java 21, no Maven): the editor still runs.
 */
async function startDemoStack(): Promise<{ bootstrap: string; registry: string; events: DemoEvents } | undefined> {
  try {
    console.log('Starting the local Kafka broker and schema registry (the first time downloads them)...');
    const stack = new LocalStack(defaultCliStackDir(), defaultToolsDir(), (line: string) => console.log(`  ${line}`));
    const { bootstrap, registry } = await stack.up();
    await seedDemoMesh(join(REPO_ROOT, 'demo', 'mesh'), bootstrap, registry);
    const kafka = new Kafka({ clientId: 'datamesh-demo-events', brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const events = await startDemoEvents(kafka, new RegistryClient({ url: registry }), { log: (line) => console.log(`  ${line}`) });
    console.log('  live events: 2 per second to each product topic, until the demo stops');
    return { bootstrap, registry, events };
  } catch (error) {
    console.log(
      `The local stack did not start, so the demo runs without a broker: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

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
  const stack = await startDemoStack();
  // The workspace outlives the session: Ctrl+C must never take the user's new files with it.
  const workspace = prepareDemoWorkspace(join(REPO_ROOT, 'demo', 'mesh'), defaultDemoWorkspace(), {
    reset: process.argv.includes('--reset'),
  });
  const session = createSession(join(REPO_ROOT, 'demo', 'mesh'), { workspace: workspace.path });
  if (stack) {
    // The extension's connection to the local stack, as Add Connection would write it (nothing secret).
    const settingsFile = join(session.userDataDir, 'User', 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    settings['datamesh.connections'] = [
      {
        name: 'local stack',
        bootstrapServers: [stack.bootstrap],
        security: { protocol: 'plaintext' },
        registry: { url: stack.registry, auth: { kind: 'none' } },
      },
    ];
    settings['datamesh.activeConnection'] = 'local stack';
    writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  }
  installExtension(found.tools, session, vsix);
  const server = await startCodeServer(found.tools, session);
  const broker = stack
    ? `\nThe local broker is ${stack.bootstrap} and the registry ${stack.registry}; \`npx datamesh stack down\` stops them.`
    : '';
  console.log(
    `\nKafka Data Mesh is running in VS Code at\n\n  ${server.url}\n\n${describeDemoWorkspace(workspace)}${broker} Press Ctrl+C to stop VS Code.`,
  );
  const stop = async () => {
    await stack?.events.stop();
    await server.stop();
    removeSession(session); // the editor's temporary user data only; the workspace stays
    console.log(`\nVS Code stopped. Your demo workspace is kept in ${workspace.path} (\`npm run demo -- --reset\` starts over).`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`npm run demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
