import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { validateManifest } from '../../../server/src/services/manifest/validateManifest';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { CUSTOMERS_MANIFEST, sampleWorkspace, VALID_MANIFEST, withCursor } from '../../support/memoryWorkspace';

const MANIFEST = 'orders.dataproduct.yaml';

/** Replaces one exact piece of the valid manifest; fails loudly when the piece is not there. */
function edit(from: string, to: string, text = VALID_MANIFEST): string {
  assert.ok(text.includes(from), `the manifest has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function check(text: string, files: Record<string, string> = {}): Diagnostic[] {
  const { index, uri } = sampleWorkspace({ [MANIFEST]: text, ...files });
  return validateManifest(uri(MANIFEST), text, index);
}

/** Asserts that the only diagnostics are `code`, each starting at a cursor marker `|` of the text. */
function expectOnly(code: string, textWithCursors: string, files: Record<string, string> = {}): Diagnostic[] {
  const expectedOffsets: number[] = [];
  let text = textWithCursors;
  while (text.includes('|') && !text.startsWith('|', text.indexOf('|') + 1)) {
    const { text: rest, offset } = withCursor(text);
    expectedOffsets.push(offset);
    text = rest;
  }
  const diagnostics = check(text, files);
  const lines = new LineIndex(text);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    expectedOffsets.map(() => code),
    `diagnostics: ${JSON.stringify(diagnostics.map((d) => [d.code, d.message]))}`,
  );
  diagnostics.forEach((d, i) => assert.deepEqual(d.range.start, lines.positionAt(expectedOffsets[i]), `${d.code} at the marker`));
  return diagnostics;
}

describe('manifest validation', () => {
  test('a valid manifest has no diagnostics', () => {
    assert.deepEqual(check(VALID_MANIFEST), []);
  });

  describe('yaml-syntax', () => {
    test('a broken flow sequence is reported where it breaks', () => {
      const diagnostics = check(edit('tags: [orders, ecommerce]', 'tags: [orders, ecommerce'));
      assert.ok(diagnostics.length > 0);
      assert.ok(diagnostics.every((d) => d.code === 'yaml-syntax'));
      assert.ok(diagnostics[0].range.start.line >= 15, `line ${diagnostics[0].range.start.line}`);
    });
    test('a duplicate key is a syntax error on the second key', () => {
      const diagnostics = check(edit('tier: tier-1\n', 'tier: tier-1\ntier: tier-2\n'));
      assert.equal(diagnostics[0].code, 'yaml-syntax');
      assert.equal(diagnostics[0].range.start.line, 14);
    });
    test('a tab indentation is a syntax error', () => {
      const diagnostics = check(edit('  team: sales-platform', '\tteam: sales-platform'));
      assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax'));
    });
  });

  describe('schema', () => {
    test('an unknown top-level key sits on that key', () => {
      const [d] = expectOnly('schema', edit('tier: tier-1\n', 'tier: tier-1\n|colour: blue\n'));
      assert.match(d.message, /Unknown field `colour`/);
    });
    test('an unknown nested key sits on that key', () => {
      expectOnly('schema', edit('    partitions: 6\n', '    partitions: 6\n    |shards: 2\n'));
    });
    test('a bad enum value sits on the value', () => {
      const [d] = expectOnly('schema', edit('quality: authoritative', 'quality: |great'));
      assert.match(d.message, /authoritative/);
    });
    test('a missing required field sits on its parent key', () => {
      const [d] = expectOnly('schema', edit('owner:\n  team: sales-platform\n', '|owner:\n'));
      assert.match(d.message, /Missing required field `team` in `owner`/);
      assert.deepEqual(d.data, { missing: ['team'], path: ['owner'] });
    });
    test('a missing top-level field sits on the first key of the document', () => {
      const [d] = expectOnly('schema', '|' + edit('quality: authoritative\n', ''));
      assert.match(d.message, /`quality`/);
      assert.deepEqual(d.data, { missing: ['quality'], path: [] });
    });
    test('a missing required field of a port sits on the port', () => {
      const [d] = expectOnly(
        'schema',
        edit('  - name: order-events\n', '  - |name: order-events\n').replace('    topic: sales.orders.v1\n', ''),
      );
      assert.match(d.message, /`topic`/);
    });
    test('a field required only under a condition says which: `schema` when `format` is `avro`', () => {
      const [value] = expectOnly('schema', edit('    value:\n', '    |value:\n').replace('      schema: schemas/order.avsc\n', ''));
      assert.equal(value.message, '`schema` is required when `format` is `avro` (missing in `outputPorts[0].value`).');
      assert.deepEqual(value.data, { missing: ['schema'], path: ['outputPorts', 0, 'value'] });
      const [key] = expectOnly('schema', edit('    key:\n      format: string\n', '    |key:\n      format: avro\n'));
      assert.equal(key.message, '`schema` is required when `format` is `avro` (missing in `outputPorts[0].key`).');
      assert.deepEqual(check(edit('    key:\n      format: string\n', '    key:\n      format: json\n')), [], 'json needs no schema');
    });
    test('a wrong type sits on the value', () => {
      expectOnly('schema', edit('partitions: 6', 'partitions: |six'));
    });
    test('a pattern violation explains the expected form', () => {
      const [d] = expectOnly('schema', edit('freshness: PT5M', 'freshness: |5 minutes'));
      assert.match(d.message, /ISO-8601/);
    });
    test('a version that is not semver is a schema error on the value', () => {
      const diagnostics = check(edit('version: 1.2.0', 'version: v1.2'));
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['schema'],
      );
      assert.equal(diagnostics[0].range.start.line, 5);
    });
    test('an invalid e-mail address sits on the value', () => {
      expectOnly('schema', edit('email: sales-platform@example.com', 'email: |not-an-address'));
    });
    test('an avro value without a schema path is missing `schema`', () => {
      const [d] = expectOnly(
        'schema',
        edit('    value:\n      format: avro\n      schema: schemas/order.avsc\n', '    |value:\n      format: avro\n'),
      );
      assert.match(d.message, /`schema`/);
    });
    test('an empty output port list needs at least one port', () => {
      expectOnly(
        'schema',
        edit(VALID_MANIFEST.slice(VALID_MANIFEST.indexOf('outputPorts:'), VALID_MANIFEST.indexOf('inputPorts:')), '|outputPorts: []\n'),
      );
    });
    test('an empty document says it is empty', () => {
      const diagnostics = check('');
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0].code, 'schema');
      assert.match(diagnostics[0].message, /empty/);
    });
    test('a scalar document is not a manifest', () => {
      assert.deepEqual(
        check('just text').map((d) => d.code),
        ['schema'],
      );
    });
  });

  test('id-mismatch sits on the id value and carries the expected id', () => {
    const [d] = expectOnly('id-mismatch', edit('id: sales.orders', 'id: |sales.order'));
    assert.equal((d.data as { expected: string }).expected, 'sales.orders');
  });

  describe('topic naming', () => {
    test('topic-naming sits on the topic value', () => {
      const [d] = expectOnly('topic-naming', edit('topic: sales.orders.v1', 'topic: |orders'));
      assert.match(d.message, /sales\.orders\.v1/);
    });
    test('a topic right but for the major is only a version-major-mismatch', () => {
      expectOnly('version-major-mismatch', edit('topic: sales.orders.v1', 'topic: |sales.orders.v2'));
    });
    test('a product major change without a topic change is a version-major-mismatch', () => {
      expectOnly(
        'version-major-mismatch',
        edit('topic: sales.orders.v1', 'topic: |sales.orders.v1', edit('version: 1.2.0', 'version: 2.0.0')),
      );
    });
    test('a wrong name with a wrong major gets both codes', () => {
      const diagnostics = check(edit('topic: sales.orders.v1', 'topic: orders.v7'));
      assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['topic-naming', 'version-major-mismatch']);
    });
    test('the policy pattern decides the name', () => {
      const policy = 'topicPattern: "{domain}-{name}-{port}"\n';
      expectOnly('topic-naming', edit('topic: sales.orders.v1', 'topic: |sales.orders.v1'), { 'datamesh.policy.yaml': policy });
      assert.deepEqual(check(edit('topic: sales.orders.v1', 'topic: sales-orders-order-events'), { 'datamesh.policy.yaml': policy }), []);
    });
  });

  test('duplicate-port sits on the second name', () => {
    const port = VALID_MANIFEST.slice(VALID_MANIFEST.indexOf('  - name: order-events'), VALID_MANIFEST.indexOf('inputPorts:'));
    const text = edit('inputPorts:', `${port.replace('- name: order-events', '- name: |order-events')}inputPorts:`);
    const [d] = expectOnly('duplicate-port', text);
    const firstLine = VALID_MANIFEST.split('\n').indexOf('  - name: order-events') + 1;
    assert.equal(
      d.message,
      `Duplicate output port name \`order-events\`: the first output port (line ${firstLine}, topic \`sales.orders.v1\`) already has it.`,
    );
  });

  describe('schema files', () => {
    test('schema-file-missing sits on the path', () => {
      const [d] = expectOnly('schema-file-missing', edit('schema: schemas/order.avsc', 'schema: |schemas/orders.avsc'));
      assert.equal((d.data as { schemaUri: string }).schemaUri, 'file:///ws/schemas/orders.avsc');
    });
    test('schema-invalid when the schema is not JSON', () => {
      expectOnly('schema-invalid', edit('schema: schemas/order.avsc', 'schema: |schemas/order.avsc'), {
        'schemas/order.avsc': '{"type": "record",',
      });
    });
    test('schema-invalid when the schema has no type', () => {
      const [d] = expectOnly('schema-invalid', edit('schema: schemas/order.avsc', 'schema: |schemas/order.avsc'), {
        'schemas/order.avsc': '{"name": "Order"}',
      });
      assert.match(d.message, /type/);
    });
    test('a path that cannot name a file is missing, not a crash', () => {
      expectOnly('schema-file-missing', edit('schema: schemas/order.avsc', 'schema: |//x/order.avsc'));
    });
    test('a key schema is checked too', () => {
      expectOnly('schema-file-missing', edit('      format: string\n', '      format: avro\n      schema: |schemas/key.avsc\n'));
    });
  });

  describe('compatibility-policy', () => {
    test('a mode below the tier minimum sits on the mode', () => {
      expectOnly('compatibility-policy', edit('compatibility: FULL_TRANSITIVE', 'compatibility: |BACKWARD'));
    });
    test('NONE is never allowed on tier-1, even when the policy allows it', () => {
      const [d] = expectOnly('compatibility-policy', edit('compatibility: FULL_TRANSITIVE', 'compatibility: |NONE'), {
        'datamesh.policy.yaml': 'minCompatibility:\n  tier-1: NONE\n',
      });
      assert.match(d.message, /never/);
    });
    test('the default BACKWARD is below FULL, reported on the value key', () => {
      expectOnly('compatibility-policy', edit('    value:\n', '    |value:\n').replace('      compatibility: FULL_TRANSITIVE\n', ''));
    });
    test('FORWARD satisfies a BACKWARD minimum, and a transitive mode its own minimum', () => {
      const tier2 = edit('tier: tier-1', 'tier: tier-2');
      assert.deepEqual(check(edit('compatibility: FULL_TRANSITIVE', 'compatibility: FORWARD', tier2)), []);
      assert.deepEqual(check(edit('compatibility: FULL_TRANSITIVE', 'compatibility: FULL', tier2)), []);
      const policy = { 'datamesh.policy.yaml': 'minCompatibility:\n  tier-2: BACKWARD_TRANSITIVE\n' };
      expectOnly('compatibility-policy', edit('compatibility: FULL_TRANSITIVE', 'compatibility: |BACKWARD', tier2), policy);
      assert.deepEqual(check(edit('compatibility: FULL_TRANSITIVE', 'compatibility: FORWARD_TRANSITIVE', tier2), policy), []);
    });
    test('a value that is not avro breaks requireSchema, unless the policy turns it off', () => {
      const json = edit('      format: avro\n      schema: schemas/order.avsc\n', '      format: |json\n');
      expectOnly('compatibility-policy', json);
      assert.deepEqual(check(json.replace('|', ''), { 'datamesh.policy.yaml': 'requireSchema: false\n' }), []);
    });
  });

  describe('replication-policy', () => {
    test('below the tier-1 minimum of 3', () => {
      expectOnly('replication-policy', edit('replicationFactor: 3', 'replicationFactor: |2'));
    });
    test('an absent replication factor is the cluster default and is not reported', () => {
      assert.deepEqual(check(edit('    replicationFactor: 3\n', '')), []);
    });
    test('the policy can raise the minimum for tier-2', () => {
      const tier2 = edit('tier: tier-1', 'tier: tier-2');
      expectOnly('replication-policy', edit('replicationFactor: 3', 'replicationFactor: |3', tier2), {
        'datamesh.policy.yaml': 'minReplicationFactor:\n  tier-2: 4\n',
      });
    });
  });

  test('pii-policy sits on containsPii for tier-3', () => {
    const tier3 = edit('tier: tier-1', 'tier: tier-3');
    expectOnly('pii-policy', edit('containsPii: true', 'containsPii: |true', tier3));
    assert.deepEqual(check(edit('containsPii: true', 'containsPii: false', tier3)), []);
  });

  test('no policy rule applies to an unknown tier: the schema error says it all', () => {
    expectOnly('schema', edit('tier: tier-1', 'tier: |tier-9'));
  });

  test('owner-policy sits on the team when the policy lists owners', () => {
    expectOnly('owner-policy', edit('  team: sales-platform', '  team: |sales-platform'), {
      'datamesh.policy.yaml': 'owners: [crm, payments]\n',
    });
    assert.deepEqual(check(VALID_MANIFEST, { 'datamesh.policy.yaml': 'owners: [sales-platform]\n' }), []);
  });

  describe('deprecation-required', () => {
    test('a deprecated product without a deprecation block', () => {
      expectOnly('deprecation-required', edit('status: active', 'status: |deprecated'));
    });
    test('a retired product with a deprecation block is fine', () => {
      assert.deepEqual(
        check(edit('status: active', 'status: retired') + 'deprecation:\n  sunset: 2027-06-30\n  replacement: sales.orders-v2\n'),
        [],
      );
    });
    test('a sunset that is not a date is a schema error', () => {
      expectOnly('schema', edit('status: active', 'status: retired') + 'deprecation:\n  sunset: |next summer\n');
    });
  });

  describe('unknown-input', () => {
    test('an unknown product is a warning on the product', () => {
      const [d] = expectOnly('unknown-input', edit('product: sales.customers', 'product: |sales.clients'));
      assert.equal(d.severity, DiagnosticSeverity.Warning);
    });
    test('an unknown port of a known product is a warning on the port', () => {
      const [d] = expectOnly('unknown-input', edit('port: customer-events', 'port: |customer-changes'));
      assert.match(d.message, /customer-events/);
    });
    test('a product from the catalog counts as known', () => {
      const text = edit('product: sales.customers', 'product: billing.invoices').replace('port: customer-events', 'port: invoices');
      const { index, uri } = sampleWorkspace({ [MANIFEST]: text });
      assert.equal(validateManifest(uri(MANIFEST), text, index).length, 1);
      index.setCatalog([{ id: 'billing.invoices', outputPorts: [{ name: 'invoices' }], source: 'catalog' }]);
      assert.deepEqual(validateManifest(uri(MANIFEST), text, index), []);
    });
  });

  describe('deprecated-input', () => {
    const CUSTOMERS = 'customers/dataproduct.yaml';
    const ending = (status: string, deprecation = '') => CUSTOMERS_MANIFEST.replace('status: active', `status: ${status}`) + deprecation;

    test('reading a deprecated workspace product: a warning on the product with the sunset and the replacement', () => {
      const [d] = expectOnly('deprecated-input', edit('product: sales.customers', 'product: |sales.customers'), {
        [CUSTOMERS]: ending('deprecated', 'deprecation:\n  sunset: 2027-06-30\n  replacement: sales.customers-v2\n'),
      });
      assert.equal(d.severity, DiagnosticSeverity.Warning);
      assert.equal(d.message, '`sales.customers` is deprecated; it ends on 2027-06-30. Read `sales.customers-v2` instead.');
    });

    test("a retired product without a replacement says so; a missing deprecation block is not this rule's error", () => {
      const [retired] = expectOnly('deprecated-input', edit('product: sales.customers', 'product: |sales.customers'), {
        [CUSTOMERS]: ending('retired', 'deprecation:\n  sunset: 2026-01-31\n'),
      });
      assert.equal(retired.message, '`sales.customers` is retired; its sunset was 2026-01-31. No replacement is named.');
      const [bare] = expectOnly('deprecated-input', edit('product: sales.customers', 'product: |sales.customers'), {
        [CUSTOMERS]: ending('deprecated'),
      });
      assert.match(bare.message, /no sunset date is given/);
    });

    test('active, draft and unknown products are not reported', () => {
      assert.deepEqual(check(VALID_MANIFEST, { [CUSTOMERS]: ending('draft') }), []);
      assert.deepEqual(
        check(VALID_MANIFEST).map((d) => d.code),
        [],
      );
      assert.deepEqual(
        check(edit('product: sales.customers', 'product: sales.nobody')).map((d) => d.code),
        ['unknown-input'],
      );
    });

    test('the catalog status counts, even when an active workspace manifest shadows the product', () => {
      const { index, uri } = sampleWorkspace();
      const published = {
        id: 'sales.customers',
        status: 'deprecated',
        deprecation: { sunset: '2027-01-01', replacement: 'sales.people' },
        outputPorts: [{ name: 'customer-events' }],
        source: 'catalog' as const,
      };
      index.setCatalog([published]);
      const diagnostics = validateManifest(uri(MANIFEST), VALID_MANIFEST, index);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.message]),
        [['deprecated-input', '`sales.customers` is deprecated in the catalog; it ends on 2027-01-01. Read `sales.people` instead.']],
      );
      index.setCatalog([{ ...published, status: 'active' }]);
      assert.deepEqual(validateManifest(uri(MANIFEST), VALID_MANIFEST, index), []);
    });
  });

  test('an invalid policy falls back to the defaults', () => {
    assert.deepEqual(check(VALID_MANIFEST, { 'datamesh.policy.yaml': 'topicPattern: [' }), []);
  });
});
