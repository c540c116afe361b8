// The embedded local stack against real JVMs: up, status, idempotent up, down, a cached second start,
// the prerequisite messages, the connection rule, and the same through the built `datamesh stack`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { CLI } from '../support/cli';
import {
  releaseTestStack,
  stackLog,
  startTestStack,
  testStack,
  testStackDir,
  STACK_TEST_TIMEOUT_MS,
  type TestStack,
} from './support/stackFixture';
import { LocalStack, StackError, type StackState, type UpResult } from '../../client/src/engines/stack/localStack';
import { defaultToolsDir } from '../../client/src/engines/stack/stackPaths';
import { chooseJava, findMaven, PrerequisiteError } from '../../client/src/engines/stack/stackPrerequisites';
import { ensureArtifacts } from '../../client/src/engines/stack/stackArtifacts';
import { resolveConnection } from '../../client/src/engines/connection/defaultConnection';

const timeout = STACK_TEST_TIMEOUT_MS;
const topic = `stack-test-${process.pid}-${Date.now()}`;
const subject = `${topic}-value`;
const schema = JSON.stringify({ type: 'record', name: 'Order', namespace: 'sales', fields: [{ name: 'id', type: 'string' }] });

const tempDirs: string[] = [];
/** A temp folder removed after the tests. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Alive and not a zombie (the JVMs we start are children of this process until it reaps them). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) [ZX]/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

/** Live processes with exactly this argument (Linux: /proc; elsewhere nothing is checked). */
function processesWithArgument(argument: string): number[] {
  if (process.platform !== 'linux') return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(argument) && alive(Number(entry))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function ports(state: StackState): number[] {
  return [state.broker.port, state.broker.controllerPort, state.registry.port, state.registry.managementPort];
}

function stackCli(args: string[], env: Record<string, string | undefined>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'stack', ...args], {
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function kafka(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'stack-test', brokers: [bootstrap], logLevel: logLevel.NOTHING });
}

