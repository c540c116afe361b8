// LSP wiring only: document sync, diagnostics, requests -> the pure services.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { WorkspaceIndex } from './services/workspace/workspaceIndex';
import { validateManifest } from './services/manifest/validateManifest';
import { completeManifest } from './services/manifest/completion';
import { hoverManifest } from './services/manifest/hover';
import { findManifestDefinition } from './services/manifest/definition';
import { manifestSymbols } from './services/manifest/symbols';
import { manifestCodeActions } from './services/manifest/codeActions';
import { isAvroFileName, isManifestFileName } from './services/manifest/manifestTypes';
import { makeDiagnostic } from './services/diagnostics';
import { nodeFileReader } from './nodeFileReader';
import { scanForMeshFiles } from './workspaceScanner';
import { LargeDocumentChecker } from './largeDocumentChecker';
import { AvroTypeIndex } from './services/workspace/avroTypeIndex';
import { completeAvro } from './services/avro/avroCompletion';
import { hoverAvro } from './services/avro/avroHover';
import { findAvroDefinition, findAvroReferences, prepareAvroRename, renameAvroType } from './services/avro/avroNavigation';
import { formatAvro } from './services/avro/avroFormat';
import { avroSymbols } from './services/avro/avroSymbols';
import { avroCodeActions } from './services/avro/avroCodeActions';
import { gitSchemaHistory } from './gitSchemaHistory';
import { evolutionDiagnostics, type SchemaUse } from './services/avro/compat/evolutionDiagnostics';
import type { SchemaVersion } from './services/avro/compat/schemaHistory';
import { COMPATIBILITY_MODES, DEFAULT_COMPATIBILITY, type Compatibility } from './services/manifest/manifestTypes';

const DEFAULT_MAX_FULL_CHECK_SIZE = 1024 * 1024;
const VALIDATION_DELAY_MS = 150;

