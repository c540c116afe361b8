import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LargeDocumentRequest, LargeDocumentResponse } from './protocol';

/**
 * Checks large manifests in a worker thread, so that a 5 MB document never holds up answers for other
 * documents. A check that is no longer wanted (the document changed again) is simply ignored when it ends.
 */
export class LargeDocumentChecker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Diagnostic[]) => void; reject: (error: Error) => void }>();

  constructor(private readonly workerScript = join(__dirname, 'largeDocumentWorker.js')) {}

  check(uri: string, text: string): Promise<Diagnostic[]> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: LargeDocumentRequest = { id, uri, text };
      worker.postMessage(request);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.on('message', (response: LargeDocumentResponse) => {
      const waiter = this.pending.get(response.id);
      this.pending.delete(response.id);
      if (!waiter) return;
      if (response.error) waiter.reject(new Error(response.error));
      else waiter.resolve(response.diagnostics);
    });
    const failAll = (error: Error) => {
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the large-document worker stopped (exit code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
