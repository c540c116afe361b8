// Start Local Stack while a stack runs already (the one `datamesh stack up` or `npm run demo` started): the
// command finds it, starts no second broker and registry, says whose stack it is, and connects the views
// to it. The running stack is the suite's shared one, standing in for the command line's.
import { stubState } from '../support/installVscodeStub';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { releaseTestStack, startTestStack, STACK_TEST_TIMEOUT_MS, testStackDir, type TestStack } from './support/stackFixture';
import { chooseJava } from '../../client/src/engines/stack/stackPrerequisites';
import { LocalStack } from '../../client/src/engines/stack/localStack';
import { defaultToolsDir, editorStackDir } from '../../client/src/engines/stack/stackPaths';
import { findRunningStack, stackLocations, type RunningStack } from '../../client/src/engines/stack/runningStack';
import { registerLocalStackCommands, type StartedStack } from '../../client/src/commands/localStackCommands';
import { COMMANDS } from '../../client/src/commandIds';

void stubState;
const inCi = process.env.CI === 'true';

describe('a second start finds the running stack', { timeout: 600_000 }, () => {
  let noJava: string | undefined;
  let stack: TestStack;
  const globalStorage = mkdtempSync(join(tmpdir(), 'datamesh-editor-storage-'));
  const editorDir = editorStackDir(globalStorage);
  const previousStackDir = process.env.DATAMESH_STACK_DIR;

  before(
    async () => {
      try {
        await chooseJava();
      } catch (error) {
        if (inCi) throw error;
        noJava = `no Java for the local stack: ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
      stack = await startTestStack();
      // The command line's stack folder is the suite's: what `datamesh stack up` would have started.
      process.env.DATAMESH_STACK_DIR = testStackDir();
    },
    { timeout: STACK_TEST_TIMEOUT_MS },
  );

  after(async () => {
    if (previousStackDir === undefined) delete process.env.DATAMESH_STACK_DIR;
    else process.env.DATAMESH_STACK_DIR = previousStackDir;
    // Had the command started a second stack, it must not outlive the test.
    await new LocalStack(editorDir, defaultToolsDir()).down();
    rmSync(globalStorage, { recursive: true, force: true });
    await releaseTestStack();
  });

  test('the engine finds the command line stack when the editor has none', async (t) => {
    if (noJava) return t.skip(noJava);
    const found = await findRunningStack(stackLocations(editorDir), defaultToolsDir());
    assert.deepEqual(found, { owner: 'command line', stateDir: testStackDir(), bootstrap: stack.bootstrap, registry: stack.registry });
    assert.equal(await findRunningStack([{ owner: 'editor', stateDir: editorDir }], defaultToolsDir()), undefined);
  });

  test('Start Local Stack uses it: no second stack, a message that says whose it is, and a connection to it', async (t) => {
    if (noJava) return t.skip(noJava);
    stubState.reset();
    const connected: RunningStack[] = [];
    const subscriptions: { dispose(): unknown }[] = [];
    registerLocalStackCommands({ subscriptions, globalStorageUri: { fsPath: globalStorage } } as unknown as vscode.ExtensionContext, {
      connect: async (running) => {
        connected.push(running);
        return 'local';
      },
    });
    const started = (await stubState.commands.get(COMMANDS.startLocalStack)?.()) as StartedStack | undefined;
    assert.ok(started, `the command resolves the stack: ${JSON.stringify(stubState.messages)}`);
    assert.equal(started.reused, true);
    assert.equal(started.owner, 'command line');
    assert.equal(started.bootstrap, stack.bootstrap);
    assert.equal(started.connection, 'local');
    assert.deepEqual(
      connected.map((entry) => entry.bootstrap),
      [stack.bootstrap],
    );
    assert.equal(existsSync(join(editorDir, 'stack.json')), false, 'no second stack was started');
    const message = stubState.messages.at(-1)?.message ?? '';
    assert.match(message, /command line's local stack/);
    assert.ok(message.includes(stack.bootstrap) && message.includes(testStackDir()), message);
    assert.match(message, /no second stack started/);
  });
});
