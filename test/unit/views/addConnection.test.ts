// Add Connection tests the connection before making it active: a broker that refuses gets its specific
// error with the editor's remedy and nothing saved, unless the user chooses Save Anyway (saved, not active);
// a connection that works is saved and made active.
import { stubState } from '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type * as vscode from 'vscode';
import { ConnectionStore, type SettingsAccess } from '../../../client/src/connections/connectionStore';
import type { ConnectionManager } from '../../../client/src/connections/connectionManager';
import { addConnection, SAVE_ANYWAY, type ConnectionPrompts } from '../../../client/src/commands/connectionCommands';
import { testConnection, type ConnectionTestResult } from '../../../client/src/connections/connectionTest';
import { MemorySecretStore } from '../../../client/src/kafka/secretStore';

function store(): ConnectionStore {
  const map = new Map<string, unknown>([
    ['connections', [{ name: 'prod', bootstrapServers: ['kafka.example.com:9092'], security: { protocol: 'plaintext' } }]],
    ['activeConnection', 'prod'],
  ]);
  const settings: SettingsAccess = {
    get: <T>(key: string) => map.get(key) as T | undefined,
    update: async (key, value) => {
      if (value === undefined) map.delete(key);
      else map.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
  return new ConnectionStore(settings, new MemorySecretStore());
}

/** The prompts of the local-stack shortcut: "The local stack", then the name. */
function localPrompts(): ConnectionPrompts {
  const answers: unknown[] = [0, 'local'];
  return {
    pick: async <T extends vscode.QuickPickItem>(items: T[]) => items[answers.shift() as number],
    input: async () => answers.shift() as string,
    openFile: async () => undefined,
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function refusedStack() {
  const port = await closedPort();
  return { bootstrap: `127.0.0.1:${port}`, registry: `http://127.0.0.1:${port}/apis/ccompat/v7` };
}

const quickTest: typeof testConnection = (profile, secrets, options) => testConnection(profile, secrets, { ...options, timeoutMs: 10_000 });

test(
  'a refused broker: the specific error with the remedy, nothing saved, the active connection unchanged',
  { timeout: 60_000 },
  async () => {
    stubState.reset();
    const connections = store();
    const manager = { store: connections } as unknown as ConnectionManager;
    const stack = await refusedStack();
    stubState.messageAnswers = [undefined]; // the error is dismissed
    const name = await addConnection(manager, localPrompts(), { test: quickTest, localStack: async () => stack });
    assert.equal(name, undefined);
    assert.deepEqual(
      connections.list().map((connection) => connection.profile.name),
      ['prod'],
    );
    assert.equal(connections.active()?.profile.name, 'prod');
    const error = stubState.messages.find((message) => message.level === 'error')?.message ?? '';
    assert.match(error, /The connection "local" was not saved: local: Kafka failed: .*refused/i);
    assert.match(error, /Registry failed/);
    // The editor's remedy, in the settings' words (describeForEditor), not the command line's flags.
    assert.match(error, /Check the port in the connection's bootstrapServers/);
    assert.match(error, /Data Mesh: Start Local Stack/);
    assert.doesNotMatch(error, /--bootstrap/);
  },
);

test('Save Anyway keeps the connection without making it active', { timeout: 60_000 }, async () => {
  stubState.reset();
  const connections = store();
  const manager = { store: connections } as unknown as ConnectionManager;
  const stack = await refusedStack();
  stubState.messageAnswers = [SAVE_ANYWAY];
  assert.equal(await addConnection(manager, localPrompts(), { test: quickTest, localStack: async () => stack }), 'local');
  assert.deepEqual(connections.get('local')?.profile.bootstrapServers, [stack.bootstrap]);
  assert.equal(connections.active()?.profile.name, 'prod', 'the views stay on the connection that works');
  assert.match(stubState.messages.at(-1)?.message ?? '', /saved but not made active/);
});

test('a connection whose test passes is saved and made active', async () => {
  stubState.reset();
  const connections = store();
  const manager = { store: connections } as unknown as ConnectionManager;
  const works = async (): Promise<ConnectionTestResult> => ({
    broker: { ok: true, clusterId: 'c1', brokers: 1, topics: 3, ms: 5 },
    registry: { ok: true, subjects: 0, compatibility: 'BACKWARD', ms: 4 },
  });
  const stack = { bootstrap: '127.0.0.1:9092', registry: 'http://127.0.0.1:8081/apis/ccompat/v7' };
  assert.equal(await addConnection(manager, localPrompts(), { test: works, localStack: async () => stack }), 'local');
  assert.equal(connections.active()?.profile.name, 'local');
  assert.match(stubState.messages.at(-1)?.message ?? '', /added and active\. local: Kafka OK/);
});
