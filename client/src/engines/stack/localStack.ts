// The embedded local stack: one KRaft Kafka broker and one Apicurio Registry, started as detached JVMs.
// `stack.json` in the state folder records exactly what `up` started (pids, ports), so `down` stops
// those processes and nothing else, `status` checks them, and a second `up` reuses them.
// This file orchestrates up, down and status; the broker's files are in brokerConfig.ts, the processes
// in stackProcesses.ts, and the port checks in portProbe.ts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROKER_LOG4J, brokerProperties, kafkaClusterId, type StackPorts } from './brokerConfig';
import { brokerAnswers, canConnect, freePorts, portIsFree, registryAnswers } from './portProbe';
import { APICURIO_VERSION, ensureArtifacts, KAFKA_VERSION, type ArtifactSource, type StackArtifacts } from './stackArtifacts';
import { StackError } from './stackError';
import { chooseJava, javaHomeOf, type JavaChoice, type JavaInstallation, type StackEnv } from './stackPrerequisites';
import { killGroup, logTail, pidAlive, processCarries, runToEnd, spawnDetached, stopProcessGroups } from './stackProcesses';

export { StackError } from './stackError';
export { logTail } from './stackProcesses';

export interface StackStatus {
  running: boolean;
  /** `127.0.0.1:PORT`, when running. */
  bootstrap?: string;
  /** `http://127.0.0.1:PORT/apis/ccompat/v7`, when running. */
  registry?: string;
}

export interface UpResult {
  running: true;
  bootstrap: string;
  registry: string;
  /** True when `up` found the stack already running and started nothing. */
  reused: boolean;
  /** Where the artifacts came from; undefined when the stack was reused. */
  artifacts?: { kafka: ArtifactSource; registry: ArtifactSource };
  state: StackState;
  elapsedMs: number;
}

export interface StackProcess {
  pid: number;
  java: string;
  log: string;
}

/** The content of `stack.json`. */
export interface StackState {
  version: 1;
  startedAt: string;
  kafkaVersion: string;
  registryVersion: string;
  broker: StackProcess & { port: number; controllerPort: number };
  registry: StackProcess & { port: number; managementPort: number };
}

export interface LocalStackOptions {
  env?: StackEnv;
  /** Folders with one JDK each, searched after JAVA_HOME and PATH (see stackPrerequisites). */
  jvmRoots?: readonly string[];
  /** Fixed ports; by default free ones (the previous run's when still free). */
  brokerPort?: number;
  registryPort?: number;
  /** How long each server may take to answer after it is started. */
  readyTimeoutMs?: number;
}

export type StackLog = (line: string) => void;

