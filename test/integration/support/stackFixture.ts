// One local stack (Kafka + Apicurio Registry) for the integration suite, started through the same LocalStack
// code as `datamesh stack up`. scripts/run-tests.mjs sets DATAMESH_TEST_STACK_DIR for the integration suite
// and stops that stack after it, so every test file (each its own process) reuses one stack: `up` is idempotent.
// Run alone (`node --import tsx --test test/integration/x.test.ts`), a file gets a stack in a temp folder,
// which `releaseTestStack()` stops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStack, type UpResult } from '../../../client/src/engines/stack/localStack';
import { defaultToolsDir } from '../../../client/src/engines/stack/stackPaths';
import { chooseJava } from '../../../client/src/engines/stack/stackPrerequisites';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../../../client/src/kafka/kafkaClientFactory';
import { MemorySecretStore } from '../../../client/src/kafka/secretStore';
import { skipUnlessCi } from './secureBroker';

/** Generous: a first run downloads about 200 MB from Maven Central before starting two JVMs. */
export const STACK_TEST_TIMEOUT_MS = 300_000;

export interface TestStack {
  bootstrap: string;
  registry: string;
  stateDir: string;
  toolsDir: string;
  stack: LocalStack;
  up: UpResult;
}

/** Every progress line of the stacks started by this process (for assertions and failure messages). */
export const stackLog: string[] = [];

let ownedDir: string | undefined;
let current: Promise<TestStack> | undefined;

/** The suite's stack folder: DATAMESH_TEST_STACK_DIR, else a temp folder owned by this process. */
export function testStackDir(): string {
  const shared = process.env.DATAMESH_TEST_STACK_DIR;
  if (shared) return shared;
  ownedDir ??= mkdtempSync(join(tmpdir(), 'datamesh-stack-'));
  return ownedDir;
}

export function testStack(stateDir = testStackDir()): LocalStack {
  return new LocalStack(stateDir, defaultToolsDir(), (line) => {
    stackLog.push(line);
    if (process.env.DATAMESH_TEST_VERBOSE) process.stderr.write(`# stack: ${line}\n`);
  });
}

/** Starts the suite's stack, or returns the running one, with addresses that answer. */
export function startTestStack(): Promise<TestStack> {
  current ??= (async () => {
    const stack = testStack();
    const up = await stack.up();
    return { bootstrap: up.bootstrap, registry: up.registry, stateDir: stack.stateDir, toolsDir: stack.toolsDir, stack, up };
  })();
  // A failed start is not cached: the next test file or call tries again.
  current.catch(() => {
    current = undefined;
  });
  return current;
}

/** Stops the stack only when this process owns it (no DATAMESH_TEST_STACK_DIR); the shared one is run-tests' to stop. */
export async function releaseTestStack(): Promise<void> {
  current = undefined;
  if (!ownedDir) return;
  await testStack(ownedDir).down();
  rmSync(ownedDir, { recursive: true, force: true });
  ownedDir = undefined;
}

/**
 * Why a file's tests cannot run here: `otherReason` (a missing tool such as kcat) or a machine where the stack
 * cannot start. Locally that skips the tests; under CI it is false, so they run and fail with the cause.
 */
export async function stackSkipReason(otherReason?: string): Promise<string | false> {
  return skipUnlessCi(
    otherReason ??
      (await chooseJava().then(
        () => undefined,
        (error: unknown) => `the local stack cannot start here: ${error instanceof Error ? error.message : String(error)}`,
      )),
  );
}

/** A plaintext kafkajs client of the suite's stack, with the client's log silenced. */
export function stackKafka(stack: TestStack): Promise<Kafka> {
  return createKafka({ name: 'test', bootstrapServers: [stack.bootstrap], security: { protocol: 'plaintext' } }, new MemorySecretStore(), {
    kafkaLogLevel: 'none',
  });
}
