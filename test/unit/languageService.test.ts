// The facade (server/src/services/index.ts): one entry that picks the manifest or the Avro services by
// document kind, builds the indexes itself, takes the catalog, and decides when the schema-evolution
// check needs a schema's history.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService, documentKind, type LanguageService, type SchemaVersion } from '../../server/src/services/index';
import { LineIndex } from '../../server/src/text/lineIndex';
import { CUSTOMER_SCHEMA, CUSTOMERS_MANIFEST, ORDER_SCHEMA, ROOT, VALID_MANIFEST, withCursor } from '../support/memoryWorkspace';

const ORDERS = `${ROOT}/orders.dataproduct.yaml`;
const ORDER_AVSC = `${ROOT}/schemas/order.avsc`;

function serviceOver(files: Record<string, string>, catalog?: Parameters<typeof createLanguageService>[0]['catalog']): LanguageService {
  const texts = new Map(Object.entries(files).map(([path, text]) => [`${ROOT}/${path}`, text]));
  const service = createLanguageService({ reader: { readText: (uri) => texts.get(uri) }, roots: [ROOT], catalog });
  service.addFiles(texts.keys());
  return service;
}

const SAMPLE = {
  'orders.dataproduct.yaml': VALID_MANIFEST,
  'schemas/order.avsc': ORDER_SCHEMA,
  'customers/dataproduct.yaml': CUSTOMERS_MANIFEST,
  'customers/customer.avsc': CUSTOMER_SCHEMA,
};

function hoverText(service: LanguageService, uri: string, textWithCursor: string, languageId?: string): string | undefined {
  const { text, offset } = withCursor(textWithCursor);
  const hover = service.hover({ uri, text, languageId }, new LineIndex(text).positionAt(offset));
  return (hover?.contents as MarkupContent | undefined)?.value;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);

