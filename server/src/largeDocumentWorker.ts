// Runs in a worker thread: checks a manifest too large to parse on the server's main thread.
import { parentPort } from 'node:worker_threads';
import { validateManifest } from './services/manifest/validateManifest';
import { WorkspaceIndex } from './services/workspace/workspaceIndex';
import type { LargeDocumentRequest, LargeDocumentResponse } from './largeDocumentProtocol';

const emptyWorkspace = new WorkspaceIndex({ readText: () => undefined });

parentPort?.on('message', (request: LargeDocumentRequest) => {
  let response: LargeDocumentResponse;
  try {
    const diagnostics = validateManifest(request.uri, request.text, emptyWorkspace, { syntaxAndSchemaOnly: true });
    response = { id: request.id, diagnostics };
  } catch (error) {
    response = { id: request.id, diagnostics: [], error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
