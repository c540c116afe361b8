/**
 * The Mesh view: domains → data products → output ports → the port's topic and schema subjects; a product's
 * lineage too: "reads" (its input ports) and "read by" (the products whose input ports name it).
 * Published products come from the catalog, drafts from the workspace's manifests (shown with their
 * own icon and "draft" description). Refreshes when a catalog record arrives or a manifest changes.
 */
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../../commandIds';
import type { MeshDomain, MeshModel, MeshPort, MeshProduct, MeshSubject, PortChange } from '../../engines/browse/meshModel';
import type { LineageLink } from '../../engines/browse/lineage';
import type { BrowseContext } from '../../connections/browseContext';
import type { PrincipalGrants } from '../../engines/grants/grantEngine';
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

export interface DomainNode {
  kind: 'domain';
  name: string;
  domain: MeshDomain;
}

export interface ProductNode {
  kind: 'product';
  name: string;
  product: MeshProduct;
  manifestUri?: string;
  idRange?: MeshProduct['idRange'];
}

export interface PortNode {
  kind: 'port';
  name: string;
  product: MeshProduct;
  port: MeshPort;
  /** What the published port names that the cluster does not have: "topic", "value subject", "key subject". */
  missing?: string[];
}

export interface PortTopicNode {
  kind: 'portTopic';
  name: string;
  product: MeshProduct;
  port: MeshPort;
  /** The topic does not exist on the cluster. */
  missing?: boolean;
}

export interface SubjectRefNode {
  kind: 'subjectRef';
  name: string;
  product: MeshProduct;
  port: MeshPort;
  subject: MeshSubject;
  /** The subject is not in the registry. */
  missing?: boolean;
}

/** The principals with ACLs on a published product's topics, listed when expanded. */
export interface GrantsNode {
  kind: 'grants';
  name: string;
  product: MeshProduct;
  topics: string[];
}

export interface GrantNode {
  kind: 'grant';
  /** The principal, e.g. User:alice. */
  name: string;
  product: MeshProduct;
  grants: PrincipalGrants;
}

/** The cluster's topics and the registry's subjects; a side that could not be read is undefined (nothing is marked). */
interface ClusterPresence {
  topics?: ReadonlySet<string>;
  subjects?: ReadonlySet<string>;
}

export type LineageDirection = 'reads' | 'read by';

/** "reads" or "read by" under a product. */
export interface LineageNode {
  kind: 'lineage';
  name: LineageDirection;
  product: MeshProduct;
  links: LineageLink[];
}

/** A product at the other end of a lineage edge. */
export interface LineageLinkNode {
  kind: 'lineageLink';
  name: string;
  direction: LineageDirection;
  product: MeshProduct;
  link: LineageLink;
  /** The product at the other end, when the workspace or the catalog knows it. */
  target?: MeshProduct;
}

export type MeshNode =
  | DomainNode
  | ProductNode
  | PortNode
  | PortTopicNode
  | SubjectRefNode
  | GrantsNode
  | GrantNode
  | LineageNode
  | LineageLinkNode
  | ErrorNode
  | ConnectionNode
  | MessageNode;

export class MeshTreeProvider extends BrowseTreeProvider<MeshNode> {
  /** Read once per refresh, when the first published product is expanded. */
  private presence: Promise<ClusterPresence> | undefined;

  constructor(context: BrowseContext) {
    super(context, VIEWS.mesh, ['connection', 'catalog', 'drafts']);
  }

  override refresh(node?: MeshNode): void {
    this.presence = undefined;
    super.refresh(node);
  }

