import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent, Range } from 'vscode-languageserver-types';
import { hoverManifest } from '../../../server/src/services/manifest/hover';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { sampleWorkspace, VALID_MANIFEST, withCursor } from '../../support/memoryWorkspace';

/** VALID_MANIFEST with the cursor put into the first occurrence of `at`, where `at` marks it with `|`. */
function at(marked: string, base = VALID_MANIFEST): string {
  const plain = marked.replace('|', '');
  assert.ok(base.includes(plain), `the manifest contains ${plain}`);
  return base.replace(plain, marked);
}

function hover(textWithCursor: string, files: Record<string, string> = {}): Hover | null {
  const { index, uri } = sampleWorkspace(files);
  const { text, offset } = withCursor(textWithCursor);
  return hoverManifest(uri('orders.dataproduct.yaml'), text, new LineIndex(text).positionAt(offset), index);
}

function contents(result: Hover | null): string {
  assert.ok(result, 'a hover');
  const markup = result.contents as MarkupContent;
  assert.equal(markup.kind, 'markdown');
  return markup.value;
}

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

test('key: the field path as a title, then the description, then the allowed values', () => {
  const result = hover(at('ti|er: tier-1'));
  const value = contents(result);
  assert.equal(value.split('\n')[0], '**`tier`** · string · required');
  assert.match(value, /The product's criticality\./);
  assert.match(value, /Allowed values:\n- `tier-1`: Business critical\.\n- `tier-2`: Important\.\n- `tier-3`: Best effort\./);
  assert.deepEqual(result?.range, range(13, 0, 4));
});

test('key: a nested field inside an output port names its whole path, default and enum', () => {
  const result = hover(at('compat|ibility: FULL_TRANSITIVE'));
  const value = contents(result);
  assert.match(value.split('\n')[0], /^\*\*`outputPorts\[\]\.value\.compatibility`\*\* · string · optional · default `"BACKWARD"`$/);
  assert.match(value, /The registry's compatibility mode for the value subject\./);
  assert.match(value, /- `FULL_TRANSITIVE`: Both BACKWARD and FORWARD against every earlier schema\./);
  assert.deepEqual(result?.range, range(36, 6, 19));
});

test("key: a $ref field shows its own description, or the definition's when it has none", () => {
  const freshness = contents(hover(at('fresh|ness: PT5M')));
  assert.match(freshness, /^\*\*`sla\.freshness`\*\*/);
  assert.match(freshness, /as an ISO-8601 duration, for example `PT5M`/);
  const format = contents(hover(at('      for|mat: avro')));
  assert.match(format, /^\*\*`outputPorts\[\]\.value\.format`\*\* · string · required/);
  assert.match(format, /How the payload is serialized\./);
  assert.match(format, /- `bytes`: Opaque bytes\./);
});

test('key: an input port field, and no hover on an unknown key', () => {
  assert.match(contents(hover(at('pro|duct: sales.customers'))), /The id of the data product this one reads\./);
  assert.equal(hover(at('tier: tier-1\nfo|o: bar', VALID_MANIFEST.replace('tier: tier-1', 'tier: tier-1\nfoo: bar'))), null);
});

test("enum value: that value's description, over the value's range", () => {
  const result = hover(at('compatibility: FULL_TRANS|ITIVE'));
  const value = contents(result);
  assert.match(value, /`FULL_TRANSITIVE`/);
  assert.match(value, /Both BACKWARD and FORWARD against every earlier schema\./);
  assert.doesNotMatch(value, /Both BACKWARD and FORWARD against the previous schema/);
  assert.deepEqual(result?.range, range(36, 21, 36));
  assert.match(contents(hover(at('status: act|ive'))), /Published and supported\./);
  assert.match(contents(hover(at('cleanupPolicy: del|ete'))), /Delete old segments after the retention time\./);
});

test('schema value: the Avro record with its full name, doc and fields', () => {
  const result = hover(at('schema: schemas/ord|er.avsc'));
  const value = contents(result);
  assert.match(value, /com\.example\.sales\.Order/);
  assert.match(value, /An order placed in the web shop\./);
  assert.match(value, /\| `orderId` \| `string` \| The order id\. \|/);
  assert.match(value, /\| `amount` \| `double` \|/);
  assert.match(value, /\| `status` \| `OrderStatus` \|/);
  assert.deepEqual(result?.range, range(35, 14, 32));
});

test('schema value: a missing file, and a file that is not a record', () => {
  const gone = hover(VALID_MANIFEST.replace('schema: schemas/order.avsc', 'schema: schemas/go|ne.avsc'));
  assert.match(contents(gone), /`schemas\/gone\.avsc` does not exist/);
  const weird = hover(VALID_MANIFEST.replace('schema: schemas/order.avsc', 'schema: //ser|ver/x.avsc'));
  assert.match(contents(weird), /does not exist/);
  const notRecord = hover(VALID_MANIFEST.replace('schema: schemas/order.avsc', 'schema: schemas/pla|in.avsc'), {
    'schemas/plain.avsc': '"string"',
  });
  assert.match(contents(notRecord), /not an Avro schema object/);
});

test("product value: the other product's purpose, owner, status, tier and ports", () => {
  const result = hover(at('product: sales.cust|omers'));
  const value = contents(result);
  assert.match(value, /\*\*sales\.customers\*\*/);
  assert.match(value, /Customer profile changes\./);
  assert.match(value, /\*\*Owner:\*\* crm/);
  assert.match(value, /\*\*Status:\*\* active/);
  assert.match(value, /\*\*Tier:\*\* tier-2/);
  assert.match(value, /`customer-events` \(topic `sales\.customers\.v2`\)/);
  assert.deepEqual(result?.range, range(38, 13, 28));
  const unknown = hover(VALID_MANIFEST.replace('product: sales.customers', 'product: sales.no|thing'));
  assert.match(contents(unknown), /Unknown product `sales\.nothing`/);
});

test('port value: the port of the sibling product, with its topic', () => {
  const value = contents(hover(at('port: customer-ev|ents')));
  assert.match(value, /`customer-events`/);
  assert.match(value, /`sales\.customers`/);
  assert.match(value, /sales\.customers\.v2/);
  const wrong = contents(hover(VALID_MANIFEST.replace('port: customer-events', 'port: nope|')));
  assert.match(wrong, /has no output port `nope`/);
});

test('no hover on free text, blank lines or plain ids', () => {
  assert.equal(hover(at('purpose: Every or|der')), null);
  assert.equal(hover(at('id: sales.or|ders')), null);
  assert.equal(hover(`${VALID_MANIFEST}\n|\n`), null);
  assert.equal(hover('|'), null);
});

test('a syntax error elsewhere does not stop hover on a key above it', () => {
  const broken = VALID_MANIFEST.replace('quality: authoritative', 'quality: [authoritative').replace('tier: tier-1', 'ti|er: tier-1');
  assert.match(contents(hover(broken)), /The product's criticality\./);
});
