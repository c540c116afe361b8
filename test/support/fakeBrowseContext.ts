/**
 * A BrowseContext with canned engine results, for the tree adapters' unit tests: no broker, no
 * registry. `fail` makes a query reject, to test the error nodes.
 */
import type { ProductSummary } from '../../server/src/services/workspace/productSummary';
import type { CatalogProduct } from '../../client/src/engines/catalog/catalogEngine';
import { DEFAULT_CATALOG_TOPIC } from '../../client/src/engines/catalog/catalogNames';
import type {
  ClusterQueries,
  GroupDetail,
  GroupListing,
  PartitionInfo,
  TopicConfigEntry,
  TopicListing,
} from '../../client/src/engines/browse/clusterBrowser';
import type { SchemaQueries, SchemaVersionInfo, SubjectCompatibility } from '../../client/src/engines/browse/schemaBrowser';
import type { PrincipalGrants } from '../../client/src/engines/grants/grantEngine';
import { buildMeshModel } from '../../client/src/engines/browse/meshModel';
import {
  Listeners,
  NoConnectionError,
  type BrowseChange,
  type BrowseContext,
  type ConnectionState,
  type MeshSnapshot,
  type Subscription,
} from '../../client/src/connections/browseContext';

export interface FakeData {
  state?: ConnectionState;
  catalog?: CatalogProduct[];
  drafts?: ProductSummary[];
  catalogError?: unknown;
  topics?: TopicListing[];
  partitions?: Record<string, PartitionInfo[]>;
  configs?: Record<string, TopicConfigEntry[]>;
  groups?: GroupListing[];
  groupDetails?: Record<string, GroupDetail>;
  subjects?: string[];
  versions?: Record<string, SchemaVersionInfo[]>;
  schemaTexts?: Record<string, string>;
  compatibility?: Record<string, SubjectCompatibility>;
  /** The ACLs listed on topics; `listGrants` answers the principals with an ACL on one of the asked topics. */
  grants?: PrincipalGrants[];
}

export class FakeBrowseContext implements BrowseContext {
  /** Query names that reject with `failure` (e.g. "listTopics"). */
  readonly fail = new Set<string>();
  failure: unknown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  readonly calls: string[] = [];
  private readonly listeners = new Listeners<BrowseChange>();

  constructor(public data: FakeData) {}

  connectionState(): ConnectionState {
    return this.data.state ?? { kind: 'active', name: 'test', problems: [], hasRegistry: true };
  }

  fire(change: BrowseChange): void {
    this.listeners.fire(change);
  }

  onDidChange(listener: (change: BrowseChange) => void): Subscription {
    return this.listeners.add(listener);
  }

  private async answer<T>(name: string, value: () => T): Promise<T> {
    this.calls.push(name);
    if (this.fail.has(name)) throw this.failure;
    return value();
  }

  async cluster(): Promise<ClusterQueries> {
    if (this.connectionState().kind !== 'active') throw new NoConnectionError('No Kafka connection.');
    await this.answer('cluster', () => undefined);
    const data = this.data;
    return {
      describeCluster: () =>
        this.answer('describeCluster', () => ({
          clusterId: 'fake',
          controller: 1,
          brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092 }],
        })),
      listTopics: () => this.answer('listTopics', () => data.topics ?? []),
      describePartitions: (topic) => this.answer('describePartitions', () => data.partitions?.[topic] ?? []),
      topicConfigs: (topic) => this.answer('topicConfigs', () => data.configs?.[topic] ?? []),
      listGroups: () => this.answer('listGroups', () => data.groups ?? []),
      describeGroup: (groupId) =>
        this.answer('describeGroup', () => {
          const detail = data.groupDetails?.[groupId];
          if (!detail) throw new Error(`no group ${groupId}`);
          return detail;
        }),
      listGrants: (topics) =>
        this.answer('listGrants', () =>
          (data.grants ?? [])
            .map((entry) => ({ ...entry, acls: entry.acls.filter((acl) => topics.includes(acl.topic)) }))
            .filter((entry) => entry.acls.length > 0),
        ),
    };
  }

  async schemas(): Promise<SchemaQueries | undefined> {
    const state = this.connectionState();
    if (state.kind !== 'active') throw new NoConnectionError('No Kafka connection.');
    if (!state.hasRegistry) return undefined;
    const data = this.data;
    return {
      subjects: () => this.answer('subjects', () => data.subjects ?? []),
      versions: (subject) => this.answer('versions', () => data.versions?.[subject] ?? []),
      schema: (subject, version) =>
        this.answer('schema', () => {
          const info = data.versions?.[subject]?.find((entry) => entry.version === version);
          if (!info) throw new Error(`no ${subject} v${version}`);
          return { ...info, schema: data.schemaTexts?.[`${subject}:${version}`] ?? '{"type":"string"}' };
        }),
      compatibility: (subject) =>
        this.answer('compatibility', () => data.compatibility?.[subject] ?? { level: 'BACKWARD', source: 'global' }),
    };
  }

  async mesh(): Promise<MeshSnapshot> {
    this.calls.push('mesh');
    const active = this.connectionState().kind === 'active';
    return {
      model: buildMeshModel(active ? (this.data.catalog ?? []) : [], this.data.drafts ?? []),
      catalogTopic: DEFAULT_CATALOG_TOPIC,
      catalogExists: active && (this.data.catalog?.length ?? 0) > 0,
      ...(active && this.data.catalogError !== undefined ? { catalogError: this.data.catalogError } : {}),
    };
  }
}

/** A catalog record as the catalog engine hands it over. */
export function catalogProduct(id: string, manifest: Record<string, unknown>, extra: Partial<CatalogProduct> = {}): CatalogProduct {
  return {
    id,
    manifest: { id, ...manifest },
    schemas: {},
    status: typeof manifest.status === 'string' ? manifest.status : 'active',
    publishedAt: '2025-01-01T00:00:00Z',
    publishedBy: 'ci',
    partition: 0,
    offset: '0',
    timestamp: '0',
    ...extra,
  };
}

/** A workspace manifest's summary. */
export function draft(id: string, fields: Partial<ProductSummary> = {}): ProductSummary {
  const [domain, name] = id.split('.');
  return {
    id,
    domain,
    name,
    uri: `file:///ws/${name}.dataproduct.yaml`,
    idRange: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 + id.length } },
    outputPorts: [],
    source: 'workspace',
    ...fields,
  };
}
