// Random Avro schemas for the differential tests: a random base record, and mutations of it that a schema's
// evolution goes through (fields added and removed with and without defaults, types changed along and against
// the promotions, renames with and without aliases, enum symbols and defaults, union branches, fixed sizes,
// nesting, arrays and maps, recursion), plus ways to break a schema for the parser's verdicts.
// Schemas are plain JSON values; the tests send their text to both implementations.
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
type Primitive = (typeof PRIMITIVES)[number];

/** The shape of a type, before names are given out. */
export type Shape =
  | { k: 'prim'; name: Primitive }
  | { k: 'enum'; symbols: string[]; defaultIndex: number | null }
  | { k: 'fixed'; size: number }
  | { k: 'array'; items: Shape }
  | { k: 'map'; values: Shape }
  | { k: 'union'; branches: Shape[] }
  | { k: 'record'; fields: FieldShape[] }
  /** The nearest enclosing record (recursion). */
  | { k: 'recursive' }
  /** A named type defined earlier in the schema, by index (a second use of the same definition). */
  | { k: 'reuse'; index: number };

export interface FieldShape {
  type: Shape;
  withDefault: boolean;
}

const SYMBOLS = ['A', 'B', 'C', 'D', 'E', 'F'];

const primitiveArb = fc.constantFrom(...PRIMITIVES).map((name): Shape => ({ k: 'prim', name }));
const enumArb = fc
  .record({ symbols: fc.subarray(SYMBOLS, { minLength: 1 }), defaultIndex: fc.option(fc.nat(5), { freq: 3 }) })
  .map(({ symbols, defaultIndex }): Shape => ({ k: 'enum', symbols, defaultIndex }));
const fixedArb = fc.integer({ min: 1, max: 4 }).map((size): Shape => ({ k: 'fixed', size }));
const reuseArb = fc.nat(7).map((index): Shape => ({ k: 'reuse', index }));

const shapes = fc.letrec<{ type: Shape; branch: Shape; record: Shape; field: FieldShape }>((tie) => ({
  // The first alternative is taken once the depth limit is reached.
  type: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'schema' },
    { arbitrary: primitiveArb, weight: 6 },
    { arbitrary: enumArb, weight: 2 },
    { arbitrary: fixedArb, weight: 1 },
    { arbitrary: tie('branch').map((items): Shape => ({ k: 'array', items })), weight: 1 },
    { arbitrary: tie('branch').map((values): Shape => ({ k: 'map', values })), weight: 1 },
    { arbitrary: fc.array(tie('branch'), { minLength: 1, maxLength: 3 }).map((branches): Shape => ({ k: 'union', branches })), weight: 2 },
    { arbitrary: tie('record'), weight: 2 },
    { arbitrary: fc.constant<Shape>({ k: 'recursive' }), weight: 1 },
    { arbitrary: reuseArb, weight: 1 },
  ),
  // What may stand in a union, an array or a map: anything but a union.
  branch: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'schema' },
    { arbitrary: primitiveArb, weight: 6 },
    { arbitrary: enumArb, weight: 2 },
    { arbitrary: fixedArb, weight: 1 },
    { arbitrary: tie('record'), weight: 1 },
    { arbitrary: fc.constant<Shape>({ k: 'recursive' }), weight: 1 },
    { arbitrary: reuseArb, weight: 1 },
    { arbitrary: tie('branch').map((items): Shape => ({ k: 'array', items })), weight: 1 },
  ),
  record: fc.array(tie('field'), { minLength: 1, maxLength: 3 }).map((fields): Shape => ({ k: 'record', fields })),
  field: fc.record({ type: tie('type'), withDefault: fc.boolean() }),
}));

/** A small type for a field added or a type replaced by a mutation. */
const smallShapeArb: fc.Arbitrary<Shape> = fc.oneof(
  { arbitrary: primitiveArb, weight: 5 },
  { arbitrary: enumArb, weight: 2 },
  { arbitrary: fixedArb, weight: 1 },
  { arbitrary: reuseArb, weight: 1 },
  { arbitrary: primitiveArb.map((items): Shape => ({ k: 'array', items })), weight: 1 },
  { arbitrary: fc.array(primitiveArb, { minLength: 1, maxLength: 2 }).map((branches): Shape => ({ k: 'union', branches })), weight: 1 },
  {
    arbitrary: fc
      .array(fc.record({ type: primitiveArb, withDefault: fc.boolean() }), { minLength: 1, maxLength: 2 })
      .map((fields): Shape => ({ k: 'record', fields })),
    weight: 1,
  },
);

