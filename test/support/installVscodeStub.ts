/**
 * Makes `require('vscode')` load test/support/vscodeStub outside VS Code. Import this first in a test
 * (before anything that imports client code), so the hook is in place when those modules load.
 */
import Module from 'node:module';
import { join } from 'node:path';

const STUB = join(__dirname, 'vscodeStub.ts');

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename & { datameshVscodeStub?: boolean } };

if (!moduleInternals._resolveFilename.datameshVscodeStub) {
  const original = moduleInternals._resolveFilename;
  const patched: ResolveFilename & { datameshVscodeStub?: boolean } = (request, parent, isMain, options) =>
    request === 'vscode' ? STUB : original.call(Module, request, parent, isMain, options);
  patched.datameshVscodeStub = true;
  moduleInternals._resolveFilename = patched;
}

export { stubState } from './vscodeStub';
