import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageService, DEFAULT_POLICY, parsePolicy, TIERS, type Policy } from '../../../server/src/services/index';
import {
  formatsAllowed,
  invalidSegment,
  invalidTeam,
  newProductFiles,
  VALUE_FORMATS,
  type NewProductFiles,
} from '../../../client/src/engines/lifecycle/newProduct';

const ROOT = 'file:///ws';
const DEMO_POLICY_TEXT = readFileSync(join(__dirname, '../../../demo/mesh/datamesh.policy.yaml'), 'utf8');

/** Every diagnostic of the generated files, with the policy text (if any) at the workspace root. */
function diagnosticsOf(files: NewProductFiles, policyText?: string): string[] {
  const texts = new Map([[`${ROOT}/${files.manifestPath}`, files.manifest]]);
  if (files.schemaPath && files.schema) texts.set(`${ROOT}/${files.schemaPath}`, files.schema);
  const all = new Map(texts);
  if (policyText !== undefined) all.set(`${ROOT}/datamesh.policy.yaml`, policyText);
  const service = createLanguageService({ reader: { readText: (uri) => all.get(uri) }, roots: [ROOT] });
  service.addFiles(all.keys());
  return [...texts].flatMap(([uri, text]) => service.validate({ uri, text }).map((d) => `${uri}: ${String(d.code)} ${d.message}`));
}

test('a new product passes every check, its schema included', () => {
  const files = newProductFiles({ domain: 'logistics', name: 'parcel-scans', team: 'logistics-ops', purpose: 'Scans: "quoted" too' });
  assert.deepEqual(diagnosticsOf(files), []);
  assert.equal(files.manifestPath, 'logistics/parcel-scans/parcel-scans.dataproduct.yaml');
  assert.match(files.manifest, /^id: logistics\.parcel-scans$/m);
  assert.match(files.schema ?? '', /"name": "ParcelScansEvent"/);
});

const POLICIES: [string, Readonly<Policy>, string | undefined][] = [
  ['the default policy', DEFAULT_POLICY, undefined],
  ['the demo policy', parsePolicy(DEMO_POLICY_TEXT).policy, DEMO_POLICY_TEXT],
  ['a policy without schemas', { ...DEFAULT_POLICY, requireSchema: false }, 'requireSchema: false\n'],
];

for (const [label, policy, policyText] of POLICIES) {
  for (const tier of TIERS) {
    for (const format of formatsAllowed(policy)) {
      test(`${label}, ${tier}, ${format}: the first lint is green`, () => {
        const team = policy.owners[0] ?? 'sales-platform';
        const files = newProductFiles({ domain: 'sales', name: 'returns', team, tier, format, policy });
        assert.deepEqual(diagnosticsOf(files, policyText), []);
        assert.match(files.manifest, new RegExp(`^tier: ${tier}$`, 'm'));
        assert.match(files.manifest, new RegExp(`^      format: ${format}$`, 'm'));
        assert.equal(files.schemaPath !== undefined, format === 'avro');
      });
    }
  }
}

test('a tier-1 product asks for the policy minimum: FULL compatibility and three replicas', () => {
  const files = newProductFiles({ domain: 'sales', name: 'orders', team: 't', tier: 'tier-1' });
  assert.match(files.manifest, /compatibility: FULL$/m);
  assert.match(files.manifest, /replicationFactor: 3$/m);
  // Written for the default policy, then linted under a stricter one: the check fails, so the test above can.
  const stricter = 'minCompatibility: { tier-1: FULL_TRANSITIVE }\n';
  assert.ok(diagnosticsOf(files, stricter).some((line) => line.includes('compatibility-policy')));
});

test("the policy's topic pattern names the topic", () => {
  const policy = { ...DEFAULT_POLICY, topicPattern: 'prod.{domain}.{name}.v{major}' };
  const files = newProductFiles({ domain: 'sales', name: 'orders', team: 't', policy });
  assert.equal(files.port.topic, 'prod.sales.orders.v0');
  assert.deepEqual(diagnosticsOf(files, "topicPattern: 'prod.{domain}.{name}.v{major}'\n"), []);
});

test('what the policy refuses is refused before any file is made', () => {
  assert.deepEqual(formatsAllowed(DEFAULT_POLICY), ['avro']);
  assert.deepEqual(formatsAllowed({ ...DEFAULT_POLICY, requireSchema: false }), [...VALUE_FORMATS]);
  assert.throws(() => newProductFiles({ domain: 'sales', name: 'orders', team: 't', format: 'json' }), /must be avro/);
  const demo = parsePolicy(DEMO_POLICY_TEXT).policy;
  assert.match(invalidTeam(demo, 'nobody') ?? '', /sales-platform/);
  assert.equal(invalidTeam(demo, 'crm'), undefined);
  assert.throws(() => newProductFiles({ domain: 'sales', name: 'orders', team: 'nobody', policy: demo }), /owning teams/);
});

test('names the manifest pattern refuses are refused before any file is made', () => {
  assert.equal(invalidSegment('domain', 'sales'), undefined);
  assert.match(invalidSegment('domain', 'Sales') ?? '', /lower-case/);
  assert.match(invalidSegment('name', '9lives') ?? '', /product name/);
  assert.throws(() => newProductFiles({ domain: 'sales', name: 'a b', team: 't' }), /product name/);
});