const MUTATIONS = [
  'addField',
  'removeField',
  'toggleDefault',
  'changeType',
  'promote',
  'renameField',
  'addFieldAlias',
  'renameType',
  'changeNamespace',
  'addEnumSymbol',
  'removeEnumSymbol',
  'toggleEnumDefault',
  'changeFixedSize',
  'addUnionBranch',
  'removeUnionBranch',
  'swapUnionBranches',
  'wrapInUnion',
  'unwrapUnion',
  'wrapInArrayOrMap',
  'swapFields',
] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface Mutation {
  kind: MutationKind;
  /** Picks the target among the candidates (modulo their number). */
  target: number;
  /** A second choice: a symbol, an index, a size, a promotion. */
  choice: number;
  flag: boolean;
  shape: Shape;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATIONS),
  target: fc.nat(1000),
  choice: fc.nat(1000),
  flag: fc.boolean(),
  shape: smallShapeArb,
});

export interface SchemaPair {
  base: Json;
  mutated: Json;
  mutations: MutationKind[];
}

/** A random base schema and a mutation of it (1 to 4 changes). */
export const schemaPairArb: fc.Arbitrary<SchemaPair> = fc
  .record({
    fields: fc.array(shapes.field, { minLength: 1, maxLength: 5 }),
    namespaced: fc.boolean(),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  })
  .map(({ fields, namespaced, mutations }) => {
    const base = materializeRoot(fields, namespaced ? 'com.example' : undefined);
    const mutated = clone(base);
    const names = new NameSource('N');
    for (const mutation of mutations) applyMutation(mutated, mutation, names);
    repair(mutated);
    return { base, mutated, mutations: mutations.map((mutation) => mutation.kind) };
  });

// ---------------------------------------------------------------------------------------------------------
// Materializing shapes: names are given out in document order, so references follow their definitions.

class NameSource {
  private next = 0;
  constructor(private readonly prefix: string) {}
  take(kind: string): string {
    return `${kind}${this.prefix}${this.next++}`;
  }
}

interface MaterializeContext {
  names: NameSource;
  namespace: string | undefined;
  /** Fullnames of the enclosing records, innermost last. */
  enclosing: string[];
  /** Fullnames of the named types defined so far. */
  defined: string[];
}

function fullnameOf(name: string, namespace: string | undefined): string {
  return namespace ? `${namespace}.${name}` : name;
}

function materializeRoot(fields: FieldShape[], namespace: string | undefined): Json {
  const context: MaterializeContext = { names: new NameSource(''), namespace, enclosing: [], defined: [] };
  const root = materialize({ k: 'record', fields }, context, 'field') as JsonObject;
  root.name = 'Root';
  // Rename references to the root's generated name.
  const generated = context.defined[0];
  const rootFullname = fullnameOf('Root', namespace);
  replaceReferences(root, generated, rootFullname);
  if (namespace) root.namespace = namespace;
  addDefaults(root);
  return root;
}

