/**
 * Builds a kafkajs client from a connection profile and its secrets: SASL mechanism, TLS, OAUTHBEARER
 * with client credentials, bounded timeouts and few retries (so a dead broker becomes an error in
 * seconds, not minutes), and a logger that cannot print a secret.
 */
import { readFile } from 'node:fs/promises';
import { connect as netConnect, isIP, Socket } from 'node:net';
import { checkServerIdentity as defaultCheckServerIdentity, connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import {
  Kafka,
  logLevel,
  type ISocketFactory,
  type KafkaConfig,
  type LogEntry,
  type logCreator,
  type Mechanism,
  type SASLOptions,
} from 'kafkajs';
import { DEFAULT_TIMEOUTS, type ConnectionProfile, type OAuthSettings } from './connectionProfile';
import { OAuthTokenError, SaslAuthenticationError } from './connectionErrors';
import { profileSecret, type SecretStore } from './secretStore';

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';

/** Where client messages go: an output channel in the editor, standard error on the command line. */
export interface ConnectionLogger {
  log(level: LogLevelName, message: string): void;
}

export interface KafkaFactoryOptions {
  /** Gets this factory's own warnings (TLS checks turned off) and kafkajs's log at `kafkaLogLevel`. */
  logger?: ConnectionLogger;
  /** The most detailed kafkajs level passed to the logger; default 'warn'; 'none' keeps kafkajs quiet. */
  kafkaLogLevel?: LogLevelName | 'none';
  /** Retries of one broker operation; default 2 (kafkajs's own default of 5 takes half a minute to fail). */
  retries?: number;
  /** Replaces global fetch for the token endpoint (tests). */
  fetch?: typeof fetch;
}

/** The config for `new Kafka(...)`, exposed so that tests can inspect it. */
export async function buildKafkaConfig(
  profile: ConnectionProfile,
  secrets: SecretStore,
  options: KafkaFactoryOptions = {},
): Promise<KafkaConfig> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...profile.timeouts };
  const secretValues: string[] = [];
  const remember = (value: string | undefined): string | undefined => {
    if (value) secretValues.push(value);
    return value;
  };
  const logger = options.logger;

  const config: KafkaConfig = {
    clientId: profile.clientId ?? 'datamesh',
    brokers: profile.bootstrapServers,
    connectionTimeout: timeouts.connectionMs,
    authenticationTimeout: timeouts.requestMs,
    requestTimeout: timeouts.requestMs,
    enforceRequestTimeout: true,
    retry: { retries: options.retries ?? 2, initialRetryTime: 300, maxRetryTime: 3_000 },
    logLevel: toKafkaLevel(options.kafkaLogLevel ?? 'warn'),
    logCreator: redactingLogCreator(logger, secretValues),
  };

  const tls = profile.security.tls;
  if (tls) {
    const ssl: ConnectionOptions = {};
    if (tls.ca) ssl.ca = [await readPem(tls.ca, 'TLS CA')];
    if (tls.cert) ssl.cert = await readPem(tls.cert, 'TLS client certificate');
    if (tls.key) {
      ssl.key = await readPem(tls.key, 'TLS client key');
      const passphrase = remember(await profileSecret(secrets, profile, 'tls-key-passphrase'));
      if (passphrase) ssl.passphrase = passphrase;
    }
    if (tls.rejectUnauthorized === false) {
      ssl.rejectUnauthorized = false;
      logger?.log(
        'warn',
        `Connection "${profile.name}": TLS certificate verification is OFF; any server can pose as the broker. Use only for experiments.`,
      );
    }
    if (tls.skipHostnameVerification) {
      // The chain is still verified; only the name check is replaced, and each mismatch is logged.
      ssl.checkServerIdentity = (host, cert) => {
        const mismatch = defaultCheckServerIdentity(host, cert);
        if (mismatch)
          logger?.log('warn', `Connection "${profile.name}": TLS hostname verification skipped for ${host} (${mismatch.message}).`);
        return undefined;
      };
      logger?.log(
        'warn',
        `Connection "${profile.name}": TLS hostname verification is disabled; a certificate issued for another host is accepted.`,
      );
    }
    config.ssl = Object.keys(ssl).length > 0 ? ssl : true;
  }

  const sasl = await saslOptions(profile, secrets, remember, timeouts.httpMs, options.fetch);
  if (sasl) config.sasl = sasl;
  return config;
}

/** The sockets of one client, so that closeKafka can end them all. */
interface SocketTracker {
  sockets: Set<Socket>;
  closed: boolean;
}

const trackers = new WeakMap<Kafka, SocketTracker>();

