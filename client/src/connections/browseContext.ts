/**
 * What the tree views need from the rest of the extension: the connection's state, lazily connected
 * query objects, and the mesh (catalog joined with workspace drafts). ConnectionManager implements it;
 * unit tests fake it. vscode-free, so the views can be tested and benchmarked outside VS Code.
 */
import type { ProductSummary } from '../../../server/src/services/index';
import type { ClusterQueries } from '../engines/browse/clusterBrowser';
import type { MeshModel } from '../engines/browse/meshModel';
import type { SchemaQueries } from '../engines/browse/schemaBrowser';

export type ConnectionState =
  /** No connection is configured. */
  | { kind: 'none' }
  /** Connections exist but none is chosen. */
  | { kind: 'inactive'; names: string[] }
  | { kind: 'active'; name: string; problems: string[]; hasRegistry: boolean };

export interface MeshSnapshot {
  model: MeshModel;
  catalogTopic: string;
  /** Why the catalog could not be read (the model then holds the drafts and any earlier catalog). */
  catalogError?: unknown;
  /** false when the catalog topic does not exist yet. */
  catalogExists: boolean;
}

export type BrowseChange = 'connection' | 'catalog' | 'drafts' | 'health';

export interface Subscription {
  dispose(): void;
}

export interface BrowseContext {
  connectionState(): ConnectionState;
  /** The active connection's cluster, connecting on first use. Rejects when there is none or it cannot connect. */
  cluster(): Promise<ClusterQueries>;
  /** The active connection's registry; undefined when the connection has none. */
  schemas(): Promise<SchemaQueries | undefined>;
  /** The catalog (when connected) joined with the workspace's manifests; never rejects for catalog errors. */
  mesh(): Promise<MeshSnapshot>;
  onDidChange(listener: (change: BrowseChange) => void): Subscription;
}

/** The workspace's data-product manifests, as drafts for the Mesh view. */
export interface DraftSource {
  products(): Promise<ProductSummary[]>;
  onDidChange(listener: () => void): Subscription;
}

/** Thrown by cluster() and schemas() when no connection is active. */
export class NoConnectionError extends Error {
  override readonly name = 'NoConnectionError';
}

/** A tiny event emitter, so this layer needs no vscode.EventEmitter. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // One failing listener must not stop the others (nor become an unhandled error).
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
