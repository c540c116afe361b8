/**
 * The mesh as the views show it: published products from the catalog joined with the workspace's
 * manifests (drafts), grouped into domains; which product owns a topic; which products a consumer
 * group reads. Pure and vscode-free, shared with the command line.
 */
import type { Range } from 'vscode-languageserver-types';
import { URI, Utils } from 'vscode-uri';
import type { InputPortSummary, ProductSummary } from '../../../../server/src/services/index';
import type { CatalogProduct } from '../catalog/catalogEngine';
import { linkReaders, type LineageLink } from './lineage';
import { compareNames } from './names';

export type ProductOrigin = 'published' | 'draft';

export interface MeshSubject {
  subject: string;
  role: 'key' | 'value';
  /** The registered schema's id and version, as the catalog recorded them at publication. */
  id?: number;
  version?: number;
}

export interface MeshPort {
  name: string;
  /** Unique within its product, whatever the manifest says: the name, or `name#2` for a repeated name (tree ids). */
  key: string;
  /** What is wrong with the port as declared (a repeated name), for a malformed draft shown as it is. */
  problems: string[];
  /**
   * For a published product whose workspace manifest differs: how this port of the local version differs
   * from the published one. Absent when the port is the same (or the product has only one side).
   */
  change?: PortChange;
  /** The schema paths as the manifest writes them (catalog records), to compare with a local version. */
  declaredSchemas?: { key?: string; value?: string };
  /** The resolved schema URIs (workspace manifests). */
  schemaUris?: { key?: string; value?: string };
  topic?: string;
  compatibility?: string;
  subjects: MeshSubject[];
}

/** added: only in the local manifest; removed: only in the published one; changed: both, with what differs. */
export type PortChange =
  | { kind: 'added' }
  | { kind: 'removed' }
  | { kind: 'changed'; topic?: { published?: string; local?: string }; schemas: ('key' | 'value')[] };

export interface MeshProduct {
  id: string;
  /** Unique in the model: the id, or `id@manifest` for a second manifest declaring the same id (tree ids). */
  key: string;
  /** What is wrong with the product as declared (an id that another manifest also declares). */
  problems: string[];
  name?: string;
  domain: string;
  version?: string;
  status?: string;
  tier?: string;
  owner?: string;
  purpose?: string;
  /** published: in the catalog (whether or not the workspace has its manifest too); draft: only in the workspace. */
  origin: ProductOrigin;
  /** The catalog record's facts, for published products. */
  published?: { publishedAt: string; publishedBy: string; offset: string; partition: number };
  /** The published manifest as the catalog holds it (what Create Topic reads for a product with no workspace manifest). */
  publishedManifest?: Record<string, unknown>;
  /** The workspace manifest, when there is one (for published products too). */
  manifestUri?: string;
  idRange?: Range;
  /** The workspace manifest's version when it differs from the published one: a change not published yet. */
  localVersion?: string;
  /**
   * A published product with a workspace manifest: `ports` are the local version's (what the user edits),
   * each marked with its `change`, plus the published ports the local version removed; this counts them.
   */
  localPortChanges?: number;
  ports: MeshPort[];
  /** What the product reads: its input ports (the local version's when the workspace has its manifest). */
  inputs?: InputPortSummary[];
  /** The products whose input ports read this one, with the port they read. */
  readBy?: LineageLink[];
}

export interface MeshDomain {
  name: string;
  products: MeshProduct[];
}

export interface TopicOwner {
  product: MeshProduct;
  port: MeshPort;
}

export interface MeshModel {
  /** Sorted by name; products in each sorted by id. */
  domains: MeshDomain[];
  products: ReadonlyMap<string, MeshProduct>;
  /** Topic -> the ports that declare it: published first, then drafts, each by product id. */
  topicOwners: ReadonlyMap<string, readonly TopicOwner[]>;
}

/** The domain of products that name none (and whose id has no `domain.` prefix). */
export const NO_DOMAIN = '(no domain)';

