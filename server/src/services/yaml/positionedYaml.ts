import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { LineIndex } from '../../text/lineIndex';

export type JsonPath = (string | number)[];

export interface YamlSyntaxError {
  range: Range;
  message: string;
}

/** Where an offset falls in the YAML tree. */
export interface YamlLocation {
  /** The path of the innermost pair or item that contains the offset. */
  path: JsonPath;
  /** True when the offset is on the key of the last path segment. */
  inKey: boolean;
  /** The node at the path, when there is one. */
  node: Node | null;
}

const MAX_ALIAS_COUNT = 100;

/** A parsed YAML text that can answer "where is this path?" and "what is at this offset?". */
export class PositionedYaml {
  readonly lines: LineIndex;
  readonly doc: Document.Parsed;
  readonly syntaxErrors: YamlSyntaxError[] = [];
  private cachedValue: { value: unknown } | undefined;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    this.doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
    for (const error of this.doc.errors) {
      const [start, end] = error.pos;
      this.syntaxErrors.push({ range: this.lines.rangeOf(start, Math.max(end, start)), message: firstLine(error.message) });
    }
  }

  /** The document as plain data, or undefined when its aliases cannot be resolved (unresolved, or an alias bomb). */
  get value(): unknown {
    if (!this.cachedValue) {
      let value: unknown;
      try {
        value = this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        if (!isAliasError(error)) throw error;
        this.syntaxErrors.push({ range: this.lines.rangeOf(0, 0), message: `The document cannot be read: ${errorMessage(error)}` });
        value = undefined;
      }
      this.cachedValue = { value };
    }
    return this.cachedValue.value;
  }

  get root(): Node | null {
    return this.doc.contents;
  }

  nodeAt(path: JsonPath): Node | null {
    let node: Node | null = this.root;
    for (const segment of path) {
      if (!node) return null;
      if (isMap(node)) {
        const pair = findPair(node.items as Pair[], segment);
        node = pair ? (pair.value as Node | null) : null;
      } else if (isSeq(node)) {
        node = typeof segment === 'number' ? ((node.items[segment] as Node | undefined) ?? null) : null;
      } else {
        return null;
      }
    }
    return node;
  }

  /** The pair whose key is the last segment of `path`, when the parent is a map. */
  pairAt(path: JsonPath): Pair | undefined {
    if (path.length === 0) return undefined;
    const parent = this.nodeAt(path.slice(0, -1));
    if (!parent || !isMap(parent)) return undefined;
    return findPair(parent.items as Pair[], path[path.length - 1]);
  }

  /** The range of the key of the last segment; for a sequence item, the item's own range. */
  keyRange(path: JsonPath): Range | undefined {
    const pair = this.pairAt(path);
    if (pair && isScalar(pair.key) && pair.key.range) return this.lines.rangeOf(pair.key.range[0], pair.key.range[1]);
    return this.valueRange(path);
  }

  /** The range of the value at `path` (the key's range when the value is empty). */
  valueRange(path: JsonPath): Range | undefined {
    const node = this.nodeAt(path);
    if (node?.range) return this.lines.rangeOf(node.range[0], node.range[1]);
    const pair = this.pairAt(path);
    if (pair && isScalar(pair.key) && pair.key.range) return this.lines.rangeOf(pair.key.range[0], pair.key.range[1]);
    return undefined;
  }

  /** The range of the nearest existing key or value on the way to `path`. */
  nearestRange(path: JsonPath, prefer: 'key' | 'value' = 'value'): Range {
    for (let length = path.length; length > 0; length--) {
      const prefix = path.slice(0, length);
      const range = length === path.length && prefer === 'value' ? this.valueRange(prefix) : this.keyRange(prefix);
      if (range) return range;
    }
    return this.documentStartRange();
  }

  /** The first line with content, used for problems of the document as a whole. */
  documentStartRange(): Range {
    const root = this.root;
    if (root && isMap(root) && root.items.length > 0) {
      const first = root.items[0] as Pair;
      if (isScalar(first.key) && first.key.range) return this.lines.rangeOf(first.key.range[0], first.key.range[1]);
    }
    if (root?.range) return this.lines.rangeOf(root.range[0], Math.min(root.range[1], this.lines.lineStart(1) || root.range[1]));
    return this.lines.rangeOf(0, 0);
  }

  /** What the offset points at: the innermost key or value that contains it. */
  locate(offset: number): YamlLocation {
    const path: JsonPath = [];
    let node: Node | null = this.root;
    for (;;) {
      if (!node) return { path, inKey: false, node: null };
      if (isMap(node)) {
        let next: Node | null | undefined;
        for (const item of node.items as Pair[]) {
          const key = item.key as Node | null;
          if (key?.range && offset >= key.range[0] && offset <= key.range[1]) {
            path.push(keyOf(item));
            return { path, inKey: true, node: (item.value as Node | null) ?? null };
          }
          const value = item.value as Node | null;
          if (value?.range && offset >= value.range[0] && offset <= value.range[1]) {
            path.push(keyOf(item));
            next = value;
            break;
          }
        }
        if (next === undefined) return { path, inKey: false, node };
        node = next;
      } else if (isSeq(node)) {
        const index = node.items.findIndex((item) => {
          const range = (item as Node | null)?.range;
          return range != null && offset >= range[0] && offset <= range[1];
        });
        if (index < 0) return { path, inKey: false, node };
        path.push(index);
        node = node.items[index] as Node;
      } else {
        return { path, inKey: false, node };
      }
    }
  }
}

export function keyOf(pair: Pair): string {
  const key = pair.key as unknown;
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function findPair(items: Pair[], segment: string | number): Pair | undefined {
  const wanted = String(segment);
  for (const item of items) {
    if (isPair(item) && keyOf(item) === wanted) return item;
  }
  return undefined;
}

/** The yaml package reports an alias it cannot resolve, or too many of them, as a ReferenceError about an alias. */
function isAliasError(error: unknown): boolean {
  return error instanceof ReferenceError && /alias/i.test(error.message);
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
