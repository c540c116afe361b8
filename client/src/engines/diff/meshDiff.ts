/**
 * The classification of `datamesh diff`, pure: two snapshots of the mesh in, each product and port that
 * changed out, as added, removed, changed-compatible or breaking, with the readers a breaking change reaches.
 * Breaking: a removed product or port, a changed topic, fewer partitions, a key or value format change, a
 * schema change the port's compatibility mode rejects, a status moved to retired.
 */
import { posix } from 'node:path';
import {
  checkSchemaCompatibility,
  effectiveCompatibility,
  isManifestFileName,
  PositionedYaml,
  type CompatFinding,
  type Compatibility,
  type JsonPath,
} from '../../../../server/src/services/index';
import type { MeshSnapshot } from './meshSnapshot';
import type { DiffLocation, DownstreamReader, FieldChange, MeshDiff, PortDiff, ProductDiff, SchemaIncompatibility } from './diffTypes';

/** A product of the catalog, as a possible reader: its id and its manifest as published. */
export interface CatalogReader {
  id: string;
  manifest: unknown;
}

export interface DiffOptions {
  /** Whether a manifest's repository path is in the part of the repository being compared (default: all of it). */
  inScope?: (path: string) => boolean;
  /** Published products, readers besides the working tree's (a workspace manifest with the same id wins). */
  catalog?: readonly CatalogReader[];
}

interface LoadedProduct {
  id: string;
  path: string;
  yaml: PositionedYaml;
  manifest: Record<string, unknown>;
  snapshot: MeshSnapshot;
}

interface LoadedPort {
  name: string;
  index: number;
  port: Record<string, unknown>;
}

export function diffMesh(before: MeshSnapshot, after: MeshSnapshot, options: DiffOptions = {}): MeshDiff {
  const problems: MeshDiff['problems'] = [];
  const old = loadProducts(before, problems);
  const current = loadProducts(after, problems);
  const inScope = options.inScope ?? (() => true);
  const readers = readerIndex(current, options.catalog ?? []);

  const products: ProductDiff[] = [];
  let unchanged = 0;
  const ids = [...new Set([...old.keys(), ...current.keys()])].sort();
  for (const id of ids) {
    const was = old.get(id);
    const now = current.get(id);
    if (!(was && inScope(was.path)) && !(now && inScope(now.path))) continue;
    const diff = was && now ? compareProducts(was, now, readers) : now ? addedProduct(now) : removedProduct(was!, readers);
    if (diff) products.push(diff);
    else unchanged++;
  }
  return {
    base: before.label,
    breaking: products.some((product) => product.change === 'breaking' || product.change === 'removed'),
    products,
    unchanged,
    problems,
  };
}

function loadProducts(snapshot: MeshSnapshot, problems: MeshDiff['problems']): Map<string, LoadedProduct> {
  const products = new Map<string, LoadedProduct>();
  for (const path of [...snapshot.files.keys()].sort()) {
    if (!isManifestFileName(path)) continue;
    const yaml = new PositionedYaml(snapshot.files.get(path)!);
    const manifest = yaml.value;
    const problem = (message: string) => problems.push({ path, side: snapshot.label, message });
    if (yaml.syntaxErrors.length > 0) {
      problem(`the manifest does not parse (${yaml.syntaxErrors[0].message}), so it is not compared`);
      continue;
    }
    if (!isRecord(manifest) || typeof manifest.id !== 'string') {
      problem('the manifest has no id, so it is not compared');
      continue;
    }
    const first = products.get(manifest.id);
    if (first) {
      problem(`${manifest.id} is declared again (first in ${first.path}); only the first is compared`);
      continue;
    }
    products.set(manifest.id, { id: manifest.id, path, yaml, manifest, snapshot });
  }
  return products;
}

