import { readCatalog, type CatalogProduct, type CatalogSnapshot } from '../engines/catalog/catalogEngine';
import { DEFAULT_CATALOG_TOPIC } from '../engines/catalog/catalogNames';
import { resolveConnection } from '../engines/connection/defaultConnection';
import { describeForCommandLine } from './connectionRemedy';
import {
  parseBootstrap,
  secretKey,
  validateProfile,
  type ConnectionProfile,
  type SecretName,
  type SecurityProtocol,
} from '../kafka/connectionProfile';
import { closeKafka, type ConnectionLogger } from '../kafka/kafkaClientFactory';
import { MemorySecretStore } from '../kafka/secretStore';
import { parseArguments, UsageError, type ParsedArguments } from './arguments';
import type { CliCommand } from './cliCommand';
import type { CommandOutput } from './commandOutput';
import { openCommandClients } from './commandClients';

export const CATALOG_USAGE = 'datamesh catalog [--format text|json] [--catalog-topic TOPIC] [connection options]';

export const CONNECTION_USAGE = `Connection options (every command that talks to Kafka):
  --bootstrap HOST:PORT,...      or DATAMESH_BOOTSTRAP; with neither, the running local stack (datamesh stack up)
  --registry URL                 or DATAMESH_REGISTRY
  --sasl-mechanism plain|scram-sha-256|scram-sha-512|oauthbearer     or DATAMESH_SASL_MECHANISM
  --username USER                or DATAMESH_SASL_USERNAME
  --password PASSWORD            or DATAMESH_SASL_PASSWORD (prefer the variable: flags show in ps)
  --oauth-token-url URL --oauth-client-id ID --oauth-client-secret SECRET
                                 or DATAMESH_OAUTH_TOKEN_URL, DATAMESH_OAUTH_CLIENT_ID, DATAMESH_OAUTH_CLIENT_SECRET; --oauth-scope SCOPE
  --tls                          TLS to the brokers (implied by the --tls-* options)
  --tls-ca FILE --tls-cert FILE --tls-key FILE     PEM files (or DATAMESH_TLS_CA, DATAMESH_TLS_CERT, DATAMESH_TLS_KEY)
  --tls-insecure-skip-hostname-verification        accept a certificate for another host name (warns)
  --timeout SECONDS              bound on the whole operation (default 30)`;

export const CATALOG_COMMAND: CliCommand = {
  synopsis: CATALOG_USAGE,
  help: `Usage: ${CATALOG_USAGE}

Lists the products published in the mesh catalog (a compacted topic), the latest record of each.
  --catalog-topic TOPIC  default _datamesh.products, or DATAMESH_CATALOG_TOPIC
  --format json          {"products":[...],"problems":[...]}; a record that is not a catalog value is a problem, not fatal
Exit 0 (also for an empty mesh), 1 the catalog cannot be read (the reason on standard error), 2 a usage error.

${CONNECTION_USAGE}`,
  run: (argv, out) => runCatalog(argv, out),
};

/** Value options shared by the commands that connect to Kafka. */
export const CONNECTION_VALUE_OPTIONS = [
  'bootstrap',
  'registry',
  'sasl-mechanism',
  'username',
  'password',
  'oauth-token-url',
  'oauth-client-id',
  'oauth-client-secret',
  'oauth-scope',
  'tls-ca',
  'tls-cert',
  'tls-key',
  'timeout',
] as const;

export const CONNECTION_FLAG_OPTIONS = ['tls', 'tls-insecure-skip-hostname-verification'] as const;

type Env = Readonly<Record<string, string | undefined>>;

const MECHANISMS: Record<string, SecurityProtocol> = {
  plain: 'sasl-plain',
  'scram-sha-256': 'sasl-scram-256',
  'scram-sha-512': 'sasl-scram-512',
  oauthbearer: 'oauthbearer',
};

export interface CliConnection {
  profile: ConnectionProfile;
  secrets: MemorySecretStore;
  source: 'flags' | 'env' | 'local-stack';
  timeoutMs: number;
}

/**
 * The connection a command uses: bootstrap servers from --bootstrap, DATAMESH_BOOTSTRAP or the running
 * local stack (resolveConnection), security from flags and environment, secrets only in memory.
 * Returns an error sentence when there is nothing to connect to; throws UsageError for bad options.
 */
