/**
 * Turns whatever a broker, the registry or a token endpoint threw into one specific message and a
 * structured remedy. kafkajs wraps its errors (retries exceeded -> non-retriable -> connection error ->
 * Node's socket error), so the whole cause chain is searched and the most specific finding wins.
 *
 * The remedy says what to do, not how: the editor phrases it with connection settings and commands
 * (client/src/connections/connectionRemedy.ts), the command line with flags (client/src/cli/connectionRemedy.ts).
 */
import { OperationTimeoutError } from './withTimeout';

export type ConnectionErrorKind =
  'dns' | 'refused' | 'auth' | 'tls' | 'acl' | 'timeout' | 'registry-401' | 'registry-403' | 'registry-404' | 'registry-5xx' | 'unknown';

/** Which server a remedy is about: each is configured by its own setting or flag. */
export type ConnectionService = 'broker' | 'registry' | 'token-endpoint';

/** What the user can do about a connection error, without the words of any one front end. */
export type ConnectionRemedy =
  /** Nothing listens on the broker's or registry's port: check it, or start the local stack. */
  | { kind: 'start-local-stack'; service: 'broker' | 'registry' }
  /** The host name does not resolve: check its spelling in the setting of `service`, and the network. */
  | { kind: 'check-host'; service: ConnectionService }
  /** The DNS server did not answer. */
  | { kind: 'check-network' }
  /** No route to the host (firewall, VPN). */
  | { kind: 'check-route' }
  /** The connection was accepted but nothing answered in time: a listener of another kind, overload, a firewall. */
  | { kind: 'check-listener' }
  /** The server closed or ignored the handshake: the connection's TLS and SASL settings do not match the listener. */
  | { kind: 'match-listener-security' }
  /** The broker certificate's CA is not trusted: give it. */
  | { kind: 'give-ca' }
  /** The listener needs a client certificate (or rejects the one given). */
  | { kind: 'give-client-certificate' }
  /** TLS was used on a port that does not speak it. */
  | { kind: 'disable-tls' }
  /** The certificate does not name the host connected to. */
  | { kind: 'use-certificate-host' }
  /** The listener does not offer the chosen SASL mechanism. */
  | { kind: 'choose-sasl-mechanism' }
  /** SASL was used on a listener without SASL. */
  | { kind: 'disable-sasl' }
  /** The broker rejected the SASL user name or password. */
  | { kind: 'check-sasl-credentials' }
  /** The token endpoint rejected the OAuth client id or secret. */
  | { kind: 'check-oauth-client' }
  /** The token endpoint failed or could not be reached. */
  | { kind: 'check-token-endpoint' }
  /** The broker rejected the OAuth token (audience, issuer). */
  | { kind: 'check-oauth-token' }
  /** Valid credentials without the rights: an administrator must grant ACLs on `resource`. */
  | { kind: 'grant-acls'; resource: 'topic' | 'consumer group' | 'cluster' | 'resource' }
  /** The registry rejected the credentials (or wants some). */
  | { kind: 'check-registry-credentials' }
  /** The registry credentials lack a role. */
  | { kind: 'ask-registry-role' }
  /** The registry URL does not point at the Confluent-compatible API. */
  | { kind: 'fix-registry-url' }
  /** A subject or version that is not in the registry (yet). */
  | { kind: 'check-subject' }
  /** A server-side failure: retry later, check the server's logs. */
  | { kind: 'retry-later' }
  /** The registry rejected the request itself. */
  | { kind: 'fix-request' }
  /** Nothing more specific is known: check the connection, read the client's log. */
  | { kind: 'read-client-log' };

export type ConnectionRemedyKind = ConnectionRemedy['kind'];

export interface ConnectionErrorDescription {
  kind: ConnectionErrorKind;
  /** One sentence naming what failed where, the same in every front end. */
  message: string;
  remedy: ConnectionRemedy;
}

/** A registry answer with an HTTP error status. */
export class RegistryHttpError extends Error {
  override readonly name = 'RegistryHttpError';

  constructor(
    readonly status: number,
    readonly url: string,
    /** Confluent's error_code from the body, e.g. 40401 subject not found. */
    readonly errorCode: number | undefined,
    detail: string,
  ) {
    super(`schema registry ${url} answered ${status}${detail ? `: ${detail}` : ''}`);
  }

