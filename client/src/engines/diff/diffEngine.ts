/**
 * `datamesh diff`: the mesh at a git ref against the working tree of the same repository, classified by
 * meshDiff. The whole repository is read on both sides (schemas and readers may live anywhere in it); the
 * products compared are those whose manifest is under the folder asked for.
 */
import { realpath } from 'node:fs/promises';
import { diffMesh, type CatalogReader } from './meshDiff';
import type { MeshDiff } from './diffTypes';
import { DiffInputError, repositoryRoot, resolveCommit, snapshotAtCommit, toRepositoryPath, workingTreeSnapshot } from './gitSnapshot';

export { DiffInputError } from './gitSnapshot';

export interface DiffRequest {
  /** The git ref the working tree is compared with. */
  baseRef: string;
  /** A folder in the repository: the products whose manifests are under it. */
  path: string;
  /** Published products, also counted as readers. */
  catalog?: readonly CatalogReader[];
}

export interface DiffResult extends MeshDiff {
  /** The repository's top folder; every path of the result is relative to it. */
  root: string;
  /** The commit the ref named. */
  commit: string;
}

/** DiffInputError for a path outside a repository or a ref git does not know. */
export async function diffSinceRef(request: DiffRequest): Promise<DiffResult> {
  const root = await repositoryRoot(request.path);
  const commit = await resolveCommit(root, request.baseRef);
  const scope = toRepositoryPath(root, await realpathOf(request.path));
  if (scope.startsWith('../')) throw new DiffInputError(`${request.path} is not in the repository at ${root}`);
  const before = await snapshotAtCommit(root, commit, request.baseRef);
  const after = await workingTreeSnapshot(root);
  const inScope = (path: string) => scope === '' || path === scope || path.startsWith(`${scope}/`);
  return { root, commit, ...diffMesh(before, after, { inScope, catalog: request.catalog }) };
}

async function realpathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    throw new DiffInputError(`cannot read ${path}: no such folder`);
  }
}
