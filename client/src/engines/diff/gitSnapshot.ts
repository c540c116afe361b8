/**
 * The two sides of `datamesh diff` read from disk: the mesh files at a git ref (`git ls-tree`, then the files'
 * contents; git runs without a shell) and the mesh files of the working tree (findMeshFiles).
 */
import { execFile, spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { posix, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { isIgnoredFolder, isMeshFileName } from '../../../../server/src/services/index';
import { findMeshFiles } from '../../../../server/src/disk/index';
import type { MeshSnapshot } from './meshSnapshot';

const run = promisify(execFile);
/** Enough for a large repository's file list or schema. */
const MAX_GIT_OUTPUT = 256 * 1024 * 1024;

/** The user's input cannot be used (no repository, a ref git does not know, no such PATH): exit 2. */
export class DiffInputError extends Error {}

async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', [...args], { cwd, maxBuffer: MAX_GIT_OUTPUT, encoding: 'utf8' });
  return stdout;
}

function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() ? stderr.trim() : error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

/** The top folder of the git repository that holds `path` (a folder). */
export async function repositoryRoot(path: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new DiffInputError(`cannot read ${path}: no such folder`);
  }
  if (!info.isDirectory()) throw new DiffInputError(`${path} is not a folder: PATH is the folder whose mesh changes are listed`);
  try {
    return (await git(path, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DiffInputError('git is not installed (or not on PATH)');
    throw new DiffInputError(`${path} is not in a git repository: ${gitMessage(error)}`);
  }
}

/** The commit a ref names; a ref git does not know (or one that looks like an option) is a DiffInputError. */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  if (ref.trim() === '' || ref.startsWith('-')) throw new DiffInputError(`${JSON.stringify(ref)} is not a git ref`);
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch {
    throw new DiffInputError(
      `${ref} is not a commit git knows in ${root} (a branch, a tag or a commit; fetch it first in a shallow clone)`,
    );
  }
}

/** Whether a repository path is a mesh file outside the folders the workspace scan skips. */
function isMeshPath(path: string): boolean {
  const parts = path.split('/');
  return isMeshFileName(parts[parts.length - 1]) && parts.slice(0, -1).every((folder) => !isIgnoredFolder(folder));
}

/** The mesh files of the whole repository at `commit`. */
export async function snapshotAtCommit(root: string, commit: string, label: string): Promise<MeshSnapshot> {
  const listing = await git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]);
  const paths = listing.split('\0').filter((path) => path !== '' && isMeshPath(path));
  // One `git cat-file --batch` reads every file (a process per file took seconds on a few hundred products);
  // a name with a line break cannot be sent to it, so `git show` reads those.
  const batched = paths.filter((path) => !/[\r\n]/.test(path));
  const files = await readBlobs(root, commit, batched);
  for (const path of paths.filter((candidate) => !batched.includes(candidate)))
    files.set(path, await git(root, ['show', `${commit}:${path}`]));
  return { label, files };
}

/** The texts of `paths` at `commit`, through `git cat-file --batch` (each answer: `<sha> blob <size>\n<bytes>\n`). */
async function readBlobs(root: string, commit: string, paths: readonly string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (paths.length === 0) return files;
  const child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin.end(paths.map((path) => `${commit}:${path}\n`).join(''));
  const code = await exit;
  if (code !== 0) throw new Error(`git cat-file failed: ${stderr.trim() || `exit ${code}`}`);
  const output = Buffer.concat(chunks);
  let at = 0;
  for (const path of paths) {
    const lineEnd = output.indexOf(0x0a, at);
    const header = output.toString('utf8', at, lineEnd < 0 ? output.length : lineEnd);
    const match = /^\S+ blob (\d+)$/.exec(header);
    if (lineEnd < 0 || !match) throw new Error(`git cat-file: unexpected answer for ${path}: ${header}`);
    const size = Number(match[1]);
    files.set(path, output.toString('utf8', lineEnd + 1, lineEnd + 1 + size));
    at = lineEnd + 1 + size + 1;
  }
  return files;
}

/** The mesh files of the repository's working tree, as they are on disk now. */
export async function workingTreeSnapshot(root: string): Promise<MeshSnapshot> {
  const files = new Map<string, string>();
  for (const path of await findMeshFiles(root)) {
    try {
      files.set(toRepositoryPath(root, path), await readFile(path, 'utf8'));
    } catch {
      // A file that vanished or cannot be read is not part of the working tree's mesh.
    }
  }
  return { label: 'working tree', files };
}

/** A path on disk as a repository-relative POSIX path ('' for the root itself). */
export function toRepositoryPath(root: string, path: string): string {
  return relative(resolve(root), resolve(path)).split(sep).join(posix.sep);
}
