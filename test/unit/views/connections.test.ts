// Connections: settings hold no secrets, the Add Connection flow, the lazily connecting manager
// (a refused broker becomes an error node, never an unhandled rejection), and package.json's
// contributions agreeing with the code.
import { stubState } from '../../support/installVscodeStub';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ConnectionStore, type SettingsAccess } from '../../../client/src/connections/connectionStore';
import { ConnectionManager } from '../../../client/src/connections/connectionManager';
import { ConnectionStatusBar, overallHealth } from '../../../client/src/connections/statusBar';
import { formatTestResult, promptForConnection, type ConnectionPrompts } from '../../../client/src/commands/connectionCommands';
import { manifestOf, nameOf, registerTreeCommands } from '../../../client/src/commands/treeCommands';
import { topicNameProblem } from '../../../client/src/commands/topicCommands';
import { MemorySecretStore } from '../../../client/src/kafka/secretStore';
import { secretKey } from '../../../client/src/kafka/connectionProfile';
import { COMMANDS, VIEWS, VIEW_CONTAINER, CONTEXT_KEYS } from '../../../client/src/commandIds';
import { DEFAULT_CATALOG_TOPIC } from '../../../client/src/engines/catalog/catalogNames';
import { MeshTreeProvider } from '../../../client/src/views/mesh/meshTreeProvider';
import { TopicsTreeProvider } from '../../../client/src/views/topics/topicsTreeProvider';
import type { DraftSource } from '../../../client/src/connections/browseContext';
import { draft } from '../../support/fakeBrowseContext';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
after(() => assert.deepEqual(unhandled, [], 'no unhandled rejections'));

function memorySettings(): SettingsAccess & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key, value) => {
      if (value === undefined) values.delete(key);
      else values.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
}

test('saving a connection writes the profile to settings and every secret to the secret store only', async () => {
  const settings = memorySettings();
  const secrets = new MemorySecretStore();
  const store = new ConnectionStore(settings, secrets);
  await store.save(
    {
      name: 'prod',
      bootstrapServers: ['b1:9093', 'b2:9093'],
      security: { protocol: 'sasl-scram-512', username: 'alice', tls: { ca: '/etc/ca.pem', cert: '/c.pem', key: '/k.pem' } },
      registry: { url: 'https://registry.example.com', auth: { kind: 'basic', username: 'reg' } },
    },
    { 'sasl-password': 'hunter2-sasl', 'registry-password': 'hunter2-reg', 'tls-key-passphrase': 'hunter2-key' },
  );
  const written = JSON.stringify(settings.values.get('connections'));
  for (const secret of ['hunter2-sasl', 'hunter2-reg', 'hunter2-key']) assert.ok(!written.includes(secret), `${secret} is not in settings`);
  assert.match(written, /"keyFile":"\/k.pem"/, 'the key is a file path, written as keyFile');
  assert.equal(await secrets.get(secretKey('prod', 'sasl-password')), 'hunter2-sasl');
  assert.equal(await secrets.get(secretKey('prod', 'registry-password')), 'hunter2-reg');
  const [stored] = store.list();
  assert.deepEqual(stored.problems, []);
  assert.equal(stored.profile.security.tls?.key, '/k.pem');
  assert.equal(store.active()?.profile.name, 'prod', 'the only connection is the active one');

  await store.save({ name: 'local', bootstrapServers: ['127.0.0.1:9092'], security: { protocol: 'plaintext' } });
  assert.equal(store.active(), undefined, 'two connections and no choice: none active');
  await store.setActive('local');
  assert.equal(store.active()?.profile.name, 'local');
  await assert.rejects(store.setActive('nope'), /no connection named "nope"/);
  await assert.rejects(store.save({ name: 'bad', bootstrapServers: ['nohost'], security: { protocol: 'plaintext' } }), /not host:port/);

  assert.equal(await store.remove('prod'), true);
  assert.equal(await secrets.get(secretKey('prod', 'sasl-password')), undefined, 'removing a connection deletes its secrets');
  assert.deepEqual(
    store.list().map((connection) => connection.profile.name),
    ['local'],
  );
});

