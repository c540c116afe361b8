// LSP wiring only: document sync, diagnostics, requests -> the language mode of the document's kind.
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
import {
  createLanguageService,
  driftCodeActions,
  driftDiagnostics,
  makeDiagnostic,
  type DriftItem,
  type FileEvent,
  type LanguageMode,
  type MeshDocument,
  type SchemaHistory,
  type SchemaVersion,
} from './services/index';
import {
  CATALOG_PRODUCTS_NOTIFICATION,
  catalogProductsOf,
  DRIFT_NOTIFICATION,
  driftOf,
  SCHEMA_VERSIONS_NOTIFICATION,
  schemaVersionsOf,
} from './protocol';
import { findMeshFileUris, nodeFileReader } from './disk/index';
import { LargeDocumentChecker } from './largeDocumentChecker';
import { gitSchemaHistory } from './gitSchemaHistory';

const DEFAULT_MAX_FULL_CHECK_SIZE = 1024 * 1024;
const VALIDATION_DELAY_MS = 150;

interface ServerSettings {
  maxFullCheckSize: number;
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = createLanguageService({ reader: nodeFileReader });
const largeDocuments = new LargeDocumentChecker();
const settings: ServerSettings = { maxFullCheckSize: DEFAULT_MAX_FULL_CHECK_SIZE };
const pendingValidations = new Map<string, NodeJS.Timeout>();
/** Schema versions the client sent from the registry; they replace git HEAD as the history of a schema. */
const registryVersions = new Map<string, SchemaVersion[]>();
/** The drift the client found per manifest (a dry-run publish plan), as JSON paths placed at each check. */
const driftItems = new Map<string, DriftItem[]>();
const schemaHistory: SchemaHistory = {
  versions: async (schemaUri) => registryVersions.get(schemaUri) ?? (await gitSchemaHistory.versions(schemaUri)),
};

const FILE_EVENT_TYPES: Record<number, FileEvent['type']> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

function meshDocument(document: TextDocument): MeshDocument {
  return { uri: document.uri, text: document.getText(), languageId: document.languageId };
}

function isLarge(document: TextDocument): boolean {
  return document.getText().length > settings.maxFullCheckSize;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Answers a request about an open document with its language mode: nothing for a document the server does
 * not serve or that is too large, and nothing (logged with the stack) when the feature fails, so that a bug
 * in one feature never breaks the server.
 */
function answer<T>(
  feature: string,
  uri: string,
  fallback: T,
  token: CancellationToken | undefined,
  run: (mode: LanguageMode, document: MeshDocument) => T | undefined | null,
): T {
  const document = documents.get(uri);
  if (!document || isLarge(document) || token?.isCancellationRequested) return fallback;
  const served = meshDocument(document);
  const mode = service.getMode(served);
  if (!mode) return fallback;
  try {
    return run(mode, served) ?? fallback;
  } catch (error) {
    connection.console.error(`${feature} failed: ${describeError(error)}`);
    return fallback;
  }
}

connection.onInitialize((params): InitializeResult => {
  const roots = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  service.setRoots(roots);
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
  for (const root of service.roots) service.addFiles(await findMeshFileUris(root));
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
  service.filesChanged(changes.map((change) => ({ uri: change.uri, type: FILE_EVENT_TYPES[change.type] ?? 'changed' })));
  revalidateOpenDocuments();
});

documents.onDidOpen(({ document }) => {
  if (!isLarge(document)) service.openDocument(document.uri, document.getText());
  scheduleValidation(document.uri, 0);
});

documents.onDidChangeContent(({ document }) => {
  if (isLarge(document)) service.closeDocument(document.uri);
  else service.changeDocument(document.uri, document.getText());
  scheduleValidation(document.uri);
  // A change of id, ports, modes or schema can change other open documents' diagnostics.
  for (const other of documents.all()) if (other.uri !== document.uri) scheduleValidation(other.uri);
});

documents.onDidClose(({ document }) => {
  service.closeDocument(document.uri);
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
    connection.console.error(`Checking ${uri} failed: ${describeError(error)}`);
    diagnostics = [];
  }
  if (documents.get(uri)?.version !== version) return;
  void connection.sendDiagnostics({ uri, version, diagnostics });
}

async function diagnose(document: TextDocument): Promise<Diagnostic[]> {
  const served = meshDocument(document);
  const mode = service.getMode(served);
  if (!mode) return [];
  if (mode.kind === 'manifest' && isLarge(document)) return diagnoseLargeManifest(served);
  const diagnostics = await service.validateWithHistory(served, schemaHistory);
  const drift = mode.kind === 'manifest' ? driftItems.get(document.uri) : undefined;
  return drift ? [...diagnostics, ...driftDiagnostics(served.text, drift)] : diagnostics;
}

/** A manifest too large for the full check: YAML syntax and the JSON Schema, in the worker, and a notice saying so. */
async function diagnoseLargeManifest(document: MeshDocument): Promise<Diagnostic[]> {
  const megabytes = (document.text.length / (1024 * 1024)).toFixed(1);
  const notice = makeDiagnostic(
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    'schema',
    `This manifest is ${megabytes} MB, above datamesh.maxFullCheckSize: it is checked for YAML syntax and the JSON Schema only, in the background.`,
    DiagnosticSeverity.Information,
  );
  return [notice, ...(await largeDocuments.check(document.uri, document.text))];
}

connection.onNotification(SCHEMA_VERSIONS_NOTIFICATION, (params) => {
  const message = schemaVersionsOf(params);
  if (!message) return;
  if (message.manifestUri) service.filesChanged([{ uri: message.manifestUri, type: 'created' }]);
  if (message.versions.length > 0) registryVersions.set(message.schemaUri, message.versions);
  else registryVersions.delete(message.schemaUri);
  scheduleValidation(message.schemaUri, 0);
});

// The catalog changes which input ports are known: every open manifest may change.
connection.onNotification(CATALOG_PRODUCTS_NOTIFICATION, (params) => {
  service.setCatalog(catalogProductsOf(params));
  revalidateOpenDocuments();
});

connection.onNotification(DRIFT_NOTIFICATION, (params) => {
  const message = driftOf(params);
  if (!message) return;
  if (message.items.length > 0) driftItems.set(message.uri, message.items);
  else driftItems.delete(message.uri);
  scheduleValidation(message.uri, 0);
});

connection.onCompletion(({ textDocument, position }, token) =>
  answer('completion', textDocument.uri, null, token, (mode, document) => mode.complete?.(document, position)),
);

connection.onHover(({ textDocument, position }, token) =>
  answer('hover', textDocument.uri, null, token, (mode, document) => mode.hover?.(document, position)),
);

connection.onDefinition(({ textDocument, position }, token) =>
  answer('definition', textDocument.uri, null, token, (mode, document) => mode.definition?.(document, position)),
);

connection.onReferences(({ textDocument, position, context }, token) =>
  answer('references', textDocument.uri, null, token, (mode, document) =>
    mode.references?.(document, position, context.includeDeclaration),
  ),
);

connection.onPrepareRename(({ textDocument, position }, token) => {
  const result = answer('prepare rename', textDocument.uri, null, token, (mode, document) => mode.prepareRename?.(document, position));
  // The reason reaches the user ("not a type name", ...), so it is an error answer, not a silent null.
  if (result && 'error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
  return result;
});

connection.onRenameRequest(({ textDocument, position, newName }, token) => {
  const result = answer('rename', textDocument.uri, null, token, (mode, document) => mode.rename?.(document, position, newName));
  if (result && 'error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
  return result;
});

connection.onDocumentFormatting(({ textDocument, options }, token) =>
  answer('formatting', textDocument.uri, null, token, (mode, document) => mode.format?.(document, options)),
);

connection.onDocumentSymbol(({ textDocument }, token) =>
  answer('symbols', textDocument.uri, null, token, (mode, document) => mode.symbols?.(document)),
);

connection.onCodeAction(({ textDocument, context }, token) =>
  answer('code actions', textDocument.uri, null, token, (mode, document) => {
    const drift = driftCodeActions(document.uri, context.diagnostics);
    const actions = mode.codeActions?.(document, context.diagnostics) ?? [];
    return drift.length > 0 ? [...actions, ...drift] : actions;
  }),
);

connection.onShutdown(() => largeDocuments.dispose());

documents.listen(connection);
connection.listen();