/** `position`: where the type stands; a union cannot stand in a union. */
function materialize(shape: Shape, context: MaterializeContext, position: 'field' | 'branch' | 'items'): Json {
  switch (shape.k) {
    case 'prim':
      // Now and then the object form: {"type": "int"}.
      return shape.name.length % 3 === 0 && context.defined.length % 2 === 1 ? { type: shape.name } : shape.name;
    case 'enum': {
      const name = context.names.take('E');
      context.defined.push(fullnameOf(name, context.namespace));
      const result: JsonObject = { type: 'enum', name, symbols: [...shape.symbols] };
      if (shape.defaultIndex !== null) result.default = shape.symbols[shape.defaultIndex % shape.symbols.length];
      return result;
    }
    case 'fixed': {
      const name = context.names.take('F');
      context.defined.push(fullnameOf(name, context.namespace));
      return { type: 'fixed', name, size: shape.size };
    }
    case 'array':
      return { type: 'array', items: materialize(shape.items, context, 'items') };
    case 'map':
      return { type: 'map', values: materialize(shape.values, context, 'items') };
    case 'union': {
      const branches = dedupeBranches(
        shape.branches.map((branch) => materialize(branch, context, 'branch')),
        context.namespace,
      );
      return position === 'branch' ? (branches[0] ?? 'null') : branches;
    }
    case 'record': {
      const name = context.names.take('R');
      const fullname = fullnameOf(name, context.namespace);
      context.defined.push(fullname);
      context.enclosing.push(fullname);
      const fields = shape.fields.map((field, index) => {
        const json: JsonObject = { name: `f${index}`, type: materialize(field.type, context, 'field') };
        if (field.withDefault) json.default = '__default__';
        return json as Json;
      });
      context.enclosing.pop();
      return { type: 'record', name, fields };
    }
    case 'recursive': {
      const target = context.enclosing[context.enclosing.length - 1];
      if (!target) return 'string';
      return position === 'field' ? ['null', target] : target;
    }
    case 'reuse': {
      // Only types that are complete by now, or an enclosing record (a recursive use).
      const candidates = context.defined;
      if (candidates.length === 0) return 'int';
      return candidates[shape.index % candidates.length];
    }
  }
}

/**
 * One branch per kind (Avro forbids two). A definition wins over a reference to the same name, so that the
 * reference's other uses still resolve.
 */
function dedupeBranches(branches: Json[], namespace: string | undefined): Json[] {
  const kept: Json[] = [];
  const at = new Map<string, number>();
  for (const branch of branches) {
    if (Array.isArray(branch)) continue;
    const key = branchKey(branch, namespace);
    const earlier = at.get(key);
    if (earlier === undefined) {
      at.set(key, kept.length);
      kept.push(branch);
    } else if (typeof kept[earlier] === 'string' && isObject(branch)) {
      kept[earlier] = branch;
    }
  }
  return kept;
}

/**
 * What makes two union branches the same kind in Avro's eyes: the primitive, array, map, or the fullname
 * (of a definition, or of a reference, which the generator always writes in full).
 */
function branchKey(json: Json, namespace: string | undefined): string {
  if (typeof json === 'string') return json;
  if (isObject(json)) {
    const type = json.type;
    if (type === 'record' || type === 'enum' || type === 'fixed' || type === 'error') {
      const name = String(json.name);
      return name.includes('.') ? name : fullnameOf(name, typeof json.namespace === 'string' ? json.namespace || undefined : namespace);
    }
    if (typeof type === 'string') return type;
  }
  return JSON.stringify(json);
}

// ---------------------------------------------------------------------------------------------------------
// Walking a schema: where the types stand, and the named types with their fullnames.

interface TypeSlot {
  get(): Json;
  set(value: Json): void;
  /** The slot is a union branch (a union cannot go there). */
  inUnion: boolean;
  /** The namespace a named type defined here would inherit. */
  namespace: string | undefined;
}

interface Named {
  json: JsonObject;
  fullname: string;
  /** The namespace it passes on. */
  namespace: string | undefined;
  /** The namespace it inherits (where its simple name would resolve). */
  enclosingNamespace: string | undefined;
}

interface SchemaIndex {
  slots: TypeSlot[];
  named: Named[];
  records: Named[];
  fields: { record: JsonObject; field: JsonObject; index: number }[];
  unions: TypeSlot[];
}

function isObject(json: Json): json is JsonObject {
  return json !== null && typeof json === 'object' && !Array.isArray(json);
}

