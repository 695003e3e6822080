/*
 * `npm run bench`: every row against the same upstream in one run, then one markdown table.
 * Progress goes to stderr and the report to stdout, so `npm run bench > out.md` keeps only the
 * report. Each Backstage row gets a fresh backend process, stopped before the next row starts,
 * so rows never compete for the machine's two cores.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { stringify } from 'yaml';
import {
  fatalError,
  forkTypeScript,
  freePort,
  isRunning,
  killAllNow,
  stopChild,
  waitForHttp,
} from './childProcesses.mjs';
import { loadTest } from './loadTest';
import { logErrors } from './logErrors';
import { baseConfig, ROW_NAMES, ROWS, RowName, RowPlan } from './rows';
import { measureStream } from './stream';
import {
  machineLines,
  renderGoals,
  renderTable,
  RowResult,
  RunSettings,
  settingsLine,
} from './table';

const MiB = 1024 * 1024;
const READY_TIMEOUT_MS = 120_000;
// A backend answers its readiness check at once when it is up, so each attempt is short and
// they come often: the startup time printed is then within a quarter of a second.
const READY_POLL = { attemptTimeoutMs: 2000, intervalMs: 250 };

/** A server the rows talk to: the upstream or one row's backend. */
interface Server {
  child: ChildProcess & { pid: number };
  url: string;
  /** For a backend: seconds from its start to its readiness check answering. */
  startupSeconds?: number;
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a non-negative number, got '${raw}'`);
  }
  return value;
}

/**
 * BENCH_ROUNDS: how many times the rows are measured, round after round (every row, then every
 * row again), so that rows compared are measured close in time; each row reports its median
 * round, and each goal the median of the rounds' ratios. Streams are measured in the first
 * round only.
 */
const rounds = Math.max(1, Math.floor(envNumber('BENCH_ROUNDS', 1)));

const settings: RunSettings = {
  connections: envNumber('BENCH_CONNECTIONS', 50),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 2),
  seconds: envNumber('BENCH_SECONDS', 10),
  streamBytes: envNumber('BENCH_STREAM_MIB', 1024) * MiB,
};
/** BENCH_CPU_PROFILE_DIR: each backend writes a V8 CPU profile there, in a folder per row. */
const profileDir = process.env.BENCH_CPU_PROFILE_DIR
  ? path.resolve(process.env.BENCH_CPU_PROFILE_DIR)
  : undefined;
const streamTimeoutMs = envNumber('BENCH_STREAM_TIMEOUT_SECONDS', 120) * 1000;
const rssLimitBytes = envNumber('BENCH_STREAM_RSS_LIMIT_MIB', 4096) * MiB;

function selectedRows(): RowName[] {
  const raw = process.env.BENCH_ROWS;
  if (!raw) return ROW_NAMES;
  const names = raw.split(',').map(s => s.trim());
  for (const name of names) {
    if (!ROW_NAMES.includes(name as RowName)) {
      throw new Error(
        `BENCH_ROWS: unknown row '${name}'; rows are ${ROW_NAMES.join(',')}`,
      );
    }
  }
  return ROW_NAMES.filter(name => names.includes(name));
}

const progress = (message: string) =>
  process.stderr.write(`[bench] ${message}\n`);

/**
 * The children's environment: the harness's, minus anything that could change a row behind
 * its config (AWS_* credentials, APP_CONFIG_* overrides), with quiet logs.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('APP_CONFIG_')) {
      env[key] = value;
    }
  }
  return {
    ...env,
    NODE_ENV: 'production',
    // Backstage logs every request at info; the log would otherwise be part of what we measure.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ...extra,
  };
}

async function startUpstream(dir: string): Promise<Server> {
  const child = forkTypeScript({
    script: resolvePackagePath('@aws-bridge/bench', 'src/upstream.ts'),
    env: childEnv({ BENCH_STREAM_BYTES: String(settings.streamBytes) }),
    logFile: path.join(dir, 'upstream.log'),
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the upstream did not start within 30 s')),
      30_000,
    );
    // The TypeScript loader also sends messages ({type: 'watch'}); ours is { port }.
    const onMessage = (message: unknown) => {
      const reported = (message as { port?: unknown } | null)?.port;
      if (typeof reported !== 'number') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(reported);
    };
    child.on('message', onMessage);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the upstream exited with code ${code}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function startBackend(
  plan: RowPlan,
  upstreamUrl: string,
  dir: string,
): Promise<Server> {
  const port = await freePort();
  const configFile = path.join(dir, `${plan.name}.yaml`);
  fs.writeFileSync(
    configFile,
    stringify({ ...baseConfig(port), ...plan.config?.(upstreamUrl) }),
  );
  const logFile = path.join(dir, `${plan.name}.log`);
  const child = forkTypeScript({
    script: resolvePackagePath('@aws-bridge/bench', 'src/backend.ts'),
    args: ['--config', configFile],
    env: childEnv({
      BENCH_PLUGIN: plan.name,
      ...plan.env,
      ...(profileDir && {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${path.join(profileDir, plan.name)}`,
      }),
    }),
    logFile,
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  try {
    await waitForHttp(
      'backend',
      `${url}/.backstage/health/v1/readiness`,
      READY_TIMEOUT_MS,
      () => {
        if (!isRunning(child)) {
          throw fatalError(
            `backend exited with code ${child.exitCode} before it was ready`,
          );
        }
      },
      READY_POLL,
    );
    const startupSeconds = (Date.now() - started) / 1000;
    progress(
      `${plan.name}: backend ready after ${startupSeconds.toFixed(1)} s`,
    );
    return { child, url, startupSeconds };
  } catch (error) {
    await stopChild(child);
    const tail = logErrors(logFile);
    throw new Error(
      `${(error as Error).message}; log ${logFile}${tail ? `: ${tail}` : ''}`,
    );
  }
}

