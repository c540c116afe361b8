/**
 * Navigation in the positioned JSON tree of the scanner (jsonScanner.ts): the node at an offset, the node at
 * a path, and paths to and from RFC 6901 JSON Pointers.
 */
import type { JsonNode, JsonPropertyNode, JsonValueNode } from './jsonTree';

const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;

export type JsonPath = (string | number)[];

export interface NodeAtOffset {
  /** The innermost node containing the offset: a value, a property (when on its colon or the space around it), or a property's key. */
  node: JsonNode;
  /** Keys and indices from the root to `node`; for a key or a property, it ends with that key. */
  path: JsonPath;
  /** The nodes enclosing `node`, outermost first, properties included; `node` itself is not in it. */
  ancestors: JsonNode[];
  /** True when `node` is the key of a property (the property is the last ancestor). */
  inKey: boolean;
}

/**
 * The innermost node at `offset`. A node contains the offsets from its start up to before its end;
 * with `includeRightBound` (for completion at the cursor after a token) its end offset as well.
 */
export function findNodeAtOffset(root: JsonValueNode, offset: number, includeRightBound = false): NodeAtOffset | undefined {
  if (!contains(root, offset, includeRightBound)) return undefined;
  const path: JsonPath = [];
  const ancestors: JsonNode[] = [];
  let node: JsonNode = root;
  for (;;) {
    if (node.type === 'object') {
      const index = childAt(node.properties, offset, includeRightBound);
      if (index < 0) break;
      const property: JsonPropertyNode = node.properties[index];
      ancestors.push(node);
      path.push(property.key.value);
      const value = property.value;
      if (value !== undefined && offset >= value.offset && contains(value, offset, includeRightBound)) {
        ancestors.push(property);
        node = value;
        continue;
      }
      if (contains(property.key, offset, includeRightBound)) {
        ancestors.push(property);
        return { node: property.key, path, ancestors, inKey: true };
      }
      node = property;
      break;
    } else if (node.type === 'array') {
      const index = childAt(node.items, offset, includeRightBound);
      if (index < 0) break;
      ancestors.push(node);
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return { node, path, ancestors, inKey: false };
}

function contains(node: JsonNode, offset: number, includeRightBound: boolean): boolean {
  const end = node.offset + node.length;
  return offset >= node.offset && (offset < end || (includeRightBound && offset === end));
}

/** The index of the last child starting at or before `offset`, among children in text order, or -1 (binary search: arrays can be long). */
export function lastIndexStartingAtOrBefore(children: readonly { offset: number }[], offset: number): number {
  let low = 0;
  let high = children.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (children[middle].offset <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** The index of the child containing `offset` among children in text order, or -1. */
function childAt(children: readonly JsonNode[], offset: number, includeRightBound: boolean): number {
  const found = lastIndexStartingAtOrBefore(children, offset);
  if (found < 0) return -1;
  if (contains(children[found], offset, includeRightBound)) return found;
  // With the right bound included, the previous child may end exactly where this one starts.
  if (includeRightBound && found > 0 && contains(children[found - 1], offset, true)) return found - 1;
  return -1;
}

/**
 * The value at `path`: a string segment names a property (the last of repeated keys, as in JSON.parse),
 * a number an array item. Index-like strings select array items and numbers select keys such as "0",
 * so paths from `pointerToPath` work either way.
 */
export function nodeAtPath(root: JsonValueNode | undefined, path: readonly (string | number)[]): JsonValueNode | undefined {
  let node = root;
  for (const segment of path) {
    if (node === undefined) return undefined;
    if (node.type === 'object') {
      const key = String(segment);
      let value: JsonValueNode | undefined;
      const properties = node.properties;
      for (let i = properties.length - 1; i >= 0; i--) {
        if (properties[i].key.value === key) {
          value = properties[i].value;
          break;
        }
      }
      node = value;
    } else if (node.type === 'array') {
      const index = typeof segment === 'number' ? segment : isArrayIndex(segment) ? Number(segment) : -1;
      node = Number.isInteger(index) && index >= 0 ? node.items[index] : undefined;
    } else return undefined;
  }
  return node;
}

/** The RFC 6901 JSON Pointer for `path`, such as `/fields/0/type` (`~` is written `~0`, `/` is written `~1`). */
export function pathToPointer(path: readonly (string | number)[]): string {
  let pointer = '';
  for (const segment of path) {
    const text = String(segment);
    pointer += '/' + (text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text);
  }
  return pointer;
}

/**
 * The path of an RFC 6901 JSON Pointer (`""` is the root). Segments that are array indices
 * (`0`, `12`, not `01`) become numbers, as in the paths of `findNodeAtOffset`. Throws on a string
 * that is not a JSON Pointer, which is a programming error rather than a user's.
 */
export function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  if (pointer.charCodeAt(0) !== 0x2f) throw new Error(`Not a JSON Pointer (it must start with "/"): ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => {
      if (segment.includes('~')) {
        if (/~(?![01])/.test(segment)) throw new Error(`Invalid escape in JSON Pointer (only ~0 and ~1): ${pointer}`);
        return segment.replace(/~1/g, '/').replace(/~0/g, '~');
      }
      return isArrayIndex(segment) ? Number(segment) : segment;
    });
}

function isArrayIndex(segment: string): boolean {
  const length = segment.length;
  if (length === 0 || length > 15) return false;
  if (segment === '0') return true;
  const first = segment.charCodeAt(0);
  if (first <= DIGIT_ZERO || first > DIGIT_NINE) return false;
  for (let i = 1; i < length; i++) {
    const c = segment.charCodeAt(i);
    if (c < DIGIT_ZERO || c > DIGIT_NINE) return false;
  }
  return true;
}
