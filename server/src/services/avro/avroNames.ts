/** Avro 1.12 names: the grammar, fullname resolution and the names that cannot be redefined. */

export const PRIMITIVE_TYPES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];
export const COMPLEX_TYPES = ['record', 'error', 'enum', 'array', 'map', 'fixed'] as const;
export type ComplexType = (typeof COMPLEX_TYPES)[number];
export const NAMED_TYPES = ['record', 'error', 'enum', 'fixed'] as const;

// Sets, not Array.includes: these are asked once per type name of schemas with thousands of fields.
const PRIMITIVE_SET: ReadonlySet<string> = new Set(PRIMITIVE_TYPES);
const COMPLEX_SET: ReadonlySet<string> = new Set(COMPLEX_TYPES);
const NAMED_SET: ReadonlySet<string> = new Set(NAMED_TYPES);

export function isPrimitiveType(name: string): name is PrimitiveType {
  return PRIMITIVE_SET.has(name);
}

/** `record`, `error`, `enum`, `array`, `map` or `fixed`: the type keywords that need the object form. */
export function isComplexTypeKeyword(type: string): type is ComplexType {
  return COMPLEX_SET.has(type);
}

export function isNamedTypeKeyword(type: string): boolean {
  return NAMED_SET.has(type);
}

/** True for [A-Za-z_] (and, with `digits`, [0-9]) by character code. */
function isNameChar(c: number, digits: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (digits && c >= 48 && c <= 57);
}

/** True when text[start, end) is a simple name: `[A-Za-z_][A-Za-z0-9_]*`. */
function isSimpleNameAt(text: string, start: number, end: number): boolean {
  if (end <= start || !isNameChar(text.charCodeAt(start), false)) return false;
  for (let i = start + 1; i < end; i++) if (!isNameChar(text.charCodeAt(i), true)) return false;
  return true;
}

/** A simple name: `[A-Za-z_][A-Za-z0-9_]*` (ASCII only, as the specification says; Java's default validator is laxer). */
export function isValidSimpleName(name: string): boolean {
  return isSimpleNameAt(name, 0, name.length);
}

/** A fullname: dotted simple names, none of them empty (so no leading, trailing or double dot). */
export function isValidFullname(name: string): boolean {
  let start = 0;
  for (;;) {
    const dot = name.indexOf('.', start);
    const end = dot < 0 ? name.length : dot;
    if (!isSimpleNameAt(name, start, end)) return false;
    if (dot < 0) return true;
    start = dot + 1;
  }
}

/** A namespace: dotted simple names, or empty for the null namespace (which may not be part of a dotted sequence). */
export function isValidNamespace(namespace: string): boolean {
  return namespace === '' || isValidFullname(namespace);
}

/** The last component of a fullname: `Order` of `com.example.Order`. */
export function simpleNameOf(fullname: string): string {
  const dot = fullname.lastIndexOf('.');
  return dot < 0 ? fullname : fullname.slice(dot + 1);
}

/**
 * True when a named type may not take this fullname: the specification says primitive type names
 * "have no namespace and their names may not be defined in any namespace", so `int` and `ns.int` are both
 * reserved. (Java and Python only reject the bare `int`; avsc rejects both.)
 */
export function isReservedTypeName(fullname: string): boolean {
  return isPrimitiveType(simpleNameOf(fullname));
}

/**
 * The fullname of a name as written in a schema. A dotted name is already full and ignores `namespace`;
 * otherwise the explicit namespace wins, then the nearest enclosing one. An empty namespace is the null one.
 * An explicit namespace of `undefined` means "not given" (a JSON `null` namespace counts as not given, as in Java and Python).
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

/**
 * The fullname a type reference (a JSON string naming a defined type) stands for. As the specification
 * says: a dotted reference is a fullname; otherwise it is in the namespace of the enclosing definition.
 * Primitive names are never qualified. There is no fallback to the null namespace: that is a leniency of
 * Java's parser only (Python and avsc do not resolve such references, and the specification does not either).
 */
export function resolveReference(reference: string, enclosingNamespace: string | undefined): string {
  if (isPrimitiveType(reference) || reference.includes('.') || !enclosingNamespace) return reference;
  return `${enclosingNamespace}.${reference}`;
}

/**
 * A type reference's candidate fullnames, in the order a resolver should try them: only the one the
 * specification gives (see `resolveReference`). Kept as a list for callers written against the former
 * Java-style two-candidate lookup.
 */
export function referenceCandidates(reference: string, enclosingNamespace: string | undefined): string[] {
  return [resolveReference(reference, enclosingNamespace)];
}

/**
 * The name Java's parser would fall back to for an unresolved dotless reference inside a namespace (the
 * same name in the null namespace), for explaining the difference; undefined when there is no fallback.
 */
export function javaFallbackName(reference: string, enclosingNamespace: string | undefined): string | undefined {
  return enclosingNamespace && !reference.includes('.') && !isPrimitiveType(reference) ? reference : undefined;
}
