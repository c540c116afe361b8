// A real Kafka 4.x broker (KRaft, one node) with one listener per security setup, for the
// authentication tests: PLAINTEXT (setup, and the catalog tests until the shared stack fixture is
// used), SASL_PLAINTEXT with PLAIN + SCRAM-SHA-256/512 + OAUTHBEARER, and SSL with a CA and
// certificates made by `openssl` in a temp folder (client certificates required). OAUTHBEARER tokens
// come from a small JWKS + token endpoint in this process; the broker validates them against the JWKS.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

export const KAFKA_VERSION = '4.1.1';
const LOG4J_VERSION = '2.24.3';

export interface OAuthClient {
  secret: string;
  /** The `aud` of the tokens this client gets; the broker accepts only OAUTH_AUDIENCE. */
  audience: string;
  subject: string;
}

export const OAUTH_AUDIENCE = 'datamesh-broker';

export const USERS = {
  /** A super user for PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. */
  alice: 'alice-secret',
  /** Authenticates, but no ACL allows it anything. */
  bob: 'bob-secret',
  /** Like bob: authenticates, no ACL; a second ordinary consumer for the grants test. */
  carol: 'carol-secret',
} as const;

export const OAUTH_CLIENTS: Record<string, OAuthClient> = {
  'datamesh-client': { secret: 'datamesh-client-secret', audience: OAUTH_AUDIENCE, subject: 'datamesh-client' },
  /** Gets well-signed tokens for another audience: the broker must reject them. */
  'other-audience': { secret: 'other-audience-secret', audience: 'someone-else', subject: 'other-audience' },
};

export interface TlsFiles {
  dir: string;
  ca: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing the broker uses, for "wrong CA" tests. */
  otherCa: string;
  /** A client certificate signed by the other CA: the broker must refuse it. */
  untrustedClientCert: string;
  untrustedClientKey: string;
}

export interface SecureBroker {
  /** 127.0.0.1:PORT, no security: for setup with full rights (ANONYMOUS is a super user). */
  plaintext: string;
  /** 127.0.0.1:PORT, SASL_PLAINTEXT with PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER. */
  sasl: string;
  /** localhost:PORT, SSL with client auth required; the certificate names only DNS:localhost. */
  tls: string;
  /** The same TLS listener by IP address, which the certificate does not name. */
  tlsByIp: string;
  tlsFiles: TlsFiles;
  tokenUrl: string;
  jwksUrl: string;
  /** Where the broker's log is, for a failing test's message. */
  logFile: string;
  stop(): Promise<void>;
}

/** The tools folder, as .ci scripts compute it; the Kafka jars are cached beneath it. */
function toolsDir(): string {
  return process.env.DATAMESH_TOOLS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kafka-data-mesh', 'tools');
}

function commandWorks(command: string, args: string[]): boolean {
  const probe = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return !probe.error && probe.status === 0;
}

/**
 * Why a real broker cannot run here, or undefined. Tests skip with this reason locally and fail
 * under CI=true (see `skipUnlessCi`).
 */
export function brokerUnavailableReason(): string | undefined {
  if (!commandWorks('java', ['-version'])) return 'java is not installed (Kafka needs Java 17 or later)';
  if (!kafkaLibsReady() && !commandWorks('mvn', ['-v'])) return `no Kafka jars in ${kafkaLibsDir()} and no Maven to fetch them`;
  if (!commandWorks('openssl', ['version'])) return 'openssl is not installed (the TLS test makes its CA with it)';
  return undefined;
}

/** The `skip` option of a test: the reason locally; never under CI=true, where a missing tool must fail. */
export function skipUnlessCi(reason: string | undefined): string | false {
  if (reason === undefined || process.env.CI === 'true') return false;
  return reason;
}

export function kafkaLibsDir(): string {
  return process.env.DATAMESH_KAFKA_LIBS ?? join(toolsDir(), `kafka-${KAFKA_VERSION}`, 'libs');
}

function kafkaLibsReady(): boolean {
  const dir = kafkaLibsDir();
  return existsSync(join(dir, '.complete')) || (existsSync(dir) && readdirSync(dir).some((name) => name.startsWith('kafka_2.13-')));
}

