import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind, type CodeAction, type CreateFile, type Diagnostic, type TextDocumentEdit } from 'vscode-languageserver-types';
import { avroTemplate, manifestCodeActions, sunsetDate } from '../../../server/src/services/manifest/codeActions';
import { validateManifest } from '../../../server/src/services/manifest/validateManifest';
import { lintAvroSchema } from '../../../server/src/services/avro/avroLint';
import type { WorkspaceIndex } from '../../../server/src/services/workspace/workspaceIndex';
import { applyAction, applyEdits } from '../../support/applyEdits';
import { memoryWorkspace, sampleWorkspace, VALID_MANIFEST } from '../../support/memoryWorkspace';
import { parse } from 'yaml';
import fc from 'fast-check';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { assertProperty } from '../../support/propertySeed';

const URI = 'file:///ws/orders.dataproduct.yaml';
const TODAY = new Date(Date.UTC(2026, 0, 31));

interface Fixed {
  action: CodeAction;
  fixed: string;
  after: Diagnostic[];
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

function actionsFor(text: string, workspace: WorkspaceIndex = sampleWorkspace().index) {
  const diagnostics = validateManifest(URI, text, workspace);
  return { diagnostics, actions: manifestCodeActions(URI, text, diagnostics, workspace, TODAY) };
}

/**
 * The real diagnostics of a broken text, the quick fix for the first one with `code`, the text after the
 * fix, and its diagnostics. Checks what every fix must do: be a quick fix for that diagnostic, keep the
 * YAML valid, and make the diagnostic go away.
 */
function fix(broken: string, code: string, options: { title?: RegExp; workspace?: WorkspaceIndex } = {}): Fixed {
  const workspace = options.workspace ?? sampleWorkspace().index;
  const { diagnostics, actions } = actionsFor(broken, workspace);
  const target = diagnostics.find((d) => d.code === code);
  assert.ok(target, `no ${code} diagnostic in: ${codes(diagnostics).join(', ')}`);
  const action = actions.find(
    (a) => a.diagnostics?.length === 1 && a.diagnostics[0] === target && (!options.title || options.title.test(a.title)),
  );
  assert.ok(action, `no quick fix for ${code}; actions: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, CodeActionKind.QuickFix);
  const fixed = applyAction(broken, action, URI);
  const after = validateManifest(URI, fixed, workspace);
  assert.ok(!codes(after).includes('yaml-syntax'), `the fix broke the YAML:\n${fixed}\n${JSON.stringify(after, null, 1)}`);
  const remaining = after.filter((d) => d.code === code && (code !== 'schema' || d.message === target.message));
  assert.deepEqual(remaining, [], `the ${code} diagnostic survived the fix:\n${fixed}`);
  return { action, fixed, after };
}

test('id-mismatch: the id becomes domain.name', () => {
  const { action, fixed, after } = fix(VALID_MANIFEST.replace('id: sales.orders', 'id: sales.order'), 'id-mismatch');
  assert.equal(fixed, VALID_MANIFEST);
  assert.deepEqual(after, []);
  assert.equal(action.isPreferred, true);
  assert.match(action.title, /sales\.orders/);
});

test('id-mismatch: a quoted id is replaced whole, quotes included', () => {
  const { fixed } = fix(VALID_MANIFEST.replace('id: sales.orders', "id: 'orders'"), 'id-mismatch');
  assert.equal(fixed, VALID_MANIFEST);
});

test('topic-naming: the topic is renamed to the expected one, fixing the major too', () => {
  const { fixed, after } = fix(VALID_MANIFEST.replace('topic: sales.orders.v1', 'topic: orders.v2'), 'topic-naming');
  assert.equal(fixed, VALID_MANIFEST);
  assert.deepEqual(after, []);
});

test('version-major-mismatch: the topic gets the product major', () => {
  const { fixed, action } = fix(VALID_MANIFEST.replace('topic: sales.orders.v1', 'topic: sales.orders.v2'), 'version-major-mismatch');
  assert.equal(fixed, VALID_MANIFEST);
  assert.equal(action.isPreferred, true);
});

test('a version-major-mismatch without an expected topic gets no fix of its own', () => {
  const { diagnostics, actions } = actionsFor(VALID_MANIFEST.replace('topic: sales.orders.v1', 'topic: orders.v2'));
  const major = diagnostics.find((d) => d.code === 'version-major-mismatch');
  assert.ok(major);
  assert.equal(actions.filter((a) => a.diagnostics?.includes(major)).length, 0);
});

test('missing root fields: one fix each, and one that adds all of them', () => {
  const broken = VALID_MANIFEST.replace('kind: DataProduct\n', '').replace('quality: authoritative\n', '');
  const { diagnostics, actions } = actionsFor(broken);
  const missing = diagnostics.filter((d) => d.code === 'schema');
  assert.equal(missing.length, 2);

  const kind = fix(broken, 'schema', { title: /`kind`/ });
  assert.match(kind.fixed, /^kind: DataProduct$/m);
  assert.deepEqual(codes(kind.after), ['schema'], 'only the other missing field is left');
  assert.equal(kind.action.isPreferred, undefined, 'with two missing fields, "Add all" is the preferred fix');

  const all = actions.find((a) => a.title === 'Add all missing fields');
  assert.ok(all);
  assert.equal(all.kind, CodeActionKind.QuickFix);
  assert.equal(all.isPreferred, true);
  assert.deepEqual(new Set(all.diagnostics), new Set(missing));
  const fixed = applyAction(broken, all, URI);
  assert.match(fixed, /^quality: raw$/m);
  assert.deepEqual(validateManifest(URI, fixed, sampleWorkspace().index), []);
});

test('a skeleton manifest gets every required field with schema-valid placeholders', () => {
  const broken = 'id: sales.orders\n';
  const { actions } = actionsFor(broken);
  const all = actions.find((a) => a.title === 'Add all missing fields');
  assert.ok(all);
  const fixed = applyAction(broken, all, URI);
  for (const line of [
    'apiVersion: datamesh/v1',
    'kind: DataProduct',
    'name: orders',
    'domain: sales',
    'status: draft',
    'tier: tier-3',
    'quality: raw',
    'owner:\n  team: TODO',
    'description:\n  purpose: TODO',
    'outputPorts:\n  - name: events',
  ]) {
    assert.ok(fixed.includes(line), `missing ${JSON.stringify(line)} in:\n${fixed}`);
  }
  const after = validateManifest(URI, fixed, sampleWorkspace().index);
  // The new port's schema does not exist yet; that has its own quick fix.
  assert.deepEqual(codes(after), ['schema-file-missing'], JSON.stringify(after, null, 1));
});

test('a manifest with only a name and domain gets a matching id and topic', () => {
  const broken = 'name: payments\ndomain: billing\nversion: 2.1.0\n';
  const all = actionsFor(broken).actions.find((a) => a.title === 'Add all missing fields');
  assert.ok(all);
  const fixed = applyAction(broken, all, URI);
  assert.match(fixed, /^id: billing\.payments$/m);
  assert.match(fixed, /topic: billing\.payments\.v2$/m);
  assert.deepEqual(codes(validateManifest(URI, fixed, sampleWorkspace().index)), ['schema-file-missing']);
});

test('a missing nested field goes inside its parent, at its indentation and in schema order', () => {
  const { fixed, after } = fix(VALID_MANIFEST.replace('  team: sales-platform\n', ''), 'schema');
  assert.ok(fixed.includes('owner:\n  team: TODO\n  email: sales-platform@example.com\n'), fixed);
  assert.deepEqual(after, []);
});

test('a field the schema lists first goes to the top, one it lists last to the end', () => {
  const broken = VALID_MANIFEST.replace('apiVersion: datamesh/v1\n', '').replace('  usage: Join with sales.customers on customerId.\n', '');
  const { fixed } = fix(broken, 'schema');
  assert.equal(fixed, `apiVersion: datamesh/v1\n${broken}`);
  const owner = VALID_MANIFEST.replace(
    '  team: sales-platform\n  email: sales-platform@example.com\n',
    '  email: sales-platform@example.com\n  extra: 1\n',
  );
  // An unknown key is no anchor: `team` goes before `email`.
  assert.ok(
    applyAction(owner, actionsFor(owner).actions.find((a) => /`team`/.test(a.title)) as CodeAction, URI).includes('  team: TODO\n  email:'),
  );
});

test('a key on a `- ` line is no anchor: the field goes before the next key of the item', () => {
  const broken = VALID_MANIFEST.replace(
    '  - name: order-events\n    description: One event per order state change.\n',
    '  - description: One event per order state change.\n',
  );
  const { fixed, after } = fix(broken, 'schema');
  assert.ok(fixed.includes('  - description: One event per order state change.\n    name: TODO\n    topic: sales.orders.v1\n'), fixed);
  // `TODO` is a valid port name: nothing else is left to fix.
  assert.deepEqual(codes(after), []);
});

test('a missing field in an output port gets the expected topic', () => {
  const { fixed, after, action } = fix(VALID_MANIFEST.replace('    topic: sales.orders.v1\n', ''), 'schema');
  assert.match(fixed, /^ {4}topic: sales\.orders\.v1$/m);
  assert.deepEqual(after, []);
  assert.equal(action.isPreferred, true);
});

test('a missing value in an output port gets an Avro payload', () => {
  const broken = VALID_MANIFEST.replace(
    '    value:\n      format: avro\n      schema: schemas/order.avsc\n      compatibility: FULL_TRANSITIVE\n',
    '',
  );
  const { fixed, after } = fix(broken, 'schema');
  assert.match(fixed, /^ {4}value:\n {6}format: avro\n {6}schema: schemas\/order-events\.avsc\n {6}compatibility: FULL$/m);
  assert.deepEqual(codes(after), ['schema-file-missing']);
});

test('a missing schema of an Avro value is added before the compatibility', () => {
  const broken = VALID_MANIFEST.replace('      schema: schemas/order.avsc\n', '');
  const { fixed, after } = fix(broken, 'schema');
  assert.ok(fixed.includes('      format: avro\n      schema: schemas/order-events.avsc\n      compatibility: FULL_TRANSITIVE\n'), fixed);
  assert.deepEqual(codes(after), ['schema-file-missing']);
});

test('a missing field after the last key of a mapping goes after its last line with content', () => {
  const broken =
    VALID_MANIFEST.replace('      schema: schemas/order.avsc\n      compatibility: FULL_TRANSITIVE\n', '') + '# a trailing comment\n';
  const { fixed } = fix(broken, 'schema');
  assert.ok(fixed.includes('      format: avro\n      schema: schemas/order-events.avsc\ninputPorts:'), fixed);
});

test('a missing input port field is added to its item', () => {
  const { fixed } = fix(VALID_MANIFEST.replace('    port: customer-events\n', ''), 'schema');
  assert.ok(fixed.endsWith('  - product: sales.customers\n    port: TODO\n'), fixed);
});

test('an empty flow mapping gets the field in flow style', () => {
  const broken = VALID_MANIFEST.replace('owner:\n  team: sales-platform\n  email: sales-platform@example.com\n', 'owner: {}\n');
  const { fixed, after } = fix(broken, 'schema');
  assert.match(fixed, /^owner: \{ team: "TODO" \}$/m);
  assert.deepEqual(after, []);
});

test('a non-empty flow mapping gets a separator', () => {
  const broken = VALID_MANIFEST.replace(
    'owner:\n  team: sales-platform\n  email: sales-platform@example.com\n',
    'owner: {email: a@example.com}\n',
  );
  const { after } = fix(broken, 'schema');
  assert.deepEqual(after, []);
});

test('a text without a final line break and with CRLF line ends stays consistent', () => {
  const broken = VALID_MANIFEST.replace('quality: authoritative\n', '').trimEnd().replace(/\n/g, '\r\n');
  const { fixed, after } = fix(broken, 'schema');
  assert.ok(!/[^\r]\n/.test(fixed), 'a bare LF was inserted');
  assert.deepEqual(after, []);
});

test('deprecation-required: a deprecation block with a sunset six months out is added at the end', () => {
  const broken = VALID_MANIFEST.replace('status: active', 'status: deprecated');
  const { fixed, after, action } = fix(broken, 'deprecation-required');
  assert.ok(fixed.startsWith(broken), 'the block is appended');
  assert.ok(fixed.endsWith('deprecation:\n  sunset: 2026-07-31\n  # replacement: the id of the product that replaces this one\n'), fixed);
  assert.deepEqual(after, []);
  assert.equal(action.isPreferred, true);
});

test('deprecation-required: an empty deprecation key is filled, not repeated', () => {
  for (const empty of ['deprecation:\n', 'deprecation: ~\n', 'deprecation: null # later\n']) {
    const broken = VALID_MANIFEST.replace('status: active', 'status: retired').replace('inputPorts:', `${empty}inputPorts:`);
    const { after } = fix(broken, 'deprecation-required');
    assert.deepEqual(after, []);
  }
});

test('a manifest written as JSON gets its fixes in flow style', () => {
  const json = JSON.stringify({ ...(parse(VALID_MANIFEST) as object), status: 'retired', quality: undefined }, null, 2);
  const deprecation = fix(json, 'deprecation-required');
  assert.deepEqual(codes(deprecation.after), ['schema']);
  const quality = fix(json, 'schema');
  assert.deepEqual(codes(quality.after), ['deprecation-required']);
  assert.deepEqual(
    validateManifest(URI, applyAction(quality.fixed, fix(quality.fixed, 'deprecation-required').action, URI), sampleWorkspace().index),
    [],
  );
});

test('the sunset date is six months later, clamped to the end of the month', () => {
  assert.equal(sunsetDate(new Date(Date.UTC(2026, 0, 15))), '2026-07-15');
  assert.equal(sunsetDate(new Date(Date.UTC(2026, 7, 31))), '2027-02-28');
  assert.equal(sunsetDate(new Date(Date.UTC(2027, 7, 31))), '2028-02-29');
  assert.equal(sunsetDate(new Date(Date.UTC(2026, 11, 1))), '2027-06-01');
});

test('schema-file-missing: creates the .avsc with a record template', () => {
  const broken = VALID_MANIFEST.replace('schemas/order.avsc', 'schemas/order-created.avsc');
  const { diagnostics, actions } = actionsFor(broken);
  const target = diagnostics.find((d) => d.code === 'schema-file-missing');
  assert.ok(target);
  const action = actions.find((a) => a.diagnostics?.[0] === target);
  assert.ok(action);
  assert.equal(action.kind, CodeActionKind.QuickFix);
  assert.equal(action.isPreferred, true);
  const changes = action.edit?.documentChanges ?? [];
  assert.equal(changes.length, 2);
  const create = changes[0] as CreateFile;
  assert.equal(create.kind, 'create');
  assert.equal(create.uri, 'file:///ws/schemas/order-created.avsc');
  assert.equal(create.options?.ignoreIfExists, true);
  const edit = changes[1] as TextDocumentEdit;
  assert.deepEqual(edit.textDocument, { uri: 'file:///ws/schemas/order-created.avsc', version: null });
  assert.deepEqual(edit.edits[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  const schema = applyEdits('', edit.edits as never);
  assert.deepEqual(lintAvroSchema(schema), []);
  const parsed = JSON.parse(schema) as { type: string; name: string; namespace: string; fields: unknown[] };
  assert.equal(parsed.type, 'record');
  assert.equal(parsed.name, 'OrderCreated');
  assert.equal(parsed.namespace, 'sales');
  assert.equal(parsed.fields.length, 1);

  // With the file created, the diagnostic is gone.
  const { index } = sampleWorkspace({ 'schemas/order-created.avsc': schema });
  assert.deepEqual(validateManifest(URI, broken, index), []);
});

test('the Avro template is valid for awkward file names and domains', () => {
  for (const [file, domain] of [
    ['2024-orders.avsc', 'sales-eu'],
    ['x.avsc', undefined],
    ['.avsc', 'a'],
    ['ÄÖ.avsc', 'b'],
  ] as const) {
    const text = avroTemplate(file, domain);
    assert.deepEqual(lintAvroSchema(text), [], `${file}: ${text}`);
  }
  assert.equal((JSON.parse(avroTemplate('2024-orders.avsc', 'sales-eu')) as { namespace: string }).namespace, 'sales_eu');
});

test('compatibility-policy: a weaker mode is raised to the minimum', () => {
  const { fixed, after } = fix(VALID_MANIFEST.replace('compatibility: FULL_TRANSITIVE', 'compatibility: BACKWARD'), 'compatibility-policy');
  assert.match(fixed, /compatibility: FULL$/m);
  assert.deepEqual(after, []);
});

test('compatibility-policy: NONE on tier-1 is replaced', () => {
  const { after } = fix(VALID_MANIFEST.replace('compatibility: FULL_TRANSITIVE', 'compatibility: NONE'), 'compatibility-policy');
  assert.deepEqual(after, []);
});

test('compatibility-policy: an absent mode (the default) is written out', () => {
  const { fixed, after } = fix(VALID_MANIFEST.replace('      compatibility: FULL_TRANSITIVE\n', ''), 'compatibility-policy');
  assert.ok(fixed.includes('      schema: schemas/order.avsc\n      compatibility: FULL\n'), fixed);
  assert.deepEqual(after, []);
});

test('compatibility-policy: a non-Avro value becomes Avro when the policy requires schemas', () => {
  const { fixed, after } = fix(VALID_MANIFEST.replace('      format: avro\n', '      format: json\n'), 'compatibility-policy');
  assert.equal(fixed, VALID_MANIFEST);
  assert.deepEqual(after, []);
});

test('replication-policy: the factor is raised to the minimum, as a number', () => {
  const { fixed, after } = fix(VALID_MANIFEST.replace('replicationFactor: 3', 'replicationFactor: 1'), 'replication-policy');
  assert.equal(fixed, VALID_MANIFEST);
  assert.deepEqual(after, []);
});

test('diagnostics without usable data, stale paths or unknown codes get no action and no error', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const odd: Diagnostic[] = [
    { range, message: 'x', code: 'id-mismatch' },
    { range, message: 'x', code: 'id-mismatch', data: 'not an object' },
    { range, message: 'x', code: 'topic-naming', data: { expected: 'a', path: ['outputPorts', 9, 'topic'] } },
    { range, message: 'x', code: 'schema', data: { missing: ['team'], path: ['nowhere', 3] } },
    { range, message: 'x', code: 'schema', data: { missing: [7], path: [] } },
    { range, message: 'x', code: 'schema', data: { missing: ['kind'], path: [] } },
    { range, message: 'x', code: 'replication-policy', data: { expected: 'three', path: ['outputPorts', 0, 'replicationFactor'] } },
    { range, message: 'x', code: 'schema-file-missing', data: { schemaUri: 42 } },
    // Not URIs: vscode-uri refuses them (a space in the scheme; no scheme at all).
    { range, message: 'x', code: 'schema-file-missing', data: { schemaUri: ' :' } },
    { range, message: 'x', code: 'schema-file-missing', data: { schemaUri: 'schemas/new.avsc' } },
    { range, message: 'x', code: 42 },
    { range, message: 'x', code: 'pii-policy', data: { path: ['containsPii'] } },
    null as unknown as Diagnostic,
  ];
  const { index } = sampleWorkspace();
  // `kind` is present already, so the stale missing-field diagnostic gets no fix either.
  assert.deepEqual(manifestCodeActions(URI, VALID_MANIFEST, odd, index, TODAY), []);
});

test('code actions never throw on broken texts, whatever diagnostics they get', () => {
  const { index } = memoryWorkspace({});
  const sample = validateManifest(
    URI,
    'id: x\nname: Y\ndomain: z\nstatus: retired\noutputPorts:\n  - topic: t\n    replicationFactor: 0\n',
    index,
  );
  assert.ok(sample.length > 3);
  const texts = [
    '',
    '{{{{ ]]] : :',
    '- a\n- b\n',
    'a: &x [*x]\n',
    'outputPorts: 3\nowner: [1]\n',
    'outputPorts:\n  - ~\n',
    '"just a string"',
    'status: retired\ndeprecation: [1]\n',
  ];
  for (const text of texts) {
    const actions = manifestCodeActions(URI, text, sample, index, new Date(Number.NaN));
    assert.ok(Array.isArray(actions));
    for (const action of actions) {
      // Whatever is offered must apply cleanly.
      applyAction(text, action, URI);
    }
  }
});

test('any JSON the client sends back as diagnostics, on valid and broken texts: no throw, edits inside the text', () => {
  const { index } = sampleWorkspace();
  const position = fc.record({ line: fc.integer({ min: -1, max: 40 }), character: fc.integer({ min: -1, max: 40 }) });
  const pathSegment = fc.oneof(
    fc.constantFrom('outputPorts', 'inputPorts', 'owner', 'value', 'schema', 'topic', 'deprecation', 'status', '__proto__', 'constructor'),
    fc.integer({ min: -1, max: 3 }),
    fc.string({ maxLength: 3 }),
  );
  const data = fc.record(
    {
      expected: fc.oneof(fc.constantFrom('x', 'a: b', 'x\ny', '', '"', '- a', '#c', 'FULL'), fc.jsonValue({ maxDepth: 1 })),
      missing: fc.oneof(
        fc.array(fc.constantFrom('team', 'name', 'id', 'outputPorts', 'value', 'schema', '__proto__', 'toString')),
        fc.jsonValue(),
      ),
      path: fc.oneof(fc.array(pathSegment, { maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })),
      schemaUri: fc.oneof(fc.constantFrom('file:///ws/new.avsc', '//x', ' :', 'x:', 'file:///ws/a%zz.avsc'), fc.string()),
    },
    { requiredKeys: [] },
  );
  const diagnostic = fc.oneof(
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    {
      weight: 6,
      arbitrary: fc.record(
        {
          range: fc.oneof(fc.record({ start: position, end: position }), fc.jsonValue({ maxDepth: 1 })),
          message: fc.string(),
          code: fc.oneof(
            fc.constantFrom('schema', 'id-mismatch', 'topic-naming', 'version-major-mismatch', 'compatibility-policy'),
            fc.constantFrom('replication-policy', 'pii-policy', 'deprecation-required', 'schema-file-missing', 'unknown-input'),
            fc.jsonValue({ maxDepth: 1 }),
          ),
          data: fc.oneof(data, fc.jsonValue({ maxDepth: 2 })),
        },
        { requiredKeys: ['code', 'data'] },
      ),
    },
  );
  const texts = [
    VALID_MANIFEST,
    '',
    'a: [1\n',
    'outputPorts:\n  - {}\n',
    'owner: {team: x}\n',
    'status: retired\r\ndeprecation: [1]\r\n',
    '- a\n',
  ];
  assertProperty(
    fc.property(fc.constantFrom(...texts), fc.array(diagnostic, { maxLength: 6 }), fc.boolean(), (text, sent, withReal) => {
      const real = withReal ? validateManifest(URI, text, index) : [];
      const lines = new LineIndex(text);
      for (const action of manifestCodeActions(URI, text, [...real, ...(sent as unknown as Diagnostic[])], index, TODAY)) {
        for (const edit of action.edit?.changes?.[URI] ?? []) {
          for (const { line, character } of [edit.range.start, edit.range.end]) {
            assert.ok(line >= 0 && line < lines.lineCount && character >= 0 && character <= lines.lineText(line).length, action.title);
          }
        }
      }
    }),
    { numRuns: 1500 },
  );
});

test('schema: an unknown key gets "did you mean" and a fix that renames it to the nearest allowed key', () => {
  const { action, fixed, after } = fix(VALID_MANIFEST.replace('compatibility: FULL_TRANSITIVE', 'compatibilty: FULL_TRANSITIVE'), 'schema');
  assert.equal(action.title, 'Change to `compatibility`');
  assert.equal(fixed, VALID_MANIFEST);
  assert.deepEqual(after, []);
  // A missing `tier` is reported too: the rename fixes both.
  const teir = VALID_MANIFEST.replace('tier: tier-1', 'teir: tier-1');
  const rename = actionsFor(teir).actions.find((a) => a.title === 'Change to `tier`');
  assert.ok(rename);
  assert.equal(applyAction(teir, rename, URI), VALID_MANIFEST);
  const { diagnostics, actions } = actionsFor(VALID_MANIFEST.replace('    partitions: 6\n', '    partitions: 6\n    shards: 2\n'));
  assert.match(diagnostics[0].message, /^Unknown field `shards` in `outputPorts\[0\]`\.$/, 'nothing near enough: no suggestion');
  assert.deepEqual(actions, []);
});

test('schema: a key already present is not suggested for an unknown one', () => {
  const text = VALID_MANIFEST.replace('    partitions: 6\n', '    partitions: 6\n    partition: 3\n');
  const { diagnostics, actions } = actionsFor(text);
  assert.deepEqual(codes(diagnostics), ['schema']);
  assert.doesNotMatch(diagnostics[0].message, /Did you mean/);
  assert.deepEqual(actions, []);
});

test('schema: containsPii yes/no becomes true/false', () => {
  for (const [word, value] of [
    ['yes', 'true'],
    ['no', 'false'],
    ['"true"', 'true'],
    ['Off', 'false'],
  ]) {
    const { action, fixed, after } = fix(VALID_MANIFEST.replace('containsPii: true', `containsPii: ${word}`), 'schema');
    assert.equal(action.title, `Change to \`${value}\``);
    assert.match(fixed, new RegExp(`^containsPii: ${value}$`, 'm'));
    assert.deepEqual(codes(after), [], word);
  }
  const { diagnostics, actions } = actionsFor(VALID_MANIFEST.replace('containsPii: true', 'containsPii: maybe'));
  assert.deepEqual(codes(diagnostics), ['schema']);
  assert.deepEqual(actions, []);
});

