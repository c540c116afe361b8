import type { Diagnostic } from 'vscode-languageserver-types';
/**
 * The named Avro types of a workspace's `.avsc` files, for the editor features: a name defined in another
 * file resolves, as Java's `Schema.Parser` does when it is given both files.
 *
 * Files that refer to each other (A uses B's type, B uses A's) must not make resolution loop, so it takes two
 * steps: every file is first parsed on its own ("bare", no external types) to collect its definitions; a file
 * is then parsed again with the others' bare definitions as external types, and only when it has a reference
 * that another file defines. Bare parses are cached per file by text, so a change re-parses only the changed
 * file; the merged definitions are cached per workspace version.
 */
import { parseJson } from '../json/jsonScanner';
import type { JsonObjectNode, JsonStringNode, JsonValueNode } from '../json/jsonTree';
import { LineIndex } from '../../text/lineIndex';
import { parseAvroJson } from '../avro/avroParser';
import type { AvroField, AvroNamedType, AvroNameUse, AvroType, ParsedAvroSchema } from '../avro/avroSchema';
import type { WorkspaceIndex } from './workspaceIndex';

/** Where a named type is defined. */
export interface AvroDefinition {
  uri: string;
  type: AvroNamedType;
}

/** One parsed `.avsc` text with what the editor features derive from it, computed on first use. */
export class AvroDocument {
  private lineIndex: LineIndex | undefined;
  private types: Map<JsonValueNode, AvroType> | undefined;
  private fields: Map<JsonObjectNode, AvroField> | undefined;

  constructor(
    readonly text: string,
    /** The schema parsed without external types: references to other files are unresolved here. */
    readonly schema: ParsedAvroSchema,
    /** The text is not valid JSON. */
    readonly hasSyntaxErrors: boolean,
    /** The parse's diagnostics, without external types. */
    readonly diagnostics: Diagnostic[],
  ) {}

  get root(): JsonValueNode | undefined {
    return this.schema.json;
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  /** The name use whose string node is exactly `node` (uses are in text order: a binary search). */
  nameUseAt(node: JsonStringNode): AvroNameUse | undefined {
    const uses = this.schema.nameUses;
    let low = 0;
    let high = uses.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const offset = uses[middle].node.offset;
      if (offset < node.offset) low = middle + 1;
      else if (offset > node.offset) high = middle - 1;
      else return uses[middle].node === node ? uses[middle] : undefined;
    }
    return undefined;
  }

  /** The Avro type parsed from a JSON node (a type name string, a schema object or a union array). */
  typeOf(node: JsonValueNode): AvroType | undefined {
    this.index();
    return this.types?.get(node);
  }

  /** The record field parsed from a JSON field object. */
  fieldOf(node: JsonObjectNode): AvroField | undefined {
    this.index();
    return this.fields?.get(node);
  }

  private index(): void {
    if (this.types) return;
    const types = new Map<JsonValueNode, AvroType>();
    const fields = new Map<JsonObjectNode, AvroField>();
    // Iterative, with a visited set: recursive records refer to themselves only through references, but be safe.
    const stack: AvroType[] = this.schema.root ? [this.schema.root] : [];
    while (stack.length > 0) {
      const type = stack.pop() as AvroType;
      if (types.get(type.node) === type) continue;
      // A placeholder for a field without a type has the field's node: the field wins.
      if (!types.has(type.node)) types.set(type.node, type);
      switch (type.kind) {
        case 'record':
          for (const field of type.fields) {
            fields.set(field.node, field);
            stack.push(field.type);
          }
          break;
        case 'array':
          stack.push(type.items);
          break;
        case 'map':
          stack.push(type.values);
          break;
        case 'union':
          for (const branch of type.branches) stack.push(branch);
          break;
      }
    }
    this.types = types;
    this.fields = fields;
  }
}

export function parseAvroDocument(text: string): AvroDocument {
  const json = parseJson(text);
  const { schema, diagnostics } = parseAvroJson(json, text);
  return new AvroDocument(text, schema, json.errors.length > 0, diagnostics);
}

/** The last few texts parsed by `avroDocumentOf`, most recent last. */
const recent: AvroDocument[] = [];
/** Few: each parse of a large schema holds its whole tree, and an edited file would fill it with its past versions. */
const RECENT_SIZE = 3;

/**
 * The parsed document of a text, from a small cache of the last texts: an editor asks completion, hover,
 * symbols and formatting about the same text many times between two changes.
 */
export function avroDocumentOf(text: string): AvroDocument {
  for (let i = recent.length - 1; i >= 0; i--) {
    // `===` on strings is a pointer check first, so the usual hit (the same string object) is free.
    if (recent[i].text === text) return recent[i];
  }
  const document = parseAvroDocument(text);
  if (recent.length >= RECENT_SIZE) recent.shift();
  recent.push(document);
  return document;
}

interface ResolvedEntry {
  text: string;
  version: number;
  schema: ParsedAvroSchema;
  diagnostics: Diagnostic[];
}

