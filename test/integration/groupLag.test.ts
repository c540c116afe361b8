// Consumer lag against a real broker: a group that committed on partition 2 only of a 3-partition topic.
// The partitions without a committed offset are listed as "no offset" with the events the group would read
// (latest − earliest, under auto.offset.reset=earliest), never as lag 0 with a green check. The offsets are
// checked against Debian's kcat, an independent client.
import { stubState } from '../support/installVscodeStub';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { releaseTestStack, startTestStack, STACK_TEST_TIMEOUT_MS } from './support/stackFixture';
import { chooseJava } from '../../client/src/engines/stack/stackPrerequisites';
import { ClusterBrowser, type ClusterQueries } from '../../client/src/engines/browse/clusterBrowser';
import { GroupsTreeProvider, type GroupsNode } from '../../client/src/views/groups/groupsTreeProvider';
import { FakeBrowseContext } from '../support/fakeBrowseContext';

void stubState;
const inCi = process.env.CI === 'true';
const kcatMissing = spawnSync('kcat', ['-V'], { encoding: 'utf8' }).status !== 0;

const run = randomUUID().slice(0, 8);
const TOPIC = `lag-${run}.events.v1`;
const GROUP = `lag-${run}-reader`;
/** Events produced per partition. */
const PRODUCED = [4, 2, 3];
/** The only commit: partition 2 at offset 1, so its lag is 3 − 1 = 2. */
const COMMITTED_PARTITION = 2;
const COMMITTED_OFFSET = 1;

/** A BrowseContext whose cluster is the real one. */
class RealClusterContext extends FakeBrowseContext {
  constructor(private readonly queries: ClusterQueries) {
    super({});
  }
  override async cluster(): Promise<ClusterQueries> {
    return this.queries;
  }
}

function kcatCount(bootstrap: string, partition: number): number {
  const result = spawnSync(
    'kcat',
    ['-C', '-b', bootstrap, '-t', TOPIC, '-p', String(partition), '-o', 'beginning', '-e', '-q', '-f', '%o\\n'],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (result.status !== 0) throw new Error(`kcat failed: ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean).length;
}

describe('consumer lag with partitions that have no committed offset', { timeout: 600_000 }, () => {
  let noJava: string | undefined;
  let bootstrap = '';
  let admin: Admin;
  let browser: ClusterBrowser;

  before(
    async () => {
      try {
        await chooseJava();
      } catch (error) {
        if (inCi) throw error;
        noJava = `no Java for the local stack: ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
      bootstrap = (await startTestStack()).bootstrap;
      const kafka = new Kafka({ clientId: 'lag-test', brokers: [bootstrap], logLevel: logLevel.NOTHING });
      admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 3 }] });
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      for (const [partition, count] of PRODUCED.entries())
        await producer.send({
          topic: TOPIC,
          acks: -1,
          messages: Array.from({ length: count }, (_, index) => ({ partition, value: `e${index}` })),
        });
      await producer.disconnect();
      await admin.setOffsets({
        groupId: GROUP,
        topic: TOPIC,
        partitions: [{ partition: COMMITTED_PARTITION, offset: String(COMMITTED_OFFSET) }],
      });
      browser = new ClusterBrowser(admin);
    },
    { timeout: STACK_TEST_TIMEOUT_MS },
  );

  after(async () => {
    if (admin) {
      await admin.deleteGroups([GROUP]).catch(() => undefined);
      await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
      await admin.disconnect();
    }
    await releaseTestStack();
  });

  test('the engine lists every partition; those without a commit carry the events they would read', async (t) => {
    if (noJava) return t.skip(noJava);
    const detail = await browser.describeGroup(GROUP);
    const [lag] = detail.topics;
    assert.equal(lag.topic, TOPIC);
    assert.deepEqual(
      lag.partitions.map((partition) => [partition.partition, partition.committed, partition.lag, partition.unread]),
      [
        [0, undefined, undefined, PRODUCED[0]],
        [1, undefined, undefined, PRODUCED[1]],
        [2, COMMITTED_OFFSET, PRODUCED[2] - COMMITTED_OFFSET, undefined],
      ],
    );
    assert.equal(lag.totalLag, PRODUCED[2] - COMMITTED_OFFSET);
    assert.equal(lag.partitionsWithoutOffset, 2);
    assert.equal(lag.unreadWithoutOffset, PRODUCED[0] + PRODUCED[1]);
  });

  test('the tree says "no offset" with the count kcat reads from the beginning, and no green check', async (t) => {
    if (noJava) return t.skip(noJava);
    if (kcatMissing) {
      if (inCi) assert.fail('kcat is missing');
      return t.skip('kcat is not installed');
    }
    const groups = new GroupsTreeProvider(new RealClusterContext(browser));
    const group: GroupsNode = {
      kind: 'group',
      name: GROUP,
      group: { groupId: GROUP, protocolType: 'consumer', state: 'Empty', members: 0, protocol: '' },
    };
    const details = await groups.getChildren(group);
    const topicNode = details.find((node) => node.kind === 'topicLag');
    assert.ok(topicNode, 'the topic is listed');
    const topicItem = groups.getTreeItem(topicNode);
    const unread = kcatCount(bootstrap, 0) + kcatCount(bootstrap, 1);
    assert.equal(
      topicItem.description,
      `lag ${PRODUCED[2] - COMMITTED_OFFSET} · no offset on 2 partitions · ${unread} unread (earliest) · unowned`,
    );
    assert.notEqual((topicItem.iconPath as vscode.ThemeIcon).id, 'check');

    const partitions = await groups.getChildren(topicNode);
    assert.deepEqual(
      partitions.map((node) => groups.getTreeItem(node).description),
      [
        `no offset · ${kcatCount(bootstrap, 0)} to read from earliest 0 · latest ${PRODUCED[0]}`,
        `no offset · ${kcatCount(bootstrap, 1)} to read from earliest 0 · latest ${PRODUCED[1]}`,
        `committed ${COMMITTED_OFFSET} · latest ${kcatCount(bootstrap, 2)} · lag ${kcatCount(bootstrap, 2) - COMMITTED_OFFSET}`,
      ],
    );
    for (const node of partitions) assert.doesNotMatch(String(groups.getTreeItem(node).description), /lag 0/);
  });
});
