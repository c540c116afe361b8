import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diffMesh } from '../../../client/src/engines/diff/meshDiff';
import type { MeshSnapshot } from '../../../client/src/engines/diff/meshSnapshot';
import type { FieldChange, MeshDiff, PortDiff, ProductDiff } from '../../../client/src/engines/diff/diffTypes';

interface PortSpec {
  name?: string;
  topic?: string;
  partitions?: number;
  keyFormat?: string;
  valueFormat?: string;
  compatibility?: string;
  schema?: string;
}

/** A manifest's text; `extra` lines go at the top level (inputPorts, deprecation). */
function manifest(id: string, options: { status?: string; purpose?: string; ports?: PortSpec[]; extra?: string } = {}): string {
  const [domain, name] = id.split('.');
  const ports = (options.ports ?? [{}]).map((port) =>
    [
      `  - name: ${port.name ?? 'events'}`,
      `    topic: ${port.topic ?? `${id}.v1`}`,
      ...(port.partitions !== undefined ? [`    partitions: ${port.partitions}`] : []),
      ...(port.keyFormat !== undefined ? ['    key:', `      format: ${port.keyFormat}`] : []),
      '    value:',
      `      format: ${port.valueFormat ?? 'avro'}`,
      `      schema: ${port.schema ?? 'event.avsc'}`,
      ...(port.compatibility !== undefined ? [`      compatibility: ${port.compatibility}`] : []),
    ].join('\n'),
  );
  return `apiVersion: datamesh/v1
kind: DataProduct
id: ${id}
name: ${name}
domain: ${domain}
version: 1.0.0
status: ${options.status ?? 'active'}
owner:
  team: ${domain}-team
description:
  purpose: ${options.purpose ?? 'Events.'}
tier: tier-2
quality: curated
outputPorts:
${ports.join('\n')}
${options.extra ?? ''}`;
}

const schema = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Event', namespace: 'com.example', fields }, null, 2);
const V1 = schema([{ name: 'id', type: 'string' }]);
/** V1 plus a field with a default: compatible both ways. */
const V2_DEFAULTED = schema([
  { name: 'id', type: 'string' },
  { name: 'note', type: 'string', default: '' },
]);
/** V1 plus a required field: a BACKWARD reader of V1 data fails. */
const V2_REQUIRED = schema([
  { name: 'id', type: 'string' },
  { name: 'amount', type: 'int' },
]);

const READER = manifest('logistics.shipments', { extra: 'inputPorts:\n  - product: sales.orders\n    port: events\n' });

function snapshot(label: string, files: Record<string, string>): MeshSnapshot {
  return { label, files: new Map(Object.entries(files)) };
}

/** The base mesh: sales.orders (port `events`, schema V1) and logistics.shipments reading it. */
function base(orders = manifest('sales.orders'), extra: Record<string, string> = {}): MeshSnapshot {
  return snapshot('main', {
    'sales/orders.dataproduct.yaml': orders,
    'sales/event.avsc': V1,
    'logistics/shipments.dataproduct.yaml': READER,
    'logistics/event.avsc': V1,
    ...extra,
  });
}

function working(orders: string | undefined, schemaText = V1, extra: Record<string, string> = {}): MeshSnapshot {
  return snapshot('working tree', {
    ...(orders !== undefined ? { 'sales/orders.dataproduct.yaml': orders } : {}),
    'sales/event.avsc': schemaText,
    'logistics/shipments.dataproduct.yaml': READER,
    'logistics/event.avsc': V1,
    ...extra,
  });
}

function product(diff: MeshDiff, id: string): ProductDiff {
  const found = diff.products.find((candidate) => candidate.id === id);
  assert.ok(found, `${id} is listed as changed (listed: ${diff.products.map((p) => p.id).join(', ') || 'none'})`);
  return found;
}

function port(diff: MeshDiff, id: string, name: string): PortDiff {
  const found = product(diff, id).ports.find((candidate) => candidate.name === name);
  assert.ok(found, `port ${name} of ${id} is listed`);
  return found;
}

function change(changes: readonly FieldChange[], field: string): FieldChange {
  const found = changes.find((candidate) => candidate.field === field);
  assert.ok(found, `${field} is listed (listed: ${changes.map((c) => c.field).join(', ') || 'none'})`);
  return found;
}

