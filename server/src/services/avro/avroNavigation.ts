/**
 * Go to definition, find references and rename for the named types of `.avsc` files, across the workspace.
 * A name that a file uses but does not define resolves to its definition in another workspace file (as Java's
 * `Schema.Parser` does when given both files); a file that defines the name itself uses its own definition.
 *
 * Rename keeps the form of each name: a definition's dotted name stays dotted and a simple one simple; a
 * reference written as a fullname gets the new fullname, a simple one the shortest name that resolves from
 * its namespace. Aliases are former names and stay as they are. Before answering, the edited files are parsed
 * again and every name in them must still mean what it meant (with the old fullname replaced by the new one):
 * a rename that would capture or lose another reference is refused with the reason.
 */
import type { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { findNodeAtOffset } from '../json/jsonNavigation';
import type { JsonStringNode } from '../json/jsonTree';
import { parseAvroDocument, type AvroDefinition, type AvroDocument, type AvroTypeIndex } from '../workspace/avroTypeIndex';
import { isPrimitiveType, isReservedTypeName, isValidFullname, namespaceOf, simpleNameOf } from './avroNames';
import type { AvroNameUse } from './avroSchema';
import { fileName } from './fileName';

interface NameAtCursor {
  document: AvroDocument;
  node: JsonStringNode;
  use: AvroNameUse | undefined;
}

function nameAt(uri: string, text: string, position: Position, types: AvroTypeIndex): NameAtCursor | undefined {
  const document = types.document(uri, text);
  const root = document?.root;
  if (!document || !root) return undefined;
  const offset = document.lines.offsetAt({ line: Math.trunc(position.line) || 0, character: Math.trunc(position.character) || 0 });
  // The cursor right after a closing quote still means the name before it.
  let found = findNodeAtOffset(root, offset);
  if (found?.node.type !== 'string') found = findNodeAtOffset(root, offset, true);
  if (found?.node.type !== 'string') return undefined;
  return { document, node: found.node, use: document.nameUseAt(found.node) };
}

/** The range of a string's characters, without its quotes. */
function contentRange(document: AvroDocument, node: JsonStringNode): Range {
  const text = document.text;
  const end = node.offset + node.length;
  const closed = node.length >= 2 && text.charCodeAt(end - 1) === 0x22;
  const start = text.charCodeAt(node.offset) === 0x22 ? node.offset + 1 : node.offset;
  return document.lines.rangeOf(start, closed ? end - 1 : end);
}

function definitionLocation(definition: AvroDefinition, uri: string, current: AvroDocument, types: AvroTypeIndex): Location | undefined {
  const nameNode = definition.type.nameNode;
  if (!nameNode) return undefined;
  const document = definition.uri === uri ? current : types.document(definition.uri);
  if (!document) return undefined;
  return { uri: definition.uri, range: contentRange(document, nameNode) };
}

/** Go to definition of a named type, from a reference, an alias or the name itself. */
export function findAvroDefinition(uri: string, text: string, position: Position, types: AvroTypeIndex): Location[] {
  const at = nameAt(uri, text, position, types);
  if (!at?.use) return [];
  const definition = types.lookup(at.use.fullname, uri, at.document);
  const location = definition && definitionLocation(definition, uri, at.document, types);
  return location ? [location] : [];
}

/** Every file of the workspace's `.avsc` files, with the current one first and with its editor text. */
function filesToSearch(uri: string, text: string, types: AvroTypeIndex): { uri: string; document: AvroDocument }[] {
  const files: { uri: string; document: AvroDocument }[] = [];
  const current = types.document(uri, text);
  if (current) files.push({ uri, document: current });
  for (const other of types.schemaUris()) {
    if (other === uri) continue;
    const document = types.document(other);
    if (document) files.push({ uri: other, document });
  }
  return files;
}

/**
 * The uses of `definition`'s fullname that mean it, per file: its own file's, and those of the files whose
 * references resolve to it. Aliases are left out unless asked for.
 */
function usesOf(
  definition: AvroDefinition,
  files: { uri: string; document: AvroDocument }[],
  types: AvroTypeIndex,
  withAliases: boolean,
): { uri: string; document: AvroDocument; uses: AvroNameUse[] }[] {
  const fullname = definition.type.fullname;
  const simple = simpleNameOf(fullname);
  const result: { uri: string; document: AvroDocument; uses: AvroNameUse[] }[] = [];
  for (const file of files) {
    const own = file.uri === definition.uri;
    // A use contains the simple name unless it is written with escapes.
    if (!own && !file.document.text.includes(simple) && !file.document.text.includes('\\u')) continue;
    // When several files define the fullname, a file's references mean the one it resolves to.
    if (!own && types.lookup(fullname, file.uri, file.document)?.uri !== definition.uri) continue;
    const uses = file.document.schema.nameUses.filter(
      (use) =>
        use.fullname === fullname &&
        (use.role === 'reference' || (own && (use.role === 'definition' || (withAliases && use.role === 'alias')))),
    );
    if (uses.length > 0) result.push({ uri: file.uri, document: file.document, uses });
  }
  return result;
}

/** The references of the named type at the cursor across the workspace (and its definition with `includeDeclaration`). */
export function findAvroReferences(
  uri: string,
  text: string,
  position: Position,
  types: AvroTypeIndex,
  includeDeclaration: boolean,
): Location[] {
  const at = nameAt(uri, text, position, types);
  if (!at?.use) return [];
  const definition = types.lookup(at.use.fullname, uri, at.document);
  if (!definition) {
    // An unresolved name: its other uses in this file are still worth showing.
    return at.document.schema.nameUses
      .filter((use) => use.role === 'reference' && use.fullname === at.use?.fullname)
      .map((use) => ({ uri, range: contentRange(at.document, use.node) }));
  }
  const locations: Location[] = [];
  for (const file of usesOf(definition, filesToSearch(uri, text, types), types, false)) {
    // Only the definition the references resolve to (a duplicate in the same file is an error of its own).
    for (const use of file.uses)
      if (includeDeclaration || use.role !== 'definition') locations.push({ uri: file.uri, range: contentRange(file.document, use.node) });
  }
  return locations;
}

export interface PrepareRenameAnswer {
  range: Range;
  placeholder: string;
}

/**
 * Whether the cursor is on a name that can be renamed: the range and current text of the name, an error
 * that says why not (a primitive, an alias, a name defined nowhere in the workspace), or null elsewhere.
 */
export function prepareAvroRename(
  uri: string,
  text: string,
  position: Position,
  types: AvroTypeIndex,
): PrepareRenameAnswer | { error: string } | null {
  const at = nameAt(uri, text, position, types);
  if (!at) return null;
  const checked = renameTarget(uri, at, types);
  if ('error' in checked) return checked;
  return { range: contentRange(at.document, at.node), placeholder: at.node.value };
}

function renameTarget(uri: string, at: NameAtCursor, types: AvroTypeIndex): AvroDefinition | { error: string } {
  const use = at.use;
  if (!use) {
    if (isPrimitiveType(at.node.value)) return { error: `"${at.node.value}" is a primitive type: its name cannot be changed.` };
    return { error: 'Only the names of records, enums and fixed types (and the references to them) can be renamed here.' };
  }
  if (use.role === 'alias')
    return {
      error: `"${at.node.value}" is an alias, a former name of "${use.fullname}": aliases are kept as they are. Rename the type at its name.`,
    };
  const definition = types.lookup(use.fullname, uri, at.document);
  if (!definition)
    return { error: `"${use.fullname}" is not defined in this file or in another .avsc file of the workspace, so it cannot be renamed.` };
  return definition;
}

/**
 * Renames the named type at the cursor to `newName` across the workspace's `.avsc` files. A dotted new name
 * is the new fullname; a simple one keeps the type's namespace.
 */
export function renameAvroType(
  uri: string,
  text: string,
  position: Position,
  newName: string,
  types: AvroTypeIndex,
): WorkspaceEdit | { error: string } {
  const at = nameAt(uri, text, position, types);
  if (!at) return { error: 'There is no type name at the cursor.' };
  const definition = renameTarget(uri, at, types);
  if ('error' in definition) return definition;
  const oldFullname = definition.type.fullname;
  const name = newName.trim();
  if (!isValidFullname(name)) {
    return {
      error: `"${newName}" is not a valid Avro name: a name matches [A-Za-z_][A-Za-z0-9_]*, and a fullname is such names joined by dots.`,
    };
  }
  const oldNamespace = namespaceOf(oldFullname);
  const newFullname = name.includes('.') ? name : oldNamespace ? `${oldNamespace}.${name}` : name;
  if (isReservedTypeName(newFullname))
    return { error: `"${simpleNameOf(newFullname)}" is a primitive type name, which no named type may take.` };
  if (newFullname === oldFullname) return { changes: {} };
  const files = filesToSearch(uri, text, types);
  const taken = nameTaken(newFullname, definition, files);
  if (taken) return { error: taken };

  const changes: Record<string, TextEdit[]> = {};
  const newNamespace = namespaceOf(newFullname);
  for (const file of usesOf(definition, files, types, false)) {
    const edits: TextEdit[] = [];
    for (const use of file.uses) {
      const written = use.node.value;
      let replacement: string;
      if (use.role === 'definition') {
        const object = definition.type.node;
        const namespaceNode =
          object.type === 'object' ? object.properties.find((property) => property.key.value === 'namespace')?.value : undefined;
        if (written.includes('.') || newNamespace === oldNamespace)
          replacement = written.includes('.') ? newFullname : simpleNameOf(newFullname);
        else if (namespaceNode?.type === 'string' && file.uri === definition.uri && use.node === definition.type.nameNode) {
          // A simple name with its own namespace attribute: the name stays simple, the namespace changes.
          edits.push({ range: contentRange(file.document, namespaceNode), newText: newNamespace ?? '' });
          replacement = simpleNameOf(newFullname);
        } else replacement = newFullname;
      } else if (written.includes('.')) {
        replacement = newFullname;
      } else {
        // A simple reference resolves in its enclosing namespace, which its old fullname tells.
        replacement = namespaceOf(use.fullname) === newNamespace ? simpleNameOf(newFullname) : newFullname;
      }
      if (replacement !== written) edits.push({ range: contentRange(file.document, use.node), newText: replacement });
    }
    if (edits.length > 0) changes[file.uri] = edits;
  }
  const problem = checkMeaning(changes, files, oldFullname, newFullname, definition.uri);
  if (problem) return { error: problem };
  return { changes };
}

/** Why `fullname` cannot be taken: another type has it as its name or as an alias. */
function nameTaken(fullname: string, definition: AvroDefinition, files: { uri: string; document: AvroDocument }[]): string | undefined {
  for (const file of files) {
    for (const [name, type] of file.document.schema.definitions) {
      if (name === fullname) return `A type named "${fullname}" already exists in ${fileName(file.uri)}.`;
      if (type !== definition.type && type.fullname !== definition.type.fullname && type.aliases.includes(fullname)) {
        return `"${fullname}" is an alias of "${name}" (in ${fileName(file.uri)}); aliases share the uniqueness rule of names.`;
      }
    }
  }
  return undefined;
}

/**
 * Parses the renamed texts and checks that every name still means what it meant, with `oldFullname` read as
 * `newFullname`. Returns why not, or undefined.
 */
function checkMeaning(
  changes: Record<string, TextEdit[]>,
  files: { uri: string; document: AvroDocument }[],
  oldFullname: string,
  newFullname: string,
  definitionUri: string,
): string | undefined {
  for (const file of files) {
    const edits = changes[file.uri];
    if (!edits) continue;
    const before = file.document;
    const after = parseAvroDocument(applyEdits(before, edits));
    const oldUses = before.schema.nameUses;
    const newUses = after.schema.nameUses;
    if (oldUses.length !== newUses.length) return `The rename would change the structure of ${fileName(file.uri)}.`;
    for (let i = 0; i < oldUses.length; i++) {
      const old = oldUses[i];
      // Other files' definitions of the old name are other types; only the renamed one's uses change.
      const renamed = old.fullname === oldFullname && (file.uri === definitionUri || old.role !== 'definition');
      const expected = renamed ? newFullname : old.fullname;
      const actual = newUses[i].fullname;
      if (actual === expected) continue;
      if (renamed && namespaceOf(newFullname) === undefined) {
        return `"${newFullname}" would be in the null namespace, and no name written inside the namespace "${namespaceOf(actual)}" (in ${fileName(file.uri)}) can refer to it. Give it a namespace.`;
      }
      if (renamed)
        return `After the rename, "${newUses[i].node.value}" in ${fileName(file.uri)} would mean "${actual}" instead of "${newFullname}".`;
      if (old.role === 'definition') {
        return `The rename would move the type "${old.fullname}" (in ${fileName(file.uri)}) to "${actual}": a type defined inside another with a simple name takes its namespace. Give it a fullname first, or keep the namespace.`;
      }
      return `The rename would change the meaning of "${old.node.value}" in ${fileName(file.uri)}: it would mean "${actual}" instead of "${old.fullname}" (the names inside a type resolve in its namespace).`;
    }
  }
  return undefined;
}

function applyEdits(document: AvroDocument, edits: TextEdit[]): string {
  const lines = document.lines;
  const resolved = edits
    .map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), text: edit.newText }))
    .sort((a, b) => a.start - b.start);
  let result = '';
  let cursor = 0;
  for (const edit of resolved) {
    result += document.text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + document.text.slice(cursor);
}
