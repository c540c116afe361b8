/**
 * The typed connection model. A profile holds only what may be written to settings.json; passwords,
 * tokens and keys live in a SecretStore under the keys that `secretKey` names, so that a profile can be
 * shown, logged and synced without leaking anything.
 */

export type SecurityProtocol = 'plaintext' | 'sasl-plain' | 'sasl-scram-256' | 'sasl-scram-512' | 'oauthbearer';

export const SECURITY_PROTOCOLS: readonly SecurityProtocol[] = [
  'plaintext',
  'sasl-plain',
  'sasl-scram-256',
  'sasl-scram-512',
  'oauthbearer',
];

/** TLS towards the brokers. File paths, not PEM text: the files stay where the user keeps them. */
export interface TlsSettings {
  /** PEM file with the CA certificate(s) to trust instead of the system store. */
  ca?: string;
  /** PEM client certificate, for brokers that require mutual TLS. */
  cert?: string;
  /** PEM private key of the client certificate; its passphrase, if any, is the secret `tls-key-passphrase`. */
  key?: string;
  /** false accepts any certificate. Only for experiments: it is logged as a warning. */
  rejectUnauthorized?: boolean;
  /** true keeps the chain check but accepts a certificate issued for another host name (logged as a warning). */
  skipHostnameVerification?: boolean;
}

/** OAUTHBEARER with the client-credentials grant; the client secret is the secret `oauth-client-secret`. */
export interface OAuthSettings {
  tokenUrl: string;
  clientId: string;
  scope?: string;
}

export interface SecuritySettings {
  protocol: SecurityProtocol;
  /** The SASL user for sasl-plain and sasl-scram-*; the password is the secret `sasl-password`. */
  username?: string;
  oauth?: OAuthSettings;
  /** Present means TLS (SSL or SASL_SSL); absent means a plaintext transport. */
  tls?: TlsSettings;
}

export type RegistryAuth =
  | { kind: 'none' }
  /** The password is the secret `registry-password`. */
  | { kind: 'basic'; username: string }
  /** The token is the secret `registry-token`. */
  | { kind: 'bearer' };

export interface RegistrySettings {
  /** The Confluent-compatible base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7 for Apicurio. */
  url: string;
  auth: RegistryAuth;
  /** A CA for an https registry with a private CA (PEM file). */
  ca?: string;
}

export interface ConnectionTimeouts {
  /** TCP + TLS handshake to one broker. */
  connectionMs?: number;
  /** One request (or SASL authentication) to a broker. */
  requestMs?: number;
  /** One HTTP call to the registry or the token endpoint. */
  httpMs?: number;
}

export interface ConnectionProfile {
  /** Unique among the user's connections; also the prefix of its secret keys. */
  name: string;
  /** host:port pairs. */
  bootstrapServers: string[];
  security: SecuritySettings;
  registry?: RegistrySettings;
  clientId?: string;
  timeouts?: ConnectionTimeouts;
}

export const DEFAULT_TIMEOUTS: Required<ConnectionTimeouts> = { connectionMs: 5_000, requestMs: 15_000, httpMs: 10_000 };

/** The secrets a profile can reference. None of them is ever part of the profile itself. */
export type SecretName = 'sasl-password' | 'oauth-client-secret' | 'tls-key-passphrase' | 'registry-password' | 'registry-token';

export const SECRET_NAMES: readonly SecretName[] = [
  'sasl-password',
  'oauth-client-secret',
  'tls-key-passphrase',
  'registry-password',
  'registry-token',
];

/** The SecretStorage key of one secret of one connection. */
export function secretKey(profileName: string, secret: SecretName): string {
  return `datamesh.connection.${profileName}.${secret}`;
}

/** The secrets this profile needs to connect (the TLS key passphrase is optional, so it is not listed). */
export function requiredSecrets(profile: ConnectionProfile): SecretName[] {
  const needed: SecretName[] = [];
  const protocol = profile.security.protocol;
  if (protocol === 'sasl-plain' || protocol === 'sasl-scram-256' || protocol === 'sasl-scram-512') needed.push('sasl-password');
  if (protocol === 'oauthbearer') needed.push('oauth-client-secret');
  if (profile.registry?.auth.kind === 'basic') needed.push('registry-password');
  if (profile.registry?.auth.kind === 'bearer') needed.push('registry-token');
  return needed;
}

export function usesSasl(protocol: SecurityProtocol): boolean {
  return protocol !== 'plaintext';
}

/** `host:port,host:port` into a list; blanks dropped. */
export function parseBootstrap(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** What is wrong with a profile, as sentences a user can act on; empty when it is usable. */
export function validateProfile(profile: ConnectionProfile): string[] {
  const problems: string[] = [];
  if (!profile.name.trim()) problems.push('The connection needs a name.');
  if (profile.bootstrapServers.length === 0) problems.push('The connection needs at least one bootstrap server (host:port).');
  for (const server of profile.bootstrapServers) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/]+):\d{1,5}$/.test(server)) problems.push(`Bootstrap server "${server}" is not host:port.`);
  }
  const { protocol, username, oauth } = profile.security;
  if (!SECURITY_PROTOCOLS.includes(protocol))
    problems.push(`Unknown security protocol "${String(protocol)}" (${SECURITY_PROTOCOLS.join(', ')}).`);
  if ((protocol === 'sasl-plain' || protocol === 'sasl-scram-256' || protocol === 'sasl-scram-512') && !username) {
    problems.push(`${protocol} needs a user name.`);
  }
  if (protocol === 'oauthbearer') {
    if (!oauth?.tokenUrl) problems.push('OAUTHBEARER needs the token endpoint URL.');
    else if (!isHttpUrl(oauth.tokenUrl)) problems.push(`The token endpoint "${oauth.tokenUrl}" is not an http(s) URL.`);
    if (!oauth?.clientId) problems.push('OAUTHBEARER needs a client id.');
  }
  const tls = profile.security.tls;
  if (tls && (tls.cert === undefined) !== (tls.key === undefined))
    problems.push('A TLS client certificate needs both the certificate and the key file.');
  if (profile.registry) {
    if (!isHttpUrl(profile.registry.url)) problems.push(`The registry URL "${profile.registry.url}" is not an http(s) URL.`);
    if (profile.registry.auth.kind === 'basic' && !profile.registry.auth.username) problems.push('Registry basic auth needs a user name.');
  }
  return problems;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Property names that hold secrets: settings must never carry them, so they are dropped on read. */
