import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../../server/src/services/json/jsonScanner';
import { findNodeAtOffset } from '../../../server/src/services/json/jsonNavigation';
import type { JsonObjectNode } from '../../../server/src/services/json/jsonTree';
import { itemRole, namespaceInside, propertyRole, propertySlot, rolesAlong } from '../../../server/src/services/avro/avroRoles';
import { fileName } from '../../../server/src/services/avro/fileName';
import { withCursor } from '../../support/memoryWorkspace';

/** The role, slot and namespace of the string value at the cursor `|`. */
function at(schemaWithCursor: string) {
  const { text, offset } = withCursor(schemaWithCursor);
  const root = parseJson(text).root;
  assert.ok(root, text);
  const found = findNodeAtOffset(root, offset);
  assert.ok(found, `nothing at the cursor of ${schemaWithCursor}`);
  const { role, slot, namespace, steps } = rolesAlong(found.ancestors, found.node);
  return { role, slot, namespace, steps: steps.map((step) => step.role) };
}

const record = (fields: string, head = '"name": "R"') => `{"type": "record", ${head}, "fields": [${fields}]}`;

test('type names: the root, a field type, items, values and union branches', () => {
  assert.deepEqual(at('"|int"'), { role: 'schema', slot: 'typeName', namespace: undefined, steps: [] });
  assert.equal(at(record('{"name": "a", "type": "|long"}')).slot, 'typeName');
  assert.equal(at('{"type": "array", "items": "|R"}').slot, 'typeName');
  assert.equal(at('{"type": "map", "values": "|R"}').slot, 'typeName');
  const branch = at(record('{"name": "a", "type": ["null", "|R"]}'));
  assert.deepEqual([branch.role, branch.slot, branch.steps], ['schema', 'typeName', ['schema', 'fields', 'field', 'schema']]);
});

test('the other slots: type keyword, logical type, order, field and enum defaults, namespace', () => {
  assert.equal(at('{"type": "|record"}').slot, 'typeKeyword');
  assert.equal(at('{"type": "long", "logicalType": "|date"}').slot, 'logicalType');
  assert.equal(at(record('{"name": "a", "type": "int", "order": "|ignore"}')).slot, 'order');
  assert.deepEqual(at(record('{"name": "a", "type": "string", "default": "|x"}')).slot, 'fieldDefault');
  assert.equal(at('{"type": "enum", "name": "E", "symbols": ["A"], "default": "|A"}').slot, 'enumDefault');
  assert.equal(at('{"type": "enum", "name": "E", "namespace": "|x", "symbols": []}').slot, 'namespace');
});

test('data is data all the way down: docs, symbols, defaults, names and unknown attributes', () => {
  for (const text of [
    record('{"name": "a", "type": "int", "doc": "|text"}'),
    '{"type": "enum", "name": "E", "symbols": ["|A"]}',
    record('{"name": "a", "type": "R", "default": {"b": ["|x"]}}'),
    record('{"name": "|a", "type": "int"}'),
    '{"type": "int", "custom": {"type": "|int"}}',
  ]) {
    const { role, slot } = at(text);
    assert.deepEqual([role, slot], ['data', 'none'], text);
  }
});

test('the namespace follows named types: their own namespace, a dotted name, else the enclosing one', () => {
  assert.equal(at(record('{"name": "a", "type": "|X"}', '"name": "R", "namespace": "com.a"')).namespace, 'com.a');
  assert.equal(at(record('{"name": "a", "type": "|X"}', '"name": "org.b.R", "namespace": "com.a"')).namespace, 'org.b');
  const nested = record('{"name": "a", "type": {"type": "array", "items": "|X"}}', '"name": "x.R"');
  assert.equal(at(nested).namespace, 'x', 'an array is not a named type: the enclosing namespace');
  // A JSON null namespace counts as absent; an empty one is the null namespace.
  assert.equal(at(record('{"name": "a", "type": "|X"}', '"name": "R", "namespace": null')).namespace, undefined);
});

test('namespaceInside: a named type resolves in its own namespace, anything else in the enclosing one', () => {
  const object = (text: string) => parseJson(text).root as JsonObjectNode;
  assert.equal(namespaceInside(object('{"type": "fixed", "name": "F", "namespace": "n", "size": 1}'), 'outer'), 'n');
  assert.equal(namespaceInside(object('{"type": "enum", "name": "E", "namespace": ""}'), 'outer'), undefined);
  assert.equal(namespaceInside(object('{"type": "record", "name": "R"}'), 'outer'), 'outer');
  assert.equal(namespaceInside(object('{"type": "map", "values": "int", "namespace": "n"}'), 'outer'), 'outer');
});

test('roles and slots of properties and items, one step at a time', () => {
  assert.equal(propertyRole('schema', 'fields'), 'fields');
  assert.equal(propertyRole('schema', 'type'), 'schema');
  assert.equal(propertyRole('schema', 'default'), 'data');
  assert.equal(propertyRole('field', 'type'), 'schema');
  assert.equal(propertyRole('data', 'type'), 'data');
  assert.deepEqual(
    ['schema', 'fields', 'field', 'data'].map((role) => itemRole(role as never)),
    ['schema', 'field', 'data', 'data'],
  );
  assert.equal(propertySlot('field', 'default'), 'fieldDefault');
  assert.equal(propertySlot('schema', 'default'), 'enumDefault');
  assert.equal(propertySlot('data', 'type'), 'none');
});

test('fileName: the last segment of a URI, decoded; a `%` that starts no escape stays as written', () => {
  assert.equal(fileName('file:///ws/crm/customer%20v2.avsc'), 'customer v2.avsc');
  assert.equal(fileName('file:///ws/100%.avsc'), '100%.avsc');
  assert.equal(fileName('customer.avsc'), 'customer.avsc');
});
