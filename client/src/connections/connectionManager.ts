/**
 * The active connection, connected lazily: nothing touches the network until a view asks for children
 * or a command needs the cluster. It owns one kafkajs client per connection (an admin client for the
 * views, a live catalog watch for the mesh) and a registry client, tracks the health of the broker
 * and the registry from every query's outcome, and drops broken clients so that Retry reconnects.
 */
import type { Admin, Kafka } from 'kafkajs';
import { describeConnectionError, type ConnectionErrorDescription } from '../kafka/connectionErrors';
import type { ConnectionProfile } from '../kafka/connectionProfile';
import type { ConnectionLogger } from '../kafka/kafkaClientFactory';
import type { RegistryClient } from '../kafka/registryClient';
import { OperationTimeoutError, withTimeout } from '../kafka/withTimeout';
import type { ClusterBrowser } from '../engines/browse/clusterBrowser';
import { buildMeshModel, type MeshModel } from '../engines/browse/meshModel';
import { SchemaBrowser } from '../engines/browse/schemaBrowser';
import type { CatalogSnapshot, CatalogWatch } from '../engines/catalog/catalogEngine';
import { DEFAULT_CATALOG_TOPIC } from '../engines/catalog/catalogNames';
import type { ProductSummary } from '../../../server/src/services/index';
import {
  Listeners,
  NoConnectionError,
  type BrowseChange,
  type BrowseContext,
  type ConnectionState,
  type DraftSource,
  type MeshSnapshot,
  type Subscription,
} from './browseContext';
import type { ConnectionStore } from './connectionStore';

export type Health =
  | { state: 'unknown' }
  | { state: 'connecting' }
  | { state: 'ok'; at: number }
  | { state: 'error'; at: number; description: ConnectionErrorDescription };

export interface ConnectionHealth {
  broker: Health;
  /** 'unknown' also when the connection has no registry. */
  registry: Health;
}

export interface ConnectionManagerOptions {
  /** The catalog topic, read when a session starts (setting `datamesh.catalogTopic`). */
  catalogTopic?: () => string;
  logger?: ConnectionLogger;
  /** Bound on one tree query; default 15 s. */
  queryTimeoutMs?: number;
  /** Bound on connecting to the brokers; default 20 s. */
  connectTimeoutMs?: number;
  /** Bound on the first catalog snapshot; default 30 s. */
  catalogTimeoutMs?: number;
}

type Component = keyof ConnectionHealth;

/** Error kinds that say the server is unreachable or refuses us: the client is dropped and health turns red. */
const CONNECTION_KINDS = new Set(['dns', 'refused', 'auth', 'tls', 'timeout', 'registry-401', 'registry-5xx']);
const CONNECTION_ERROR_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'RegistryRequestError',
  'NoConnectionError',
]);

export function isConnectionFailure(error: unknown): boolean {
  if (CONNECTION_KINDS.has(describeConnectionError(error).kind)) return true;
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === 'object' && !seen.has(current);) {
    seen.add(current);
    const record = current as { name?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof record.name === 'string' && CONNECTION_ERROR_NAMES.has(record.name)) return true;
    current = record.originalError ?? record.cause;
  }
  return false;
}

/*
 * kafkajs, the registry client (with Avro and Protobuf libraries) and the engines over them are loaded
 * when something first connects, not at activation: the Mesh view shows the workspace's drafts without them.
 */
const load = {
  factory: () => require('../kafka/kafkaClientFactory') as typeof import('../kafka/kafkaClientFactory'),
  registry: () => require('../kafka/registryClient') as typeof import('../kafka/registryClient'),
  cluster: () => require('../engines/browse/clusterBrowser') as typeof import('../engines/browse/clusterBrowser'),
  catalog: () => require('../engines/catalog/catalogEngine') as typeof import('../engines/catalog/catalogEngine'),
};

export class ConnectionManager implements BrowseContext {
  private session: Session | undefined;
  private readonly changes = new Listeners<BrowseChange>();
  private readonly catalogListeners = new Listeners<ProductSummary[]>();
  /** The products last announced to catalogListeners: the live catalog of the current session, or none. */
  private publishedCatalog: ProductSummary[] = [];
  private healthState: ConnectionHealth = { broker: { state: 'unknown' }, registry: { state: 'unknown' } };
  private readonly draftSubscription: Subscription;
  private meshCache: { products: unknown; drafts: unknown; model: MeshModel } | undefined;

