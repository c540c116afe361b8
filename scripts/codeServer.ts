// A real VS Code for the end-to-end tests and the demo: code-server 4.99.4 (VS Code 1.99.3) with the
// packaged extension installed, driven through its UI by Debian's Chromium with playwright-core.
// The tools are installed by .ci/install-e2e-tools.sh into a cache folder outside the repository.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.99.4';
export const EXTENSION_ID = 'kafka-data-mesh.kafka-data-mesh';
export const REPO_ROOT = resolve(__dirname, '..');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');
const MARKER = '.datamesh-e2e-tools-installed';

/** The tools folder, as .ci/install-e2e-tools.sh computes it. */
export function toolsDir(): string {
  if (process.env.DATAMESH_TOOLS_DIR) return process.env.DATAMESH_TOOLS_DIR;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'kafka-data-mesh', 'tools');
}

export interface Tools {
  codeServerDir: string;
  /** code-server's Node entry point. */
  entry: string;
  chromium: string;
}

/** The installed tools, or the reason they are not usable. */
export function findTools(): { tools: Tools } | { missing: string } {
  const codeServerDir = join(toolsDir(), `code-server-${CODE_SERVER_VERSION}`);
  const entry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const browser = process.env.DATAMESH_CHROMIUM || '/usr/bin/chromium';
  const hint = 'run `bash .ci/install-e2e-tools.sh` to install them';
  if (!existsSync(join(codeServerDir, MARKER)) || !existsSync(entry)) {
    return { missing: `code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerDir}; ${hint}` };
  }
  if (!existsSync(browser)) return { missing: `Chromium not found at ${browser}; ${hint}` };
  return { tools: { codeServerDir, entry, chromium: browser } };
}

/** Rejects when `promise` does not settle within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the production bundles and the VSIX (`npm run package`); returns the VSIX path. */
export function packageExtension(timeoutMs = 120_000): string {
  const vsix = join(REPO_ROOT, 'dist', 'kafka-data-mesh.vsix');
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'package', '--silent'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  if (result.status !== 0 || !existsSync(vsix)) {
    throw new Error(
      `npm run package failed (status ${result.status}, signal ${result.signal}, error ${result.error?.message ?? 'none'}):\n` +
        `${result.stdout ?? ''}\n${result.stderr ?? ''}`,
    );
  }
  if (statSync(vsix).mtimeMs < started - 2000) throw new Error(`npm run package did not write ${vsix}`);
  return vsix;
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The environment for code-server: no leftovers of an enclosing VS Code, config kept in `home`. */
function codeServerEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key.startsWith('NODE_OPTIONS')) continue;
    env[key] = value;
  }
  // code-server writes config.yaml and coder.json under these; keep them out of the real home.
  env.XDG_CONFIG_HOME = join(home, 'config');
  env.XDG_DATA_HOME = join(home, 'data');
  return env;
}

export interface Session {
  /** Everything of this run: user data, extensions, workspace copy, logs. */
  root: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  logFile: string;
}

export const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'workbench.enableExperiments': false,
};

/**
 * A fresh temporary user-data-dir and extensions-dir, and a copy of the fixture workspace; or, with
 * `workspace`, that folder as it is (the demo's, which must outlive the session: removeSession leaves it).
 */
