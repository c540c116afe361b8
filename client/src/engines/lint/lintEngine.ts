import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { WorkspaceIndex } from '../../../../server/src/services/workspace/workspaceIndex';
import { validateManifest } from '../../../../server/src/services/manifest/validateManifest';
import { isAvroFileName, isManifestFileName } from '../../../../server/src/services/manifest/manifestTypes';
import { POLICY_FILE_NAME } from '../../../../server/src/services/policy/policy';
import { DIAGNOSTIC_SOURCE } from '../../../../server/src/services/diagnostics';
import { nodeFileReader } from '../../../../server/src/nodeFileReader';
import { AvroTypeIndex } from '../../../../server/src/services/workspace/avroTypeIndex';

export interface LintedFile {
  /** The path as the user gave it, or joined onto the folder they gave. */
  path: string;
  diagnostics: Diagnostic[];
}

export interface LintRequest {
  paths: string[];
  /** A policy file for every manifest; otherwise the nearest `datamesh.policy.yaml` above each manifest. */
  policyFile?: string;
}

export class UnreadablePathError extends Error {}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** How many files of a project are read to resolve input ports, so a lint near `/` stays bounded. */
const MAX_PROJECT_FILES = 5000;

/** The lint engine: the same checks as the editor, over files on disk. */
export function lintPaths(request: LintRequest): LintedFile[] {
  const targets = request.paths.flatMap((path) => filesToLint(path));
  const index = new WorkspaceIndex(nodeFileReader);
  const avroTypes = new AvroTypeIndex(index);
  index.setAvroChecker((uri, text) => avroTypes.check(uri, text));
  const uriOf = (path: string) => URI.file(resolve(path)).toString();

  // The workspace: the files to lint and the manifests and schemas of their project, so that input ports
  // and Avro names defined in other files resolve.
  const known = new Set(targets.map((target) => uriOf(target)));
  for (const root of new Set(targets.map((target) => projectRoot(dirname(resolve(target)))))) {
    for (const file of findMeshFiles(root, MAX_PROJECT_FILES)) known.add(uriOf(file));
  }
  index.addFiles(known);

  const policyPaths = new Set<string>();
  if (request.policyFile !== undefined) {
    if (!isReadableFile(request.policyFile)) throw new UnreadablePathError(`cannot read the policy file ${request.policyFile}`);
    index.usePolicyFile(uriOf(request.policyFile));
    policyPaths.add(request.policyFile);
  } else {
    const roots = new Set<string>();
    for (const target of targets) {
      const policy = nearestPolicy(dirname(resolve(target)));
      if (policy) {
        roots.add(URI.file(dirname(policy)).toString());
        policyPaths.add(policy);
      }
    }
    index.setRoots([...roots]);
  }

  const results: LintedFile[] = [];
  for (const policyPath of policyPaths) {
    const diagnostics = checkedOrInternalError(() => index.policyFor(uriOf(policyPath)).diagnostics);
    if (diagnostics.length > 0) results.push({ path: policyPath, diagnostics });
  }
  for (const target of targets) {
    const uri = uriOf(target);
    if (basename(target) === POLICY_FILE_NAME) continue;
    const diagnostics = checkedOrInternalError(() =>
      isAvroFileName(target) ? (index.avroDiagnostics(uri) ?? []) : validateManifest(uri, index.readText(uri) ?? '', index),
    );
    results.push({ path: target, diagnostics });
  }
  return results;
}

/** The code of a check that threw: a bug in datamesh, not a problem of the file. */
export const INTERNAL_ERROR_CODE = 'internal-error';

/**
 * The services let exceptions out. A check that throws costs its own file one `internal-error` diagnostic
 * (an error, so the run fails), never the other files' results.
 */
function checkedOrInternalError(check: () => Diagnostic[]): Diagnostic[] {
  try {
    return check();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Error,
        code: INTERNAL_ERROR_CODE,
        source: DIAGNOSTIC_SOURCE,
        message: `Internal error: datamesh could not check this file (${reason}). This is a bug in datamesh; please report it.`,
      },
    ];
  }
}

function filesToLint(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new UnreadablePathError(`cannot read ${path}: no such file or folder`);
  }
  if (stats.isFile()) {
    if (nodeFileReader.readText(URI.file(resolve(path)).toString()) === undefined) throw new UnreadablePathError(`cannot read ${path}`);
    return [path];
  }
  if (!stats.isDirectory()) throw new UnreadablePathError(`${path} is neither a file nor a folder`);
  return findMeshFiles(path);
}

/** Manifests and `.avsc` files under a folder, in a stable order, skipping dependency and VCS folders. */
function findMeshFiles(folder: string, limit = Number.POSITIVE_INFINITY): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of safeList(current).sort()) {
      if (found.length >= limit) return;
      const child = join(current, entry);
      let childStats;
      try {
        childStats = statSync(child);
      } catch {
        continue;
      }
      if (childStats.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry)) walk(child);
      } else if (isManifestFileName(entry) || isAvroFileName(entry)) {
        found.push(child);
      }
    }
  };
  walk(folder);
  return found;
}

/**
 * The folder a manifest's project starts at: the nearest folder above it with a policy file or a `.git`,
 * or else its own folder.
 */
function projectRoot(folder: string): string {
  for (let current = folder; ; current = dirname(current)) {
    if (existsSync(join(current, POLICY_FILE_NAME)) || existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return folder;
  }
}

function nearestPolicy(folder: string): string | undefined {
  for (let current = folder; ; current = dirname(current)) {
    const candidate = join(current, POLICY_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

function isReadableFile(path: string): boolean {
  return nodeFileReader.readText(URI.file(resolve(path)).toString()) !== undefined;
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