function addedProduct(now: LoadedProduct): ProductDiff {
  return {
    id: now.id,
    change: 'added',
    changes: [],
    location: at(now, ['id']),
    ports: portsOf(now).map((port) => ({
      name: port.name,
      change: 'added',
      changes: [],
      location: at(now, ['outputPorts', port.index, 'name']),
      downstream: [],
    })),
    downstream: [],
  };
}

function removedProduct(was: LoadedProduct, readers: ReaderIndex): ProductDiff {
  return {
    id: was.id,
    change: 'removed',
    changes: [],
    location: at(was, ['id']),
    ports: portsOf(was).map((port) => ({
      name: port.name,
      change: 'removed',
      changes: [],
      location: at(was, ['outputPorts', port.index, 'name']),
      downstream: [], // the product's readers, listed once for the whole product
    })),
    downstream: readers(was.id, 'all'),
  };
}

/** The product's changes, or undefined when nothing changed. */
function compareProducts(was: LoadedProduct, now: LoadedProduct, readers: ReaderIndex): ProductDiff | undefined {
  const changes = fieldChanges(was, [], now, [], (field) => field !== 'outputPorts' && !field.startsWith('outputPorts.'));
  for (const change of changes) {
    if (change.field === 'status' && change.after === 'retired') {
      change.breaking = true;
      change.reason = 'the product is retired: its readers lose it';
    }
  }
  if (was.path !== now.path)
    changes.push({ field: 'manifest path', before: was.path, after: now.path, breaking: false, location: at(now, ['id']) });

  const oldPorts = new Map(portsOf(was).map((port) => [port.name, port]));
  const ports: PortDiff[] = [];
  for (const port of portsOf(now)) {
    const previous = oldPorts.get(port.name);
    oldPorts.delete(port.name);
    const location = at(now, ['outputPorts', port.index, 'name']);
    if (!previous) {
      ports.push({ name: port.name, change: 'added', changes: [], location, downstream: [] });
      continue;
    }
    const portChanges = comparePorts(was, previous, now, port);
    if (portChanges.length === 0) continue;
    const breaking = portChanges.some((change) => change.breaking);
    ports.push({
      name: port.name,
      change: breaking ? 'breaking' : 'changed-compatible',
      changes: portChanges,
      location,
      downstream: breaking ? readers(now.id, new Set([port.name])) : [],
    });
  }
  for (const port of oldPorts.values()) {
    ports.push({
      name: port.name,
      change: 'removed',
      changes: [],
      location: at(was, ['outputPorts', port.index, 'name']),
      downstream: readers(now.id, new Set([port.name])),
    });
  }

  if (changes.length === 0 && ports.length === 0) return undefined;
  const productBreaks = changes.some((change) => change.breaking);
  const breaking = productBreaks || ports.some((port) => port.change === 'breaking' || port.change === 'removed');
  return {
    id: now.id,
    change: breaking ? 'breaking' : 'changed-compatible',
    changes,
    location: at(now, ['id']),
    ports,
    downstream: productBreaks ? readers(now.id, 'all') : [],
  };
}

function comparePorts(was: LoadedProduct, previous: LoadedPort, now: LoadedProduct, port: LoadedPort): FieldChange[] {
  const changes = fieldChanges(was, ['outputPorts', previous.index], now, ['outputPorts', port.index], () => true);
  for (const change of changes) {
    if (change.field === 'topic') {
      change.breaking = true;
      change.reason = 'the topic changed: readers of the old topic get no new events';
    } else if (change.field === 'partitions' && partitionCount(change.after) < partitionCount(change.before)) {
      change.breaking = true;
      change.reason = 'fewer partitions: Kafka cannot shrink a topic, and keys move to other partitions';
    } else if (change.field === 'key.format' || (change.field === 'key' && formatOf(change.before) !== formatOf(change.after))) {
      change.breaking = true;
      change.reason = 'the key format changed: readers decode keys the old way';
    } else if (change.field === 'value.format') {
      change.breaking = true;
      change.reason = 'the value format changed: readers decode values the old way';
    }
  }
  const mode = effectiveCompatibility(isRecord(port.port.value) ? port.port.value.compatibility : undefined);
  for (const payload of ['key', 'value'] as const) {
    const change = schemaChange(payload, was, previous, now, port, mode?.mode);
    if (change) changes.push(change);
  }
  return changes;
}

