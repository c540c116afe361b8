import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSubject, type RegistryPort, type SubjectRequest } from '../../../client/src/engines/publish/schemaPlan';
import { RegistryHttpError } from '../../../client/src/kafka/connectionErrors';
import type { Compatibility, SubjectVersion } from '../../../client/src/kafka/registryClient';

const V1 = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });
const WITH_DEFAULT = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'n', type: 'int', default: 0 },
  ],
});
const WITHOUT_DEFAULT = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'n', type: 'int' },
  ],
});

/** A registry in memory: the subject's versions, its own level, and the verdict its compatibility check gives. */
function fakeRegistry(state: {
  versions: string[];
  level?: Compatibility;
  global?: Compatibility;
  verdict: boolean;
}): RegistryPort & { asked: (number | 'latest')[] } {
  const asked: (number | 'latest')[] = [];
  const version = (number: number): SubjectVersion => ({
    subject: 's',
    id: 100 + number,
    version: number,
    schema: state.versions[number - 1],
    schemaType: 'AVRO',
  });
  return {
    asked,
    versions: async () => {
      if (state.versions.length === 0) throw new RegistryHttpError(404, 'http://registry/subjects/s/versions', 40401, 'not found');
      return state.versions.map((_, index) => index + 1);
    },
    version: async (_subject, number) => version(number === 'latest' ? state.versions.length : number),
    lookup: async (_subject, schema) => {
      const index = state.versions.indexOf(schema.schema);
      return index < 0 ? undefined : version(index + 1);
    },
    subjectCompatibility: async () => state.level,
    globalCompatibility: async () => state.global ?? 'BACKWARD',
    checkCompatibility: async (_subject, _schema, number) => {
      asked.push(number ?? 'latest');
      return { compatible: state.verdict, messages: state.verdict ? [] : ['the registry says no'] };
    },
    register: async () => ({ id: 1 }),
    setSubjectCompatibility: async (_subject, level) => level,
  };
}

const request = (schema: string, mode: Compatibility = 'BACKWARD'): SubjectRequest => ({
  port: 'orders',
  topic: 't',
  subject: 't-value',
  schemaPath: 'order.avsc',
  schema,
  mode,
});

test('a new subject: set its level and register, nothing to compare', async () => {
  const plan = await planSubject(fakeRegistry({ versions: [], verdict: true }), request(V1));
  assert.deepEqual(
    plan.actions.map((action) => action.kind),
    ['set-compatibility', 'register-schema'],
  );
  assert.deepEqual(plan.findings, []);
});

test('a schema already registered is not registered again, and its version is the one recorded', async () => {
  const plan = await planSubject(fakeRegistry({ versions: [V1], level: 'BACKWARD', verdict: true }), request(V1));
  assert.deepEqual(plan.actions, []);
  assert.deepEqual(plan.existing, { id: 101, version: 1 });
});

test('our engine and the registry disagree: a finding says so, an error when the registry refuses', async () => {
  const registryRefuses = await planSubject(fakeRegistry({ versions: [V1], level: 'BACKWARD', verdict: false }), request(WITH_DEFAULT));
  assert.deepEqual(
    registryRefuses.findings.map((finding) => [finding.severity, finding.code]),
    [['error', 'compatibility-disagreement']],
  );
  assert.match(
    registryRefuses.findings[0].message,
    /Our engine finds order\.avsc compatible.*the registry finds it incompatible \(the registry says no\)/,
  );

  const registryAccepts = await planSubject(fakeRegistry({ versions: [V1], level: 'BACKWARD', verdict: true }), request(WITHOUT_DEFAULT));
  assert.deepEqual(
    registryAccepts.findings.map((finding) => [finding.severity, finding.code]),
    [
      ['error', 'incompatible-schema'],
      ['warning', 'compatibility-disagreement'],
    ],
  );
  assert.deepEqual([registryAccepts.findings[0].location, registryAccepts.findings[0].version], ['/fields/1', 1]);
});

test('transitive modes ask the registry about every version, others about the latest', async () => {
  const next = JSON.stringify({
    type: 'record',
    name: 'Order',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'm', type: 'long', default: 0 },
    ],
  });
  const transitive = fakeRegistry({ versions: [V1, WITH_DEFAULT], level: 'BACKWARD_TRANSITIVE', verdict: true });
  await planSubject(transitive, request(next, 'BACKWARD_TRANSITIVE'));
  assert.deepEqual(transitive.asked, [2, 1]);
  const latest = fakeRegistry({ versions: [V1, WITH_DEFAULT], level: 'BACKWARD', verdict: true });
  await planSubject(latest, request(next));
  assert.deepEqual(latest.asked, ['latest']);
});

test('a registry at another level than the port: noted, and the level is set before registering', async () => {
  const plan = await planSubject(fakeRegistry({ versions: [V1], global: 'NONE', verdict: true }), request(WITH_DEFAULT, 'FULL'));
  assert.deepEqual(
    plan.actions.map((action) => action.kind),
    ['set-compatibility', 'register-schema'],
  );
  assert.deepEqual(
    plan.findings.map((finding) => [finding.severity, finding.code]),
    [['information', 'registry-level-differs']],
  );
  assert.match(plan.findings[0].message, /current level NONE.*sets FULL/);
});