const SECRET_NAME = /pass(word|phrase)?|secret|^token$|credential|api[-_]?key/i;

/**
 * A profile from a settings.json entry, dropping anything that looks like a secret (a user who typed a
 * password into settings gets a problem reported, and the password is not used, so it can be moved
 * to SecretStorage). Returns the profile and the problems found.
 */
export function profileFromSettings(raw: unknown): { profile?: ConnectionProfile; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(raw)) return { problems: ['A connection must be an object.'] };
  for (const path of secretLookingPaths(raw)) {
    problems.push(`"${path}" looks like a secret; secrets belong in the editor's secret storage, not in settings.json. It was ignored.`);
  }
  const name = typeof raw.name === 'string' ? raw.name : '';
  const bootstrap = Array.isArray(raw.bootstrapServers)
    ? raw.bootstrapServers.filter((server): server is string => typeof server === 'string')
    : typeof raw.bootstrapServers === 'string'
      ? parseBootstrap(raw.bootstrapServers)
      : [];
  const rawSecurity = isObject(raw.security) ? raw.security : {};
  const protocol = (typeof rawSecurity.protocol === 'string' ? rawSecurity.protocol : 'plaintext') as SecurityProtocol;
  const security: SecuritySettings = { protocol };
  if (typeof rawSecurity.username === 'string') security.username = rawSecurity.username;
  if (isObject(rawSecurity.oauth)) {
    security.oauth = {
      tokenUrl: stringOr(rawSecurity.oauth.tokenUrl, ''),
      clientId: stringOr(rawSecurity.oauth.clientId, ''),
      ...(typeof rawSecurity.oauth.scope === 'string' ? { scope: rawSecurity.oauth.scope } : {}),
    };
  }
  if (rawSecurity.tls === true) security.tls = {};
  else if (isObject(rawSecurity.tls)) {
    const tls = rawSecurity.tls;
    security.tls = {};
    if (typeof tls.ca === 'string') security.tls.ca = tls.ca;
    if (typeof tls.cert === 'string') security.tls.cert = tls.cert;
    // `keyFile` is what profileToSettings writes; a hand-written `key` path is accepted too.
    const keyPath = typeof tls.keyFile === 'string' ? tls.keyFile : typeof tls.key === 'string' ? tls.key : undefined;
    if (keyPath !== undefined && !looksLikePem(keyPath)) security.tls.key = keyPath;
    if (typeof tls.rejectUnauthorized === 'boolean') security.tls.rejectUnauthorized = tls.rejectUnauthorized;
    if (typeof tls.skipHostnameVerification === 'boolean') security.tls.skipHostnameVerification = tls.skipHostnameVerification;
  }
  const profile: ConnectionProfile = { name, bootstrapServers: bootstrap, security };
  if (isObject(raw.registry) && typeof raw.registry.url === 'string') {
    const rawAuth = isObject(raw.registry.auth) ? raw.registry.auth : {};
    let auth: RegistryAuth = { kind: 'none' };
    if (rawAuth.kind === 'basic') auth = { kind: 'basic', username: stringOr(rawAuth.username, '') };
    if (rawAuth.kind === 'bearer') auth = { kind: 'bearer' };
    profile.registry = { url: raw.registry.url, auth, ...(typeof raw.registry.ca === 'string' ? { ca: raw.registry.ca } : {}) };
  }
  if (typeof raw.clientId === 'string') profile.clientId = raw.clientId;
  problems.push(...validateProfile(profile));
  return { profile, problems };
}

/**
 * The settings.json form of a profile (it holds no secrets by construction). The TLS key path is
 * written as `keyFile`, so that nobody mistakes the field for a place to paste the key.
 */
export function profileToSettings(profile: ConnectionProfile): Record<string, unknown> {
  const { tls, ...security } = profile.security;
  const settings: Record<string, unknown> = { name: profile.name, bootstrapServers: profile.bootstrapServers, security: { ...security } };
  if (tls) {
    const { key, ...rest } = tls;
    (settings.security as Record<string, unknown>).tls = { ...rest, ...(key !== undefined ? { keyFile: key } : {}) };
  }
  if (profile.registry) settings.registry = profile.registry;
  if (profile.clientId) settings.clientId = profile.clientId;
  return settings;
}

/** A pasted key or certificate rather than a file path. */
function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN');
}

function secretLookingPaths(value: Record<string, unknown>, prefix = ''): string[] {
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'string' && (SECRET_NAME.test(key) || /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(child))) found.push(path);
    else if (isObject(child)) found.push(...secretLookingPaths(child, path));
  }
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
