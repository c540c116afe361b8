import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datamesh, folderWith } from '../support/cli';

interface CompatJson {
  compatible: boolean;
  incompatibilities: { type: string; location: string; message: string; reader: string; writer: string }[];
}

const schema = (fields: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.example', ...extra, fields }, null, 2);

// v1 -> v2 adds a required field (forward compatible only); v2 -> v3 adds a defaulted field (fully compatible).
const V1 = schema([{ name: 'id', type: 'string' }]);
const V2 = schema([
  { name: 'id', type: 'string' },
  { name: 'amount', type: 'int' },
]);
const V3 = schema([
  { name: 'id', type: 'string' },
  { name: 'amount', type: 'int' },
  { name: 'note', type: 'string', default: '' },
]);
const FILES = { 'v1.avsc': V1, 'v2.avsc': V2, 'v3.avsc': V3 };

function compatJson(args: string[], cwd: string): { status: number | null; json: CompatJson } {
  const result = datamesh(['compat', '--format', 'json', ...args], cwd);
  assert.equal(result.stderr, '', 'nothing on standard error');
  return { status: result.status, json: JSON.parse(result.stdout) as CompatJson };
}

describe('datamesh compat', () => {
  test('compatible: exit 0 and no incompatibilities', () => {
    const root = folderWith(FILES);
    const { status, json } = compatJson(['--mode', 'BACKWARD', 'v3.avsc', 'v2.avsc'], root);
    assert.equal(status, 0);
    assert.deepEqual(json, { compatible: true, incompatibilities: [] });
  });

  test('BACKWARD: NEW reads OLD; a new field without a default is an incompatibility located in the reader (NEW)', () => {
    const root = folderWith(FILES);
    const { status, json } = compatJson(['--mode', 'BACKWARD', 'v2.avsc', 'v1.avsc'], root);
    assert.equal(status, 1);
    assert.equal(json.compatible, false);
    assert.equal(json.incompatibilities.length, 1);
    const [finding] = json.incompatibilities;
    assert.deepEqual(
      [finding.type, finding.location, finding.reader, finding.writer],
      ['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/1', 'v2.avsc', 'v1.avsc'],
    );
    assert.match(finding.message, /amount/);
  });

  test('FORWARD: OLD reads NEW, so OLD is the reader', () => {
    const root = folderWith(FILES);
    assert.equal(compatJson(['--mode', 'FORWARD', 'v2.avsc', 'v1.avsc'], root).status, 0);
    const { status, json } = compatJson(['--mode', 'FORWARD', 'v1.avsc', 'v2.avsc'], root);
    assert.equal(status, 1);
    assert.deepEqual(
      json.incompatibilities.map((i) => [i.type, i.location, i.reader, i.writer]),
      [['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/1', 'v2.avsc', 'v1.avsc']],
    );
  });

  test('FULL: both directions', () => {
    const root = folderWith(FILES);
    assert.equal(compatJson(['--mode', 'FULL', 'v3.avsc', 'v2.avsc'], root).status, 0);
    const changed = folderWith({ 'new.avsc': schema([{ name: 'id', type: 'long' }]), 'old.avsc': schema([{ name: 'id', type: 'int' }]) });
    const { status, json } = compatJson(['--mode', 'FULL', 'new.avsc', 'old.avsc'], changed);
    assert.equal(status, 1);
    // int -> long is a promotion: new reads old, but old cannot read new.
    assert.deepEqual(
      json.incompatibilities.map((i) => [i.type, i.location, i.reader, i.writer]),
      [['TYPE_MISMATCH', '/fields/0/type', 'old.avsc', 'new.avsc']],
    );
  });

  test('without _TRANSITIVE only the first OLD counts; with it, every one (and the writer names it)', () => {
    const root = folderWith(FILES);
    assert.equal(compatJson(['--mode', 'BACKWARD', 'v3.avsc', 'v2.avsc', 'v1.avsc'], root).status, 0);
    // An OLDER file the mode does not use is not even read.
    assert.equal(compatJson(['--mode', 'BACKWARD', 'v3.avsc', 'v2.avsc', 'missing.avsc'], root).status, 0);
    const { status, json } = compatJson(['--mode', 'BACKWARD_TRANSITIVE', 'v3.avsc', 'v2.avsc', 'v1.avsc'], root);
    assert.equal(status, 1);
    assert.deepEqual(
      json.incompatibilities.map((i) => [i.type, i.reader, i.writer]),
      [['READER_FIELD_MISSING_DEFAULT_VALUE', 'v3.avsc', 'v1.avsc']],
    );
    assert.equal(compatJson(['--mode', 'FULL_TRANSITIVE', 'v3.avsc', 'v2.avsc', 'v1.avsc'], root).status, 1);
    assert.equal(compatJson(['--mode', 'FORWARD_TRANSITIVE', 'v3.avsc', 'v2.avsc', 'v1.avsc'], root).status, 0);
  });

  test('NONE: always compatible', () => {
    const root = folderWith(FILES);
    assert.deepEqual(compatJson(['--mode', 'NONE', 'v1.avsc', 'v2.avsc'], root), {
      status: 0,
      json: { compatible: true, incompatibilities: [] },
    });
  });

  test('every incompatibility is listed, each once', () => {
    const root = folderWith({
      'new.avsc': schema([
        { name: 'id', type: 'int' },
        { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW'] } },
        { name: 'home', type: { type: 'record', name: 'Address', fields: [{ name: 'zip', type: 'int' }] } },
        { name: 'work', type: 'Address' },
      ]),
      'old.avsc': schema([
        { name: 'id', type: 'string' },
        { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
        { name: 'home', type: { type: 'record', name: 'Address', fields: [{ name: 'zip', type: 'string' }] } },
        { name: 'work', type: 'Address' },
      ]),
    });
    const { status, json } = compatJson(['--mode', 'BACKWARD', 'new.avsc', 'old.avsc'], root);
    assert.equal(status, 1);
    assert.deepEqual(
      json.incompatibilities.map((i) => [i.type, i.location]),
      [
        ['TYPE_MISMATCH', '/fields/0/type'],
        ['MISSING_ENUM_SYMBOLS', '/fields/1/type/symbols'],
        ['TYPE_MISMATCH', '/fields/2/type/fields/0/type'],
      ],
    );
  });

  test('text output: the verdict, who could not read whom, each finding with its pointer and 1-based PATH:LINE:COL', () => {
    const root = folderWith(FILES);
    const result = datamesh(['compat', '--mode', 'BACKWARD', 'v2.avsc', 'v1.avsc'], root);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^BACKWARD: v2\.avsc is not compatible with v1\.avsc\./);
    assert.match(result.stdout, /v2\.avsc \(reader\) cannot read all data written with v1\.avsc \(writer\):/);
    assert.match(result.stdout, /READER_FIELD_MISSING_DEFAULT_VALUE {2}at \/fields\/1 \(v2\.avsc:10:5\)/);
    assert.match(result.stdout, /1 incompatibility\./);
    const ok = datamesh(['compat', '--mode', 'FULL_TRANSITIVE', 'v3.avsc', 'v3.avsc', 'v3.avsc'], root);
    assert.equal(ok.status, 0);
    assert.match(ok.stdout, /^FULL_TRANSITIVE: v3\.avsc is compatible with 2 previous versions \(v3\.avsc, v3\.avsc\)\./);
  });

  test('a schema that does not parse: exit 2, its diagnostics on standard error at 1-based PATH:LINE:COL', () => {
    const root = folderWith({
      ...FILES,
      'broken.avsc': '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "strin"}]}',
    });
    for (const args of [
      ['--mode', 'BACKWARD', 'broken.avsc', 'v1.avsc'],
      ['--mode', 'BACKWARD', 'v1.avsc', 'broken.avsc'],
      ['--mode', 'NONE', 'broken.avsc', 'v1.avsc'],
    ]) {
      const result = datamesh(['compat', '--format', 'json', ...args], root);
      assert.equal(result.status, 2, args.join(' '));
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^broken\.avsc:1:(\d+) {2}error {2}avro-/m);
      // The same place as lint's 0-based JSON, counted from 1.
      const lint = JSON.parse(datamesh(['lint', '--format', 'json', 'broken.avsc'], root).stdout) as {
        files: { diagnostics: { range: { start: { line: number; character: number } } }[] }[];
      };
      const start = lint.files[0].diagnostics[0].range.start;
      assert.match(result.stderr, new RegExp(`^broken\\.avsc:${start.line + 1}:${start.character + 1} `, 'm'));
    }
  });

  test('usage errors and unreadable files exit 2', () => {
    const root = folderWith(FILES);
    for (const args of [
      ['compat'],
      ['compat', 'v2.avsc', 'v1.avsc'],
      ['compat', '--mode', 'SIDEWAYS', 'v2.avsc', 'v1.avsc'],
      ['compat', '--mode', 'BACKWARD', '--registry', 'http://127.0.0.1:1', 'v2.avsc', 'v1.avsc'],
      ['compat', '--subject', 'orders-value', 'v2.avsc', 'v1.avsc'],
      ['compat', '--mode', 'BACKWARD', 'v2.avsc'],
      ['compat', '--mode', 'BACKWARD', '--format', 'xml', 'v2.avsc', 'v1.avsc'],
      ['compat', '--mode', 'BACKWARD', '--strict', 'v2.avsc', 'v1.avsc'],
      ['compat', '--mode'],
      ['compat', '--mode', 'BACKWARD', 'missing.avsc', 'v1.avsc'],
      ['compat', '--mode', 'BACKWARD', 'v2.avsc', 'missing.avsc'],
      ['compat', '--mode', 'BACKWARD', 'v2.avsc', '.'],
    ]) {
      const result = datamesh(args, root);
      assert.equal(result.status, 2, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
      assert.match(result.stderr, /datamesh/, args.join(' '));
    }
  });

  test('modes are case-insensitive', () => {
    const root = folderWith(FILES);
    assert.equal(compatJson(['--mode', 'backward', 'v2.avsc', 'v1.avsc'], root).status, 1);
    assert.equal(compatJson(['--mode', 'Full', 'v3.avsc', 'v2.avsc'], root).status, 0);
    const transitive = compatJson(['--mode', 'backward_transitive', 'v3.avsc', 'v2.avsc', 'v1.avsc'], root);
    assert.equal(transitive.status, 1);
    assert.deepEqual(
      transitive.json.incompatibilities.map((i) => i.writer),
      ['v1.avsc'],
    );
  });

  test('--subject without a registry to reach: exit 2 with the reason, nothing on standard output', () => {
    const root = folderWith(FILES);
    const result = datamesh(['compat', '--subject', 'orders-value', '--registry', 'http://127.0.0.1:1', '--timeout', '3', 'v2.avsc'], root);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^datamesh compat: .*127\.0\.0\.1:1/);
  });

  test('the usage lists compat', () => {
    const result = datamesh(['--help'], folderWith({}));
    assert.equal(result.status, 0);
    assert.match(result.stdout, /datamesh compat --mode MODE \[--format text\|json\] NEW\.avsc OLD\.avsc \[OLDER\.avsc \.\.\.\]/);
  });
});