function indexSchema(root: Json): SchemaIndex {
  const index: SchemaIndex = { slots: [], named: [], records: [], fields: [], unions: [] };
  const visit = (json: Json, namespace: string | undefined) => {
    if (Array.isArray(json)) {
      json.forEach((_, i) => {
        const slot: TypeSlot = { get: () => json[i], set: (value) => (json[i] = value), inUnion: true, namespace };
        index.slots.push(slot);
        visit(json[i], namespace);
      });
      return;
    }
    if (!isObject(json)) return;
    const type = json.type;
    if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
      const name = String(json.name);
      const explicit = typeof json.namespace === 'string' ? json.namespace : undefined;
      const fullname = name.includes('.') ? name : fullnameOf(name, explicit ?? namespace);
      const own = fullname.includes('.') ? fullname.slice(0, fullname.lastIndexOf('.')) : undefined;
      const named: Named = { json, fullname, namespace: own, enclosingNamespace: namespace };
      index.named.push(named);
      if (type === 'record' || type === 'error') {
        index.records.push(named);
        const fields = Array.isArray(json.fields) ? json.fields : [];
        fields.forEach((field, i) => {
          if (!isObject(field)) return;
          index.fields.push({ record: json, field, index: i });
          const slot: TypeSlot = { get: () => field.type, set: (value) => (field.type = value), inUnion: false, namespace: own };
          index.slots.push(slot);
          if (Array.isArray(field.type)) index.unions.push(slot);
          visit(field.type, own);
        });
      }
      return;
    }
    for (const key of ['items', 'values'] as const) {
      if (key in json) {
        const slot: TypeSlot = { get: () => json[key], set: (value) => (json[key] = value), inUnion: false, namespace };
        index.slots.push(slot);
        if (Array.isArray(json[key])) index.unions.push(slot);
        visit(json[key], namespace);
      }
    }
  };
  visit(root, undefined);
  return index;
}

function pick<T>(items: readonly T[], choice: number): T | undefined {
  return items.length === 0 ? undefined : items[choice % items.length];
}

function replaceReferences(json: Json, from: string, to: string): void {
  const visit = (node: Json, parent: JsonObject | Json[] | undefined, key: string | number | undefined) => {
    if (typeof node === 'string') {
      if (node === from && parent !== undefined && key !== undefined) (parent as Record<string | number, Json>)[key] = to;
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, node, i));
      return;
    }
    if (!isObject(node)) return;
    for (const typeKey of ['type', 'items', 'values']) if (typeKey in node) visit(node[typeKey], node, typeKey);
    if (Array.isArray(node.fields)) for (const field of node.fields) visit(field, undefined, undefined);
  };
  visit(json, undefined, undefined);
}

// ---------------------------------------------------------------------------------------------------------
// Mutations.

const PROMOTION_CHAINS: Primitive[][] = [
  ['int', 'long', 'float', 'double'],
  ['string', 'bytes'],
];

