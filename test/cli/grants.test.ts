// datamesh grant and revoke: the usage errors (exit 2) that need no broker, an unreachable broker (exit 1),
// and their help (exit 0). Against a broker with an authorizer: test/integration/grants.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datamesh, folderWith } from '../support/cli';

describe('datamesh grant and revoke: usage', () => {
  const root = folderWith({
    'orders.dataproduct.yaml': 'id: sales.orders\noutputPorts:\n  - name: placed\n    topic: sales.orders.placed.v1\n',
  });

  for (const [args, message] of [
    [['grant', 'sales.orders'], /grant needs --principal \(e\.g\. User:alice\)/],
    [['revoke', '--principal', 'alice', 'sales.orders'], /the principal must look like User:alice .*not "alice"/],
    [['grant', '--principal', 'User:bob'], /grant takes one MANIFEST or product id/],
    [['grant', '--principal', 'User:bob', 'a', 'b'], /grant takes one MANIFEST or product id \(got a b\)/],
    [['grant', '--principal', 'User:bob', '--format', 'xml', 'sales.orders'], /--format must be text or json, not xml/],
    [['grant', '--principal', 'User:bob', '--group-prefix', '', 'sales.orders'], /--group-prefix must not be empty/],
    [['revoke', '--principal', 'User:bob', '--dry-run=yes', 'sales.orders'], /--dry-run takes no value/],
  ] as const) {
    test(`${args.join(' ')}: exit 2 with the reason`, () => {
      const result = datamesh([...args], root, { DATAMESH_BOOTSTRAP: '127.0.0.1:1' });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    });
  }

  test('a broker that cannot be reached: exit 1 with the cause, and nothing on standard output', () => {
    for (const command of ['grant', 'revoke']) {
      const result = datamesh(
        [command, '--principal', 'User:bob', '--bootstrap', '127.0.0.1:1', '--timeout', '5', 'orders.dataproduct.yaml'],
        root,
      );
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`datamesh ${command}: .*(refused|ECONNREFUSED)`, 'i'));
      assert.equal(result.stdout, '');
    }
  });

  test('a manifest without output-port topics: exit 1, nothing to grant', () => {
    const empty = folderWith({ 'empty.dataproduct.yaml': 'id: sales.empty\n' });
    const result = datamesh(['grant', '--principal', 'User:bob', '--bootstrap', '127.0.0.1:1', 'empty.dataproduct.yaml'], empty);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /sales\.empty has no output-port topics/);
  });

  test('--help prints the usage, the default group prefix and the connection options', () => {
    for (const command of ['grant', 'revoke']) {
      const result = datamesh([command, '--help'], root);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^Usage: datamesh ${command} --principal P `));
      assert.match(result.stdout, /default: the product id and a dot/);
      assert.match(result.stdout, /--bootstrap HOST:PORT/);
    }
    assert.match(datamesh(['--help'], root).stdout, /datamesh grant --principal P/);
  });
});
