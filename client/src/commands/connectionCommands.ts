/**
 * Data Mesh: Add / Test / Switch / Remove Connection, and Retry. Add Connection is a guided
 * QuickPick/InputBox flow over the ConnectionProfile model: the profile goes to settings, every
 * password, token and passphrase to SecretStorage (through ConnectionStore), never to settings or logs.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import {
  parseBootstrap,
  secretKey,
  validateProfile,
  type SecretName,
  type ConnectionProfile,
  type RegistryAuth,
  type SecurityProtocol,
  type TlsSettings,
} from '../kafka/connectionProfile';
import type { ConnectionLogger } from '../kafka/kafkaClientFactory';
import type { SecretStore } from '../kafka/secretStore';
import type { ConnectionManager } from '../connections/connectionManager';
import type { ConnectionSecrets } from '../connections/connectionStore';
import { testConnection, type ConnectionTestResult } from '../connections/connectionTest';
import { formatForEditor } from '../connections/connectionRemedy';

/** The prompts of the Add Connection flow; the editor's by default, scripted in tests. */
export interface ConnectionPrompts {
  pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): PromiseLike<T | undefined>;
  input(options: vscode.InputBoxOptions): PromiseLike<string | undefined>;
  openFile(title: string): PromiseLike<string | undefined>;
}

export const editorPrompts: ConnectionPrompts = {
  pick: (items, options) => vscode.window.showQuickPick(items, { ...options, ignoreFocusOut: true }),
  input: (options) => vscode.window.showInputBox({ ...options, ignoreFocusOut: true }),
  openFile: async (title) => {
    const picked = await vscode.window.showOpenDialog({
      title,
      canSelectMany: false,
      openLabel: 'Select',
      filters: { 'PEM files': ['pem', 'crt', 'cer', 'key'], 'All files': ['*'] },
    });
    return picked?.[0]?.fsPath;
  },
};

export interface LocalStackAddresses {
  bootstrap: string;
  registry: string;
}

interface ProtocolItem extends vscode.QuickPickItem {
  protocol: SecurityProtocol;
}

const PROTOCOL_ITEMS: ProtocolItem[] = [
  { label: 'No authentication', description: 'PLAINTEXT or SSL', protocol: 'plaintext' },
  { label: 'SASL/PLAIN', description: 'user name and password', protocol: 'sasl-plain' },
  { label: 'SASL/SCRAM-SHA-256', description: 'user name and password', protocol: 'sasl-scram-256' },
  { label: 'SASL/SCRAM-SHA-512', description: 'user name and password', protocol: 'sasl-scram-512' },
  { label: 'SASL/OAUTHBEARER', description: 'OAuth client credentials', protocol: 'oauthbearer' },
];

type TlsChoice = 'none' | 'system' | 'ca' | 'mutual';

/**
 * Asks for a connection step by step. Resolves undefined when the user cancels (Escape) at any step.
 * `existing` names are used to warn before replacing one.
 */