  constructor(
    readonly store: ConnectionStore,
    private readonly drafts: DraftSource,
    private readonly options: ConnectionManagerOptions = {},
  ) {
    this.draftSubscription = drafts.onDidChange(() => this.changes.fire('drafts'));
  }

  connectionState(): ConnectionState {
    const active = this.store.active();
    if (active) {
      return { kind: 'active', name: active.profile.name, problems: active.problems, hasRegistry: active.profile.registry !== undefined };
    }
    const names = this.store.list().map((connection) => connection.profile.name);
    return names.length === 0 ? { kind: 'none' } : { kind: 'inactive', names };
  }

  /** The active profile, or undefined. */
  activeProfile(): ConnectionProfile | undefined {
    return this.store.active()?.profile;
  }

  health(): ConnectionHealth {
    return this.healthState;
  }

  onDidChange(listener: (change: BrowseChange) => void): Subscription {
    return this.changes.add(listener);
  }

  /**
   * The published products of the active connection's live catalog, after every snapshot of the watch, and
   * an empty list when the connection goes away or changes. The watch starts with the first mesh() call.
   */
  onDidChangeCatalogProducts(listener: (products: ProductSummary[]) => void): Subscription {
    return this.catalogListeners.add(listener);
  }

  /** The products last announced by onDidChangeCatalogProducts. */
  catalogProducts(): ProductSummary[] {
    return this.publishedCatalog;
  }

  /** The active cluster with admin operations; every call's outcome feeds the health. */
  async cluster(): Promise<ClusterBrowser> {
    const session = this.currentSession();
    const admin = await this.track(session, 'broker', session.admin());
    const browser = new (load.cluster().ClusterBrowser)(admin, { timeoutMs: this.options.queryTimeoutMs, target: session.target });
    return trackedProxy(browser, (promise) => this.track(session, 'broker', promise));
  }

  /** The active connection's Kafka and registry clients, for work that runs its own consumers (the sampling panel). */
  async clients(): Promise<{ kafka: Kafka; registry: RegistryClient | undefined; target: string }> {
    const session = this.currentSession();
    const kafka = await this.track(session, 'broker', session.kafkaClient());
    const registry = await session.registry().catch(() => undefined);
    return { kafka, registry, target: session.target };
  }

  async schemas(): Promise<SchemaBrowser | undefined> {
    const session = this.currentSession();
    const registry = await this.track(session, 'registry', session.registry());
    if (!registry) return undefined;
    return trackedProxy(new SchemaBrowser(registry), (promise) => this.track(session, 'registry', promise));
  }

  async mesh(): Promise<MeshSnapshot> {
    const catalogTopic = this.catalogTopic();
    let drafts: ProductSummary[] = [];
    try {
      drafts = await this.drafts.products();
    } catch {
      drafts = []; // a workspace that cannot be read still shows the catalog
    }
    if (this.connectionState().kind !== 'active') {
      return { model: this.model([], drafts), catalogTopic, catalogExists: false };
    }
    const session = this.currentSession();
    const { snapshot, error } = await session.catalogState();
    return {
      model: this.model(snapshot?.products ?? [], drafts),
      catalogTopic: snapshot?.topic ?? catalogTopic,
      catalogExists: snapshot?.exists ?? false,
      ...(error !== undefined ? { catalogError: error } : {}),
    };
  }

  /** Drops every client (the next query reconnects) and refreshes the views. */
  async retry(): Promise<void> {
    await this.reset();
  }

  /** The settings changed (connections, active connection, catalog topic): start over. */
  async reload(): Promise<void> {
    await this.reset();
  }

  /** Marks the broker (and registry) healthy or not after an explicit Test Connection. */
  recordHealth(component: Component, outcome: { ok: true } | { ok: false; error: unknown }): void {
    this.setHealth(
      component,
      outcome.ok
        ? { state: 'ok', at: Date.now() }
        : { state: 'error', at: Date.now(), description: describeConnectionError(outcome.error) },
    );
  }

  async dispose(): Promise<void> {
    this.draftSubscription.dispose();
    const session = this.session;
    this.session = undefined;
    await session?.dispose();
    this.changes.clear();
    this.catalogListeners.clear();
  }