  async getChildren(node?: MeshNode): Promise<MeshNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'domain':
        return node.domain.products.map((product) => productNode(product));
      case 'product':
        return [
          ...(await this.ports(node.product)),
          ...lineageNodes(node.product),
          ...grantsNodeOf(node.product, this.context.connectionState().kind === 'active'),
        ];
      case 'lineage': {
        const model = await this.context
          .mesh()
          .then((snapshot) => snapshot.model)
          .catch((): MeshModel | undefined => undefined); // unknown targets are shown as such
        return node.links.map((link): LineageLinkNode => ({
          kind: 'lineageLink',
          name: link.product,
          direction: node.name,
          product: node.product,
          link,
          ...(model?.products.get(link.product) ? { target: model.products.get(link.product) } : {}),
        }));
      }
      case 'grants':
        return this.grants(node);
      case 'port': {
        const children: MeshNode[] = [];
        const missing = new Set(node.missing ?? []);
        if (node.port.topic)
          children.push({
            kind: 'portTopic',
            name: node.port.topic,
            product: node.product,
            port: node.port,
            ...(missing.has('topic') ? { missing: true } : {}),
          });
        for (const subject of node.port.subjects)
          children.push({
            kind: 'subjectRef',
            name: subject.subject,
            product: node.product,
            port: node.port,
            subject,
            ...(missing.has(`${subject.role} subject`) ? { missing: true } : {}),
          });
        return children;
      }
      default:
        return [];
    }
  }

  /**
   * The ports of a product. Those of a published product are checked against the cluster: a catalog record
   * whose topic or registered subject is gone is old state, and says so, rather than looking live.
   */
  private async ports(product: MeshProduct): Promise<MeshNode[]> {
    const checked = product.origin === 'published' && this.context.connectionState().kind === 'active';
    const presence = checked ? await this.clusterPresence() : {};
    return product.ports.map((port): PortNode => {
      // A port only the local manifest has is not published: its topic may well not exist yet.
      const missing = port.change?.kind === 'added' ? [] : missingParts(port, presence);
      return { kind: 'port', name: port.name, product, port, ...(missing.length > 0 ? { missing } : {}) };
    });
  }

  /** One node per principal; a cluster without an authorizer says so instead of an error (nobody needs a grant there). */
  private async grants(node: GrantsNode): Promise<MeshNode[]> {
    try {
      const grants = await (await this.context.cluster()).listGrants(node.topics);
      if (grants.length === 0) return [messageNode(`grants:${node.product.key}:none`, 'No ACLs on its topics', { icon: 'info' })];
      return grants.map((entry): GrantNode => ({ kind: 'grant', name: entry.principal, product: node.product, grants: entry }));
    } catch (error) {
      if (error instanceof Error && /SECURITY_DISABLED/.test(error.message))
        return [
          messageNode(`grants:${node.product.key}:no-authorizer`, 'The cluster has no authorizer', {
            icon: 'info',
            tooltip: error.message,
          }),
        ];
      return [errorNode(`grants:${node.product.key}`, `List the ACLs of ${node.product.id}`, error)];
    }
  }

  private clusterPresence(): Promise<ClusterPresence> {
    this.presence ??= (async () => {
      // A side that cannot be read marks nothing: unknown is not missing (its own views show the error).
      const [topics, subjects] = await Promise.all([
        this.context
          .cluster()
          .then((cluster) => cluster.listTopics())
          .then((list) => new Set(list.map((topic) => topic.name)))
          .catch(() => undefined),
        this.context
          .schemas()
          .then((registry) => registry?.subjects())
          .then((list) => (list ? new Set(list) : undefined))
          .catch(() => undefined),
      ]);
      return { ...(topics ? { topics } : {}), ...(subjects ? { subjects } : {}) };
    })();
    return this.presence;
  }

  private async roots(): Promise<MeshNode[]> {
    const state = this.context.connectionState();
    const roots: MeshNode[] = [];
    if (state.kind !== 'active') roots.push(connectionNode(state));
    let snapshot;
    try {
      snapshot = await this.context.mesh();
    } catch (error) {
      return [...roots, errorNode('mesh', 'Read the mesh', error)];
    }
    if (snapshot.catalogError !== undefined)
      roots.push(errorNode('catalog', `Read the catalog ${snapshot.catalogTopic}`, snapshot.catalogError));
    for (const domain of snapshot.model.domains) roots.push({ kind: 'domain', name: domain.name, domain });
    if (snapshot.model.domains.length === 0 && state.kind === 'active' && snapshot.catalogError === undefined) {
      roots.push(
        messageNode(
          'empty',
          snapshot.catalogExists
            ? 'No data products yet'
            : `No data products yet (the catalog topic ${snapshot.catalogTopic} does not exist)`,
          {
            tooltip: 'Publish a product with "datamesh publish", or add a *.dataproduct.yaml manifest to the workspace.',
          },
        ),
      );
    }
    return roots;
  }

  getTreeItem(node: MeshNode): vscode.TreeItem {
    try {
      return this.treeItem(node);
    } catch (error) {
      // One product the view cannot draw must not blank the others: it shows as a warning leaf.
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
      item.id = `mesh:unreadable:${node.kind}:${nodeKey(node)}`;
      item.description = 'cannot be shown';
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.tooltip = error instanceof Error ? error.message : String(error);
      return item;
    }
  }

  private treeItem(node: MeshNode): vscode.TreeItem {
    switch (node.kind) {
      case 'error':
      case 'connection':
      case 'message':
        return sharedTreeItem(this.viewId, node);
      case 'domain':
        return domainItem(node.domain);
      case 'product':
        return productItem(node.product);
      case 'port':
        return portItem(node);
      case 'portTopic':
        return portTopicItem(node);
      case 'subjectRef':
        return subjectItem(node);
      case 'lineage':
        return lineageItem(node);
      case 'lineageLink':
        return lineageLinkItem(node);
      case 'grants':
        return grantsItem(node);
      case 'grant':
        return grantItem(node);
    }
  }
}