  /** Which service was asked, for messages: "schema registry http://host:port/path". */
  get target(): string {
    return `schema registry ${this.url}`;
  }
}

/** A registry that could not be reached at all (DNS, refused, TLS, timeout): the cause says which. */
export class RegistryRequestError extends Error {
  override readonly name = 'RegistryRequestError';

  constructor(
    readonly url: string,
    override readonly cause: unknown,
  ) {
    super(`schema registry ${url} could not be reached: ${messageOf(cause)}`);
  }

  get target(): string {
    return `schema registry ${new URL(this.url).origin}`;
  }
}

/** The OAuth token endpoint refused the client credentials, or could not be reached (then `cause`). */
export class OAuthTokenError extends Error {
  override readonly name = 'OAuthTokenError';
  /** kafkajs bails out on errors that say they are not retriable: no point in retrying a wrong secret. */
  readonly retriable = false;

  constructor(
    readonly tokenUrl: string,
    readonly status: number | undefined,
    detail: string,
    override readonly cause?: unknown,
  ) {
    super(
      `OAuth token endpoint ${tokenUrl} ${status !== undefined ? `answered ${status}` : 'could not be reached'}${detail ? `: ${detail}` : ''}`,
    );
  }

  get target(): string {
    return `OAuth token endpoint ${this.tokenUrl}`;
  }
}

/** The broker refused the SASL credentials or token (our own OAUTHBEARER exchange throws it). */
export class SaslAuthenticationError extends Error {
  override readonly name = 'SaslAuthenticationError';
  /** Retrying with the same credentials cannot help; kafkajs gives up at once on this. */
  readonly retriable = false;
}

