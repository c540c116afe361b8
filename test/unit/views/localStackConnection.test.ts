// Start Local Stack connects the views to the stack it found or started: the connection already pointing at
// it becomes active, else a "local" connection is saved (never replacing a remote cluster's connection).
import '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionStore, type SettingsAccess } from '../../../client/src/connections/connectionStore';
import type { ConnectionManager } from '../../../client/src/connections/connectionManager';
import { connectToLocalStack } from '../../../client/src/commands/connectionCommands';
import { MemorySecretStore } from '../../../client/src/kafka/secretStore';

function storeWith(values: Record<string, unknown>): ConnectionStore {
  const map = new Map(Object.entries(values));
  const settings: SettingsAccess = {
    get: <T>(key: string) => map.get(key) as T | undefined,
    update: async (key, value) => {
      if (value === undefined) map.delete(key);
      else map.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
  return new ConnectionStore(settings, new MemorySecretStore());
}

const stack = { bootstrap: '127.0.0.1:39001', registry: 'http://127.0.0.1:39002/apis/ccompat/v7' };
const manager = (store: ConnectionStore) => ({ store }) as unknown as ConnectionManager;

test('a connection to the same broker is made active, with the stack registry', async () => {
  const store = storeWith({
    connections: [
      { name: 'prod', bootstrapServers: ['kafka.example.com:9092'], security: { protocol: 'plaintext' } },
      { name: 'mine', bootstrapServers: [stack.bootstrap], security: { protocol: 'plaintext' } },
    ],
    activeConnection: 'prod',
  });
  assert.equal(await connectToLocalStack(manager(store), stack), 'mine');
  assert.equal(store.active()?.profile.name, 'mine');
  assert.equal(store.get('mine')?.profile.registry?.url, stack.registry);
  assert.equal(store.list().length, 2, 'nothing new saved');
});

test('otherwise "local" is saved and active; a "local" that is a remote cluster is kept and another name used', async () => {
  const empty = storeWith({});
  assert.equal(await connectToLocalStack(manager(empty), stack), 'local');
  assert.deepEqual(empty.active()?.profile.bootstrapServers, [stack.bootstrap]);

  const stale = storeWith({ connections: [{ name: 'local', bootstrapServers: ['127.0.0.1:1234'], security: { protocol: 'plaintext' } }] });
  assert.equal(await connectToLocalStack(manager(stale), stack), 'local', 'an earlier local stack entry is updated');
  assert.deepEqual(stale.get('local')?.profile.bootstrapServers, [stack.bootstrap]);

  const remote = storeWith({ connections: [{ name: 'local', bootstrapServers: ['kafka.lan:9092'], security: { protocol: 'plaintext' } }] });
  assert.equal(await connectToLocalStack(manager(remote), stack), 'local-2');
  assert.deepEqual(remote.get('local')?.profile.bootstrapServers, ['kafka.lan:9092'], 'the remote one is untouched');
  assert.equal(remote.active()?.profile.name, 'local-2');
});
