// Real failures, each with its specific message: a closed port, a name that does not resolve, a port that
// accepts and never answers, and registry 401/404/500 from a tiny HTTP server. None of these needs Java; the
// last part checks the registry client against the suite's real registry. How long each failure takes is
// measured by npm run bench (bench/connectionBoundsBench.ts), not asserted here: timings flake under load.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { CLI } from '../support/cli';
import { freePort } from './support/secureBroker';
import { releaseTestStack, startTestStack, STACK_TEST_TIMEOUT_MS, type TestStack, stackSkipReason } from './support/stackFixture';
import { readCatalog } from '../../client/src/engines/catalog/catalogEngine';
import { describeConnectionError, RegistryHttpError, type ConnectionErrorKind } from '../../client/src/kafka/connectionErrors';
import { cliRemedy } from '../../client/src/cli/connectionRemedy';
import { editorRemedy } from '../../client/src/connections/connectionRemedy';
import type { ConnectionProfile } from '../../client/src/kafka/connectionProfile';
import { closeKafka, createKafka } from '../../client/src/kafka/kafkaClientFactory';
import { createSerdeRegistry, RegistryClient } from '../../client/src/kafka/registryClient';
import { MemorySecretStore } from '../../client/src/kafka/secretStore';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

function profile(bootstrap: string, timeouts: ConnectionProfile['timeouts'] = {}): ConnectionProfile {
  return { name: 'errors', bootstrapServers: [bootstrap], security: { protocol: 'plaintext' }, timeouts };
}

interface Failure {
  kind: ConnectionErrorKind;
  message: string;
  /** The remedy as the command line words it, and as the editor does. */
  cli: string;
  editor: string;
}

const FLAG = /(?<![\w-])--[a-z]/;

/** The error of `work`, described. */
async function failure(work: () => Promise<unknown>, target?: string): Promise<Failure> {
  try {
    await work();
  } catch (error) {
    const { kind, message, remedy } = describeConnectionError(error, { target });
    return { kind, message, cli: cliRemedy(remedy), editor: editorRemedy(remedy) };
  }
  throw new Error('expected a failure');
}

