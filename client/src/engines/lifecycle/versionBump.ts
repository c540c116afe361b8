/**
 * Bumping a manifest's version (the palette's Bump Version), as a text transformation through the `yaml`
 * Document API so that comments and layout stay. A major bump adds, for every output port whose topic the
 * naming pattern gives, a copy with the new major's topic, and keeps the old port (with a note in its
 * description, the one free-text field a port has) until the product's old version is retired.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import { DEFAULT_POLICY, expectedTopic } from '../../../../server/src/services/index';

export type BumpKind = 'patch' | 'minor' | 'major';

export interface AddedPort {
  name: string;
  topic: string;
  copiedFrom: string;
}

export interface VersionBump {
  text: string;
  from: string;
  to: string;
  /** Major bumps: the new ports, copied from the old ones with the new major's topic. */
  addedPorts: AddedPort[];
  /** Why a port got no copy (its topic does not follow the pattern, or the new name or topic is taken). */
  notes: string[];
}

/** The manifest cannot be bumped: no semver version, or YAML that does not parse. */
export class VersionBumpError extends Error {}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The next version: a pre-release or build suffix is dropped, the lower parts reset. */
export function nextVersion(version: string, kind: BumpKind): string {
  const match = SEMVER.exec(version);
  if (!match) throw new VersionBumpError(`the version ${JSON.stringify(version)} is not a semantic version (like 1.2.0)`);
  const [major, minor, patch] = match.slice(1, 4).map(Number);
  if (kind === 'major') return `${major + 1}.0.0`;
  if (kind === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

export function bumpManifestVersion(text: string, kind: BumpKind, topicPattern: string = DEFAULT_POLICY.topicPattern): VersionBump {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new VersionBumpError(`the manifest does not parse: ${document.errors[0].message}`);
  if (!isMap(document.contents)) throw new VersionBumpError('the manifest is not a YAML mapping');
  const versionNode = document.get('version', true);
  const from = isScalar(versionNode) ? String(versionNode.value) : '';
  if (!isScalar(versionNode)) throw new VersionBumpError('the manifest has no version');
  const to = nextVersion(from, kind);
  versionNode.value = to;

  const bump: VersionBump = { text: '', from, to, addedPorts: [], notes: [] };
  if (kind === 'major') addMajorPorts(document, from, to, topicPattern, bump);
  bump.text = document.toString();
  return bump;
}

function addMajorPorts(document: Document, from: string, to: string, pattern: string, bump: VersionBump): void {
  const ports = document.get('outputPorts', true);
  if (!isSeq(ports)) return;
  const facts = (version: string) => ({
    domain: stringAt(document.contents as YAMLMap, 'domain'),
    name: stringAt(document.contents as YAMLMap, 'name'),
    version,
  });
  const oldPorts = ports.items.filter((item): item is YAMLMap => isMap(item));
  const names = new Set(oldPorts.map((port) => stringAt(port, 'name')).filter((name): name is string => name !== undefined));
  const topics = new Set(oldPorts.map((port) => stringAt(port, 'topic')).filter((topic): topic is string => topic !== undefined));
  const newMajor = to.split('.')[0];
  for (const port of oldPorts) {
    const name = stringAt(port, 'name');
    const topic = stringAt(port, 'topic');
    if (name === undefined || topic === undefined) continue;
    const oldTopic = expectedTopic(pattern, facts(from), name);
    const newTopic = expectedTopic(pattern, facts(to), name);
    if (oldTopic !== topic || newTopic === undefined) {
      bump.notes.push(
        `Port ${name} keeps its topic ${topic}: it does not follow the pattern ${pattern}, so there is no new topic to propose.`,
      );
      continue;
    }
    const newName = `${name}-v${newMajor}`;
    if (names.has(newName) || topics.has(newTopic)) {
      bump.notes.push(
        `Port ${name}: ${names.has(newName) ? `a port named ${newName}` : `a port with the topic ${newTopic}`} exists already.`,
      );
      continue;
    }
    const copy = port.clone() as YAMLMap;
    copy.set('name', newName);
    copy.set('topic', newTopic);
    ports.items.push(copy);
    names.add(newName);
    topics.add(newTopic);
    const note = `Deprecated: replaced by port ${newName} (topic ${newTopic}) from version ${to}; kept until this version is retired.`;
    const description = stringAt(port, 'description');
    port.set('description', description ? `${description} ${note}` : note);
    bump.addedPorts.push({ name: newName, topic: newTopic, copiedFrom: name });
  }
}

function stringAt(map: YAMLMap, key: string): string | undefined {
  const value = map.get(key);
  return typeof value === 'string' ? value : undefined;
}