describe('the local stack', { timeout }, () => {
  let first: TestStack;
  let decoy: ChildProcess | undefined;

  before(async () => {
    first = await startTestStack();
  });

  after(async () => {
    decoy?.kill('SIGKILL');
    await releaseTestStack();
  });

  test('up returns a broker and a registry that answer', async () => {
    assert.match(first.bootstrap, /^127\.0\.0\.1:\d+$/);
    assert.match(first.registry, /^http:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7$/);

    const admin = kafka(first.bootstrap).admin();
    await admin.connect();
    try {
      assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true }), true);
      assert.ok((await admin.listTopics()).includes(topic));
    } finally {
      await admin.disconnect();
    }
    const producer = kafka(first.bootstrap).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'v' }] });
    await producer.disconnect();

    const registry = new SchemaRegistry({ host: first.registry });
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject });
    assert.ok(Number.isInteger(id) && id > 0);
    assert.equal(((await registry.decode(await registry.encode(id, { id: 'o-1' }))) as { id: string }).id, 'o-1');
    const subjects = (await (await fetch(`${first.registry}/subjects`)).json()) as string[];
    assert.ok(subjects.includes(subject));
  });

  test('status reports the running stack', async () => {
    assert.deepEqual(await testStack().status(), { running: true, bootstrap: first.bootstrap, registry: first.registry });
  });

  test('a second up is idempotent: same processes, same ports', async () => {
    const state = testStack().readState();
    assert.ok(state);
    const again = await testStack().up();
    assert.equal(again.reused, true);
    assert.equal(again.bootstrap, first.bootstrap);
    assert.equal(again.registry, first.registry);
    assert.equal(again.state.broker.pid, state.broker.pid);
    assert.equal(again.state.registry.pid, state.registry.pid);
    assert.deepEqual(ports(again.state), ports(state));
  });

  test('down stops exactly the processes it started and frees their ports', async () => {
    const stack = testStack();
    const state = stack.readState();
    assert.ok(state);
    // Not recorded, though its command line carries the stack's marker: down must leave it alone.
    decoy = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)', '--', `-Ddatamesh.stack.dir=${stack.stateDir}`], {
      stdio: 'ignore',
    });
    assert.equal(await stack.down(), true);
    assert.equal(alive(state.broker.pid), false, 'the broker is gone');
    assert.equal(alive(state.registry.pid), false, 'the registry is gone');
    assert.ok(decoy.pid && alive(decoy.pid), 'a process the stack did not start survives');
    assert.deepEqual(processesWithArgument(`-Ddatamesh.stack.dir=${stack.stateDir}`), [decoy.pid], 'only the decoy carries the marker now');
    for (const port of ports(state)) assert.equal(await portFree(port), true, `port ${port} is free`);
    assert.equal(existsSync(join(stack.stateDir, 'stack.json')), false);
    assert.deepEqual(await stack.status(), { running: false });
    assert.equal(await stack.down(), false, 'a second down has nothing to stop');
  });

  test('the next up takes the artifacts from the cache and keeps topics and schemas', async () => {
    const logStart = stackLog.length;
    const started = Date.now();
    const second: UpResult = await testStack().up();
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`# cached up: ${seconds.toFixed(1)} s\n`);
    assert.equal(second.reused, false);
    assert.deepEqual(second.artifacts, { kafka: 'cached', registry: 'cached' });
    const lines = stackLog.slice(logStart);
    assert.ok(!lines.some((line) => /downloading/i.test(line)), lines.join('\n'));
    assert.ok(!lines.some((line) => /Formatting/.test(line)), 'the KRaft storage is formatted once');

    const admin = kafka(second.bootstrap).admin();
    await admin.connect();
    try {
      assert.ok((await admin.listTopics()).includes(topic), 'the topic survived down and up');
    } finally {
      await admin.disconnect();
    }
    const subjects = (await (await fetch(`${second.registry}/subjects`)).json()) as string[];
    assert.ok(subjects.includes(subject), 'the schema survived down and up');
  });

  test('a fixed port that is taken gets a clear message', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const dir = tempDir('datamesh-stack-port-');
    try {
      await assert.rejects(
        () => new LocalStack(dir, defaultToolsDir(), () => undefined, { brokerPort: port }).up(),
        (error: unknown) => {
          assert.ok(error instanceof StackError);
          assert.match(error.message, new RegExp(`Port ${port} .* is in use`));
          assert.match(error.message, /--broker-port/);
          return true;
        },
      );
      assert.equal(existsSync(join(dir, 'stack.json')), false);
    } finally {
      blocker.close();
    }
  });

  test('a start that does not answer in time fails with the log tail and leaves nothing running', async () => {
    const dir = tempDir('datamesh-stack-slow-');
    const stack = new LocalStack(dir, defaultToolsDir(), () => undefined, { readyTimeoutMs: 1000 });
    await assert.rejects(
      () => stack.up(),
      (error: unknown) => {
        assert.ok(error instanceof StackError);
        assert.match(error.message, /did not answer within 1 s\. The end of .*(broker|registry)\.log:\n/);
        return true;
      },
    );
    assert.equal(stack.readState(), undefined);
    // Under load the JVM may not have written a line within the second: the log file itself must be there.
    assert.ok(existsSync(join(dir, 'broker.log')), 'the broker has a log file');
    assert.deepEqual(processesWithArgument(`-Ddatamesh.stack.dir=${dir}`), [], 'no JVM of that stack is left');
  });

  test('the connection rule: flags, then variables, then the running local stack', async () => {
    const running = await testStack().status();
    assert.equal(running.running, true);
    const none = tempDir('datamesh-no-stack-');
    const env = { DATAMESH_BOOTSTRAP: 'kafka.example:9092', DATAMESH_REGISTRY: 'https://registry.example/apis/ccompat/v7/' };

    assert.deepEqual(await resolveConnection({ bootstrap: 'b:1', registry: 'http://r:2' }, env), {
      bootstrap: 'b:1',
      registry: 'http://r:2',
      source: 'flags',
    });
    assert.deepEqual(await resolveConnection({}, env), {
      bootstrap: 'kafka.example:9092',
      registry: 'https://registry.example/apis/ccompat/v7',
      source: 'env',
    });
    assert.deepEqual(await resolveConnection({ stackDir: testStackDir() }, {}), {
      bootstrap: running.bootstrap,
      registry: running.registry,
      source: 'local-stack',
    });
    assert.deepEqual(await resolveConnection({}, { DATAMESH_STACK_DIR: testStackDir() }), {
      bootstrap: running.bootstrap,
      registry: running.registry,
      source: 'local-stack',
    });

    const missing = await resolveConnection({ stackDir: none }, {});
    assert.ok('error' in missing && /datamesh stack up/.test(missing.error) && /--bootstrap/.test(missing.error), JSON.stringify(missing));
    const half = await resolveConnection({ bootstrap: 'b:1', stackDir: testStackDir() }, {});
    assert.ok('error' in half && /--registry/.test(half.error), 'an explicit broker never pairs with the local registry');
    const invalid = await resolveConnection({ bootstrap: 'no-port', registry: 'http://r:2' }, {});
    assert.ok('error' in invalid && /HOST:PORT/.test(invalid.error));
  });

  test('datamesh stack status, down and up through the built CLI', () => {
    const env = { DATAMESH_STACK_DIR: testStackDir() };
    const running = stackCli(['status', '--format', 'json'], env);
    assert.equal(running.status, 0, running.stderr);
    const status = JSON.parse(running.stdout) as { running: boolean; bootstrap: string; registry: string };
    assert.equal(status.running, true);
    assert.deepEqual(Object.keys(status), ['running', 'bootstrap', 'registry']);

    const down = stackCli(['down', '--format', 'json'], env);
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(JSON.parse(down.stdout), { running: false });
    assert.deepEqual(JSON.parse(stackCli(['status', '--format', 'json'], env).stdout), { running: false });

    const up = stackCli(['up', '--format', 'json'], env);
    assert.equal(up.status, 0, up.stderr);
    const upStatus = JSON.parse(up.stdout) as { running: boolean; bootstrap: string; registry: string };
    assert.equal(upStatus.running, true);
    assert.match(upStatus.bootstrap, /^127\.0\.0\.1:\d+$/);
    assert.match(upStatus.registry, /^http:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7$/);
    assert.match(up.stderr, /cached/, 'progress on stderr');
    // The stack outlives the CLI: status from another process sees it.
    assert.deepEqual(JSON.parse(stackCli(['status', '--format', 'json'], env).stdout), upStatus);
  });

  test('datamesh stack status on a stopped stack prints running false', () => {
    const empty = tempDir('datamesh-no-stack-');
    const json = stackCli(['status', '--format', 'json'], { DATAMESH_STACK_DIR: empty });
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { running: false });
    const text = stackCli(['status'], { DATAMESH_STACK_DIR: empty });
    assert.match(text.stdout, /not running/);
    const usage = stackCli(['restart'], { DATAMESH_STACK_DIR: empty });
    assert.equal(usage.status, 2);
  });
});

