// The architecture's import boundaries (eslint.config.mjs) fail on a wrong import: each case lints a
// one-line file placed where the rule applies, through ESLint's own API and the project's config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

/** The rules that enforce the boundaries: import declarations, and lazy requires and `import()` types. */
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

async function restrictedImports(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, relativePath) });
  return result.messages.filter((message) => BOUNDARY_RULES.has(message.ruleId ?? '')).map((message) => message.message);
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
  // Outside server/, the server's code is reached through the services' facade, the protocol and the disk adapters only.
  {
    file: 'client/src/probe.ts',
    code: "import { validateManifest } from '../../server/src/services/manifest/validateManifest';\nexport const x = validateManifest;\n",
    forbidden: true,
  },
  {
    file: 'client/src/engines/lint/probe.ts',
    code: "import { findMeshFiles } from '../../../../server/src/disk/meshFileWalker';\nexport const x = findMeshFiles;\n",
    forbidden: true,
  },
  {
    file: 'client/src/connections/probe.ts',
    code: "import type { ProductSummary } from '../../../server/src/services/workspace/productSummary';\nexport type X = ProductSummary;\n",
    forbidden: true,
  },
  {
    file: 'client/src/workspace/probe.ts',
    code: "export const load = () => require('../../../server/src/services/workspace/productSummary') as unknown;\n",
    forbidden: true,
  },
  {
    file: 'client/src/workspace/probe.ts',
    code: "export type Services = typeof import('../../../server/src/services/manifest/manifestTypes');\n",
    forbidden: true,
  },
  {
    file: 'scripts/probe.ts',
    code: "import { AVRO_DIAGNOSTIC_CODES } from '../server/src/services/avro/avroCodes';\nexport const x = AVRO_DIAGNOSTIC_CODES;\n",
    forbidden: true,
  },
  {
    file: 'client/src/probe.ts',
    code: "import { createLanguageService } from '../../server/src/services/index';\nexport const x = createLanguageService;\n",
    forbidden: false,
  },
  {
    file: 'client/src/connections/probe.ts',
    code: "import { CATALOG_PRODUCTS_NOTIFICATION } from '../../../server/src/protocol';\nexport const x = CATALOG_PRODUCTS_NOTIFICATION;\n",
    forbidden: false,
  },
  {
    file: 'client/src/engines/lint/probe.ts',
    code: "import { findMeshFiles } from '../../../../server/src/disk/index';\nexport const x = findMeshFiles;\n",
    forbidden: false,
  },
  {
    file: 'client/src/workspace/probe.ts',
    code: "export const load = () => require('../../../server/src/services/index') as typeof import('../../../server/src/services/index');\n",
    forbidden: false,
  },
  // Tests unit-test the services' internals.
  {
    file: 'test/unit/probe.ts',
    code: "import { validateManifest } from '../../server/src/services/manifest/validateManifest';\nexport const x = validateManifest;\n",
    forbidden: false,
  },
];

for (const { file, code, forbidden } of cases) {
  const imported = /'([^']*\/[^']*)'/.exec(code)?.[1] ?? /'([^']+)'/.exec(code)?.[1];
  test(`${forbidden ? 'refuses' : 'allows'} ${imported} in ${file}`, async () => {
    const messages = await restrictedImports(file, code);
    if (forbidden) assert.equal(messages.length, 1, `expected one restricted-import error, got ${JSON.stringify(messages)}`);
    else assert.deepEqual(messages, []);
  });
}