function applyMutation(root: Json, mutation: Mutation, names: NameSource): void {
  const index = indexSchema(root);
  const { target, choice, flag } = mutation;
  switch (mutation.kind) {
    case 'addField': {
      const record = pick(index.records, target);
      if (!record) return;
      const fields = record.json.fields as Json[];
      const context: MaterializeContext = {
        names,
        namespace: record.namespace,
        enclosing: [record.fullname],
        defined: index.named.map((n) => n.fullname),
      };
      const field: JsonObject = { name: names.take('g'), type: materialize(mutation.shape, context, 'field') };
      if (flag) field.default = '__default__';
      fields.splice(choice % (fields.length + 1), 0, field);
      return;
    }
    case 'removeField': {
      const entry = pick(index.fields, target);
      if (!entry) return;
      (entry.record.fields as Json[]).splice(entry.index, 1);
      return;
    }
    case 'toggleDefault': {
      const entry = pick(index.fields, target);
      if (!entry) return;
      if ('default' in entry.field) delete entry.field.default;
      else entry.field.default = '__default__';
      return;
    }
    case 'changeType': {
      const slot = pick(index.slots, target);
      if (!slot) return;
      const context: MaterializeContext = { names, namespace: slot.namespace, enclosing: [], defined: index.named.map((n) => n.fullname) };
      slot.set(materialize(mutation.shape, context, slot.inUnion ? 'branch' : 'field'));
      return;
    }
    case 'promote': {
      // Along or against a promotion: int <-> long <-> float <-> double, string <-> bytes.
      const primitives = index.slots.filter((slot) => {
        const value = slot.get();
        const name = isObject(value) ? value.type : value;
        return typeof name === 'string' && PROMOTION_CHAINS.some((chain) => chain.includes(name as Primitive));
      });
      const slot = pick(primitives, target);
      if (!slot) return;
      const value = slot.get();
      const name = (isObject(value) ? value.type : value) as Primitive;
      const chain = PROMOTION_CHAINS.find((c) => c.includes(name))!;
      const others = chain.filter((other) => other !== name);
      slot.set(others[choice % others.length]);
      return;
    }
    case 'renameField': {
      const entry = pick(index.fields, target);
      if (!entry) return;
      const old = String(entry.field.name);
      entry.field.name = names.take('h');
      if (flag) entry.field.aliases = [old];
      return;
    }
    case 'addFieldAlias': {
      // An alias naming another field of the record (or a field that is not there).
      const entry = pick(index.fields, target);
      if (!entry) return;
      const siblings = (entry.record.fields as JsonObject[]).map((field) => String(field.name)).filter((name) => name !== entry.field.name);
      const alias = flag ? (pick(siblings, choice) ?? 'gone') : 'gone';
      const aliases = Array.isArray(entry.field.aliases) ? entry.field.aliases : [];
      if (!aliases.includes(alias)) entry.field.aliases = [...aliases, alias];
      return;
    }
    case 'renameType': {
      const named = pick(index.named, target);
      if (!named || named === index.named[0]) return;
      const name = names.take('T');
      const newFullname = fullnameOf(name, named.namespace);
      named.json.name = name;
      replaceReferences(root, named.fullname, newFullname);
      if (flag) named.json.aliases = [choice % 2 === 0 ? named.fullname : named.fullname.slice(named.fullname.lastIndexOf('.') + 1)];
      return;
    }
    case 'changeNamespace': {
      const named = pick(index.named, target);
      if (!named) return;
      const namespace = choice % 3 === 0 ? 'org.other' : choice % 3 === 1 ? 'com.example.v2' : '';
      // Pin the namespace of the named types inside it, so their references still resolve.
      const inside = new Set(indexSchema(named.json).named.map((inner) => inner.json));
      for (const inner of index.named) {
        if (inner !== named && inside.has(inner.json) && inner.json.namespace === undefined && !String(inner.json.name).includes('.')) {
          inner.json.namespace = inner.enclosingNamespace ?? '';
        }
      }
      named.json.namespace = namespace;
      const simple = String(named.json.name).slice(String(named.json.name).lastIndexOf('.') + 1);
      named.json.name = simple;
      const newFullname = fullnameOf(simple, namespace || undefined);
      replaceReferences(root, named.fullname, newFullname);
      if (flag) named.json.aliases = [named.fullname];
      return;
    }
    case 'addEnumSymbol': {
      const named = pick(
        index.named.filter((n) => n.json.type === 'enum'),
        target,
      );
      if (!named) return;
      const symbols = named.json.symbols as string[];
      const symbol = SYMBOLS.concat(['G', 'H'])[choice % 8];
      if (!symbols.includes(symbol)) symbols.splice(choice % (symbols.length + 1), 0, symbol);
      return;
    }
    case 'removeEnumSymbol': {
      const named = pick(
        index.named.filter((n) => n.json.type === 'enum'),
        target,
      );
      if (!named) return;
      const symbols = named.json.symbols as string[];
      if (symbols.length > 1) symbols.splice(choice % symbols.length, 1);
      return;
    }
    case 'toggleEnumDefault': {
      const named = pick(
        index.named.filter((n) => n.json.type === 'enum'),
        target,
      );
      if (!named) return;
      if ('default' in named.json) delete named.json.default;
      else named.json.default = pick(named.json.symbols as string[], choice) ?? null;
      return;
    }
    case 'changeFixedSize': {
      const named = pick(
        index.named.filter((n) => n.json.type === 'fixed'),
        target,
      );
      if (named) named.json.size = 1 + (choice % 5);
      return;
    }
    case 'addUnionBranch': {
      const slot = pick(index.unions, target);
      if (!slot) return;
      const union = slot.get() as Json[];
      const context: MaterializeContext = { names, namespace: slot.namespace, enclosing: [], defined: index.named.map((n) => n.fullname) };
      union.splice(choice % (union.length + 1), 0, materialize(mutation.shape, context, 'branch'));
      return;
    }
    case 'removeUnionBranch': {
      const slot = pick(index.unions, target);
      if (!slot) return;
      const union = slot.get() as Json[];
      if (union.length > 1) union.splice(choice % union.length, 1);
      return;
    }
    case 'swapUnionBranches': {
      const slot = pick(index.unions, target);
      if (!slot) return;
      const union = slot.get() as Json[];
      if (union.length > 1) union.push(union.shift()!);
      return;
    }
    case 'wrapInUnion': {
      const slot = pick(
        index.slots.filter((s) => !s.inUnion && !Array.isArray(s.get())),
        target,
      );
      if (!slot) return;
      const value = slot.get();
      slot.set(flag ? ['null', value] : [value, 'null']);
      return;
    }
    case 'unwrapUnion': {
      const slot = pick(index.unions, target);
      if (!slot) return;
      const union = slot.get() as Json[];
      if (union.length > 0) slot.set(union[choice % union.length]);
      return;
    }
    case 'wrapInArrayOrMap': {
      const slot = pick(
        index.slots.filter((s) => !s.inUnion),
        target,
      );
      if (!slot) return;
      const value = slot.get();
      slot.set(flag ? { type: 'array', items: value } : { type: 'map', values: value });
      return;
    }
    case 'swapFields': {
      const record = pick(index.records, target);
      if (!record) return;
      const fields = record.json.fields as Json[];
      if (fields.length > 1) {
        const i = choice % fields.length;
        const j = (i + 1) % fields.length;
        [fields[i], fields[j]] = [fields[j], fields[i]];
      }
      return;
    }
  }
}

