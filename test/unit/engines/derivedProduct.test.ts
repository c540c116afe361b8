import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ts from 'typescript';
import { createLanguageService, DEFAULT_POLICY, type ProductSummary } from '../../../server/src/services/index';
import { buildMeshModel } from '../../../client/src/engines/browse/meshModel';
import { derivedInputCandidates, derivedProductFiles, type DerivedInput } from '../../../client/src/engines/lifecycle/derivedProduct';

const ROOT = 'file:///ws';
const REPO = join(__dirname, '..', '..', '..');

function draft(id: string, ports: [string, string][], extra: Partial<ProductSummary> = {}): ProductSummary {
  return {
    id,
    uri: `${ROOT}/${id}.dataproduct.yaml`,
    domain: id.split('.')[0],
    status: 'active',
    outputPorts: ports.map(([name, topic]) => ({ name, topic })),
    source: 'workspace',
    ...extra,
  };
}

const ORDERS: DerivedInput = { product: 'sales.orders', port: 'order-events', topic: 'sales.orders.v1', origin: 'published' };
const PAYMENTS: DerivedInput = { product: 'payments.transactions', port: 'events', topic: 'payments.transactions.v1', origin: 'draft' };

test('the derived manifest names its inputs and passes every check when they are known (no unknown-input)', () => {
  const files = derivedProductFiles({
    domain: 'analytics',
    name: 'order-payments',
    team: 'analytics',
    tier: 'tier-2',
    inputs: [ORDERS, PAYMENTS],
  });
  assert.match(
    files.manifest,
    /^inputPorts:\n {2}- product: "sales\.orders"\n {4}port: "order-events"\n {2}- product: "payments\.transactions"\n {4}port: "events"$/m,
  );
  const catalog = [
    { ...draft('sales.orders', [['order-events', 'sales.orders.v1']]), uri: undefined, source: 'catalog' as const },
    { ...draft('payments.transactions', [['events', 'payments.transactions.v1']]), uri: undefined, source: 'catalog' as const },
  ];
  const texts = new Map([
    [`${ROOT}/${files.manifestPath}`, files.manifest],
    [`${ROOT}/${files.schemaPath}`, files.schema],
  ]);
  const service = createLanguageService({ reader: { readText: (uri) => texts.get(uri) }, roots: [ROOT], catalog });
  service.addFiles(texts.keys());
  for (const [uri, text] of texts) assert.deepEqual(service.validate({ uri, text }), [], uri);
  // Without the inputs in the catalog, the same manifest warns: the check above can fail.
  const alone = createLanguageService({ reader: { readText: (uri) => texts.get(uri) }, roots: [ROOT] });
  alone.addFiles(texts.keys());
  const codes = alone.validate({ uri: `${ROOT}/${files.manifestPath}`, text: files.manifest }).map((d) => d.code);
  assert.deepEqual(codes, ['unknown-input', 'unknown-input']);
});

test('the output port is Avro even when the policy allows other formats, with a schema that carries the source', () => {
  const files = derivedProductFiles({
    domain: 'analytics',
    name: 'order-stats',
    team: 't',
    inputs: [ORDERS],
    policy: { ...DEFAULT_POLICY, requireSchema: false },
  });
  assert.match(files.manifest, /format: avro\n\s+schema: schemas\/order-stats\.avsc/);
  const schema = JSON.parse(files.schema) as { name: string; fields: { name: string }[] };
  assert.equal(schema.name, 'OrderStatsEvent');
  assert.deepEqual(
    schema.fields.map((field) => field.name),
    ['id', 'occurredAt', 'source'],
  );
  assert.equal(files.processorPath, 'analytics/order-stats/processor/processor.ts');
  assert.equal(files.readmePath, 'analytics/order-stats/processor/README.md');
  assert.match(files.readme, /npx tsx processor\.ts/);
  assert.match(files.readme, /DATAMESH_BOOTSTRAP/);
});

test('the processor consumes the input topics, produces the output topic and type-checks against kafkajs and the registry client', () => {
  const files = derivedProductFiles({ domain: 'analytics', name: 'order-payments', team: 't', inputs: [ORDERS, PAYMENTS] });
  assert.match(files.processor, /"sales\.orders\.v1": "sales\.orders"/);
  assert.match(files.processor, /"payments\.transactions\.v1": "payments\.transactions"/);
  assert.match(files.processor, /const OUTPUT_TOPIC = "analytics\.order-payments\.v0";/);
  assert.match(files.processor, /process\.env\.DATAMESH_REGISTRY/);
  // Type-checked as if it sat in the repository, so kafkajs and @kafkajs/confluent-schema-registry resolve.
  const path = join(REPO, 'generated-processor.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (file === path ? files.processor : readFile(file));
  host.fileExists = (file) => file === path || fileExists(file);
  host.getSourceFile = (file, language, ...rest) =>
    file === path ? ts.createSourceFile(file, files.processor, language, true) : getSourceFile(file, language, ...rest);
  const program = ts.createProgram([path], options, host);
  const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  assert.deepEqual(problems, []);
});

test('a derived product reads at least one port, never its own', () => {
  assert.throws(() => derivedProductFiles({ domain: 'a', name: 'b', team: 't', inputs: [] }), /at least one/);
  assert.throws(() => derivedProductFiles({ domain: 'sales', name: 'orders', team: 't', inputs: [ORDERS] }), /own ports/);
});

test('the candidates are every port with a topic of the products that are not retired, drafts and published alike', () => {
  const model = buildMeshModel(
    [],
    [
      draft('sales.orders', [
        ['order-events', 'sales.orders.v1'],
        ['no-topic', ''],
      ]),
      draft('payments.refunds', [['refund-events', 'payments.refunds.v1']], { status: 'retired' }),
      draft('crm.customers', [['customer-events', 'crm.customers.v2']]),
    ],
  );
  assert.deepEqual(
    derivedInputCandidates(model).map((input) => `${input.product}/${input.port} ${input.topic} ${input.origin}`),
    ['crm.customers/customer-events crm.customers.v2 draft', 'sales.orders/order-events sales.orders.v1 draft'],
  );
});
