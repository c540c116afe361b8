// The Mesh view's grants: a published product lists the principals with ACLs on its topics under a
// `grants` node; drafts and an offline view have none; a cluster without an authorizer says so.
import { stubState } from '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { MeshTreeProvider, type MeshNode } from '../../../client/src/views/mesh/meshTreeProvider';
import { FakeBrowseContext, catalogProduct, draft, type FakeData } from '../../support/fakeBrowseContext';
import { GrantClusterError, type TopicAcl } from '../../../client/src/engines/grants/grantEngine';

void stubState;

const orders = catalogProduct('sales.orders', {
  domain: 'sales',
  name: 'orders',
  outputPorts: [
    { name: 'placed', topic: 'sales.orders.placed.v1' },
    { name: 'shipped', topic: 'sales.orders.shipped.v1' },
  ],
});

const acl = (topic: string, operation: string, extra: Partial<TopicAcl> = {}): TopicAcl => ({
  topic,
  resourceName: topic,
  patternType: 'LITERAL',
  host: '*',
  operation,
  permission: 'ALLOW',
  ...extra,
});

const GRANTS: FakeData['grants'] = [
  { principal: 'User:alice', acls: [acl('sales.orders.placed.v1', 'READ'), acl('sales.orders.placed.v1', 'DESCRIBE')] },
  { principal: 'User:ops', acls: [acl('sales.orders.shipped.v1', 'DESCRIBE', { patternType: 'PREFIXED', resourceName: 'sales.' })] },
  { principal: 'User:other', acls: [acl('billing.invoices.v1', 'READ')] },
];

async function productChildren(mesh: MeshTreeProvider): Promise<MeshNode[]> {
  const [domain] = await mesh.getChildren();
  const [product] = await mesh.getChildren(domain);
  return mesh.getChildren(product);
}

const label = (item: vscode.TreeItem) => [item.label, item.description];

test('a published product has a grants node with one node per principal with ACLs on its topics', async () => {
  const context = new FakeBrowseContext({ catalog: [orders], grants: GRANTS });
  const mesh = new MeshTreeProvider(context);
  const children = await productChildren(mesh);
  assert.deepEqual(
    children.map((node) => node.kind),
    ['port', 'port', 'grants'],
  );
  const grantsNode = children[2];
  assert.deepEqual(label(mesh.getTreeItem(grantsNode)), ['grants', 'who may read']);
  assert.equal(context.calls.includes('listGrants'), false, 'the ACLs are read only when the node is expanded');

  const principals = await mesh.getChildren(grantsNode);
  assert.deepEqual(
    principals.map((node) => label(mesh.getTreeItem(node))),
    [
      ['User:alice', 'READ, DESCRIBE'],
      ['User:ops', 'DESCRIBE'],
    ],
  );
  const tooltip = mesh.getTreeItem(principals[1]).tooltip as vscode.MarkdownString;
  assert.match(tooltip.value, /by prefixed sales\\\./);
  assert.equal(mesh.getTreeItem(principals[0]).contextValue, 'grant');
});

test('no ACLs: a message; no authorizer: says so; another failure: an error node', async () => {
  const context = new FakeBrowseContext({ catalog: [orders] });
  const mesh = new MeshTreeProvider(context);
  const grantsNode = (await productChildren(mesh)).find((node) => node.kind === 'grants')!;
  assert.deepEqual(
    (await mesh.getChildren(grantsNode)).map((node) => node.name),
    ['No ACLs on its topics'],
  );

  context.fail.add('listGrants');
  context.failure = new GrantClusterError('the cluster has no authorizer (SECURITY_DISABLED): it keeps no ACLs');
  assert.deepEqual(
    (await mesh.getChildren(grantsNode)).map((node) => [node.kind, node.name]),
    [['message', 'The cluster has no authorizer']],
  );

  context.failure = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  assert.deepEqual(
    (await mesh.getChildren(grantsNode)).map((node) => node.kind),
    ['error'],
  );
});

test('drafts and a view without a connection have no grants node', async () => {
  const drafted = new MeshTreeProvider(
    new FakeBrowseContext({
      drafts: [draft('sales.returns', { outputPorts: [{ name: 'r', topic: 'sales.returns.v1' }] })],
      grants: GRANTS,
    }),
  );
  assert.deepEqual(
    (await productChildren(drafted)).map((node) => node.kind),
    ['port'],
  );
  const offline = new MeshTreeProvider(
    new FakeBrowseContext({ catalog: [orders], drafts: [draft('sales.orders', { outputPorts: [] })], state: { kind: 'none' } }),
  );
  assert.equal(
    (await productChildren(offline)).some((node) => node.kind === 'grants'),
    false,
  );
});
