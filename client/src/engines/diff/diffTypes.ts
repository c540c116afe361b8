/** What `datamesh diff` reports: each product and port that changed between two snapshots of the mesh. */
import type { Range } from 'vscode-languageserver-types';

/** added and removed speak for themselves; a change is breaking when a reader of the product can break. */
export type ChangeKind = 'added' | 'removed' | 'changed-compatible' | 'breaking';

/** A place in a file of one side; `side` says which (the base ref's label, or "working tree"). */
export interface DiffLocation {
  path: string;
  side: string;
  /** 0-based, as in LSP. */
  range?: Range;
}

/** One schema incompatibility, as `datamesh compat` reports it, located in the reader's file when known. */
export interface SchemaIncompatibility {
  type: string;
  /** JSON Pointer into the reader schema. */
  pointer: string;
  message: string;
  reader: string;
  writer: string;
  location?: DiffLocation;
}

/** One field that changed (`topic`, `value.compatibility`, `value schema`, …). */
export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
  breaking: boolean;
  /** Why it is breaking, or a note (a schema that could not be checked). */
  reason?: string;
  location?: DiffLocation;
  incompatibilities?: SchemaIncompatibility[];
}

/** A product that reads a changed port through one of its input ports. */
export interface DownstreamReader {
  id: string;
  /** The output port it reads. */
  port: string;
  source: 'workspace' | 'catalog';
  /** The input port in its manifest (workspace readers). */
  location?: DiffLocation;
}

export interface PortDiff {
  name: string;
  change: ChangeKind;
  changes: FieldChange[];
  location?: DiffLocation;
  /** The readers a breaking change reaches. */
  downstream: DownstreamReader[];
}

export interface ProductDiff {
  id: string;
  change: ChangeKind;
  /** Changes of the product's own fields (status, owner, …); ports have theirs. */
  changes: FieldChange[];
  location?: DiffLocation;
  ports: PortDiff[];
  /** The readers of any port, when the product itself breaks (removed, retired). */
  downstream: DownstreamReader[];
}

export interface MeshDiff {
  base: string;
  breaking: boolean;
  /** The products that changed, by id. */
  products: ProductDiff[];
  unchanged: number;
  /** Files that could not be compared (a manifest that does not parse, two manifests with one id). */
  problems: { path: string; side: string; message: string }[];
}