export async function connectionFromArguments(args: ParsedArguments, env: Env): Promise<CliConnection | { error: string }> {
  const option = (name: string, variable?: string): string | undefined => {
    const value = args.options.get(name) ?? (variable ? env[variable] : undefined);
    return value === undefined || value.trim() === '' ? undefined : value;
  };

  const timeoutSeconds = timeoutSecondsOf(args);

  // Kafka alone is enough for reading the catalog: an explicit broker does not need a registry here.
  let bootstrap = option('bootstrap', 'DATAMESH_BOOTSTRAP');
  let registry = option('registry', 'DATAMESH_REGISTRY');
  let source: CliConnection['source'] = args.options.has('bootstrap') ? 'flags' : 'env';
  if (bootstrap === undefined) {
    const resolved = await resolveConnection({ registry: args.options.get('registry') }, env);
    if ('error' in resolved) return { error: resolved.error };
    ({ bootstrap, registry, source } = resolved);
  }

  const secrets: [SecretName, string | undefined][] = [];
  const mechanismName = option('sasl-mechanism', 'DATAMESH_SASL_MECHANISM')?.toLowerCase();
  const protocol = mechanismName === undefined ? 'plaintext' : MECHANISMS[mechanismName];
  if (!protocol) throw new UsageError(`--sasl-mechanism must be one of ${Object.keys(MECHANISMS).join(', ')}, not ${mechanismName}`);

  const profile: ConnectionProfile = {
    name: 'cli',
    bootstrapServers: parseBootstrap(bootstrap),
    security: { protocol },
    timeouts: { httpMs: Math.min(10_000, timeoutSeconds * 1000) },
  };
  if (protocol === 'sasl-plain' || protocol === 'sasl-scram-256' || protocol === 'sasl-scram-512') {
    const username = option('username', 'DATAMESH_SASL_USERNAME');
    const password = option('password', 'DATAMESH_SASL_PASSWORD');
    if (!username) throw new UsageError(`--sasl-mechanism ${mechanismName} needs --username (or DATAMESH_SASL_USERNAME)`);
    if (password === undefined)
      throw new UsageError(`--sasl-mechanism ${mechanismName} needs a password: DATAMESH_SASL_PASSWORD or --password`);
    profile.security.username = username;
    secrets.push(['sasl-password', password]);
  } else if (args.options.has('username') || args.options.has('password')) {
    throw new UsageError('--username and --password go with --sasl-mechanism plain, scram-sha-256 or scram-sha-512');
  }
  if (protocol === 'oauthbearer') {
    const tokenUrl = option('oauth-token-url', 'DATAMESH_OAUTH_TOKEN_URL');
    const clientId = option('oauth-client-id', 'DATAMESH_OAUTH_CLIENT_ID');
    const clientSecret = option('oauth-client-secret', 'DATAMESH_OAUTH_CLIENT_SECRET');
    if (!tokenUrl || !clientId || clientSecret === undefined) {
      throw new UsageError(
        '--sasl-mechanism oauthbearer needs --oauth-token-url, --oauth-client-id and a client secret (DATAMESH_OAUTH_CLIENT_SECRET or --oauth-client-secret)',
      );
    }
    const scope = option('oauth-scope', 'DATAMESH_OAUTH_SCOPE');
    profile.security.oauth = { tokenUrl, clientId, ...(scope ? { scope } : {}) };
    secrets.push(['oauth-client-secret', clientSecret]);
  } else if (['oauth-token-url', 'oauth-client-id', 'oauth-client-secret'].some((name) => args.options.has(name))) {
    throw new UsageError('the --oauth-* options go with --sasl-mechanism oauthbearer');
  }

  const ca = option('tls-ca', 'DATAMESH_TLS_CA');
  const cert = option('tls-cert', 'DATAMESH_TLS_CERT');
  const key = option('tls-key', 'DATAMESH_TLS_KEY');
  const skipHostname = args.flags.has('tls-insecure-skip-hostname-verification');
  if (args.flags.has('tls') || ca || cert || key || skipHostname) {
    profile.security.tls = {
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      ...(skipHostname ? { skipHostnameVerification: true } : {}),
    };
  }
  if (registry) profile.registry = { url: registry, auth: { kind: 'none' } };

  const problems = validateProfile(profile);
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  const store = new MemorySecretStore(
    secrets
      .filter((entry): entry is [SecretName, string] => entry[1] !== undefined)
      .map(([name, value]) => [secretKey(profile.name, name), value]),
  );
  return { profile, secrets: store, source, timeoutMs: timeoutSeconds * 1000 };
}