describe('the local stack prerequisites', () => {
  const noTools = tempDir('datamesh-no-tools-');

  test('without Java the message says what to install', async () => {
    await assert.rejects(
      () => chooseJava({ env: { PATH: noTools }, jvmRoots: [], toolsDir: noTools }),
      (error: unknown) => {
        assert.ok(error instanceof PrerequisiteError);
        assert.match(error.message, /Java 17 or newer/);
        assert.match(error.message, /Java 21 or newer for Apicurio/);
        assert.match(error.message, /JAVA_HOME/);
        return true;
      },
    );
  });

  test('datamesh stack up without Java exits 1 with that message and starts nothing', () => {
    const dir = tempDir('datamesh-stack-nojava-');
    const result = spawnSync(process.execPath, [CLI, 'stack', 'up'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: noTools, HOME: noTools, DATAMESH_JVM_DIRS: '', DATAMESH_STACK_DIR: dir, DATAMESH_TOOLS_DIR: join(noTools, 'tools') },
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /datamesh stack up: .*Java 17 or newer/);
    assert.equal(result.stdout, '');
    assert.equal(existsSync(join(dir, 'stack.json')), false);
  });

  test('without Maven and without cached artifacts the message says what to install', async () => {
    assert.throws(() => findMaven({ PATH: noTools }), /Maven \(mvn\) is needed once/);
    await assert.rejects(
      () => ensureArtifacts(join(noTools, 'empty-tools'), () => undefined, { env: { PATH: noTools } }),
      PrerequisiteError,
    );
  });
});