test('a password typed into settings.json is reported and not used', () => {
  const settings = memorySettings();
  settings.values.set('connections', [
    { name: 'oops', bootstrapServers: ['h:1'], security: { protocol: 'sasl-plain', username: 'u', password: 'leaked' } },
  ]);
  const [connection] = new ConnectionStore(settings, new MemorySecretStore()).list();
  assert.match(connection.problems.join(' '), /security\.password" looks like a secret/);
  assert.ok(!JSON.stringify(connection.profile).includes('leaked'));
});

function scripted(answers: unknown[]): ConnectionPrompts & { asked: string[] } {
  const asked: string[] = [];
  const next = (title: string) => {
    asked.push(title);
    if (answers.length === 0) throw new Error(`no answer left for "${title}"`);
    return answers.shift();
  };
  return {
    asked,
    pick: async (items, options) => {
      const answer = next(String(options.title));
      return typeof answer === 'number' ? items[answer] : undefined;
    },
    input: async (options) => {
      const answer = next(String(options.title));
      if (typeof answer === 'string') {
        const problem = options.validateInput?.(answer);
        if (typeof problem === 'string') throw new Error(`"${answer}" rejected: ${problem}`);
      }
      return answer as string | undefined;
    },
    openFile: async (title) => next(title) as string | undefined,
  };
}

test('Add Connection: SASL/SCRAM with mutual TLS and a basic-auth registry, secrets kept apart', async () => {
  const ui = scripted([
    'prod',
    'b1:9093, b2:9093',
    3,
    'alice',
    's3cret',
    3,
    '/ca.pem',
    '/client.pem',
    '/client.key',
    'pass',
    'https://reg.example.com/',
    1,
    'reg',
    'regpass',
  ]);
  const answer = await promptForConnection(ui, { existing: [] });
  assert.deepEqual(answer?.profile, {
    name: 'prod',
    bootstrapServers: ['b1:9093', 'b2:9093'],
    security: { protocol: 'sasl-scram-512', username: 'alice', tls: { ca: '/ca.pem', cert: '/client.pem', key: '/client.key' } },
    registry: { url: 'https://reg.example.com', auth: { kind: 'basic', username: 'reg' } },
  });
  assert.deepEqual(answer?.secrets, { 'sasl-password': 's3cret', 'tls-key-passphrase': 'pass', 'registry-password': 'regpass' });
});

test('Add Connection: the local stack shortcut, OAUTHBEARER, and Escape cancelling', async () => {
  const local = await promptForConnection(scripted([0, 'local']), {
    existing: [],
    localStack: { bootstrap: '127.0.0.1:39092', registry: 'http://127.0.0.1:38081/apis/ccompat/v7' },
  });
  assert.deepEqual(local?.profile, {
    name: 'local',
    bootstrapServers: ['127.0.0.1:39092'],
    security: { protocol: 'plaintext' },
    registry: { url: 'http://127.0.0.1:38081/apis/ccompat/v7', auth: { kind: 'none' } },
  });

  const oauth = await promptForConnection(
    scripted(['cloud', 'k.example.com:9094', 4, 'https://idp/token', 'client', '', 'csecret', 1, '']),
    { existing: [] },
  );
  assert.deepEqual(oauth?.profile.security, {
    protocol: 'oauthbearer',
    oauth: { tokenUrl: 'https://idp/token', clientId: 'client' },
    tls: {},
  });
  assert.deepEqual(oauth?.secrets, { 'oauth-client-secret': 'csecret' });
  assert.equal(oauth?.profile.registry, undefined);

  assert.equal(await promptForConnection(scripted(['x', undefined]), { existing: [] }), undefined, 'Escape at any step cancels');
  await assert.rejects(promptForConnection(scripted(['x', 'no-port']), { existing: [] }), /is not host:port/);
});

test('the manager connects only when asked; a refused broker becomes an error node with Retry and a red status bar', async () => {
  // A port with nothing behind it: take one and close it.
  const server: Server = createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  await new Promise((resolve) => server.close(resolve));

  const settings = memorySettings();
  settings.values.set('connections', [{ name: 'dead', bootstrapServers: [`127.0.0.1:${port}`], security: { protocol: 'plaintext' } }]);
  const drafts: DraftSource = { products: async () => [draft('sales.orders')], onDidChange: () => ({ dispose: () => undefined }) };
  const manager = new ConnectionManager(new ConnectionStore(settings, new MemorySecretStore()), drafts, {
    catalogTimeoutMs: 20_000,
    connectTimeoutMs: 10_000,
  });
  const bar = new ConnectionStatusBar(manager);
  assert.equal(manager.health().broker.state, 'unknown', 'nothing connected at start');
  assert.match(String((bar as unknown as { item: { text: string } }).item.text), /\$\(plug\) dead/);

  const topics = new TopicsTreeProvider(manager);
  const [error] = await topics.getChildren();
  const item = topics.getTreeItem(error);
  assert.match(String(item.label), /^List topics failed: Connection refused/);
  assert.equal(item.command?.command, COMMANDS.retry);
  assert.equal(manager.health().broker.state, 'error');
  assert.match(String((bar as unknown as { item: { text: string } }).item.text), /\$\(error\) dead/);
  assert.equal(overallHealth(manager.health()).state, 'error');

  const mesh = new MeshTreeProvider(manager);
  const roots = await mesh.getChildren();
  assert.match(String(mesh.getTreeItem(roots[0]).label), /^Read the catalog _datamesh\.products failed: /);
  assert.equal(mesh.getTreeItem(roots[1]).label, 'sales', 'the drafts still show');

  let refreshed = 0;
  topics.onDidChangeTreeData(() => refreshed++);
  await manager.retry();
  assert.ok(refreshed >= 1, 'Retry refreshes the views');
  assert.equal(manager.health().broker.state, 'unknown');
  bar.dispose();
  await manager.dispose();
});

test('package.json contributes the container, the four views, every command, and menus that name real commands', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: {
      viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
      views: Record<string, { id: string; name: string }[]>;
      viewsWelcome: { view: string; contents: string; when?: string }[];
      commands: { command: string; title: string; category?: string }[];
      menus: Record<string, { command: string; when?: string }[]>;
      configuration: { properties: Record<string, { default?: unknown; scope?: string }> };
    };
  };
  const contributes = pkg.contributes;
  const container = contributes.viewsContainers.activitybar.find((entry) => entry.id === VIEW_CONTAINER);
  assert.equal(container?.title, 'Data Mesh');
  assert.ok(readFileSync(join(__dirname, '..', '..', '..', container.icon), 'utf8').includes('<svg'));
  assert.deepEqual(
    contributes.views[VIEW_CONTAINER].map((view) => view.id),
    Object.values(VIEWS),
  );
  const commands = new Map(contributes.commands.map((command) => [command.command, command]));
  for (const id of Object.values(COMMANDS)) assert.equal(commands.get(id)?.category, 'Data Mesh', `${id} is contributed`);
  for (const [menu, entries] of Object.entries(contributes.menus)) {
    for (const entry of entries) assert.ok(commands.has(entry.command), `${menu} names ${entry.command}`);
  }
  assert.ok(
    contributes.viewsWelcome.some(
      (entry) =>
        entry.view === VIEWS.topics &&
        entry.contents.includes(`command:${COMMANDS.addConnection}`) &&
        entry.when === `${CONTEXT_KEYS.connectionState} == none`,
    ),
  );
  assert.ok(contributes.menus['view/item/context'].some((entry) => entry.command === COMMANDS.retry && entry.when === 'viewItem == error'));
  assert.ok(
    contributes.menus.commandPalette.some((entry) => entry.command === COMMANDS.copyName && entry.when === 'false'),
    'item-only commands are hidden from the palette',
  );
  assert.equal(
    contributes.configuration.properties['datamesh.connections'].scope,
    'application',
    'a workspace cannot define a connection that receives stored secrets',
  );
  assert.ok(contributes.configuration.properties['datamesh.activeConnection']);
});

