// The one process harness of the repository's dev tooling: starting child processes with their
// output in a log file, waiting until they answer, and stopping them. Used by the bench
// (run.ts) and by scripts/ (`npm start`, the smoke, Storybook and browser tests, through
// scripts/lib/processes.mjs).
//
// It is plain JavaScript (types in childProcesses.d.mts) so that scripts/ runs it with plain
// `node`, and it lives in a package because packages may not import files outside themselves
// (@backstage/no-relative-monorepo-imports), while scripts/ may import any file.
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';

// The same TypeScript loader `npm start` of packages/aws-emulator uses, so children run .ts.
const NODE_TRANSFORM = createRequire(import.meta.url).resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);

// How long one readiness attempt may wait for its answer. A dev server holds a request until its
// bundle is built, so this is generous; what it guards against is a server that accepted the
// connection and will never answer, which would otherwise hold the whole wait until it gives up.
const ATTEMPT_TIMEOUT_MS = 30_000;

/** A port that was free on 127.0.0.1 a moment ago; children are given it in their config. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function fatalError(message) {
  return Object.assign(new Error(message), { fatal: true });
}

/**
 * Calls `attempt` every `intervalMs` until it returns `{ done: true, value }`. `{ done: false,
 * reason }` and thrown errors retry; an error with `fatal: true` ends the wait at once.
 */
export async function poll(
  what,
  timeoutMs,
  attempt,
  { intervalMs = 1000 } = {},
) {
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
    await new Promise(r => setTimeout(r, intervalMs));
  }
  throw new Error(
    `${what}: gave up after ${timeoutMs / 1000} s (last: ${last})`,
  );
}

/** Resolves once `url` answers 200; throws early with `ensureAlive()`'s error. */
export async function waitForHttp(
  what,
  url,
  timeoutMs,
  ensureAlive,
  { attemptTimeoutMs = ATTEMPT_TIMEOUT_MS, intervalMs } = {},
) {
  await poll(
    what,
    timeoutMs,
    async () => {
      ensureAlive?.();
      const res = await fetch(url, {
        signal: AbortSignal.timeout(attemptTimeoutMs),
      });
      await res.arrayBuffer();
      return { done: res.status === 200, reason: `HTTP ${res.status}` };
    },
    { intervalMs },
  );
}

export function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

// Every child started here, with the PID its signals go to (negative: its process group), so
// that killAllNow can reach them from exit paths that cannot wait.
const started = new Map();

function track(child, { group }) {
  if (child.pid === undefined) return;
  started.set(child, group ? -child.pid : child.pid);
  child.once('exit', () => started.delete(child));
}

/** Opens `logFile` for `start(fd)` to hand to a child; the child holds its own copy. */
function withLogFile(logFile, start) {
  const log = fs.openSync(logFile, 'w');
  try {
    return start(log);
  } finally {
    fs.closeSync(log);
  }
}

/**
 * Starts `command args` in its own process group (so `stopGroup` stops it and everything it
 * runs) with stdout and stderr going to `logFile`.
 */
export function spawnInGroup(command, args, logFile, { cwd, env }) {
  const child = withLogFile(logFile, log =>
    spawn(command, args, {
      cwd,
      detached: true,
      stdio: ['ignore', log, log],
      env,
    }),
  );
  track(child, { group: true });
  return child;
}

/**
 * Starts a TypeScript entry point (`script`, relative to `cwd`) under Node with the TypeScript
 * loader, in its own process group, as `spawnInGroup` does: how the scripts run a backend
 * without the Backstage CLI's file watcher.
 */
export function spawnTypeScriptInGroup(script, args, logFile, { cwd, env }) {
  return spawnInGroup(
    process.execPath,
    ['--require', NODE_TRANSFORM, script, ...args],
    logFile,
    { cwd, env },
  );
}

/**
 * Starts a TypeScript entry point under Node, with an IPC channel and stdout/stderr going to
 * `logFile`. It stays in our process group, so a Ctrl-C in the terminal reaches it too.
 */
export function forkTypeScript({ script, args = [], env, logFile }) {
  const child = withLogFile(logFile, log =>
    fork(script, args, {
      execArgv: ['--require', NODE_TRANSFORM],
      env,
      stdio: ['ignore', log, log, 'ipc'],
    }),
  );
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  track(child, { group: false });
  return child;
}

/** SIGTERM to `pid` (negative: a group), then SIGKILL after `graceMs`; resolves on exit. */
async function stop(child, pid, graceMs) {
  if (!isRunning(child)) return;
  const gone = new Promise(resolve => child.once('exit', resolve));
  const kill = signal => {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/**
 * Stops a child started with `detached: true` (its own process group, so the CLI and whatever
 * it runs stop together). Resolves once it has exited.
 */
export function stopGroup(child, graceMs = 10_000) {
  return stop(child, -child.pid, graceMs);
}

/** Stops a child alone (not its group). Resolves once it has exited. */
export function stopChild(child, graceMs = 3000) {
  return stop(child, child.pid, graceMs);
}

/** Last resort on exit paths that cannot wait (process 'exit', a second Ctrl-C). */
export function killAllNow() {
  for (const [child, pid] of started) {
    if (!isRunning(child)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
