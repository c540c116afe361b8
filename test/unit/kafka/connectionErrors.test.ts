// describeConnectionError over errors shaped as kafkajs, Node and our own clients really produce them:
// kafkajs wraps the socket error in KafkaJSConnectionError (copying its code) and that in
// KafkaJSNumberOfRetriesExceeded or KafkaJSNonRetriableError (with `cause`). The remedy is phrased twice:
// with flags for the command line, with connection settings and commands for the editor.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as kafkajs from 'kafkajs';
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import {
  describeConnectionError,
  OAuthTokenError,
  RegistryHttpError,
  RegistryRequestError,
  SaslAuthenticationError,
  type ConnectionErrorKind,
  type ConnectionRemedyKind,
} from '../../../client/src/kafka/connectionErrors';
import { cliRemedy, describeForCommandLine } from '../../../client/src/cli/connectionRemedy';
import { CONNECTION_FLAG_OPTIONS, CONNECTION_VALUE_OPTIONS } from '../../../client/src/cli/catalogCommand';
import { editorRemedy } from '../../../client/src/connections/connectionRemedy';
import { OperationTimeoutError } from '../../../client/src/kafka/withTimeout';
import {
  redact,
  redactingLogCreator,
  createClientCredentialsProvider,
  buildKafkaConfig,
} from '../../../client/src/kafka/kafkaClientFactory';
import {
  profileFromSettings,
  profileToSettings,
  requiredSecrets,
  secretKey,
  type ConnectionProfile,
} from '../../../client/src/kafka/connectionProfile';
import { MemorySecretStore } from '../../../client/src/kafka/secretStore';
import { logLevel } from 'kafkajs';

/** A Node socket error as `net`/`tls` emit it. */
function socketError(code: string, message: string, extra: Record<string, unknown> = {}): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, ...extra });
}

/** What kafkajs's Connection.onError throws for a socket error. */
function kafkaConnectionError(error: NodeJS.ErrnoException, broker: string): KafkaJSConnectionError {
  return new KafkaJSConnectionError(`Connection error: ${error.message}`, { broker, code: error.code });
}

/** What kafkajs's retrier throws after the last retry. */
function retriesExceeded(error: Error): KafkaJSNumberOfRetriesExceeded {
  return new KafkaJSNumberOfRetriesExceeded(error, { retryCount: 2, retryTime: 600 });
}

/** kafkajs's protocol errors take the entry of its error-code table (the typings say string). */
function protocolError(type: string, code: number, message: string): KafkaJSProtocolError {
  return new KafkaJSProtocolError({ type, code, message, retriable: false } as unknown as Error);
}

/** The retrier's wrapping of a non-retriable error: `new KafkaJSNonRetriableError(e, { cause })`. */
function nonRetriable(error: Error): KafkaJSNonRetriableError {
  const Wrapper = KafkaJSNonRetriableError as unknown as new (e: Error, options: { cause: Error }) => KafkaJSNonRetriableError;
  return new Wrapper(error, { cause: error });
}

// Exported at run time, missing from kafkajs's typings.
const KafkaJSConnectionClosedError = (
  kafkajs as unknown as Record<string, new (message: string, options: { host: string; port: number }) => Error>
).KafkaJSConnectionClosedError;

function saslError(message: string): Error {
  const Sasl = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
  return new Sasl(message);
}

/** Checks the kind, and each pattern against the message with the command line's remedy. */
function expectKind(error: unknown, kind: ConnectionErrorKind, ...patterns: RegExp[]): void {
  const description = describeConnectionError(error);
  assert.equal(description.kind, kind, `kind of ${String((error as Error)?.message ?? error)}: ${JSON.stringify(description)}`);
  assert.ok(description.message.length > 0);
  for (const pattern of patterns) assert.match(`${description.message} ${cliRemedy(description.remedy)}`, pattern);
}

/** Checks the editor's remedy for `error` against each pattern. */
function expectEditorRemedy(error: unknown, ...patterns: RegExp[]): void {
  const remedy = editorRemedy(describeConnectionError(error).remedy);
  for (const pattern of patterns) assert.match(remedy, pattern);
}

