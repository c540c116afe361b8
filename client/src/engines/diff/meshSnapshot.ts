/**
 * The mesh files of one side of a diff, as plain text by repository-relative path (POSIX separators): the
 * base from git, the other side from the working tree. The classification reads nothing else, so it stays pure.
 */
export interface MeshSnapshot {
  /** How the side is named in messages and schema labels: the git ref, or "working tree". */
  label: string;
  /** Repository-relative POSIX path → text, for manifests and `.avsc` files. */
  files: ReadonlyMap<string, string>;
}