export async function promptForConnection(
  ui: ConnectionPrompts,
  options: { existing: readonly string[]; localStack?: LocalStackAddresses },
): Promise<{ profile: ConnectionProfile; secrets: ConnectionSecrets } | undefined> {
  const secrets: ConnectionSecrets = {};
  let useLocal = false;
  if (options.localStack) {
    const where = await ui.pick(
      [
        {
          label: '$(server-environment) The local stack',
          description: `${options.localStack.bootstrap}, registry ${options.localStack.registry}`,
          local: true,
        },
        { label: '$(cloud) Another Kafka cluster', description: 'bootstrap servers, security, registry', local: false },
      ],
      { title: 'Add Connection', placeHolder: 'Which Kafka?' },
    );
    if (!where) return undefined;
    useLocal = where.local;
  }

  const name = await ui.input({
    title: 'Add Connection (1/5): name',
    prompt: 'A name for this connection (shown in the status bar)',
    value: useLocal ? 'local' : defaultName(options.existing),
    validateInput: (value) => {
      if (!value.trim()) return 'The connection needs a name.';
      if (options.existing.includes(value.trim())) {
        return {
          message: `A connection named "${value.trim()}" exists; it will be replaced.`,
          severity: vscode.InputBoxValidationSeverity.Warning,
        };
      }
      return undefined;
    },
  });
  if (name === undefined) return undefined;

  if (useLocal && options.localStack) {
    return {
      profile: {
        name: name.trim(),
        bootstrapServers: [options.localStack.bootstrap],
        security: { protocol: 'plaintext' },
        registry: { url: options.localStack.registry, auth: { kind: 'none' } },
      },
      secrets,
    };
  }

  const bootstrapText = await ui.input({
    title: 'Add Connection (2/5): bootstrap servers',
    prompt: 'host:port of one or more brokers, separated by commas',
    placeHolder: 'broker1.example.com:9092,broker2.example.com:9092',
    validateInput: (value) => bootstrapProblem(value),
  });
  if (bootstrapText === undefined) return undefined;

  const protocolItem = await ui.pick(PROTOCOL_ITEMS, {
    title: 'Add Connection (3/5): authentication',
    placeHolder: 'How does the client authenticate?',
  });
  if (!protocolItem) return undefined;
  const profile: ConnectionProfile = {
    name: name.trim(),
    bootstrapServers: parseBootstrap(bootstrapText),
    security: { protocol: protocolItem.protocol },
  };

  if (protocolItem.protocol === 'oauthbearer') {
    const tokenUrl = await ui.input({
      title: 'OAuth token endpoint',
      prompt: "The URL of the identity provider's token endpoint",
      validateInput: (value) => (isHttpUrl(value) ? undefined : 'An http(s) URL, please.'),
    });
    if (tokenUrl === undefined) return undefined;
    const clientId = await ui.input({
      title: 'OAuth client id',
      validateInput: (value) => (value.trim() ? undefined : 'The client id is required.'),
    });
    if (clientId === undefined) return undefined;
    const scope = await ui.input({ title: 'OAuth scope (optional)', prompt: 'Leave empty for none' });
    if (scope === undefined) return undefined;
    const clientSecret = await ui.input({
      title: 'OAuth client secret',
      prompt: "Stored in the editor's secret storage, never in settings",
      password: true,
      validateInput: required('The client secret'),
    });
    if (clientSecret === undefined) return undefined;
    profile.security.oauth = { tokenUrl: tokenUrl.trim(), clientId: clientId.trim(), ...(scope.trim() ? { scope: scope.trim() } : {}) };
    secrets['oauth-client-secret'] = clientSecret;
  } else if (protocolItem.protocol !== 'plaintext') {
    const username = await ui.input({ title: 'SASL user name', validateInput: required('The user name') });
    if (username === undefined) return undefined;
    const password = await ui.input({
      title: `Password of ${username.trim()}`,
      prompt: "Stored in the editor's secret storage, never in settings",
      password: true,
      validateInput: required('The password'),
    });
    if (password === undefined) return undefined;
    profile.security.username = username.trim();
    secrets['sasl-password'] = password;
  }

  const tlsChoice = await ui.pick<vscode.QuickPickItem & { tls: TlsChoice }>(
    [
      { label: 'No TLS', description: 'plaintext transport', tls: 'none' },
      { label: 'TLS', description: "trust the system's certificate authorities", tls: 'system' },
      { label: 'TLS with a CA file', description: 'a private CA (PEM)', tls: 'ca' },
      { label: 'Mutual TLS', description: 'a CA file and a client certificate and key (PEM)', tls: 'mutual' },
    ],
    { title: 'Add Connection (4/5): TLS', placeHolder: 'Is the listener encrypted?' },
  );
  if (!tlsChoice) return undefined;
  if (tlsChoice.tls !== 'none') {
    const tls: TlsSettings = {};
    if (tlsChoice.tls === 'ca' || tlsChoice.tls === 'mutual') {
      const ca = await ui.openFile('The CA certificate (PEM)');
      if (ca === undefined) return undefined;
      tls.ca = ca;
    }
    if (tlsChoice.tls === 'mutual') {
      const cert = await ui.openFile('The client certificate (PEM)');
      if (cert === undefined) return undefined;
      const key = await ui.openFile('The client private key (PEM)');
      if (key === undefined) return undefined;
      const passphrase = await ui.input({
        title: 'Passphrase of the private key',
        prompt: 'Leave empty when the key is not encrypted',
        password: true,
      });
      if (passphrase === undefined) return undefined;
      tls.cert = cert;
      tls.key = key;
      if (passphrase) secrets['tls-key-passphrase'] = passphrase;
    }
    profile.security.tls = tls;
  }

  const registryUrl = await ui.input({
    title: 'Add Connection (5/5): schema registry',
    prompt: 'The Confluent-compatible base URL (Apicurio: http://HOST:PORT/apis/ccompat/v7); leave empty for none',
    placeHolder: 'https://registry.example.com',
    validateInput: (value) => (!value.trim() || isHttpUrl(value.trim()) ? undefined : 'An http(s) URL, or nothing.'),
  });
  if (registryUrl === undefined) return undefined;
  if (registryUrl.trim()) {
    const authItem = await ui.pick<vscode.QuickPickItem & { auth: RegistryAuth['kind'] }>(
      [
        { label: 'No authentication', auth: 'none' },
        { label: 'Basic', description: 'user name and password', auth: 'basic' },
        { label: 'Bearer token', auth: 'bearer' },
      ],
      { title: 'Registry authentication' },
    );
    if (!authItem) return undefined;
    let auth: RegistryAuth = { kind: 'none' };
    if (authItem.auth === 'basic') {
      const username = await ui.input({ title: 'Registry user name', validateInput: required('The user name') });
      if (username === undefined) return undefined;
      const password = await ui.input({
        title: 'Registry password',
        prompt: "Stored in the editor's secret storage",
        password: true,
        validateInput: required('The password'),
      });
      if (password === undefined) return undefined;
      auth = { kind: 'basic', username: username.trim() };
      secrets['registry-password'] = password;
    } else if (authItem.auth === 'bearer') {
      const token = await ui.input({
        title: 'Registry bearer token',
        prompt: "Stored in the editor's secret storage",
        password: true,
        validateInput: required('The token'),
      });
      if (token === undefined) return undefined;
      auth = { kind: 'bearer' };
      secrets['registry-token'] = token;
    }
    profile.registry = { url: registryUrl.trim().replace(/\/+$/, ''), auth };
  }
  return { profile, secrets };
}