describe('describeConnectionError: brokers', () => {
  test('connection refused, through the retrier', () => {
    const error = retriesExceeded(kafkaConnectionError(socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), '127.0.0.1:1'));
    expectKind(error, 'refused', /refused/i, /127\.0\.0\.1:1/, /stack up/);
  });

  test('connection refused inside an AggregateError (Node tries IPv4 and IPv6)', () => {
    const aggregate = Object.assign(
      new AggregateError(
        [socketError('ECONNREFUSED', 'connect ECONNREFUSED ::1:9092'), socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9092')],
        '',
      ),
      { code: 'ECONNREFUSED' },
    );
    expectKind(retriesExceeded(kafkaConnectionError(aggregate, 'localhost:9092')), 'refused', /localhost:9092/);
  });

  test('DNS failure names the host', () => {
    const error = retriesExceeded(
      kafkaConnectionError(
        socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND nonexistent.invalid', { hostname: 'nonexistent.invalid' }),
        'nonexistent.invalid:9092',
      ),
    );
    expectKind(error, 'dns', /nonexistent\.invalid does not resolve/, /spelling/);
  });

  test('a DNS server that does not answer (EAI_AGAIN) says so', () => {
    expectKind(
      kafkaConnectionError(socketError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN kafka.corp'), 'kafka.corp:9092'),
      'dns',
      /kafka\.corp/,
      /DNS server did not answer/,
    );
  });

  test('SASL PLAIN and SCRAM with wrong credentials', () => {
    expectKind(
      saslError('SASL PLAIN authentication failed: Authentication failed: Invalid username or password'),
      'auth',
      /Invalid username or password/,
      /--username/,
    );
    const scram = saslError(
      'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    );
    expectKind(nonRetriable(scram), 'auth', /SCRAM-SHA-512/, /SCRAM-SHA-256 and SCRAM-SHA-512 credentials are separate/);
  });

  test('SASL_AUTHENTICATION_FAILED from the protocol, and a mechanism the listener does not offer', () => {
    expectKind(protocolError('SASL_AUTHENTICATION_FAILED', 58, 'Authentication failed'), 'auth');
    expectKind(saslError('SASL SCRAM-SHA-512 mechanism is not supported by the server'), 'auth', /does not offer this SASL mechanism/);
    expectKind(protocolError('ILLEGAL_SASL_STATE', 34, 'Request is not valid given the current SASL state'), 'auth', /not a SASL listener/);
  });

  test('OAUTHBEARER: the token endpoint refuses the client, or the broker refuses the token', () => {
    expectKind(
      new OAuthTokenError('http://idp/token', 401, 'invalid_client: Client authentication failed'),
      'auth',
      /token endpoint/,
      /client secret/,
    );
    expectKind(
      new SaslAuthenticationError(
        'SASL OAUTHBEARER authentication failed at 127.0.0.1:9095: the broker rejected the token (invalid_token)',
      ),
      'auth',
      /invalid_token/,
      /audience/,
    );
  });

  test('an unreachable token endpoint is a network error named after the endpoint', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9') });
    expectKind(
      new OAuthTokenError('http://127.0.0.1:9/token', undefined, 'fetch failed', cause),
      'refused',
      /OAuth token endpoint http:\/\/127\.0\.0\.1:9\/token/,
    );
  });

  for (const [code, expected] of [
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /not trusted/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /self-signed/],
    ['SELF_SIGNED_CERT_IN_CHAIN', /self-signed CA/],
    ['CERT_HAS_EXPIRED', /expired/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /--tls-insecure-skip-hostname-verification/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', /not a TLS listener/],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', /client certificate/],
  ] as const) {
    test(`TLS: ${code}`, () => {
      const error = retriesExceeded(kafkaConnectionError(socketError(code, `TLS failure ${code}`), 'broker.example:9093'));
      expectKind(error, 'tls', /TLS verification failed/, new RegExp(code), expected);
    });
  }

  test('ACLs: topic, group and cluster authorization failures', () => {
    expectKind(
      protocolError('TOPIC_AUTHORIZATION_FAILED', 29, 'Not authorized to access topics: [Topic authorization failed]'),
      'acl',
      /the topic/,
      /ACL/,
    );
    expectKind(nonRetriable(protocolError('GROUP_AUTHORIZATION_FAILED', 30, 'Not authorized to access group')), 'acl', /consumer group/);
    expectKind(protocolError('CLUSTER_AUTHORIZATION_FAILED', 31, 'Cluster authorization failed'), 'acl', /the cluster/);
  });

  test('timeouts: a request with no answer, the connect timeout and our own bound', () => {
    const request = new KafkaJSRequestTimeoutError('Request ApiVersions(key: 18, version: 2) timed out', {
      broker: '127.0.0.1:9999',
      clientId: 'datamesh',
      correlationId: 0,
      createdAt: 0,
      sentAt: 0,
      pendingDuration: 1000,
    });
    expectKind(retriesExceeded(request), 'timeout', /127\.0\.0\.1:9999/, /did not answer in time/);
    expectKind(new KafkaJSConnectionError('Connection timeout', { broker: '10.0.0.1:9092' }), 'timeout', /10\.0\.0\.1:9092/);
    expectKind(new OperationTimeoutError('Reading the catalog topic _datamesh.products', 2000), 'timeout', /within 2000 ms/);
    expectKind(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'timeout');
  });

  test('a closed connection points at a security-protocol mismatch', () => {
    expectKind(
      new KafkaJSConnectionClosedError('Closed connection', { host: '127.0.0.1', port: 9092 }),
      'unknown',
      /closed the connection/,
      /TLS listener needs --tls/,
    );
  });

  test('anything else is unknown, with its message', () => {
    expectKind(new Error('something odd'), 'unknown', /something odd/);
    expectKind('a string', 'unknown', /a string/);
  });

  test('the most specific finding wins over the wrapper', () => {
    // A TLS failure wrapped in a timeout-looking retrier error is still TLS.
    const error = retriesExceeded(
      kafkaConnectionError(socketError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), 'b:9093'),
    );
    assert.equal(describeConnectionError(error).kind, 'tls');
  });
});

