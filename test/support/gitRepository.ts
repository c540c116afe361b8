import { execFileSync } from 'node:child_process';
import { folderWith } from './cli';

/** A new git repository in a temporary folder holding `files` (relative path -> text) in one commit. */
export function committedRepository(files: Record<string, string>): string {
  const root = folderWith(files);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'the mesh');
  return root;
}