export interface ConnectionCommandOptions {
  logger?: ConnectionLogger;
  /** Tests a connection before Add Connection saves it; testConnection by default. */
  test?: typeof testConnection;
  /** The editor's local stack, for the "local stack" shortcut of Add Connection. */
  localStack?: () => Promise<LocalStackAddresses | undefined>;
  prompts?: ConnectionPrompts;
  showLog?: () => void;
}

export function registerConnectionCommands(
  context: vscode.ExtensionContext,
  manager: ConnectionManager,
  options: ConnectionCommandOptions = {},
): void {
  const ui = options.prompts ?? editorPrompts;
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.addConnection, () => addConnection(manager, ui, options)),
    vscode.commands.registerCommand(COMMANDS.testConnection, (name?: unknown) =>
      runTest(manager, options, typeof name === 'string' ? name : undefined),
    ),
    vscode.commands.registerCommand(COMMANDS.switchConnection, () => switchConnection(manager, ui)),
    vscode.commands.registerCommand(COMMANDS.removeConnection, () => removeConnection(manager, ui)),
    vscode.commands.registerCommand(COMMANDS.retry, () => manager.retry()),
  );
}

/** Adds (or replaces) a connection, makes it active and offers a test. Resolves its name, or undefined. */
export async function addConnection(
  manager: ConnectionManager,
  ui: ConnectionPrompts,
  options: ConnectionCommandOptions = {},
): Promise<string | undefined> {
  let localStack: LocalStackAddresses | undefined;
  try {
    localStack = await options.localStack?.();
  } catch {
    localStack = undefined; // the shortcut is a convenience only
  }
  const answer = await promptForConnection(ui, { existing: manager.store.list().map((connection) => connection.profile.name), localStack });
  if (!answer) return undefined;
  const problems = validateProfile(answer.profile);
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(`The connection was not saved: ${problems.join(' ')}`);
    return undefined;
  }
  // Tested before anything is saved: a connection that does not work never silently becomes the active one.
  const name = answer.profile.name;
  const test = options.test ?? testConnection;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Data Mesh: testing the connection "${name}"` },
    () => test(answer.profile, pendingSecrets(manager.store.secrets, name, answer.secrets), { logger: options.logger }),
  );
  const lines = formatTestResult(name, result);
  const works = result.broker.ok && (result.registry === undefined || result.registry.ok);
  if (!works) {
    const choice = await vscode.window.showErrorMessage(
      `The connection "${name}" was not saved: ${lines.join(' ')}`,
      { modal: false },
      SAVE_ANYWAY,
      'Show Log',
    );
    if (choice === 'Show Log') options.showLog?.();
    if (choice !== SAVE_ANYWAY) return undefined;
  }
  try {
    await manager.store.save(answer.profile, answer.secrets);
    // Saved anyway after a failed test: kept, but the views stay on the connection they had.
    if (works) await manager.store.setActive(name);
  } catch (error) {
    void vscode.window.showErrorMessage(`The connection was not saved: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (works) {
    void vscode.window.showInformationMessage(`Connection "${name}" added and active. ${lines.join(' ')}`);
  } else {
    void vscode.window.showWarningMessage(
      `Connection "${name}" saved but not made active (its test failed); choose it with Switch Connection once it works.`,
    );
  }
  return name;
}