/** The change of a payload's Avro schema contents, checked under the port's mode, when both sides have one. */
function schemaChange(
  payload: 'key' | 'value',
  was: LoadedProduct,
  previous: LoadedPort,
  now: LoadedProduct,
  port: LoadedPort,
  mode: Compatibility | undefined,
): FieldChange | undefined {
  const oldSpec = previous.port[payload];
  const newSpec = port.port[payload];
  if (!isRecord(oldSpec) || !isRecord(newSpec) || oldSpec.format !== 'avro' || newSpec.format !== 'avro') return undefined;
  const oldPath = schemaPath(was.path, oldSpec.schema);
  const newPath = schemaPath(now.path, newSpec.schema);
  const oldText = oldPath === undefined ? undefined : was.snapshot.files.get(oldPath);
  const newText = newPath === undefined ? undefined : now.snapshot.files.get(newPath);
  const field = `${payload} schema`;
  const location: DiffLocation | undefined = newPath === undefined ? undefined : { path: newPath, side: now.snapshot.label };
  if (oldText === undefined) return undefined; // Nothing to compare with: the first version of the schema.
  if (newText === undefined) {
    return {
      field,
      before: oldPath,
      after: newPath,
      breaking: false,
      reason: `${String(newSpec.schema)} cannot be read, so it is not checked (lint reports it)`,
    };
  }
  if (canonical(oldText) === canonical(newText)) return undefined;
  if (mode === undefined) {
    return {
      field,
      before: oldPath,
      after: newPath,
      breaking: false,
      reason: 'not checked: the port has no valid compatibility mode (lint reports it)',
      location,
    };
  }
  const newLabel = newPath!;
  const oldLabel = `${was.snapshot.label}:${oldPath}`;
  const outcome = checkSchemaCompatibility(mode, { label: newLabel, text: newText }, [{ label: oldLabel, text: oldText }]);
  if (outcome.kind === 'invalid') {
    const labels = outcome.invalid.map((schema) => schema.label).join(', ');
    return {
      field,
      before: oldPath,
      after: newPath,
      breaking: false,
      reason: `not checked: ${labels} does not parse (lint reports it)`,
      location,
    };
  }
  if (outcome.report.compatible) {
    return { field, before: oldPath, after: newPath, breaking: false, reason: `compatible under ${mode}`, location };
  }
  const sides = new Map([
    [newLabel, { path: newPath!, side: now.snapshot.label }],
    [oldLabel, { path: oldPath!, side: was.snapshot.label }],
  ]);
  return {
    field,
    before: oldPath,
    after: newPath,
    breaking: true,
    reason: `incompatible under ${mode}`,
    location,
    incompatibilities: outcome.report.incompatibilities.map((finding) => incompatibility(finding, sides)),
  };
}

function incompatibility(finding: CompatFinding, sides: ReadonlyMap<string, { path: string; side: string }>): SchemaIncompatibility {
  const reader = sides.get(finding.reader);
  return {
    type: finding.type,
    pointer: finding.location,
    message: finding.message,
    reader: finding.reader,
    writer: finding.writer,
    ...(reader ? { location: { ...reader, ...(finding.readerRange ? { range: finding.readerRange } : {}) } } : {}),
  };
}

/**
 * The fields that differ between two nodes of the manifests, as dotted paths to the leaves (a list is one leaf),
 * located in the working tree (or in the base, for a field that is gone).
 */