const HOST = '127.0.0.1';
const STATE_FILE = 'stack.json';
const LAST_PORTS_FILE = 'last-ports.json';
const LOCK_FILE = 'stack.lock';
const DEFAULT_READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 20_000;
/** Small JVMs that start fast: serial GC and C1 only are plenty for a development broker and registry. */
const JVM_OPTIONS = ['-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];

export function bootstrapAddress(state: StackState): string {
  return `${HOST}:${state.broker.port}`;
}

export function registryAddress(state: StackState): string {
  return `http://${HOST}:${state.registry.port}/apis/ccompat/v7`;
}

export class LocalStack {
  private readonly marker: string;

  constructor(
    readonly stateDir: string,
    readonly toolsDir: string,
    private readonly log: StackLog = () => undefined,
    private readonly options: LocalStackOptions = {},
  ) {
    // Every JVM we start carries this property, so a recycled pid is never taken for ours.
    this.marker = `-Ddatamesh.stack.dir=${stateDir}`;
  }

  /** The recorded state, whatever the processes' condition. */
  readState(): StackState | undefined {
    return readStateFile(this.stateDir);
  }

  /**
   * Starts the broker and the registry and resolves once both answer. Idempotent: a running stack is returned as is.
   * `signal` aborts the start; what was started is stopped again.
   */
  async up(signal?: AbortSignal): Promise<UpResult> {
    const started = Date.now();
    mkdirSync(this.stateDir, { recursive: true });
    const release = await this.lock(signal);
    try {
      const existing = this.readState();
      if (existing) {
        if (this.isOurs(existing.broker.pid) && this.isOurs(existing.registry.pid)) {
          try {
            await this.waitReady(existing, 10_000, signal, true);
            this.log(`The local stack is already running (broker pid ${existing.broker.pid}, registry pid ${existing.registry.pid}).`);
            return {
              running: true,
              bootstrap: bootstrapAddress(existing),
              registry: registryAddress(existing),
              reused: true,
              state: existing,
              elapsedMs: Date.now() - started,
            };
          } catch (error) {
            if (signal?.aborted) throw error;
            this.log('The recorded stack does not answer; restarting it.');
          }
        } else {
          this.log('The recorded stack is no longer (fully) running; stopping what is left and starting again.');
        }
        await this.stopRecorded(existing);
      }

      const java = await chooseJava({ env: this.options.env, jvmRoots: this.options.jvmRoots, toolsDir: this.toolsDir });
      this.log(
        `Java: ${java.kafka.path} (${java.kafka.version}) for Kafka, ${java.registry.path} (${java.registry.version}) for the registry.`,
      );
      const artifacts = await ensureArtifacts(this.toolsDir, this.log, { env: this.options.env, javaHome: javaHomeOf(java.kafka) });
      throwIfAborted(signal);

      // A free port can be taken by someone else between our check and the JVM's bind: retry once with new ports.
      for (let attempt = 1; ; attempt++) {
        const ports = await this.choosePorts(attempt > 1);
        try {
          const state = await this.start(java, artifacts, ports, signal);
          this.log(
            `The local stack is running: Kafka ${bootstrapAddress(state)}, registry ${registryAddress(state)} (${((Date.now() - started) / 1000).toFixed(1)} s).`,
          );
          return {
            running: true,
            bootstrap: bootstrapAddress(state),
            registry: registryAddress(state),
            reused: false,
            artifacts: { kafka: artifacts.kafka, registry: artifacts.registry },
            state,
            elapsedMs: Date.now() - started,
          };
        } catch (error) {
          const fixed = this.options.brokerPort !== undefined || this.options.registryPort !== undefined;
          if (attempt >= 2 || fixed || !(error instanceof PortTakenError))
            throw error instanceof PortTakenError ? new StackError(error.message) : error;
          this.log(`${error.message}; trying other ports.`);
        }
      }
    } finally {
      release();
    }
  }

  /** Stops exactly the processes recorded by `up` and removes the state file. Resolves false when nothing was running. */
  async down(): Promise<boolean> {
    if (!existsSync(this.stateDir)) return false;
    const release = await this.lock();
    try {
      const state = this.readState();
      if (!state) return false;
      const wasRunning = this.isOurs(state.broker.pid) || this.isOurs(state.registry.pid);
      await this.stopRecorded(state);
      if (wasRunning) this.log('The local stack is stopped.');
      return wasRunning;
    } finally {
      release();
    }
  }

  /** Running when both recorded processes are alive and listening; a state whose processes are gone is removed. */
  async status(): Promise<StackStatus> {
    const state = this.readState();
    if (!state) return { running: false };
    const brokerAlive = this.isOurs(state.broker.pid);
    const registryAlive = this.isOurs(state.registry.pid);
    if (!brokerAlive && !registryAlive && !existsSync(join(this.stateDir, LOCK_FILE))) {
      rmSync(join(this.stateDir, STATE_FILE), { force: true }); // stale: both processes are gone
      return { running: false };
    }
    if (!brokerAlive || !registryAlive) return { running: false };
    const [brokerListens, registryListens] = await Promise.all([
      canConnect(HOST, state.broker.port, 1500),
      canConnect(HOST, state.registry.port, 1500),
    ]);
    if (!brokerListens || !registryListens) return { running: false };
    return { running: true, bootstrap: bootstrapAddress(state), registry: registryAddress(state) };
  }

  // --- starting -----------------------------------------------------------------------------------

  private async start(
    java: JavaChoice,
    artifacts: StackArtifacts,
    ports: StackPorts,
    signal: AbortSignal | undefined,
  ): Promise<StackState> {
    const kafkaDir = join(this.stateDir, 'kafka');
    const dataDir = join(kafkaDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const serverProperties = join(kafkaDir, 'server.properties');
    writeFileSync(serverProperties, brokerProperties(HOST, ports, dataDir));
    const log4j = join(kafkaDir, 'log4j2.properties');
    writeFileSync(log4j, BROKER_LOG4J);
    await this.formatStorage(java.kafka, artifacts.kafkaLibs, serverProperties, dataDir);
    throwIfAborted(signal);

    const registryData = join(this.stateDir, 'registry');
    const registryTmp = join(registryData, 'tmp');
    mkdirSync(registryTmp, { recursive: true });

    this.log(
      `Starting Kafka ${KAFKA_VERSION} on ${HOST}:${ports.broker} and Apicurio Registry ${APICURIO_VERSION} on ${HOST}:${ports.registry}...`,
    );
    const brokerLog = join(this.stateDir, 'broker.log');
    const registryLog = join(this.stateDir, 'registry.log');
    const brokerPid = spawnDetached(
      java.kafka.path,
      [
        ...JVM_OPTIONS,
        this.marker,
        `-Dlog4j2.configurationFile=${log4j}`,
        '-cp',
        join(artifacts.kafkaLibs, '*'),
        'kafka.Kafka',
        serverProperties,
      ],
      kafkaDir,
      brokerLog,
    );
    let registryPid: number;
    try {
      registryPid = spawnDetached(
        java.registry.path,
        [
          ...JVM_OPTIONS,
          this.marker,
          // Quarkus and its native libraries unpack into java.io.tmpdir; keep them with the stack's data.
          `-Djava.io.tmpdir=${registryTmp}`,
          `-Dquarkus.http.host=${HOST}`,
          `-Dquarkus.http.port=${ports.registry}`,
          // The management interface cannot be turned off at run time (a build-time property) and would bind 0.0.0.0:9000.
          `-Dquarkus.management.host=${HOST}`,
          `-Dquarkus.management.port=${ports.management}`,
          // Schemas survive down/up like the broker's topics: H2 in a file instead of the in-memory default.
          `-Dapicurio.datasource.url=jdbc:h2:file:${join(registryData, 'registry')}`,
          // A development registry: let users delete what they published (`datamesh retire`, tests).
          '-Dapicurio.rest.deletion.artifact.enabled=true',
          '-Dapicurio.rest.deletion.artifact-version.enabled=true',
          '-Dapicurio.rest.deletion.group.enabled=true',
          '-jar',
          artifacts.registryJar,
        ],
        registryData,
        registryLog,
      );
    } catch (error) {
      killGroup(brokerPid, 'SIGKILL');
      throw error;
    }

    const state: StackState = {
      version: 1,
      startedAt: new Date().toISOString(),
      kafkaVersion: KAFKA_VERSION,
      registryVersion: APICURIO_VERSION,
      broker: { pid: brokerPid, java: java.kafka.path, log: brokerLog, port: ports.broker, controllerPort: ports.controller },
      registry: { pid: registryPid, java: java.registry.path, log: registryLog, port: ports.registry, managementPort: ports.management },
    };
    // Recorded before the wait, so that `down` can stop a start that hangs or is interrupted.
    writeStateFile(this.stateDir, state);
    writeFileSync(join(this.stateDir, LAST_PORTS_FILE), JSON.stringify(ports));
    try {
      await this.waitReady(state, this.options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, signal);
    } catch (error) {
      await this.stopRecorded(state);
      throw error;
    }
    return state;
  }

  /** KRaft storage is formatted once per data folder; later starts reuse the topics. */
  private async formatStorage(java: JavaInstallation, libs: string, serverProperties: string, dataDir: string): Promise<void> {
    if (existsSync(join(dataDir, 'meta.properties'))) return;
    this.log('Formatting the KRaft storage (once per data folder)...');
    const output = await runToEnd(java.path, [
      '-Xmx256m',
      '-cp',
      join(libs, '*'),
      'kafka.tools.StorageTool',
      'format',
      '--ignore-formatted',
      '-t',
      kafkaClusterId(),
      '-c',
      serverProperties,
    ]);
    if (output.code !== 0) throw new StackError(`Formatting the Kafka storage in ${dataDir} failed:\n${output.text.trim()}`);
  }

  private async waitReady(state: StackState, timeoutMs: number, signal: AbortSignal | undefined, quiet = false): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const started = Date.now();
    const log = quiet ? () => undefined : this.log;
    const broker = this.waitFor('Kafka', state.broker, timeoutMs, deadline, signal, () => brokerAnswers(bootstrapAddress(state))).then(() =>
      log(`Kafka answers on ${bootstrapAddress(state)} after ${((Date.now() - started) / 1000).toFixed(1)} s.`),
    );
    const registry = this.waitFor('Apicurio Registry', state.registry, timeoutMs, deadline, signal, () =>
      registryAnswers(registryAddress(state)),
    ).then(() => log(`The registry answers on ${registryAddress(state)} after ${((Date.now() - started) / 1000).toFixed(1)} s.`));
    const results = await Promise.allSettled([broker, registry]);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async waitFor(
    name: string,
    process: StackProcess,
    timeoutMs: number,
    deadline: number,
    signal: AbortSignal | undefined,
    answers: () => Promise<boolean>,
  ): Promise<void> {
    for (;;) {
      throwIfAborted(signal);
      if (await answers()) return;
      if (!this.isOurs(process.pid)) {
        const tail = logTail(process.log);
        if (/BindException|Address already in use|Port already bound/i.test(tail))
          throw new PortTakenError(`${name} could not bind its port (taken meanwhile)`);
        throw new StackError(`${name} exited while starting. The end of ${process.log}:\n${tail}`);
      }
      if (Date.now() > deadline) {
        throw new StackError(
          `${name} did not answer within ${Math.round(timeoutMs / 1000)} s. The end of ${process.log}:\n${logTail(process.log)}`,
        );
      }
      await delay(500, signal);
    }
  }

  // --- ports --------------------------------------------------------------------------------------

  private async choosePorts(fresh: boolean): Promise<StackPorts> {
    const { brokerPort, registryPort } = this.options;
    for (const [port, option] of [
      [brokerPort, '--broker-port'],
      [registryPort, '--registry-port'],
    ] as const) {
      if (port !== undefined && !(await portIsFree(HOST, port))) {
        throw new StackError(
          `Port ${port} on ${HOST} is in use, so the local stack cannot have it. Choose another with ${option}, or leave it out for a free port.`,
        );
      }
    }
    // The previous run's ports when they are still free, so addresses stay the same across down and up.
    const last = fresh ? undefined : readLastPorts(this.stateDir);
    if (last && brokerPort === undefined && registryPort === undefined) {
      const free = await Promise.all([last.broker, last.controller, last.registry, last.management].map((port) => portIsFree(HOST, port)));
      if (free.every(Boolean)) return last;
    }
    let picked: number[];
    try {
      picked = await freePorts(
        HOST,
        4,
        [brokerPort, registryPort].filter((port): port is number => port !== undefined),
      );
    } catch (error) {
      throw new StackError(
        `The local stack could not get free ports on ${HOST}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { broker: brokerPort ?? picked[0], controller: picked[1], registry: registryPort ?? picked[2], management: picked[3] };
  }

  // --- stopping -----------------------------------------------------------------------------------

  /** Stops the recorded process groups (SIGTERM, then SIGKILL after a grace period) and removes the state. */
  private async stopRecorded(state: StackState): Promise<void> {
    await stopProcessGroups([state.registry.pid, state.broker.pid], (pid) => this.isOurs(pid), STOP_GRACE_MS, this.log);
    rmSync(join(this.stateDir, STATE_FILE), { force: true });
  }

  /** Alive, not a zombie, and started by this stack (its command line carries our marker). */
  private isOurs(pid: number): boolean {
    return processCarries(pid, this.marker);
  }

  // --- the lock -----------------------------------------------------------------------------------

  /** One `up` or `down` at a time per state folder, across processes (a lock file holding the owner's pid). */
  private async lock(signal?: AbortSignal): Promise<() => void> {
    const path = join(this.stateDir, LOCK_FILE);
    const token = `${process.pid} ${randomBytes(6).toString('hex')}`;
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS) * 2 + 60_000;
    for (;;) {
      try {
        writeFileSync(path, token, { flag: 'wx' });
        return () => {
          try {
            if (readFileSync(path, 'utf8') === token) unlinkSync(path);
          } catch {
            // already gone
          }
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let owner = Number.NaN;
      try {
        owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      } catch {
        continue; // released meanwhile
      }
      if (!Number.isFinite(owner) || !pidAlive(owner)) {
        rmSync(path, { force: true }); // left by a process that died
        continue;
      }
      if (Date.now() > deadline)
        throw new StackError(`Another datamesh process (pid ${owner}) is starting or stopping the stack in ${this.stateDir}.`);
      await delay(250, signal);
    }
  }
}

/** A server could not bind a port that was free when it was chosen: `up` retries once with other ports. */
class PortTakenError extends Error {}

// --- files and small helpers --------------------------------------------------------------------------

function readStateFile(stateDir: string): StackState | undefined {
  try {
    const state = JSON.parse(readFileSync(join(stateDir, STATE_FILE), 'utf8')) as StackState;
    return state.version === 1 && state.broker && state.registry ? state : undefined;
  } catch {
    return undefined;
  }
}

function writeStateFile(stateDir: string, state: StackState): void {
  const path = join(stateDir, STATE_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path); // readers never see half a file
}

/** The state of the stack in `stateDir` without a LocalStack (for the connection resolver). */
export function readStackState(stateDir: string): StackState | undefined {
  return readStateFile(stateDir);
}

function readLastPorts(stateDir: string): StackPorts | undefined {
  try {
    const ports = JSON.parse(readFileSync(join(stateDir, LAST_PORTS_FILE), 'utf8')) as StackPorts;
    return [ports.broker, ports.controller, ports.registry, ports.management].every((port) => Number.isInteger(port) && port > 0)
      ? ports
      : undefined;
  } catch {
    return undefined;
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new StackError('Interrupted.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new StackError('Interrupted.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StackError('Interrupted.');
}