export function createSession(fixtureWorkspace: string, options: { workspace?: string } = {}): Session {
  const root = mkdtempSync(join(tmpdir(), 'datamesh-e2e-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = options.workspace ?? join(root, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  if (!options.workspace) cpSync(fixtureWorkspace, workspace, { recursive: true });
  return { root, userDataDir, extensionsDir, workspace, logFile: join(root, 'code-server.log') };
}

/** Installs the VSIX into the session's extensions-dir with code-server's CLI. */
export function installExtension(tools: Tools, session: Session, vsix: string, timeoutMs = 90_000): string {
  const result = spawnSync(
    process.execPath,
    [
      tools.entry,
      '--extensions-dir',
      session.extensionsDir,
      '--user-data-dir',
      session.userDataDir,
      '--force',
      '--install-extension',
      vsix,
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      env: codeServerEnv(session.root),
    },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsix} failed (status ${result.status}, signal ${result.signal}):\n${output}`);
  }
  return output;
}

export interface CodeServer {
  port: number;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Starts code-server on a free port, detached in its own process group (so the extension host and
 * the language server go with it), and waits until it answers /healthz.
 */
export async function startCodeServer(
  tools: Tools,
  session: Session,
  readyTimeoutMs = 60_000,
  /** Added to code-server's environment, which its extension host inherits. */
  extraEnv: Record<string, string> = {},
): Promise<CodeServer> {
  const port = await freePort();
  const log = createWriteStream(session.logFile);
  const child = spawn(
    process.execPath,
    [
      tools.entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      session.userDataDir,
      '--extensions-dir',
      session.extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--ignore-last-opened',
      session.workspace,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...codeServerEnv(session.root), ...extraEnv } },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  // If this test process dies without running `after`, do not leave code-server behind.
  const onExit = () => killGroup(pid, 'SIGKILL');
  process.on('exit', onExit);
  // Nor when it is stopped by a signal (run-tests' budget, Ctrl+C), which skips 'exit' handlers: code-server
  // is in a process group of its own, so stopping the test's group does not reach it.
  const onSignal = (signal: NodeJS.Signals) => {
    killGroup(pid, 'SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const stop = async () => {
    process.off('exit', onExit);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (processGroupAlive(pid) && Date.now() < deadline) await sleep(100);
    if (processGroupAlive(pid)) killGroup(pid, 'SIGKILL');
    const killDeadline = Date.now() + 5_000;
    while (processGroupAlive(pid) && Date.now() < killDeadline) await sleep(100);
    child.stdout?.destroy();
    child.stderr?.destroy();
    log.end();
  };

  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(session.workspace)}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited early (${JSON.stringify(exited)}); log:\n${tail(session.logFile)}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer within ${readyTimeoutMs} ms; log:\n${tail(session.logFile)}`);
    }
    await sleep(250);
  }
  return { port, url, process: child, stop };
}

/** The last lines of a text file, for error messages. */
export function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(tools: Tools, timeoutMs = 30_000): Promise<Browser> {
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: timeoutMs,
  });
}

/** Closes the browser; Playwright kills the Chromium process if closing does not finish in time. */
export async function closeBrowser(browser: Browser | undefined, timeoutMs = 15_000): Promise<void> {
  if (!browser) return;
  try {
    await withTimeout(browser.close(), timeoutMs, 'closing Chromium');
  } catch {
    // Playwright also kills its browsers when this process exits.
  }
}

/** Opens the workbench and waits until it shows the workspace's files. */
export async function openWorkbench(browser: Browser, server: CodeServer, expectFile: string, timeoutMs = 90_000): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: left() });
  await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: left() });
  // The workspace is loaded once the explorer lists the file.
  await page
    .locator('.explorer-folders-view .monaco-list-row', { hasText: expectFile })
    .first()
    .waitFor({ state: 'visible', timeout: left() });
  return page;
}

/** Saves a full-page screenshot to test-results/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, timeout: 15_000 });
  return path;
}

/** Copies code-server's log and the VS Code logs (extension host, output channels) to `target` (default test-results/e2e/logs). */
export function collectLogs(session: Session, target = join(RESULTS_DIR, 'logs')): void {
  try {
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    if (existsSync(session.logFile)) cpSync(session.logFile, join(target, 'code-server.log'));
    const logs = join(session.userDataDir, 'logs');
    if (existsSync(logs)) cpSync(logs, join(target, 'vscode'), { recursive: true });
  } catch {
    // best effort
  }
}

/** Removes the session's temporary folders; a workspace given to createSession (outside the root) stays. */
export function removeSession(session: Session | undefined): void {
  if (!session) return;
  rmSync(session.root, { recursive: true, force: true, maxRetries: 3 });
}
