// ESLint runs in `npm test`. Besides the usual TypeScript checks it enforces the architecture's arrows
// (README, "Architecture"): a wrong import fails the run instead of waiting for a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Editor and LSP-connection modules: only adapters may import them. */
const EDITOR_MODULES = [
  { name: 'vscode', message: 'Only the extension (client/src outside engines/ and cli/) may use the VS Code API.' },
  { name: 'vscode-languageclient', message: 'Only the extension may start a language client.' },
  { name: 'vscode-languageclient/node', message: 'Only the extension may start a language client.' },
];
const CONNECTION_MODULES = [
  { name: 'vscode-languageserver', message: 'Services are pure: the LSP connection belongs to server.ts.' },
  { name: 'vscode-languageserver/node', message: 'Services are pure: the LSP connection belongs to server.ts.' },
];
const DISK_AND_PROCESS_MODULES = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process'].map(
  (name) => ({
    name,
    message: 'Services are pure: they reach the disk only through the injected FileReader, and start no processes.',
  }),
);

// Code outside server/ (the extension, datamesh, scripts) reaches the server's code through three entries only:
// the services' facade, the protocol, and the services' disk adapters. Everything behind them can move freely.
const SERVER_ENTRIES = '(?:services/index|services|protocol|disk/index|disk)';
const SERVER_INTERNALS = `^(?:\\.\\./)+server/src/(?!${SERVER_ENTRIES}$)`;
const SERVER_INTERNALS_MESSAGE =
  'Outside server/, import the language services from server/src/services/index (the facade), the messages from server/src/protocol and the disk adapters from server/src/disk/index.';
const SERVER_INTERNALS_PATTERNS = [{ regex: SERVER_INTERNALS, message: SERVER_INTERNALS_MESSAGE }];
// A lazy `require(...)` or an `import('...')` type is no import declaration: the same rule, as syntax (esquery regexes take no `/`).
const SERVER_INTERNALS_SELECTOR_REGEX = SERVER_INTERNALS.replaceAll('/', '\\x2F');
const SERVER_INTERNALS_SYNTAX = [
  `CallExpression[callee.name='require'] > Literal.arguments[value=/${SERVER_INTERNALS_SELECTOR_REGEX}/]`,
  `TSImportType Literal[value=/${SERVER_INTERNALS_SELECTOR_REGEX}/]`,
].map((selector) => ({ selector, message: SERVER_INTERNALS_MESSAGE }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', 'demo/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Lazy loading keeps activation fast (a `require` inside a function); see client/src/extension.ts.
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // The language services: no editor, no LSP connection, no disk, no processes.
    files: ['server/src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...EDITOR_MODULES, ...CONNECTION_MODULES, ...DISK_AND_PROCESS_MODULES] }],
    },
  },
  {
    // The extension, datamesh and the scripts use the server's code through its entries only.
    files: ['client/src/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: SERVER_INTERNALS_PATTERNS }],
      'no-restricted-syntax': ['error', ...SERVER_INTERNALS_SYNTAX],
    },
  },
  {
    // Engines and the command line are shared by the extension and `datamesh`: no VS Code API.
    files: ['client/src/engines/**/*.ts', 'client/src/cli/**/*.ts', 'client/src/kafka/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: EDITOR_MODULES, patterns: SERVER_INTERNALS_PATTERNS }],
    },
  },
  {
    // Tests and benchmarks poke at internals on purpose, with stubs and fixtures.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
