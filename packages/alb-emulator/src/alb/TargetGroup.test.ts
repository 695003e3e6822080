/**
 * The target group on its own, against real HTTP targets on 127.0.0.1: round robin, health
 * checks and their thresholds, fail-open, and that nothing outlives `stop()`. How the emulator
 * uses it (the x-alb-emulator-target header, upgrades) is in server.test.ts.
 */
import { spawnSync } from 'node:child_process';
import {
  freePort,
  READINESS_PATH,
  RecordingTarget,
  startRecordingTarget,
  waitFor,
} from '../__testUtils__';
import { TargetGroup } from './TargetGroup';

// Short enough that a test sees a target leave and come back in a fraction of a second.
const FAST = { intervalMs: 50, timeoutMs: 200 };

let a: RecordingTarget;
let b: RecordingTarget;
let group: TargetGroup | undefined;
let logs: string[];

beforeEach(async () => {
  [a, b] = await Promise.all([startRecordingTarget(), startRecordingTarget()]);
  logs = [];
  group = undefined;
});
afterEach(async () => {
  group?.stop();
  await Promise.all([a.stop(), b.stop()]);
});

function startGroup(healthCheck: object = FAST) {
  group = new TargetGroup({ targets: [a.url, b.url], healthCheck }, line =>
    logs.push(line),
  );
  group.start();
  return group;
}
const healthOf = (target: RecordingTarget) =>
  group!.health().find(h => h.target === target.url)!;
const picks = (count: number) =>
  Array.from({ length: count }, () => group!.next());

it('starts every target healthy and takes turns between them', () => {
  const third = 'http://127.0.0.1:9/some/path';
  group = new TargetGroup({ targets: [a.url, b.url, third] });
  expect(group.health()).toEqual([
    { target: a.url, healthy: true },
    { target: b.url, healthy: true },
    { target: 'http://127.0.0.1:9', healthy: true },
  ]);
  expect(picks(6)).toEqual([
    a.url,
    b.url,
    'http://127.0.0.1:9',
    a.url,
    b.url,
    'http://127.0.0.1:9',
  ]);
});

it('takes a target out after unhealthyThreshold failed checks and back after healthyThreshold passed ones', async () => {
  // Counted when each state change is logged: the next check is an interval away then.
  const checksAtChange: number[] = [];
  b.readiness = 503;
  group = new TargetGroup(
    {
      targets: [a.url, b.url],
      healthCheck: { ...FAST, unhealthyThreshold: 3, healthyThreshold: 2 },
    },
    line => {
      logs.push(line);
      if (line.startsWith(`target ${b.url}`)) {
        checksAtChange.push(b.healthChecks());
        b.readiness = 200;
      }
    },
  );
  group.start();

  await waitFor('b to be unhealthy', () => !healthOf(b).healthy);
  expect(healthOf(b).reason).toBe(
    `health check GET ${READINESS_PATH} answered 503`,
  );
  expect(picks(4)).toEqual([a.url, a.url, a.url, a.url]);

  await waitFor('b to be healthy again', () => healthOf(b).healthy);
  expect(healthOf(b)).toEqual({ target: b.url, healthy: true });
  expect(checksAtChange).toEqual([3, 3 + 2]);
  expect(logs).toEqual([
    `target ${b.url} unhealthy: health check GET ${READINESS_PATH} answered 503`,
    `target ${b.url} healthy again`,
  ]);
  expect(new Set(picks(2))).toEqual(new Set([a.url, b.url]));
  expect(
    a.received.every(r => r.headers['user-agent'] === 'ELB-HealthChecker/2.0'),
  ).toBe(true);
});

it('takes out a target that refuses the connection', async () => {
  startGroup();
  await b.stop();
  await waitFor('b to be unhealthy', () => !healthOf(b).healthy);
  expect(healthOf(b).reason).toBe(
    `health check GET ${READINESS_PATH} failed: ECONNREFUSED`,
  );
  expect(healthOf(a).healthy).toBe(true);
  expect(picks(3)).toEqual([a.url, a.url, a.url]);
});

it('fails a check that is not answered within timeoutMs', async () => {
  b.readiness = 'hang';
  startGroup({ ...FAST, timeoutMs: 100 });
  await waitFor('b to be unhealthy', () => !healthOf(b).healthy);
  expect(healthOf(b).reason).toBe(
    `health check GET ${READINESS_PATH} timed out after 100 ms`,
  );
});

it('fails open: with no healthy target, it routes to all of them in turn', async () => {
  a.readiness = 503;
  b.readiness = 500;
  startGroup();
  await waitFor('both to be unhealthy', () =>
    group!.health().every(h => !h.healthy),
  );
  const [first, second, third] = picks(3);
  expect(new Set([first, second])).toEqual(new Set([a.url, b.url]));
  expect(third).toBe(first);
  expect(logs).toContain(
    `no healthy target in the group of ${a.url}, ${b.url}: failing open, routing to all of them`,
  );
});

it('takes a path from the health check options, the defaults for the rest', async () => {
  startGroup({ path: '/ready', intervalMs: 50, timeoutMs: undefined });
  await waitFor('a check of /ready', () =>
    a.received.some(r => r.url === '/ready'),
  );
  expect(a.healthChecks()).toBe(0);
  expect(() => new TargetGroup({ targets: [] })).toThrow(
    'a target group needs at least one target',
  );
  expect(
    () => new TargetGroup({ targets: [a.url], healthCheck: { path: 'ready' } }),
  ).toThrow('healthCheck.path must start with /, got ready');
  expect(
    () =>
      new TargetGroup({
        targets: [a.url],
        healthCheck: { unhealthyThreshold: 0 },
      }),
  ).toThrow('healthCheck.unhealthyThreshold must be a whole number from 1');
  expect(() => new TargetGroup('https://example.com')).toThrow(
    'target https://example.com must be an http:// URL',
  );
});

it('stop() ends the checks, the one in flight too', async () => {
  b.readiness = 'hang';
  startGroup({ ...FAST, timeoutMs: 60_000 });
  await waitFor(
    'a check in flight on b and a few on a',
    async () => (await b.connections()) === 1 && a.healthChecks() >= 3,
  );
  group!.stop();
  // Well below the 60 s timeout: only stop() can have closed b's connection this soon.
  await waitFor(
    'the checks on a and b to be closed',
    async () => (await b.connections()) + (await a.connections()) === 0,
    1000,
  );
  // Counted once closed: a check sent just before stop() may still have reached a.
  const checksOnA = a.healthChecks();
  // Four intervals: any timer stop() had left would have fired by now.
  await new Promise(resolve => setTimeout(resolve, 4 * FAST.intervalMs));
  expect(a.healthChecks()).toBe(checksOnA);
  expect(b.healthChecks()).toBe(1);
});

it('keeps no timer that would hold Node open', async () => {
  // A Node process that starts a group and never stops it must still exit by itself, once
  // the checks in flight are done (here refused at once): its timers are unref'd.
  const [portA, portB] = [await freePort(), await freePort()];
  const script = `
    const { TargetGroup } = require(${JSON.stringify(require.resolve('./TargetGroup'))});
    new TargetGroup(
      { targets: ['http://127.0.0.1:${portA}', 'http://127.0.0.1:${portB}'],
        healthCheck: { intervalMs: 50, unhealthyThreshold: 1 } },
      line => console.log(line),
    ).start();`;
  const run = spawnSync(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      '-e',
      script,
    ],
    { timeout: 15_000, encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain(`target http://127.0.0.1:${portA} unhealthy`);
  expect(run.signal).toBeNull();
  expect(run.status).toBe(0);
});
