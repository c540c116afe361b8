// Each Kafka security mode against a real broker configured for it (test/integration/support/secureBroker.ts):
// SASL/PLAIN, SASL/SCRAM-SHA-256 and -512 with users made at format time, TLS with a CA made by openssl
// (client certificates required), and SASL/OAUTHBEARER with client credentials against a token endpoint
// this test runs. Right credentials connect and list topics; wrong ones give the specific error. kcat, an
// independent client, checks the broker setup; the CLI is checked with the same flags a user would type.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { Kafka } from 'kafkajs';
import { CLI } from '../support/cli';
import {
  brokerUnavailableReason,
  javaListTopics,
  OAUTH_CLIENTS,
  skipUnlessCi,
  startSecureBroker,
  USERS,
  type SecureBroker,
} from './support/secureBroker';
import { readCatalog, watchCatalog, writeCatalogRecord, type CatalogSnapshot } from '../../client/src/engines/catalog/catalogEngine';
import { DEFAULT_CATALOG_TOPIC } from '../../client/src/engines/catalog/catalogNames';
import {
  describeConnectionError,
  type ConnectionErrorDescription,
  type ConnectionErrorKind,
} from '../../client/src/kafka/connectionErrors';
import { cliRemedy } from '../../client/src/cli/connectionRemedy';
import { editorRemedy } from '../../client/src/connections/connectionRemedy';
import { secretKey, type ConnectionProfile, type SecretName, type SecuritySettings } from '../../client/src/kafka/connectionProfile';
import { closeKafka, createKafka } from '../../client/src/kafka/kafkaClientFactory';
import { MemorySecretStore } from '../../client/src/kafka/secretStore';

/** The catalog topic that the engine and `datamesh catalog` use when none is given. */
const CATALOG = DEFAULT_CATALOG_TOPIC;
const skipReason = skipUnlessCi(brokerUnavailableReason());
const kcatMissing = spawnSync('kcat', ['-V'], { encoding: 'utf8' }).error ? 'kcat is not installed (apt-get install -y kcat)' : undefined;

