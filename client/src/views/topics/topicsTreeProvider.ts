/**
 * The Topics view: every topic (internal ones behind a toggle) with its owning product or "unowned"
 * → partitions (leader, in-sync replicas, earliest and latest offsets) and a Configs folder. Only
 * the topic list is fetched up front (one metadata request); partitions and configs on expand.
 */
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../../commandIds';
import type { PartitionInfo, TopicConfigEntry, TopicListing } from '../../engines/browse/clusterBrowser';
import { ownerOfTopic, type MeshModel, type TopicOwner } from '../../engines/browse/meshModel';
import type { BrowseContext } from '../../connections/browseContext';
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

export interface TopicNode {
  kind: 'topic';
  name: string;
  topic: TopicListing;
  owner?: TopicOwner;
  /** Other products that declare the same topic (a conflict worth showing). */
  otherOwners: string[];
}

export interface PartitionNode {
  kind: 'partition';
  name: string;
  topic: string;
  info: PartitionInfo;
}

export interface ConfigsNode {
  kind: 'configs';
  name: string;
  topic: string;
}

export interface ConfigNode {
  kind: 'config';
  name: string;
  topic: string;
  entry: TopicConfigEntry;
}

export type TopicsNode = TopicNode | PartitionNode | ConfigsNode | ConfigNode | ErrorNode | ConnectionNode | MessageNode;

/**
 * The most topic nodes the view lists at once: a cluster of 50,000 topics would make VS Code build (and the
 * user scroll) 50,000 rows. Past it, a message node offers the filter.
 */
export const TOPICS_PAGE_SIZE = 1000;

export class TopicsTreeProvider extends BrowseTreeProvider<TopicsNode> {
  private showInternal = false;
  private nameFilter = '';

  constructor(context: BrowseContext) {
    // A catalog record can change a topic's owner; drafts too.
    super(context, VIEWS.topics, ['connection', 'catalog', 'drafts']);
  }

  get showsInternalTopics(): boolean {
    return this.showInternal;
  }

  setShowInternal(show: boolean): void {
    if (show === this.showInternal) return;
    this.showInternal = show;
    this.refresh();
  }

  get topicFilter(): string {
    return this.nameFilter;
  }

  /** Shows only topics whose name contains `text` (any case); empty shows them all. */
  setTopicFilter(text: string): void {
    const filter = text.trim();
    if (filter === this.nameFilter) return;
    this.nameFilter = filter;
    this.refresh();
  }

  async getChildren(node?: TopicsNode): Promise<TopicsNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'topic':
        return this.partitions(node.name);
      case 'configs':
        return this.configs(node.name, node.topic);
      default:
        return [];
    }
  }

  private async roots(): Promise<TopicsNode[]> {
    const state = this.context.connectionState();
    // Without a connection the view is empty, so that VS Code shows the welcome content with its buttons.
    if (state.kind === 'none') return [];
    if (state.kind === 'inactive') return [connectionNode(state)];
    let topics: TopicListing[];
    let model: MeshModel | undefined;
    try {
      const cluster = await this.context.cluster();
      // The mesh only adds owners: when the catalog cannot be read, topics still show.
      const [listed, snapshot] = await Promise.all([cluster.listTopics(), this.context.mesh().catch(() => undefined)]);
      topics = listed;
      model = snapshot?.model;
    } catch (error) {
      return [errorNode('topics', 'List topics', error)];
    }
    const visible = this.showInternal ? topics : topics.filter((topic) => !topic.internal);
    const needle = this.nameFilter.toLowerCase();
    const matching = needle ? visible.filter((topic) => topic.name.toLowerCase().includes(needle)) : visible;
    const shown = matching.slice(0, TOPICS_PAGE_SIZE);
    const nodes: TopicsNode[] = shown.map((topic) => {
      const owners = model?.topicOwners.get(topic.name) ?? [];
      const owner = model ? ownerOfTopic(model, topic.name) : undefined;
      return {
        kind: 'topic',
        name: topic.name,
        topic,
        ...(owner ? { owner } : {}),
        otherOwners: owners.slice(1).map((entry) => entry.product.id),
      };
    });
    if (needle) {
      nodes.unshift(
        messageNode('filter', `Filter "${this.nameFilter}": ${matching.length} of ${plural(visible.length, 'topic')}`, {
          icon: 'filter-filled',
          command: { command: COMMANDS.filterTopics, title: 'Filter Topics' },
          tooltip: 'Click to change the filter; an empty filter shows every topic.',
        }),
      );
    }
    if (matching.length > shown.length) {
      nodes.push(
        messageNode('more', `${plural(matching.length - shown.length, 'more topic')}: filter to narrow the list`, {
          icon: 'ellipsis',
          command: { command: COMMANDS.filterTopics, title: 'Filter Topics' },
          tooltip: `The view lists the first ${TOPICS_PAGE_SIZE} topics by name. Filter by a part of the name to find the others.`,
        }),
      );
    }
    const hidden = topics.length - visible.length;
    if (hidden > 0) {
      nodes.push(
        messageNode('internal-hidden', `${plural(hidden, 'internal topic')} hidden`, {
          icon: 'eye-closed',
          command: { command: COMMANDS.showInternalTopics, title: 'Show Internal Topics' },
          tooltip: 'Topics whose names start with "_" (Kafka\'s own, the schema registry\'s, the mesh catalog). Click to show them.',
        }),
      );
    }
    if (topics.length === 0) nodes.push(messageNode('empty', 'No topics', { tooltip: 'Create one with "Data Mesh: Create Topic".' }));
    return nodes;
  }

  private async partitions(topic: string): Promise<TopicsNode[]> {
    try {
      const partitions = await (await this.context.cluster()).describePartitions(topic);
      const nodes: TopicsNode[] = partitions.map((info) => ({ kind: 'partition', name: `${topic}/${info.partition}`, topic, info }));
      nodes.push({ kind: 'configs', name: `${topic} configs`, topic });
      return nodes;
    } catch (error) {
      return [errorNode(`partitions:${topic}`, `Describe ${topic}`, error)];
    }
  }

  private async configs(key: string, topic: string): Promise<TopicsNode[]> {
    try {
      const entries = await (await this.context.cluster()).topicConfigs(topic);
      // What was set on the topic first, then the defaults.
      const ordered = [...entries.filter((entry) => !entry.isDefault), ...entries.filter((entry) => entry.isDefault)];
      return ordered.map((entry) => ({ kind: 'config', name: entry.name, topic, entry }));
    } catch (error) {
      return [errorNode(`configs:${key}`, `Read the configs of ${topic}`, error)];
    }
  }

  getTreeItem(node: TopicsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'error':
      case 'connection':
      case 'message':
        return sharedTreeItem(this.viewId, node);
      case 'topic':
        return topicItem(node);
      case 'partition':
        return partitionItem(node);
      case 'configs': {
        const item = new vscode.TreeItem('Configs', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `topics:configs:${node.topic}`;
        item.iconPath = new vscode.ThemeIcon('settings-gear');
        item.contextValue = 'configs';
        item.tooltip = `The configuration of ${node.topic}: values set on the topic first, then the defaults.`;
        return item;
      }
      case 'config':
        return configItem(node);
    }
  }
}

