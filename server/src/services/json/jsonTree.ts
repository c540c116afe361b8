/**
 * A JSON document as a tree that keeps positions (offsets into the text). Built by `parseJson`
 * (jsonScanner.ts), a purpose-built scanner: faster than a general tree parser, and it recovers from
 * errors so that editor features work on half-typed text.
 */
export interface JsonNodeBase {
  /** Offset of the node's first character. */
  offset: number;
  /** Length in characters (UTF-16 code units), so the node is text.slice(offset, offset + length). */
  length: number;
}

export interface JsonObjectNode extends JsonNodeBase {
  type: 'object';
  properties: JsonPropertyNode[];
}

export interface JsonPropertyNode extends JsonNodeBase {
  type: 'property';
  key: JsonStringNode;
  /** Offset of the `:`, or -1 when it is missing. */
  colonOffset: number;
  /** Missing in broken text such as `{"name": }`. */
  value: JsonValueNode | undefined;
}

export interface JsonArrayNode extends JsonNodeBase {
  type: 'array';
  items: JsonValueNode[];
}

export interface JsonStringNode extends JsonNodeBase {
  type: 'string';
  /** The unescaped value. */
  value: string;
}

export interface JsonNumberNode extends JsonNodeBase {
  type: 'number';
  value: number;
  /** True when written without a fraction or an exponent: Avro's int and long defaults must be. */
  isInteger: boolean;
}

export interface JsonBooleanNode extends JsonNodeBase {
  type: 'boolean';
  value: boolean;
}

export interface JsonNullNode extends JsonNodeBase {
  type: 'null';
  value: null;
}

export type JsonValueNode = JsonObjectNode | JsonArrayNode | JsonStringNode | JsonNumberNode | JsonBooleanNode | JsonNullNode;
export type JsonNode = JsonValueNode | JsonPropertyNode;

export interface JsonSyntaxError {
  offset: number;
  length: number;
  message: string;
}

export interface JsonParseResult {
  /** The root value; partial when there are errors; undefined for empty text. */
  root: JsonValueNode | undefined;
  errors: JsonSyntaxError[];
}

/** The value of a property of an object node, by key (the last one when the key repeats, as in JSON.parse). */
export function propertyValue(node: JsonObjectNode, key: string): JsonValueNode | undefined {
  return propertyNode(node, key)?.value;
}

export function propertyNode(node: JsonObjectNode, key: string): JsonPropertyNode | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) if (node.properties[i].key.value === key) return node.properties[i];
  return undefined;
}

/** The node as plain data, as JSON.parse would give it (the last of repeated keys wins). */
export function jsonValueOf(node: JsonValueNode): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.properties) {
        // defineProperty, so that a `__proto__` key is an own key, as JSON.parse makes it, not a prototype.
        if (property.value)
          Object.defineProperty(result, property.key.value, {
            value: jsonValueOf(property.value),
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return result;
    }
    case 'array':
      return node.items.map(jsonValueOf);
    default:
      return node.value;
  }
}
