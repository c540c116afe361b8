import { secretKey, type ConnectionProfile, type SecretName } from './connectionProfile';

/**
 * Where passwords, tokens and keys come from. The editor backs it with VS Code's SecretStorage; the
 * command line with its flags and environment. Nothing else in the kafka layer sees where they live.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** For the command line and tests: secrets held in memory for one run. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  constructor(initial: Iterable<[string, string]> = []) {
    for (const [key, value] of initial) this.values.set(key, value);
  }

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

/**
 * The shape of vscode.SecretStorage, so this module needs no `vscode` import and the CLI bundle can
 * include it; `context.secrets` fits as is.
 */
export interface SecretStorageLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export function fromSecretStorage(storage: SecretStorageLike): SecretStore {
  return {
    get: async (key) => storage.get(key),
    store: async (key, value) => storage.store(key, value),
    delete: async (key) => storage.delete(key),
  };
}

/** One secret of one profile. */
export function profileSecret(secrets: SecretStore, profile: ConnectionProfile, name: SecretName): Promise<string | undefined> {
  return secrets.get(secretKey(profile.name, name));
}

/** Removes every secret of a profile, when the user deletes the connection. */
export async function deleteProfileSecrets(secrets: SecretStore, profileName: string, names: readonly SecretName[]): Promise<void> {
  for (const name of names) await secrets.delete(secretKey(profileName, name));
}
