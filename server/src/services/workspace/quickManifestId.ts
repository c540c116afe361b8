/**
 * A manifest's `id` read off its text without parsing it, to find the file of a product id among thousands
 * without parsing them all. Only a plain one-line `id:` at the start of a line counts, and only in a text
 * where such a line can be nothing but a top-level key; anything else answers undefined, and the caller
 * parses the file. A guess is always checked against the parsed summary before it is used.
 */
const TOP_LEVEL_ID = /^id:[ \t]*(["']?)([a-z0-9][a-z0-9._-]*)\1[ \t]*(?:#.*)?$/gm;
/** Lines after which a column-0 `id:` may belong to something else: a flow collection or another document. */
const AMBIGUOUS_LINE = /^(?:[{[]|---|\.\.\.)/m;

export function quickManifestId(text: string): string | undefined {
  if (AMBIGUOUS_LINE.test(text)) return undefined;
  const matches = [...text.matchAll(TOP_LEVEL_ID)];
  return matches.length === 1 ? matches[0][2] : undefined;
}