/** A broker failure's remedy: flags on the command line, settings or commands (never flags) in the editor. */
function assertWordedForEachFrontEnd(result: Failure): void {
  assert.match(result.cli, FLAG, `the command line names a flag: ${result.cli}`);
  assert.doesNotMatch(result.editor, FLAG, `the editor names no flag: ${result.editor}`);
  assert.match(result.editor, /connection's|"Data Mesh: /, `the editor names a connection setting or a command: ${result.editor}`);
}

async function readCatalogAt(bootstrap: string, timeouts: ConnectionProfile['timeouts'] = {}, timeoutMs = 20_000): Promise<unknown> {
  const kafka = await createKafka(profile(bootstrap, timeouts), new MemorySecretStore(), { kafkaLogLevel: 'none' });
  try {
    return await readCatalog(kafka, { timeoutMs });
  } finally {
    closeKafka(kafka);
  }
}

function datamesh(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DATAMESH_')));
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, env: clean });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A registry stand-in: answers every request with this status and a Confluent-style error body. */
async function httpServer(handler: (path: string) => { status: number; body: unknown } | 'hang'): Promise<{ url: string; server: Server }> {
  const server = createHttpServer((request, response) => {
    const answer = handler(request.url ?? '/');
    if (answer === 'hang') return; // accept, read, never answer
    response.writeHead(answer.status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/apis/ccompat/v7`, server };
}

function close(server: Server | NetServer): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('connection errors are specific', () => {
  let silent: NetServer;
  let silentPort = 0;
  const silentSockets = new Set<Socket>();

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    // Accepts connections and never says a word: a firewall that black-holes replies, or a hung broker.
    silent = createNetServer((socket) => {
      silentSockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => silentSockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    silentPort = typeof address === 'object' && address ? address.port : 0;
  });

  after(async () => {
    for (const socket of silentSockets) socket.destroy();
    await close(silent);
    // Late rejections of abandoned kafkajs work would show up here.
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
  });

  test('connection refused on a closed port', async () => {
    const port = await freePort();
    const result = await failure(() => readCatalogAt(`127.0.0.1:${port}`));
    assert.equal(result.kind, 'refused', result.message);
    assert.match(result.message, new RegExp(`Connection refused \\(broker 127\\.0\\.0\\.1:${port}\\)`));
    assertWordedForEachFrontEnd(result);
    assert.match(result.editor, /"Data Mesh: Start Local Stack"/);
  });

  test('DNS failure on nonexistent.invalid', async () => {
    const result = await failure(() => readCatalogAt('nonexistent.invalid:9092'));
    assert.equal(result.kind, 'dns', result.message);
    assert.match(result.message, /nonexistent\.invalid does not resolve/);
    assertWordedForEachFrontEnd(result);
    assert.match(result.editor, /bootstrapServers/);
  });

  test('a port that accepts but never answers is a timeout, within the configured bounds', async () => {
    const result = await failure(
      () => readCatalogAt(`127.0.0.1:${silentPort}`, { connectionMs: 1000, requestMs: 1000 }),
      `bootstrap 127.0.0.1:${silentPort}`,
    );
    assert.equal(result.kind, 'timeout', result.message);
    assert.match(result.message, new RegExp(`127\\.0\\.0\\.1:${silentPort}`));
    assertWordedForEachFrontEnd(result);

    // The overall bound wins when it is the shorter one.
    const bounded = await failure(() => readCatalogAt(`127.0.0.1:${silentPort}`, { connectionMs: 5000, requestMs: 5000 }, 1500));
    assert.equal(bounded.kind, 'timeout');
    assert.match(bounded.message, /within 1500 ms/);
  });

  test('datamesh catalog: refused and DNS failures exit 1 with the specific message', async () => {
    const port = await freePort();
    const refused = datamesh(['catalog', '--bootstrap', `127.0.0.1:${port}`]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^datamesh catalog: Connection refused/m);
    assert.match(refused.stderr, /--bootstrap.*`datamesh stack up`/, "the remedy in the command line's terms");
    assert.doesNotMatch(refused.stderr, /Data Mesh:/);
    assert.equal(refused.stdout, '');
    const dns = datamesh(['catalog', '--format', 'json', '--bootstrap', 'nonexistent.invalid:9092']);
    assert.equal(dns.status, 1);
    assert.match(dns.stderr, /nonexistent\.invalid does not resolve/);
    assert.match(dns.stderr, /host in --bootstrap/);
    const hung = datamesh(['catalog', '--bootstrap', `127.0.0.1:${silentPort}`, '--timeout', '2']);
    assert.equal(hung.status, 1);
    assert.match(hung.stderr, /No answer/);
    assert.match(hung.stderr, /needs --tls/);
  });

  test('registry 404 (unknown subject), 401, 403, 500 and 503 from a local HTTP server', async () => {
    const { url, server } = await httpServer((path) => {
      if (path.includes('/subjects/missing-value'))
        return { status: 404, body: { error_code: 40401, message: "Subject 'missing-value' not found." } };
      if (path.includes('/subjects/secret-value')) return { status: 401, body: { error_code: 401, message: 'Unauthorized' } };
      if (path.includes('/subjects/forbidden-value'))
        return { status: 403, body: { error_code: 40301, message: 'User cannot access the resource.' } };
      if (path.includes('/subjects/busy-value')) return { status: 503, body: { error_code: 50003, message: 'Service unavailable' } };
      return { status: 500, body: { error_code: 50001, message: 'Error in the backend data store' } };
    });
    try {
      const registry = new RegistryClient({ url, timeoutMs: 2000 });
      const cases: [() => Promise<unknown>, ConnectionErrorKind, RegExp][] = [
        [() => registry.versions('missing-value'), 'registry-404', /subject does not exist/],
        [() => registry.version('secret-value', 'latest'), 'registry-401', /401/],
        [() => registry.versions('forbidden-value'), 'registry-403', /403/],
        [() => registry.subjects(), 'registry-5xx', /500/],
        [() => registry.register('busy-value', { schema: '"string"' }), 'registry-5xx', /503/],
      ];
      for (const [call, kind, pattern] of cases) {
        const result = await failure(call);
        assert.equal(result.kind, kind, result.message);
        assert.match(result.message, pattern);
      }
      // A subject without a level of its own, and a compatibility check against nothing, are not errors.
      const notFound = await httpServer(() => ({ status: 404, body: { error_code: 40401, message: 'not found' } }));
      try {
        const lenient = new RegistryClient({ url: notFound.url });
        assert.equal(await lenient.subjectCompatibility('missing-value'), undefined);
        assert.deepEqual(await lenient.checkCompatibility('missing-value', { schema: '"string"' }), { compatible: true, messages: [] });
      } finally {
        await close(notFound.server);
      }
    } finally {
      await close(server);
    }
  });

  test('a registry URL without the API path is a 404 that says where the API is', async () => {
    const { url, server } = await httpServer(() => ({ status: 404, body: 'Not Found' }));
    try {
      const result = await failure(() => new RegistryClient({ url: url.replace('/apis/ccompat/v7', '') }).subjects());
      assert.equal(result.kind, 'registry-404');
      assert.match(result.cli, /--registry.*apis\/ccompat\/v7/);
      assert.match(result.editor, /registry\.url.*apis\/ccompat\/v7/);
      assert.doesNotMatch(result.editor, FLAG);
    } finally {
      await close(server);
    }
  });

  test('a registry that never answers times out; a closed one is refused', async () => {
    const { url, server } = await httpServer(() => 'hang');
    try {
      const result = await failure(() => new RegistryClient({ url, timeoutMs: 500 }).subjects());
      assert.equal(result.kind, 'timeout', result.message);
    } finally {
      await close(server);
    }
    const port = await freePort();
    const refused = await failure(() => new RegistryClient({ url: `http://127.0.0.1:${port}/apis/ccompat/v7` }).subjects());
    assert.equal(refused.kind, 'refused');
    assert.match(refused.message, /schema registry/);
  });

  test('bearer and basic credentials are sent to the registry', async () => {
    const seen: string[] = [];
    const server = createHttpServer((request, response) => {
      seen.push(request.headers.authorization ?? '');
      response.writeHead(request.headers.authorization ? 200 : 401, { 'content-type': 'application/json' });
      response.end(request.headers.authorization ? '[]' : '{"error_code":401,"message":"Unauthorized"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      assert.deepEqual(await new RegistryClient({ url, credentials: { kind: 'bearer', token: 'tok' } }).subjects(), []);
      assert.deepEqual(await new RegistryClient({ url, credentials: { kind: 'basic', username: 'u', password: 'p' } }).subjects(), []);
      assert.equal((await failure(() => new RegistryClient({ url }).subjects())).kind, 'registry-401');
      assert.deepEqual(seen, ['Bearer tok', `Basic ${Buffer.from('u:p').toString('base64')}`, '']);
    } finally {
      await close(server);
    }
  });
});

describe('the registry client against the real registry', { timeout: STACK_TEST_TIMEOUT_MS }, () => {
  let stack: TestStack | undefined;
  let skipReason: string | false = false;

  before(async () => {
    skipReason = await stackSkipReason();
    if (!skipReason) stack = await startTestStack();
  });

  after(async () => {
    if (stack) await releaseTestStack();
  });

  test('register, versions, schema by version and id, compatibility and config; 404 for an unknown subject', async (t: TestContext) => {
    if (skipReason) return t.skip(skipReason);
    const registry = new RegistryClient({ url: stack!.registry, timeoutMs: 10_000 });
    const subject = `errors-test-${process.pid}-${Date.now()}-value`;
    const v1 = JSON.stringify({ type: 'record', name: 'Order', namespace: 'sales', fields: [{ name: 'id', type: 'string' }] });
    const v2 = JSON.stringify({
      type: 'record',
      name: 'Order',
      namespace: 'sales',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'note', type: 'string', default: '' },
      ],
    });
    const breaking = JSON.stringify({ type: 'record', name: 'Order', namespace: 'sales', fields: [{ name: 'id', type: 'long' }] });

    const missing = await failure(() => registry.versions(subject));
    assert.equal(missing.kind, 'registry-404');
    assert.match(missing.message, /subject does not exist/);

    const { id } = await registry.register(subject, { schema: v1 });
    assert.ok(id > 0);
    await registry.setSubjectCompatibility(subject, 'BACKWARD');
    assert.equal(await registry.subjectCompatibility(subject), 'BACKWARD');
    assert.deepEqual(await registry.checkCompatibility(subject, { schema: v2 }), { compatible: true, messages: [] });
    assert.equal((await registry.checkCompatibility(subject, { schema: breaking })).compatible, false);
    await registry.register(subject, { schema: v2 });
    assert.deepEqual(await registry.versions(subject), [1, 2]);
    const latest = await registry.version(subject, 'latest');
    assert.equal(latest.version, 2);
    assert.deepEqual(JSON.parse(latest.schema), JSON.parse(v2));
    assert.deepEqual(JSON.parse((await registry.schemaById(id)).schema), JSON.parse(v1));
    assert.equal((await registry.lookup(subject, { schema: v1 }))?.version, 1);
    assert.ok((await registry.subjects()).includes(subject));
    assert.ok(
      ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'].includes(
        await registry.globalCompatibility(),
      ),
    );

    const missingVersion = await failure(() => registry.version(subject, 99));
    assert.equal(missingVersion.kind, 'registry-404');
    assert.ok(missingVersion.message.length > 0);
    const error = await registry.version(subject, 99).catch((caught: unknown) => caught);
    assert.ok(error instanceof RegistryHttpError && error.status === 404);

    // The Confluent wire format through @kafkajs/confluent-schema-registry, with the same base URL.
    const serde = createSerdeRegistry(stack!.registry, { kind: 'none' }, 10_000);
    const encoded = await serde.encode(id, { id: 'o-1' });
    assert.equal(encoded[0], 0, 'magic byte');
    assert.equal(encoded.readInt32BE(1), id);
    assert.deepEqual({ ...(await serde.decode(encoded)) }, { id: 'o-1' });
  });
});
