// Helpers of the extension-host suite: they run inside VS Code's extension host, next to the extension.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { DataMeshTestApi } from '../../../client/src/testing/testApi';

export const EXTENSION_ID = 'kafka-data-mesh.kafka-data-mesh';

/** Unique names per run: the stack is shared with other suites and earlier runs. */
export const RUN = `${process.pid.toString(36)}${Date.now().toString(36)}`;

/** The local stack's addresses, handed to the extension host by the harness. */
export function stackAddresses(): { bootstrap: string; registry: string } {
  const bootstrap = process.env.DATAMESH_TEST_BOOTSTRAP;
  const registry = process.env.DATAMESH_TEST_REGISTRY;
  assert.ok(bootstrap && registry, 'DATAMESH_TEST_BOOTSTRAP and DATAMESH_TEST_REGISTRY name the local stack');
  return { bootstrap, registry };
}

let api: DataMeshTestApi | undefined;

/** Activates the extension (it is lazy) and returns its test API. */
export async function extensionApi(): Promise<DataMeshTestApi> {
  if (api) return api;
  const extension = vscode.extensions.getExtension<DataMeshTestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const exported = await extension.activate();
  assert.ok(exported, 'activate() returns the test API (DATAMESH_EXTENSION_TEST_API=1 or a test run of VS Code)');
  api = exported;
  return api;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return folder.uri.fsPath;
}

/**
 * Writes a file into the workspace and returns its URI. Only into folders that exist (the workspace and its
 * schemas/): VS Code's file watcher (inotify) misses files written into a folder created a moment before,
 * before it watches that folder, and the editor would then never hear of them. Atomically, as editors save:
 * written under a name no watcher looks at, then renamed, so that nothing reads it half written.
 */
export function writeWorkspaceFile(relativePath: string, text: string): vscode.Uri {
  const path = join(workspaceRoot(), relativePath);
  assert.ok(existsSync(dirname(path)), `${dirname(relativePath)} exists in the workspace fixture`);
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, path);
  return vscode.Uri.file(path);
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `check` until it returns something other than undefined; the error names what did not happen and the last value seen. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await sleep(250);
  }
}

/** The diagnostics of a document once `accept` takes them; on a timeout, the error says which it had. */
export async function diagnosticsOf(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 60_000) {
  try {
    return await waitFor(
      `diagnostics of ${uri.fsPath}`,
      () => {
        const diagnostics = vscode.languages.getDiagnostics(uri);
        return accept(diagnostics) ? diagnostics : undefined;
      },
      timeoutMs,
    );
  } catch (error) {
    const had = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}: ${d.message}`);
    throw new Error(`${(error as Error).message}; it had ${JSON.stringify(had)}`);
  }
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return String(code ?? '');
}

/** A MarkdownString's source as the text it renders: VS Code escapes appended text (`\\(`, `&nbsp;`). */
export function renderedText(markdown: string): string {
  return markdown.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : String(item.label?.label ?? '');
}

/** The labels of a tree's children (roots when `node` is undefined). */
export async function childLabels<T>(provider: vscode.TreeDataProvider<T>, node?: T): Promise<string[]> {
  const children = (await provider.getChildren(node)) ?? [];
  return Promise.all(children.map(async (child) => labelOf(await provider.getTreeItem(child))));
}

/** The child of `node` whose tree item has `label`. */
export async function childNamed<T>(provider: vscode.TreeDataProvider<T>, label: string, node?: T): Promise<T | undefined> {
  for (const child of (await provider.getChildren(node)) ?? []) {
    if (labelOf(await provider.getTreeItem(child)) === label) return child;
  }
  return undefined;
}

/** Why kcat cannot run here, or undefined when it can (outside CI, the tests that need it skip). */
export function kcatMissing(): string | undefined {
  const probe = spawnSync('kcat', ['-V'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'kcat is not installed (apt-get install -y kcat)';
}

/** Runs kcat (an independent librdkafka client); `input` goes to its standard input (producing). */
export function kcat(args: string[], input?: string): string {
  const result = spawnSync('kcat', args, { encoding: 'utf8', timeout: 60_000, ...(input !== undefined ? { input } : {}) });
  if (result.status !== 0) throw new Error(`kcat ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

export interface KcatMetadata {
  topics: { topic: string; partitions: { partition: number }[] }[];
}

export function kcatMetadata(bootstrap: string): KcatMetadata {
  return JSON.parse(kcat(['-L', '-J', '-b', bootstrap])) as KcatMetadata;
}

/** The registry's answer to GET `path`, as JSON. */
export async function registryGet<T>(registry: string, path: string): Promise<T> {
  const response = await fetch(`${registry}${path}`);
  assert.equal(response.status, 200, `GET ${path}`);
  return (await response.json()) as T;
}

export async function registerSchema(registry: string, subject: string, schema: object): Promise<number> {
  const response = await fetch(`${registry}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(schema) }),
  });
  assert.equal(response.status, 200, `POST ${subject}: ${await response.clone().text()}`);
  return ((await response.json()) as { id: number }).id;
}

export async function setCompatibility(registry: string, subject: string, level: string): Promise<void> {
  const response = await fetch(`${registry}/config/${encodeURIComponent(subject)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: level }),
  });
  assert.equal(response.status, 200, `PUT /config/${subject}`);
}
