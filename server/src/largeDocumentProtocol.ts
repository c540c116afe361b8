import type { Diagnostic } from 'vscode-languageserver-types';

/** Messages between the server and the worker that checks large manifests. */
export interface LargeDocumentRequest {
  id: number;
  uri: string;
  text: string;
}

export interface LargeDocumentResponse {
  id: number;
  diagnostics: Diagnostic[];
  error?: string;
}
