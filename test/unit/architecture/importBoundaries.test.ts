// The architecture's import boundaries (eslint.config.mjs) fail on a wrong import: each case lints a
// one-line file placed where the rule applies, through ESLint's own API and the project's config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, relativePath) });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

const cases: { file: string; code: string; forbidden: boolean }[] = [
  { file: 'server/src/services/manifest/probe.ts', code: "import * as vscode from 'vscode';\nexport const x = vscode;\n", forbidden: true },
  {
    file: 'server/src/services/avro/probe.ts',
    code: "import { createConnection } from 'vscode-languageserver/node';\nexport const x = createConnection;\n",
    forbidden: true,
  },
  {
    file: 'server/src/services/workspace/probe.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    forbidden: true,
  },
  {
    file: 'server/src/services/probe.ts',
    code: "import { execFile } from 'child_process';\nexport const x = execFile;\n",
    forbidden: true,
  },
  { file: 'client/src/engines/publish/probe.ts', code: "import * as vscode from 'vscode';\nexport const x = vscode;\n", forbidden: true },
  { file: 'client/src/cli/probe.ts', code: "import * as vscode from 'vscode';\nexport const x = vscode;\n", forbidden: true },
  // What stays allowed: pure LSP types in services, the disk in the server's adapters, vscode in views.
  {
    file: 'server/src/services/manifest/probe.ts',
    code: "import type { Diagnostic } from 'vscode-languageserver-types';\nexport type X = Diagnostic;\n",
    forbidden: false,
  },
  {
    file: 'server/src/nodeFileReaderProbe.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    forbidden: false,
  },
  { file: 'client/src/views/probe.ts', code: "import * as vscode from 'vscode';\nexport const x = vscode;\n", forbidden: false },
];

for (const { file, code, forbidden } of cases) {
  const imported = /from '([^']+)'/.exec(code)?.[1];
  test(`${forbidden ? 'refuses' : 'allows'} ${imported} in ${file}`, async () => {
    const messages = await restrictedImports(file, code);
    if (forbidden) assert.equal(messages.length, 1, `expected one restricted-import error, got ${JSON.stringify(messages)}`);
    else assert.deepEqual(messages, []);
  });
}
