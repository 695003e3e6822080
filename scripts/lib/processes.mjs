// Small helpers for the scripts that start the demo: free ports, polling, process groups, logs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { repoRoot } from './config-args.mjs';

export const READINESS_PATH = '/.backstage/health/v1/readiness';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Calls `attempt` every second until it returns `{ done: true, value }`. `{ done: false,
 * reason }` and thrown errors retry; an error with `fatal: true` ends the wait at once.
 */
export async function poll(what, timeoutMs, attempt) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt yet';
  while (Date.now() < deadline) {
    try {
      const result = await attempt();
      if (result.done) return result.value;
      last = result.reason;
    } catch (error) {
      if (error.fatal) throw error;
      last = error.cause?.code ?? error.message;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `${what}: gave up after ${timeoutMs / 1000} s (last: ${last})`,
  );
}

export function fatalError(message) {
  return Object.assign(new Error(message), { fatal: true });
}

// How long one readiness attempt may wait for its answer. A dev server holds a request until its
// bundle is built, so this is generous; what it guards against is a server that accepted the
// connection and will never answer, which would otherwise hold the whole wait until it gives up.
const ATTEMPT_TIMEOUT_MS = 30_000;

/** Resolves once `url` answers 200; throws early with `ensureAlive()`'s error. */
export async function waitForHttp(what, url, timeoutMs, ensureAlive) {
  await poll(what, timeoutMs, async () => {
    ensureAlive?.();
    const res = await fetch(url, {
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return { done: res.status === 200, reason: `HTTP ${res.status}` };
  });
}

/**
 * Starts `npm <args>` in `cwd` (the repository root by default) in its own process group, so
 * `stopGroup` stops npm and everything it runs; its output goes to `logFile`. `env` adds to
 * this process's environment.
 */
export function startNpm(args, logFile, { cwd = repoRoot, env = {} } = {}) {
  const log = fs.openSync(logFile, 'w');
  const child = spawn('npm', args, {
    cwd,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
  // The child holds its own copy of the descriptor.
  fs.closeSync(log);
  return child;
}

/**
 * The last `lines` lines of a log, indented for the test output. Backstage's request logs (our
 * own readiness polls, the browser's API calls) are left out: they would fill the tail.
 */
export function logTail(logFile, lines = 40) {
  return fs
    .readFileSync(logFile, 'utf8')
    .trimEnd()
    .split('\n')
    .filter(
      line =>
        !line.includes(READINESS_PATH) && !line.includes('rootHttpRouter'),
    )
    .slice(-lines)
    .map(line => `  | ${line}`)
    .join('\n');
}

/**
 * Stops a child started with `detached: true` (its own process group, so the CLI and whatever
 * it runs stop together): SIGTERM, then SIGKILL after `graceMs`. Resolves once it has exited.
 */
export async function stopGroup(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise(resolve => child.once('exit', resolve));
  const killGroup = signal => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  killGroup('SIGTERM');
  const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}
