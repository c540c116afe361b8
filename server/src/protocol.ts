/**
 * The custom messages of the extension, declared once: the notifications between the client and the language
 * server, and the messages between the server and its large-document worker. The client bundles this file, so
 * it imports only vscode-jsonrpc's message types (already in the language client) and types of the services.
 */
import { NotificationType } from 'vscode-jsonrpc';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deprecationOf, type DriftItem, type PortSummary, type ProductSummary, type SchemaVersion } from './services/index';

export interface SchemaVersionsParams {
  /** The `.avsc` file of a port's key or value. */
  schemaUri: string;
  /** The registry's versions of the port's subject, newest first; empty to fall back to git HEAD. */
  versions: SchemaVersion[];
  /**
   * The manifest that declares the port, as the client found it: the server indexes it if its file watcher
   * missed the file (one written into a folder a moment old), so the check has the port to compare for.
   */
  manifestUri?: string;
}

/** Client -> server: a schema's previous versions from the registry, which replace git HEAD as its history. */
export const SCHEMA_VERSIONS_NOTIFICATION = new NotificationType<SchemaVersionsParams>('datamesh/schemaVersions');

/** The params of a schema-versions notification, or undefined when they are malformed. */
export function schemaVersionsOf(params: unknown): SchemaVersionsParams | undefined {
  if (!isObject(params) || typeof params.schemaUri !== 'string' || !Array.isArray(params.versions)) return undefined;
  const versions = params.versions
    .filter(isObject)
    .filter((version) => typeof version.label === 'string' && typeof version.text === 'string')
    .map((version) => ({ label: version.label as string, text: version.text as string }));
  return {
    schemaUri: params.schemaUri,
    versions,
    ...(typeof params.manifestUri === 'string' ? { manifestUri: params.manifestUri } : {}),
  };
}

export interface CatalogProductsParams {
  /** Every product the catalog publishes now; empty when there is no connection. */
  products: ProductSummary[];
}

/** Client -> server: the live catalog of the active connection, which input ports may name besides the workspace. */
export const CATALOG_PRODUCTS_NOTIFICATION = new NotificationType<CatalogProductsParams>('datamesh/catalogProducts');

/**
 * The products of a catalog notification, keeping only well-formed entries: the message comes from another
 * process, and a malformed one must not reach the services.
 */
export function catalogProductsOf(params: unknown): ProductSummary[] {
  const products = isObject(params) && Array.isArray(params.products) ? params.products : [];
  return products.filter(isObject).flatMap((product): ProductSummary[] => {
    if (typeof product.id !== 'string' || !Array.isArray(product.outputPorts)) return [];
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const outputPorts: PortSummary[] = product.outputPorts
      .filter(isObject)
      .filter((port) => typeof port.name === 'string')
      .map((port) => ({ name: port.name as string, topic: text(port.topic), compatibility: text(port.compatibility) }));
    return [
      {
        id: product.id,
        name: text(product.name),
        domain: text(product.domain),
        version: text(product.version),
        status: text(product.status),
        tier: text(product.tier),
        owner: text(product.owner),
        purpose: text(product.purpose),
        deprecation: isObject(product.deprecation) ? deprecationOf(product.deprecation) : undefined,
        outputPorts,
        source: 'catalog',
      },
    ];
  });
}

export interface DriftParams {
  /** The manifest's URI. */
  uri: string;
  /** Where the cluster, the registry or the catalog differ from it; empty clears the drift. */
  items: DriftItem[];
}

/** Client -> server: the drift of a manifest (a dry-run publish plan), shown as information diagnostics. */
export const DRIFT_NOTIFICATION = new NotificationType<DriftParams>('datamesh/drift');

/** The params of a drift notification, keeping only well-formed items; undefined when malformed. */
export function driftOf(params: unknown): DriftParams | undefined {
  if (!isObject(params) || typeof params.uri !== 'string' || !Array.isArray(params.items)) return undefined;
  const items = params.items
    .filter(isObject)
    .filter(
      (item) =>
        typeof item.message === 'string' &&
        Array.isArray(item.path) &&
        (item.path as unknown[]).every(
          (segment) => typeof segment === 'string' || (typeof segment === 'number' && Number.isInteger(segment)),
        ),
    )
    .map((item) => ({ path: item.path as (string | number)[], message: item.message as string }));
  return { uri: params.uri, items };
}

/** Server -> worker: check a manifest too large for the main thread. */
export interface LargeDocumentRequest {
  id: number;
  uri: string;
  text: string;
}

/** Worker -> server: the request's diagnostics, or why the check failed. */
export interface LargeDocumentResponse {
  id: number;
  diagnostics: Diagnostic[];
  error?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