  private async reset(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.healthState = { broker: { state: 'unknown' }, registry: { state: 'unknown' } };
    this.meshCache = undefined;
    this.publishCatalog([]);
    this.changes.fire('health');
    this.changes.fire('connection');
    await session?.dispose();
  }

  private catalogTopic(): string {
    return this.options.catalogTopic?.() || DEFAULT_CATALOG_TOPIC;
  }

  private currentSession(): Session {
    const active = this.store.active();
    if (!active) {
      throw new NoConnectionError(
        this.store.list().length === 0
          ? 'No Kafka connection: add one with "Data Mesh: Add Connection".'
          : 'No active Kafka connection: choose one with "Data Mesh: Switch Connection".',
      );
    }
    if (this.session && this.session.profile.name === active.profile.name && sameProfile(this.session.profile, active.profile))
      return this.session;
    const previous = this.session;
    void previous?.dispose();
    if (previous) this.publishCatalog([]);
    const session: Session = new Session(active.profile, this.store, {
      logger: this.options.logger,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 20_000,
      catalogTimeoutMs: this.options.catalogTimeoutMs ?? 30_000,
      catalogTopic: this.catalogTopic(),
      onCatalogChange: () => this.changes.fire('catalog'),
      onCatalogHealth: (outcome) => this.recordHealth('broker', outcome),
      onCatalogSnapshot: (snapshot) => {
        if (this.session === session) this.publishCatalog(snapshot.products.map(load.catalog().toProductSummary));
      },
    });
    this.session = session;
    return session;
  }

  private model(products: CatalogSnapshot['products'], drafts: ProductSummary[]): MeshModel {
    // The Topics and Groups views ask for the mesh too: build it once per catalog and drafts state.
    const cached = this.meshCache;
    if (cached && cached.products === products && cached.drafts === drafts) return cached.model;
    const model = buildMeshModel(products, drafts);
    this.meshCache = { products, drafts, model };
    return model;
  }

  private publishCatalog(products: ProductSummary[]): void {
    if (products.length === 0 && this.publishedCatalog.length === 0) return;
    this.publishedCatalog = products;
    this.catalogListeners.fire(products);
  }

  private track<T>(session: Session, component: Component, promise: Promise<T>): Promise<T> {
    if (this.healthState[component].state === 'unknown') this.setHealth(component, { state: 'connecting' });
    return promise.then(
      (value) => {
        if (this.session === session) this.setHealth(component, { state: 'ok', at: Date.now() });
        return value;
      },
      (error: unknown) => {
        if (this.session === session && isConnectionFailure(error)) {
          this.setHealth(component, { state: 'error', at: Date.now(), description: describeConnectionError(error) });
          session.drop(component); // the next query connects afresh
        }
        throw error;
      },
    );
  }

  private setHealth(component: Component, health: Health): void {
    const before = this.healthState[component];
    this.healthState = { ...this.healthState, [component]: health };
    const changed =
      before.state !== health.state ||
      (before.state === 'error' && health.state === 'error' && before.description.message !== health.description.message);
    if (changed) this.changes.fire('health');
  }
}

interface SessionOptions {
  logger?: ConnectionLogger;
  connectTimeoutMs: number;
  catalogTimeoutMs: number;
  catalogTopic: string;
  onCatalogChange: () => void;
  onCatalogHealth: (outcome: { ok: true } | { ok: false; error: unknown }) => void;
  /** Every snapshot of the live catalog, the first one included. */
  onCatalogSnapshot: (snapshot: CatalogSnapshot) => void;
}

/** The clients of one connection; disposed when the connection changes or the user retries. */
class Session {
  readonly target: string;
  private kafka: Promise<Kafka> | undefined;
  private adminClient: Promise<Admin> | undefined;
  private registryClient: Promise<RegistryClient | undefined> | undefined;
  private catalog: CatalogFeed | undefined;
  private disposed = false;

  constructor(
    readonly profile: ConnectionProfile,
    private readonly store: ConnectionStore,
    private readonly options: SessionOptions,
  ) {
    this.target = `broker ${profile.bootstrapServers.join(',')}`;
  }

  admin(): Promise<Admin> {
    this.adminClient ??= (async () => {
      const kafka = await this.kafkaClient();
      const admin = kafka.admin();
      await withTimeout(admin.connect(), this.options.connectTimeoutMs, 'Connecting to Kafka', {
        target: this.target,
        onTimeout: () => admin.disconnect(),
      });
      return admin;
    })();
    const pending = this.adminClient;
    pending.catch(() => {
      if (this.adminClient === pending) this.adminClient = undefined; // not cached when it failed
    });
    return pending;
  }