/** "owned by sales.orders" or "unowned", for descriptions and tests. */
export function ownerLabel(owner: TopicOwner | undefined): string {
  if (!owner) return 'unowned';
  return `owned by ${owner.product.id}${owner.product.origin === 'draft' ? ' (draft)' : ''}`;
}

function topicItem(node: TopicNode): vscode.TreeItem {
  const { topic, owner } = node;
  const item = new vscode.TreeItem(topic.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `topics:topic:${topic.name}`;
  item.description = `${plural(topic.partitions, 'partition')} · ${ownerLabel(owner)}`;
  item.iconPath = new vscode.ThemeIcon(topic.internal ? 'lock' : owner ? 'symbol-event' : 'circle-large-outline');
  item.contextValue = topic.internal ? 'topic.internal' : 'topic';
  const lines = [`**${escapeMarkdown(topic.name)}**${topic.internal ? ' (internal)' : ''}`];
  lines.push(escapeMarkdown(`${plural(topic.partitions, 'partition')}, replication factor ${topic.replicationFactor}`));
  if (owner) {
    lines.push(
      escapeMarkdown(
        `Owned by ${owner.product.id}${owner.product.origin === 'draft' ? ' (a draft in this workspace)' : ''}, output port ${owner.port.name}` +
          (owner.product.owner ? `; team ${owner.product.owner}` : ''),
      ),
    );
  } else {
    lines.push('Unowned: no data product declares this topic as an output port.');
  }
  if (node.otherOwners.length > 0) lines.push(escapeMarkdown(`Also declared by: ${node.otherOwners.join(', ')}`));
  item.tooltip = markdown(lines);
  return item;
}

/** "leader 1 · ISR 1 · offsets 0–42", shared with tests. */
export function partitionDescription(info: PartitionInfo): string {
  const leader = info.leader >= 0 ? `leader ${info.leader}` : 'no leader';
  return `${leader} · ISR ${info.isr.join(',') || '-'} · offsets ${info.earliest}–${info.latest}`;
}

function partitionItem(node: PartitionNode): vscode.TreeItem {
  const { info } = node;
  const item = new vscode.TreeItem(`Partition ${info.partition}`, vscode.TreeItemCollapsibleState.None);
  item.id = `topics:partition:${node.topic}:${info.partition}`;
  item.description = partitionDescription(info);
  const underReplicated = info.isr.length < info.replicas.length || info.leader < 0;
  item.iconPath = underReplicated
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
    : new vscode.ThemeIcon('symbol-number');
  item.contextValue = 'partition';
  item.tooltip = markdown([
    `**${escapeMarkdown(node.topic)}, partition ${info.partition}**`,
    [
      `Leader: ${info.leader >= 0 ? info.leader : 'none (offline)'}`,
      `Replicas: ${info.replicas.join(', ')}`,
      `In-sync replicas: ${info.isr.join(', ') || 'none'}`,
      ...(info.offlineReplicas.length ? [`Offline replicas: ${info.offlineReplicas.join(', ')}`] : []),
      `Earliest offset: ${info.earliest}`,
      `Latest offset: ${info.latest}`,
      `Records: ${info.latest - info.earliest}`,
    ].join('  \n'),
    ...(underReplicated ? ['**Under-replicated:** fewer in-sync replicas than replicas, or no leader.'] : []),
  ]);
  return item;
}

function configItem(node: ConfigNode): vscode.TreeItem {
  const { entry } = node;
  const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.None);
  item.id = `topics:config:${node.topic}:${entry.name}`;
  const value = entry.sensitive ? '(hidden)' : (entry.value ?? '');
  item.description = entry.isDefault ? `${value} (${entry.source === 'default' ? 'default' : 'broker'})` : value;
  item.iconPath = new vscode.ThemeIcon(entry.isDefault ? 'circle-small' : 'circle-filled');
  item.contextValue = 'config';
  item.tooltip = markdown([
    `**${escapeMarkdown(entry.name)}** = \`${value.replace(/`/g, "'")}\``,
    escapeMarkdown(
      `Source: ${entry.source}${entry.readOnly ? ', read-only' : ''}${entry.isDefault ? ', inherited' : ', set on the topic'}`,
    ),
  ]);
  return item;
}
