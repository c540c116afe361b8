// Downloads Kafka and Apicurio Registry from Maven Central once, with Maven, into the tools folder.
// Each artifact is built in a staging folder and renamed into place with a marker file, so an interrupted
// download never looks finished and a second run takes everything from the cache without running Maven.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMaven, PrerequisiteError, type StackEnv } from './stackPrerequisites';

export const KAFKA_VERSION = '4.1.1';
export const APICURIO_VERSION = '3.3.3';
/** The slf4j 1.x binding for log4j 2: Kafka 4.1 logs through slf4j-api 1.7 and has no binding of its own. */
export const LOG4J_VERSION = '2.24.3';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const MARKER = '.datamesh-installed';
const KAFKA_LIBS_MARKER = '.complete';

export type ArtifactSource = 'cached' | 'downloaded';

export interface StackArtifacts {
  toolsDir: string;
  /** Folder of Kafka's jars, for `-cp 'libs/*'`. */
  kafkaLibs: string;
  /** Apicurio's Quarkus launcher. */
  registryJar: string;
  kafka: ArtifactSource;
  registry: ArtifactSource;
}

export interface ArtifactOptions {
  env?: StackEnv;
  /** JAVA_HOME for Maven, when `java` is not on PATH. */
  javaHome?: string;
}

type Log = (line: string) => void;

function kafkaDir(toolsDir: string): string {
  return join(toolsDir, `kafka-${KAFKA_VERSION}`);
}

function registryDir(toolsDir: string): string {
  return join(toolsDir, `apicurio-registry-${APICURIO_VERSION}`);
}

/** The cached artifacts, or undefined when one of them still has to be downloaded. */
export function cachedArtifacts(toolsDir: string): Omit<StackArtifacts, 'kafka' | 'registry'> | undefined {
  const kafka = kafkaDir(toolsDir);
  const registry = registryDir(toolsDir);
  if (!kafkaComplete(kafka) || !existsSync(join(registry, MARKER))) return undefined;
  return { toolsDir, kafkaLibs: join(kafka, 'libs'), registryJar: join(registry, 'app', 'quarkus-run.jar') };
}

/** Takes both artifacts from the cache, downloading what is missing (Maven is needed only then). */
export async function ensureArtifacts(toolsDir: string, log: Log, options: ArtifactOptions = {}): Promise<StackArtifacts> {
  const env = options.env ?? process.env;
  mkdirSync(toolsDir, { recursive: true });
  let mvn: string | undefined;
  const maven = () => (mvn ??= findMaven(env));

  const kafka = await ensureOne(
    kafkaDir(toolsDir),
    `Kafka ${KAFKA_VERSION}`,
    log,
    async (stage) => {
      writeFileSync(join(stage, 'pom.xml'), kafkaPom());
      await runMaven(
        maven(),
        [`${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${join(stage, 'libs')}`],
        stage,
        env,
        options.javaHome,
      );
      if (!readdirSync(join(stage, 'libs')).some((name) => name.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) {
        throw new Error(`Maven finished but ${join(stage, 'libs')} holds no kafka_2.13-${KAFKA_VERSION}.jar`);
      }
      writeFileSync(join(stage, 'libs', KAFKA_LIBS_MARKER), '');
    },
    kafkaComplete,
  );

  const registry = await ensureOne(registryDir(toolsDir), `Apicurio Registry ${APICURIO_VERSION}`, log, async (stage) => {
    const download = join(stage, 'download');
    await runMaven(
      maven(),
      [
        `${DEPENDENCY_PLUGIN}:copy`,
        `-Dartifact=io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`,
        `-DoutputDirectory=${download}`,
      ],
      stage,
      env,
      options.javaHome,
    );
    const archive = join(download, `apicurio-registry-app-${APICURIO_VERSION}-all.tar.gz`);
    mkdirSync(join(stage, 'app'));
    await run('tar', ['-xzf', archive, '-C', join(stage, 'app')], stage, env);
    // Maven's local repository keeps the archive; one more copy here would only cost 160 MB.
    rmSync(download, { recursive: true, force: true });
    if (!existsSync(join(stage, 'app', 'quarkus-run.jar'))) throw new Error(`the Apicurio archive holds no quarkus-run.jar`);
  });

  const cached = cachedArtifacts(toolsDir);
  if (!cached) throw new Error(`the artifacts are not complete in ${toolsDir}`);
  return { ...cached, kafka, registry };
}

/**
 * The test support's own broker (test/integration/support/secureBroker.ts) caches the same jars in the same
 * folder and marks them with `libs/.complete`; either marker will do, and we write both.
 */
function kafkaComplete(dir: string): boolean {
  return existsSync(join(dir, MARKER)) || existsSync(join(dir, 'libs', KAFKA_LIBS_MARKER));
}

async function ensureOne(
  dest: string,
  label: string,
  log: Log,
  build: (stage: string) => Promise<void>,
  complete = (dir: string) => existsSync(join(dir, MARKER)),
): Promise<ArtifactSource> {
  if (complete(dest)) {
    log(`${label}: cached in ${dest}`);
    return 'cached';
  }
  log(`${label}: downloading from Maven Central (once) into ${dest}`);
  const started = Date.now();
  // A staging folder per process: concurrent first runs each build their own, and the first rename wins.
  const stage = `${dest}.staging-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  try {
    await build(stage);
    writeFileSync(join(stage, MARKER), `${label} ${new Date().toISOString()}\n`);
    if (!existsSync(dest)) {
      try {
        renameSync(stage, dest);
      } catch (error) {
        if (!complete(dest)) throw error; // else a concurrent run finished first
      }
    } else if (!complete(dest)) {
      // An unfinished folder (an interrupted run, or another tool's download in progress beside ours):
      // replace our entries one by one, the marker last, and leave anything else in it alone.
      const entries = readdirSync(stage).sort((a, b) => Number(a === MARKER) - Number(b === MARKER));
      for (const entry of entries) {
        rmSync(join(dest, entry), { recursive: true, force: true });
        renameSync(join(stage, entry), join(dest, entry));
      }
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  log(`${label}: downloaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'downloaded';
}

function kafkaPom(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by Kafka Data Mesh: the jars of a single-node Kafka broker, fetched with maven-dependency-plugin. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kafka-data-mesh.local-stack</groupId>
  <artifactId>kafka-libs</artifactId>
  <version>${KAFKA_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
`;
}

function runMaven(mvn: string, goals: string[], cwd: string, env: StackEnv, javaHome: string | undefined): Promise<void> {
  // -q keeps the output to errors; style.color=never keeps ANSI codes out of error messages.
  const args = ['-B', '-q', '-Dstyle.color=never', ...goals];
  const mavenEnv = { ...env, ...(env.JAVA_HOME || !javaHome ? {} : { JAVA_HOME: javaHome }) };
  return run(mvn, args, cwd, mavenEnv).catch((error: unknown) => {
    if (error instanceof PrerequisiteError) throw error;
    throw new Error(
      `Maven could not download the local stack's artifacts (is Maven Central reachable?): ${error instanceof Error ? error.message : String(error)}`,
    );
  });
}

function run(command: string, args: string[], cwd: string, env: StackEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`\`${command} ${args.join(' ')}\` exited with ${code}:\n${output.trim()}`));
    });
  });
}
