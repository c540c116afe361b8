import type { JsonObjectNode, JsonStringNode, JsonValueNode } from '../json/jsonTree';
import type { PrimitiveType } from './avroNames';

/**
 * An Avro schema as the parser (avroParser.ts) builds it from a positioned JSON tree. Every part keeps
 * the JSON node it came from, so diagnostics, hover, rename and the compatibility engine's JSON Pointers
 * can point at the exact text. Named types are defined once; other uses are `reference`s resolved to them.
 */
export type AvroType = AvroPrimitive | AvroRecord | AvroEnum | AvroFixed | AvroArray | AvroMap | AvroUnion | AvroReference;
export type AvroNamedType = AvroRecord | AvroEnum | AvroFixed;

interface AvroTypeBase {
  /** The JSON node of this type: a string (`"int"`, `"com.x.Order"`), an object, or an array (a union). */
  node: JsonValueNode;
  /** A logical type annotation, when present and valid for the base type (an invalid one is ignored). */
  logicalType?: AvroLogicalType;
}

export interface AvroPrimitive extends AvroTypeBase {
  kind: 'primitive';
  name: PrimitiveType;
}

export interface AvroNamedBase extends AvroTypeBase {
  /** The resolved fullname, e.g. `com.example.Order`. */
  fullname: string;
  /** The node of the `name` value (the target of go-to-definition and rename). */
  nameNode: JsonStringNode | undefined;
  /** The namespace this type passes on to the names inside it. */
  namespace: string | undefined;
  /** Fullnames of the aliases. */
  aliases: string[];
  doc?: string;
}

export interface AvroRecord extends AvroNamedBase {
  kind: 'record';
  /** `error` types are records. */
  isError: boolean;
  fields: AvroField[];
}

export interface AvroField {
  name: string;
  nameNode: JsonStringNode | undefined;
  node: JsonObjectNode;
  type: AvroType;
  /** The `default` value node, when there is one. */
  defaultNode?: JsonValueNode;
  order: 'ascending' | 'descending' | 'ignore';
  /** Field aliases (simple names). */
  aliases: string[];
  doc?: string;
}

export interface AvroEnum extends AvroNamedBase {
  kind: 'enum';
  symbols: string[];
  /** The enum's own `default` symbol (used when a reader does not know the writer's symbol). */
  defaultSymbol?: string;
}

export interface AvroFixed extends AvroNamedBase {
  kind: 'fixed';
  size: number;
}

export interface AvroArray extends AvroTypeBase {
  kind: 'array';
  items: AvroType;
}

export interface AvroMap extends AvroTypeBase {
  kind: 'map';
  values: AvroType;
}

export interface AvroUnion extends AvroTypeBase {
  kind: 'union';
  branches: AvroType[];
}

export interface AvroReference extends AvroTypeBase {
  kind: 'reference';
  /** As written. */
  name: string;
  /** The fullname it resolved to. */
  fullname: string;
  /** The definition, once resolved (possibly in another file of the workspace); undefined when unresolved. */
  target?: AvroNamedType;
}

export interface AvroLogicalType {
  name: string;
  /** The node of the `logicalType` value. */
  node: JsonStringNode;
  precision?: number;
  scale?: number;
}

/** Where a named type is used, for find-references and rename. */
export interface AvroNameUse {
  fullname: string;
  /** The string node that names it: a `name`, a type reference, or an alias. */
  node: JsonStringNode;
  role: 'definition' | 'reference' | 'alias';
}

/** What the parser gives back for one `.avsc` text. */
export interface ParsedAvroSchema {
  /** The root type, when the text parsed far enough to have one. */
  root: AvroType | undefined;
  /** Named types defined in this file, by fullname. */
  definitions: Map<string, AvroNamedType>;
  /** Every use of a name in this file, in text order. */
  nameUses: AvroNameUse[];
  /** The root JSON node, for editor features. */
  json: JsonValueNode | undefined;
}