const ROOT = join(__dirname, '..', '..', '..');

/** Every `when` clause anywhere under `contributes`. */
function whenClauses(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(whenClauses);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => (key === 'when' && typeof child === 'string' ? [child] : whenClauses(child)));
}

/** The context keys a `when` clause reads: each term's left operand, or the term itself when it has no operator. */
function contextKeysRead(clause: string): string[] {
  return clause
    .split(/&&|\|\|/)
    .map((term) => term.replace(/[()]/g, '').trim().replace(/^!\s*/, ''))
    .map((term) => term.split(/\s*(?:===?|!==?|=~|<=|>=|<|>|\snot in\s|\sin\s)\s*/)[0].trim())
    .filter(Boolean);
}

/** The first argument of every `executeCommand('setContext', …)` in the extension's sources. */
function setContextArguments(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return setContextArguments(path);
    if (!entry.name.endsWith('.ts')) return [];
    return [...readFileSync(path, 'utf8').matchAll(/executeCommand\(\s*'setContext',\s*([^,]+),/g)].map((match) => match[1].trim());
  });
}

test("package.json: every contributed command is in COMMANDS, `when` clauses read exactly the context keys the code sets, and the catalog topic default is the engine's", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string }[]; configuration: { properties: Record<string, { default?: unknown }> } };
  };
  const known = new Set<string>(Object.values(COMMANDS));
  for (const { command } of pkg.contributes.commands) assert.ok(known.has(command), `${command} is in COMMANDS (client/src/commandIds.ts)`);

  const read = new Set(
    whenClauses(pkg.contributes)
      .flatMap(contextKeysRead)
      .filter((key) => key.startsWith('datamesh.')),
  );
  assert.deepEqual([...read].sort(), Object.values(CONTEXT_KEYS).sort(), 'the datamesh.* keys read by `when` clauses are CONTEXT_KEYS');

  const set = setContextArguments(join(ROOT, 'client', 'src'));
  assert.ok(set.length > 0, 'the extension sets context keys');
  for (const argument of set) assert.match(argument, /^CONTEXT_KEYS\.\w+$/, `setContext takes its key from CONTEXT_KEYS, not ${argument}`);
  assert.deepEqual(
    [...new Set(set.map((argument) => CONTEXT_KEYS[argument.slice('CONTEXT_KEYS.'.length) as keyof typeof CONTEXT_KEYS]))].sort(),
    Object.values(CONTEXT_KEYS).sort(),
    'every context key is set somewhere',
  );

  assert.equal(pkg.contributes.configuration.properties['datamesh.catalogTopic'].default, DEFAULT_CATALOG_TOPIC);
});