/**
 * Makes a mutated schema valid again where a mutation broke it by accident: duplicate union branches go,
 * an enum default outside the symbols goes, and every field default is recomputed for the field's type.
 * (Schemas left invalid anyway still count: for them, both implementations must reject the schema.)
 */
function repair(root: Json): void {
  dedupeUnions(root);
  // A reference whose definition a mutation removed becomes a string.
  const index = indexSchema(root);
  const defined = new Set(index.named.map((named) => named.fullname));
  for (const slot of index.slots) {
    const value = slot.get();
    const references = Array.isArray(value) ? value.map((branch, i) => [branch, i] as const) : [[value, -1] as const];
    for (const [reference, i] of references) {
      if (typeof reference !== 'string' || (PRIMITIVES as readonly string[]).includes(reference)) continue;
      if (defined.has(reference) || (slot.namespace !== undefined && defined.has(`${slot.namespace}.${reference}`))) continue;
      if (i < 0) slot.set('string');
      else (value as Json[])[i] = 'string';
    }
  }
  dedupeUnions(root);
  for (const named of index.named) {
    if (named.json.type === 'enum' && 'default' in named.json && !(named.json.symbols as Json[]).includes(named.json.default))
      delete named.json.default;
  }
  addDefaults(root);
}

function dedupeUnions(root: Json): void {
  for (const slot of indexSchema(root).slots) {
    const value = slot.get();
    if (Array.isArray(value)) value.splice(0, value.length, ...dedupeBranches(value, slot.namespace));
  }
}

/** Gives every field marked with a default a valid default for its current type (or drops it). */
function addDefaults(root: Json): void {
  const index = indexSchema(root);
  const byName = new Map(index.named.map((named) => [named.fullname, named.json]));
  for (const { field } of index.fields) {
    if (!('default' in field)) continue;
    const value = defaultFor(field.type, byName, 0);
    if (value === undefined) delete field.default;
    else field.default = value;
  }
}

function defaultFor(type: Json, byName: Map<string, JsonObject>, depth: number): Json | undefined {
  if (depth > 6) return undefined;
  if (Array.isArray(type)) return type.length === 0 ? undefined : defaultFor(type[0], byName, depth + 1);
  if (typeof type === 'string') {
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return true;
      case 'int':
      case 'long':
        return 7;
      case 'float':
      case 'double':
        return 1.5;
      case 'bytes':
        return '\u00ff';
      case 'string':
        return 'text';
      default: {
        const named = byName.get(type);
        return named ? defaultFor(named, byName, depth + 1) : undefined;
      }
    }
  }
  if (!isObject(type)) return undefined;
  switch (type.type) {
    case 'enum':
      return (type.symbols as Json[])[0];
    case 'fixed':
      return 'x'.repeat(Number(type.size));
    case 'array':
      return [];
    case 'map':
      return {};
    case 'record':
    case 'error': {
      const value: JsonObject = {};
      for (const field of type.fields as JsonObject[]) {
        const inner = defaultFor(field.type, byName, depth + 1);
        if (inner === undefined) return undefined;
        value[String(field.name)] = inner;
      }
      return value;
    }
    default:
      return typeof type.type === 'string' ? defaultFor(type.type, byName, depth + 1) : undefined;
  }
}

