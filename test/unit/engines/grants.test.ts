// The grants engine against an in-memory ACL store that filters the way a broker does (literal, prefixed,
// match, any): the plan never duplicates, revoke deletes exactly the grant, a broker without an authorizer
// gives the clear message.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
  type AclFilter,
  type DescribeAclResource,
} from 'kafkajs';
import {
  defaultGroupPrefix,
  grant,
  GrantClusterError,
  listGrants,
  planGrant,
  principalProblem,
  requiredAcls,
  revoke,
  type AclAdmin,
  type GrantRequest,
} from '../../../client/src/engines/grants/grantEngine';
import { grantTargetOfManifest } from '../../../client/src/engines/grants/grantTarget';

/** Whether a stored ACL matches a filter, as the broker decides it for DescribeAcls and DeleteAcls. */
function matches(acl: AclEntry, filter: AclFilter): boolean {
  if (filter.resourceType !== AclResourceTypes.ANY && filter.resourceType !== acl.resourceType) return false;
  if (filter.operation !== AclOperationTypes.ANY && filter.operation !== acl.operation) return false;
  if (filter.permissionType !== AclPermissionTypes.ANY && filter.permissionType !== acl.permissionType) return false;
  if (filter.principal !== undefined && filter.principal !== acl.principal) return false;
  if (filter.host !== undefined && filter.host !== acl.host) return false;
  if (filter.resourcePatternType === ResourcePatternTypes.MATCH) {
    const name = filter.resourceName ?? '';
    return (
      acl.resourceName === '*' ||
      (acl.resourcePatternType === ResourcePatternTypes.LITERAL && acl.resourceName === name) ||
      (acl.resourcePatternType === ResourcePatternTypes.PREFIXED && name.startsWith(acl.resourceName))
    );
  }
  if (filter.resourcePatternType !== ResourcePatternTypes.ANY && filter.resourcePatternType !== acl.resourcePatternType) return false;
  return filter.resourceName === undefined || filter.resourceName === acl.resourceName;
}

class FakeAclAdmin implements AclAdmin {
  acls: AclEntry[] = [];
  created = 0;
  failWith: Error | undefined;

  private check(): void {
    if (this.failWith) throw this.failWith;
  }

  createAcls = async ({ acl }: { acl: AclEntry[] }) => {
    this.check();
    for (const entry of acl) {
      this.created++;
      if (!this.acls.some((stored) => JSON.stringify(stored) === JSON.stringify(entry))) this.acls.push(entry);
    }
    return true;
  };

  describeAcls = async (filter: AclFilter) => {
    this.check();
    const resources: DescribeAclResource[] = [];
    for (const acl of this.acls.filter((entry) => matches(entry, filter))) {
      let resource = resources.find(
        (entry) => entry.resourceName === acl.resourceName && entry.resourcePatternType === acl.resourcePatternType,
      );
      if (!resource) {
        resource = {
          resourceType: acl.resourceType,
          resourceName: acl.resourceName,
          resourcePatternType: acl.resourcePatternType,
          acls: [],
        };
        resources.push(resource);
      }
      resource.acls.push({ principal: acl.principal, host: acl.host, operation: acl.operation, permissionType: acl.permissionType });
    }
    return { throttleTime: 0, errorCode: 0, resources };
  };

  deleteAcls = async ({ filters }: { filters: AclFilter[] }) => {
    this.check();
    const filterResponses = filters.map((filter) => {
      const matching = this.acls.filter((acl) => matches(acl, filter));
      this.acls = this.acls.filter((acl) => !matching.includes(acl));
      return { errorCode: 0, matchingAcls: matching.map((acl) => ({ ...acl, errorCode: 0 })) };
    });
    return { throttleTime: 0, filterResponses };
  };
}

const target = grantTargetOfManifest(
  {
    id: 'sales.orders',
    outputPorts: [
      { name: 'placed', topic: 'sales.orders.placed.v1' },
      { name: 'shipped', topic: 'sales.orders.shipped.v1' },
    ],
  },
  'test',
);
const bob: GrantRequest = { target, principal: 'User:bob', groupPrefix: defaultGroupPrefix('sales.orders') };

const words = (acls: { operation: string; resourceType: string; resourceName: string }[]) =>
  acls.map((acl) => `${acl.operation} ${acl.resourceType} ${acl.resourceName}`);

