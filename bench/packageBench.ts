// The VSIX as users install it: its size against the 3 MB bound, and how many files it holds.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageResult {
  bytes: number;
  targetBytes: number;
  /** Set when packaging failed (then there is no size to report). */
  problem?: string;
}

const ROOT = join(__dirname, '..');
const VSIX = join(ROOT, 'dist', 'kafka-data-mesh.vsix');

export function benchPackage(): PackageResult {
  const targetBytes = 3 * 1024 * 1024;
  const run = spawnSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0)
    return { bytes: 0, targetBytes, problem: `npm run package failed: ${(run.stderr || run.stdout).trim().split('\n').at(-1)}` };
  return { bytes: statSync(VSIX).size, targetBytes };
}