/** kafkajs's own socket factory (TLS with SNI for host names, keep-alive), plus tracking. */
function trackingSocketFactory(tracker: SocketTracker): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    if (tracker.closed) {
      // A retry after closeKafka: fail at once instead of opening a new connection.
      const socket = new Socket();
      process.nextTick(() => socket.destroy(Object.assign(new Error('the client was closed'), { code: 'ECONNABORTED' })));
      return socket;
    }
    const socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : netConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    tracker.sockets.add(socket);
    socket.once('close', () => tracker.sockets.delete(socket));
    return socket;
  };
}

/** A kafkajs client for the profile. Connecting happens later, in admin/consumer/producer.connect(). */
export async function createKafka(profile: ConnectionProfile, secrets: SecretStore, options: KafkaFactoryOptions = {}): Promise<Kafka> {
  const tracker: SocketTracker = { sockets: new Set(), closed: false };
  const kafka = new Kafka({ ...(await buildKafkaConfig(profile, secrets, options)), socketFactory: trackingSocketFactory(tracker) });
  trackers.set(kafka, tracker);
  return kafka;
}

/**
 * Ends every connection of a client made by createKafka, and makes later attempts fail at once. For
 * when the owner is done (a CLI command, a removed connection): kafkajs can leave a socket and its
 * retries behind after a broker stopped answering, which would keep the process alive.
 */
export function closeKafka(kafka: Kafka): void {
  const tracker = trackers.get(kafka);
  if (!tracker) return;
  tracker.closed = true;
  // With an error, so that kafkajs fails its pending requests now rather than at their timeout.
  for (const socket of tracker.sockets) socket.destroy(Object.assign(new Error('the client was closed'), { code: 'ECONNABORTED' }));
  tracker.sockets.clear();
}