function clone<T extends Json>(json: T): T {
  return JSON.parse(JSON.stringify(json)) as T;
}

// ---------------------------------------------------------------------------------------------------------
// Breaking schemas, for the parser's verdicts.

const BREAKS = [
  'badName',
  'duplicateField',
  'duplicateSymbol',
  'badSymbol',
  'enumDefaultNotSymbol',
  'badFixedSize',
  'missingType',
  'unknownType',
  'unresolvedReference',
  'duplicateUnionBranch',
  'nestedUnion',
  'badDefault',
  'duplicateDefinition',
  'missingFields',
  'missingItems',
  'truncated',
  'primitiveName',
  'trailingGarbage',
  'badNamespace',
  'badAlias',
  'badOrder',
  'missingName',
  'symbolsNotArray',
  'hugeFixedSize',
  // Odd but valid, or invalid in a way Avro ignores: both should accept.
  'oddLogicalType',
  'nonStringDoc',
  'laterBranchDefault',
] as const;
export type BreakKind = (typeof BREAKS)[number];

export interface BrokenSchema {
  kind: BreakKind;
  text: string;
}

export const brokenSchemaArb: fc.Arbitrary<BrokenSchema> = fc
  .record({ pair: schemaPairArb, kind: fc.constantFrom(...BREAKS), target: fc.nat(1000), choice: fc.nat(1000) })
  .map(({ pair, kind, target, choice }) => ({ kind, text: breakSchema(clone(pair.mutated), kind, target, choice) }));

const BAD_NAMES = ['1abc', 'a-b', '', 'a b', 'é', 'a.', '.a'];
const BAD_DEFAULTS: [Json, Json][] = [
  ['int', 'seven'],
  ['int', 1.5],
  ['int', 2147483648],
  ['long', true],
  ['long', 9223372036854775808],
  ['string', 3],
  ['boolean', 'yes'],
  ['null', 0],
  ['bytes', 12],
  ['bytes', '\u0101'],
  ['double', 'x'],
  [{ type: 'fixed', name: 'FixedDefault', size: 2 }, 'abc'],
  [{ type: 'enum', name: 'EnumDefault', symbols: ['A'] }, 'B'],
  [{ type: 'array', items: 'int' }, ['x']],
  [{ type: 'map', values: 'int' }, { a: 'x' }],
  [{ type: 'record', name: 'RecordDefault', fields: [{ name: 'a', type: 'int' }] }, {}],
  [['null', 'int'], 'x'],
  [{ type: 'array', items: 'int' }, {}],
];