export function buildMeshModel(catalog: readonly CatalogProduct[], drafts: readonly ProductSummary[]): MeshModel {
  const products = new Map<string, MeshProduct>();
  /** Second and later manifests with an id already taken by another manifest: shown, marked, never merged. */
  const duplicates: MeshProduct[] = [];
  const manifestOf = new Map<string, string>();
  for (const record of catalog) products.set(record.id, fromCatalog(record));
  for (const draft of drafts) {
    const first = manifestOf.get(draft.id);
    if (first !== undefined) {
      const duplicate = fromDraft(draft);
      duplicate.key = `${draft.id}@${draft.uri ?? duplicates.length}`;
      duplicate.problems.push(`Duplicate id: ${first} declares ${draft.id} too.`);
      const original = products.get(draft.id);
      if (original && !original.problems.some((problem) => problem.startsWith('Duplicate id')))
        original.problems.push(`Duplicate id: another manifest declares ${draft.id} too.`);
      duplicates.push(duplicate);
      continue;
    }
    manifestOf.set(draft.id, draft.uri ?? '(unsaved manifest)');
    const published = products.get(draft.id);
    if (published) {
      // The same product in both: the catalog's facts stay the published truth; the ports shown are the local
      // version's (what the user is editing), each marked with how it differs from the published one.
      published.manifestUri ??= draft.uri;
      published.idRange ??= draft.idRange;
      if (draft.version && draft.version !== published.version) published.localVersion = draft.version;
      published.ports = localPorts(published.ports, fromDraft(draft).ports, draft.uri);
      published.localPortChanges = published.ports.filter((port) => port.change).length;
      published.inputs = draft.inputPorts ?? [];
      continue;
    }
    products.set(draft.id, fromDraft(draft));
  }

  linkReaders(products.values());

  const byDomain = new Map<string, MeshProduct[]>();
  for (const product of [...products.values(), ...duplicates]) {
    const list = byDomain.get(product.domain) ?? [];
    list.push(product);
    byDomain.set(product.domain, list);
  }
  const domains = [...byDomain.entries()]
    .map(([name, list]) => ({ name, products: list.sort((a, b) => compareNames(a.id, b.id) || compareNames(a.key, b.key)) }))
    .sort((a, b) => (a.name === NO_DOMAIN ? 1 : b.name === NO_DOMAIN ? -1 : compareNames(a.name, b.name)));

  const topicOwners = new Map<string, TopicOwner[]>();
  const ordered = [...products.values()].sort((a, b) => originRank(a) - originRank(b) || compareNames(a.id, b.id));
  for (const product of ordered) {
    for (const port of product.ports) {
      // A published topic that the local version renames is still the product's on the cluster.
      const renamedFrom = port.change?.kind === 'changed' ? port.change.topic?.published : undefined;
      for (const topic of new Set([port.topic, renamedFrom])) {
        if (!topic) continue;
        const owners = topicOwners.get(topic) ?? [];
        owners.push({ product, port });
        topicOwners.set(topic, owners);
      }
    }
  }
  return { domains, products, topicOwners };
}

/** The product that owns a topic: the published one when there is one, else a draft; undefined when unowned. */
export function ownerOfTopic(model: MeshModel, topic: string): TopicOwner | undefined {
  return model.topicOwners.get(topic)?.[0];
}

/** Lineage: the products whose topics a consumer group reads, each once, sorted by id. */
export function productsReadBy(model: MeshModel, topics: readonly string[]): MeshProduct[] {
  const found = new Map<string, MeshProduct>();
  for (const topic of topics) {
    const owner = ownerOfTopic(model, topic);
    if (owner) found.set(owner.product.id, owner.product);
  }
  return [...found.values()].sort((a, b) => compareNames(a.id, b.id));
}

/** An empty model, for a view with neither a catalog nor manifests. */
export function emptyMeshModel(): MeshModel {
  return { domains: [], products: new Map(), topicOwners: new Map() };
}

function fromCatalog(record: CatalogProduct): MeshProduct {
  // The catalog engine's reading of a record (name, status, owner...), plus the key and value subjects,
  // which the summary does not carry.
  const summary = catalogEngine().toProductSummary(record);
  // In the summary's order (the named ports), by position: two ports may share a name in a malformed record.
  const rawPorts = (Array.isArray(record.manifest.outputPorts) ? record.manifest.outputPorts : [])
    .filter(isObject)
    .filter((port) => typeof port.name === 'string');
  const ports = summary.outputPorts.map((port, index): MeshPort => {
    const raw = rawPorts[index];
    const subjects: MeshSubject[] = [];
    if (port.topic) {
      // Topic-name strategy (spec §1): <topic>-key and <topic>-value, for Avro payloads or whatever the catalog recorded.
      for (const role of ['key', 'value'] as const) {
        const payload = raw && isObject(raw[role]) ? raw[role] : undefined;
        const subject = `${port.topic}-${role}`;
        const registered = record.schemas[subject];
        if (registered || payload?.format === 'avro')
          subjects.push({ subject, role, ...(registered ? { id: registered.id, version: registered.version } : {}) });
      }
    }
    const declaredSchemas = {
      key: raw && isObject(raw.key) && typeof raw.key.schema === 'string' ? raw.key.schema : undefined,
      value: raw && isObject(raw.value) && typeof raw.value.schema === 'string' ? raw.value.schema : undefined,
    };
    return {
      name: port.name,
      key: port.name,
      problems: [],
      topic: port.topic,
      compatibility: port.compatibility,
      subjects,
      declaredSchemas,
    };
  });
  return {
    id: summary.id,
    key: summary.id,
    problems: [],
    name: summary.name,
    domain: summary.domain ?? domainFromId(summary.id),
    version: summary.version,
    status: summary.status,
    tier: summary.tier,
    owner: summary.owner,
    purpose: summary.purpose,
    origin: 'published',
    published: { publishedAt: record.publishedAt, publishedBy: record.publishedBy, offset: record.offset, partition: record.partition },
    publishedManifest: record.manifest,
    ports: withUniqueKeys(ports),
    inputs: summary.inputPorts ?? [],
  };
}

