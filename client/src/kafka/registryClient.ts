/**
 * A thin typed client for the Confluent-compatible Schema Registry API (Confluent, Apicurio's ccompat
 * v7). It is plain HTTP rather than @kafkajs/confluent-schema-registry because that library hides the
 * HTTP status (needed for specific errors), retries on its own and cannot list versions; the library
 * still does the Avro wire format, through `createSerdeRegistry`.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { SchemaRegistryAPIClientArgs } from '@kafkajs/confluent-schema-registry/dist/api';
import { DEFAULT_TIMEOUTS, secretKey, type ConnectionProfile, type RegistrySettings } from './connectionProfile';
import { RegistryHttpError, RegistryRequestError } from './connectionErrors';
import type { SecretStore } from './secretStore';
import { OperationTimeoutError } from './withTimeout';

export type Compatibility = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface SubjectVersion {
  subject: string;
  id: number;
  version: number;
  /** The schema text as registered. */
  schema: string;
  schemaType: SchemaType;
  references?: SchemaReference[];
}

export interface SchemaToRegister {
  schema: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

export interface CompatibilityResult {
  compatible: boolean;
  /** The registry's explanations, when it gives them (verbose=true). */
  messages: string[];
}

/** The resolved credentials of a registry: one of these, never both. */
export type RegistryCredentials =
  { kind: 'none' } | { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface RegistryClientOptions {
  url: string;
  credentials?: RegistryCredentials;
  /** Per request, including reading the body. */
  timeoutMs?: number;
  /** PEM CA text for an https registry with a private CA. */
  ca?: string;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export class RegistryClient {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: RegistryClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUTS.httpMs;
  }

  get url(): string {
    return this.base;
  }

  async subjects(): Promise<string[]> {
    return this.call<string[]>('GET', '/subjects');
  }

  async versions(subject: string): Promise<number[]> {
    return this.call<number[]>('GET', `/subjects/${enc(subject)}/versions`);
  }

  async version(subject: string, version: number | 'latest'): Promise<SubjectVersion> {
    const answer = await this.call<Partial<SubjectVersion>>('GET', `/subjects/${enc(subject)}/versions/${version}`);
    return {
      subject: answer.subject ?? subject,
      id: Number(answer.id),
      version: Number(answer.version),
      schema: String(answer.schema ?? ''),
      schemaType: answer.schemaType ?? 'AVRO',
      ...(answer.references?.length ? { references: answer.references } : {}),
    };
  }

  async schemaById(id: number): Promise<{ schema: string; schemaType: SchemaType }> {
    const answer = await this.call<{ schema: string; schemaType?: SchemaType }>('GET', `/schemas/ids/${id}`);
    return { schema: answer.schema, schemaType: answer.schemaType ?? 'AVRO' };
  }

  /** The subjects and versions under which a schema id is registered. */
  async subjectVersionsOfId(id: number): Promise<{ subject: string; version: number }[]> {
    const answer = await this.call<{ subject: string; version: number }[]>('GET', `/schemas/ids/${id}/versions`);
    return (answer ?? []).map((entry) => ({ subject: String(entry.subject), version: Number(entry.version) }));
  }

  /** The global compatibility level. */
  async globalCompatibility(): Promise<Compatibility> {
    const answer = await this.call<{ compatibilityLevel?: Compatibility; compatibility?: Compatibility }>('GET', '/config');
    return (answer.compatibilityLevel ?? answer.compatibility ?? 'BACKWARD') as Compatibility;
  }

  /** The subject's own compatibility level, or undefined when it follows the global one. */
  async subjectCompatibility(subject: string): Promise<Compatibility | undefined> {
    try {
      const answer = await this.call<{ compatibilityLevel?: Compatibility; compatibility?: Compatibility }>(
        'GET',
        `/config/${enc(subject)}`,
      );
      return answer.compatibilityLevel ?? answer.compatibility;
    } catch (error) {
      // Confluent answers 40408 (or 40401 for an unknown subject) when the subject has no level of its own.
      if (error instanceof RegistryHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  async setSubjectCompatibility(subject: string, compatibility: Compatibility): Promise<Compatibility> {
    const answer = await this.call<{ compatibility?: Compatibility; compatibilityLevel?: Compatibility }>(
      'PUT',
      `/config/${enc(subject)}`,
      { compatibility },
    );
    return answer.compatibility ?? answer.compatibilityLevel ?? compatibility;
  }

  /** Registers (or finds, when the same schema is already there) a schema; returns its global id. */
  async register(subject: string, schema: SchemaToRegister): Promise<{ id: number }> {
    const answer = await this.call<{ id: number }>('POST', `/subjects/${enc(subject)}/versions`, bodyOf(schema));
    return { id: Number(answer.id) };
  }

  /** The version under which this exact schema is registered, or undefined. */
  async lookup(subject: string, schema: SchemaToRegister): Promise<SubjectVersion | undefined> {
    try {
      const answer = await this.call<SubjectVersion>('POST', `/subjects/${enc(subject)}`, bodyOf(schema));
      return { ...answer, schemaType: answer.schemaType ?? 'AVRO' };
    } catch (error) {
      if (error instanceof RegistryHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Would the registry accept `schema` as the next version of `subject`? A subject that does not exist accepts anything. */
  async checkCompatibility(subject: string, schema: SchemaToRegister, version: number | 'latest' = 'latest'): Promise<CompatibilityResult> {
    try {
      const answer = await this.call<{ is_compatible: boolean; messages?: unknown[] }>(
        'POST',
        `/compatibility/subjects/${enc(subject)}/versions/${version}?verbose=true`,
        bodyOf(schema),
      );
      return { compatible: answer.is_compatible === true, messages: (answer.messages ?? []).map((message) => String(message)) };
    } catch (error) {
      if (error instanceof RegistryHttpError && error.status === 404 && (error.errorCode === 40401 || error.errorCode === 40402)) {
        return { compatible: true, messages: [] };
      }
      throw error;
    }
  }

  /** Soft-deletes a subject (and with `permanent`, hard-deletes it); returns the deleted versions. */
  async deleteSubject(subject: string, permanent = false): Promise<number[]> {
    const versions = await this.call<number[]>('DELETE', `/subjects/${enc(subject)}`);
    if (permanent) await this.call<number[]>('DELETE', `/subjects/${enc(subject)}?permanent=true`);
    return versions;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.base}${path}`;
    const headers: Record<string, string> = { accept: `${CONTENT_TYPE}, application/json` };
    const credentials = this.options.credentials ?? { kind: 'none' };
    if (credentials.kind === 'basic')
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    if (credentials.kind === 'bearer') headers.authorization = `Bearer ${credentials.token}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = CONTENT_TYPE;

    let status: number;
    let text: string;
    try {
      ({ status, text } = await send(method, url, headers, payload, this.timeoutMs, this.options.ca));
    } catch (error) {
      throw new RegistryRequestError(url, error);
    }
    if (status < 200 || status >= 300) {
      let errorCode: number | undefined;
      let detail = text.slice(0, 300);
      try {
        const json = JSON.parse(text) as { error_code?: unknown; message?: unknown };
        if (typeof json.error_code === 'number') errorCode = json.error_code;
        if (typeof json.message === 'string') detail = json.message;
      } catch {
        // Not JSON (a proxy's HTML page, say): keep the start of the text.
      }
      throw new RegistryHttpError(status, url, errorCode, detail);
    }
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new RegistryHttpError(status, url, undefined, 'the answer is not JSON');
    }
  }
}

function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  payload: string | undefined,
  timeoutMs: number,
  ca: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, { method, headers, ...(ca ? { ca } : {}) });
    // One deadline for connect, headers and body: a server that accepts and never answers is an error in bounded time.
    const timer = setTimeout(
      () => request.destroy(new OperationTimeoutError(`schema registry ${method}`, timeoutMs, `schema registry ${url}`)),
      timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.end(payload);
  });
}

function enc(subject: string): string {
  return encodeURIComponent(subject);
}

function bodyOf(schema: SchemaToRegister): Record<string, unknown> {
  return {
    schema: schema.schema,
    ...(schema.schemaType && schema.schemaType !== 'AVRO' ? { schemaType: schema.schemaType } : {}),
    ...(schema.references?.length ? { references: schema.references } : {}),
  };
}

/** The registry credentials of a profile, read from the secret store. */
export async function registryCredentials(
  profileName: string,
  settings: RegistrySettings,
  secrets: SecretStore,
): Promise<RegistryCredentials> {
  const auth = settings.auth;
  if (auth.kind === 'basic') {
    const password = await secrets.get(secretKey(profileName, 'registry-password'));
    if (password === undefined)
      throw new Error(`Connection "${profileName}": the registry password is not in the secret store; enter it again for this connection.`);
    return { kind: 'basic', username: auth.username, password };
  }
  if (auth.kind === 'bearer') {
    const token = await secrets.get(secretKey(profileName, 'registry-token'));
    if (token === undefined)
      throw new Error(`Connection "${profileName}": the registry token is not in the secret store; enter it again for this connection.`);
    return { kind: 'bearer', token };
  }
  return { kind: 'none' };
}

/** A RegistryClient for a profile's registry, or undefined when the profile has none. */
export async function createRegistryClient(profile: ConnectionProfile, secrets: SecretStore): Promise<RegistryClient | undefined> {
  const settings = profile.registry;
  if (!settings) return undefined;
  return new RegistryClient({
    url: settings.url,
    credentials: await registryCredentials(profile.name, settings, secrets),
    timeoutMs: profile.timeouts?.httpMs ?? DEFAULT_TIMEOUTS.httpMs,
    ...(settings.ca ? { ca: readFileSync(settings.ca, 'utf8') } : {}),
  });
}

type Middleware = NonNullable<SchemaRegistryAPIClientArgs['middlewares']>[number];

/**
 * @kafkajs/confluent-schema-registry for the Confluent wire format (magic byte, schema id, Avro body)
 * with the same credentials and a per-request timeout. Use RegistryClient for everything else.
 */
export function createSerdeRegistry(
  url: string,
  credentials: RegistryCredentials,
  timeoutMs: number = DEFAULT_TIMEOUTS.httpMs,
): SchemaRegistry {
  const middlewares: Middleware[] = [
    (() => ({ prepareRequest: (next) => next().then((request) => request.enhance({ timeout: timeoutMs })) })) as Middleware,
  ];
  if (credentials.kind === 'bearer') {
    middlewares.push((() => ({
      prepareRequest: (next) => next().then((request) => request.enhance({ headers: { authorization: `Bearer ${credentials.token}` } })),
    })) as Middleware);
  }
  return new SchemaRegistry({
    host: url,
    ...(credentials.kind === 'basic' ? { auth: { username: credentials.username, password: credentials.password } } : {}),
    retry: { retries: 1 },
    middlewares,
  });
}