describe('describeConnectionError: the schema registry', () => {
  const url = 'http://127.0.0.1:8081/apis/ccompat/v7/subjects/orders-value/versions/latest';
  test('401, 403, 404 (subject, and a wrong base URL) and 5xx', () => {
    expectKind(new RegistryHttpError(401, url, 40101, 'Unauthorized'), 'registry-401', /401/, /password|token/);
    expectKind(new RegistryHttpError(403, url, 40301, 'Forbidden'), 'registry-403', /403/);
    expectKind(new RegistryHttpError(404, url, 40401, 'Subject not found'), 'registry-404', /subject does not exist/, /<topic>-value/);
    expectKind(new RegistryHttpError(404, 'http://127.0.0.1:8081/subjects', undefined, ''), 'registry-404', /apis\/ccompat\/v7/);
    expectKind(new RegistryHttpError(500, url, 50001, 'Error in the backend data store'), 'registry-5xx', /500/);
    expectKind(new RegistryHttpError(503, url, undefined, 'Service Unavailable'), 'registry-5xx', /503/);
  });

  test('an unreachable registry is a network error named after the registry', () => {
    expectKind(
      new RegistryRequestError(url, socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8081')),
      'refused',
      /schema registry http:\/\/127\.0\.0\.1:8081/,
    );
    expectKind(
      new RegistryRequestError(
        'http://registry.invalid/subjects',
        socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND registry.invalid', { hostname: 'registry.invalid' }),
      ),
      'dns',
      /registry\.invalid/,
    );
    expectKind(new RegistryRequestError(url, new OperationTimeoutError('schema registry GET', 500)), 'timeout', /500 ms/);
  });
});

describe('secrets stay out of settings and logs', () => {
  test('settings that carry a secret are reported, and the secret is not read', () => {
    const { profile, problems } = profileFromSettings({
      name: 'prod',
      bootstrapServers: 'b1:9093,b2:9093',
      security: { protocol: 'sasl-scram-512', username: 'svc', password: 'hunter2' },
      registry: { url: 'https://registry.example', auth: { kind: 'basic', username: 'svc', password: 'hunter3' } },
    });
    const pasted = profileFromSettings({
      name: 'tls',
      bootstrapServers: ['b:9093'],
      security: { protocol: 'plaintext', tls: { ca: '/etc/ca.pem', key: '-----BEGIN PRIVATE KEY-----\nhunter4' } },
    });
    assert.ok(pasted.problems.some((problem) => problem.includes('security.tls.key')));
    assert.deepEqual(pasted.profile?.security.tls, { ca: '/etc/ca.pem' });
    assert.deepEqual(
      profileFromSettings({
        name: 'tls',
        bootstrapServers: ['b:9093'],
        security: { protocol: 'plaintext', tls: { key: '/home/me/client.key' } },
      }).profile?.security.tls,
      { key: '/home/me/client.key' },
    );
    assert.ok(problems.some((problem) => problem.includes('security.password')));
    assert.ok(problems.some((problem) => problem.includes('registry.auth.password')));
    assert.ok(profile);
    assert.doesNotMatch(JSON.stringify(profile), /hunter/);
    assert.deepEqual(profile.bootstrapServers, ['b1:9093', 'b2:9093']);
    assert.deepEqual(requiredSecrets(profile), ['sasl-password', 'registry-password']);
    assert.doesNotMatch(JSON.stringify(profileToSettings(profile)), /hunter/);
  });

  test('the kafkajs log masks secret values, bearer tokens and secret-named fields', () => {
    const lines: string[] = [];
    const log = redactingLogCreator({ log: (_level, line) => lines.push(line) }, ['s3cr3t-value'])(logLevel.INFO);
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: 'now', message: 'failed with s3cr3t-value', password: 'p', authorization: 'Bearer abc.def.ghi', broker: 'b:1' },
    });
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0], /s3cr3t-value|abc\.def|password/);
    assert.match(lines[0], /broker=b:1/);
    assert.equal(redact('header Bearer eyJhbGciOi.payload.sig end', []), 'header Bearer *** end');
  });

  test('the kafkajs config holds the password only where kafkajs needs it, and the TLS warnings are logged', async () => {
    const profile: ConnectionProfile = {
      name: 'p',
      bootstrapServers: ['b:9093'],
      security: { protocol: 'sasl-scram-256', username: 'alice', tls: { skipHostnameVerification: true } },
    };
    const warnings: string[] = [];
    const config = await buildKafkaConfig(profile, new MemorySecretStore([[secretKey('p', 'sasl-password'), 'pw-123']]), {
      logger: { log: (level, line) => level === 'warn' && warnings.push(line) },
    });
    assert.deepEqual(config.sasl, { mechanism: 'scram-sha-256', username: 'alice', password: 'pw-123' });
    assert.ok(
      config.connectionTimeout && config.connectionTimeout <= 10_000 && config.requestTimeout && config.requestTimeout <= 30_000,
      'bounded timeouts',
    );
    assert.ok(warnings.some((line) => /hostname verification is disabled/.test(line)));
    assert.ok(warnings.every((line) => !line.includes('pw-123')));
  });

  test('a missing password is a clear error, not an attempt without one', async () => {
    const profile: ConnectionProfile = { name: 'p', bootstrapServers: ['b:9092'], security: { protocol: 'sasl-plain', username: 'alice' } };
    await assert.rejects(buildKafkaConfig(profile, new MemorySecretStore()), /needs a user name and a password/);
  });
});