function breakSchema(root: Json, kind: BreakKind, target: number, choice: number): string {
  const index = indexSchema(root);
  const record = pick(index.records, target)!.json;
  const fields = record.fields as JsonObject[];
  switch (kind) {
    case 'badName': {
      const named = pick(index.named, target)!;
      named.json.name = BAD_NAMES[choice % BAD_NAMES.length];
      break;
    }
    case 'duplicateField':
      fields.push({ name: fields.length > 0 ? String(fields[choice % fields.length].name) : 'x', type: 'int' });
      if (fields.length === 1) fields.push({ name: 'x', type: 'int' });
      break;
    case 'duplicateSymbol':
      fields.push({ name: 'dup', type: { type: 'enum', name: 'Dup', symbols: ['A', 'B', 'A'] } });
      break;
    case 'badSymbol':
      fields.push({ name: 'sym', type: { type: 'enum', name: 'BadSymbol', symbols: ['A', BAD_NAMES[choice % 4]] } });
      break;
    case 'enumDefaultNotSymbol':
      fields.push({ name: 'e', type: { type: 'enum', name: 'WithDefault', symbols: ['A', 'B'], default: 'Z' } });
      break;
    case 'badFixedSize':
      fields.push({ name: 'fx', type: { type: 'fixed', name: 'BadFixed', size: [-1, 'four', 1.5, null][choice % 4] } });
      break;
    case 'missingType':
      fields.push({ name: 'untyped' });
      break;
    case 'unknownType':
      fields.push({ name: 'unknown', type: ['integer', 'com.nowhere.Thing', 'Record'][choice % 3] });
      break;
    case 'unresolvedReference':
      fields.push({ name: 'ref', type: ['null', 'com.example.Missing'] });
      break;
    case 'duplicateUnionBranch':
      fields.push({ name: 'u', type: ['null', 'string', choice % 2 === 0 ? 'string' : 'null'] });
      break;
    case 'nestedUnion':
      fields.push({ name: 'nested', type: ['null', ['int', 'string']] });
      break;
    case 'badDefault': {
      const [type, value] = BAD_DEFAULTS[choice % BAD_DEFAULTS.length];
      fields.push({ name: 'd', type, default: value });
      break;
    }
    case 'duplicateDefinition':
      fields.push({
        name: 'again',
        type: {
          type: 'record',
          name: 'Root',
          namespace: typeof record.namespace === 'string' ? record.namespace : undefined,
          fields: [],
        } as unknown as Json,
      });
      if (index.records[0].json !== record)
        (index.records[0].json.fields as Json[]).push({
          name: 'again2',
          type: { type: 'fixed', name: String(record.name), size: 1 },
        } as Json);
      break;
    case 'missingFields':
      fields.push({ name: 'nofields', type: { type: 'record', name: 'NoFields' } });
      break;
    case 'missingItems':
      fields.push({ name: 'noitems', type: choice % 2 === 0 ? { type: 'array' } : { type: 'map' } });
      break;
    case 'truncated': {
      const text = JSON.stringify(root);
      return text.slice(0, Math.max(1, Math.floor(text.length * (0.2 + (choice % 7) / 10))));
    }
    case 'primitiveName':
      fields.push({ name: 'prim', type: { type: 'fixed', name: ['int', 'string', 'null'][choice % 3], size: 2 } });
      break;
    case 'trailingGarbage':
      return `${JSON.stringify(root)} ${['{}', 'x', '"int"', ']'][choice % 4]}`;
    case 'badNamespace':
      record.namespace = ['1com', 'com..x', 'com.-x'][choice % 3];
      break;
    case 'badAlias':
      fields.push({ name: 'aliased', type: { type: 'enum', name: 'Aliased', aliases: [BAD_NAMES[choice % 4]], symbols: ['A'] } });
      break;
    case 'badOrder':
      fields.push({ name: 'ordered', type: 'int', order: ['sideways', 'ASC', 3][choice % 3] });
      break;
    case 'missingName':
      fields.push({ name: 'anonymous', type: choice % 2 === 0 ? { type: 'record', fields: [] } : { type: 'enum', symbols: ['A'] } });
      break;
    case 'symbolsNotArray':
      fields.push({ name: 'symbols', type: { type: 'enum', name: 'NoSymbols', symbols: choice % 2 === 0 ? 'A' : null } });
      break;
    case 'hugeFixedSize':
      fields.push({ name: 'huge', type: { type: 'fixed', name: 'Huge', size: 2 ** 31 + (choice % 3) } });
      break;
    case 'oddLogicalType': {
      const odd: Json[] = [
        { type: 'bytes', logicalType: 'decimal', precision: 2, scale: 5 },
        { type: 'string', logicalType: 'timestamp-millis' },
        { type: 'int', logicalType: 'no-such-type' },
        { type: 'fixed', name: 'Dec', size: 1, logicalType: 'decimal', precision: 10 },
        { type: 'long', logicalType: 'date' },
      ];
      fields.push({ name: 'odd', type: odd[choice % odd.length] });
      break;
    }
    case 'nonStringDoc':
      record.doc = [1, true, { a: 1 }][choice % 3] as Json;
      break;
    case 'laterBranchDefault':
      fields.push({ name: 'later', type: choice % 2 === 0 ? ['null', 'int'] : ['int', 'null'], default: choice % 2 === 0 ? 5 : null });
      break;
  }
  return JSON.stringify(root);
}
