/**
 * The Consumer groups view: group (state, member count) → its state, its members, the data products
 * it reads (lineage: the group reads a topic that a product owns), and per topic the lag of each
 * partition (latest − committed). A group's details are fetched once, when it is expanded.
 */
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../../commandIds';
import type { GroupDetail, GroupListing, GroupMemberInfo, PartitionLag, TopicLag } from '../../engines/browse/clusterBrowser';
import { ownerOfTopic, productsReadBy, type MeshModel, type MeshProduct, type TopicOwner } from '../../engines/browse/meshModel';
import type { BrowseContext } from '../../connections/browseContext';
import { CATALOG_GROUP_PREFIX } from '../../engines/catalog/catalogNames';
import { SAMPLE_GROUP_PREFIX } from '../../engines/sample/sampleNames';
import {
  BrowseTreeProvider,
  sharedTreeItem,
  connectionNode,
  errorNode,
  escapeMarkdown,
  markdown,
  messageNode,
  plural,
  type ConnectionNode,
  type ErrorNode,
  type MessageNode,
} from '../treeSupport';

export interface GroupNode {
  kind: 'group';
  name: string;
  group: GroupListing;
}

export interface StateNode {
  kind: 'state';
  name: string;
  group: GroupDetail;
}

export interface MembersNode {
  kind: 'members';
  name: string;
  group: GroupDetail;
}

export interface MemberNode {
  kind: 'member';
  name: string;
  groupId: string;
  member: GroupMemberInfo;
}

export interface ReadsNode {
  kind: 'reads';
  name: string;
  groupId: string;
  products: MeshProduct[];
}

export interface ProductRefNode {
  kind: 'productRef';
  name: string;
  groupId: string;
  product: MeshProduct;
  manifestUri?: string;
  idRange?: MeshProduct['idRange'];
}

export interface TopicLagNode {
  kind: 'topicLag';
  name: string;
  groupId: string;
  lag: TopicLag;
  owner?: TopicOwner;
}

export interface PartitionLagNode {
  kind: 'partitionLag';
  name: string;
  groupId: string;
  topic: string;
  lag: PartitionLag;
}

export type GroupsNode =
  | GroupNode
  | StateNode
  | MembersNode
  | MemberNode
  | ReadsNode
  | ProductRefNode
  | TopicLagNode
  | PartitionLagNode
  | ErrorNode
  | ConnectionNode
  | MessageNode;

export class GroupsTreeProvider extends BrowseTreeProvider<GroupsNode> {
  constructor(context: BrowseContext) {
    super(context, VIEWS.groups, ['connection', 'catalog', 'drafts']);
  }