test('schema: a duration shorthand becomes ISO 8601 (30d, 12h, 1w, 5 minutes)', () => {
  for (const [shorthand, iso, field] of [
    ['30d', 'P30D', '  retention: P30D'],
    ['12h', 'PT12H', '  retention: P30D'],
    ['1w', 'P7D', '    retention: P30D'],
    ['5 minutes', 'PT5M', '  freshness: PT5M'],
  ]) {
    const [key] = field.trim().split(':');
    const broken = VALID_MANIFEST.replace(field, `${field.slice(0, field.indexOf(':'))}: ${shorthand}`);
    assert.notEqual(broken, VALID_MANIFEST);
    const { action, fixed, after } = fix(broken, 'schema');
    assert.equal(action.title, `Change to \`${iso}\``);
    assert.ok(fixed.includes(`${field.slice(0, field.indexOf(':'))}: ${iso}\n`), `${key}: ${fixed}`);
    assert.deepEqual(after, []);
  }
  assert.deepEqual(actionsFor(VALID_MANIFEST.replace('freshness: PT5M', 'freshness: soon')).actions, []);
});

test('unknown-input: a mistyped product id or port gets "did you mean" and a fix', () => {
  const product = fix(VALID_MANIFEST.replace('product: sales.customers', 'product: sales.customer'), 'unknown-input');
  assert.equal(product.action.title, 'Change to `sales.customers`');
  assert.equal(product.fixed, VALID_MANIFEST);
  assert.deepEqual(product.after, []);
  const port = fix(VALID_MANIFEST.replace('port: customer-events', 'port: customer-event'), 'unknown-input');
  assert.equal(port.fixed, VALID_MANIFEST);
  const { diagnostics, actions } = actionsFor(VALID_MANIFEST.replace('product: sales.customers', 'product: billing.invoices'));
  assert.doesNotMatch(diagnostics[0].message, /Did you mean/);
  assert.deepEqual(actions, []);
});

test('unknown-input: catalog products are suggested too, never the product itself', () => {
  const { index } = sampleWorkspace();
  index.setCatalog([{ id: 'sales.returns', outputPorts: [{ name: 'customer-events' }], source: 'catalog' }]);
  const { fixed } = fix(VALID_MANIFEST.replace('product: sales.customers', 'product: sales.return'), 'unknown-input', { workspace: index });
  assert.match(fixed, /product: sales\.returns$/m);
  const own = actionsFor(VALID_MANIFEST.replace('product: sales.customers', 'product: sales.order'));
  assert.doesNotMatch(own.diagnostics.find((d) => d.code === 'unknown-input')?.message ?? '', /sales\.orders/);
});