  registry(): Promise<RegistryClient | undefined> {
    this.registryClient ??= load.registry().createRegistryClient(this.profile, this.store.secrets);
    const pending = this.registryClient;
    pending.catch(() => {
      if (this.registryClient === pending) this.registryClient = undefined;
    });
    return pending;
  }

  /** The latest catalog snapshot and the latest error of the live watch; starts the watch on first use. */
  async catalogState(): Promise<{ snapshot?: CatalogSnapshot; error?: unknown }> {
    if (!this.catalog) {
      const feed = new CatalogFeed(this.options);
      this.catalog = feed;
      try {
        feed.start(await this.kafkaClient());
      } catch (error) {
        feed.fail(error);
      }
    }
    return this.catalog.current();
  }

  /** Forgets a broken client; the next query creates a new one. */
  drop(component: 'broker' | 'registry'): void {
    if (component === 'registry') {
      this.registryClient = undefined;
      return;
    }
    const admin = this.adminClient;
    this.adminClient = undefined;
    void admin?.then((client) => client.disconnect()).catch(() => undefined);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const admin = this.adminClient;
    this.adminClient = undefined;
    const catalog = this.catalog;
    this.catalog = undefined;
    await Promise.allSettled([admin?.then((client) => client.disconnect()), catalog?.dispose()]);
  }

  kafkaClient(): Promise<Kafka> {
    this.kafka ??= load.factory().createKafka(this.profile, this.store.secrets, { logger: this.options.logger });
    const pending = this.kafka;
    pending.catch(() => {
      if (this.kafka === pending) this.kafka = undefined; // a missing secret can be added, then retried
    });
    return pending;
  }
}

/**
 * The live catalog: one watch per session. The first call waits for the first snapshot (or the
 * first error, or the timeout); later calls answer at once with the latest snapshot and error.
 */
class CatalogFeed {
  private snapshot: CatalogSnapshot | undefined;
  private error: unknown;
  private watch: CatalogWatch | undefined;
  private waiters: (() => void)[] = [];
  private settled = false;
  private disposed = false;

  constructor(private readonly options: SessionOptions) {}

  start(kafka: Kafka): void {
    this.watch = load.catalog().watchCatalog(
      kafka,
      (snapshot) => {
        if (this.disposed) return;
        this.snapshot = snapshot;
        this.error = undefined;
        this.options.onCatalogHealth({ ok: true });
        this.options.onCatalogSnapshot(snapshot);
        // The first snapshot answers the callers waiting in current(); every later one is news for the views.
        if (!this.settle()) this.options.onCatalogChange();
      },
      {
        topic: this.options.catalogTopic,
        onError: (error) => {
          if (this.disposed) return;
          const repeated =
            this.error !== undefined && describeConnectionError(this.error).message === describeConnectionError(error).message;
          this.error = error;
          if (isConnectionFailure(error)) this.options.onCatalogHealth({ ok: false, error });
          // Only a new kind of failure refreshes the views; the watch retries every few seconds.
          if (!this.settle() && !repeated) this.options.onCatalogChange();
        },
      },
    );
  }

  fail(error: unknown): void {
    this.error = error;
    this.settle();
  }

  async current(): Promise<{ snapshot?: CatalogSnapshot; error?: unknown }> {
    if (!this.settled) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.error ??= new OperationTimeoutError(`Reading the catalog topic ${this.options.catalogTopic}`, this.options.catalogTimeoutMs);
          this.settle();
        }, this.options.catalogTimeoutMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        if (this.settled) this.settle();
      });
    }
    return { ...(this.snapshot ? { snapshot: this.snapshot } : {}), ...(this.error !== undefined ? { error: this.error } : {}) };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.settle();
    await this.watch?.dispose();
  }

  /** Wakes the first callers; true when this was the first snapshot or error. */
  private settle(): boolean {
    const first = !this.settled;
    this.settled = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    return first;
  }
}

/** Every method that returns a promise goes through `track` (health and broken-client handling). */
function trackedProxy<T extends object>(target: T, track: <R>(promise: Promise<R>) => Promise<R>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
        return result instanceof Promise ? track(result) : result;
      };
    },
  });
}

function sameProfile(a: ConnectionProfile, b: ConnectionProfile): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
