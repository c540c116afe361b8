import { execFile } from 'node:child_process';
import { dirname, relative } from 'node:path';
import { URI } from 'vscode-uri';
import type { SchemaHistory, SchemaVersion } from './services/index';

const GIT_TIMEOUT_MS = 5000;

function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout) => {
      resolve(error ? undefined : stdout);
    });
  });
}

/**
 * Offline, the previous version of a schema is the file as committed in git (HEAD). A file outside a
 * repository, not yet committed, or a machine without git has no previous version.
 */
export const gitSchemaHistory: SchemaHistory = {
  async versions(schemaUri: string): Promise<SchemaVersion[]> {
    const parsed = URI.parse(schemaUri);
    if (parsed.scheme !== 'file') return [];
    const folder = dirname(parsed.fsPath);
    const top = (await git(['rev-parse', '--show-toplevel'], folder))?.trim();
    if (!top) return [];
    const path = relative(top, parsed.fsPath).split('\\').join('/');
    const text = await git(['show', `HEAD:${path}`], top);
    return text === undefined ? [] : [{ label: 'the version in git HEAD', text }];
  },
};
