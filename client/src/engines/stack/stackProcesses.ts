// The local stack's processes: detached JVMs in process groups of their own, how to tell that a pid is
// still one of ours, stopping a group (SIGTERM, then SIGKILL), a short command run to its end, and log tails.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from './stackError';

/**
 * Starts `command` detached, its output written to `logFile`, and returns its pid. Detached:
 * a process group of its own, so that stopping reaches the JVM and anything it forked, and closing the
 * terminal or the editor does not.
 */
export function spawnDetached(command: string, args: string[], cwd: string, logFile: string): number {
  const fd = openSync(logFile, 'w');
  try {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', fd, fd], windowsHide: true });
    if (child.pid === undefined) throw new StackError(`Could not start ${command}`);
    child.on('error', () => undefined); // reported through readiness and the log
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process, or undefined when it is gone (or a zombie). */
export function processCommandLine(pid: number): string | undefined {
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

/** Alive, not a zombie, and its command line carries `marker` as one argument (so a recycled pid is never taken for ours). */
export function processCarries(pid: number, marker: string): boolean {
  const commandLine = processCommandLine(pid);
  return commandLine !== undefined && (process.platform === 'win32' || ` ${commandLine} `.includes(` ${marker} `));
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
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

/**
 * Stops the process groups of `pids` (those `isRunning` still accepts): SIGTERM, then SIGKILL for any that
 * is still running after `graceMs`, and waits up to 5 s more for those to go.
 */
export async function stopProcessGroups(
  pids: readonly number[],
  isRunning: (pid: number) => boolean,
  graceMs: number,
  log: (line: string) => void,
): Promise<void> {
  const running = pids.filter(isRunning);
  for (const pid of running) killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (running.some(isRunning) && Date.now() < deadline) await sleep(100);
  for (const pid of running.filter(isRunning)) {
    log(`Process ${pid} did not stop within ${graceMs / 1000} s; killing it.`);
    killGroup(pid, 'SIGKILL');
  }
  const killDeadline = Date.now() + 5000;
  while (running.some(isRunning) && Date.now() < killDeadline) await sleep(100);
}

/** Runs a short command to its end; its exit code and the last 4,000 characters of its output. */
export function runToEnd(command: string, args: string[]): Promise<{ code: number | null; text: string }> {
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