/** Fetches the broker's jars from Maven Central once (about 45 jars), into the tools cache. */
export function ensureKafkaLibs(): string {
  const dir = kafkaLibsDir();
  if (kafkaLibsReady()) return dir;
  const work = mkdtempSync(join(tmpdir(), 'datamesh-kafka-pom-'));
  writeFileSync(
    join(work, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>datamesh.test</groupId><artifactId>kafka-libs</artifactId><version>1</version><packaging>pom</packaging>
<dependencies>
<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
<dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>
</dependencies></project>`,
  );
  const staging = `${dir}.${process.pid}`;
  const mvn = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ],
    { cwd: work, encoding: 'utf8', timeout: 600_000 },
  );
  rmSync(work, { recursive: true, force: true });
  if (mvn.status !== 0) throw new Error(`mvn could not fetch Kafka ${KAFKA_VERSION}:\n${mvn.stdout}\n${mvn.stderr}`);
  writeFileSync(join(staging, '.complete'), '');
  mkdirSync(join(dir, '..'), { recursive: true });
  try {
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function openssl(dir: string, args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.stderr}`);
}

/** A CA, a server certificate for DNS:localhost only, a client certificate, and an unrelated CA with its own client certificate. */
export function makeTlsFiles(dir: string): TlsFiles {
  mkdirSync(dir, { recursive: true });
  const ca = (name: string, cn: string) =>
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    ]);
  const leaf = (name: string, cn: string, caName: string, extensions: string) => {
    openssl(dir, [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    ]);
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl(dir, [
      'x509',
      '-req',
      '-sha256',
      '-days',
      '2',
      '-in',
      `${name}.csr`,
      '-CA',
      `${caName}.pem`,
      '-CAkey',
      `${caName}.key`,
      '-CAcreateserial',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    ]);
  };
  ca('ca', 'datamesh-test-ca');
  ca('other-ca', 'datamesh-other-ca');
  leaf('server', 'localhost', 'ca', 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'datamesh-client', 'ca', 'extendedKeyUsage=clientAuth\n');
  leaf('untrusted-client', 'datamesh-client', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  // Kafka's PEM key store: the (unencrypted PKCS#8) key and the certificate in one file.
  writeFileSync(
    join(dir, 'server-keystore.pem'),
    readFileSync(join(dir, 'server.key'), 'utf8') + readFileSync(join(dir, 'server.pem'), 'utf8'),
  );
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    otherCa: join(dir, 'other-ca.pem'),
    untrustedClientCert: join(dir, 'untrusted-client.pem'),
    untrustedClientKey: join(dir, 'untrusted-client.key'),
  };
}

