import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { bumpManifestVersion, nextVersion, VersionBumpError } from '../../../client/src/engines/lifecycle/versionBump';
import { defaultSunset, deprecationFacts, withDeprecationBlock, withStatus } from '../../../client/src/engines/lifecycle/deprecation';

const MANIFEST = `# The orders product
apiVersion: datamesh/v1
kind: DataProduct
id: sales.orders
name: orders
domain: sales
version: 1.2.3 # bumped by the palette
status: active
outputPorts:
  # the main port
  - name: order-events
    description: One event per order state change.
    topic: sales.orders.v1
    partitions: 6
    value:
      format: avro
      schema: schemas/order.avsc
  - name: legacy
    topic: orders-legacy
    value:
      format: json
`;

describe('the next version', () => {
  test('patch, minor and major reset the lower parts and drop a pre-release', () => {
    assert.equal(nextVersion('1.2.3', 'patch'), '1.2.4');
    assert.equal(nextVersion('1.2.3', 'minor'), '1.3.0');
    assert.equal(nextVersion('1.2.3', 'major'), '2.0.0');
    assert.equal(nextVersion('0.9.0-rc.1+build.5', 'minor'), '0.10.0');
  });

  test('a version that is not semver is refused', () => {
    for (const version of ['1.2', 'v1.2.3', '01.2.3', '']) assert.throws(() => nextVersion(version, 'patch'), VersionBumpError, version);
  });
});

describe('bumping a manifest', () => {
  test('a patch bump changes only the version and keeps comments', () => {
    const bump = bumpManifestVersion(MANIFEST, 'patch');
    assert.equal(bump.from, '1.2.3');
    assert.equal(bump.to, '1.2.4');
    assert.equal(bump.text, MANIFEST.replace('version: 1.2.3', 'version: 1.2.4'));
    assert.deepEqual(bump.addedPorts, []);
  });

  test('a major bump adds a port with the pattern topic and notes the old port, which stays', () => {
    const bump = bumpManifestVersion(MANIFEST, 'major');
    assert.equal(bump.to, '2.0.0');
    assert.deepEqual(bump.addedPorts, [{ name: 'order-events-v2', topic: 'sales.orders.v2', copiedFrom: 'order-events' }]);
    const manifest = parse(bump.text) as { version: string; outputPorts: Record<string, unknown>[] };
    assert.equal(manifest.version, '2.0.0');
    assert.deepEqual(
      manifest.outputPorts.map((port) => [port.name, port.topic]),
      [
        ['order-events', 'sales.orders.v1'],
        ['legacy', 'orders-legacy'],
        ['order-events-v2', 'sales.orders.v2'],
      ],
    );
    const added = manifest.outputPorts[2];
    assert.equal(added.partitions, 6);
    assert.deepEqual(added.value, { format: 'avro', schema: 'schemas/order.avsc' });
    assert.equal(added.description, 'One event per order state change.');
    assert.match(
      String(manifest.outputPorts[0].description),
      /^One event per order state change\. Deprecated: replaced by port order-events-v2/,
    );
    assert.match(bump.notes.join('\n'), /Port legacy keeps its topic orders-legacy/);
    assert.ok(bump.text.startsWith('# The orders product\n'), 'the leading comment stays');
    assert.match(bump.text, /# the main port/);
  });

  test("a major bump follows the policy's pattern, with {port}", () => {
    const text = MANIFEST.replace('topic: sales.orders.v1', 'topic: sales.orders.order-events.v1');
    const bump = bumpManifestVersion(text, 'major', '{domain}.{name}.{port}.v{major}');
    assert.deepEqual(
      bump.addedPorts.map((port) => port.topic),
      ['sales.orders.order-events.v2'],
    );
  });

  test('a second major bump does not duplicate a port that exists', () => {
    const once = bumpManifestVersion(MANIFEST, 'major').text;
    const twice = bumpManifestVersion(once.replace('version: 2.0.0', 'version: 1.9.0'), 'major');
    assert.deepEqual(twice.addedPorts, []);
    assert.match(twice.notes.join('\n'), /order-events-v2 exists already/);
  });

  test('broken YAML and a missing version are refused', () => {
    assert.throws(() => bumpManifestVersion('id: [', 'patch'), VersionBumpError);
    assert.throws(() => bumpManifestVersion('id: a.b\n', 'patch'), /no version/);
  });
});

describe('deprecating a manifest', () => {
  test('a manifest without a block gets one, and the status changes, comments kept', () => {
    assert.deepEqual(deprecationFacts(MANIFEST), { status: 'active' });
    const withBlock = withDeprecationBlock(MANIFEST, '2027-06-30', 'sales.orders-v2');
    assert.deepEqual(deprecationFacts(withBlock).deprecation, { sunset: '2027-06-30', replacement: 'sales.orders-v2' });
    const deprecated = withStatus(withBlock, 'deprecated');
    assert.equal(deprecationFacts(deprecated).status, 'deprecated');
    assert.match(deprecated, /# the main port/);
    assert.match(deprecated, /\ndeprecation:\n {2}sunset: 2027-06-30\n {2}replacement: sales.orders-v2\n$/);
  });

  test('the default sunset is 90 days on', () => {
    assert.equal(defaultSunset(new Date('2026-12-03T05:00:00Z')), '2027-03-03');
  });
});