const TLS_CODES: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is signed by a CA that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate is signed by a CA that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is signed by a CA that is not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed CA that is not trusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presents a self-signed certificate',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  CERT_UNTRUSTED: 'the server certificate is not trusted',
  CERT_REJECTED: 'the server certificate was rejected',
  CERT_SIGNATURE_FAILURE: 'the server certificate signature is invalid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate was not issued for this host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on this port',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'the server does not speak TLS on this port',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'the server requires a client certificate',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'the server rejected the client certificate',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'the server does not trust the CA of the client certificate',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'the server does not trust the client certificate',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the TLS handshake failed (no common protocol or cipher, or a client certificate is required)',
};

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const TIMEOUT_NAMES = new Set([
  'KafkaJSRequestTimeoutError',
  'OperationTimeoutError',
  'TimeoutError',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ABORT_ERR']);

interface ErrorFacts {
  name?: string;
  message: string;
  code?: string;
  type?: string;
  status?: number;
  hostname?: string;
  target?: string;
  raw: unknown;
}

/**
 * The specific kind, a one-sentence message naming what failed where, and what to do about it.
 * `context.target` (e.g. "bootstrap b1:9092") names the server when the error itself does not.
 */
export function describeConnectionError(error: unknown, context: { target?: string } = {}): ConnectionErrorDescription {
  const chain = causeChain(error);
  const target = chain.map((facts) => facts.target).find((value) => value !== undefined) ?? context.target;
  const where = target ? ` (${target})` : '';

  const registryHttp = chain.find(
    (facts) => facts.raw instanceof RegistryHttpError || (facts.name === 'RegistryHttpError' && facts.status !== undefined),
  );
  if (registryHttp) return describeRegistryStatus(registryHttp);

  const oauth = chain.find((facts) => facts.raw instanceof OAuthTokenError && facts.status !== undefined);
  if (oauth) {
    return {
      kind: 'auth',
      message: `Authentication failed: ${oauth.message}.`,
      remedy: { kind: oauth.status === 400 || oauth.status === 401 ? 'check-oauth-client' : 'check-token-endpoint' },
    };
  }

  const tls = chain.find(
    (facts) => facts.code !== undefined && (facts.code in TLS_CODES || facts.code.startsWith('ERR_SSL_') || facts.code === 'EPROTO'),
  );
  if (tls) return describeTls(tls, where);

  const auth = chain.find(
    (facts) =>
      facts.name === 'KafkaJSSASLAuthenticationError' ||
      facts.name === 'SaslAuthenticationError' ||
      facts.type === 'SASL_AUTHENTICATION_FAILED' ||
      facts.type === 'UNSUPPORTED_SASL_MECHANISM' ||
      facts.type === 'ILLEGAL_SASL_STATE',
  );
  if (auth) return describeAuth(auth, where);

  const acl = chain.find((facts) => facts.type?.endsWith('_AUTHORIZATION_FAILED'));
  if (acl) {
    const resource =
      acl.type === 'TOPIC_AUTHORIZATION_FAILED'
        ? 'topic'
        : acl.type === 'GROUP_AUTHORIZATION_FAILED'
          ? 'consumer group'
          : acl.type === 'CLUSTER_AUTHORIZATION_FAILED'
            ? 'cluster'
            : 'resource';
    return {
      kind: 'acl',
      message: `Not authorized: the broker's ACLs do not allow this principal to use the ${resource} (${acl.type})${where}.`,
      remedy: { kind: 'grant-acls', resource },
    };
  }

  const dns = chain.find((facts) => facts.code !== undefined && DNS_CODES.has(facts.code));
  if (dns) {
    const host = dns.hostname ?? /(?:ENOTFOUND|EAI_AGAIN)\s+(\S+)/.exec(dns.message)?.[1] ?? target ?? 'the host';
    return {
      kind: 'dns',
      message: `Host name not found: ${host} does not resolve (${dns.code})${where}.`,
      remedy: dns.code === 'EAI_AGAIN' ? { kind: 'check-network' } : { kind: 'check-host', service: serviceOf(chain) },
    };
  }

  const refused = chain.find((facts) => facts.code === 'ECONNREFUSED');
  if (refused) {
    const service = serviceOf(chain);
    return {
      kind: 'refused',
      message: `Connection refused${where}: nothing is listening on that host and port.`,
      remedy: service === 'token-endpoint' ? { kind: 'check-token-endpoint' } : { kind: 'start-local-stack', service },
    };
  }

  const unreachable = chain.find((facts) => facts.code !== undefined && UNREACHABLE_CODES.has(facts.code));
  if (unreachable) {
    return {
      kind: 'refused',
      message: `Host unreachable${where} (${unreachable.code}).`,
      remedy: { kind: 'check-route' },
    };
  }

  const timeout = chain.find(
    (facts) =>
      (facts.name !== undefined && TIMEOUT_NAMES.has(facts.name)) ||
      (facts.code !== undefined && TIMEOUT_CODES.has(facts.code)) ||
      (facts.name === 'KafkaJSConnectionError' && /Connection timeout/i.test(facts.message)),
  );
  if (timeout) {
    const limit = timeout.raw instanceof OperationTimeoutError ? ` within ${timeout.raw.timeoutMs} ms` : '';
    return {
      kind: 'timeout',
      message: `No answer${limit}${where}: ${timeout.message}.`,
      remedy: { kind: 'check-listener' },
    };
  }

  // kafkajs retries a timed-out handshake on the still-open socket and then fails with this plain Error.
  const handshake = chain.find((facts) => facts.message === 'Broker not connected');
  if (handshake) {
    return {
      kind: 'timeout',
      message: `No answer to the Kafka handshake${where}: the server accepted the connection but did not answer.`,
      remedy: { kind: 'match-listener-security' },
    };
  }

  const closed = chain.find(
    (facts) => facts.name === 'KafkaJSConnectionClosedError' || facts.code === 'ECONNRESET' || facts.code === 'EPIPE',
  );
  if (closed) {
    return {
      kind: 'unknown',
      message: `The server closed the connection${where}.`,
      remedy: { kind: 'match-listener-security' },
    };
  }

  const first = chain[0];
  return {
    kind: 'unknown',
    message: first ? `${first.message}${where}` : String(error),
    remedy: { kind: 'read-client-log' },
  };
}

function describeRegistryStatus(facts: ErrorFacts): ConnectionErrorDescription {
  const error = facts.raw instanceof RegistryHttpError ? facts.raw : undefined;
  const status = facts.status ?? 0;
  const url = error?.url ?? facts.target ?? 'the schema registry';
  if (status === 401) {
    return {
      kind: 'registry-401',
      message: `The schema registry rejected the credentials (401 Unauthorized) for ${url}.`,
      remedy: { kind: 'check-registry-credentials' },
    };
  }
  if (status === 403) {
    return {
      kind: 'registry-403',
      message: `The schema registry refused access (403 Forbidden) to ${url}.`,
      remedy: { kind: 'ask-registry-role' },
    };
  }
  if (status === 404) {
    const code = error?.errorCode;
    const what =
      code === 40401
        ? 'the subject does not exist'
        : code === 40402
          ? 'the version does not exist'
          : code === 40403
            ? 'the schema id does not exist'
            : 'nothing at this path';
    return {
      kind: 'registry-404',
      message: `Not found in the schema registry (404): ${what} (${url}).`,
      // Without a Confluent error code, the 404 came from something other than the registry API.
      remedy: { kind: code === undefined ? 'fix-registry-url' : 'check-subject' },
    };
  }
  if (status >= 500) {
    return {
      kind: 'registry-5xx',
      message: `The schema registry failed with ${status} (${url}).`,
      remedy: { kind: 'retry-later' },
    };
  }
  return {
    kind: 'unknown',
    message: `The schema registry answered ${status}: ${facts.message}.`,
    remedy: { kind: 'fix-request' },
  };
}

function describeTls(facts: ErrorFacts, where: string): ConnectionErrorDescription {
  const reason = (facts.code && TLS_CODES[facts.code]) ?? 'the TLS handshake failed';
  let remedy: ConnectionRemedy;
  if (facts.code === 'ERR_TLS_CERT_ALTNAME_INVALID') remedy = { kind: 'use-certificate-host' };
  else if (facts.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || facts.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG')
    remedy = { kind: 'disable-tls' };
  else if (facts.code?.includes('ALERT') || facts.code === 'EPROTO') remedy = { kind: 'give-client-certificate' };
  else remedy = { kind: 'give-ca' };
  return { kind: 'tls', message: `TLS verification failed${where}: ${reason} (${facts.code}).`, remedy };
}

function describeAuth(facts: ErrorFacts, where: string): ConnectionErrorDescription {
  if (facts.type === 'UNSUPPORTED_SASL_MECHANISM' || /mechanism is not supported/i.test(facts.message)) {
    return {
      kind: 'auth',
      message: `Authentication failed${where}: the listener does not offer this SASL mechanism (${facts.message}).`,
      remedy: { kind: 'choose-sasl-mechanism' },
    };
  }
  if (facts.type === 'ILLEGAL_SASL_STATE') {
    return {
      kind: 'auth',
      message: `Authentication failed${where}: the listener is not a SASL listener.`,
      remedy: { kind: 'disable-sasl' },
    };
  }
  const oauth = /OAUTHBEARER/i.test(facts.message);
  return {
    kind: 'auth',
    message: `Authentication failed${where}: ${facts.message}.`,
    remedy: { kind: oauth ? 'check-oauth-token' : 'check-sasl-credentials' },
  };
}

/** The error and everything it wraps (cause, originalError, AggregateError.errors), outermost first. */
function causeChain(error: unknown): ErrorFacts[] {
  const seen = new Set<unknown>();
  const facts: ErrorFacts[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && facts.length < 20) {
    const current = queue.shift();
    if (current === undefined || current === null || seen.has(current)) continue;
    seen.add(current);
    facts.push(factsOf(current));
    if (typeof current === 'object') {
      const record = current as Record<string, unknown>;
      queue.push(record.cause, record.originalError);
      if (Array.isArray(record.errors)) queue.push(...record.errors);
    }
  }
  return facts;
}

function factsOf(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return { message: String(error), raw: error };
  const record = error as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  let target: string | undefined;
  try {
    target = str('target') ?? (str('broker') ? `broker ${str('broker')}` : undefined);
  } catch {
    target = undefined;
  }
  return {
    name: str('name'),
    message: str('message') ?? String(error),
    code: str('code'),
    type: str('type'),
    status: typeof record.status === 'number' ? record.status : undefined,
    hostname: str('hostname'),
    target,
    raw: error,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The server that failed: our registry and token clients wrap what they throw; anything else came from a broker. */
function serviceOf(chain: ErrorFacts[]): ConnectionService {
  const names = new Set(chain.map((facts) => facts.name));
  if (names.has('RegistryRequestError') || names.has('RegistryHttpError')) return 'registry';
  if (names.has('OAuthTokenError')) return 'token-endpoint';
  return 'broker';
}
