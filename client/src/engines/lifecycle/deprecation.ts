/**
 * Deprecating a manifest (the palette's Deprecate Data Product): `status: deprecated`, which spec §1 allows
 * only with a `deprecation` block (sunset date, optional replacement). Text transformations through the
 * `yaml` Document API, so that comments and layout stay.
 */
import { isMap, parseDocument, type Document } from 'yaml';

export interface DeprecationFacts {
  status?: string;
  /** The block as written, when there is one. */
  deprecation?: { sunset?: string; replacement?: string };
}

/** The manifest cannot be changed: YAML that does not parse, or not a mapping. */
export class ManifestEditError extends Error {}

export function deprecationFacts(text: string): DeprecationFacts {
  const document = manifestDocument(text);
  const status = document.get('status');
  const block = document.get('deprecation');
  const facts: DeprecationFacts = {};
  if (typeof status === 'string') facts.status = status;
  if (isMap(block)) {
    const sunset = block.get('sunset');
    const replacement = block.get('replacement');
    facts.deprecation = {
      ...(sunset !== undefined && sunset !== null ? { sunset: String(sunset) } : {}),
      ...(typeof replacement === 'string' ? { replacement } : {}),
    };
  }
  return facts;
}

/** Adds a `deprecation` block (at the end) for the user to fill in; the replacement only when given. */
export function withDeprecationBlock(text: string, sunset: string, replacement?: string): string {
  const document = manifestDocument(text);
  const block = document.createNode(replacement ? { sunset, replacement } : { sunset });
  document.set('deprecation', block);
  return document.toString();
}

export function withStatus(text: string, status: string): string {
  const document = manifestDocument(text);
  document.set('status', status);
  return document.toString();
}

/** A default sunset date: 90 days after `now`, as `YYYY-MM-DD`. */
export function defaultSunset(now: Date): string {
  return new Date(now.getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
}

function manifestDocument(text: string): Document {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new ManifestEditError(`the manifest does not parse: ${document.errors[0].message}`);
  if (!isMap(document.contents)) throw new ManifestEditError('the manifest is not a YAML mapping');
  return document;
}