async function saslOptions(
  profile: ConnectionProfile,
  secrets: SecretStore,
  remember: (value: string | undefined) => string | undefined,
  httpTimeoutMs: number,
  fetchImpl: typeof fetch | undefined,
): Promise<SASLOptions | Mechanism | undefined> {
  const { protocol, username } = profile.security;
  if (protocol === 'plaintext') return undefined;
  if (protocol === 'oauthbearer') {
    const oauth = profile.security.oauth;
    if (!oauth) throw new Error(`Connection "${profile.name}": OAUTHBEARER needs a token endpoint and client id.`);
    const clientSecret = remember(await profileSecret(secrets, profile, 'oauth-client-secret'));
    if (!clientSecret)
      throw new Error(
        `Connection "${profile.name}": the OAuth client secret is missing (--oauth-client-secret or DATAMESH_OAUTH_CLIENT_SECRET).`,
      );
    const provider = createClientCredentialsProvider({
      ...oauth,
      clientSecret,
      timeoutMs: httpTimeoutMs,
      fetch: fetchImpl,
      onToken: remember,
    });
    return oauthBearerMechanism(provider);
  }
  const password = remember(await profileSecret(secrets, profile, 'sasl-password'));
  if (!username || password === undefined) {
    throw new Error(
      `Connection "${profile.name}": ${protocol} needs a user name and a password (--username, --password or DATAMESH_SASL_PASSWORD).`,
    );
  }
  switch (protocol) {
    case 'sasl-plain':
      return { mechanism: 'plain', username, password };
    case 'sasl-scram-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'sasl-scram-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/**
 * SASL/OAUTHBEARER (RFC 7628) in place of kafkajs's built-in one, which takes the broker's error
 * challenge (`{"status":"invalid_token"}`) for success; the next request then breaks the connection and
 * the user sees "closed connection" instead of "token rejected". Here the challenge is answered with
 * %x01 as the RFC asks, and the exchange ends in an authentication error that names the reason.
 */
export function oauthBearerMechanism(tokenProvider: () => Promise<string>): Mechanism {
  return {
    mechanism: 'OAUTHBEARER',
    authenticationProvider: ({ host, port, saslAuthenticate }) => ({
      authenticate: async () => {
        const token = await tokenProvider();
        const initial = withLength(Buffer.from(`n,,\x01auth=Bearer ${token}\x01\x01`, 'utf8'));
        let challenge: Buffer | void;
        try {
          challenge = await saslAuthenticate<Buffer>({
            request: { encode: () => initial },
            // kafkajs passes SASL bytes with their 4-byte length prefix, both ways.
            response: { decode: (raw: Buffer) => (raw.length >= 4 ? raw.subarray(4) : Buffer.alloc(0)), parse: (data: Buffer) => data },
          });
        } catch (error) {
          throw new SaslAuthenticationError(
            `SASL OAUTHBEARER authentication failed at ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        if (challenge && challenge.length > 0) {
          const status = oauthStatus(challenge.toString('utf8'));
          let brokerMessage = '';
          try {
            await saslAuthenticate({ request: { encode: () => withLength(Buffer.from([0x01])) } });
          } catch (error) {
            brokerMessage = error instanceof Error ? error.message : '';
          }
          const extra = brokerMessage && !brokerMessage.includes(status) ? `; ${brokerMessage}` : '';
          throw new SaslAuthenticationError(
            `SASL OAUTHBEARER authentication failed at ${host}:${port}: the broker rejected the token (${status})${extra}`,
          );
        }
      },
    }),
  };
}

/** The `status` of an RFC 7628 error challenge, e.g. invalid_token; the raw text when it is not JSON. */
function oauthStatus(challenge: string): string {
  try {
    const json = JSON.parse(challenge) as { status?: unknown; scope?: unknown };
    if (typeof json.status === 'string') return typeof json.scope === 'string' ? `${json.status}, scope ${json.scope}` : json.status;
  } catch {
    // Not JSON: show it as it came.
  }
  return challenge;
}

function withLength(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

export interface ClientCredentialsOptions extends OAuthSettings {
  clientSecret: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Called with each new token, so that the logger can redact it. */
  onToken?: (token: string) => void;
  /** Renew this long before expiry; default 60 s (or a tenth of a short lifetime). */
  refreshMarginMs?: number;
}

/**
 * The client-credentials grant (RFC 6749 §4.4) with HTTP Basic client authentication, as Kafka's own
 * OAuthBearerLoginCallbackHandler does. The token is cached until shortly before it expires, and
 * concurrent callers (kafkajs authenticates each connection) share one request.
 */
export function createClientCredentialsProvider(options: ClientCredentialsOptions): () => Promise<string> {
  const doFetch = options.fetch ?? fetch;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const request = async (): Promise<string> => {
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (options.scope) body.set('scope', options.scope);
    const basic = Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64');
    let response: Response;
    try {
      response = await doFetch(options.tokenUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new OAuthTokenError(options.tokenUrl, undefined, error instanceof Error ? error.message : String(error), error);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      let detail = '';
      try {
        const json = JSON.parse(text) as { error?: unknown; error_description?: unknown };
        detail = [json.error, json.error_description].filter((part) => typeof part === 'string').join(': ');
      } catch {
        detail = '';
      }
      throw new OAuthTokenError(options.tokenUrl, response.status, detail || response.statusText);
    }
    let json: { access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new OAuthTokenError(options.tokenUrl, response.status, 'the answer is not JSON');
    }
    if (typeof json.access_token !== 'string' || json.access_token === '') {
      throw new OAuthTokenError(options.tokenUrl, response.status, 'the answer has no access_token');
    }
    const lifetimeMs = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in * 1000 : 5 * 60_000;
    const margin = options.refreshMarginMs ?? Math.min(60_000, lifetimeMs / 10);
    cached = { token: json.access_token, renewAt: Date.now() + lifetimeMs - margin };
    options.onToken?.(json.access_token);
    return json.access_token;
  };

  return async () => {
    if (cached && Date.now() < cached.renewAt) return cached.token;
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'the file does not exist'
        : error instanceof Error
          ? error.message
          : String(error);
    throw new Error(`Cannot read the ${what} file ${path}: ${reason}.`);
  }
}

function toKafkaLevel(level: LogLevelName | 'none'): logLevel {
  return { none: logLevel.NOTHING, error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO, debug: logLevel.DEBUG }[level];
}

function levelName(level: logLevel): LogLevelName {
  if (level <= logLevel.ERROR) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}

/** Extra fields kafkajs attaches that never help a user and may carry credentials. */
const DROPPED_FIELDS = new Set(['timestamp', 'logger', 'message', 'sasl', 'ssl', 'password', 'stack']);
const SECRET_FIELD = /pass|secret|token|key|credential|authorization/i;

/**
 * kafkajs log entries as one line each. Known secret values are masked wherever they appear, and
 * fields whose names suggest a secret are dropped, so a verbose log can be shared in a bug report.
 */
export function redactingLogCreator(logger: ConnectionLogger | undefined, secretValues: readonly string[]): logCreator {
  return () => (entry: LogEntry) => {
    if (!logger) return;
    const { message, ...extra } = entry.log;
    const fields = Object.entries(extra)
      .filter(([key, value]) => !DROPPED_FIELDS.has(key) && !SECRET_FIELD.test(key) && value !== undefined)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    const line = `[kafkajs${entry.namespace ? ` ${entry.namespace}` : ''}] ${message}${fields.length ? ` ${fields.join(' ')}` : ''}`;
    logger.log(levelName(entry.level), redact(line, secretValues));
  };
}

/** Masks every known secret value (and a bearer token of any value) in a line. */
export function redact(line: string, secretValues: readonly string[]): string {
  let result = line.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1***');
  for (const secret of secretValues) {
    if (secret.length >= 3) result = result.split(secret).join('***');
  }
  return result;
}
