import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService, DIAGNOSTIC_SOURCE, POLICY_FILE_NAME, type ProductSummary } from '../../../../server/src/services/index';
import { findMeshFiles, MAX_READ_BYTES, nodeFileReader } from '../../../../server/src/disk/index';

export interface LintedFile {
  /** The path as the user gave it, or joined onto the folder they gave. */
  path: string;
  diagnostics: Diagnostic[];
}

export interface LintRequest {
  paths: string[];
  /** A policy file for every manifest; otherwise the nearest `datamesh.policy.yaml` above each manifest. */
  policyFile?: string;
  /** Published products from the mesh catalog, which input ports may name besides the project's manifests. */
  catalog?: readonly ProductSummary[];
}

export class UnreadablePathError extends Error {}

/** How many files of a project are read to resolve input ports, so a lint near `/` stays bounded. */
const MAX_PROJECT_FILES = 5000;

/** The lint engine: the same checks as the editor, over files on disk. */
export async function lintPaths(request: LintRequest): Promise<LintedFile[]> {
  const targets = (await Promise.all(request.paths.map((path) => filesToLint(path)))).flat();
  const service = createLanguageService({ reader: nodeFileReader, catalog: request.catalog });
  const uriOf = (path: string) => URI.file(resolve(path)).toString();

  // The workspace: the files to lint and the manifests and schemas of their project, so that input ports
  // and Avro names defined in other files resolve.
  const known = new Set(targets.map((target) => uriOf(target)));
  const projectRoots = new Set(targets.map((target) => projectRoot(dirname(resolve(target)))));
  for (const root of projectRoots) {
    for (const file of await findMeshFiles(root, MAX_PROJECT_FILES)) known.add(uriOf(file));
  }
  service.addFiles(known);
  // `schema:` paths must stay inside these (schema-path-outside); the policy lookup keeps its own roots.
  service.setProjectRoots([...projectRoots].map((root) => URI.file(root).toString()));

  const policyPaths = new Set<string>();
  if (request.policyFile !== undefined) {
    if (!isReadableFile(request.policyFile)) throw new UnreadablePathError(`cannot read the policy file ${request.policyFile}`);
    service.usePolicyFile(uriOf(request.policyFile));
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
    service.setRoots([...roots]);
  }

  const results: LintedFile[] = [];
  for (const policyPath of policyPaths) {
    const diagnostics = checkedOrInternalError(() => service.policyFor(uriOf(policyPath)).diagnostics);
    if (diagnostics.length > 0) results.push({ path: policyPath, diagnostics });
  }
  for (const target of targets) {
    if (basename(target) === POLICY_FILE_NAME) continue;
    const uri = uriOf(target);
    const text = service.readText(uri);
    const kind = service.getMode({ uri })?.kind;
    const tooLarge = text === undefined ? tooLargeDiagnostic(target, kind) : undefined;
    // A schema found in a folder that cannot be read has nothing to check (a given file was checked readable).
    const diagnostics = tooLarge
      ? [tooLarge]
      : checkedOrInternalError(() => (text === undefined && kind === 'avro' ? [] : service.validate({ uri, text: text ?? '' })));
    results.push({ path: target, diagnostics });
  }
  return results;
}

/**
 * A file above the size datamesh reads gets one diagnostic that says so, instead of reading as empty: no
 * manifest or schema is that large on purpose, and reading it would hold up the whole run.
 */
function tooLargeDiagnostic(path: string, kind: 'manifest' | 'avro' | undefined): Diagnostic | undefined {
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (size <= MAX_READ_BYTES || kind === undefined) return undefined;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: kind === 'manifest' ? 'yaml-syntax' : 'avro-json-syntax',
    source: DIAGNOSTIC_SOURCE,
    message: `This file is ${megabytes(size)} MB, larger than the ${megabytes(MAX_READ_BYTES)} MB datamesh reads, so it was not checked.`,
  };
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
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

async function filesToLint(path: string): Promise<string[]> {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new UnreadablePathError(`cannot read ${path}: no such file or folder`);
  }
  if (stats.isFile()) {
    // A file too large to read is still listed: it gets a diagnostic that says so.
    if (stats.size <= MAX_READ_BYTES && !isReadableFile(path)) throw new UnreadablePathError(`cannot read ${path}`);
    return [path];
  }
  if (!stats.isDirectory()) throw new UnreadablePathError(`${path} is neither a file nor a folder`);
  return findMeshFiles(path);
}

/**
 * The folder a manifest's project starts at: the nearest folder above it with a policy file or a `.git`,
 * or else its own folder.
 */
export function projectRoot(folder: string): string {
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
