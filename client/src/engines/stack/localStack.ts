// The embedded local stack: one KRaft Kafka broker and one Apicurio Registry, started as detached JVMs.
// `stack.json` in the state folder records exactly what `up` started (pids, ports), so `down` stops
// those processes and nothing else, `status` checks them, and a second `up` reuses them.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { APICURIO_VERSION, ensureArtifacts, KAFKA_VERSION, type ArtifactSource, type StackArtifacts } from './stackArtifacts';
import { chooseJava, javaHomeOf, type JavaChoice, type JavaInstallation, type StackEnv } from './stackPrerequisites';

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

/** A failure to start or stop the stack; the message is meant for the user. */
export class StackError extends Error {}

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

      const java = await chooseJava({ env: this.options.env, jvmRoots: this.options.jvmRoots });
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
      canConnect(state.broker.port, 1500),
      canConnect(state.registry.port, 1500),
    ]);
    if (!brokerListens || !registryListens) return { running: false };
    return { running: true, bootstrap: bootstrapAddress(state), registry: registryAddress(state) };
  }

  // --- starting -----------------------------------------------------------------------------------

  private async start(java: JavaChoice, artifacts: StackArtifacts, ports: Ports, signal: AbortSignal | undefined): Promise<StackState> {
    const kafkaDir = join(this.stateDir, 'kafka');
    const dataDir = join(kafkaDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const serverProperties = join(kafkaDir, 'server.properties');
    writeFileSync(serverProperties, brokerProperties(ports, dataDir));
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
    const brokerPid = this.spawnDetached(
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
      registryPid = this.spawnDetached(
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

  private spawnDetached(command: string, args: string[], cwd: string, logFile: string): number {
    const fd = openSync(logFile, 'w');
    try {
      // detached: a process group of its own, so that `down` stops the JVM and anything it forked, and
      // closing the terminal or the editor does not.
      const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', fd, fd], windowsHide: true });
      if (child.pid === undefined) throw new StackError(`Could not start ${command}`);
      child.on('error', () => undefined); // reported through readiness and the log
      child.unref();
      return child.pid;
    } finally {
      closeSync(fd);
    }
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

  private async choosePorts(fresh: boolean): Promise<Ports> {
    const { brokerPort, registryPort } = this.options;
    for (const [port, option] of [
      [brokerPort, '--broker-port'],
      [registryPort, '--registry-port'],
    ] as const) {
      if (port !== undefined && !(await portIsFree(port))) {
        throw new StackError(
          `Port ${port} on ${HOST} is in use, so the local stack cannot have it. Choose another with ${option}, or leave it out for a free port.`,
        );
      }
    }
    // The previous run's ports when they are still free, so addresses stay the same across down and up.
    const last = fresh ? undefined : readLastPorts(this.stateDir);
    if (last && brokerPort === undefined && registryPort === undefined) {
      const free = await Promise.all([last.broker, last.controller, last.registry, last.management].map(portIsFree));
      if (free.every(Boolean)) return last;
    }
    let picked: number[];
    try {
      picked = await freePorts(
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
    const pids = [state.registry.pid, state.broker.pid].filter((pid) => this.isOurs(pid));
    for (const pid of pids) killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + STOP_GRACE_MS;
    while (pids.some((pid) => this.isOurs(pid)) && Date.now() < deadline) await delay(100);
    for (const pid of pids.filter((pid) => this.isOurs(pid))) {
      this.log(`Process ${pid} did not stop within ${STOP_GRACE_MS / 1000} s; killing it.`);
      killGroup(pid, 'SIGKILL');
    }
    const killDeadline = Date.now() + 5000;
    while (pids.some((pid) => this.isOurs(pid)) && Date.now() < killDeadline) await delay(100);
    rmSync(join(this.stateDir, STATE_FILE), { force: true });
  }

  /** Alive, not a zombie, and started by this stack (its command line carries our marker). */
  private isOurs(pid: number): boolean {
    const commandLine = processCommandLine(pid);
    return commandLine !== undefined && (process.platform === 'win32' || ` ${commandLine} `.includes(` ${this.marker} `));
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

// --- broker configuration -----------------------------------------------------------------------------

interface Ports {
  broker: number;
  controller: number;
  registry: number;
  management: number;
}

/**
 * A combined broker and controller. The quorum is static (`controller.quorum.voters`) rather than the
 * dynamic `--standalone` one, so that the data folder stays valid when a later start gets other ports.
 */
function brokerProperties(ports: Ports, dataDir: string): string {
  return `# Written by Kafka Data Mesh on every start of the local stack.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${HOST}:${ports.controller}
listeners=PLAINTEXT://${HOST}:${ports.broker},CONTROLLER://${HOST}:${ports.controller}
advertised.listeners=PLAINTEXT://${HOST}:${ports.broker}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dataDir.replace(/\\/g, '/')}
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
`;
}

/** Kafka 4 ships no logging binding or configuration in its jars; without this the broker is silent. */
const BROKER_LOG4J = `status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
# The full configuration dumps are a thousand lines per start.
logger.config.name = org.apache.kafka.common.config.AbstractConfig
logger.config.level = WARN
`;

/** A Kafka cluster id: 16 random bytes in URL-safe base64 without padding (what `StorageTool random-uuid` prints). */
function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // Kafka avoids ids that look like command-line options
  }
}

// --- readiness ----------------------------------------------------------------------------------------

/** The broker answers metadata requests and has registered itself (KRaft is up). */
async function brokerAnswers(bootstrap: string): Promise<boolean> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    clientId: 'datamesh-stack-check',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) return false;
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The Confluent-compatible API lists subjects (a JSON array). */
async function registryAnswers(registry: string): Promise<boolean> {
  try {
    const response = await fetch(`${registry}/subjects`, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) return false;
    return Array.isArray(await response.json());
  } catch {
    return false;
  }
}

// --- processes ----------------------------------------------------------------------------------------

class PortTakenError extends Error {}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process, or undefined when it is gone (or a zombie). */
function processCommandLine(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return undefined;
  if (process.platform === 'win32') return ''; // no command lines to check: trust the recorded pid
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^\d+ \(.*\) [ZX]/s.test(stat)) return undefined;
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      return undefined;
    }
  }
  try {
    // macOS and other Unixes: ps shows the arguments.
    const line = execFileSync('ps', ['-ww', '-o', 'stat=,command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return line.startsWith('Z') ? undefined : line;
  } catch {
    return undefined;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // The JVM leads its own process group (detached), so -pid reaches it and any child it forked.
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function runToEnd(command: string, args: string[]): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let text = '';
    const keep = (chunk: Buffer) => {
      text = (text + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ code: -1, text: error.message }));
    child.on('close', (code) => resolve({ code, text }));
  });
}

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

function readLastPorts(stateDir: string): Ports | undefined {
  try {
    const ports = JSON.parse(readFileSync(join(stateDir, LAST_PORTS_FILE), 'utf8')) as Ports;
    return [ports.broker, ports.controller, ports.registry, ports.management].every((port) => Number.isInteger(port) && port > 0)
      ? ports
      : undefined;
  } catch {
    return undefined;
  }
}

/** The last lines of a log file (at most 8 KB), for error messages. */
export function logTail(path: string, lines = 40): string {
  try {
    const size = statSync(path).size;
    const length = Math.min(size, 8192);
    const buffer = Buffer.alloc(length);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    return buffer.toString('utf8').split('\n').slice(-lines).join('\n').trim() || '(empty)';
  } catch {
    return '(no log)';
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `count` distinct free ports, found by binding port 0 (all held at once so that they differ). */
async function freePorts(count: number, avoid: number[]): Promise<number[]> {
  const servers: import('node:net').Server[] = [];
  try {
    const ports: number[] = [];
    while (ports.length < count) {
      const server = createServer();
      servers.push(server);
      const port = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: 0, host: HOST, exclusive: true }, () => resolve((server.address() as AddressInfo).port));
      });
      if (!avoid.includes(port)) ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))),
    );
  }
}

function canConnect(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: HOST });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
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
