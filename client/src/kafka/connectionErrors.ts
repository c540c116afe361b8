/**
 * Turns whatever a broker, the registry or a token endpoint threw into one specific, actionable
 * message. kafkajs wraps its errors (retries exceeded -> non-retriable -> connection error -> Node's
 * socket error), so the whole cause chain is searched and the most specific finding wins.
 */
import { OperationTimeoutError } from './withTimeout';

export type ConnectionErrorKind =
  'dns' | 'refused' | 'auth' | 'tls' | 'acl' | 'timeout' | 'registry-401' | 'registry-403' | 'registry-404' | 'registry-5xx' | 'unknown';

export interface ConnectionErrorDescription {
  kind: ConnectionErrorKind;
  message: string;
  hint: string;
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
      hint:
        oauth.status === 400 || oauth.status === 401
          ? 'Check the OAuth client id and client secret (--oauth-client-id, --oauth-client-secret or DATAMESH_OAUTH_CLIENT_SECRET) and the scope.'
          : 'Check the token endpoint URL and that the identity provider is healthy.',
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
    const what =
      acl.type === 'TOPIC_AUTHORIZATION_FAILED'
        ? 'the topic'
        : acl.type === 'GROUP_AUTHORIZATION_FAILED'
          ? 'the consumer group'
          : acl.type === 'CLUSTER_AUTHORIZATION_FAILED'
            ? 'the cluster'
            : 'the resource';
    return {
      kind: 'acl',
      message: `Not authorized: the broker's ACLs do not allow this principal to use ${what} (${acl.type})${where}.`,
      hint: `The credentials are valid, but an administrator must grant ACLs to this principal (for the catalog: READ and DESCRIBE on the topic; for a consumer group: READ on the group), e.g. with kafka-acls.`,
    };
  }

  const dns = chain.find((facts) => facts.code !== undefined && DNS_CODES.has(facts.code));
  if (dns) {
    const host = dns.hostname ?? /(?:ENOTFOUND|EAI_AGAIN)\s+(\S+)/.exec(dns.message)?.[1] ?? target ?? 'the host';
    return {
      kind: 'dns',
      message: `Host name not found: ${host} does not resolve (${dns.code})${where}.`,
      hint:
        dns.code === 'EAI_AGAIN'
          ? 'The DNS server did not answer; check the network or VPN, then retry.'
          : 'Check the spelling of the host in --bootstrap / --registry (or the connection settings) and that you are on the network (VPN) where it resolves.',
    };
  }

  const refused = chain.find((facts) => facts.code === 'ECONNREFUSED');
  if (refused) {
    return {
      kind: 'refused',
      message: `Connection refused${where}: nothing is listening on that host and port.`,
      hint: 'Check the port and that the broker or registry is running; with no connection flags, `datamesh stack up` starts a local one.',
    };
  }

  const unreachable = chain.find((facts) => facts.code !== undefined && UNREACHABLE_CODES.has(facts.code));
  if (unreachable) {
    return {
      kind: 'refused',
      message: `Host unreachable${where} (${unreachable.code}).`,
      hint: 'Check the address, the network route and any firewall or VPN between you and the server.',
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
      hint: 'The server accepted the connection (or the network dropped it) but did not answer in time. Check that the port is a Kafka listener of the expected kind (TLS, SASL), that the server is not overloaded, and the firewall.',
    };
  }

  // kafkajs retries a timed-out handshake on the still-open socket and then fails with this plain Error.
  const handshake = chain.find((facts) => facts.message === 'Broker not connected');
  if (handshake) {
    return {
      kind: 'timeout',
      message: `No answer to the Kafka handshake${where}: the server accepted the connection but did not answer.`,
      hint: 'Check that the port is a Kafka listener and that its security matches (TLS needs --tls, SASL needs --sasl-mechanism); a firewall may also drop the replies.',
    };
  }

  const closed = chain.find(
    (facts) => facts.name === 'KafkaJSConnectionClosedError' || facts.code === 'ECONNRESET' || facts.code === 'EPIPE',
  );
  if (closed) {
    return {
      kind: 'unknown',
      message: `The server closed the connection${where}.`,
      hint: 'This usually means the security settings do not match the listener: a TLS listener needs --tls, a SASL listener needs --sasl-mechanism and credentials, and a plaintext listener needs neither.',
    };
  }

  const first = chain[0];
  return {
    kind: 'unknown',
    message: first ? `${first.message}${where}` : String(error),
    hint: 'Check the connection settings; run with DATAMESH_DEBUG=1 for the client log.',
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
      hint: 'Check the registry user and password (basic auth) or the bearer token; a registry that needs credentials answers 401 when none are sent.',
    };
  }
  if (status === 403) {
    return {
      kind: 'registry-403',
      message: `The schema registry refused access (403 Forbidden) to ${url}.`,
      hint: 'The credentials are valid but lack permission for this subject or operation; ask the registry administrator for the role.',
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
      hint:
        code === undefined
          ? 'Check the registry base URL: it must point at the Confluent-compatible API (for Apicurio: http://HOST:PORT/apis/ccompat/v7).'
          : 'Check the subject name (<topic>-value or <topic>-key) and version; the schema may not be published yet.',
    };
  }
  if (status >= 500) {
    return {
      kind: 'registry-5xx',
      message: `The schema registry failed with ${status} (${url}).`,
      hint: 'This is a server-side error: retry later, and check the registry logs and its storage backend.',
    };
  }
  return {
    kind: 'unknown',
    message: `The schema registry answered ${status}: ${facts.message}.`,
    hint: 'The request itself was rejected; see the message for the field or schema at fault.',
  };
}

