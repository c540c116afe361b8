// The URIs of registered schema versions (`datamesh-schema:`), shared by the document provider and the commands.
import * as vscode from 'vscode';
import { SCHEMA_SCHEME } from './commandIds';

export interface SchemaVersionRef {
  subject: string;
  version: number;
}

/** The document URI of one version; the connection name keeps versions of different registries apart. */
export function schemaVersionUri(ref: SchemaVersionRef, connection: string): vscode.Uri {
  const subject = encodeURIComponent(ref.subject);
  return vscode.Uri.from({
    scheme: SCHEMA_SCHEME,
    path: `/${subject}/${subject}-v${ref.version}.avsc`,
    query: `connection=${encodeURIComponent(connection)}`,
  });
}

export function parseSchemaVersionUri(uri: vscode.Uri): (SchemaVersionRef & { connection?: string }) | undefined {
  const match = /^\/([^/]+)\/[^/]*-v(\d+)\.avsc$/.exec(uri.path);
  if (uri.scheme !== SCHEMA_SCHEME || !match) return undefined;
  const connection = new URLSearchParams(uri.query).get('connection') ?? undefined;
  return { subject: decodeURIComponent(match[1]), version: Number(match[2]), ...(connection ? { connection } : {}) };
}
