// The browse engines over fake kafkajs admin and registry clients: lag arithmetic, assignment decoding,
// config sources, the registry's compatibility fallback (Confluent's 404 and Apicurio's NONE), timeouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssignerProtocol, ConfigSource, type Admin } from 'kafkajs';
import { ClusterBrowser } from '../../../client/src/engines/browse/clusterBrowser';
import { SchemaBrowser, isApicurio, prettySchema } from '../../../client/src/engines/browse/schemaBrowser';
import type { RegistryClient } from '../../../client/src/kafka/registryClient';
import { OperationTimeoutError } from '../../../client/src/kafka/withTimeout';
import { RegistryHttpError } from '../../../client/src/kafka/connectionErrors';
import { registryVersionsOf } from '../../../client/src/engines/history/registryHistory';

function fakeAdmin(overrides: Partial<Record<keyof Admin, unknown>>): Admin {
  return overrides as unknown as Admin;
}

test('describeGroup: lag = latest − committed; no commit means unread events, not lag; every partition listed; assigned-but-uncommitted partitions and deleted topics handled', async () => {
  const assignment = AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: { orders: [1, 0] }, userData: Buffer.alloc(0) });
  const admin = fakeAdmin({
    describeGroups: async () => ({
      groups: [
        {
          groupId: 'g',
          state: 'Stable',
          protocol: 'RoundRobinAssigner',
          protocolType: 'consumer',
          members: [
            { memberId: 'm-1', clientId: 'app', clientHost: '/10.0.0.1', memberAssignment: assignment, memberMetadata: Buffer.alloc(0) },
          ],
        },
      ],
    }),
    fetchOffsets: async () => [
      {
        topic: 'orders',
        partitions: [
          { partition: 0, offset: '10', metadata: null },
          { partition: 1, offset: '-1', metadata: null },
        ],
      },
      { topic: 'deleted', partitions: [{ partition: 0, offset: '3', metadata: null }] },
    ],
    listTopics: async () => ['orders'],
    fetchTopicOffsets: async (topic: string) => {
      assert.equal(topic, 'orders');
      return [
        { partition: 0, offset: '15', high: '15', low: '2' },
        { partition: 1, offset: '7', high: '7', low: '0' },
        { partition: 2, offset: '9', high: '9', low: '0' },
      ];
    },
  });
  const detail = await new ClusterBrowser(admin).describeGroup('g');
  assert.equal(detail.state, 'Stable');
  assert.deepEqual(detail.memberDetails[0].assignment, [{ topic: 'orders', partitions: [0, 1] }]);
  assert.deepEqual(detail.topics, [
    {
      topic: 'orders',
      totalLag: 5,
      partitions: [
        { partition: 0, committed: 10, latest: 15, earliest: 2, lag: 5 },
        { partition: 1, committed: undefined, latest: 7, earliest: 0, lag: undefined, unread: 7 },
        // Neither committed nor assigned, but a partition of a topic the group reads: unread, not hidden.
        { partition: 2, committed: undefined, latest: 9, earliest: 0, lag: undefined, unread: 9 },
      ],
      partitionsWithoutOffset: 2,
      unreadWithoutOffset: 16,
    },
  ]);
  assert.equal(detail.totalLag, 5);
});

test("topicConfigs: only topic-level values are the topic's own; sensitive values are hidden", async () => {
  const admin = fakeAdmin({
    describeConfigs: async () => ({
      throttleTime: 0,
      resources: [
        {
          errorCode: 0,
          errorMessage: '',
          resourceName: 't',
          resourceType: 2,
          configEntries: [
            {
              configName: 'retention.ms',
              configValue: '1000',
              isDefault: false,
              configSource: ConfigSource.TOPIC_CONFIG,
              isSensitive: false,
              readOnly: false,
              configSynonyms: [],
            },
            {
              configName: 'min.insync.replicas',
              configValue: '1',
              isDefault: false,
              configSource: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
              isSensitive: false,
              readOnly: false,
              configSynonyms: [],
            },
            {
              configName: 'a.secret',
              configValue: 'x',
              isDefault: false,
              configSource: ConfigSource.TOPIC_CONFIG,
              isSensitive: true,
              readOnly: false,
              configSynonyms: [],
            },
          ],
        },
      ],
    }),
  });
  const configs = await new ClusterBrowser(admin).topicConfigs('t');
  assert.deepEqual(
    configs.map((entry) => [entry.name, entry.value, entry.isDefault, entry.source]),
    [
      ['a.secret', null, false, 'topic'],
      ['min.insync.replicas', '1', true, 'dynamic-default-broker'],
      ['retention.ms', '1000', false, 'topic'],
    ],
  );
});