function describeTls(facts: ErrorFacts, where: string): ConnectionErrorDescription {
  const reason = (facts.code && TLS_CODES[facts.code]) ?? 'the TLS handshake failed';
  let hint: string;
  if (facts.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    hint =
      'Connect with a host name listed in the certificate\'s subjectAltName. Only for testing: --tls-insecure-skip-hostname-verification (or "skipHostnameVerification" in the connection) accepts it, with a warning.';
  } else if (facts.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || facts.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    hint = 'This port is not a TLS listener: drop --tls, or use the TLS port of the broker.';
  } else if (facts.code?.includes('ALERT') || facts.code === 'EPROTO') {
    hint = 'Give a client certificate and key signed by a CA the broker trusts (--tls-cert, --tls-key).';
  } else {
    hint = 'Give the CA that signed the broker certificate with --tls-ca FILE (PEM), or the "ca" of the connection\'s TLS settings.';
  }
  return { kind: 'tls', message: `TLS verification failed${where}: ${reason} (${facts.code}).`, hint };
}

function describeAuth(facts: ErrorFacts, where: string): ConnectionErrorDescription {
  if (facts.type === 'UNSUPPORTED_SASL_MECHANISM' || /mechanism is not supported/i.test(facts.message)) {
    return {
      kind: 'auth',
      message: `Authentication failed${where}: the listener does not offer this SASL mechanism (${facts.message}).`,
      hint: 'Choose a mechanism the listener enables (--sasl-mechanism plain, scram-sha-256, scram-sha-512 or oauthbearer) or use the matching listener port.',
    };
  }
  if (facts.type === 'ILLEGAL_SASL_STATE') {
    return {
      kind: 'auth',
      message: `Authentication failed${where}: the listener is not a SASL listener.`,
      hint: 'Drop --sasl-mechanism for a plaintext or TLS-only listener, or use the SASL listener port.',
    };
  }
  const oauth = /OAUTHBEARER/i.test(facts.message);
  return {
    kind: 'auth',
    message: `Authentication failed${where}: ${facts.message}.`,
    hint: oauth
      ? 'The broker rejected the OAuth token: check that the token endpoint issues tokens for the audience and issuer the broker expects, and the client id.'
      : 'Check the user name and password (--username, --password or DATAMESH_SASL_PASSWORD) and that the mechanism matches the one the user was created for (SCRAM-SHA-256 and SCRAM-SHA-512 credentials are separate).',
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

/** One line for a terminal or a notification: the message, then what to do. */
export function formatConnectionError(error: unknown, context: { target?: string } = {}): string {
  const description = describeConnectionError(error, context);
  return `${description.message}\n  ${description.hint}`;
}