let broker: SecureBroker;
let brokerStopped = false;
const clients: Kafka[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

interface Attempt {
  topics?: string[];
  /** The description, with its remedy as the command line and the editor word it. */
  error?: ConnectionErrorDescription & { cli: string; editor: string };
  warnings: string[];
}

/** Connects with these settings and lists topics; returns the topics or the described error. */
async function attempt(bootstrap: string, security: SecuritySettings, secrets: Partial<Record<SecretName, string>> = {}): Promise<Attempt> {
  const profile: ConnectionProfile = {
    name: 'auth-test',
    bootstrapServers: [bootstrap],
    security,
    timeouts: { connectionMs: 3000, requestMs: 5000 },
  };
  const store = new MemorySecretStore(
    Object.entries(secrets).map(([name, value]) => [secretKey(profile.name, name as SecretName), value!]),
  );
  const warnings: string[] = [];
  const kafka = await createKafka(profile, store, {
    kafkaLogLevel: 'none',
    logger: { log: (level, line) => level === 'warn' && warnings.push(line) },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = await admin.listTopics();
    return { topics, warnings };
  } catch (error) {
    const description = describeConnectionError(error);
    return {
      error: { ...description, cli: cliRemedy(description.remedy), editor: editorRemedy(description.remedy) },
      warnings,
    };
  } finally {
    await admin.disconnect().catch(() => undefined);
    closeKafka(kafka);
  }
}

function assertConnected(result: Attempt): void {
  assert.equal(result.error, undefined, JSON.stringify(result.error));
  assert.ok(result.topics?.includes(CATALOG), `the catalog topic is listed: ${JSON.stringify(result.topics)}`);
}

function assertFailed(result: Attempt, kind: ConnectionErrorKind, pattern: RegExp): void {
  assert.ok(result.error, `expected a ${kind} error, but it connected`);
  assert.equal(result.error.kind, kind, JSON.stringify(result.error));
  assert.match(`${result.error.message} ${result.error.cli}`, pattern);
  assert.match(result.error.cli, /(?<![\w-])--[a-z]/, `the command line's remedy names a flag: ${result.error.cli}`);
  assert.doesNotMatch(result.error.editor, /(?<![\w-])--[a-z]/, `the editor's remedy names no flag: ${result.error.editor}`);
}

/** Runs the built CLI without blocking this process, which serves the OAuth token endpoint. */
function datamesh(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DATAMESH_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function skipped(t: TestContext, reason: string | false = skipReason): boolean {
  if (reason) t.skip(reason);
  return reason !== false;
}

const product = {
  id: 'sales.orders',
  manifest: { id: 'sales.orders', name: 'orders', domain: 'sales', version: '1.0.0', owner: { team: 'sales-platform' } },
  schemas: { 'sales.orders.v1-value': { id: 1, version: 1 } },
  status: 'active',
  publishedAt: '2026-01-01T00:00:00.000Z',
  publishedBy: 'alice',
};

describe('authentication modes against a broker configured for them', { timeout: 300_000 }, () => {
  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    if (skipReason) return;
    broker = await startSecureBroker();
    // The catalog, written over the unauthenticated setup listener, is what every mode must then see.
    const setup = await createKafka(
      { name: 'setup', bootstrapServers: [broker.plaintext], security: { protocol: 'plaintext' } },
      new MemorySecretStore(),
      { kafkaLogLevel: 'none' },
    );
    clients.push(setup);
    await writeCatalogRecord(setup, product);
  });

  after(async () => {
    for (const kafka of clients) closeKafka(kafka);
    if (broker && !brokerStopped) await broker.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
  });

  describe('SASL/PLAIN', () => {
    test('right credentials connect', async (t) => {
      if (skipped(t)) return;
      assertConnected(await attempt(broker.sasl, { protocol: 'sasl-plain', username: 'alice' }, { 'sasl-password': USERS.alice }));
    });
    test('a wrong password is an authentication error', async (t) => {
      if (skipped(t)) return;
      assertFailed(
        await attempt(broker.sasl, { protocol: 'sasl-plain', username: 'alice' }, { 'sasl-password': 'wrong' }),
        'auth',
        /Invalid username or password/,
      );
    });
  });

  for (const [protocol, mechanism] of [
    ['sasl-scram-256', 'SCRAM-SHA-256'],
    ['sasl-scram-512', 'SCRAM-SHA-512'],
  ] as const) {
    describe(`SASL/${mechanism} (users created at format time)`, () => {
      test('right credentials connect', async (t) => {
        if (skipped(t)) return;
        assertConnected(await attempt(broker.sasl, { protocol, username: 'alice' }, { 'sasl-password': USERS.alice }));
      });
      test('a wrong password, and an unknown user, are authentication errors', async (t) => {
        if (skipped(t)) return;
        assertFailed(
          await attempt(broker.sasl, { protocol, username: 'alice' }, { 'sasl-password': 'alice-wrong' }),
          'auth',
          new RegExp(`Authentication failed.*${mechanism}|invalid credentials`, 'i'),
        );
        assertFailed(
          await attempt(broker.sasl, { protocol, username: 'mallory' }, { 'sasl-password': 'x' }),
          'auth',
          /Authentication failed/,
        );
      });
    });
  }

  describe('TLS with client certificates', () => {
    test('the right CA, certificate and key connect', async (t) => {
      if (skipped(t)) return;
      const files = broker.tlsFiles;
      assertConnected(
        await attempt(broker.tls, { protocol: 'plaintext', tls: { ca: files.ca, cert: files.clientCert, key: files.clientKey } }),
      );
    });

    test('a broker certificate from an untrusted CA is a TLS verification error', async (t) => {
      if (skipped(t)) return;
      const files = broker.tlsFiles;
      assertFailed(
        await attempt(broker.tls, { protocol: 'plaintext', tls: { ca: files.otherCa, cert: files.clientCert, key: files.clientKey } }),
        'tls',
        /TLS verification failed.*not trusted/,
      );
      // Without --tls-ca the system store is used, which does not know the test CA either.
      assertFailed(
        await attempt(broker.tls, { protocol: 'plaintext', tls: { cert: files.clientCert, key: files.clientKey } }),
        'tls',
        /UNABLE_TO_VERIFY_LEAF_SIGNATURE|not trusted/,
      );
    });

    test('a host name the certificate does not name fails, unless hostname verification is skipped (with a warning)', async (t) => {
      if (skipped(t)) return;
      const files = broker.tlsFiles;
      const tls = { ca: files.ca, cert: files.clientCert, key: files.clientKey };
      assertFailed(
        await attempt(broker.tlsByIp, { protocol: 'plaintext', tls }),
        'tls',
        /ERR_TLS_CERT_ALTNAME_INVALID.*--tls-insecure-skip-hostname-verification/s,
      );
      const skippedCheck = await attempt(broker.tlsByIp, { protocol: 'plaintext', tls: { ...tls, skipHostnameVerification: true } });
      assertConnected(skippedCheck);
      assert.ok(
        skippedCheck.warnings.some((line) => /hostname verification is disabled/.test(line)),
        JSON.stringify(skippedCheck.warnings),
      );
      assert.ok(
        skippedCheck.warnings.some((line) => /skipped for 127\.0\.0\.1/.test(line)),
        JSON.stringify(skippedCheck.warnings),
      );
    });

    test('no client certificate, or one from another CA, is refused by the broker', async (t) => {
      if (skipped(t)) return;
      const files = broker.tlsFiles;
      assertFailed(await attempt(broker.tls, { protocol: 'plaintext', tls: { ca: files.ca } }), 'tls', /client certificate/);
      assertFailed(
        await attempt(broker.tls, {
          protocol: 'plaintext',
          tls: { ca: files.ca, cert: files.untrustedClientCert, key: files.untrustedClientKey },
        }),
        'tls',
        /client certificate/,
      );
    });
  });

  describe('SASL/OAUTHBEARER with client credentials', () => {
    test('a token from the token endpoint connects', async (t) => {
      if (skipped(t)) return;
      const oauth = { tokenUrl: broker.tokenUrl, clientId: 'datamesh-client' };
      assertConnected(
        await attempt(broker.sasl, { protocol: 'oauthbearer', oauth }, { 'oauth-client-secret': OAUTH_CLIENTS['datamesh-client'].secret }),
      );
    });

    test('a wrong client secret is refused by the token endpoint', async (t) => {
      if (skipped(t)) return;
      const oauth = { tokenUrl: broker.tokenUrl, clientId: 'datamesh-client' };
      assertFailed(
        await attempt(broker.sasl, { protocol: 'oauthbearer', oauth }, { 'oauth-client-secret': 'wrong' }),
        'auth',
        /token endpoint .* answered 401: invalid_client/,
      );
    });

    test('a valid token for another audience is refused by the broker', async (t) => {
      if (skipped(t)) return;
      const oauth = { tokenUrl: broker.tokenUrl, clientId: 'other-audience' };
      assertFailed(
        await attempt(broker.sasl, { protocol: 'oauthbearer', oauth }, { 'oauth-client-secret': OAUTH_CLIENTS['other-audience'].secret }),
        'auth',
        /broker rejected the token \(invalid_token\)/,
      );
    });
  });

  test('ACLs: valid credentials without rights are "not authorized", not an empty mesh', async (t) => {
    if (skipped(t)) return;
    const kafka = await createKafka(
      { name: 'bob', bootstrapServers: [broker.sasl], security: { protocol: 'sasl-scram-256', username: 'bob' } },
      new MemorySecretStore([[secretKey('bob', 'sasl-password'), USERS.bob]]),
      { kafkaLogLevel: 'none' },
    );
    clients.push(kafka);
    const error = await readCatalog(kafka, { timeoutMs: 20_000 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    const description = describeConnectionError(error);
    assert.equal(description.kind, 'acl', JSON.stringify(description));
    assert.match(description.message, /TOPIC_AUTHORIZATION_FAILED/);
  });

  test('every mode reads the same catalog through the engine', async (t) => {
    if (skipped(t)) return;
    const files = broker.tlsFiles;
    const modes: [string, SecuritySettings, Partial<Record<SecretName, string>>][] = [
      [broker.sasl, { protocol: 'sasl-scram-512', username: 'alice' }, { 'sasl-password': USERS.alice }],
      [broker.tls, { protocol: 'plaintext', tls: { ca: files.ca, cert: files.clientCert, key: files.clientKey } }, {}],
      [
        broker.sasl,
        { protocol: 'oauthbearer', oauth: { tokenUrl: broker.tokenUrl, clientId: 'datamesh-client' } },
        { 'oauth-client-secret': OAUTH_CLIENTS['datamesh-client'].secret },
      ],
    ];
    for (const [bootstrap, security, secrets] of modes) {
      const store = new MemorySecretStore(Object.entries(secrets).map(([name, value]) => [secretKey('mode', name as SecretName), value!]));
      const kafka = await createKafka({ name: 'mode', bootstrapServers: [bootstrap], security }, store, { kafkaLogLevel: 'none' });
      clients.push(kafka);
      const snapshot = await readCatalog(kafka, { timeoutMs: 30_000 });
      assert.deepEqual(
        snapshot.products.map((item) => item.id),
        ['sales.orders'],
        security.protocol,
      );
    }
  });

  test('datamesh catalog with SASL, TLS and OAuth flags; wrong credentials exit 1 with the specific message', async (t) => {
    if (skipped(t)) return;
    const files = broker.tlsFiles;
    const scram = await datamesh(
      ['catalog', '--format', 'json', '--bootstrap', broker.sasl, '--sasl-mechanism', 'scram-sha-256', '--username', 'alice'],
      { DATAMESH_SASL_PASSWORD: USERS.alice },
    );
    assert.equal(scram.status, 0, scram.stderr);
    assert.deepEqual(
      (JSON.parse(scram.stdout) as { products: { id: string }[] }).products.map((item) => item.id),
      ['sales.orders'],
    );

    const wrong = await datamesh([
      'catalog',
      '--bootstrap',
      broker.sasl,
      '--sasl-mechanism',
      'scram-sha-256',
      '--username',
      'alice',
      '--password',
      'nope',
    ]);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /datamesh catalog: Authentication failed/);
    assert.match(wrong.stderr, /--username, --password or DATAMESH_SASL_PASSWORD/, 'the remedy in flags');
    assert.doesNotMatch(wrong.stderr + wrong.stdout, /nope/, 'the password is never printed');

    const tls = await datamesh([
      'catalog',
      '--bootstrap',
      broker.tls,
      '--tls-ca',
      files.ca,
      '--tls-cert',
      files.clientCert,
      '--tls-key',
      files.clientKey,
    ]);
    assert.equal(tls.status, 0, tls.stderr);
    assert.match(tls.stdout, /^sales\.orders\s+active\s+1\.0\.0\s+sales-platform/m);

    const wrongCa = await datamesh([
      'catalog',
      '--bootstrap',
      broker.tls,
      '--tls-ca',
      files.otherCa,
      '--tls-cert',
      files.clientCert,
      '--tls-key',
      files.clientKey,
    ]);
    assert.equal(wrongCa.status, 1);
    assert.match(wrongCa.stderr, /TLS verification failed/);
    assert.match(wrongCa.stderr, /--tls-ca FILE/);

    const byIp = await datamesh([
      'catalog',
      '--bootstrap',
      broker.tlsByIp,
      '--tls-ca',
      files.ca,
      '--tls-cert',
      files.clientCert,
      '--tls-key',
      files.clientKey,
      '--tls-insecure-skip-hostname-verification',
    ]);
    assert.equal(byIp.status, 0, byIp.stderr);
    assert.match(byIp.stderr, /warning: .*hostname verification is disabled/);

    const oauth = await datamesh(
      [
        'catalog',
        '--format',
        'json',
        '--bootstrap',
        broker.sasl,
        '--sasl-mechanism',
        'oauthbearer',
        '--oauth-token-url',
        broker.tokenUrl,
        '--oauth-client-id',
        'datamesh-client',
      ],
      {
        DATAMESH_OAUTH_CLIENT_SECRET: OAUTH_CLIENTS['datamesh-client'].secret,
      },
    );
    assert.equal(oauth.status, 0, oauth.stderr);

    const badSecret = await datamesh([
      'catalog',
      '--bootstrap',
      broker.sasl,
      '--sasl-mechanism',
      'oauthbearer',
      '--oauth-token-url',
      broker.tokenUrl,
      '--oauth-client-id',
      'datamesh-client',
      '--oauth-client-secret',
      'not-it',
    ]);
    assert.equal(badSecret.status, 1);
    assert.match(badSecret.stderr, /invalid_client/);
    assert.match(badSecret.stderr, /--oauth-client-secret/);
    assert.doesNotMatch(badSecret.stderr, /not-it/);

    const usage = await datamesh(['catalog', '--bootstrap', broker.sasl, '--sasl-mechanism', 'scram-sha-256']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /needs --username/);
  });

  test('kcat, an independent client, authenticates with the same SASL and TLS settings', async (t) => {
    if (skipped(t) || skipped(t, skipUnlessCi(kcatMissing))) return;
    const files = broker.tlsFiles;
    const kcat = (args: string[], waitSeconds = 10) =>
      spawnSync('kcat', ['-L', '-m', String(waitSeconds), ...args], { encoding: 'utf8', timeout: 30_000 });
    // PLAIN: Debian's librdkafka 2.0.2 fails SCRAM against Kafka 4.1 (the Java client below succeeds with the same users).
    const plain = kcat([
      '-b',
      broker.sasl,
      '-X',
      'security.protocol=SASL_PLAINTEXT',
      '-X',
      'sasl.mechanisms=PLAIN',
      '-X',
      'sasl.username=alice',
      '-X',
      `sasl.password=${USERS.alice}`,
    ]);
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stdout, /topic "_datamesh\.products"/);
    const tls = kcat([
      '-b',
      broker.tls,
      '-X',
      'security.protocol=SSL',
      '-X',
      `ssl.ca.location=${files.ca}`,
      '-X',
      `ssl.certificate.location=${files.clientCert}`,
      '-X',
      `ssl.key.location=${files.clientKey}`,
    ]);
    assert.equal(tls.status, 0, tls.stderr);
    assert.match(tls.stdout, /topic "_datamesh\.products"/);
    const wrong = kcat(
      [
        '-b',
        broker.sasl,
        '-X',
        'security.protocol=SASL_PLAINTEXT',
        '-X',
        'sasl.mechanisms=PLAIN',
        '-X',
        'sasl.username=alice',
        '-X',
        'sasl.password=wrong',
      ],
      3,
    );
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /Authentication failed|SASL authentication error/i);
  });

  test("Kafka's own Java client authenticates with the SCRAM users made at format time", async (t) => {
    if (skipped(t)) return;
    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      const right = await javaListTopics(broker.sasl, {
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': mechanism,
        'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="${USERS.alice}";`,
      });
      assert.ok(right.topics?.includes(CATALOG), `${mechanism}: ${right.error}`);
      const wrong = await javaListTopics(broker.sasl, {
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': mechanism,
        'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="wrong";',
      });
      assert.match(wrong.error ?? '', /invalid credentials/);
    }
  });

  // Last: it stops the broker.
  test('a broker that goes away is an error for the live watch and for a read, never an unhandled rejection', async (t) => {
    if (skipped(t)) return;
    const kafka = await createKafka(
      {
        name: 'watch',
        bootstrapServers: [broker.plaintext],
        security: { protocol: 'plaintext' },
        timeouts: { connectionMs: 1000, requestMs: 2000 },
      },
      new MemorySecretStore(),
      { kafkaLogLevel: 'none' },
    );
    clients.push(kafka);
    const snapshots: CatalogSnapshot[] = [];
    const errors: unknown[] = [];
    const watch = watchCatalog(kafka, (snapshot) => snapshots.push(snapshot), {
      onError: (error) => errors.push(error),
      pollIntervalMs: 500,
    });
    try {
      const deadline = Date.now() + 30_000;
      while (snapshots.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(
        snapshots[0]?.products.map((item) => item.id),
        ['sales.orders'],
      );

      await broker.stop();
      brokerStopped = true;
      const errorDeadline = Date.now() + 60_000;
      while (errors.length === 0 && Date.now() < errorDeadline) await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(errors.length > 0, 'the watch reported the lost broker');
      assert.ok(
        ['refused', 'timeout', 'unknown'].includes(describeConnectionError(errors[0]).kind),
        JSON.stringify(describeConnectionError(errors[0])),
      );

      const readError = await readCatalog(kafka, { timeoutMs: 15_000 }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.ok(readError, 'reading a stopped broker fails');
      assert.ok(
        ['refused', 'timeout'].includes(describeConnectionError(readError).kind),
        JSON.stringify(describeConnectionError(readError)),
      );
    } finally {
      await watch.dispose();
    }
  });
});