function fromDraft(draft: ProductSummary): MeshProduct {
  return {
    id: draft.id,
    key: draft.id,
    problems: [],
    name: draft.name,
    domain: draft.domain ?? domainFromId(draft.id),
    version: draft.version,
    status: draft.status,
    tier: draft.tier,
    owner: draft.owner,
    purpose: draft.purpose,
    origin: 'draft',
    manifestUri: draft.uri,
    idRange: draft.idRange,
    inputs: draft.inputPorts ?? [],
    ports: withUniqueKeys(
      draft.outputPorts.map((port) => {
        const subjects: MeshSubject[] = [];
        if (port.topic) {
          if (port.keySchemaUri) subjects.push({ subject: `${port.topic}-key`, role: 'key' });
          if (port.valueSchemaUri) subjects.push({ subject: `${port.topic}-value`, role: 'value' });
        }
        return {
          name: port.name,
          key: port.name,
          problems: [],
          topic: port.topic,
          compatibility: port.compatibility,
          subjects,
          schemaUris: { key: port.keySchemaUri, value: port.valueSchemaUri },
        };
      }),
    ),
  };
}

/**
 * The local version's ports, matched to the published ones by key: each marked added, changed (topic, key or
 * value schema path) or unchanged, then the published ports the local version removed. An unchanged subject
 * keeps the catalog's registered id and version; a changed one is not registered yet.
 */
function localPorts(publishedPorts: readonly MeshPort[], local: readonly MeshPort[], manifestUri: string | undefined): MeshPort[] {
  const byKey = new Map(publishedPorts.map((port) => [port.key, port]));
  const ports: MeshPort[] = [];
  for (const port of local) {
    const before = byKey.get(port.key);
    byKey.delete(port.key);
    if (!before) {
      ports.push({ ...port, change: { kind: 'added' } });
      continue;
    }
    const topicChanged = before.topic !== port.topic;
    const schemas = (['key', 'value'] as const).filter(
      (role) => resolveDeclared(manifestUri, before.declaredSchemas?.[role]) !== port.schemaUris?.[role],
    );
    const subjects = port.subjects.map((subject) => {
      const registered = before.subjects.find((entry) => entry.subject === subject.subject);
      return !topicChanged && !schemas.includes(subject.role) && registered
        ? { ...subject, id: registered.id, version: registered.version }
        : subject;
    });
    const change: PortChange | undefined =
      topicChanged || schemas.length > 0
        ? { kind: 'changed', ...(topicChanged ? { topic: { published: before.topic, local: port.topic } } : {}), schemas: [...schemas] }
        : undefined;
    ports.push({ ...port, subjects, ...(change ? { change } : {}) });
  }
  for (const removed of byKey.values()) ports.push({ ...removed, change: { kind: 'removed' } });
  return ports;
}

/** A schema path from a catalog record, resolved against the workspace manifest as the language server resolves it. */
function resolveDeclared(manifestUri: string | undefined, path: string | undefined): string | undefined {
  if (!manifestUri || path === undefined) return undefined;
  try {
    const manifest = URI.parse(manifestUri);
    return (path.startsWith('/') ? manifest.with({ path }) : Utils.joinPath(Utils.dirname(manifest), path)).toString();
  } catch {
    return undefined; // a path that names no file: it differs from whatever the manifest says
  }
}

/** A repeated port name (a `duplicate-port` error in the manifest) gets `name#2`, `name#3`... and a problem on each copy. */
function withUniqueKeys(ports: MeshPort[]): MeshPort[] {
  const counts = new Map<string, number>();
  for (const port of ports) counts.set(port.name, (counts.get(port.name) ?? 0) + 1);
  const taken = new Set<string>();
  for (const port of ports) {
    // Even a port literally named "levels#2" next to two "levels" gets a key of its own.
    for (let occurrence = 2; taken.has(port.key); occurrence++) port.key = `${port.name}#${occurrence}`;
    taken.add(port.key);
    const total = counts.get(port.name) ?? 1;
    if (total > 1) port.problems.push(`Duplicate port name: ${total} output ports are named ${port.name} (duplicate-port).`);
  }
  return ports;
}
/**
 * The catalog engine, loaded on first use: it pulls in kafkajs, which the editor should load only once
 * something connects (the Mesh view shows drafts without it).
 */
function catalogEngine(): typeof import('../catalog/catalogEngine') {
  return require('../catalog/catalogEngine') as typeof import('../catalog/catalogEngine');
}

function domainFromId(id: string): string {
  const dot = id.indexOf('.');
  return dot > 0 ? id.slice(0, dot) : NO_DOMAIN;
}

function originRank(product: MeshProduct): number {
  return product.origin === 'published' ? 0 : 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
