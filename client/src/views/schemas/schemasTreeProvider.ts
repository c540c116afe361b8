/**
 * The Schemas view: subjects → versions, each with its global id and the subject's compatibility
 * level (its own or the registry's global fallback). A version opens as a read-only .avsc document;
 * Compare Versions opens a diff. Versions are fetched when a subject is expanded.
 */
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../../commandIds';
import type { SchemaVersionInfo, SubjectCompatibility } from '../../engines/browse/schemaBrowser';
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
  type ConnectionNode,
  type ErrorNode,
  type MessageNode,
} from '../treeSupport';

export interface SubjectNode {
  kind: 'subject';
  name: string;
  /** The topic of a `<topic>-key` / `<topic>-value` subject. */
  topic?: string;
  owner?: TopicOwner;
}

export interface VersionNode {
  kind: 'version';
  name: string;
  subject: string;
  version: number;
  id: number;
  schemaType: string;
  compatibility: SubjectCompatibility;
  /** Every version of the subject, oldest first, for Compare Versions. */
  versions: number[];
}

export type SchemasNode = SubjectNode | VersionNode | ErrorNode | ConnectionNode | MessageNode;

export class SchemasTreeProvider extends BrowseTreeProvider<SchemasNode> {
  constructor(context: BrowseContext) {
    super(context, VIEWS.schemas, ['connection', 'catalog', 'drafts']);
  }

  async getChildren(node?: SchemasNode): Promise<SchemasNode[]> {
    if (!node) return this.roots();
    if (node.kind === 'subject') return this.versions(node.name);
    return [];
  }

  private async roots(): Promise<SchemasNode[]> {
    const state = this.context.connectionState();
    if (state.kind === 'none') return [];
    if (state.kind === 'inactive') return [connectionNode(state)];
    if (!state.hasRegistry) {
      return [
        messageNode('no-registry', `The connection ${state.name} has no schema registry`, {
          icon: 'info',
          tooltip: 'Add the registry URL to the connection (Data Mesh: Add Connection replaces a connection of the same name).',
          command: { command: COMMANDS.addConnection, title: 'Add Connection' },
        }),
      ];
    }
    let subjects: string[];
    let model: MeshModel | undefined;
    try {
      const registry = await this.context.schemas();
      if (!registry) return [];
      const [listed, snapshot] = await Promise.all([registry.subjects(), this.context.mesh().catch(() => undefined)]);
      subjects = listed;
      model = snapshot?.model;
    } catch (error) {
      return [errorNode('subjects', 'List subjects', error)];
    }
    if (subjects.length === 0)
      return [messageNode('empty', 'No subjects', { tooltip: 'Schemas are registered when a product is published.' })];
    return subjects.map((subject) => {
      const topic = topicOfSubject(subject);
      const owner = topic && model ? ownerOfTopic(model, topic) : undefined;
      return { kind: 'subject', name: subject, ...(topic ? { topic } : {}), ...(owner ? { owner } : {}) };
    });
  }

  private async versions(subject: string): Promise<SchemasNode[]> {
    try {
      const registry = await this.context.schemas();
      if (!registry) return [];
      const [versions, compatibility] = await Promise.all([registry.versions(subject), registry.compatibility(subject)]);
      const numbers = versions.map((version) => version.version);
      // Newest first: the version one usually wants.
      return [...versions].reverse().map((version) => versionNode(version, compatibility, numbers));
    } catch (error) {
      return [errorNode(`versions:${subject}`, `List the versions of ${subject}`, error)];
    }
  }

  getTreeItem(node: SchemasNode): vscode.TreeItem {
    switch (node.kind) {
      case 'error':
      case 'connection':
      case 'message':
        return sharedTreeItem(this.viewId, node);
      case 'subject':
        return subjectItem(node);
      case 'version':
        return versionItem(node);
    }
  }
}

/** `orders.v1-value` → `orders.v1` (topic-name strategy); undefined for other subject names. */
export function topicOfSubject(subject: string): string | undefined {
  const match = /^(.+)-(key|value)$/.exec(subject);
  return match?.[1];
}

function versionNode(version: SchemaVersionInfo, compatibility: SubjectCompatibility, versions: number[]): VersionNode {
  return {
    kind: 'version',
    name: `${version.subject} v${version.version}`,
    subject: version.subject,
    version: version.version,
    id: version.id,
    schemaType: version.schemaType,
    compatibility,
    versions,
  };
}

/** "id 12 · BACKWARD (global)", shared with tests. */
export function versionDescription(node: Pick<VersionNode, 'id' | 'compatibility'>): string {
  return `id ${node.id} · ${node.compatibility.level}${node.compatibility.source === 'global' ? ' (global)' : ''}`;
}

function subjectItem(node: SubjectNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `schemas:subject:${node.name}`;
  item.description = node.owner ? `${node.owner.product.id}${node.owner.product.origin === 'draft' ? ' (draft)' : ''}` : '';
  item.iconPath = new vscode.ThemeIcon('symbol-structure');
  item.contextValue = 'subject';
  item.tooltip = markdown([
    `**Subject ${escapeMarkdown(node.name)}**`,
    node.topic
      ? escapeMarkdown(`Topic ${node.topic}${node.owner ? `, owned by ${node.owner.product.id}` : ', unowned'}`)
      : 'Not a topic-name-strategy subject.',
  ]);
  return item;
}

function versionItem(node: VersionNode): vscode.TreeItem {
  const item = new vscode.TreeItem(`v${node.version}`, vscode.TreeItemCollapsibleState.None);
  item.id = `schemas:version:${node.subject}:${node.version}`;
  item.description = versionDescription(node);
  item.iconPath = new vscode.ThemeIcon('file-code');
  item.contextValue = node.versions.length > 1 ? 'schemaVersion.comparable' : 'schemaVersion';
  item.tooltip = markdown([
    `**${escapeMarkdown(node.subject)}**, version ${node.version}`,
    escapeMarkdown(
      `Schema id ${node.id} (${node.schemaType}). Compatibility ${node.compatibility.level}, ${node.compatibility.source === 'subject' ? 'set on the subject' : "the registry's global level"}.`,
    ),
    'Click to open it read-only.',
  ]);
  item.command = {
    command: COMMANDS.openSchemaVersion,
    title: 'Open Schema Version',
    arguments: [{ subject: node.subject, version: node.version }],
  };
  return item;
}
