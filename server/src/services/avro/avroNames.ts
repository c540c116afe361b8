/** Avro 1.12 names: the grammar, fullname resolution and the names that cannot be redefined. */

export const PRIMITIVE_TYPES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];
export const COMPLEX_TYPES = ['record', 'error', 'enum', 'array', 'map', 'fixed'] as const;
export type ComplexType = (typeof COMPLEX_TYPES)[number];
export const NAMED_TYPES = ['record', 'error', 'enum', 'fixed'] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isPrimitiveType(name: string): name is PrimitiveType {
  return (PRIMITIVE_TYPES as readonly string[]).includes(name);
}

export function isNamedTypeKeyword(type: string): boolean {
  return (NAMED_TYPES as readonly string[]).includes(type);
}

/** A simple name: `[A-Za-z_][A-Za-z0-9_]*`. */
export function isValidSimpleName(name: string): boolean {
  return NAME.test(name);
}

/** A namespace: dotted simple names, or empty for the null namespace. */
export function isValidNamespace(namespace: string): boolean {
  return namespace === '' || namespace.split('.').every(isValidSimpleName);
}

/** A fullname: dotted simple names. */
export function isValidFullname(name: string): boolean {
  return name.split('.').every(isValidSimpleName);
}

/**
 * The fullname of a name as written in a schema. A dotted name is already full and ignores `namespace`;
 * otherwise the explicit namespace wins, then the nearest enclosing one. An empty namespace is the null one.
 */
export function resolveFullname(name: string, explicitNamespace: string | undefined, enclosingNamespace: string | undefined): string {
  if (name.includes('.')) return name;
  const namespace = explicitNamespace ?? enclosingNamespace;
  return namespace ? `${namespace}.${name}` : name;
}

/** The namespace a named type passes on to the names inside it. */
export function namespaceOf(fullname: string): string | undefined {
  const dot = fullname.lastIndexOf('.');
  return dot < 0 ? undefined : fullname.slice(0, dot);
}

/** A type reference's candidates: as written in the enclosing namespace, then as a fullname. */
export function referenceCandidates(reference: string, enclosingNamespace: string | undefined): string[] {
  if (reference.includes('.')) return [reference];
  return enclosingNamespace ? [`${enclosingNamespace}.${reference}`, reference] : [reference];
}