/** --timeout in seconds (default 30); UsageError unless a positive number. */
export function timeoutSecondsOf(args: ParsedArguments): number {
  const timeoutText = args.options.get('timeout');
  const timeoutSeconds = timeoutText === undefined || timeoutText.trim() === '' ? 30 : Number(timeoutText);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new UsageError(`--timeout must be a positive number of seconds, not ${timeoutText}`);
  return timeoutSeconds;
}

/** Warnings of the client (TLS checks off) on stderr; kafkajs's own log only with DATAMESH_DEBUG=1. */
export function cliLogger(out: CommandOutput): ConnectionLogger {
  return { log: (level, message) => out.error(`datamesh: ${level === 'warn' ? 'warning: ' : ''}${message}`) };
}

/**
 * `datamesh catalog`: the published products. Exit 0 (also for an empty mesh; malformed records are
 * reported, not fatal), 1 when the catalog cannot be read (the specific reason on stderr), 2 on usage errors.
 */
export async function runCatalog(argv: string[], out: CommandOutput, env: Env = process.env): Promise<number> {
  const args = parseArguments(argv, ['format', 'catalog-topic', ...CONNECTION_VALUE_OPTIONS], CONNECTION_FLAG_OPTIONS);
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  if (args.positionals.length > 0) throw new UsageError(`catalog takes no arguments (got ${args.positionals.join(' ')})`);
  const topic = args.options.get('catalog-topic') ?? env.DATAMESH_CATALOG_TOPIC ?? DEFAULT_CATALOG_TOPIC;

  const clients = await openCommandClients('catalog', args, env, out);
  if (typeof clients === 'number') return clients;
  const { connection, kafka } = clients;

  let snapshot: CatalogSnapshot;
  try {
    snapshot = await readCatalog(kafka, { topic, timeoutMs: connection.timeoutMs });
  } catch (error) {
    out.error(
      `datamesh catalog: ${describeForCommandLine(error, { target: `bootstrap ${connection.profile.bootstrapServers.join(',')}` })}`,
    );
    return 1;
  } finally {
    // Nothing may keep the process alive once the answer is known (a hung broker's socket, retries).
    closeKafka(kafka);
  }

  if (format === 'json') {
    out.print(JSON.stringify({ products: snapshot.products.map(productJson), problems: snapshot.problems }, null, 2));
  } else {
    out.print(formatTable(snapshot));
    for (const problem of snapshot.problems)
      out.error(`datamesh catalog: warning: ${problem.message} (partition ${problem.partition}, offset ${problem.offset})`);
  }
  return 0;
}

function productJson(product: CatalogProduct): Record<string, unknown> {
  const manifest = product.manifest;
  return {
    id: product.id,
    name: manifest.name,
    domain: manifest.domain,
    version: manifest.version,
    status: product.status,
    owner: ownerOf(product),
    tier: manifest.tier,
    publishedAt: product.publishedAt,
    publishedBy: product.publishedBy,
    schemas: product.schemas,
    manifest,
  };
}

function ownerOf(product: CatalogProduct): string | undefined {
  const owner = product.manifest.owner;
  return typeof owner === 'object' && owner !== null && typeof (owner as Record<string, unknown>).team === 'string'
    ? ((owner as Record<string, unknown>).team as string)
    : undefined;
}

function formatTable(snapshot: CatalogSnapshot): string {
  if (!snapshot.exists) return `No products published yet: the catalog topic ${snapshot.topic} does not exist.`;
  if (snapshot.products.length === 0) return `No products published (catalog topic ${snapshot.topic}).`;
  const header = ['ID', 'STATUS', 'VERSION', 'OWNER', 'PUBLISHED AT'];
  const rows = snapshot.products.map((product) => [
    product.id,
    product.status,
    typeof product.manifest.version === 'string' ? product.manifest.version : '-',
    ownerOf(product) ?? '-',
    product.publishedAt,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  const count = snapshot.products.length;
  return [line(header), ...rows.map(line), '', `${count} product${count === 1 ? '' : 's'} (catalog topic ${snapshot.topic}).`].join('\n');
}
