import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-types';
import {
  findAvroDefinition,
  findAvroReferences,
  prepareAvroRename,
  renameAvroType,
} from '../../../server/src/services/avro/avroNavigation';
import { AvroTypeIndex } from '../../../server/src/services/workspace/avroTypeIndex';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { memoryWorkspace } from '../../support/memoryWorkspace';
import { applyEdits, editsFor } from '../../support/applyEdits';

const CUSTOMER = `{"type": "record", "name": "Customer", "namespace": "com.example.crm", "aliases": ["Client"], "fields": [
  {"name": "id", "type": "string"},
  {"name": "tier", "type": {"type": "enum", "name": "Tier", "symbols": ["GOLD", "SILVER"]}},
  {"name": "referrer", "type": ["null", "Customer"], "default": null}
]}`;

const ORDER = `{"type": "record", "name": "Order", "namespace": "com.example.sales", "fields": [
  {"name": "buyer", "type": "com.example.crm.Customer"},
  {"name": "seller", "type": ["null", "com.example.crm.Customer"]},
  {"name": "tier", "type": "com.example.crm.Tier"},
  {"name": "total", "type": "double"}
]}`;

const PROFILE = `{"type": "record", "name": "Profile", "namespace": "com.example.crm", "fields": [
  {"name": "owner", "type": "Customer"}
]}`;

/** Another file that defines the same fullname: its own references mean its own type. */
const COPY = `{"type": "record", "name": "com.example.crm.Customer", "fields": [{"name": "self", "type": ["null", "com.example.crm.Customer"]}]}`;

const FILES: Record<string, string> = {
  'crm/customer.avsc': CUSTOMER,
  'schemas/order.avsc': ORDER,
  'crm/profile.avsc': PROFILE,
  'zz/copy.avsc': COPY,
};

function setup(files: Record<string, string> = FILES) {
  const { index, uri } = memoryWorkspace(files);
  return { index, uri, types: new AvroTypeIndex(index) };
}

