/**
 * What each JSON value of an Avro schema is, from the path that leads to it: its role (a schema, a record's
 * `fields`, a field, or plain data) and, for a string, its slot (a type name, a type keyword, a logical type,
 * an `order`, a default, a namespace). Completion and hover read the cursor's place through it.
 */
import type { JsonNode, JsonObjectNode, JsonArrayNode } from '../json/jsonTree';
import { namespaceOf, resolveFullname } from './avroNames';

/**
 * What a JSON value is in an Avro schema: a `schema` (a type name, a schema object or a union), the
 * `fields` array of a record, a `field` object, or `data` (defaults, docs, symbols, metadata).
 */
export type AvroRole = 'schema' | 'fields' | 'field' | 'data';

/** The role of the value of `key` in an object of role `role`. */
export function propertyRole(role: AvroRole, key: string): AvroRole {
  if (role === 'schema') {
    if (key === 'fields') return 'fields';
    // A schema object in `type` is a mistake the parser reads as a nested schema anyway.
    if (key === 'items' || key === 'values' || key === 'type') return 'schema';
    return 'data';
  }
  if (role === 'field') return key === 'type' ? 'schema' : 'data';
  return 'data';
}

/** The role of the items of an array of role `role`: a union's branches are schemas, a `fields` array's items fields. */
export function itemRole(role: AvroRole): AvroRole {
  return role === 'schema' ? 'schema' : role === 'fields' ? 'field' : 'data';
}

/** What a string value means at its place. */
export type AvroSlot =
  /** A type: a primitive or a named type's name (a field's `type`, `items`, `values`, a union branch, the root). */
  | 'typeName'
  /** The `type` of a schema object: a primitive or a complex type keyword. */
  | 'typeKeyword'
  | 'logicalType'
  | 'order'
  | 'fieldDefault'
  | 'enumDefault'
  | 'namespace'
  | 'none';

/** The slot of the value of `key` in an object of role `role`. */
export function propertySlot(role: AvroRole, key: string): AvroSlot {
  if (role === 'schema') {
    switch (key) {
      case 'type':
        return 'typeKeyword';
      case 'items':
      case 'values':
        return 'typeName';
      case 'logicalType':
        return 'logicalType';
      case 'default':
        return 'enumDefault';
      case 'namespace':
        return 'namespace';
    }
    return 'none';
  }
  if (role === 'field') {
    if (key === 'type') return 'typeName';
    if (key === 'default') return 'fieldDefault';
    if (key === 'order') return 'order';
  }
  return 'none';
}

/** The namespace that the names inside a schema object resolve in (its own when it is a named type, else the enclosing one). */
export function namespaceInside(object: JsonObjectNode, enclosing: string | undefined): string | undefined {
  let type: string | undefined;
  let name: string | undefined;
  let namespace: string | undefined;
  let hasNamespace = false;
  for (const property of object.properties) {
    const value = property.value;
    if (value === undefined) continue;
    switch (property.key.value) {
      case 'type':
        type = value.type === 'string' ? value.value : undefined;
        break;
      case 'name':
        name = value.type === 'string' ? value.value : undefined;
        break;
      case 'namespace':
        // A JSON null namespace counts as absent, as in the parser.
        hasNamespace = value.type === 'string';
        namespace = value.type === 'string' ? value.value : undefined;
        break;
    }
  }
  if (type !== 'record' && type !== 'error' && type !== 'enum' && type !== 'fixed') return enclosing;
  if (name) return namespaceOf(resolveFullname(name, hasNamespace ? namespace : undefined, enclosing));
  return hasNamespace ? namespace || undefined : enclosing;
}

export interface RoleStep {
  /** An object or array on the way from the root to the cursor. */
  node: JsonObjectNode | JsonArrayNode;
  role: AvroRole;
  /** The namespace names resolve in inside it. */
  namespace: string | undefined;
}

/**
 * The roles of the containers that `findNodeAtOffset` passed on the way to a node (its `ancestors`), and the
 * role and slot of the node itself.
 */
export function rolesAlong(
  ancestors: readonly JsonNode[],
  node: JsonNode,
): { steps: RoleStep[]; role: AvroRole; slot: AvroSlot; namespace: string | undefined } {
  const steps: RoleStep[] = [];
  let role: AvroRole = 'schema';
  let namespace: string | undefined;
  let slot: AvroSlot = 'typeName';
  const path = [...ancestors, node];
  for (let i = 0; i < path.length; i++) {
    const current = path[i];
    if (current.type === 'object') {
      const inside = role === 'schema' ? namespaceInside(current, namespace) : namespace;
      steps.push({ node: current, role, namespace: inside });
      const property = path[i + 1];
      if (property?.type === 'property') {
        slot = propertySlot(role, property.key.value);
        role = propertyRole(role, property.key.value);
        namespace = inside;
        i++; // the property; the next is its value or key
      }
    } else if (current.type === 'array') {
      steps.push({ node: current, role, namespace });
      slot = role === 'schema' ? 'typeName' : 'none';
      role = itemRole(role);
    }
  }
  return { steps, role, slot, namespace };
}
