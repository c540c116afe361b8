/**
 * Registered schema versions as read-only documents: `datamesh-schema:/<subject>/<subject>-v<N>.avsc`.
 * The `.avsc` ending gives them the Avro language (highlighting, folding); the language server only
 * checks `file:` documents, so a registered schema is never linted as if it were workspace source.
 */
import * as vscode from 'vscode';
import { prettySchema } from '../engines/browse/schemaBrowser';
import { describeForEditor } from '../connections/connectionRemedy';
import type { BrowseContext } from '../connections/browseContext';
import { parseSchemaVersionUri } from '../schemaUris';

export class SchemaDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly context: BrowseContext) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseSchemaVersionUri(uri);
    if (!ref) throw new Error(`Not a schema version: ${uri.toString()}`);
    const state = this.context.connectionState();
    if (state.kind !== 'active') throw new Error('No active Kafka connection: the schema cannot be loaded.');
    if (ref.connection && ref.connection !== state.name) {
      throw new Error(
        `This schema belongs to the connection "${ref.connection}"; switch to it to reload the document (active: "${state.name}").`,
      );
    }
    const registry = await this.context.schemas();
    if (!registry) throw new Error(`The connection "${state.name}" has no schema registry.`);
    try {
      return prettySchema((await registry.schema(ref.subject, ref.version)).schema);
    } catch (error) {
      throw new Error(`${ref.subject} version ${ref.version}: ${describeForEditor(error)}`);
    }
  }
}
