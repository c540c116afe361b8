/**
 * The user's named connections: the non-secret profile in settings (`datamesh.connections`, an array,
 * and `datamesh.activeConnection`), passwords, tokens and passphrases in the SecretStore (VS Code's
 * SecretStorage). Nothing secret is ever written to settings: profiles go through profileToSettings,
 * and secrets are stored under secretKey(name, secret).
 */
import {
  profileFromSettings,
  profileToSettings,
  SECRET_NAMES,
  secretKey,
  validateProfile,
  type ConnectionProfile,
  type SecretName,
} from '../kafka/connectionProfile';
import { deleteProfileSecrets, type SecretStore } from '../kafka/secretStore';

/** The settings the store reads and writes, under the `datamesh` section (user settings). */
export interface SettingsAccess {
  get<T>(key: 'connections' | 'activeConnection'): T | undefined;
  update(key: 'connections' | 'activeConnection', value: unknown): PromiseLike<void>;
}

export interface StoredConnection {
  profile: ConnectionProfile;
  /** What is wrong with the settings entry (a secret typed into settings.json, a bad address); empty when usable. */
  problems: string[];
}

export type ConnectionSecrets = Partial<Record<SecretName, string>>;

export class ConnectionStore {
  constructor(
    private readonly settings: SettingsAccess,
    readonly secrets: SecretStore,
  ) {}

  /** Every connection with a name, in settings order (a later duplicate name is ignored). */
  list(): StoredConnection[] {
    const raw = this.settings.get<unknown>('connections');
    const entries = Array.isArray(raw) ? raw : [];
    const seen = new Set<string>();
    const connections: StoredConnection[] = [];
    for (const entry of entries) {
      const { profile, problems } = profileFromSettings(entry);
      if (!profile || !profile.name.trim() || seen.has(profile.name)) continue;
      seen.add(profile.name);
      connections.push({ profile, problems });
    }
    return connections;
  }

  get(name: string): StoredConnection | undefined {
    return this.list().find((connection) => connection.profile.name === name);
  }

  /** The chosen connection; when none is chosen and exactly one exists, that one. */
  active(): StoredConnection | undefined {
    const connections = this.list();
    const chosen = this.settings.get<string>('activeConnection');
    if (chosen) return connections.find((connection) => connection.profile.name === chosen);
    return connections.length === 1 ? connections[0] : undefined;
  }

  /**
   * Adds or replaces (by name) a connection. Secrets go to the SecretStore only; a secret given as
   * an empty string is deleted. Throws with the validation problems when the profile is not usable.
   */
  async save(profile: ConnectionProfile, secrets: ConnectionSecrets = {}): Promise<void> {
    const problems = validateProfile(profile);
    if (problems.length > 0) throw new Error(problems.join(' '));
    for (const [name, value] of Object.entries(secrets) as [SecretName, string | undefined][]) {
      if (value === undefined) continue;
      if (value === '') await this.secrets.delete(secretKey(profile.name, name));
      else await this.secrets.store(secretKey(profile.name, name), value);
    }
    const raw = this.settings.get<unknown>('connections');
    const entries = Array.isArray(raw) ? [...(raw as unknown[])] : [];
    const index = entries.findIndex((entry) => isNamed(entry, profile.name));
    const written = profileToSettings(profile);
    if (index >= 0) entries[index] = written;
    else entries.push(written);
    await this.settings.update('connections', entries);
  }

  /** Removes the connection and all of its secrets; clears the active choice when it was this one. */
  async remove(name: string): Promise<boolean> {
    const raw = this.settings.get<unknown>('connections');
    const entries = Array.isArray(raw) ? (raw as unknown[]) : [];
    const kept = entries.filter((entry) => !isNamed(entry, name));
    await deleteProfileSecrets(this.secrets, name, SECRET_NAMES);
    if (kept.length === entries.length) return false;
    await this.settings.update('connections', kept);
    if (this.settings.get<string>('activeConnection') === name) await this.settings.update('activeConnection', undefined);
    return true;
  }

  async setActive(name: string | undefined): Promise<void> {
    if (name !== undefined && !this.get(name)) throw new Error(`There is no connection named "${name}".`);
    await this.settings.update('activeConnection', name);
  }
}

function isNamed(entry: unknown, name: string): boolean {
  return typeof entry === 'object' && entry !== null && (entry as { name?: unknown }).name === name;
}