test("tree commands read nodes structurally; topic names follow Kafka's rule; test results are sentences", async () => {
  assert.equal(nameOf({ kind: 'topic', name: 'orders' }), 'orders');
  assert.equal(nameOf({ kind: 'version', name: 'x v2', subject: 'x' }), 'x');
  assert.deepEqual(
    manifestOf({
      kind: 'product',
      product: { manifestUri: 'file:///a.yaml', idRange: { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } } },
    }),
    {
      manifestUri: 'file:///a.yaml',
      idRange: { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } },
    },
  );
  assert.equal(manifestOf({ kind: 'product', product: {} }), undefined);
  assert.equal(topicNameProblem('sales.orders.v1'), undefined);
  assert.match(String(topicNameProblem('bad name')), /letters, digits/);
  assert.match(String(topicNameProblem('..')), /cannot be named/);
  const lines = formatTestResult('local', {
    broker: { ok: true, clusterId: 'c1', brokers: 1, topics: 3, ms: 12 },
    registry: {
      ok: false,
      error: new Error('x'),
      description: {
        kind: 'registry-401',
        message: 'The schema registry rejected the credentials.',
        remedy: { kind: 'check-registry-credentials' },
      },
    },
  });
  assert.equal(lines[0], 'local: Kafka OK (cluster c1, 1 broker, 3 topics, 12 ms).');
  assert.match(lines[1], /^Registry failed: The schema registry rejected the credentials\. Check the connection's registry\.auth /);
  assert.match(lines[1], /"Data Mesh: Add Connection"/, 'the editor says where the password is re-entered');

  // The stubbed clipboard: Copy Name end to end through the registered command.
  const subscriptions: { dispose(): void }[] = [];
  registerTreeCommands({ subscriptions } as unknown as vscode.ExtensionContext, {
    refresh: () => undefined,
    setShowInternalTopics: () => undefined,
    showsInternalTopics: () => false,
    topicFilter: () => '',
    setTopicFilter: () => undefined,
  });
  await vscode.commands.executeCommand(COMMANDS.copyName, { kind: 'group', name: 'billing' });
  assert.equal(stubState.clipboard, 'billing');
  await vscode.commands.executeCommand(COMMANDS.toggleInternalTopics);
  assert.equal(stubState.contexts.get(CONTEXT_KEYS.showInternalTopics), true);
  for (const subscription of subscriptions) subscription.dispose();
});