export class AvroTypeIndex {
  /**
   * Bare parses per file, the most recent last: two texts, because the editor's text of a document (given to
   * a request) and the workspace's (read for the other files' sake) can differ, e.g. for a document too large
   * for the index; one slot would make them evict each other on every request.
   */
  private readonly bare = new Map<string, AvroDocument[]>();
  private readonly resolved = new Map<string, ResolvedEntry>();
  private merged: Map<string, AvroDefinition> | undefined;
  private mergedVersion = -1;

  constructor(private readonly workspace: WorkspaceIndex) {}

  /** The `.avsc` files of the workspace. */
  schemaUris(): readonly string[] {
    return this.workspace.schemaUris();
  }

  /** The text of a file: `text` when given (the editor's text of the current document), else the workspace's. */
  textOf(uri: string, text?: string): string | undefined {
    if (text !== undefined) return text;
    return this.workspace.readText(uri);
  }

  /** The bare parse of a file (or of `text`, the editor's text of it), cached by text. */
  document(uri: string, text?: string): AvroDocument | undefined {
    const current = this.textOf(uri, text);
    if (current === undefined) return undefined;
    const cached = this.bare.get(uri);
    if (cached) {
      for (let i = cached.length - 1; i >= 0; i--) if (cached[i].text === current) return cached[i];
    }
    const document = avroDocumentOf(current);
    this.bare.set(uri, cached ? [cached[cached.length - 1], document] : [document]);
    return document;
  }

  /** Every named type of the workspace by fullname; when files define the same fullname, the first file (by URI) wins. */
  definitions(): Map<string, AvroDefinition> {
    const version = this.workspace.version;
    if (this.merged && this.mergedVersion === version) return this.merged;
    const merged = new Map<string, AvroDefinition>();
    const uris = this.schemaUris();
    for (const uri of uris) {
      const document = this.document(uri);
      if (!document) continue;
      for (const [fullname, type] of document.schema.definitions) if (!merged.has(fullname)) merged.set(fullname, { uri, type });
    }
    // Forget files that left the workspace.
    if (this.bare.size > uris.length) {
      const known = new Set(uris);
      for (const uri of [...this.bare.keys()]) if (!known.has(uri)) this.bare.delete(uri);
      for (const uri of [...this.resolved.keys()]) if (!known.has(uri)) this.resolved.delete(uri);
    }
    this.merged = merged;
    this.mergedVersion = version;
    return merged;
  }

  /**
   * Where a fullname used in `uri` is defined: in that file itself when it defines it (`local`, the
   * document of its current text), else in another workspace file.
   */
  lookup(fullname: string, uri: string, local?: AvroDocument): AvroDefinition | undefined {
    const own = (local ?? this.document(uri))?.schema.definitions.get(fullname);
    if (own) return { uri, type: own };
    return this.elsewhere(fullname, uri);
  }

  /** Resolves the names that `uri` uses but does not define, from the other workspace files. */
  externalTypesFor(uri: string): (fullname: string) => AvroNamedType | undefined {
    return (fullname) => this.elsewhere(fullname, uri)?.type;
  }

  /** The definition of a fullname in a workspace file other than `uri` (the first by URI). */
  private elsewhere(fullname: string, uri: string): AvroDefinition | undefined {
    const found = this.definitions().get(fullname);
    if (!found || found.uri !== uri) return found;
    // The first definition is in `uri` itself (whose editor text may no longer have it): look further.
    for (const other of this.schemaUris()) {
      if (other === uri) continue;
      const type = this.document(other)?.schema.definitions.get(fullname);
      if (type) return { uri: other, type };
    }
    return undefined;
  }

  /**
   * A file's schema with the references to other workspace files resolved. Cached per workspace version and
   * text; a file with no such reference is its bare parse.
   */
  parse(uri: string, text?: string): ParsedAvroSchema {
    return this.resolve(uri, text)?.schema ?? { root: undefined, definitions: new Map(), nameUses: [], json: undefined };
  }

  /** A file's diagnostics, with names defined in other workspace files resolved (as Java's parser given them all). */
  check(uri: string, text?: string): Diagnostic[] {
    return this.resolve(uri, text)?.diagnostics ?? [];
  }

  private resolve(uri: string, text?: string): ResolvedEntry | undefined {
    const document = this.document(uri, text);
    if (!document) return undefined;
    const version = this.workspace.version;
    const cached = this.resolved.get(uri);
    if (cached && cached.text === document.text && cached.version === version) return cached;
    const entry: ResolvedEntry = this.needsExternals(uri, document)
      ? {
          text: document.text,
          version,
          ...parseAvroJson(parseJson(document.text), document.text, { externalTypes: this.externalTypesFor(uri) }),
        }
      : { text: document.text, version, schema: document.schema, diagnostics: document.diagnostics };
    this.resolved.set(uri, entry);
    return entry;
  }

  private needsExternals(uri: string, document: AvroDocument): boolean {
    const local = document.schema.definitions;
    const all = this.definitions();
    for (const use of document.schema.nameUses) {
      if (use.role !== 'reference' || local.has(use.fullname)) continue;
      const found = all.get(use.fullname);
      if (found && found.uri !== uri) return true;
    }
    return false;
  }
}