describe('diffMesh: the classification of mesh changes', () => {
  test('the same mesh on both sides: nothing changed, nothing breaking', () => {
    const diff = diffMesh(base(), working(manifest('sales.orders')));
    assert.deepEqual(diff.products, []);
    assert.equal(diff.unchanged, 2);
    assert.equal(diff.breaking, false);
    assert.equal(diff.base, 'main');
  });

  test('reformatting a schema is no change', () => {
    const diff = diffMesh(base(), working(manifest('sales.orders'), JSON.stringify(JSON.parse(V1))));
    assert.deepEqual(diff.products, []);
  });

  test('compatible changes are listed with their before and after, and nothing is breaking', () => {
    const now = manifest('sales.orders', { purpose: 'Every order.', ports: [{ partitions: 6 }] });
    const diff = diffMesh(base(), working(now, V2_DEFAULTED));
    assert.equal(diff.breaking, false);
    const orders = product(diff, 'sales.orders');
    assert.equal(orders.change, 'changed-compatible');
    assert.deepEqual(change(orders.changes, 'description.purpose'), {
      field: 'description.purpose',
      before: 'Events.',
      after: 'Every order.',
      breaking: false,
      location: { path: 'sales/orders.dataproduct.yaml', side: 'working tree', range: rangeOf(now, 'Every order.') },
    });
    const events = port(diff, 'sales.orders', 'events');
    assert.equal(events.change, 'changed-compatible');
    assert.deepEqual([change(events.changes, 'partitions').before, change(events.changes, 'partitions').after], [undefined, 6]);
    const schemaChange = change(events.changes, 'value schema');
    assert.equal(schemaChange.breaking, false);
    assert.match(schemaChange.reason ?? '', /compatible under BACKWARD/);
    assert.deepEqual(events.downstream, [], 'a compatible change reaches nobody');
  });

  test('a schema change the port mode rejects is breaking and names the reader, located at its input port', () => {
    const diff = diffMesh(base(), working(manifest('sales.orders'), V2_REQUIRED));
    assert.equal(diff.breaking, true);
    assert.equal(product(diff, 'sales.orders').change, 'breaking');
    const events = port(diff, 'sales.orders', 'events');
    assert.equal(events.change, 'breaking');
    const schemaChange = change(events.changes, 'value schema');
    assert.equal(schemaChange.breaking, true);
    assert.match(schemaChange.reason ?? '', /incompatible under BACKWARD/);
    assert.deepEqual(
      schemaChange.incompatibilities?.map((finding) => [
        finding.type,
        finding.pointer,
        finding.reader,
        finding.writer,
        finding.location?.path,
      ]),
      [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/1', 'sales/event.avsc', 'main:sales/event.avsc', 'sales/event.avsc']],
    );
    assert.deepEqual(events.downstream, [
      {
        id: 'logistics.shipments',
        port: 'events',
        source: 'workspace',
        location: { path: 'logistics/shipments.dataproduct.yaml', side: 'working tree', range: rangeOf(READER, 'events', 'port: ') },
      },
    ]);
  });

  test("the port's effective mode decides: the same schema change is compatible under NONE and FORWARD", () => {
    for (const compatibility of ['NONE', 'FORWARD']) {
      const was = manifest('sales.orders', { ports: [{ compatibility }] });
      const diff = diffMesh(base(was), working(was, V2_REQUIRED));
      const events = port(diff, 'sales.orders', 'events');
      assert.equal(events.change, 'changed-compatible', compatibility);
      assert.match(change(events.changes, 'value schema').reason ?? '', new RegExp(`compatible under ${compatibility}`));
    }
    const full = manifest('sales.orders', { ports: [{ compatibility: 'FULL' }] });
    assert.equal(port(diffMesh(base(full), working(full, V2_REQUIRED)), 'sales.orders', 'events').change, 'breaking');
  });

  test('a changed topic, fewer partitions, a key format change and a value format change are each breaking', () => {
    const cases: [string, PortSpec, PortSpec, string][] = [
      ['topic', {}, { topic: 'sales.orders.v2' }, 'topic'],
      ['fewer partitions', { partitions: 6 }, { partitions: 3 }, 'partitions'],
      ['partitions back to the default of 1', { partitions: 3 }, {}, 'partitions'],
      ['key format', { keyFormat: 'string' }, { keyFormat: 'bytes' }, 'key.format'],
      ['a key where there was none', {}, { keyFormat: 'string' }, 'key.format'],
      ['value format', {}, { valueFormat: 'json' }, 'value.format'],
    ];
    for (const [label, before, after, field] of cases) {
      const diff = diffMesh(base(manifest('sales.orders', { ports: [before] })), working(manifest('sales.orders', { ports: [after] })));
      const events = port(diff, 'sales.orders', 'events');
      assert.equal(events.change, 'breaking', label);
      assert.equal(change(events.changes, field).breaking, true, label);
      assert.deepEqual(
        events.downstream.map((reader) => reader.id),
        ['logistics.shipments'],
        label,
      );
    }
    const more = diffMesh(
      base(manifest('sales.orders', { ports: [{ partitions: 3 }] })),
      working(manifest('sales.orders', { ports: [{ partitions: 6 }] })),
    );
    assert.equal(port(more, 'sales.orders', 'events').change, 'changed-compatible', 'more partitions');
  });

  test('a status moved to retired is breaking for the product, with every reader; deprecated is not', () => {
    const retired = diffMesh(base(), working(manifest('sales.orders', { status: 'retired' })));
    const orders = product(retired, 'sales.orders');
    assert.equal(orders.change, 'breaking');
    assert.equal(change(orders.changes, 'status').breaking, true);
    assert.deepEqual(
      orders.downstream.map((reader) => [reader.id, reader.port]),
      [['logistics.shipments', 'events']],
    );
    const deprecated = diffMesh(base(), working(manifest('sales.orders', { status: 'deprecated' })));
    assert.equal(product(deprecated, 'sales.orders').change, 'changed-compatible');
    assert.equal(deprecated.breaking, false);
  });

  test('a removed product is removed (breaking) with its readers; an added one is not breaking', () => {
    const removed = diffMesh(base(), working(undefined));
    const orders = product(removed, 'sales.orders');
    assert.equal(orders.change, 'removed');
    assert.equal(removed.breaking, true);
    assert.deepEqual(
      orders.ports.map((p) => [p.name, p.change]),
      [['events', 'removed']],
    );
    assert.deepEqual(orders.location, {
      path: 'sales/orders.dataproduct.yaml',
      side: 'main',
      range: rangeOf(manifest('sales.orders'), 'sales.orders', 'id: '),
    });
    assert.deepEqual(
      orders.downstream.map((reader) => reader.id),
      ['logistics.shipments'],
    );

    const added = diffMesh(base(), working(manifest('sales.orders'), V1, { 'sales/returns.dataproduct.yaml': manifest('sales.returns') }));
    assert.equal(product(added, 'sales.returns').change, 'added');
    assert.deepEqual(
      product(added, 'sales.returns').ports.map((p) => [p.name, p.change]),
      [['events', 'added']],
    );
    assert.equal(added.breaking, false);
  });

  test('a removed port is breaking and names its readers; an added port is not', () => {
    const two = manifest('sales.orders', { ports: [{}, { name: 'audit', topic: 'sales.orders.audit.v1' }] });
    const removed = diffMesh(base(two), working(manifest('sales.orders')));
    assert.equal(removed.breaking, true);
    assert.equal(product(removed, 'sales.orders').change, 'breaking');
    assert.equal(port(removed, 'sales.orders', 'audit').change, 'removed');
    assert.deepEqual(port(removed, 'sales.orders', 'audit').downstream, [], 'nobody reads audit');

    const removedRead = diffMesh(base(), working(manifest('sales.orders', { ports: [{ name: 'audit' }] })));
    assert.deepEqual(
      port(removedRead, 'sales.orders', 'events').downstream.map((reader) => reader.id),
      ['logistics.shipments'],
    );
    assert.equal(port(removedRead, 'sales.orders', 'audit').change, 'added');

    const added = diffMesh(base(), working(two));
    assert.equal(added.breaking, false);
    assert.equal(port(added, 'sales.orders', 'audit').change, 'added');
  });

  test("the catalog's products are readers too, unless the working tree has the same product", () => {
    const catalog = [
      { id: 'payments.ledger', manifest: { id: 'payments.ledger', inputPorts: [{ product: 'sales.orders', port: 'events' }] } },
      { id: 'logistics.shipments', manifest: { id: 'logistics.shipments', inputPorts: [{ product: 'sales.orders', port: 'events' }] } },
      { id: 'payments.other', manifest: { id: 'payments.other', inputPorts: [{ product: 'sales.orders', port: 'audit' }] } },
    ];
    const diff = diffMesh(base(), working(manifest('sales.orders'), V2_REQUIRED), { catalog });
    assert.deepEqual(
      port(diff, 'sales.orders', 'events').downstream.map((reader) => [reader.id, reader.source]),
      [
        ['logistics.shipments', 'workspace'],
        ['payments.ledger', 'catalog'],
      ],
    );
  });

  test('only the products under the scope are compared; readers come from the whole working tree', () => {
    const inSales = (path: string) => path.startsWith('sales/');
    const diff = diffMesh(base(), working(manifest('sales.orders'), V2_REQUIRED), { inScope: (path) => !inSales(path) });
    assert.deepEqual(diff.products, []);
    assert.equal(diff.unchanged, 1);
    const scoped = diffMesh(base(), working(manifest('sales.orders'), V2_REQUIRED), { inScope: inSales });
    assert.deepEqual(
      port(scoped, 'sales.orders', 'events').downstream.map((reader) => reader.id),
      ['logistics.shipments'],
    );
  });

  test('a manifest that does not parse is reported as a problem (and its product is gone from that side)', () => {
    const diff = diffMesh(base(), working('id: [unclosed\n'));
    assert.deepEqual(
      diff.problems.map((problem) => [problem.path, problem.side]),
      [['sales/orders.dataproduct.yaml', 'working tree']],
    );
    assert.equal(product(diff, 'sales.orders').change, 'removed', 'the working tree has no sales.orders to compare');
  });
});

/** The 0-based range of `value` in `text`, found after `after` (a key), as the YAML positions it. */
function rangeOf(text: string, value: string, after = '') {
  const offset = text.indexOf(after + value) + after.length;
  assert.ok(offset >= after.length, `${after}${value} is in the text`);
  const lines = text.slice(0, offset).split('\n');
  const line = lines.length - 1;
  const character = lines[line].length;
  return { start: { line, character }, end: { line, character: character + value.length } };
}
