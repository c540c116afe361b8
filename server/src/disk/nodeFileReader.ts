import { readFileSync, statSync } from 'node:fs';
import { URI } from 'vscode-uri';
import type { FileReader } from '../services/index';

/** Files above this size are treated as unreadable: no manifest or schema is that large on purpose. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/** Reads workspace files from disk for the index; a missing, unreadable or huge file reads as undefined. */
export const nodeFileReader: FileReader = {
  readText(uri: string): string | undefined {
    try {
      const parsed = URI.parse(uri);
      if (parsed.scheme !== 'file') return undefined;
      const path = parsed.fsPath;
      const stats = statSync(path, { throwIfNoEntry: false });
      if (!stats || !stats.isFile() || stats.size > MAX_READ_BYTES) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};
