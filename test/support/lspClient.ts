import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

/** A real JSON-RPC client talking LSP to the built server, started as its own process over stdio. */
export class LspTestClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  private readonly published: PublishedDiagnostics[] = [];
  private readonly listeners: (() => void)[] = [];
  readonly stderr: string[] = [];
  exitCode: number | null | undefined;

  constructor() {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.process.on('exit', (code) => (this.exitCode = code));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      this.published.push(params);
      for (const listener of this.listeners.splice(0)) listener();
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', () => [{}]);
    this.connection.listen();
  }

  async initialize(rootUri: string): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
      capabilities: {
        textDocument: { publishDiagnostics: { relatedInformation: true } },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, languageId = 'dataproduct', version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, text: string, version: number): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Waits for the next diagnostics of `uri` that satisfy `accept`, published after this call. */
  async diagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const start = this.published.length;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.published.slice(start).find((p) => p.uri === uri && accept(p.diagnostics));
      if (match) return match.diagnostics;
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${this.stderr.join('')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The diagnostics published so far, in order, for assertions on ordering. */
  get publications(): readonly PublishedDiagnostics[] {
    return this.published;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 3000))]);
      void this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    this.connection.dispose();
    setTimeout(() => this.process.kill('SIGKILL'), 2000).unref();
  }
}
