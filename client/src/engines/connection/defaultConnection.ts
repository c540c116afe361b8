// Where a `datamesh` command connects (product spec §5): --bootstrap/--registry flags, then DATAMESH_BOOTSTRAP /
// DATAMESH_REGISTRY, and with none of them the running local stack (`datamesh stack up`).
// An explicit setting never falls back to the local stack for the other half: a remote broker paired with a
// local registry would register schemas where the broker's consumers cannot find them.
import { LocalStack } from '../stack/localStack';
import { defaultCliStackDir, defaultToolsDir } from '../stack/stackPaths';

export interface ConnectionOptions {
  /** `HOST:PORT[,HOST:PORT...]` */
  bootstrap?: string;
  /** The Confluent-compatible base URL, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`. */
  registry?: string;
  /** The local stack's state folder; default DATAMESH_STACK_DIR or the CLI cache folder. The editor passes its own. */
  stackDir?: string;
}

export type ConnectionSource = 'flags' | 'env' | 'local-stack';

export interface ResolvedConnection {
  bootstrap: string;
  registry: string;
  source: ConnectionSource;
}

export type ConnectionResult = ResolvedConnection | { error: string };

type Env = Readonly<Record<string, string | undefined>>;

export async function resolveConnection(options: ConnectionOptions, env: Env = process.env): Promise<ConnectionResult> {
  const flagBootstrap = nonEmpty(options.bootstrap);
  const flagRegistry = nonEmpty(options.registry);
  const bootstrap = flagBootstrap ?? nonEmpty(env.DATAMESH_BOOTSTRAP);
  const registry = flagRegistry ?? nonEmpty(env.DATAMESH_REGISTRY);

  if (bootstrap !== undefined || registry !== undefined) {
    if (bootstrap === undefined) {
      return { error: 'A schema registry was given but no Kafka bootstrap servers: pass --bootstrap HOST:PORT or set DATAMESH_BOOTSTRAP.' };
    }
    if (registry === undefined) {
      return { error: 'Kafka bootstrap servers were given but no schema registry: pass --registry URL or set DATAMESH_REGISTRY.' };
    }
    const invalid = checkBootstrap(bootstrap) ?? checkRegistry(registry);
    if (invalid) return { error: invalid };
    return {
      bootstrap,
      registry: registry.replace(/\/+$/, ''),
      source: flagBootstrap !== undefined || flagRegistry !== undefined ? 'flags' : 'env',
    };
  }

  const stackDir = options.stackDir ?? defaultCliStackDir(env);
  const status = await new LocalStack(stackDir, defaultToolsDir(env)).status();
  if (status.running && status.bootstrap && status.registry) {
    return { bootstrap: status.bootstrap, registry: status.registry, source: 'local-stack' };
  }
  return {
    error:
      'No Kafka connection: pass --bootstrap HOST:PORT and --registry URL, set DATAMESH_BOOTSTRAP and DATAMESH_REGISTRY, ' +
      'or start the local stack with `datamesh stack up`.',
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function checkBootstrap(bootstrap: string): string | undefined {
  for (const server of bootstrap.split(',').map((part) => part.trim())) {
    // host:port, [ipv6]:port
    const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(server);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      return `Invalid bootstrap server "${server}": expected HOST:PORT (several separated by commas).`;
    }
  }
  return undefined;
}

function checkRegistry(registry: string): string | undefined {
  let url: URL;
  try {
    url = new URL(registry);
  } catch {
    return `Invalid schema registry URL "${registry}": expected http(s)://HOST:PORT[/PATH].`;
  }
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? undefined
    : `Invalid schema registry URL "${registry}": only http and https are supported.`;
}
