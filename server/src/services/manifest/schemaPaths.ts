import { URI, Utils } from 'vscode-uri';

/**
 * The URI of a schema path written in a manifest, relative to the manifest's folder; undefined for text
 * that cannot name a file (vscode-uri rejects a path such as `//x`).
 */
export function resolveSchemaUri(manifestUri: string, schemaPath: string): string | undefined {
  try {
    const manifest = URI.parse(manifestUri);
    if (schemaPath.startsWith('/')) return manifest.with({ path: schemaPath }).toString();
    return Utils.joinPath(Utils.dirname(manifest), schemaPath).toString();
  } catch (error) {
    if (isUriError(error)) return undefined;
    throw error;
  }
}

/** The URI a string names, or undefined when vscode-uri refuses it (a scheme with a space, `//x` without an authority). */
export function parseUri(text: string): URI | undefined {
  try {
    return URI.parse(text, true);
  } catch (error) {
    if (isUriError(error)) return undefined;
    throw error;
  }
}

/** vscode-uri's own refusal of a URI it cannot represent: its messages start with `[UriError]`. */
function isUriError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('[UriError]');
}

/** The path of a schema relative to the manifest's folder, as a manifest would write it. */
export function relativeSchemaPath(manifestUri: string, schemaUri: string): string {
  const from = Utils.dirname(URI.parse(manifestUri)).path.split('/').filter(Boolean);
  const to = URI.parse(schemaUri).path.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/**
 * Whether `uri` lies inside the folder `folderUri` (or is it): the same scheme and authority, and a path under
 * the folder's once `.` and `..` are resolved, so `../../etc/passwd` and `/etc/passwd` are outside `/ws`.
 */
export function isInsideFolder(folderUri: string, uri: string): boolean {
  const folder = parseUri(folderUri);
  const target = parseUri(uri);
  if (!folder || !target || folder.scheme !== target.scheme || folder.authority !== target.authority) return false;
  const folderPath = Utils.resolvePath(folder.with({ path: '/' }), folder.path).path.replace(/\/+$/, '');
  const targetPath = Utils.resolvePath(target.with({ path: '/' }), target.path).path;
  return targetPath === folderPath || targetPath.startsWith(`${folderPath}/`);
}