test('listTopics marks `_` topics internal and sorts by name; a query that hangs is an OperationTimeoutError', async () => {
  const admin = fakeAdmin({
    fetchTopicMetadata: async () => ({
      topics: [
        { name: 'b', partitions: [{ partitionId: 0, leader: 1, replicas: [1, 2], isr: [1, 2], partitionErrorCode: 0 }] },
        { name: '__consumer_offsets', partitions: [{ partitionId: 0, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }] },
        { name: 'a', partitions: [] },
      ],
    }),
    listGroups: () => new Promise(() => undefined),
  });
  const browser = new ClusterBrowser(admin, { timeoutMs: 50, target: 'broker x:1' });
  assert.deepEqual(await browser.listTopics(), [
    { name: '__consumer_offsets', internal: true, partitions: 1, replicationFactor: 1 },
    { name: 'a', internal: false, partitions: 0, replicationFactor: 0 },
    { name: 'b', internal: false, partitions: 1, replicationFactor: 2 },
  ]);
  await assert.rejects(browser.listGroups(), (error: unknown) => error instanceof OperationTimeoutError && error.target === 'broker x:1');
});

function fakeRegistry(url: string, own: string | undefined, global = 'FULL'): RegistryClient {
  let globalCalls = 0;
  return {
    url,
    subjectCompatibility: async () => own,
    globalCompatibility: async () => {
      globalCalls++;
      return global;
    },
    get globalCalls() {
      return globalCalls;
    },
  } as unknown as RegistryClient;
}

test('compatibility: the subject\'s own level, else the global one; Apicurio\'s NONE means "not set"', async () => {
  assert.deepEqual(await new SchemaBrowser(fakeRegistry('http://r:8081', 'FORWARD')).compatibility('s'), {
    level: 'FORWARD',
    source: 'subject',
  });
  assert.deepEqual(await new SchemaBrowser(fakeRegistry('http://r:8081', undefined)).compatibility('s'), {
    level: 'FULL',
    source: 'global',
  });
  assert.deepEqual(
    await new SchemaBrowser(fakeRegistry('http://r:8081', 'NONE')).compatibility('s'),
    { level: 'NONE', source: 'subject' },
    'Confluent: NONE is a level of its own',
  );
  assert.deepEqual(await new SchemaBrowser(fakeRegistry('http://r:8080/apis/ccompat/v7', 'NONE')).compatibility('s'), {
    level: 'FULL',
    source: 'global',
  });
  const registry = fakeRegistry('http://r:8081', undefined);
  const browser = new SchemaBrowser(registry);
  await browser.compatibility('a');
  await browser.compatibility('b');
  assert.equal((registry as unknown as { globalCalls: number }).globalCalls, 1, 'the global level is asked once');
  assert.equal(isApicurio('http://h/apis/ccompat/v7/'), true);
  assert.equal(prettySchema('"string"'), '"string"\n');
  assert.equal(prettySchema('not json'), 'not json');
});

test('the registry history: newest first, Avro only, none for an unknown subject', async () => {
  const texts: Record<number, string> = { 1: '{"type":"string"}', 2: '{"type":"long"}', 3: 'syntax = "proto3";' };
  const registry = {
    versions: async (subject: string) => {
      if (subject !== 'orders-value') throw new RegistryHttpError(404, 'http://registry/subjects/x/versions', 40401, 'Subject not found');
      return [1, 3, 2].map((version) => ({ subject, version, id: version, schemaType: 'AVRO' as const }));
    },
    schema: async (subject: string, version: number) => ({
      subject,
      version,
      id: version,
      schemaType: version === 3 ? ('PROTOBUF' as const) : ('AVRO' as const),
      schema: texts[version],
    }),
  };
  const versions = await registryVersionsOf('orders-value', registry);
  assert.deepEqual(versions, [
    { label: 'version 2 of orders-value', text: '{"type":"long"}' },
    { label: 'version 1 of orders-value', text: '{"type":"string"}' },
  ]);
  assert.deepEqual(await registryVersionsOf('unknown-value', registry), []);
});
