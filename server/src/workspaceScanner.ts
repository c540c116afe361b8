import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { isAvroFileName, isManifestFileName } from './services/manifest/manifestTypes';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', 'target', '.venv', '__pycache__']);
const MAX_FILES = 20_000;

/** Finds manifests and Avro schemas under a folder, skipping build and dependency folders. */
export async function scanForMeshFiles(rootUri: string, limit = MAX_FILES): Promise<string[]> {
  const found: string[] = [];
  const pending = [URI.parse(rootUri).fsPath];
  while (pending.length > 0 && found.length < limit) {
    const folder = pending.pop() as string;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) pending.push(path);
      } else if (entry.isFile() && (isManifestFileName(entry.name) || isAvroFileName(entry.name))) {
        found.push(URI.file(path).toString());
      }
    }
  }
  return found;
}
