// The process harness of the scripts that start the demo: free ports, polling, process groups
// (packages/bench/src/childProcesses.mjs, shared with the bench), plus what only the scripts
// need: npm in its own process group, Backstage's readiness path and log tails.
import fs from 'node:fs';
import { repoRoot } from './config-args.mjs';
import {
  spawnInGroup,
  spawnTypeScriptInGroup,
} from '../../packages/bench/src/childProcesses.mjs';

export {
  fatalError,
  freePort,
  isRunning,
  poll,
  stopGroup,
  waitForHttp,
} from '../../packages/bench/src/childProcesses.mjs';

export const READINESS_PATH = '/.backstage/health/v1/readiness';

/**
 * Starts `npm <args>` in `cwd` (the repository root by default) in its own process group, so
 * `stopGroup` stops npm and everything it runs; its output goes to `logFile`. `env` adds to
 * this process's environment.
 */
export function startNpm(args, logFile, { cwd = repoRoot, env = {} } = {}) {
  return spawnInGroup('npm', args, logFile, {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
}

/**
 * Runs a TypeScript entry point (`script`, relative to `cwd`) under Node with Backstage's
 * loader, in its own process group, its output going to `logFile`: a backend as `backstage-cli
 * package start` runs it (NODE_ENV=development), without the file watcher that restarts it
 * whenever a file in the repository changes.
 */
export function startTypeScript(script, args, logFile, { cwd, env = {} }) {
  return spawnTypeScriptInGroup(script, args, logFile, {
    cwd,
    env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0', ...env },
  });
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