/**
 * A Backstage user token from the row's auth backend, as the app gets one: the guest provider's
 * refresh endpoint (the backend runs it when the row is signed in).
 */
async function signIn(backendUrl: string): Promise<Record<string, string>> {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  const token = res.ok
    ? (JSON.parse(body) as { backstageIdentity?: { token?: string } })
        .backstageIdentity?.token
    : undefined;
  if (!token) {
    throw new Error(`guest sign-in → HTTP ${res.status} ${body.slice(0, 160)}`);
  }
  return { authorization: `Bearer ${token}` };
}

/**
 * One request before the load: a row that cannot answer at all is an error row, and so is one
 * that answers 200 with something else than the upstream's body (a proxy must really proxy).
 */
async function probe(
  url: string,
  expectBody: string,
  headers: Record<string, string>,
): Promise<void> {
  const res = await fetch(url, {
    headers,
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  if (!res.ok || !body.includes(expectBody)) {
    throw new Error(
      `GET ${new URL(url).pathname} → HTTP ${res.status} ${body.slice(0, 160)}`,
    );
  }
}

async function measureRow(
  plan: RowPlan,
  upstream: Server,
  dir: string,
  withStream: boolean,
): Promise<RowResult> {
  let backend: Server | undefined;
  try {
    if (plan.config) backend = await startBackend(plan, upstream.url, dir);
    const server = backend ?? upstream;
    const smallUrl = `${server.url}${plan.smallPath}`;
    const headers = plan.signedIn ? await signIn(server.url) : {};
    await probe(smallUrl, plan.expectBody, headers);

    progress(`${plan.name}: load test ${smallUrl}`);
    const load = await loadTest(smallUrl, { ...settings, headers });

    let stream;
    if (plan.streamPath && withStream) {
      progress(`${plan.name}: stream ${server.url}${plan.streamPath}`);
      stream = await measureStream(`${server.url}${plan.streamPath}`, {
        expectedBytes: settings.streamBytes,
        timeoutMs: streamTimeoutMs,
        pid: server.child.pid,
        rssLimitBytes,
      });
    }
    return {
      name: plan.name,
      load,
      stream,
      startupSeconds: backend?.startupSeconds,
    };
  } catch (error) {
    const message = (error as Error).message;
    progress(`${plan.name}: error: ${message}`);
    return { name: plan.name, error: message };
  } finally {
    // Node writes a CPU profile as the process exits, which takes a while for a large one.
    if (backend) await stopChild(backend.child, profileDir ? 30_000 : 3000);
  }
}

/**
 * One row's rounds as one result: the round with the median req/s (the lower middle one for an
 * even count), the first round's stream, every round's req/s; an error if any round failed.
 */
function medianRound(results: RowResult[]): RowResult {
  const failed = results.find(r => r.error || !r.load);
  if (failed) return failed;
  const sorted = [...results].sort((a, b) => a.load!.rps - b.load!.rps);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return {
    ...median,
    stream: results[0].stream,
    rounds: results.length > 1 ? results.map(r => r.load!.rps) : undefined,
  };
}

async function main(): Promise<void> {
  const rows = selectedRows();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-bench-'));
  progress(`logs and configs in ${dir}`);
  const header = machineLines();

  const upstream = await startUpstream(dir);
  progress(`upstream on ${upstream.url}`);
  const measured = new Map<RowName, RowResult[]>(rows.map(name => [name, []]));
  try {
    for (let round = 1; round <= rounds; round++) {
      if (rounds > 1) progress(`round ${round} of ${rounds}`);
      for (const name of rows) {
        measured
          .get(name)!
          .push(await measureRow(ROWS[name], upstream, dir, round === 1));
      }
    }
  } finally {
    await stopChild(upstream.child);
  }
  const results = rows.map(name => medianRound(measured.get(name)!));

  const report = [
    ...header,
    '',
    settingsLine(settings, rounds),
    '',
    ...renderTable(results, settings),
    '',
    ...renderGoals(results),
  ];
  process.stdout.write(`${report.join('\n')}\n`);
}

// Never leave a backend or the upstream running, however the harness ends.
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    progress(`${signal}: stopping children`);
    killAllNow();
    process.exit(130);
  });
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  killAllNow();
  process.exit(1);
});