export interface TokenServer {
  url: string;
  tokenUrl: string;
  jwksUrl: string;
  /** How many tokens were issued, to check the client caches them. */
  issued(): number;
  close(): Promise<void>;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * An OAuth authorization server in miniature: POST /token (client_credentials, HTTP Basic client
 * authentication) issues RS256 JWTs; GET /jwks publishes the public key.
 */
export async function startTokenServer(clients: Record<string, OAuthClient> = OAUTH_CLIENTS, lifetimeSeconds = 3600): Promise<TokenServer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(6).toString('hex');
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg: 'RS256', use: 'sig' };
  let issued = 0;
  let issuer = '';
  const server: Server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method === 'GET' && request.url === '/jwks') return send(200, { keys: [jwk] });
      if (request.method !== 'POST' || request.url !== '/token') return send(404, { error: 'not_found' });
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('grant_type') !== 'client_credentials') return send(400, { error: 'unsupported_grant_type' });
      const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
      const [id, secret] =
        scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [];
      const client = id ? clients[id] : undefined;
      if (!client || client.secret !== secret)
        return send(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt(privateKey, kid, {
        iss: issuer,
        sub: client.subject,
        aud: client.audience,
        iat: now,
        nbf: now - 5,
        exp: now + lifetimeSeconds,
        scope: form.get('scope') ?? 'kafka',
      });
      issued++;
      send(200, { access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  issuer = url;
  return {
    url,
    tokenUrl: `${url}/token`,
    jwksUrl: `${url}/jwks`,
    issued: () => issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function signJwt(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** Formats storage (creating the SCRAM users) and starts the broker; resolves when every listener answers. */
export async function startSecureBroker(): Promise<SecureBroker> {
  const libs = ensureKafkaLibs();
  const dir = mkdtempSync(join(tmpdir(), 'datamesh-broker-'));
  const [plainPort, controllerPort, saslPort, tlsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const tlsFiles = makeTlsFiles(join(dir, 'tls'));
  const tokens = await startTokenServer();

  const listeners = [
    `PLAINTEXT://127.0.0.1:${plainPort}`,
    `CONTROLLER://127.0.0.1:${controllerPort}`,
    `SASL://127.0.0.1:${saslPort}`,
    `TLS://127.0.0.1:${tlsPort}`,
  ];
  // The TLS listener is advertised as localhost, the only name in its certificate.
  const advertised = [
    `PLAINTEXT://127.0.0.1:${plainPort}`,
    `CONTROLLER://127.0.0.1:${controllerPort}`,
    `SASL://127.0.0.1:${saslPort}`,
    `TLS://localhost:${tlsPort}`,
  ];
  const protocolMap = ['CONTROLLER:PLAINTEXT', 'PLAINTEXT:PLAINTEXT', 'SASL:SASL_PLAINTEXT', 'TLS:SSL'];
  const users = Object.entries(USERS)
    .map(([name, password]) => `user_${name}="${password}"`)
    .join(' ');
  const lines = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `log.dirs=${join(dir, 'data')}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
  ];
  lines.push(
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER',
    'listener.name.sasl.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER',
    `listener.name.sasl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${users};`,
    'listener.name.sasl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
    'listener.name.sasl.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
    // Kafka 4.1's default validator (DefaultJwtValidator, created without a key resolver) checks neither
    // the signature nor the audience; the broker validator checks both against the JWKS.
    'sasl.oauthbearer.jwt.validator.class=org.apache.kafka.common.security.oauthbearer.BrokerJwtValidator',
    `sasl.oauthbearer.jwks.endpoint.url=${tokens.jwksUrl}`,
    `sasl.oauthbearer.expected.audience=${OAUTH_AUDIENCE}`,
    `sasl.oauthbearer.expected.issuer=${tokens.url}`,
    'listener.name.tls.ssl.keystore.type=PEM',
    `listener.name.tls.ssl.keystore.location=${join(tlsFiles.dir, 'server-keystore.pem')}`,
    'listener.name.tls.ssl.truststore.type=PEM',
    `listener.name.tls.ssl.truststore.location=${tlsFiles.ca}`,
    'listener.name.tls.ssl.client.auth=required',
    // ACLs: the setup listener, the controller and the test identities are super users; bob is not.
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users=User:ANONYMOUS;User:alice;User:datamesh-client;User:CN=datamesh-client',
  );
  lines.push(
    `listeners=${listeners.join(',')}`,
    `advertised.listeners=${advertised.join(',')}`,
    `listener.security.protocol.map=${protocolMap.join(',')}`,
  );
  const properties = join(dir, 'server.properties');
  writeFileSync(properties, `${lines.join('\n')}\n`);
  const logFile = join(dir, 'broker.log');
  writeFileSync(
    join(dir, 'log4j2.properties'),
    [
      'status = error',
      'appender.file.type = File',
      'appender.file.name = FILE',
      `appender.file.fileName = ${logFile}`,
      'appender.file.layout.type = PatternLayout',
      'appender.file.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = INFO',
      'rootLogger.appenderRef.file.ref = FILE',
      'logger.cleaner.name = kafka.log.LogCleaner',
      'logger.cleaner.level = WARN',
    ].join('\n'),
  );

  const classPath = join(libs, '*');
  const jvm = [
    '-Xms64m',
    '-Xmx384m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
  ];
  const clusterId = randomBytes(16).toString('base64url');
  const scram = Object.entries(USERS).flatMap(([name, password]) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((mechanism) => ['-S', `${mechanism}=[name=${name},password=${password}]`]),
  );
  const format = spawnSync(
    'java',
    [...jvm, '-cp', classPath, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', clusterId, '-c', properties, ...scram],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (format.status !== 0) {
    await tokens.close();
    throw new Error(`kafka-storage format failed:\n${format.stdout}\n${format.stderr}`);
  }

  // Kafka 4 fetches only JWKS URLs that are explicitly allowed.
  jvm.push(`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${tokens.jwksUrl}`);
  const out = openSync(join(dir, 'broker.out'), 'a');
  const child: ChildProcess = spawn('java', [...jvm, '-cp', classPath, 'kafka.Kafka', properties], { stdio: ['ignore', out, out] });
  closeSync(out);
  // The broker must not outlive this process, even when it is interrupted.
  const killOnExit = () => child.kill('SIGKILL');
  const killOnSignal = (signal: NodeJS.Signals) => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  process.on('exit', killOnExit);
  process.once('SIGINT', killOnSignal);
  process.once('SIGTERM', killOnSignal);

  const stop = async (keepDir = false) => {
    process.off('exit', killOnExit);
    process.off('SIGINT', killOnSignal);
    process.off('SIGTERM', killOnSignal);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await tokens.close();
    if (!keepDir && !process.env.DATAMESH_KEEP_BROKER_DIR) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForBroker(`127.0.0.1:${plainPort}`, child, 120_000);
  } catch (error) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
    const outText = readFileSync(join(dir, 'broker.out'), 'utf8').slice(-4000);
    await stop(true);
    throw new Error(`the broker did not start (${dir}): ${error instanceof Error ? error.message : String(error)}\n${outText}\n${tail}`);
  }

  return {
    plaintext: `127.0.0.1:${plainPort}`,
    sasl: `127.0.0.1:${saslPort}`,
    tls: `localhost:${tlsPort}`,
    tlsByIp: `127.0.0.1:${tlsPort}`,
    tlsFiles,
    tokenUrl: tokens.tokenUrl,
    jwksUrl: tokens.jwksUrl,
    logFile,
    stop: () => stop(),
  };
}

async function waitForBroker(bootstrap: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`java exited with ${child.exitCode}`);
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
      return;
    } catch (error) {
      lastError = error;
      await admin.disconnect().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(
    `no answer on ${bootstrap} within ${timeoutMs} ms: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
  );
}

const JAVA_LIST_TOPICS = `import org.apache.kafka.clients.admin.Admin;
import java.io.FileInputStream;
import java.util.Properties;
public class ListTopics {
  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    try (FileInputStream in = new FileInputStream(args[0])) { properties.load(in); }
    try (Admin admin = Admin.create(properties)) {
      System.out.println("TOPICS " + String.join(",", admin.listTopics().names().get()));
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.out.println("ERROR " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
  }
}
`;

/**
 * Kafka's own Java AdminClient (the reference implementation, from the broker's jars) lists topics
 * with these client properties: an independent check of the broker's security setup. Asynchronous, so
 * an in-process token endpoint keeps answering.
 */
export async function javaListTopics(
  bootstrap: string,
  properties: Record<string, string>,
): Promise<{ topics?: string[]; error?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'datamesh-java-client-'));
  const source = join(dir, 'ListTopics.java');
  writeFileSync(source, JAVA_LIST_TOPICS);
  const all = { 'bootstrap.servers': bootstrap, 'default.api.timeout.ms': '15000', 'request.timeout.ms': '5000', ...properties };
  // Properties-file escaping: backslashes and the separators that matter in these values.
  writeFileSync(
    join(dir, 'client.properties'),
    Object.entries(all)
      .map(([key, value]) => `${key}=${value.replace(/\\/g, '\\\\')}`)
      .join('\n'),
  );
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      'java',
      ['-Xmx128m', '-XX:TieredStopAtLevel=1', '-cp', join(kafkaLibsDir(), '*'), source, join(dir, 'client.properties')],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
  rmSync(dir, { recursive: true, force: true });
  const topics = /^TOPICS (.*)$/m.exec(output);
  if (topics) return { topics: topics[1] ? topics[1].split(',') : [] };
  return { error: /^ERROR (.*)$/m.exec(output)?.[1] ?? `no answer from the Java client: ${output}` };
}