  async getChildren(node?: GroupsNode): Promise<GroupsNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'group':
        return this.details(node.name);
      case 'members':
        return node.group.memberDetails.map((member) => ({
          kind: 'member',
          name: member.clientId || member.memberId,
          groupId: node.group.groupId,
          member,
        }));
      case 'reads':
        return node.products.map((product) => ({
          kind: 'productRef',
          name: product.id,
          groupId: node.groupId,
          product,
          ...(product.manifestUri ? { manifestUri: product.manifestUri, idRange: product.idRange } : {}),
        }));
      case 'topicLag':
        return node.lag.partitions.map((lag) => ({
          kind: 'partitionLag',
          name: `${node.lag.topic}/${lag.partition}`,
          groupId: node.groupId,
          topic: node.lag.topic,
          lag,
        }));
      default:
        return [];
    }
  }

  private async roots(): Promise<GroupsNode[]> {
    const state = this.context.connectionState();
    if (state.kind === 'none') return [];
    if (state.kind === 'inactive') return [connectionNode(state)];
    try {
      // The extension's own catalog readers are not the mesh's consumers.
      const groups = (await (await this.context.cluster()).listGroups()).filter(
        (group) => !group.groupId.startsWith(CATALOG_GROUP_PREFIX) && !group.groupId.startsWith(SAMPLE_GROUP_PREFIX),
      );
      if (groups.length === 0) return [messageNode('empty', 'No consumer groups')];
      return groups.map((group) => ({ kind: 'group', name: group.groupId, group }));
    } catch (error) {
      return [errorNode('groups', 'List consumer groups', error)];
    }
  }

  private async details(groupId: string): Promise<GroupsNode[]> {
    let detail: GroupDetail;
    let model: MeshModel | undefined;
    try {
      const cluster = await this.context.cluster();
      const [described, snapshot] = await Promise.all([cluster.describeGroup(groupId), this.context.mesh().catch(() => undefined)]);
      detail = described;
      model = snapshot?.model;
    } catch (error) {
      return [errorNode(`group:${groupId}`, `Describe group ${groupId}`, error)];
    }
    const products = model
      ? productsReadBy(
          model,
          detail.topics.map((topic) => topic.topic),
        )
      : [];
    const nodes: GroupsNode[] = [
      { kind: 'state', name: `${groupId} state`, group: detail },
      { kind: 'members', name: `${groupId} members`, group: detail },
      { kind: 'reads', name: `${groupId} reads`, groupId, products },
    ];
    for (const lag of detail.topics) {
      const owner = model ? ownerOfTopic(model, lag.topic) : undefined;
      nodes.push({ kind: 'topicLag', name: lag.topic, groupId, lag, ...(owner ? { owner } : {}) });
    }
    return nodes;
  }

  getTreeItem(node: GroupsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'error':
      case 'connection':
      case 'message':
        return sharedTreeItem(this.viewId, node);
      case 'group':
        return groupItem(node.group);
      case 'state': {
        const item = new vscode.TreeItem(`State: ${node.group.state}`, vscode.TreeItemCollapsibleState.None);
        item.id = `groups:state:${node.group.groupId}`;
        item.description = [node.group.protocolType, node.group.protocol].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(stateIcon(node.group.state));
        item.contextValue = 'groupState';
        item.tooltip = markdown([
          escapeMarkdown(
            `State ${node.group.state}; protocol type ${node.group.protocolType || '-'}, assignor ${node.group.protocol || '-'}.`,
          ),
        ]);
        return item;
      }
      case 'members': {
        const count = node.group.memberDetails.length;
        const item = new vscode.TreeItem(
          `Members (${count})`,
          count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `groups:members:${node.group.groupId}`;
        item.iconPath = new vscode.ThemeIcon('person');
        item.contextValue = 'members';
        return item;
      }
      case 'member':
        return memberItem(node);
      case 'reads': {
        const count = node.products.length;
        const item = new vscode.TreeItem(
          count > 0 ? `Reads ${plural(count, 'data product')}` : 'Reads no data product',
          count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `groups:reads:${node.groupId}`;
        item.description = node.products.map((product) => product.id).join(', ');
        item.iconPath = new vscode.ThemeIcon('references');
        item.contextValue = 'reads';
        item.tooltip = 'Lineage: the products that own the topics this group has offsets for or is assigned.';
        return item;
      }
      case 'productRef': {
        const item = new vscode.TreeItem(node.product.id, vscode.TreeItemCollapsibleState.None);
        item.id = `groups:product:${node.groupId}:${node.product.id}`;
        item.description = [node.product.origin === 'draft' ? 'draft' : node.product.status, node.product.tier, node.product.owner]
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon('package');
        item.contextValue = `productRef${node.manifestUri ? '.manifest' : ''}`;
        if (node.manifestUri) item.command = { command: COMMANDS.revealManifest, title: 'Reveal Manifest', arguments: [node] };
        return item;
      }
      case 'topicLag':
        return topicLagItem(node);
      case 'partitionLag':
        return partitionLagItem(node);
    }
  }
}

function stateIcon(state: string): string {
  switch (state) {
    case 'Stable':
      return 'pass';
    case 'Empty':
      return 'circle-large-outline';
    case 'Dead':
      return 'error';
    default:
      return 'sync';
  }
}