/** What makes a node unique in the view, for the fallback item of a node that cannot be drawn. */
function nodeKey(node: MeshNode): string {
  switch (node.kind) {
    case 'domain':
      return node.name;
    case 'product':
      return node.product.key;
    case 'port':
    case 'portTopic':
      return `${node.product.key}:${node.port.key}`;
    case 'subjectRef':
      return `${node.product.key}:${node.port.key}:${node.subject.role}`;
    case 'lineage':
      return `${node.product.key}:${node.name}`;
    case 'lineageLink':
      return `${node.product.key}:${node.direction}:${node.link.product}:${node.link.port}`;
    case 'grants':
      return node.product.key;
    case 'grant':
      return `${node.product.key}:${node.name}`;
    case 'error':
    case 'message':
      return node.key;
    case 'connection':
      return 'connection';
  }
}

function productNode(product: MeshProduct): ProductNode {
  return {
    kind: 'product',
    name: product.id,
    product,
    ...(product.manifestUri ? { manifestUri: product.manifestUri, idRange: product.idRange } : {}),
  };
}

function domainItem(domain: MeshDomain): vscode.TreeItem {
  const item = new vscode.TreeItem(domain.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `mesh:domain:${domain.name}`;
  const drafts = domain.products.filter((product) => product.origin === 'draft').length;
  const published = domain.products.length - drafts;
  item.description = [published ? `${published} published` : '', drafts ? plural(drafts, 'draft') : ''].filter(Boolean).join(', ');
  item.iconPath = new vscode.ThemeIcon('organization');
  item.contextValue = 'domain';
  item.tooltip = markdown([
    `**Domain ${escapeMarkdown(domain.name)}**`,
    escapeMarkdown(`${plural(domain.products.length, 'data product')}: ${item.description}`),
  ]);
  return item;
}

/**
 * "active · tier-1 · sales-platform". A workspace-only product starts with "draft (workspace)", and its
 * status follows only when it says something more than "draft" ("draft (workspace) · active · ...").
 */
export function productDescription(product: MeshProduct): string {
  const parts = [product.tier, product.owner].filter((part): part is string => Boolean(part));
  if (product.status && !(product.origin === 'draft' && product.status === 'draft')) parts.unshift(product.status);
  if (product.origin === 'draft') parts.unshift('draft (workspace)');
  else {
    const local = [
      product.localVersion ? `local ${product.localVersion} (published ${product.version ?? 'without a version'})` : '',
      product.localPortChanges ? `${plural(product.localPortChanges, 'port')} changed locally` : '',
    ].filter(Boolean);
    parts.push(...local);
  }
  return parts.join(' · ');
}

function productItem(product: MeshProduct): vscode.TreeItem {
  const item = new vscode.TreeItem(
    product.id,
    product.ports.length > 0 || lineageNodes(product).length > 0
      ? vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `mesh:product:${product.key}`;
  item.description = productDescription(product);
  // Drafts look different at a glance: an outline icon instead of the published package.
  item.iconPath =
    product.origin === 'draft'
      ? new vscode.ThemeIcon('package', new vscode.ThemeColor('disabledForeground'))
      : product.status === 'deprecated' || product.status === 'retired'
        ? new vscode.ThemeIcon('package', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon('package');
  item.contextValue = `product.${product.origin}${product.manifestUri ? '.manifest' : ''}`;
  if (product.problems.length > 0) {
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.description = [item.description, 'duplicate id'].filter(Boolean).join(' · ');
  }
  const lines = [
    `**${escapeMarkdown(product.id)}** — ${product.origin === 'draft' ? 'draft: only in this workspace, not published' : 'published in the catalog'}`,
  ];
  if (product.purpose) lines.push(escapeMarkdown(product.purpose));
  const facts = [
    ['Status', product.status],
    ['Tier', product.tier],
    ['Owner', product.owner],
    ['Version', product.version],
    ['Unpublished local version', product.localVersion],
    ['Published', product.published ? `${product.published.publishedAt} by ${product.published.publishedBy}` : undefined],
    ['Manifest', product.manifestUri ? manifestPath(product.manifestUri) : undefined],
  ].filter((entry): entry is [string, string] => Boolean(entry[1]));
  lines.push(facts.map(([label, value]) => `${label}: ${escapeMarkdown(value)}`).join('  \n'));
  for (const problem of product.problems) lines.push(`⚠ ${escapeMarkdown(problem)}`);
  item.tooltip = markdown(lines);
  if (product.manifestUri) item.command = { command: COMMANDS.revealManifest, title: 'Reveal Manifest', arguments: [productNode(product)] };
  return item;
}

/** "topic", "value subject"...: what a published port names that the cluster has not. */
function missingParts(port: MeshPort, presence: ClusterPresence): string[] {
  const missing: string[] = [];
  // A topic the local version renames: the published one is what should exist.
  const topic = port.change?.kind === 'changed' && port.change.topic ? port.change.topic.published : port.topic;
  if (topic && presence.topics && !presence.topics.has(topic)) missing.push('topic');
  for (const subject of port.subjects) {
    // Only a subject the catalog recorded as registered is expected in the registry.
    if (subject.version !== undefined && presence.subjects && !presence.subjects.has(subject.subject))
      missing.push(`${subject.role} subject`);
  }
  return missing;
}

function portItem(node: PortNode): vscode.TreeItem {
  const { product, port } = node;
  const hasChildren = Boolean(port.topic) || port.subjects.length > 0;
  const item = new vscode.TreeItem(
    port.name,
    hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `mesh:port:${product.key}:${port.key}`;
  item.description = port.topic ?? '(no topic)';
  item.iconPath = new vscode.ThemeIcon('plug');
  item.contextValue = 'port';
  if (port.problems.length > 0) {
    // A malformed draft shows as what it is: the port is there, marked.
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.description = `${item.description} · ${port.problems.length === 1 && port.problems[0].startsWith('Duplicate port') ? 'duplicate name' : 'invalid'}`;
  }
  if (port.change) {
    // The local version of a published product: what publishing it would change.
    item.iconPath = new vscode.ThemeIcon(
      port.change.kind === 'added' ? 'diff-added' : port.change.kind === 'removed' ? 'diff-removed' : 'diff-modified',
      new vscode.ThemeColor(CHANGE_COLORS[port.change.kind]),
    );
    item.description = `${item.description} · ${portChangeText(port.change)}`;
  }
  if (node.missing) {
    // Old state, not live state: the catalog names what the cluster no longer has.
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.description = [...node.missing.map((part) => `${part} missing`), ...(port.change ? [portChangeText(port.change)] : [])].join(
      ' · ',
    );
    // With its manifest in the workspace, publishing it again recreates what is gone.
    item.contextValue = product.manifestUri ? 'port.missing.manifest' : 'port.missing';
  }
  item.tooltip = markdown([
    `**Output port ${escapeMarkdown(port.name)}** of ${escapeMarkdown(product.id)}`,
    ...(port.change ? [escapeMarkdown(`Local version: ${portChangeText(port.change)}.`)] : []),
    ...(node.missing
      ? [
          escapeMarkdown(
            `The catalog publishes this port, but the cluster has no ${node.missing.join(' and no ')}: the record is old state. Publish the product again, or remove it from the catalog.`,
          ),
        ]
      : []),
    [`Topic: ${escapeMarkdown(port.topic ?? '(none)')}`, port.compatibility ? `Compatibility: ${escapeMarkdown(port.compatibility)}` : '']
      .filter(Boolean)
      .join('  \n'),
    ...port.problems.map((problem) => `⚠ ${escapeMarkdown(problem)}`),
  ]);
  return item;
}

const CHANGE_COLORS = {
  added: 'gitDecoration.addedResourceForeground',
  removed: 'gitDecoration.deletedResourceForeground',
  changed: 'gitDecoration.modifiedResourceForeground',
} as const;

/** "added locally", "removed locally", "topic was a.v1 · value schema changed". */
export function portChangeText(change: PortChange): string {
  switch (change.kind) {
    case 'added':
      return 'added locally, not published';
    case 'removed':
      return 'removed locally, still published';
    case 'changed':
      return [
        change.topic ? `topic changed locally (published: ${change.topic.published ?? 'none'})` : '',
        ...change.schemas.map((role) => `${role} schema changed locally`),
      ]
        .filter(Boolean)
        .join(' · ');
  }
}

function portTopicItem(node: PortTopicNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
  item.id = `mesh:topic:${node.product.key}:${node.port.key}`;
  item.description = node.missing ? 'topic missing' : 'topic';
  item.iconPath = node.missing
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
    : new vscode.ThemeIcon('symbol-event');
  item.contextValue = node.missing ? 'topicRef.missing' : 'topicRef';
  item.tooltip = markdown([
    `**Topic ${escapeMarkdown(node.name)}**`,
    `Output port ${escapeMarkdown(node.port.name)} of ${escapeMarkdown(node.product.id)}`,
    ...(node.missing ? ['The topic does not exist on the cluster.'] : []),
  ]);
  return item;
}

function subjectItem(node: SubjectRefNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
  item.id = `mesh:subject:${node.product.key}:${node.port.key}:${node.subject.role}`;
  const registered = node.subject.version !== undefined;
  item.description = registered
    ? `${node.subject.role} schema v${node.subject.version} · id ${node.subject.id}`
    : `${node.subject.role} schema`;
  item.iconPath = new vscode.ThemeIcon('symbol-structure');
  item.contextValue = registered ? 'subjectRef.registered' : 'subjectRef';
  if (node.missing) {
    item.description = `${node.subject.role} schema v${node.subject.version} · missing in the registry`;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.contextValue = 'subjectRef.missing';
    item.tooltip = markdown([`**Subject ${escapeMarkdown(node.name)}**`, 'The catalog records it, but the registry has no such subject.']);
    return item; // nothing to open
  }
  item.tooltip = markdown([
    `**Subject ${escapeMarkdown(node.name)}**`,
    registered
      ? escapeMarkdown(`Published with schema version ${node.subject.version} (id ${node.subject.id}).`)
      : escapeMarkdown(
          node.product.origin === 'draft'
            ? 'A draft: the schema is registered when the product is published.'
            : 'Not recorded in the catalog.',
        ),
  ]);
  if (registered) {
    item.command = {
      command: COMMANDS.openSchemaVersion,
      title: 'Open Schema',
      arguments: [{ subject: node.name, version: node.subject.version }],
    };
  }
  return item;
}

/** A published product's grants node, listing the ACLs on the topics the catalog publishes; none for drafts or offline. */
function grantsNodeOf(product: MeshProduct, connected: boolean): GrantsNode[] {
  if (product.origin !== 'published' || !connected) return [];
  const topics = product.ports
    .filter((port) => port.change?.kind !== 'added')
    .map((port) => (port.change?.kind === 'changed' && port.change.topic ? port.change.topic.published : port.topic))
    .filter((topic): topic is string => Boolean(topic));
  return topics.length > 0 ? [{ kind: 'grants', name: 'grants', product, topics: [...new Set(topics)] }] : [];
}

function grantsItem(node: GrantsNode): vscode.TreeItem {
  const item = new vscode.TreeItem('grants', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `mesh:grants:${node.product.key}`;
  item.description = 'who may read';
  item.iconPath = new vscode.ThemeIcon('shield');
  item.contextValue = 'grants';
  item.tooltip = markdown([
    `**Grants of ${escapeMarkdown(node.product.id)}**`,
    escapeMarkdown(`The ACLs on ${node.topics.join(', ')}, per principal. Grant Read Access adds a consumer.`),
  ]);
  return item;
}

function grantItem(node: GrantNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
  item.id = `mesh:grant:${node.product.key}:${node.name}`;
  const operations = [...new Set(node.grants.acls.map((acl) => (acl.permission === 'DENY' ? `DENY ${acl.operation}` : acl.operation)))];
  item.description = operations.join(', ');
  item.iconPath = new vscode.ThemeIcon('person');
  item.contextValue = 'grant';
  item.tooltip = markdown([
    `**${escapeMarkdown(node.name)}** on ${escapeMarkdown(node.product.id)}`,
    node.grants.acls
      .map((acl) =>
        escapeMarkdown(
          `${acl.permission} ${acl.operation} on ${acl.topic}${acl.patternType === 'LITERAL' ? '' : ` (by ${acl.patternType.toLowerCase()} ${acl.resourceName})`} from ${acl.host}`,
        ),
      )
      .join('  \n'),
  ]);
  return item;
}

/** The lineage groups of a product, each only when it has links. */
function lineageNodes(product: MeshProduct): LineageNode[] {
  const reads = [...new Map((product.inputs ?? []).map((input) => [`${input.product}\0${input.port}`, input])).values()];
  const groups: LineageNode[] = [];
  if (reads.length > 0) groups.push({ kind: 'lineage', name: 'reads', product, links: reads });
  if (product.readBy?.length) groups.push({ kind: 'lineage', name: 'read by', product, links: product.readBy });
  return groups;
}

function lineageItem(node: LineageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `mesh:lineage:${node.product.key}:${node.name}`;
  item.description = plural(node.links.length, node.name === 'reads' ? 'input port' : 'product');
  item.iconPath = new vscode.ThemeIcon(node.name === 'reads' ? 'arrow-small-left' : 'arrow-small-right');
  item.contextValue = 'lineage';
  item.tooltip = markdown([
    node.name === 'reads'
      ? escapeMarkdown(`What ${node.product.id} reads: the input ports of its manifest.`)
      : escapeMarkdown(`The products whose input ports read ${node.product.id}.`),
  ]);
  return item;
}

function lineageLinkItem(node: LineageLinkNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.link.product, vscode.TreeItemCollapsibleState.None);
  item.id = `mesh:lineageLink:${node.product.key}:${node.direction}:${node.link.product}:${node.link.port}`;
  const known = node.target !== undefined;
  const port = node.direction === 'reads' ? node.target?.ports.find((candidate) => candidate.name === node.link.port) : undefined;
  const unknownPort = node.direction === 'reads' && known && !port;
  item.description = [
    `port ${node.link.port}`,
    port?.topic,
    !known ? 'unknown product' : unknownPort ? 'unknown port' : '',
    node.target?.status === 'deprecated' || node.target?.status === 'retired' ? node.target.status : '',
  ]
    .filter(Boolean)
    .join(' · ');
  item.iconPath =
    !known || unknownPort
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon('package');
  item.contextValue = 'lineageLink';
  item.tooltip = markdown([
    escapeMarkdown(
      node.direction === 'reads'
        ? `${node.product.id} reads ${node.link.product}, port ${node.link.port}.`
        : `${node.link.product} reads ${node.product.id}, port ${node.link.port}.`,
    ),
    ...(!known ? [escapeMarkdown(`${node.link.product} is neither in the workspace nor in the catalog.`)] : []),
  ]);
  if (node.target?.manifestUri) {
    item.command = { command: 'vscode.open', title: 'Open Manifest', arguments: [vscode.Uri.parse(node.target.manifestUri)] };
  }
  return item;
}

function manifestPath(uri: string): string {
  try {
    return vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false);
  } catch {
    return uri;
  }
}