describe('the language service facade', () => {
  test('the kind of a document: the language id first, then the file name', () => {
    assert.equal(documentKind({ uri: ORDERS }), 'manifest');
    assert.equal(documentKind({ uri: `${ROOT}/dataproduct.yaml` }), 'manifest');
    assert.equal(documentKind({ uri: ORDER_AVSC }), 'avro');
    assert.equal(documentKind({ uri: 'untitled:Untitled-1', languageId: 'dataproduct' }), 'manifest');
    assert.equal(documentKind({ uri: 'untitled:Untitled-2', languageId: 'avro' }), 'avro');
    assert.equal(documentKind({ uri: `${ROOT}/notes.yaml`, languageId: 'yaml' }), undefined);
  });

  test('one hover call answers from the manifest services or the Avro services', () => {
    const service = serviceOver(SAMPLE);
    assert.match(hoverText(service, ORDERS, VALID_MANIFEST.replace('tier: tier-1', 'ti|er: tier-1')) ?? '', /tier/i);
    const avro = hoverText(service, ORDER_AVSC, ORDER_SCHEMA.replace('"OrderStatus"', '"Order|Status"')) ?? '';
    assert.match(avro, /OrderStatus\*\* · enum/);
    assert.equal(hoverText(service, `${ROOT}/notes.txt`, 'some |text'), undefined);
  });

  test('features a language does not have answer nothing', () => {
    const service = serviceOver(SAMPLE);
    const manifest = { uri: ORDERS, text: VALID_MANIFEST };
    assert.deepEqual(service.format(manifest, { tabSize: 2, insertSpaces: true }), []);
    assert.equal(service.prepareRename(manifest, { line: 2, character: 6 }), null);
    assert.deepEqual(service.references(manifest, { line: 2, character: 6 }, true), []);
    const messy = '{"type":"record","name":"Order","fields":[]}';
    assert.equal(service.format({ uri: ORDER_AVSC, text: messy }, { tabSize: 2, insertSpaces: true }).length, 1);
  });

  test('validate checks both kinds, and Avro names resolve from the other workspace schemas', () => {
    const service = serviceOver({ ...SAMPLE, 'schemas/money.avsc': '{"type":"fixed","name":"com.example.Money","size":8}' });
    assert.deepEqual(service.validate({ uri: ORDERS, text: VALID_MANIFEST }), []);
    const usesMoney = '{"type":"record","name":"Price","fields":[{"name":"amount","type":"com.example.Money"}]}';
    assert.deepEqual(service.validate({ uri: `${ROOT}/schemas/price.avsc`, text: usesMoney }), []);
    const usesNothing = usesMoney.replace('com.example.Money', 'com.example.Missing');
    assert.deepEqual(codes(service.validate({ uri: `${ROOT}/schemas/price.avsc`, text: usesNothing })), ['avro-unresolved-reference']);
  });

  test('quick fixes consider only the services’ own diagnostics', () => {
    const service = serviceOver(SAMPLE);
    const text = VALID_MANIFEST.replace('id: sales.orders', 'id: sales.order');
    const [mismatch] = service.validate({ uri: ORDERS, text });
    assert.equal(mismatch.code, 'id-mismatch');
    assert.equal(service.codeActions({ uri: ORDERS, text }, [mismatch]).length, 1);
    assert.deepEqual(service.codeActions({ uri: ORDERS, text }, [{ ...mismatch, source: 'yaml' }]), []);
  });

  describe('the catalog', () => {
    const reading = VALID_MANIFEST.replace('product: sales.customers', 'product: billing.invoices').replace(
      'port: customer-events',
      'port: invoices',
    );
    const invoices = { id: 'billing.invoices', outputPorts: [{ name: 'invoices' }], source: 'catalog' as const };

    test('a product only the catalog knows satisfies an input port, from the start or once set', () => {
      assert.deepEqual(codes(serviceOver(SAMPLE).validate({ uri: ORDERS, text: reading })), ['unknown-input']);
      assert.deepEqual(serviceOver(SAMPLE, [invoices]).validate({ uri: ORDERS, text: reading }), []);
      const service = serviceOver(SAMPLE);
      service.setCatalog([invoices]);
      assert.deepEqual(service.validate({ uri: ORDERS, text: reading }), []);
      service.setCatalog([]);
      assert.deepEqual(codes(service.validate({ uri: ORDERS, text: reading })), ['unknown-input']);
    });
  });

  describe('the schema-evolution check', () => {
    const removedAmount = JSON.stringify(
      JSON.parse(ORDER_SCHEMA, (key, value: unknown) =>
        key === 'fields' && Array.isArray(value) ? value.filter((field: { name: string }) => field.name !== 'amount') : value,
      ),
      null,
      2,
    );

    function historyOf(versions: SchemaVersion[]) {
      const asked: string[] = [];
      return { asked, history: { versions: async (uri: string) => (asked.push(uri), versions) } };
    }

    test('a port schema is checked against its history under the port’s mode', async () => {
      const { asked, history } = historyOf([{ label: 'version 1', text: ORDER_SCHEMA }]);
      const diagnostics = await serviceOver(SAMPLE).validateWithHistory({ uri: ORDER_AVSC, text: removedAmount }, history);
      assert.deepEqual(asked, [ORDER_AVSC]);
      assert.deepEqual(codes(diagnostics), ['avro-incompatible']);
      assert.match(diagnostics[0].message, /^Field `\w+`.* Checked as FULL_TRANSITIVE for the value of sales\.orders \/ order-events\.$/);
    });

    test('without a written mode, the default mode applies', async () => {
      const service = serviceOver({
        ...SAMPLE,
        'orders.dataproduct.yaml': VALID_MANIFEST.replace('      compatibility: FULL_TRANSITIVE\n', ''),
      });
      const { history } = historyOf([{ label: 'version 1', text: ORDER_SCHEMA }]);
      const added = ORDER_SCHEMA.replace('"fields": [', '"fields": [\n    { "name": "note", "type": "string" },');
      const diagnostics = await service.validateWithHistory({ uri: ORDER_AVSC, text: added }, history);
      assert.match(
        diagnostics.map((d) => d.message).join('\n'),
        /^Field `\w+`.* Checked as BACKWARD for the value of sales\.orders \/ order-events\.$/m,
      );
    });

    test('the history is not asked for a schema no port uses, a schema with errors, or a port whose mode is not a mode', async () => {
      const { asked, history } = historyOf([{ label: 'version 1', text: ORDER_SCHEMA }]);
      const unused = await serviceOver(SAMPLE).validateWithHistory({ uri: `${ROOT}/schemas/other.avsc`, text: removedAmount }, history);
      assert.deepEqual(unused, []);
      const broken = await serviceOver(SAMPLE).validateWithHistory({ uri: ORDER_AVSC, text: '{"type": "recrod"}' }, history);
      assert.ok(broken.length > 0 && broken.every((d) => d.code !== 'avro-incompatible'));
      const badMode = serviceOver({ ...SAMPLE, 'orders.dataproduct.yaml': VALID_MANIFEST.replace('FULL_TRANSITIVE', 'SOMETIMES') });
      assert.deepEqual(await badMode.validateWithHistory({ uri: ORDER_AVSC, text: removedAmount }, history), []);
      assert.deepEqual(asked, []);
    });
  });
});