interface ServerSettings {
  maxFullCheckSize: number;
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex(nodeFileReader);
const avroTypes = new AvroTypeIndex(index);
index.setAvroChecker((uri, text) => avroTypes.check(uri, text));
const largeDocuments = new LargeDocumentChecker();
const settings: ServerSettings = { maxFullCheckSize: DEFAULT_MAX_FULL_CHECK_SIZE };
const pendingValidations = new Map<string, NodeJS.Timeout>();
/** Schema versions the client sent from the registry; they replace git HEAD as the history of a schema. */
const registryVersions = new Map<string, SchemaVersion[]>();

/** The client's notification with a schema's registry versions, newest first (the connectivity issue sends it). */
interface SchemaVersionsParams {
  schemaUri: string;
  versions: SchemaVersion[];
}

function isManifest(document: TextDocument): boolean {
  return document.languageId === 'dataproduct' || isManifestFileName(document.uri);
}

function isAvro(document: TextDocument): boolean {
  return document.languageId === 'avro' || isAvroFileName(document.uri);
}

function isLarge(document: TextDocument): boolean {
  return document.getText().length > settings.maxFullCheckSize;
}

/** Runs a request handler so that a bug in one feature answers "nothing" instead of breaking the server. */
function guarded<T>(feature: string, fallback: T, token: CancellationToken | undefined, run: () => T): T {
  if (token?.isCancellationRequested) return fallback;
  try {
    return run();
  } catch (error) {
    connection.console.error(`${feature} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}

connection.onInitialize((params): InitializeResult => {
  const roots = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  index.setRoots(roots);
  const initialSize = (params.initializationOptions as { maxFullCheckSize?: unknown } | undefined)?.maxFullCheckSize;
  if (typeof initialSize === 'number' && initialSize > 0) settings.maxFullCheckSize = initialSize;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '/', '.', '-', '"'] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentFormattingProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'datamesh-language-server' },
  };
});

connection.onInitialized(async () => {
  try {
    void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
  } catch {
    // Clients without dynamic registration still send the synchronized section.
  }
  for (const root of index.workspaceRoots) index.addFiles(await scanForMeshFiles(root));
  revalidateOpenDocuments();
});

connection.onDidChangeConfiguration((change) => {
  const section = (change.settings as { datamesh?: { maxFullCheckSize?: unknown } } | undefined)?.datamesh;
  if (typeof section?.maxFullCheckSize === 'number' && section.maxFullCheckSize > 0) {
    settings.maxFullCheckSize = section.maxFullCheckSize;
  }
  revalidateOpenDocuments();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const change of changes) {
    if (change.type === FileChangeType.Created) index.fileCreated(change.uri);
    else if (change.type === FileChangeType.Deleted) index.fileDeleted(change.uri);
    else index.fileChanged(change.uri);
  }
  revalidateOpenDocuments();
});

documents.onDidOpen(({ document }) => {
  if (!isLarge(document)) index.documentOpened(document.uri, document.getText());
  scheduleValidation(document.uri, 0);
});

documents.onDidChangeContent(({ document }) => {
  if (isLarge(document)) index.documentClosed(document.uri);
  else index.documentChanged(document.uri, document.getText());
  scheduleValidation(document.uri);
  // A change of id, ports, modes or schema can change other open documents' diagnostics.
  for (const other of documents.all()) if (other.uri !== document.uri) scheduleValidation(other.uri);
});

documents.onDidClose(({ document }) => {
  index.documentClosed(document.uri);
  const timer = pendingValidations.get(document.uri);
  if (timer) clearTimeout(timer);
  pendingValidations.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

function revalidateOpenDocuments(): void {
  for (const document of documents.all()) scheduleValidation(document.uri);
}

function scheduleValidation(uri: string, delay = VALIDATION_DELAY_MS): void {
  const existing = pendingValidations.get(uri);
  if (existing) clearTimeout(existing);
  pendingValidations.set(
    uri,
    setTimeout(() => {
      pendingValidations.delete(uri);
      void validate(uri);
    }, delay),
  );
}

async function validate(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  let diagnostics: Diagnostic[];
  try {
    diagnostics = await diagnose(document);
  } catch (error) {
    connection.console.error(`Checking ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    diagnostics = [];
  }
  if (documents.get(uri)?.version !== version) return;
  void connection.sendDiagnostics({ uri, version, diagnostics });
}

async function diagnose(document: TextDocument): Promise<Diagnostic[]> {
  if (isManifest(document)) {
    if (!isLarge(document)) return validateManifest(document.uri, document.getText(), index);
    const text = document.getText();
    const megabytes = (text.length / (1024 * 1024)).toFixed(1);
    const notice = makeDiagnostic(
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      'schema',
      `This manifest is ${megabytes} MB, above datamesh.maxFullCheckSize: it is checked for YAML syntax and the JSON Schema only, in the background.`,
      DiagnosticSeverity.Information,
    );
    return [notice, ...(await largeDocuments.check(document.uri, text))];
  }
  if (isAvro(document)) {
    const diagnostics = index.avroDiagnostics(document.uri) ?? [];
    if (diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) return diagnostics;
    const uses = schemaUses(document.uri);
    if (uses.length === 0) return diagnostics;
    const history = registryVersions.get(document.uri) ?? (await gitSchemaHistory.versions(document.uri));
    return [...diagnostics, ...evolutionDiagnostics(document.getText(), uses, history)];
  }
  return [];
}

/** The ports whose key or value is this schema, with the mode their subject is checked under. */
function schemaUses(schemaUri: string): SchemaUse[] {
  return index.portsUsingSchema(schemaUri).map(({ product, port, role }) => {
    const written = port.compatibility as Compatibility | undefined;
    // The manifest sets one mode per port; the key subject follows it.
    const mode = written && COMPATIBILITY_MODES.includes(written) ? written : DEFAULT_COMPATIBILITY;
    return { mode, description: `${role} of ${product.id} / ${port.name}` };
  });
}

connection.onNotification('datamesh/schemaVersions', (params: SchemaVersionsParams) => {
  if (params.versions.length > 0) registryVersions.set(params.schemaUri, params.versions);
  else registryVersions.delete(params.schemaUri);
  scheduleValidation(params.schemaUri, 0);
});

/** The open document a request is about, when it is one the server serves and small enough to answer. */
function servedDocument(uri: string): { document: TextDocument; kind: 'manifest' | 'avro' } | undefined {
  const document = documents.get(uri);
  if (!document || isLarge(document)) return undefined;
  if (isManifest(document)) return { document, kind: 'manifest' };
  if (isAvro(document)) return { document, kind: 'avro' };
  return undefined;
}

connection.onCompletion((params, token) => {
  const served = servedDocument(params.textDocument.uri);
  if (!served) return null;
  const { document, kind } = served;
  return guarded('completion', null, token, () =>
    kind === 'manifest'
      ? completeManifest(document.uri, document.getText(), params.position, index)
      : completeAvro(document.uri, document.getText(), params.position, avroTypes),
  );
});

connection.onHover((params, token) => {
  const served = servedDocument(params.textDocument.uri);
  if (!served) return null;
  const { document, kind } = served;
  return guarded('hover', null, token, () =>
    kind === 'manifest'
      ? hoverManifest(document.uri, document.getText(), params.position, index)
      : hoverAvro(document.uri, document.getText(), params.position, avroTypes),
  );
});

connection.onDefinition((params, token) => {
  const served = servedDocument(params.textDocument.uri);
  if (!served) return null;
  const { document, kind } = served;
  return guarded('definition', null, token, () =>
    kind === 'manifest'
      ? findManifestDefinition(document.uri, document.getText(), params.position, index)
      : findAvroDefinition(document.uri, document.getText(), params.position, avroTypes),
  );
});

connection.onReferences((params, token) => {
  const served = servedDocument(params.textDocument.uri);
  if (served?.kind !== 'avro') return null;
  const { document } = served;
  return guarded('references', null, token, () =>
    findAvroReferences(document.uri, document.getText(), params.position, avroTypes, params.context.includeDeclaration),
  );
});

connection.onPrepareRename((params, token) => {
  const served = servedDocument(params.textDocument.uri);
  if (served?.kind !== 'avro') return null;
  const { document } = served;
  const answer = guarded('prepare rename', null, token, () =>
    prepareAvroRename(document.uri, document.getText(), params.position, avroTypes),
  );
  // The reason reaches the user ("not a type name", ...), so it is an error answer, not a silent null.
  if (answer && 'error' in answer) throw new ResponseError(LSPErrorCodes.RequestFailed, answer.error);
  return answer;
});

connection.onRenameRequest((params, token) => {
  const served = servedDocument(params.textDocument.uri);
  if (served?.kind !== 'avro') return null;
  const { document } = served;
  const answer = guarded('rename', null, token, () =>
    renameAvroType(document.uri, document.getText(), params.position, params.newName, avroTypes),
  );
  if (answer && 'error' in answer) throw new ResponseError(LSPErrorCodes.RequestFailed, answer.error);
  return answer;
});

connection.onDocumentFormatting((params, token) => {
  const served = servedDocument(params.textDocument.uri);
  if (served?.kind !== 'avro') return null;
  const { document } = served;
  return guarded('formatting', null, token, () => formatAvro(document.getText(), params.options));
});

connection.onDocumentSymbol((params, token) => {
  const served = servedDocument(params.textDocument.uri);
  if (!served) return null;
  const { document, kind } = served;
  return guarded('symbols', null, token, () =>
    kind === 'manifest' ? manifestSymbols(document.getText()) : avroSymbols(document.getText()),
  );
});

connection.onCodeAction((params, token) => {
  const served = servedDocument(params.textDocument.uri);
  if (!served) return null;
  const { document, kind } = served;
  const ours = params.context.diagnostics.filter((diagnostic) => diagnostic.source === 'datamesh');
  return guarded('code actions', null, token, () =>
    kind === 'manifest' ? manifestCodeActions(document.uri, document.getText(), ours, index) : avroCodeActions(document.uri, ours),
  );
});

connection.onShutdown(() => largeDocuments.dispose());

documents.listen(connection);
connection.listen();