/** The button that keeps a connection whose test failed. */
export const SAVE_ANYWAY = 'Save Anyway';

/**
 * The secrets as they will be once the connection is saved, without saving them: the ones just typed, over
 * the stored ones of a connection of the same name (a secret left empty is removed, as save() does).
 */
function pendingSecrets(stored: SecretStore, profileName: string, typed: ConnectionSecrets): SecretStore {
  const overrides = new Map<string, string | undefined>();
  for (const [secret, value] of Object.entries(typed) as [SecretName, string | undefined][]) {
    if (value !== undefined) overrides.set(secretKey(profileName, secret), value === '' ? undefined : value);
  }
  return {
    get: async (key) => (overrides.has(key) ? overrides.get(key) : stored.get(key)),
    store: async (key, value) => void overrides.set(key, value),
    delete: async (key) => void overrides.set(key, undefined),
  };
}

async function runTest(
  manager: ConnectionManager,
  options: ConnectionCommandOptions,
  name: string | undefined,
): Promise<ConnectionTestResult | undefined> {
  const connections = manager.store.list();
  if (connections.length === 0) {
    const choice = await vscode.window.showWarningMessage('There is no Kafka connection to test.', 'Add Connection');
    if (choice) await vscode.commands.executeCommand(COMMANDS.addConnection);
    return undefined;
  }
  const chosen = name ? manager.store.get(name) : (manager.store.active() ?? connections[0]);
  if (!chosen) {
    void vscode.window.showErrorMessage(`There is no connection named "${name}".`);
    return undefined;
  }
  const profile = chosen.profile;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Data Mesh: testing the connection "${profile.name}"` },
    () => testConnection(profile, manager.store.secrets, { logger: options.logger }),
  );
  if (manager.connectionState().kind === 'active' && manager.activeProfile()?.name === profile.name) {
    manager.recordHealth('broker', result.broker.ok ? { ok: true } : { ok: false, error: result.broker.error });
    if (result.registry) manager.recordHealth('registry', result.registry.ok ? { ok: true } : { ok: false, error: result.registry.error });
  }
  const lines = formatTestResult(profile.name, result);
  const failed = !result.broker.ok || (result.registry !== undefined && !result.registry.ok);
  if (failed) {
    const choice = await vscode.window.showErrorMessage(lines.join(' '), 'Retry', 'Show Log');
    if (choice === 'Retry') return runTest(manager, options, profile.name);
    if (choice === 'Show Log') options.showLog?.();
  } else {
    void vscode.window.showInformationMessage(lines.join(' '));
  }
  return result;
}

/** One sentence per component: what worked, or the specific failure and what to do. */
export function formatTestResult(name: string, result: ConnectionTestResult): string[] {
  const lines: string[] = [];
  const broker = result.broker;
  lines.push(
    broker.ok
      ? `${name}: Kafka OK (cluster ${broker.clusterId}, ${broker.brokers} broker${broker.brokers === 1 ? '' : 's'}, ${broker.topics} topics, ${broker.ms} ms).`
      : `${name}: Kafka failed: ${formatForEditor(broker.description)}`,
  );
  const registry = result.registry;
  if (registry) {
    lines.push(
      registry.ok
        ? `Registry OK (${registry.subjects} subjects, global compatibility ${registry.compatibility}, ${registry.ms} ms).`
        : `Registry failed: ${formatForEditor(registry.description)}`,
    );
  } else {
    lines.push('No schema registry configured.');
  }
  return lines;
}

async function switchConnection(manager: ConnectionManager, ui: ConnectionPrompts): Promise<string | undefined> {
  const connections = manager.store.list();
  const active = manager.store.active()?.profile.name;
  const items: (vscode.QuickPickItem & { name?: string })[] = connections.map((connection) => ({
    label: `${connection.profile.name === active ? '$(check) ' : ''}${connection.profile.name}`,
    description: connection.profile.bootstrapServers.join(','),
    detail:
      connection.problems.length > 0 ? `⚠ ${connection.problems.join(' ')}` : (connection.profile.registry?.url ?? 'no schema registry'),
    name: connection.profile.name,
  }));
  items.push({ label: '$(add) Add Connection…' });
  const picked = await ui.pick(items, {
    title: 'Switch Connection',
    placeHolder: connections.length ? 'Browse which Kafka?' : 'No connections yet',
  });
  if (!picked) return undefined;
  if (!picked.name) {
    await vscode.commands.executeCommand(COMMANDS.addConnection);
    return undefined;
  }
  await manager.store.setActive(picked.name);
  return picked.name;
}

async function removeConnection(manager: ConnectionManager, ui: ConnectionPrompts): Promise<void> {
  const connections = manager.store.list();
  if (connections.length === 0) {
    void vscode.window.showInformationMessage('There are no connections to remove.');
    return;
  }
  const picked = await ui.pick(
    connections.map((connection) => ({ label: connection.profile.name, description: connection.profile.bootstrapServers.join(',') })),
    { title: 'Remove Connection' },
  );
  if (!picked) return;
  const confirm = await vscode.window.showWarningMessage(
    `Remove the connection "${picked.label}" and its stored secrets?`,
    { modal: true },
    'Remove',
  );
  if (confirm !== 'Remove') return;
  await manager.store.remove(picked.label);
}

function defaultName(existing: readonly string[]): string {
  if (!existing.includes('kafka')) return 'kafka';
  for (let index = 2; ; index++) if (!existing.includes(`kafka-${index}`)) return `kafka-${index}`;
}

function bootstrapProblem(value: string): string | undefined {
  const servers = parseBootstrap(value);
  if (servers.length === 0) return 'At least one host:port.';
  const bad = servers.find((server) => !/^(\[[0-9a-fA-F:.]+\]|[^\s:/]+):\d{1,5}$/.test(server));
  return bad ? `"${bad}" is not host:port.` : undefined;
}

function required(what: string): (value: string) => string | undefined {
  return (value) => (value ? undefined : `${what} is required.`);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Makes the views use a local stack: the connection that already points at its broker becomes active, or a
 * connection "local" is saved for it (replacing a "local" that pointed at an earlier stack on this machine,
 * whose ports are gone; another name when "local" is a remote cluster). Resolves the connection's name.
 */
export async function connectToLocalStack(manager: ConnectionManager, stack: LocalStackAddresses): Promise<string> {
  const connections = manager.store.list();
  const same = connections.find(
    (connection) => connection.profile.bootstrapServers.length === 1 && connection.profile.bootstrapServers[0] === stack.bootstrap,
  );
  if (same) {
    if (same.profile.registry?.url !== stack.registry)
      await manager.store.save({ ...same.profile, registry: { url: stack.registry, auth: { kind: 'none' } } });
    await manager.store.setActive(same.profile.name);
    return same.profile.name;
  }
  const isLocal = (name: string) =>
    manager.store.get(name)?.profile.bootstrapServers.every((server) => /^(127\.0\.0\.1|localhost):\d+$/.test(server)) ?? true;
  let name = 'local';
  for (let index = 2; !isLocal(name); index++) name = `local-${index}`;
  await manager.store.save({
    name,
    bootstrapServers: [stack.bootstrap],
    security: { protocol: 'plaintext' },
    registry: { url: stack.registry, auth: { kind: 'none' } },
  });
  await manager.store.setActive(name);
  return name;
}
