/*
 * Child processes of the harness: the upstream and one Backstage backend per row. Each runs in
 * its own process so its CPU and memory are its own (RSS is read per PID), and every child is
 * tracked here so that it is stopped by PID on success, on error and on Ctrl-C.
 */
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

// The same TypeScript loader `npm start` of packages/aws-emulator uses, so children run .ts.
const NODE_TRANSFORM =
  require.resolve('@backstage/cli/config/nodeTransform.cjs');

const children = new Set<ChildProcess>();

export interface Child {
  process: ChildProcess;
  pid: number;
  logFile: string;
}

/** Starts a TypeScript entry point under Node with stdout/stderr going to `logFile`. */
export function startChild(options: {
  script: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
}): Child {
  const log = fs.openSync(options.logFile, 'w');
  const child = fork(options.script, options.args ?? [], {
    execArgv: ['--require', NODE_TRANSFORM],
    env: options.env,
    stdio: ['ignore', log, log, 'ipc'],
  });
  fs.closeSync(log);
  if (child.pid === undefined) {
    throw new Error(`could not start ${options.script}`);
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
  return { process: child, pid: child.pid, logFile: options.logFile };
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export async function stopChild(child: Child, graceMs = 3000): Promise<void> {
  const proc = child.process;
  if (!running(proc)) return;
  const exited = new Promise<void>(resolve =>
    proc.once('exit', () => resolve()),
  );
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (running(proc)) process.kill(child.pid, 'SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

/** Last resort on exit paths that cannot wait (process 'exit', a second Ctrl-C). */
export function killAllNow(): void {
  for (const child of children) {
    if (running(child) && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** A port that was free a moment ago; children are given it in their config. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The error messages a child logged: Backstage's JSON log lines at level error, else plain
 * lines that mention an error (stack frames left out), else the last lines. Used to say in the
 * table why a backend did not start.
 */
export function logErrors(logFile: string, max = 2): string {
  let lines: string[];
  try {
    lines = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n');
  } catch {
    return '';
  }
  const fromJson = lines.flatMap(line => {
    try {
      const entry = JSON.parse(line);
      return entry?.level === 'error' ? [String(entry.message)] : [];
    } catch {
      return [];
    }
  });
  const plain = lines.filter(
    line =>
      /error/i.test(line) && !/^\s+at /.test(line) && !line.startsWith('{'),
  );
  let picked = lines.slice(-3);
  if (fromJson.length > 0) picked = fromJson;
  else if (plain.length > 0) picked = plain;
  return picked.slice(0, max).join(' / ');
}

/** Polls `url` until it answers 200; fails early if the child exits, or after `timeoutMs`. */
export async function waitForReady(
  child: Child,
  url: string,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  let last = 'no answer yet';
  while (Date.now() - started < timeoutMs) {
    if (!running(child.process)) {
      throw new Error(
        `exited with code ${child.process.exitCode} before it was ready; log ${child.logFile}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return Date.now() - started;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(
    `not ready after ${timeoutMs / 1000} s (${last}); log ${child.logFile}`,
  );
}

/** Resident set size of a process in bytes, from /proc (Linux only), or undefined. */
export function readRss(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
