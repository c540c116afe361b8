/**
 * Which files belong to a mesh and which folders a search for them skips: one list for the language
 * server's workspace scan and `datamesh lint` (server/src/disk/meshFileWalker.ts) and for the Mesh view's
 * drafts (vscode.workspace.findFiles, through the globs derived here).
 */
import { isAvroFileName, isManifestFileName } from './manifest/manifestTypes';

/** Dependency, build and cache folders: never where a product's sources are. Hidden folders are skipped too. */
export const IGNORED_FOLDERS: readonly string[] = ['node_modules', 'dist', 'out', 'target', '__pycache__'];

/** A folder a search for mesh files does not enter: a listed one, or a hidden one (`.git`, `.venv`, `.cache`). */
export function isIgnoredFolder(name: string): boolean {
  return name.startsWith('.') || IGNORED_FOLDERS.includes(name);
}

/** A data-product manifest or an Avro schema. */
export function isMeshFileName(fileName: string): boolean {
  return isManifestFileName(fileName) || isAvroFileName(fileName);
}

/** The manifests' file names as a glob (the names isManifestFileName accepts). */
export const MANIFEST_GLOB = '**/{*.dataproduct.yaml,*.dataproduct.yml,dataproduct.yaml}';

/** The ignored folders, hidden ones included, as an exclude glob. */
export const IGNORED_FOLDERS_GLOB = `**/{${[...IGNORED_FOLDERS, '.*'].join(',')}}/**`;
