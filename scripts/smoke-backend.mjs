#!/usr/bin/env node
// Smoke test: starts the demo backend the way a user does (`npm run start:backend -- --config`)
// on a free port, then checks readiness, the aws plugin's health, a guest sign-in and the
// example components in the catalog. Used by `npm test`; run alone with `npm run test:smoke`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChecks } from './lib/checks.mjs';
import { writeConfigOverride } from './lib/config-args.mjs';
import {
  fatalError,
  freePort,
  logTail,
  poll,
  READINESS_PATH,
  startNpm,
  stopGroup,
} from './lib/processes.mjs';

const STARTUP_TIMEOUT_MS = 120_000;
const CATALOG_TIMEOUT_MS = 90_000;
const STARTUP_FAILED = 'Backend startup failed';
const EXPECTED_COMPONENTS = [
  'checkout-web',
  'fraud-scoring',
  'orders-search',
  'payments-api',
];

/**
 * Runs the smoke test; returns { passed, failed } and prints one line per check.
 * `out` prints each line; the backend's own output goes to a log file, shown on failure.
 */
export async function runBackendSmokeTest({ out = console.log } = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-smoke-'));
  // The demo offers no guest sign-in (issue 43): this backend, which only this script reaches,
  // turns it on for the checks below that need a user token.
  const overrides = writeConfigOverride(dir, 'smoke-config.yaml', {
    backend: { baseUrl, listen: { port, host: '127.0.0.1' } },
    auth: { providers: { guest: {} } },
  });
  const logFile = path.join(dir, 'backend.log');
  const backend = startNpm(
    ['run', 'start:backend', '--', '--config', overrides],
    logFile,
  );
  let exited = null;
  backend.on('exit', code => {
    exited = code;
  });

  const { check, result } = createChecks({ out });
  // Fatal conditions end the wait at once: a backend that exited, or one that logged a failed
  // start (in development mode `backstage-cli package start` keeps such a process alive).
  const ensureStarting = () => {
    if (exited !== null) {
      throw fatalError(`the backend exited with code ${exited}`);
    }
    if (fs.readFileSync(logFile, 'utf8').includes(STARTUP_FAILED)) {
      throw fatalError(`the backend logged '${STARTUP_FAILED}'`);
    }
  };

  let ready = false;
  const started = Date.now();
  await check(`the backend becomes ready at ${READINESS_PATH}`, async () => {
    await poll('readiness', STARTUP_TIMEOUT_MS, async () => {
      ensureStarting();
      const res = await fetch(`${baseUrl}${READINESS_PATH}`);
      return { done: res.status === 200, reason: `HTTP ${res.status}` };
    });
    ready = true;
    out(`       (ready after ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });

  if (ready) {
    await check(
      'GET /api/aws/health answers {"status":"ok"} without a token',
      async () => {
        const res = await fetch(`${baseUrl}/api/aws/health`);
        const body = await res.text();
        if (res.status !== 200 || JSON.parse(body).status !== 'ok') {
          throw new Error(`HTTP ${res.status}: ${body}`);
        }
      },
    );

    await check('the catalog refuses a request without a token', async () => {
      const res = await fetch(`${baseUrl}/api/catalog/entities`);
      if (res.status !== 401)
        throw new Error(`expected 401, got HTTP ${res.status}`);
    });

    await check(
      'the awsalb provider refuses a request without ALB headers: 401 naming the header',
      async () => {
        const res = await fetch(`${baseUrl}/api/auth/awsalb/refresh`);
        const body = await res.json();
        if (
          res.status !== 401 ||
          !/Missing ALB header x-amzn-oidc-data/.test(body?.error?.message)
        ) {
          throw new Error(`HTTP ${res.status}: ${body?.error?.message}`);
        }
      },
    );

    let token;
    await check('a guest signs in at /api/auth/guest/refresh', async () => {
      const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      const body = await res.json();
      token = body?.backstageIdentity?.token;
      if (res.status !== 200 || !token) {
        throw new Error(`HTTP ${res.status}, no backstageIdentity.token`);
      }
    });

    await check(
      `the catalog lists the example components (${EXPECTED_COMPONENTS.join(', ')})`,
      async () => {
        if (!token) throw new Error('no guest token');
        const found = await poll('catalog', CATALOG_TIMEOUT_MS, async () => {
          const res = await fetch(
            `${baseUrl}/api/catalog/entities?filter=kind=component`,
            {
              headers: { Authorization: `Bearer ${token}` },
            },
          );
          if (res.status !== 200)
            return { done: false, reason: `HTTP ${res.status}` };
          const names = (await res.json()).map(e => e.metadata.name).sort();
          const done = EXPECTED_COMPONENTS.every(n => names.includes(n));
          return { done, value: names, reason: `found [${names.join(', ')}]` };
        });
        out(`       (components: ${found.join(', ')})`);
      },
    );

    await check(
      'the SigV4 proxy refuses a request without a token',
      async () => {
        const res = await fetch(`${baseUrl}/api/aws/proxy/demo-api/items`);
        if (res.status !== 401)
          throw new Error(`expected 401, got HTTP ${res.status}`);
      },
    );

    await check(
      'the SigV4 proxy forwards a signed-in request to /demo-api (200 from the emulator, or 502 saying its target failed, without its address, when it is not running)',
      async () => {
        const res = await fetch(`${baseUrl}/api/aws/proxy/demo-api/items`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = await res.json();
        const forwarded = res.status === 200 && body?.path === '/prod/items';
        const unreachable =
          res.status === 502 &&
          body?.error?.message ===
            "AWS proxy route '/demo-api': its target failed: connection refused (ECONNREFUSED)";
        if (!forwarded && !unreachable) {
          throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
        }
      },
    );

    await check(
      'the SigV4 proxy refuses an operation /tagging does not allow (403, before any AWS call), naming the operation and not the ones it allows',
      async () => {
        const res = await fetch(`${baseUrl}/api/aws/proxy/tagging/`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.TagResources',
          },
          body: '{}',
        });
        const body = await res.json();
        if (
          res.status !== 403 ||
          body?.error?.reason !== 'operation-not-allowed' ||
          !/TagResources/.test(body?.error?.message) ||
          /GetResources/.test(body?.error?.message)
        ) {
          throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
        }
      },
    );

    await check(
      "the admin API refuses the guest: the demo's policy lets only the platform group read it (403)",
      async () => {
        const res = await fetch(`${baseUrl}/api/aws/admin/routes`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = await res.json();
        if (
          res.status !== 403 ||
          !/denies aws\.admin\.read/.test(body?.error?.message)
        ) {
          throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
        }
      },
    );

    await check(
      'payments-api carries its aws-bridge.io annotations',
      async () => {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities/by-name/component/default/payments-api`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
        const entity = await res.json();
        const account =
          entity?.metadata?.annotations?.['aws-bridge.io/aws-account-id'];
        if (account !== '111111111111')
          throw new Error(`aws-account-id is ${account}`);
      },
    );
  }

  // Stop the whole group and wait for it, so no backend outlives the test.
  await stopGroup(backend);
  if (result().failed > 0) {
    out(`  --- last 40 lines of the backend's output (${logFile}) ---`);
    out(logTail(logFile));
  }
  return result();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed } = await runBackendSmokeTest();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
