/**
 * One language mode per document kind, in the manner of vscode-html-languageservice's language modes: each
 * mode answers the features its language has and leaves out the others, so an adapter looks up the mode of
 * a document once and calls the feature if the mode has it.
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
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { isAvroFileName, isManifestFileName } from './manifest/manifestTypes';
import { validateManifest } from './manifest/validateManifest';
import { completeManifest } from './manifest/completion';
import { hoverManifest } from './manifest/hover';
import { findManifestDefinition } from './manifest/definition';
import { manifestSymbols } from './manifest/symbols';
import { manifestCodeActions } from './manifest/codeActions';
import { completeAvro } from './avro/avroCompletion';
import { hoverAvro } from './avro/avroHover';
import { findAvroDefinition, findAvroReferences, prepareAvroRename, renameAvroType, type PrepareRenameAnswer } from './avro/avroNavigation';
import { formatAvro } from './avro/avroFormat';
import { avroSymbols } from './avro/avroSymbols';
import { avroCodeActions } from './avro/avroCodeActions';
import { checkSchemaEvolution } from './avro/compat/schemaEvolution';
import type { SchemaHistory } from './avro/compat/schemaHistory';
import type { WorkspaceIndex } from './workspace/workspaceIndex';
import type { AvroTypeIndex } from './workspace/avroTypeIndex';

export type DocumentKind = 'manifest' | 'avro';

/** The editor's language ids of the two kinds (package.json `contributes.languages`). */
export const MANIFEST_LANGUAGE_ID = 'dataproduct';
export const AVRO_LANGUAGE_ID = 'avro';

/** A document the services answer about: its URI, its current text, and the editor's language id when there is one. */
export interface MeshDocument {
  uri: string;
  text: string;
  /** Without it (datamesh lint, files on disk), the file name decides the kind. */
  languageId?: string;
}

export interface ValidateOptions {
  /** Manifests: YAML syntax and the JSON Schema only, no rule that reads other files (large documents). */
  syntaxAndSchemaOnly?: boolean;
}

/** Why a rename cannot be done, in words for the user. */
export interface RenameRefusal {
  error: string;
}

export type { PrepareRenameAnswer };

export interface LanguageMode {
  readonly kind: DocumentKind;
  validate(document: MeshDocument, options?: ValidateOptions): Diagnostic[];
  /** Diagnostics that compare the document with its previous versions (the schema-evolution check). */
  validateHistory?(document: MeshDocument, diagnostics: readonly Diagnostic[], history: SchemaHistory): Promise<Diagnostic[]>;
  complete?(document: MeshDocument, position: Position): CompletionList;
  hover?(document: MeshDocument, position: Position): Hover | null;
  definition?(document: MeshDocument, position: Position): Location[];
  references?(document: MeshDocument, position: Position, includeDeclaration: boolean): Location[];
  prepareRename?(document: MeshDocument, position: Position): PrepareRenameAnswer | RenameRefusal | null;
  rename?(document: MeshDocument, position: Position, newName: string): WorkspaceEdit | RenameRefusal;
  format?(document: MeshDocument, options: FormattingOptions): TextEdit[];
  symbols?(document: MeshDocument): DocumentSymbol[];
  /** Quick fixes for the diagnostics the client sends back; other tools' diagnostics are left out. */
  codeActions?(document: MeshDocument, diagnostics: readonly Diagnostic[]): CodeAction[];
}

/** The kind of a document: the editor's language id first, else its file name; undefined for any other file. */
export function documentKind(document: { uri: string; languageId?: string }): DocumentKind | undefined {
  if (document.languageId === MANIFEST_LANGUAGE_ID || isManifestFileName(document.uri)) return 'manifest';
  if (document.languageId === AVRO_LANGUAGE_ID || isAvroFileName(document.uri)) return 'avro';
  return undefined;
}

function ours(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
}

export function createLanguageModes(workspace: WorkspaceIndex, avroTypes: AvroTypeIndex): Record<DocumentKind, LanguageMode> {
  const manifest: LanguageMode = {
    kind: 'manifest',
    validate: ({ uri, text }, options) => validateManifest(uri, text, workspace, options),
    complete: ({ uri, text }, position) => completeManifest(uri, text, position, workspace),
    hover: ({ uri, text }, position) => hoverManifest(uri, text, position, workspace),
    definition: ({ uri, text }, position) => findManifestDefinition(uri, text, position, workspace),
    symbols: ({ text }) => manifestSymbols(text),
    codeActions: ({ uri, text }, diagnostics) => manifestCodeActions(uri, text, ours(diagnostics), workspace),
  };
  const avro: LanguageMode = {
    kind: 'avro',
    // Names defined in other workspace schemas resolve, as Java's parser given all the files.
    validate: ({ uri, text }) => avroTypes.check(uri, text),
    validateHistory: ({ uri, text }, diagnostics, history) => checkSchemaEvolution(uri, text, diagnostics, workspace, history),
    complete: ({ uri, text }, position) => completeAvro(uri, text, position, avroTypes),
    hover: ({ uri, text }, position) => hoverAvro(uri, text, position, avroTypes),
    definition: ({ uri, text }, position) => findAvroDefinition(uri, text, position, avroTypes),
    references: ({ uri, text }, position, includeDeclaration) => findAvroReferences(uri, text, position, avroTypes, includeDeclaration),
    prepareRename: ({ uri, text }, position) => prepareAvroRename(uri, text, position, avroTypes),
    rename: ({ uri, text }, position, newName) => renameAvroType(uri, text, position, newName, avroTypes),
    format: ({ text }, options) => formatAvro(text, options),
    symbols: ({ text }) => avroSymbols(text),
    codeActions: ({ uri }, diagnostics) => avroCodeActions(uri, ours(diagnostics)),
  };
  return { manifest, avro };
}