function fieldChanges(
  was: LoadedProduct,
  wasPath: JsonPath,
  now: LoadedProduct,
  nowPath: JsonPath,
  wanted: (field: string) => boolean,
): FieldChange[] {
  const before = leaves(valueAt(was.manifest, wasPath));
  const after = leaves(valueAt(now.manifest, nowPath));
  const changes: FieldChange[] = [];
  for (const field of [...new Set([...before.keys(), ...after.keys()])]) {
    if (!wanted(field) || JSON.stringify(before.get(field)) === JSON.stringify(after.get(field))) continue;
    const relative = field === '' ? [] : field.split('.');
    const location = after.has(field) ? at(now, [...nowPath, ...relative]) : at(was, [...wasPath, ...relative]);
    changes.push({
      field,
      ...(before.has(field) ? { before: before.get(field) } : {}),
      ...(after.has(field) ? { after: after.get(field) } : {}),
      breaking: false,
      location,
    });
  }
  return changes;
}

function leaves(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (isRecord(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix === '' ? key : `${prefix}.${key}`, into);
  } else if (value !== undefined) {
    into.set(prefix, value);
  }
  return into;
}

function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = isRecord(current) ? current[step] : undefined;
  }
  return current;
}

function portsOf(product: LoadedProduct): LoadedPort[] {
  const ports: LoadedPort[] = [];
  const seen = new Set<string>();
  const list = Array.isArray(product.manifest.outputPorts) ? (product.manifest.outputPorts as unknown[]) : [];
  list.forEach((port, index) => {
    if (!isRecord(port) || typeof port.name !== 'string' || seen.has(port.name)) return; // lint reports duplicates
    seen.add(port.name);
    ports.push({ name: port.name, index, port });
  });
  return ports;
}

type ReaderIndex = (productId: string, ports: ReadonlySet<string> | 'all') => DownstreamReader[];

/** Who reads a product's ports: the working tree's input ports, then the catalog's products the working tree lacks. */
function readerIndex(current: ReadonlyMap<string, LoadedProduct>, catalog: readonly CatalogReader[]): ReaderIndex {
  return (productId, ports) => {
    const found: DownstreamReader[] = [];
    const reads = (input: unknown): input is { product: string; port: string } =>
      isRecord(input) && input.product === productId && typeof input.port === 'string' && (ports === 'all' || ports.has(input.port));
    for (const reader of current.values()) {
      if (reader.id === productId) continue;
      const inputs = Array.isArray(reader.manifest.inputPorts) ? (reader.manifest.inputPorts as unknown[]) : [];
      inputs.forEach((input, index) => {
        if (reads(input))
          found.push({ id: reader.id, port: input.port, source: 'workspace', location: at(reader, ['inputPorts', index, 'port']) });
      });
    }
    for (const product of catalog) {
      if (product.id === productId || current.has(product.id) || !isRecord(product.manifest)) continue;
      const inputs = Array.isArray(product.manifest.inputPorts) ? (product.manifest.inputPorts as unknown[]) : [];
      for (const input of inputs) if (reads(input)) found.push({ id: product.id, port: input.port, source: 'catalog' });
    }
    return found.sort((a, b) => a.id.localeCompare(b.id) || a.port.localeCompare(b.port));
  };
}

function at(product: LoadedProduct, path: JsonPath): DiffLocation {
  const range = product.yaml.valueRange(path) ?? product.yaml.nearestRange(path);
  return { path: product.path, side: product.snapshot.label, range };
}

/** A `schema:` path as a repository path; undefined when it is not a string or leaves the repository. */
function schemaPath(manifestPath: string, schema: unknown): string | undefined {
  if (typeof schema !== 'string' || posix.isAbsolute(schema)) return undefined;
  const path = posix.normalize(posix.join(posix.dirname(manifestPath), schema));
  return path.startsWith('../') || path === '..' ? undefined : path;
}

/** Schema texts compared as JSON, so reformatting alone is no change. */
function canonical(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

function partitionCount(value: unknown): number {
  return typeof value === 'number' ? value : value === undefined ? 1 : Number.NaN;
}

function formatOf(payload: unknown): unknown {
  return isRecord(payload) ? payload.format : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
