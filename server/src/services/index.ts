/**
 * The language services' one public entry, in the manner of vscode-json-languageservice's
 * getLanguageService(): createLanguageService() builds the workspace and Avro type indexes over an injected
 * file reader and answers every feature for both document kinds. The language server, `datamesh` and the
 * extension import this file (and server/src/protocol.ts), never another file of the services.
 */
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FormattingOptions,
  Hover,
  Location,
  Position,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import {
  createLanguageModes,
  documentKind,
  type LanguageMode,
  type MeshDocument,
  type PrepareRenameAnswer,
  type RenameRefusal,
  type ValidateOptions,
} from './languageModes';
import type { SchemaHistory } from './avro/compat/schemaHistory';
import type { ProductSummary } from './workspace/productSummary';
import { AvroTypeIndex } from './workspace/avroTypeIndex';
import { WorkspaceIndex, type FileReader } from './workspace/workspaceIndex';
import { binaryOffset, boundDiagnostics, notTextDiagnostic } from './diagnosticBounds';

export interface LanguageServiceOptions {
  /** How files nobody has opened are read (from disk in the server and `datamesh lint`). */
  reader: FileReader;
  /** The published products of the mesh catalog, known besides the workspace's manifests. */
  catalog?: readonly ProductSummary[];
  /** The workspace folders (URIs); the `datamesh.policy.yaml` at a folder's root governs its manifests. */
  roots?: readonly string[];
}

/** A change of a file on disk that nobody has open (a rename is a delete and a create). */
export interface FileEvent {
  uri: string;
  type: 'created' | 'changed' | 'deleted';
}

export interface LanguageService {
  /** The mode of a document's kind, or undefined for a file these services do not serve. */
  getMode(document: { uri: string; languageId?: string }): LanguageMode | undefined;

  validate(document: MeshDocument, options?: ValidateOptions): Diagnostic[];
  /** validate(), and for a port's schema without errors the schema-evolution check against `history`, asked only then. */
  validateWithHistory(document: MeshDocument, history: SchemaHistory): Promise<Diagnostic[]>;
  complete(document: MeshDocument, position: Position): CompletionList | null;
  hover(document: MeshDocument, position: Position): Hover | null;
  definition(document: MeshDocument, position: Position): Location[];
  references(document: MeshDocument, position: Position, includeDeclaration: boolean): Location[];
  prepareRename(document: MeshDocument, position: Position): PrepareRenameAnswer | RenameRefusal | null;
  rename(document: MeshDocument, position: Position, newName: string): WorkspaceEdit | RenameRefusal | null;
  format(document: MeshDocument, options: FormattingOptions): TextEdit[];
  symbols(document: MeshDocument): DocumentSymbol[];
  /** Quick fixes for the diagnostics the client sends back; other tools' diagnostics are left out. */
  codeActions(document: MeshDocument, diagnostics: readonly Diagnostic[]): CodeAction[];

  readonly roots: readonly string[];
  setRoots(roots: readonly string[]): void;
  /** Project folders besides the roots, which `schema:` paths must stay in (`datamesh lint`: policy or .git folders). */
  setProjectRoots(roots: readonly string[]): void;
  /** Records the manifests and schemas a scan of the workspace found. */
  addFiles(uris: Iterable<string>): void;
  filesChanged(events: readonly FileEvent[]): void;
  /** Open documents override the disk, for every other file's features too. */
  openDocument(uri: string, text: string): void;
  changeDocument(uri: string, text: string): void;
  closeDocument(uri: string): void;
  /** Replaces the catalog's products (an empty list when there is no connection). */
  setCatalog(products: readonly ProductSummary[]): void;
  /** Makes one policy file govern every manifest, as `datamesh lint --policy FILE` asks. */
  usePolicyFile(uri: string): void;
  /** The policy that governs a manifest, with the problems of the policy file itself. */
  policyFor(manifestUri: string): { uri?: string; diagnostics: Diagnostic[] };
  /** A file's text as the services see it: the open document's, else the disk's. */
  readText(uri: string): string | undefined;
}

