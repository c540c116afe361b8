import { readdir, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { isIgnoredFolder, isMeshFileName } from '../services/index';

/** A workspace scan stops here: the index of a folder near `/` must stay bounded. */
const MAX_WORKSPACE_FILES = 20_000;

/**
 * The manifests and Avro schemas under a folder, depth first in name order, as paths joined onto `folder`.
 * Below `folder`, the ignored folders of services/meshFiles.ts are not entered; a folder that cannot be read
 * is passed over. A symbolic link to a file counts as the file; one to a folder is not followed (no cycles).
 */
export async function findMeshFiles(folder: string, limit = Number.POSITIVE_INFINITY): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (found.length >= limit) return;
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!isIgnoredFolder(entry.name)) await walk(path);
      } else if (isMeshFileName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path))))) {
        found.push(path);
      }
    }
  };
  await walk(folder);
  return found;
}

/** The mesh files of a workspace folder, as URIs (the language server's scan). */
export async function findMeshFileUris(folderUri: string, limit = MAX_WORKSPACE_FILES): Promise<string[]> {
  const files = await findMeshFiles(URI.parse(folderUri).fsPath, limit);
  return files.map((path) => URI.file(path).toString());
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false; // a dangling link
  }
}
