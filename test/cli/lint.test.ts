import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, datamesh, folderWith } from '../support/cli';
import { CUSTOMER_SCHEMA, CUSTOMERS_MANIFEST, ORDER_SCHEMA, VALID_MANIFEST } from '../support/memoryWorkspace';

interface LintJson {
  files: {
    path: string;
    diagnostics: {
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      severity: string;
      code: string;
      message: string;
    }[];
  }[];
}

const VALID_FILES = {
  'orders.dataproduct.yaml': VALID_MANIFEST,
  'schemas/order.avsc': ORDER_SCHEMA,
  'customers/dataproduct.yaml': CUSTOMERS_MANIFEST,
  'customers/customer.avsc': CUSTOMER_SCHEMA,
};

function lintJson(args: string[], cwd: string): { status: number | null; json: LintJson } {
  const result = datamesh(['lint', '--format', 'json', ...args], cwd);
  assert.equal(result.stderr, '', 'nothing on standard error');
  return { status: result.status, json: JSON.parse(result.stdout) as LintJson };
}

describe('datamesh lint', () => {
  test('the bin entry points at the built CLI, which starts with a shebang', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(join(__dirname, '..', '..', pkg.bin.datamesh), CLI);
    assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node/);
  });

  test('a folder of valid manifests and schemas: exit 0, every file listed, no diagnostics', () => {
    const root = folderWith(VALID_FILES);
    const { status, json } = lintJson(['.'], root);
    assert.equal(status, 0);
    assert.deepEqual(json.files.map((file) => file.path).sort(), [
      'customers/customer.avsc',
      'customers/dataproduct.yaml',
      'orders.dataproduct.yaml',
      'schemas/order.avsc',
    ]);
    assert.ok(json.files.every((file) => file.diagnostics.length === 0));
  });

  test('an error: exit 1, the code at the 0-based line and character of the value', () => {
    const root = folderWith({ ...VALID_FILES, 'orders.dataproduct.yaml': VALID_MANIFEST.replace('id: sales.orders', 'id: sales.order') });
    const { status, json } = lintJson(['orders.dataproduct.yaml'], root);
    assert.equal(status, 1);
    assert.equal(json.files.length, 1);
    assert.deepEqual(
      json.files[0].diagnostics.map((d) => [d.code, d.severity, d.range.start, d.range.end]),
      [['id-mismatch', 'error', { line: 2, character: 4 }, { line: 2, character: 15 }]],
    );
  });

  test('warnings only: exit 0', () => {
    const root = folderWith({
      ...VALID_FILES,
      'orders.dataproduct.yaml': VALID_MANIFEST.replace('product: sales.customers', 'product: sales.nobody'),
    });
    const { status, json } = lintJson(['orders.dataproduct.yaml'], root);
    assert.equal(status, 0);
    assert.deepEqual(
      json.files[0].diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
      [['unknown-input', 'warning', 38]],
    );
  });

  test('an input port resolves against manifests of the same project', () => {
    const root = folderWith({
      ...VALID_FILES,
      'datamesh.policy.yaml': '',
      'orders.dataproduct.yaml': '',
      'products/orders/orders.dataproduct.yaml': VALID_MANIFEST.replace('schemas/order.avsc', 'order.avsc'),
      'products/orders/order.avsc': ORDER_SCHEMA,
    });
    const { status, json } = lintJson([join(root, 'products/orders/orders.dataproduct.yaml')], join(root, 'products'));
    assert.equal(status, 0);
    assert.deepEqual(json.files[0].diagnostics, []);
  });

  test('an input port resolves against manifests beside the linted file', () => {
    const root = folderWith({
      'orders.dataproduct.yaml': VALID_MANIFEST,
      'schemas/order.avsc': ORDER_SCHEMA,
      'customers.dataproduct.yaml': CUSTOMERS_MANIFEST.replace('schema: customer.avsc', 'schema: schemas/order.avsc'),
    });
    const { status, json } = lintJson(['orders.dataproduct.yaml'], root);
    assert.equal(status, 0);
    assert.deepEqual(json.files[0].diagnostics, []);
  });

  test('an invalid .avsc is reported with an avro- code and fails the run', () => {
    const root = folderWith({ 'bad.avsc': '{"type": "record", "name": "X", "fields": [' });
    const { status, json } = lintJson(['bad.avsc'], root);
    assert.equal(status, 1);
    assert.ok(json.files[0].diagnostics.length > 0);
    assert.ok(json.files[0].diagnostics.every((d) => d.code.startsWith('avro-') && d.severity === 'error'));
  });

  test('an Avro name defined in another schema of the project resolves', () => {
    const root = folderWith({
      'money.avsc': '{"type": "fixed", "name": "Money", "namespace": "com.shop", "size": 8}',
      'order.avsc': '{"type": "record", "name": "Order", "namespace": "com.shop", "fields": [{"name": "total", "type": "Money"}]}',
    });
    const { status, json } = lintJson(['order.avsc'], root);
    assert.equal(status, 0);
    assert.deepEqual(json.files[0].diagnostics, []);
    const alone = folderWith({
      'order.avsc': '{"type": "record", "name": "Order", "namespace": "com.shop", "fields": [{"name": "total", "type": "Money"}]}',
    });
    assert.deepEqual(
      lintJson(['order.avsc'], alone).json.files[0].diagnostics.map((d) => d.code),
      ['avro-unresolved-reference'],
    );
  });

  test('the nearest datamesh.policy.yaml above a manifest governs it', () => {
    const root = folderWith({ ...VALID_FILES, 'datamesh.policy.yaml': 'owners: [payments]\n' });
    const { status, json } = lintJson(['orders.dataproduct.yaml'], join(root));
    assert.equal(status, 1);
    assert.deepEqual(
      json.files[0].diagnostics.map((d) => [d.code, d.range.start]),
      [['owner-policy', { line: 8, character: 8 }]],
    );
  });

  test('--policy FILE overrides, and its own problems are reported on it', () => {
    const root = folderWith({ ...VALID_FILES, 'strict.yaml': 'minReplicationFactor:\n  tier-1: 5\n', 'broken.yaml': 'owners: {a: 1}\n' });
    const strict = lintJson(['--policy', 'strict.yaml', 'orders.dataproduct.yaml'], root);
    assert.equal(strict.status, 1);
    assert.deepEqual(
      strict.json.files[0].diagnostics.map((d) => d.code),
      ['replication-policy'],
    );
    const broken = lintJson(['--policy=broken.yaml', 'orders.dataproduct.yaml'], root);
    assert.equal(broken.status, 1);
    assert.equal(broken.json.files[0].path, 'broken.yaml');
    assert.deepEqual(
      broken.json.files[0].diagnostics.map((d) => [d.code, d.range.start.line]),
      [['schema', 0]],
    );
  });

  test('text output lists each problem as PATH:LINE:COL with 1-based positions, then a summary', () => {
    const root = folderWith({ ...VALID_FILES, 'orders.dataproduct.yaml': VALID_MANIFEST.replace('tier: tier-1', 'tier: tier-9') });
    const result = datamesh(['lint', 'orders.dataproduct.yaml'], root);
    assert.equal(result.status, 1);
    // JSON says line 13, character 6 (0-based): the same place, counted from 1.
    const json = lintJson(['orders.dataproduct.yaml'], root).json;
    assert.deepEqual(json.files[0].diagnostics[0].range.start, { line: 13, character: 6 });
    assert.match(result.stdout, /^orders\.dataproduct\.yaml:14:7 {2}error {2}schema {2}`tier` must be one of/m);
    assert.match(result.stdout, /1 file checked: 1 error, 0 warnings\./);
  });

  test('--format sarif: a SARIF 2.1.0 log with 1-based regions and the codes as rules', () => {
    const root = folderWith({
      ...VALID_FILES,
      'orders.dataproduct.yaml': VALID_MANIFEST.replace('tier: tier-1', 'tier: tier-9').replace(
        'product: sales.customers',
        'product: sales.nobody',
      ),
    });
    const result = datamesh(['lint', '--format', 'sarif', 'orders.dataproduct.yaml'], root);
    assert.equal(result.status, 1);
    const sarif = JSON.parse(result.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const [run] = sarif.runs;
    assert.equal(run.tool.driver.name, 'datamesh');
    assert.deepEqual(
      run.tool.driver.rules.map((rule) => rule.id),
      ['schema', 'unknown-input'],
    );
    const json = lintJson(['orders.dataproduct.yaml'], root).json.files[0].diagnostics;
    assert.deepEqual(
      run.results.map((r) => [
        r.ruleId,
        r.level,
        r.locations[0].physicalLocation.artifactLocation.uri,
        r.locations[0].physicalLocation.region,
      ]),
      json.map((d) => [
        d.code,
        d.severity,
        'orders.dataproduct.yaml',
        {
          startLine: d.range.start.line + 1,
          startColumn: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
        },
      ]),
    );
  });

  test('--format github: one workflow command per problem, 1-based, the summary on standard error', () => {
    const root = folderWith({
      ...VALID_FILES,
      'orders.dataproduct.yaml': VALID_MANIFEST.replace('tier: tier-1', 'tier: tier-9').replace(
        'product: sales.customers',
        'product: sales.nobody',
      ),
    });
    const result = datamesh(['lint', '--format', 'github', 'orders.dataproduct.yaml'], root);
    assert.equal(result.status, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0],
      /^::error file=orders\.dataproduct\.yaml,line=14,col=7,endLine=14,endColumn=13,title=schema::`tier` must be one of/,
    );
    assert.match(lines[1], /^::warning file=orders\.dataproduct\.yaml,line=39,col=\d+,endLine=39,endColumn=\d+,title=unknown-input::/);
    assert.match(result.stderr, /1 file checked: 1 error, 1 warning\./);
    const clean = datamesh(['lint', '--format', 'github', '.'], folderWith(VALID_FILES));
    assert.deepEqual([clean.status, clean.stdout], [0, '']);
  });

  test('a schema path that leaves the project is schema-path-outside; a sibling folder of the project is fine', () => {
    const root = folderWith({
      'datamesh.policy.yaml': '',
      'shared/order.avsc': ORDER_SCHEMA,
      'products/orders.dataproduct.yaml': VALID_MANIFEST.replace('schemas/order.avsc', '../../../../../../../etc/passwd'),
      'products/sibling.dataproduct.yaml': VALID_MANIFEST.replace('schemas/order.avsc', '../shared/order.avsc'),
    });
    const { status, json } = lintJson(['products'], root);
    assert.equal(status, 1);
    const codes = (name: string) => json.files.find((file) => file.path.endsWith(name))?.diagnostics.map((d) => d.code);
    assert.deepEqual(codes('orders.dataproduct.yaml'), ['schema-path-outside', 'unknown-input']);
    assert.deepEqual(codes('sibling.dataproduct.yaml'), ['unknown-input']);
  });

  test('usage errors exit 2', () => {
    const root = folderWith(VALID_FILES);
    for (const args of [
      ['lint'],
      ['lint', '--format', 'xml', '.'],
      ['lint', '--format', 'JSON', '.'],
      ['lint', '--colour', '.'],
      ['lint', '--policy'],
      ['frobnicate'],
    ]) {
      const result = datamesh(args, root);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /datamesh/);
    }
  });

  test('an unreadable path exits 2', () => {
    const root = folderWith(VALID_FILES);
    assert.equal(datamesh(['lint', 'missing.dataproduct.yaml'], root).status, 2);
    assert.equal(datamesh(['lint', '--policy', 'missing.yaml', '.'], root).status, 2);
    if (process.getuid?.() !== 0) {
      chmodSync(join(root, 'orders.dataproduct.yaml'), 0);
      assert.equal(datamesh(['lint', 'orders.dataproduct.yaml'], root).status, 2);
    }
  });

  test('connection options without brokers are a usage error: lint never connects on its own', () => {
    const root = folderWith(VALID_FILES);
    for (const args of [['--catalog-topic', 'x'], ['--registry', 'http://127.0.0.1:8081'], ['--tls']]) {
      const result = datamesh(['lint', ...args, '.'], root);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /needs --bootstrap/);
    }
  });

  test('a catalog that cannot be read: a warning on standard error, and the lint goes on offline', () => {
    const root = folderWith({ 'orders.dataproduct.yaml': VALID_MANIFEST, 'schemas/order.avsc': ORDER_SCHEMA });
    for (const [args, env] of [
      [['--bootstrap', '127.0.0.1:1', '--timeout', '3'], {}],
      [['--timeout', '3'], { DATAMESH_BOOTSTRAP: '127.0.0.1:1' }],
    ] as const) {
      const result = datamesh(['lint', '--format', 'json', ...args, 'orders.dataproduct.yaml'], root, env);
      assert.equal(result.status, 0, 'warnings only, as offline');
      assert.match(result.stderr, /^datamesh lint: warning: the catalog could not be read/);
      const json = JSON.parse(result.stdout) as LintJson;
      assert.deepEqual(
        json.files[0].diagnostics.map((d) => d.code),
        ['unknown-input'],
      );
    }
  });

  test('binary garbage is a diagnostic, not a crash', () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const root = folderWith({ 'garbage.dataproduct.yaml': garbage });
    const result = datamesh(['lint', '--format', 'json', 'garbage.dataproduct.yaml'], root);
    assert.equal(result.status, 1);
    const json = JSON.parse(result.stdout) as LintJson;
    assert.ok(json.files[0].diagnostics.length > 0);
  });

  test('hostile inputs: a file too large to read, a YAML bomb and a symbolic-link loop give diagnostics, never a stack trace', () => {
    const bomb = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
      .concat([...'bcdefghi'].map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`))
      .join('\n');
    const root = folderWith({
      'big.dataproduct.yaml': `apiVersion: datamesh/v1\ndescription:\n  purpose: ${'x'.repeat(17 * 1024 * 1024)}\n`,
      'bomb.dataproduct.yaml': `${bomb}\n`,
    });
    mkdirSync(join(root, 'loop', 'inner'), { recursive: true });
    symlinkSync('..', join(root, 'loop', 'inner', 'back'));
    const result = datamesh(['lint', '--format', 'json', '.'], root);
    assert.equal(result.status, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    const json = JSON.parse(result.stdout) as LintJson;
    const byPath = new Map(json.files.map((file) => [file.path.replace(/^\.\//, ''), file.diagnostics]));
    assert.match(byPath.get('big.dataproduct.yaml')?.[0]?.message ?? '', /^This file is 17 MB, larger than the 16 MB datamesh reads/);
    assert.ok((byPath.get('bomb.dataproduct.yaml') ?? []).some((d) => d.code === 'yaml-syntax' || d.code === 'schema'));
    assert.equal(json.files.length, 2, 'the loop adds no file, and the walk ends');
  });
});
