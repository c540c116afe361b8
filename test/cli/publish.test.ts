// datamesh publish and retire, the usage errors (exit 2) that need no broker, and their help (exit 0).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datamesh, folderWith } from '../support/cli';

describe('datamesh publish and retire: usage', () => {
  const root = folderWith({ 'orders.dataproduct.yaml': 'id: sales.orders\n' });

  for (const [args, message] of [
    [['publish'], /publish takes one MANIFEST/],
    [['publish', 'a.yaml', 'b.yaml'], /publish takes one MANIFEST \(got a\.yaml b\.yaml\)/],
    [['publish', 'missing.dataproduct.yaml'], /cannot read the manifest missing\.dataproduct\.yaml/],
    [['publish', '--format', 'xml', 'orders.dataproduct.yaml'], /--format must be text or json, not xml/],
    [['publish', '--verify-events', '-1', 'orders.dataproduct.yaml'], /--verify-events must be a non-negative whole number/],
    [['publish', '--verify-events', 'many', 'orders.dataproduct.yaml'], /--verify-events must be a non-negative whole number, not many/],
    [['publish', '--dry-run=yes', 'orders.dataproduct.yaml'], /--dry-run takes no value/],
    [['publish', '--force', 'orders.dataproduct.yaml'], /unknown option --force/],
    [['retire'], /retire takes one MANIFEST or product id/],
    [['retire', '--grace', '30 days', 'sales.orders'], /--grace: "30 days" is not an ISO 8601 duration/],
    [['retire', '--grace', 'P', 'sales.orders'], /--grace: "P" is not an ISO 8601 duration/],
    [['retire', '--format', 'yaml', 'sales.orders'], /--format must be text or json, not yaml/],
  ] as const) {
    test(`${args.join(' ')}: exit 2 with the reason`, () => {
      const result = datamesh([...args], root);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    });
  }

  test('a usage error is found before connecting: no broker is needed to be told', () => {
    const result = datamesh(['publish', '--format', 'xml', 'orders.dataproduct.yaml'], root, { DATAMESH_BOOTSTRAP: '127.0.0.1:1' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^datamesh publish: --format must be text or json, not xml\nRun `datamesh publish --help` for usage\./);
    assert.doesNotMatch(result.stderr, /refused|timed out|unreachable/i);
  });

  test('a broker that cannot be reached: exit 1 with the cause, and nothing on standard output', () => {
    for (const command of ['publish', 'retire']) {
      const target = command === 'publish' ? 'orders.dataproduct.yaml' : 'sales.orders';
      const result = datamesh([command, '--bootstrap', '127.0.0.1:1', '--registry', 'http://127.0.0.1:1', '--timeout', '5', target], root);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`datamesh ${command}: .*(refused|ECONNREFUSED)`, 'i'));
      assert.equal(result.stdout, '');
    }
  });

  test('--help prints the usage with the connection options and exits 0', () => {
    for (const command of ['publish', 'retire']) {
      const result = datamesh([command, '--help'], root);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^Usage: datamesh ${command} `));
      assert.match(result.stdout, /--bootstrap HOST:PORT/);
    }
  });

  test('publish and retire are no longer "not available"', () => {
    const result = datamesh(['--help'], root);
    assert.equal(result.status, 0);
    assert.match(result.stdout + result.stderr, /datamesh publish \[--dry-run\]/);
    assert.match(result.stdout + result.stderr, /datamesh retire \[--grace DURATION\]/);
    assert.doesNotMatch(result.stdout + result.stderr, /still to come.*publish/);
  });
});
