/**
 * The outline of an `.avsc` file: records with their fields (detail: the field's type), enums with their
 * symbols, fixed types. A named type defined inside a field's type is shown under that field.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import type { JsonNodeBase } from '../json/jsonTree';
import { avroDocumentOf, type AvroDocument } from '../workspace/avroTypeIndex';
import { namespaceOf, simpleNameOf } from './avroNames';
import type { AvroEnum, AvroField, AvroFixed, AvroRecord, AvroType } from './avroSchema';
import { avroTypeText } from './avroTypeText';

export function avroSymbols(text: string): DocumentSymbol[] {
  const document = avroDocumentOf(text);
  const root = document.schema.root;
  return root ? typeSymbols(document, root, 0) : [];
}

/** The parser stops checking deeper than this anyway; an outline that deep helps nobody. */
const MAX_DEPTH = 256;

/** The named types defined in `type` itself or in the types it is made of (union branches, items, values). */
function typeSymbols(document: AvroDocument, type: AvroType, depth: number): DocumentSymbol[] {
  if (depth > MAX_DEPTH) return [];
  switch (type.kind) {
    case 'record':
      return [recordSymbol(document, type, depth)];
    case 'enum':
      return [enumSymbol(document, type)];
    case 'fixed':
      return [fixedSymbol(document, type)];
    case 'array':
      return typeSymbols(document, type.items, depth + 1);
    case 'map':
      return typeSymbols(document, type.values, depth + 1);
    case 'union':
      return type.branches.flatMap((branch) => typeSymbols(document, branch, depth + 1));
    default:
      return [];
  }
}

function recordSymbol(document: AvroDocument, record: AvroRecord, depth: number): DocumentSymbol {
  const namespace = namespaceOf(record.fullname);
  return symbol(document, {
    name: simpleNameOf(record.fullname) || '(unnamed record)',
    detail: [record.isError ? 'error' : 'record', namespace].filter(Boolean).join(' · '),
    kind: SymbolKind.Class,
    node: record.node,
    selection: record.nameNode,
    children: record.fields.map((field) => fieldSymbol(document, field, namespace, depth)),
  });
}

function fieldSymbol(document: AvroDocument, field: AvroField, namespace: string | undefined, depth: number): DocumentSymbol {
  return symbol(document, {
    name: field.name || '(unnamed field)',
    detail: avroTypeText(field.type, { namespace }),
    kind: SymbolKind.Field,
    node: field.node,
    selection: field.nameNode,
    children: typeSymbols(document, field.type, depth + 1),
  });
}

function enumSymbol(document: AvroDocument, type: AvroEnum): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  const symbolsNode =
    type.node.type === 'object' ? type.node.properties.find((property) => property.key.value === 'symbols')?.value : undefined;
  if (symbolsNode?.type === 'array') {
    for (const item of symbolsNode.items) {
      if (item.type !== 'string' || item.value === '') continue;
      children.push(
        symbol(document, { name: item.value, detail: undefined, kind: SymbolKind.EnumMember, node: item, selection: item, children: [] }),
      );
    }
  }
  return symbol(document, {
    name: simpleNameOf(type.fullname) || '(unnamed enum)',
    detail: ['enum', namespaceOf(type.fullname)].filter(Boolean).join(' · '),
    kind: SymbolKind.Enum,
    node: type.node,
    selection: type.nameNode,
    children,
  });
}

function fixedSymbol(document: AvroDocument, type: AvroFixed): DocumentSymbol {
  const size = type.size >= 0 ? `${type.size} byte${type.size === 1 ? '' : 's'}` : undefined;
  return symbol(document, {
    name: simpleNameOf(type.fullname) || '(unnamed fixed)',
    detail: ['fixed', size, type.logicalType?.name, namespaceOf(type.fullname)].filter(Boolean).join(' · '),
    kind: SymbolKind.Struct,
    node: type.node,
    selection: type.nameNode,
    children: [],
  });
}

function symbol(
  document: AvroDocument,
  parts: {
    name: string;
    detail: string | undefined;
    kind: SymbolKind;
    node: JsonNodeBase;
    selection: JsonNodeBase | undefined;
    children: DocumentSymbol[];
  },
): DocumentSymbol {
  const range = document.lines.rangeOf(parts.node.offset, parts.node.offset + parts.node.length);
  // VS Code rejects a selection range outside the range: a name elsewhere (never, but be safe) selects the start.
  const selection =
    parts.selection && within(parts.selection, parts.node)
      ? parts.selection
      : { offset: parts.node.offset, length: Math.min(1, parts.node.length) };
  const selectionRange: Range = document.lines.rangeOf(selection.offset, selection.offset + selection.length);
  const result: DocumentSymbol = { name: parts.name, kind: parts.kind, range, selectionRange, children: parts.children };
  if (parts.detail) result.detail = parts.detail;
  return result;
}

function within(inner: JsonNodeBase, outer: JsonNodeBase): boolean {
  return inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;
}
