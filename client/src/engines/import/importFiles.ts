/** Writes an import's manifest and schemas into a folder, never over an existing file. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importOdcs, OdcsImportError, type OdcsImport } from './odcsImport';

export { OdcsImportError };

export class ImportTargetExistsError extends Error {}

/** Reads an ODCS contract file; throws OdcsImportError when it cannot be read or is no ODCS v3 contract. */
export function importOdcsFile(path: string): OdcsImport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new OdcsImportError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return importOdcs(text);
}

/** The paths written: the manifest first. Nothing is written when one of them exists already. */
export function writeImport(imported: OdcsImport, folder: string): string[] {
  const files = [imported.manifest, ...imported.schemas];
  const existing = files.map((file) => join(folder, file.path)).filter((path) => existsSync(path));
  if (existing.length > 0) throw new ImportTargetExistsError(`not overwriting ${existing.join(', ')}`);
  mkdirSync(folder, { recursive: true });
  return files.map((file) => {
    const path = join(folder, file.path);
    writeFileSync(path, file.text);
    return path;
  });
}