/** The position of the `occurrence`-th match of `needle` in `text`, `within` characters into it. */
function at(text: string, needle: string, within = 1, occurrence = 1) {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} in the text`);
  return new LineIndex(text).positionAt(offset + within);
}

/** What a location points at: `path: text`. */
function shown(location: Location, files: Record<string, string>, uri: (path: string) => string): string {
  const path = Object.keys(files).find((candidate) => uri(candidate) === location.uri);
  assert.ok(path, `a workspace file: ${location.uri}`);
  const lines = new LineIndex(files[path]);
  return `${path}: ${files[path].slice(lines.offsetAt(location.range.start), lines.offsetAt(location.range.end))}@${location.range.start.line}`;
}

// ------------------------------------------------------------------------------------------ definition

test('definition: a reference to a type of another file opens its name there', () => {
  const { uri, types } = setup();
  const locations = findAvroDefinition(uri('schemas/order.avsc'), ORDER, at(ORDER, '"com.example.crm.Customer"', 20), types);
  assert.deepEqual(
    locations.map((location) => shown(location, FILES, uri)),
    ['crm/customer.avsc: Customer@0'],
  );
  const tier = findAvroDefinition(uri('schemas/order.avsc'), ORDER, at(ORDER, 'crm.Tier'), types);
  assert.deepEqual(
    tier.map((location) => shown(location, FILES, uri)),
    ['crm/customer.avsc: Tier@2'],
  );
});

test('definition: in the same file, from a simple name, from the name itself, and right after the closing quote', () => {
  const { uri, types } = setup();
  const file = uri('crm/customer.avsc');
  assert.deepEqual(
    findAvroDefinition(file, CUSTOMER, at(CUSTOMER, '"Customer"]'), types).map((location) => shown(location, FILES, uri)),
    ['crm/customer.avsc: Customer@0'],
  );
  assert.deepEqual(
    findAvroDefinition(file, CUSTOMER, at(CUSTOMER, 'Customer'), types).map((location) => shown(location, FILES, uri)),
    ['crm/customer.avsc: Customer@0'],
  );
  assert.deepEqual(
    findAvroDefinition(uri('crm/profile.avsc'), PROFILE, at(PROFILE, '"Customer"', 10), types).map((location) =>
      shown(location, FILES, uri),
    ),
    ['crm/customer.avsc: Customer@0'],
  );
});

test('definition: a file that defines the name itself uses its own definition', () => {
  const { uri, types } = setup();
  const locations = findAvroDefinition(uri('zz/copy.avsc'), COPY, at(COPY, 'com.example.crm.Customer"]'), types);
  assert.deepEqual(
    locations.map((location) => location.uri),
    [uri('zz/copy.avsc')],
  );
});

test('definition: nothing for an unresolved name, a primitive, a field name', () => {
  const text =
    '{"type": "record", "name": "R", "namespace": "x", "fields": [{"name": "a", "type": "Missing"}, {"name": "b", "type": "long"}]}';
  const { uri, types } = setup({ 'r.avsc': text });
  for (const needle of ['Missing', 'long', '"a"'])
    assert.deepEqual(findAvroDefinition(uri('r.avsc'), text, at(text, needle), types), [], needle);
});

test('types in files that refer to each other resolve without a loop', () => {
  const a = '{"type": "record", "name": "A", "namespace": "n", "fields": [{"name": "b", "type": ["null", "B"]}]}';
  const b = '{"type": "record", "name": "B", "namespace": "n", "fields": [{"name": "a", "type": ["null", "A"]}]}';
  const { uri, types } = setup({ 'a.avsc': a, 'b.avsc': b });
  assert.deepEqual([...types.definitions().keys()].sort(), ['n.A', 'n.B']);
  const parsed = types.parse(uri('a.avsc'));
  const field = parsed.root?.kind === 'record' ? parsed.root.fields[0].type : undefined;
  assert.ok(field?.kind === 'union' && field.branches[1].kind === 'reference');
  assert.equal(field.branches[1].target?.fullname, 'n.B');
  assert.equal(types.parse(uri('a.avsc')), parsed, 'cached');
  assert.equal(types.externalTypesFor(uri('b.avsc'))('n.A')?.fullname, 'n.A');
  assert.equal(types.externalTypesFor(uri('a.avsc'))('n.Nothing'), undefined);
  assert.deepEqual(
    findAvroDefinition(uri('b.avsc'), b, at(b, '"A"]'), types).map((location) => location.uri),
    [uri('a.avsc')],
  );
});

test('the type index follows changes of the workspace', () => {
  const { index, uri, types } = setup({ 'a.avsc': '{"type": "fixed", "name": "H", "size": 1}' });
  assert.deepEqual([...types.definitions().keys()], ['H']);
  index.documentChanged(uri('a.avsc'), '{"type": "fixed", "name": "G", "size": 1}');
  assert.deepEqual([...types.definitions().keys()], ['G']);
  index.fileDeleted(uri('a.avsc'));
  assert.deepEqual([...types.definitions().keys()], []);
});

// ------------------------------------------------------------------------------------------ references

test('references: across the workspace, with or without the declaration, without aliases or other definitions', () => {
  const { uri, types } = setup();
  const all = findAvroReferences(uri('schemas/order.avsc'), ORDER, at(ORDER, 'com.example.crm.Customer'), types, true).map((location) =>
    shown(location, FILES, uri),
  );
  assert.deepEqual(all, [
    'schemas/order.avsc: com.example.crm.Customer@1',
    'schemas/order.avsc: com.example.crm.Customer@2',
    'crm/customer.avsc: Customer@0',
    'crm/customer.avsc: Customer@3',
    'crm/profile.avsc: Customer@1',
  ]);
  const withoutDeclaration = findAvroReferences(uri('crm/customer.avsc'), CUSTOMER, at(CUSTOMER, 'Customer'), types, false).map(
    (location) => shown(location, FILES, uri),
  );
  // The current file first, then the others in URI order.
  assert.deepEqual(withoutDeclaration, [
    'crm/customer.avsc: Customer@3',
    'crm/profile.avsc: Customer@1',
    'schemas/order.avsc: com.example.crm.Customer@1',
    'schemas/order.avsc: com.example.crm.Customer@2',
  ]);
});

test('references: from a second definition of the same fullname, only the uses that resolve to it', () => {
  const { uri, types } = setup();
  const locations = findAvroReferences(uri('zz/copy.avsc'), COPY, at(COPY, 'com.example.crm.Customer'), types, true).map((location) =>
    shown(location, FILES, uri),
  );
  assert.deepEqual(locations, ['zz/copy.avsc: com.example.crm.Customer@0', 'zz/copy.avsc: com.example.crm.Customer@0']);
});

test('references: an unresolved name shows its uses in this file', () => {
  const text = '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Missing"}, {"name": "b", "type": "Missing"}]}';
  const { uri, types } = setup({ 'r.avsc': text });
  assert.equal(findAvroReferences(uri('r.avsc'), text, at(text, 'Missing'), types, true).length, 2);
});

// ------------------------------------------------------------------------------------------ rename

function renamed(
  edit: WorkspaceEdit | { error: string },
  files: Record<string, string>,
  uri: (path: string) => string,
): Record<string, string> {
  assert.ok(!('error' in edit), `no error: ${'error' in edit ? edit.error : ''}`);
  const result: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) result[path] = applyEdits(text, editsFor(edit, uri(path)));
  return result;
}

function errorOf(edit: WorkspaceEdit | { error: string }): string {
  assert.ok('error' in edit, 'an error');
  return edit.error;
}

test('rename: definition, references in every form and file, aliases untouched, other definitions untouched', () => {
  const { uri, types } = setup();
  const edit = renameAvroType(uri('schemas/order.avsc'), ORDER, at(ORDER, 'com.example.crm.Customer'), 'Person', types);
  const after = renamed(edit, FILES, uri);
  // The simple name stays simple (same namespace), the fullname references get the new fullname.
  assert.equal(
    after['crm/customer.avsc'],
    CUSTOMER.replace('"name": "Customer"', '"name": "Person"').replace('["null", "Customer"]', '["null", "Person"]'),
  );
  assert.match(after['crm/customer.avsc'], /"aliases": \["Client"\]/);
  assert.equal(after['schemas/order.avsc'], ORDER.replaceAll('com.example.crm.Customer', 'com.example.crm.Person'));
  assert.equal(after['crm/profile.avsc'], PROFILE.replace('"Customer"', '"Person"'));
  assert.equal(after['zz/copy.avsc'], COPY, 'a file with its own definition is another type');
  // The result resolves.
  const check = setup(after);
  assert.equal(check.types.definitions().get('com.example.crm.Person')?.uri, check.uri('crm/customer.avsc'));
  for (const path of ['schemas/order.avsc', 'crm/profile.avsc']) {
    for (const use of check.types.parse(check.uri(path)).nameUses)
      assert.ok(check.types.lookup(use.fullname, check.uri(path)), `${use.fullname} resolves in ${path}`);
  }
});

test('rename: from the definition itself gives the same edit; the same name is no change', () => {
  const { uri, types } = setup();
  const fromReference = renameAvroType(uri('schemas/order.avsc'), ORDER, at(ORDER, 'com.example.crm.Customer'), 'Person', types);
  const fromDefinition = renameAvroType(uri('crm/customer.avsc'), CUSTOMER, at(CUSTOMER, 'Customer'), 'Person', types);
  assert.deepEqual(renamed(fromDefinition, FILES, uri), renamed(fromReference, FILES, uri));
  assert.deepEqual(renameAvroType(uri('crm/customer.avsc'), CUSTOMER, at(CUSTOMER, 'Customer'), 'Customer', types), { changes: {} });
  assert.deepEqual(renameAvroType(uri('crm/customer.avsc'), CUSTOMER, at(CUSTOMER, 'Customer'), 'com.example.crm.Customer', types), {
    changes: {},
  });
});

test('rename: a dotted new name moves the type; a simple definition name becomes dotted, references get the shortest name', () => {
  const { uri, types } = setup();
  const after = renamed(
    renameAvroType(uri('schemas/order.avsc'), ORDER, at(ORDER, 'crm.Tier'), 'com.example.sales.Level', types),
    FILES,
    uri,
  );
  assert.match(after['crm/customer.avsc'], /"name": "com\.example\.sales\.Level"/);
  // From com.example.sales, the shortest name is the simple one... but this one was written as a fullname: it stays full.
  assert.match(after['schemas/order.avsc'], /"type": "com\.example\.sales\.Level"/);
  const simple = `{"type": "record", "name": "Order", "namespace": "com.example.crm", "fields": [{"name": "t", "type": "Tier"}]}`;
  const files = { ...FILES, 'crm/simple.avsc': simple };
  const moved = setup(files);
  const result = renamed(
    renameAvroType(moved.uri('crm/simple.avsc'), simple, at(simple, '"Tier"'), 'com.example.other.Tier', moved.types),
    files,
    moved.uri,
  );
  assert.match(
    result['crm/simple.avsc'],
    /"type": "com\.example\.other\.Tier"/,
    'a simple reference that no longer resolves gets the fullname',
  );
  const back = setup(result);
  const backSimple = renamed(
    renameAvroType(
      back.uri('crm/simple.avsc'),
      result['crm/simple.avsc'],
      at(result['crm/simple.avsc'], 'other.Tier'),
      'com.example.crm.Tier',
      back.types,
    ),
    result,
    back.uri,
  );
  assert.match(backSimple['crm/customer.avsc'], /"name": "com\.example\.crm\.Tier"/, 'a dotted definition stays dotted');
});

test('rename: a simple definition name with its own namespace attribute stays simple; the namespace changes', () => {
  const text = '{"type": "enum", "name": "Color", "namespace": "com.example.paint", "symbols": ["RED"]}';
  const user =
    '{"type": "record", "name": "Car", "namespace": "com.example.cars", "fields": [{"name": "c", "type": "com.example.paint.Color"}]}';
  const files = { 'color.avsc': text, 'car.avsc': user };
  const { uri, types } = setup(files);
  const after = renamed(renameAvroType(uri('color.avsc'), text, at(text, 'Color'), 'com.example.cars.Colour', types), files, uri);
  assert.equal(after['color.avsc'], '{"type": "enum", "name": "Colour", "namespace": "com.example.cars", "symbols": ["RED"]}');
  assert.equal(after['car.avsc'], user.replace('com.example.paint.Color', 'com.example.cars.Colour'));
});

test('rename: refused when it would change what other names mean', () => {
  const { uri, types } = setup();
  // Moving Customer would move Tier (defined inside it with a simple name) away from order.avsc's reference.
  assert.match(
    errorOf(renameAvroType(uri('crm/customer.avsc'), CUSTOMER, at(CUSTOMER, 'Customer'), 'com.example.people.Customer', types)),
    /would move the type "com\.example\.crm\.Tier"/,
  );
  // Moving Profile would make its simple reference "Customer" mean com.example.other.Customer.
  assert.match(
    errorOf(renameAvroType(uri('crm/profile.avsc'), PROFILE, at(PROFILE, 'Profile'), 'com.example.other.Profile', types)),
    /change the meaning of "Customer"/,
  );
});

test('rename: invalid new names, primitive names and names already taken are refused', () => {
  const { uri, types } = setup();
  const rename = (name: string) => renameAvroType(uri('crm/customer.avsc'), CUSTOMER, at(CUSTOMER, 'Customer'), name, types);
  for (const name of ['', '9lives', 'a-b', 'a..b', '.a', 'a.', 'Cust omer', 'Müller'])
    assert.match(errorOf(rename(name)), /not a valid Avro name/, name);
  for (const name of ['int', 'string', 'com.example.long']) assert.match(errorOf(rename(name)), /primitive type name/, name);
  assert.match(errorOf(rename('Tier')), /A type named "com\.example\.crm\.Tier" already exists in customer\.avsc/);
  assert.match(errorOf(rename('com.example.sales.Order')), /already exists in order\.avsc/);
  assert.match(errorOf(rename('Profile')), /already exists in profile\.avsc/);
  const aliased = '{"type": "fixed", "name": "Hash", "namespace": "com.example.crm", "aliases": ["Digest"], "size": 4}';
  const files = { ...FILES, 'hash.avsc': aliased };
  const withAlias = setup(files);
  assert.match(
    errorOf(renameAvroType(withAlias.uri('crm/customer.avsc'), CUSTOMER, at(CUSTOMER, 'Customer'), 'Digest', withAlias.types)),
    /alias of "com\.example\.crm\.Hash"/,
  );
});

test('prepareRename: a range and placeholder on a type name, a reason elsewhere', () => {
  const { uri, types } = setup();
  const answer = prepareAvroRename(uri('schemas/order.avsc'), ORDER, at(ORDER, 'com.example.crm.Customer', 4), types);
  assert.ok(answer && 'placeholder' in answer);
  assert.equal(answer.placeholder, 'com.example.crm.Customer');
  const lines = new LineIndex(ORDER);
  assert.equal(ORDER.slice(lines.offsetAt(answer.range.start), lines.offsetAt(answer.range.end)), 'com.example.crm.Customer');
  const error = (text: string, needle: string, path = 'crm/customer.avsc') => {
    const result = prepareAvroRename(uri(path), text, at(text, needle), types);
    assert.ok(result && 'error' in result, `an error at ${needle}`);
    return result.error;
  };
  assert.match(error(ORDER, '"double"', 'schemas/order.avsc'), /primitive type/);
  assert.match(error(CUSTOMER, 'Client'), /alias/);
  assert.match(error(CUSTOMER, '"referrer"'), /Only the names of records, enums and fixed types/);
  const unresolved = '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Missing"}]}';
  const other = setup({ 'r.avsc': unresolved });
  const result = prepareAvroRename(other.uri('r.avsc'), unresolved, at(unresolved, 'Missing'), other.types);
  assert.ok(result && 'error' in result && /not defined/.test(result.error));
  assert.equal(prepareAvroRename(uri('schemas/order.avsc'), ORDER, { line: 0, character: 0 }, types), null);
  assert.match(errorOf(renameAvroType(other.uri('r.avsc'), unresolved, at(unresolved, 'Missing'), 'Found', other.types)), /not defined/);
});
