// Runs Apache Avro's Java library (the reference implementation) over a batch of requests, in one JVM.
// The jars come from .ci/install-avro-reference.sh, in a cache folder outside the repository.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const ORACLE_SOURCE = join(__dirname, '..', 'java', 'AvroOracle.java');
const MARKER = '.datamesh-avro-reference-installed';

export type OracleRequest = { id: number; op: 'parse'; schema: string } | { id: number; op: 'compat'; reader: string; writer: string };

export interface OracleIncompatibility {
  type: string;
  location: string;
  message: string;
}

export interface OracleAnswer {
  id: number;
  ok: boolean;
  error?: string;
  compatible?: boolean;
  incompatibilities?: OracleIncompatibility[];
}

export interface AvroReference {
  version: string;
  /** The class path: the compiled oracle and the Avro jars. */
  classPath: string;
}

/** The tools folder, as .ci/install-avro-reference.sh computes it. */
export function toolsDir(): string {
  return process.env.DATAMESH_TOOLS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kafka-data-mesh', 'tools');
}

/**
 * Finds the installed Avro jars and compiles the oracle once per source version (cached beside the jars).
 * Returns the reason instead when something is missing.
 */
export function prepareAvroReference(): AvroReference | { missing: string } {
  const tools = toolsDir();
  const installs = existsSync(tools)
    ? readdirSync(tools)
        .filter((name) => /^avro-\d+\.\d+\.\d+$/.test(name) && existsSync(join(tools, name, MARKER)))
        .sort()
        .reverse()
    : [];
  if (installs.length === 0) return { missing: `no Avro reference jars in ${tools} (run bash .ci/install-avro-reference.sh)` };
  const home = join(tools, installs[0]);
  const version = installs[0].slice('avro-'.length);
  const jars = join(home, 'lib', '*');
  for (const tool of ['java', 'javac']) {
    const probe = spawnSync(tool, ['-version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) return { missing: `${tool} is not installed (a JDK 17 or later is needed)` };
  }

  const source = readFileSync(ORACLE_SOURCE);
  const classes = join(home, `oracle-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  if (!existsSync(join(classes, 'AvroOracle.class'))) {
    // Compile into a fresh folder and rename it into place, so a concurrent run never sees half a build.
    const staging = `${classes}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const javac = spawnSync('javac', ['-nowarn', '-d', staging, '-cp', jars, ORACLE_SOURCE], { encoding: 'utf8' });
    if (javac.status !== 0) throw new Error(`javac failed:\n${javac.stderr}`);
    try {
      renameSync(staging, classes);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return { version, classPath: [classes, jars].join(delimiter) };
}

/** Sends every request to one JVM and returns the answers by id. */
export function askAvroReference(reference: AvroReference, requests: readonly OracleRequest[]): Map<number, OracleAnswer> {
  const input = requests.map((request) => JSON.stringify(request)).join('\n') + '\n';
  const run = spawnSync('java', ['-Xss16m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', reference.classPath, 'AvroOracle'], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`the Avro oracle failed (status ${String(run.status)}):\n${run.stderr}`);
  const answers = new Map<number, OracleAnswer>();
  for (const line of run.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const answer = JSON.parse(line) as OracleAnswer;
    answers.set(answer.id, answer);
  }
  if (answers.size !== requests.length) throw new Error(`the Avro oracle answered ${answers.size} of ${requests.length} requests`);
  return answers;
}
