import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { manifestSymbols } from '../../../server/src/services/manifest/symbols';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { VALID_MANIFEST } from '../../support/memoryWorkspace';

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(outer: Range, inner: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end) && !before(inner.end, inner.start);
}

/** What VS Code checks: a non-empty name and the selection range inside the range, at every level. */
function assertWellFormed(symbols: DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const symbol of symbols) {
    assert.ok(symbol.name.trim().length > 0, 'empty symbol name');
    assert.ok(contains(symbol.range, symbol.selectionRange), `selectionRange outside range for ${symbol.name}`);
    if (parent) assert.ok(contains(parent.range, symbol.range), `${symbol.name} outside its parent ${parent.name}`);
    assertWellFormed(symbol.children ?? [], symbol);
  }
}

function child(symbol: DocumentSymbol | undefined, name: string): DocumentSymbol {
  const found = symbol?.children?.find((candidate) => candidate.name === name);
  assert.ok(found, `no child ${name} in ${symbol?.name}: ${symbol?.children?.map((c) => c.name).join(', ')}`);
  return found;
}

function textOf(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

test('the product is a module named by its id, over the whole document', () => {
  const symbols = manifestSymbols(VALID_MANIFEST);
  assert.equal(symbols.length, 1);
  const [product] = symbols;
  assert.equal(product.name, 'sales.orders');
  assert.equal(product.kind, SymbolKind.Module);
  assert.match(product.detail ?? '', /1\.2\.0/);
  assert.match(product.detail ?? '', /active/);
  assert.deepEqual(product.range.start, { line: 0, character: 0 });
  assert.deepEqual(product.range.end, new LineIndex(VALID_MANIFEST).positionAt(VALID_MANIFEST.length));
  assert.equal(textOf(VALID_MANIFEST, product.selectionRange), 'id: sales.orders');
  assertWellFormed(symbols);
});

test('owner, description, tier and sla are fields with their gist as detail', () => {
  const [product] = manifestSymbols(VALID_MANIFEST);
  const names = product.children?.map((symbol) => symbol.name);
  assert.deepEqual(names, ['owner', 'description', 'tier', 'sla', 'Output ports', 'Input ports']);
  assert.equal(child(product, 'owner').kind, SymbolKind.Field);
  assert.equal(child(product, 'owner').detail, 'sales-platform');
  assert.equal(child(product, 'description').detail, 'Every order placed in the web shop, as it happens.');
  assert.equal(child(product, 'tier').detail, 'tier-1');
  assert.match(child(product, 'sla').detail ?? '', /99\.9%.*PT5M.*P30D/);
  const owner = child(product, 'owner');
  assert.equal(textOf(VALID_MANIFEST, owner.selectionRange), 'owner');
  assert.equal(textOf(VALID_MANIFEST, owner.range), 'owner:\n  team: sales-platform\n  email: sales-platform@example.com');
});

test('output ports list each port with its topic and its key and value payloads', () => {
  const [product] = manifestSymbols(VALID_MANIFEST);
  const outputs = child(product, 'Output ports');
  assert.equal(outputs.children?.length, 1);
  const port = child(outputs, 'order-events');
  assert.ok(port.kind === SymbolKind.Event || port.kind === SymbolKind.Interface);
  assert.equal(port.detail, 'sales.orders.v1');
  assert.equal(textOf(VALID_MANIFEST, port.selectionRange), 'order-events');
  assert.equal(child(port, 'key').detail, 'string');
  assert.equal(child(port, 'value').detail, 'avro · schemas/order.avsc');
  assert.equal(textOf(VALID_MANIFEST, child(port, 'value').selectionRange), 'value');
});

test('input ports are listed as product/port', () => {
  const [product] = manifestSymbols(VALID_MANIFEST);
  const inputs = child(product, 'Input ports');
  assert.deepEqual(
    inputs.children?.map((symbol) => symbol.name),
    ['sales.customers/customer-events'],
  );
});

test('several ports each get a symbol, in order', () => {
  const more = VALID_MANIFEST.replace(
    'inputPorts:',
    '  - name: order-snapshots\n    topic: sales.orders.v1\n    value:\n      format: json\ninputPorts:',
  );
  const [product] = manifestSymbols(more);
  const outputs = child(product, 'Output ports');
  assert.deepEqual(
    outputs.children?.map((port) => port.name),
    ['order-events', 'order-snapshots'],
  );
  assert.equal(child(child(outputs, 'order-snapshots'), 'value').detail, 'json');
  assertWellFormed([product]);
});

test('a partial manifest shows what it has', () => {
  const text = 'name: orders\ndomain: sales\nstatus: draft\noutputPorts:\n  - topic: sales.orders.v1\n  - name: second\n';
  const symbols = manifestSymbols(text);
  assertWellFormed(symbols);
  const [product] = symbols;
  // No id yet: the outline names the product after domain and name.
  assert.equal(product.name, 'sales.orders');
  assert.equal(product.detail, 'draft');
  const outputs = child(product, 'Output ports');
  assert.deepEqual(
    outputs.children?.map((port) => port.name),
    ['port 1', 'second'],
  );
  assert.equal(child(outputs, 'port 1').detail, 'sales.orders.v1');
});

test('a manifest with a syntax error still has an outline of what parsed', () => {
  const text = 'id: sales.orders\nowner:\n  team: [crm\ntier: tier-2\n';
  const symbols = manifestSymbols(text);
  assertWellFormed(symbols);
  assert.equal(symbols[0]?.name, 'sales.orders');
});

test('texts that are not a mapping have no outline', () => {
  assert.deepEqual(manifestSymbols(''), []);
  assert.deepEqual(manifestSymbols('# only a comment\n'), []);
  assert.deepEqual(manifestSymbols('- a\n- b\n'), []);
  assert.deepEqual(manifestSymbols('just a scalar'), []);
});

test('symbols never throw and stay well-formed on broken texts and every prefix of a manifest', () => {
  const texts = [
    '{{{{ ]]] : : - - \t\u0000 *alias &anchor !!binary',
    'a: &x [*x, *x]\nb: *x\n',
    '? [complex, key]\n: value\nid: x\n',
    'outputPorts: {name: a}\ninputPorts: 7\nowner: [1]\nsla: ~\n',
    'outputPorts:\n  - ~\n  - [1]\n  - name: [x]\n    key: 1\n    value: {format: avro, schema: a.avsc}\ninputPorts:\n  - ~\n  - port: p\n',
    'id: sales.orders\r\nowner:\r\n  team: x\r\n',
    '---\nid: a\n---\nid: b\n',
    '',
  ];
  for (let end = 0; end <= VALID_MANIFEST.length; end += 7) texts.push(VALID_MANIFEST.slice(0, end));
  for (const text of texts) {
    const symbols = manifestSymbols(text);
    assert.ok(Array.isArray(symbols));
    assertWellFormed(symbols);
  }
});