function groupItem(group: GroupListing): vscode.TreeItem {
  const item = new vscode.TreeItem(group.groupId, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `groups:group:${group.groupId}`;
  item.description = `${group.state} · ${plural(group.members, 'member')}`;
  item.iconPath = new vscode.ThemeIcon('organization');
  item.contextValue = 'group';
  item.tooltip = markdown([
    `**Consumer group ${escapeMarkdown(group.groupId)}**`,
    escapeMarkdown(
      `State ${group.state}, ${plural(group.members, 'member')}${group.protocolType ? `, protocol type ${group.protocolType}` : ''}. Expand for lag and lineage.`,
    ),
  ]);
  return item;
}

function memberItem(node: MemberNode): vscode.TreeItem {
  const { member } = node;
  const item = new vscode.TreeItem(member.clientId || member.memberId, vscode.TreeItemCollapsibleState.None);
  item.id = `groups:member:${node.groupId}:${member.memberId}`;
  const assigned = member.assignment.map((entry) => `${entry.topic}[${entry.partitions.join(',')}]`).join(' ');
  item.description = `${member.clientHost}${assigned ? ` · ${assigned}` : ''}`;
  item.iconPath = new vscode.ThemeIcon('person');
  item.contextValue = 'member';
  item.tooltip = markdown([
    `**${escapeMarkdown(member.clientId)}** on ${escapeMarkdown(member.clientHost)}`,
    escapeMarkdown(`Member id ${member.memberId}`),
    assigned ? escapeMarkdown(`Assigned: ${assigned}`) : 'No partitions assigned.',
  ]);
  return item;
}

function topicLagItem(node: TopicLagNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.lag.topic, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `groups:topic:${node.groupId}:${node.lag.topic}`;
  item.description = `${topicLagSummary(node.lag)} · ${node.owner ? `${node.owner.product.id}` : 'unowned'}`;
  // A check only when every partition has a commit and nothing is left to read.
  const caughtUp = node.lag.totalLag === 0 && node.lag.partitionsWithoutOffset === 0;
  item.iconPath = new vscode.ThemeIcon(caughtUp ? 'check' : node.lag.partitionsWithoutOffset > 0 ? 'warning' : 'arrow-down');
  item.contextValue = 'groupTopic';
  const withoutOffset = node.lag.partitionsWithoutOffset;
  item.tooltip = markdown([
    `**${escapeMarkdown(node.lag.topic)}**`,
    escapeMarkdown(
      `Total lag ${node.lag.totalLag} over the ${plural(node.lag.partitions.length - withoutOffset, 'partition')} with a committed offset; ${node.owner ? `owned by ${node.owner.product.id}` : 'no data product owns this topic'}.`,
    ),
    ...(withoutOffset > 0
      ? [
          escapeMarkdown(
            `${plural(withoutOffset, 'partition')} without a committed offset: ${UNREAD_EXPLANATION} ${plural(node.lag.unreadWithoutOffset, 'event')} in all.`,
          ),
        ]
      : []),
  ]);
  return item;
}

/** What "events to read" means for a partition without a committed offset. */
const UNREAD_EXPLANATION =
  'the group would read every event still on the partition (latest − earliest offset) under auto.offset.reset=earliest, none under latest:';

/** "lag 3", or "lag 3 · 2 partitions without offset (12 events unread)". */
export function topicLagSummary(lag: TopicLag): string {
  const committed = `lag ${lag.totalLag.toLocaleString('en-US')}`;
  if (lag.partitionsWithoutOffset === 0) return committed;
  const partitions = plural(lag.partitionsWithoutOffset, 'partition');
  const unread = `${lag.unreadWithoutOffset.toLocaleString('en-US')} unread`;
  return lag.partitionsWithoutOffset === lag.partitions.length
    ? `no offset · ${unread} (earliest)`
    : `${committed} · no offset on ${partitions} · ${unread} (earliest)`;
}

/** "committed 10 · latest 52 · lag 42", or "no offset · 7 to read from earliest 5 · latest 12"; shared with tests. */
export function partitionLagDescription(lag: PartitionLag): string {
  return lag.committed === undefined
    ? `no offset · ${(lag.unread ?? lag.latest - lag.earliest).toLocaleString('en-US')} to read from earliest ${lag.earliest} · latest ${lag.latest}`
    : `committed ${lag.committed} · latest ${lag.latest} · lag ${lag.lag}`;
}

function partitionLagItem(node: PartitionLagNode): vscode.TreeItem {
  const item = new vscode.TreeItem(`Partition ${node.lag.partition}`, vscode.TreeItemCollapsibleState.None);
  item.id = `groups:partition:${node.groupId}:${node.topic}:${node.lag.partition}`;
  item.description = partitionLagDescription(node.lag);
  item.iconPath = new vscode.ThemeIcon('symbol-number');
  item.contextValue = 'partitionLag';
  item.tooltip = markdown([
    escapeMarkdown(`${node.topic}, partition ${node.lag.partition}`),
    escapeMarkdown(
      `Committed: ${node.lag.committed ?? 'none'}; earliest ${node.lag.earliest}; latest ${node.lag.latest}; lag ${node.lag.lag ?? 'unknown (no commit)'}.`,
    ),
    ...(node.lag.committed === undefined ? [escapeMarkdown(`No committed offset: ${UNREAD_EXPLANATION} ${node.lag.unread ?? 0}.`)] : []),
  ]);
  if (node.lag.committed === undefined) item.iconPath = new vscode.ThemeIcon('warning');
  return item;
}