describe('OAuth client credentials', () => {
  test('one token request for concurrent callers, cached until shortly before expiry', async () => {
    let requests = 0;
    let lastAuthorization = '';
    const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      requests++;
      lastAuthorization = String((init?.headers as Record<string, string>).authorization);
      return new Response(JSON.stringify({ access_token: `token-${requests}`, expires_in: 3600 }), { status: 200 });
    }) as typeof fetch;
    const provider = createClientCredentialsProvider({
      tokenUrl: 'http://idp/token',
      clientId: 'app',
      clientSecret: 's e:cret',
      timeoutMs: 1000,
      fetch: fakeFetch,
    });
    const tokens = await Promise.all([provider(), provider(), provider()]);
    assert.deepEqual(tokens, ['token-1', 'token-1', 'token-1']);
    assert.equal(await provider(), 'token-1');
    assert.equal(requests, 1);
    // RFC 6749 §2.3.1: form-urlencoded id and secret in HTTP Basic.
    assert.equal(Buffer.from(lastAuthorization.replace('Basic ', ''), 'base64').toString(), 'app:s%20e%3Acret');
  });

  test('a short-lived token is renewed', async () => {
    let requests = 0;
    const fakeFetch = (async () =>
      new Response(JSON.stringify({ access_token: `t${++requests}`, expires_in: 1 }), { status: 200 })) as typeof fetch;
    const provider = createClientCredentialsProvider({
      tokenUrl: 'http://idp/token',
      clientId: 'app',
      clientSecret: 'x',
      timeoutMs: 1000,
      fetch: fakeFetch,
      refreshMarginMs: 950,
    });
    assert.equal(await provider(), 't1');
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(await provider(), 't2');
  });

  test("a refused client is an OAuthTokenError with the endpoint's reason", async () => {
    const fakeFetch = (async () =>
      new Response(JSON.stringify({ error: 'invalid_client', error_description: 'bad secret' }), { status: 401 })) as typeof fetch;
    const provider = createClientCredentialsProvider({
      tokenUrl: 'http://idp/token',
      clientId: 'app',
      clientSecret: 'x',
      timeoutMs: 1000,
      fetch: fakeFetch,
    });
    await assert.rejects(
      provider(),
      (error: unknown) => error instanceof OAuthTokenError && error.status === 401 && /invalid_client: bad secret/.test(error.message),
    );
  });
});