describe('grants engine', () => {
  test('the target of a manifest: its id and its output-port topics, once each', () => {
    assert.deepEqual(
      grantTargetOfManifest({ id: 'a.b', outputPorts: [{ topic: 'a.b.x' }, { topic: 'a.b.x' }, { name: 'no topic' }, 'junk'] }, 'm'),
      { productId: 'a.b', topics: ['a.b.x'] },
    );
    assert.throws(() => grantTargetOfManifest({ outputPorts: [] }, 'm.yaml'), /m\.yaml has no product id/);
  });

  test('a consumer needs READ and DESCRIBE per topic and READ on the prefixed group', () => {
    assert.deepEqual(words(requiredAcls(bob)), [
      'read topic sales.orders.placed.v1',
      'describe topic sales.orders.placed.v1',
      'read topic sales.orders.shipped.v1',
      'describe topic sales.orders.shipped.v1',
      'read group sales.orders.',
    ]);
    assert.deepEqual(
      requiredAcls(bob).map((acl) => acl.patternType),
      ['literal', 'literal', 'literal', 'literal', 'prefixed'],
    );
  });

  test('principals are checked', () => {
    assert.equal(principalProblem('User:alice'), null);
    assert.match(principalProblem('alice') ?? '', /User:alice/);
    assert.match(principalProblem('User:') ?? '', /not "User:"/);
  });

  test('the plan leaves out ACLs already on the cluster; a second grant creates nothing', async () => {
    const admin = new FakeAclAdmin();
    await admin.createAcls({
      acl: [
        {
          resourceType: AclResourceTypes.TOPIC,
          resourceName: 'sales.orders.placed.v1',
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: 'User:bob',
          host: '*',
          operation: AclOperationTypes.READ,
          permissionType: AclPermissionTypes.ALLOW,
        },
      ],
    });
    const plan = await planGrant(admin, bob);
    assert.equal(plan.required.length, 5);
    assert.deepEqual(words(plan.changes), [
      'describe topic sales.orders.placed.v1',
      'read topic sales.orders.shipped.v1',
      'describe topic sales.orders.shipped.v1',
      'read group sales.orders.',
    ]);
    await grant(admin, bob);
    assert.equal(admin.acls.length, 5);
    const before = admin.created;
    assert.deepEqual((await grant(admin, bob)).changes, []);
    assert.equal(admin.created, before, 'nothing sent the second time');
  });

  test('revoke deletes exactly the grant, not the principal’s other ACLs', async () => {
    const admin = new FakeAclAdmin();
    const other: GrantRequest = {
      target: { productId: 'sales.returns', topics: ['sales.returns.v1'] },
      principal: 'User:bob',
      groupPrefix: 'sales.',
    };
    await grant(admin, other);
    await grant(admin, bob);
    await grant(admin, { ...bob, principal: 'User:carol' });
    const revoked = await revoke(admin, bob);
    assert.equal(revoked.changes.length, 5);
    assert.deepEqual(
      (await listGrants(admin, target)).map((entry) => entry.principal),
      ['User:carol'],
    );
    assert.deepEqual(
      (await listGrants(admin, other.target)).map((entry) => [entry.principal, entry.acls.map((acl) => acl.operation)]),
      [['User:bob', ['DESCRIBE', 'READ']]],
    );
    // The prefixed group ACL `sales.` of the other grant is not the product's `sales.orders.`: it stays.
    assert.ok(admin.acls.some((acl) => acl.resourceType === AclResourceTypes.GROUP && acl.resourceName === 'sales.'));
    assert.deepEqual((await revoke(admin, bob)).changes, []);
  });

  test('listGrants groups by principal and includes prefixed and wildcard ACLs that apply to the topics', async () => {
    const admin = new FakeAclAdmin();
    await grant(admin, bob);
    await admin.createAcls({
      acl: [
        {
          resourceType: AclResourceTypes.TOPIC,
          resourceName: 'sales.',
          resourcePatternType: ResourcePatternTypes.PREFIXED,
          principal: 'User:auditor',
          host: '*',
          operation: AclOperationTypes.DESCRIBE,
          permissionType: AclPermissionTypes.ALLOW,
        },
      ],
    });
    const grants = await listGrants(admin, target);
    assert.deepEqual(
      grants.map((entry) => [entry.principal, entry.acls.map((acl) => `${acl.topic} ${acl.operation} ${acl.patternType}`)]),
      [
        ['User:auditor', ['sales.orders.placed.v1 DESCRIBE PREFIXED', 'sales.orders.shipped.v1 DESCRIBE PREFIXED']],
        [
          'User:bob',
          [
            'sales.orders.placed.v1 DESCRIBE LITERAL',
            'sales.orders.placed.v1 READ LITERAL',
            'sales.orders.shipped.v1 DESCRIBE LITERAL',
            'sales.orders.shipped.v1 READ LITERAL',
          ],
        ],
      ],
    );
  });

  test('a cluster without an authorizer gives the clear message', async () => {
    const admin = new FakeAclAdmin();
    admin.failWith = Object.assign(new Error('Security features are disabled'), { type: 'SECURITY_DISABLED', code: 54 });
    await assert.rejects(planGrant(admin, bob), (error: unknown) => {
      assert.ok(error instanceof GrantClusterError);
      assert.match(error.message, /^the cluster has no authorizer \(SECURITY_DISABLED\)/);
      return true;
    });
    // Other failures (a lost connection) pass through for the connection remedies.
    admin.failWith = Object.assign(new Error('Connection timeout'), { type: undefined });
    await assert.rejects(listGrants(admin, target), /Connection timeout/);
  });
});
