// Runs in a worker thread: checks a manifest too large to parse on the server's main thread.
import { parentPort } from 'node:worker_threads';
import { createLanguageService, MANIFEST_LANGUAGE_ID } from './services/index';
import type { LargeDocumentRequest, LargeDocumentResponse } from './protocol';

/** No other file is read: the check is the manifest's YAML syntax and JSON Schema alone. */
const service = createLanguageService({ reader: { readText: () => undefined } });

parentPort?.on('message', (request: LargeDocumentRequest) => {
  let response: LargeDocumentResponse;
  try {
    const diagnostics = service.validate(
      { uri: request.uri, text: request.text, languageId: MANIFEST_LANGUAGE_ID },
      { syntaxAndSchemaOnly: true },
    );
    response = { id: request.id, diagnostics };
  } catch (error) {
    response = { id: request.id, diagnostics: [], error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