describe('remedies: the editor names settings and commands, the command line names flags', () => {
  /** Whether a remedy is about a connection option, so that the command line must name a flag for it. Every kind is listed. */
  const NAMES_AN_OPTION: Record<ConnectionRemedyKind, boolean> = {
    'start-local-stack': true,
    'check-host': true,
    'check-network': false,
    'check-route': false,
    'check-listener': true,
    'match-listener-security': true,
    'give-ca': true,
    'give-client-certificate': true,
    'disable-tls': true,
    'use-certificate-host': true,
    'choose-sasl-mechanism': true,
    'disable-sasl': true,
    'check-sasl-credentials': true,
    'check-oauth-client': true,
    'check-token-endpoint': true,
    'check-oauth-token': true,
    'grant-acls': false,
    'check-registry-credentials': true,
    'ask-registry-role': false,
    'fix-registry-url': true,
    'check-subject': false,
    'retry-later': false,
    'fix-request': false,
    'read-client-log': false,
  };
  const registryUrl = 'http://127.0.0.1:8081/apis/ccompat/v7/subjects/orders-value/versions/latest';
  const refused = () => socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1');
  const notFound = () => socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND nope.invalid', { hostname: 'nope.invalid' });
  const tlsError = (code: string) => retriesExceeded(kafkaConnectionError(socketError(code, `TLS failure ${code}`), 'b:9093'));
  const samples: [ConnectionRemedyKind, unknown][] = [
    ['start-local-stack', retriesExceeded(kafkaConnectionError(refused(), '127.0.0.1:1'))],
    ['start-local-stack', new RegistryRequestError(registryUrl, refused())],
    ['check-host', kafkaConnectionError(notFound(), 'nope.invalid:9092')],
    ['check-host', new RegistryRequestError('http://nope.invalid/subjects', notFound())],
    ['check-host', new OAuthTokenError('http://nope.invalid/token', undefined, 'fetch failed', notFound())],
    ['check-network', kafkaConnectionError(socketError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN kafka.corp'), 'kafka.corp:9092')],
    ['check-route', kafkaConnectionError(socketError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.9:9092'), '10.0.0.9:9092')],
    ['check-listener', new OperationTimeoutError('Reading the catalog topic', 2000)],
    ['match-listener-security', new KafkaJSConnectionClosedError('Closed connection', { host: '127.0.0.1', port: 9092 })],
    ['match-listener-security', new Error('Broker not connected')],
    ['give-ca', tlsError('UNABLE_TO_VERIFY_LEAF_SIGNATURE')],
    ['give-client-certificate', tlsError('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE')],
    ['disable-tls', tlsError('ERR_SSL_WRONG_VERSION_NUMBER')],
    ['use-certificate-host', tlsError('ERR_TLS_CERT_ALTNAME_INVALID')],
    ['choose-sasl-mechanism', saslError('SASL SCRAM-SHA-512 mechanism is not supported by the server')],
    ['disable-sasl', protocolError('ILLEGAL_SASL_STATE', 34, 'Request is not valid given the current SASL state')],
    ['check-sasl-credentials', saslError('SASL PLAIN authentication failed: Invalid username or password')],
    ['check-oauth-client', new OAuthTokenError('http://idp/token', 401, 'invalid_client')],
    ['check-token-endpoint', new OAuthTokenError('http://idp/token', 503, 'unavailable')],
    ['check-token-endpoint', new OAuthTokenError('http://127.0.0.1:9/token', undefined, 'fetch failed', refused())],
    ['check-oauth-token', new SaslAuthenticationError('SASL OAUTHBEARER authentication failed: the broker rejected the token')],
    ['grant-acls', protocolError('GROUP_AUTHORIZATION_FAILED', 30, 'Not authorized to access group')],
    ['check-registry-credentials', new RegistryHttpError(401, registryUrl, 40101, 'Unauthorized')],
    ['ask-registry-role', new RegistryHttpError(403, registryUrl, 40301, 'Forbidden')],
    ['fix-registry-url', new RegistryHttpError(404, 'http://127.0.0.1:8081/subjects', undefined, '')],
    ['check-subject', new RegistryHttpError(404, registryUrl, 40401, 'Subject not found')],
    ['retry-later', new RegistryHttpError(500, registryUrl, 50001, 'Error in the backend data store')],
    ['fix-request', new RegistryHttpError(422, registryUrl, 42201, 'Invalid schema')],
    ['read-client-log', new Error('something odd')],
  ];

  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: {
      commands: { title: string; category?: string }[];
      configuration: { properties: Record<string, { items?: JsonSchema }> };
    };
  };
  interface JsonSchema {
    properties?: Record<string, JsonSchema>;
  }
  const commandTitles = new Set(pkg.contributes.commands.map((command) => `${command.category}: ${command.title}`));
  const connectionSchema = pkg.contributes.configuration.properties['datamesh.connections'].items!;
  const isConnectionField = (path: string) =>
    path.split('.').reduce<JsonSchema | undefined>((schema, key) => schema?.properties?.[key], connectionSchema) !== undefined;
  const cliOptions = new Set<string>([...CONNECTION_VALUE_OPTIONS, ...CONNECTION_FLAG_OPTIONS]);
  const FLAG = /(?<![\w-])--([a-z][a-z-]*)/g;

  test('every remedy kind has a sample here', () => {
    assert.deepEqual([...new Set(samples.map(([kind]) => kind))].sort(), Object.keys(NAMES_AN_OPTION).sort());
  });

  for (const [index, [expected, error]] of samples.entries()) {
    test(`${index + 1}. ${expected}: ${(error as Error).name}`, () => {
      const description = describeConnectionError(error);
      assert.equal(description.remedy.kind, expected, JSON.stringify(description));

      const cli = cliRemedy(description.remedy);
      const flags = [...cli.matchAll(FLAG)].map((match) => match[1]);
      assert.equal(
        flags.length > 0,
        NAMES_AN_OPTION[expected],
        `the command line's remedy ${flags.length ? 'names' : 'lacks'} flags: ${cli}`,
      );
      for (const flag of flags) assert.ok(cliOptions.has(flag), `--${flag} is an option of datamesh: ${cli}`);
      assert.doesNotMatch(
        cli,
        /Data Mesh:|security\.|registry\.url|bootstrapServers/,
        'no editor settings or commands on the command line',
      );

      const editor = editorRemedy(description.remedy);
      assert.doesNotMatch(editor, /(?<![\w-])--[a-z]/, `no command-line flags in the editor: ${editor}`);
      assert.doesNotMatch(editor, /DATAMESH_|datamesh stack/, `no environment variables or datamesh commands in the editor: ${editor}`);
      const fields = [...editor.matchAll(/\b((?:security|registry)(?:\.\w+)+|bootstrapServers)\b/g)].map((match) => match[1]);
      for (const field of fields) assert.ok(isConnectionField(field), `${field} is a field of a connection in datamesh.connections`);
      const commands = [...editor.matchAll(/"(Data Mesh: [^"]+)"/g)].map((match) => match[1]);
      for (const command of commands) assert.ok(commandTitles.has(command), `"${command}" is a contributed command`);
      if (NAMES_AN_OPTION[expected])
        assert.ok(fields.length + commands.length > 0, `the editor's remedy names a connection setting or a command: ${editor}`);
    });
  }

  test('each front end words the whole error its own way', () => {
    const error = retriesExceeded(kafkaConnectionError(refused(), '127.0.0.1:1'));
    assert.match(
      describeForCommandLine(error),
      /^Connection refused \(broker 127\.0\.0\.1:1\).*\n {2}Check the port in --bootstrap .*`datamesh stack up`/s,
    );
    expectEditorRemedy(error, /bootstrapServers/, /"Data Mesh: Start Local Stack"/);
    expectEditorRemedy(tlsError('SELF_SIGNED_CERT_IN_CHAIN'), /security\.tls\.ca/);
    expectEditorRemedy(
      saslError('SASL PLAIN authentication failed'),
      /security\.username/,
      /"Data Mesh: Add Connection" under the same name/,
    );
  });
});