export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const workspace = new WorkspaceIndex(options.reader, [...(options.roots ?? [])]);
  const avroTypes = new AvroTypeIndex(workspace);
  workspace.setAvroChecker((uri, text) => avroTypes.check(uri, text));
  if (options.catalog) workspace.setCatalog([...options.catalog]);
  const modes = createLanguageModes(workspace, avroTypes);
  const getMode = (document: { uri: string; languageId?: string }): LanguageMode | undefined => {
    const kind = documentKind(document);
    return kind ? modes[kind] : undefined;
  };

  const validate = (document: MeshDocument, validateOptions?: ValidateOptions): Diagnostic[] => {
    const mode = getMode(document);
    if (!mode) return [];
    if (binaryOffset(document.text) !== undefined) {
      return mode.kind === 'manifest'
        ? [notTextDiagnostic('yaml-syntax', 'a data-product manifest')]
        : [notTextDiagnostic('avro-json-syntax', 'an Avro schema')];
    }
    return boundDiagnostics(mode.validate(document, validateOptions));
  };

  return {
    getMode,
    validate,
    async validateWithHistory(document, history) {
      const mode = getMode(document);
      if (!mode) return [];
      const diagnostics = validate(document);
      const historical = (await mode.validateHistory?.(document, diagnostics, history)) ?? [];
      return [...diagnostics, ...historical];
    },
    complete: (document, position) => getMode(document)?.complete?.(document, position) ?? null,
    hover: (document, position) => getMode(document)?.hover?.(document, position) ?? null,
    definition: (document, position) => getMode(document)?.definition?.(document, position) ?? [],
    references: (document, position, includeDeclaration) => getMode(document)?.references?.(document, position, includeDeclaration) ?? [],
    prepareRename: (document, position) => getMode(document)?.prepareRename?.(document, position) ?? null,
    rename: (document, position, newName) => getMode(document)?.rename?.(document, position, newName) ?? null,
    format: (document, formatting) => getMode(document)?.format?.(document, formatting) ?? [],
    symbols: (document) => getMode(document)?.symbols?.(document) ?? [],
    codeActions: (document, diagnostics) => getMode(document)?.codeActions?.(document, diagnostics) ?? [],

    get roots() {
      return workspace.workspaceRoots;
    },
    setRoots: (roots) => workspace.setRoots([...roots]),
    setProjectRoots: (roots) => workspace.setProjectRoots([...roots]),
    addFiles: (uris) => workspace.addFiles(uris),
    filesChanged(events) {
      for (const { uri, type } of events) {
        if (type === 'created') workspace.fileCreated(uri);
        else if (type === 'deleted') workspace.fileDeleted(uri);
        else workspace.fileChanged(uri);
      }
    },
    openDocument: (uri, text) => workspace.documentOpened(uri, text),
    changeDocument: (uri, text) => workspace.documentChanged(uri, text),
    closeDocument: (uri) => workspace.documentClosed(uri),
    setCatalog: (products) => workspace.setCatalog([...products]),
    usePolicyFile: (uri) => workspace.usePolicyFile(uri),
    policyFor(manifestUri) {
      const { uri, diagnostics } = workspace.policyFor(manifestUri);
      return { uri, diagnostics: boundDiagnostics(diagnostics) };
    },
    readText: (uri) => workspace.readText(uri),
  };
}

export {
  AVRO_LANGUAGE_ID,
  documentKind,
  MANIFEST_LANGUAGE_ID,
  type DocumentKind,
  type LanguageMode,
  type MeshDocument,
  type PrepareRenameAnswer,
  type RenameRefusal,
  type ValidateOptions,
} from './languageModes';
export type { FileReader } from './workspace/workspaceIndex';
export {
  deprecationOf,
  inputPortsOf,
  summarizeManifest,
  type DeprecationSummary,
  type InputPortSummary,
  type PortSummary,
  type ProductSummary,
} from './workspace/productSummary';
export {
  DIAGNOSTIC_SOURCE,
  makeDiagnostic,
  severityName,
  type DiagnosticCode,
  type DiagnosticData,
  type ManifestCode,
} from './diagnostics';
export {
  COMPATIBILITY_MODES,
  DEFAULT_COMPATIBILITY,
  isAvroFileName,
  isManifestFileName,
  type Compatibility,
} from './manifest/manifestTypes';
export { effectiveCompatibility, type EffectiveCompatibility } from './manifest/compatibility';
export { expectedTopic } from './manifest/topicPattern';
export { DRIFT_CODE, driftCodeActions, driftDiagnostics, PREVIEW_PUBLISH_COMMAND, type DriftItem } from './manifest/driftDiagnostics';
export { DEFAULT_POLICY, parsePolicy, POLICY_FILE_NAME, type Policy } from './policy/policy';
export { compatibilityRank, satisfiesCompatibility } from './policy/compatibilityOrder';
export { TIERS, type Tier } from './manifest/manifestTypes';
export { IGNORED_FOLDERS, IGNORED_FOLDERS_GLOB, isIgnoredFolder, isMeshFileName, MANIFEST_GLOB } from './meshFiles';
export type { SchemaHistory, SchemaVersion } from './avro/compat/schemaHistory';
export {
  checkSchemaCompatibility,
  versionsUsed,
  type CompatFinding,
  type CompatOutcome,
  type CompatReport,
  type InvalidSchema,
  type SchemaSource,
} from './avro/compat/schemaCompatibility';
export { AVRO_DIAGNOSTIC_CODES } from './avro/avroCodes';
export { conditionalRequirements } from './manifest/schemaConditions';
export { PositionedYaml, type JsonPath } from './yaml/positionedYaml';
