// Part 1 of the browser test, development: `npm start` as a user runs it (AWS emulator,
// backend, app dev server and the ALB emulator in front, on free ports), the demo in a page as
// alice, then carol, bob and dave, and Ctrl-C stopping all of it.
import fs from 'node:fs';
import path from 'node:path';
import { VIEWPORT } from '../lib/browser.mjs';
import { writeConfigOverride } from '../lib/config-args.mjs';
import {
  fatalError,
  freePort,
  poll,
  READINESS_PATH,
  startNpm,
  stopGroup,
} from '../lib/processes.mjs';
import { checkAdminPageAsAlice } from './adminPageChecks.mjs';
import { checkCatalogAsAlice } from './catalogChecks.mjs';
import {
  DEMO_START_TIMEOUT_MS,
  developmentConfig,
} from '../lib/demoConfig.mjs';
import { checkSignInPaths } from './signInChecks.mjs';

/** Part 1, given what runBrowserTest gives each part; returns npm start's log if a check failed. */
export async function checkDevelopmentDemo({
  checks: { check, result },
  out,
  browser,
  dir,
  showing,
}) {
  const [albPort, devServerPort, backendPort, emulatorPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // The ALB's URL is the app's and the backend's, as in production.
  const albUrl = `http://127.0.0.1:${albPort}`;
  const backendTarget = `http://127.0.0.1:${backendPort}`;
  const devConfig = writeConfigOverride(
    dir,
    'dev-config.yaml',
    developmentConfig({ albUrl, devServerPort, backendPort, emulatorPort }),
  );
  const devLog = path.join(dir, 'npm-start.log');
  const demo = startNpm(['start', '--', '--config', devConfig], devLog, {
    env: { AWS_EMULATOR_PORT: String(emulatorPort) },
  });
  const failedBefore = result().failed;

  const started = Date.now();
  const ready = await check(
    "npm start prints the one URL to open: the ALB emulator's",
    async () => {
      const printed = await poll(
        'npm start',
        DEMO_START_TIMEOUT_MS,
        async () => {
          if (demo.exitCode !== null) throw fatalError('npm start exited');
          const match = fs
            .readFileSync(devLog, 'utf8')
            .match(/demo ready in .* Open (\S+)/);
          return { done: Boolean(match), value: match?.[1], reason: 'not yet' };
        },
      );
      if (printed !== albUrl) {
        throw new Error(`printed ${printed}, expected ${albUrl}`);
      }
      out(
        `       (ready after ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    },
  );

  if (ready) {
    await check('npm start runs the AWS emulator', async () => {
      const res = await fetch(
        `http://127.0.0.1:${emulatorPort}/_emulator/health`,
      );
      const body = await res.json();
      if (res.status !== 200 || body.status !== 'ok') {
        throw new Error(
          `health answered ${res.status} ${JSON.stringify(body)}`,
        );
      }
    });

    const page = await browser.newPage({ viewport: VIEWPORT });
    showing(page);
    const pageErrors = [];
    page.on('pageerror', error => pageErrors.push(error.message));

    const context = { check, page, albUrl };
    await checkCatalogAsAlice(context);
    await checkAdminPageAsAlice(context);
    await checkSignInPaths(context);

    await check('no uncaught errors in the page', async () => {
      if (pageErrors.length > 0) throw new Error(pageErrors.join('; '));
    });
    await page.close();
  }

  await check(
    'SIGINT (Ctrl-C) stops the ALB, the app, the backend, the emulator and npm start',
    async () => {
      if (demo.exitCode === null) {
        const exited = new Promise(resolve => demo.once('exit', resolve));
        process.kill(-demo.pid, 'SIGINT');
        const timer = setTimeout(() => stopGroup(demo), 30_000);
        await exited;
        clearTimeout(timer);
      }
      for (const url of [
        albUrl,
        `http://127.0.0.1:${devServerPort}`,
        `${backendTarget}${READINESS_PATH}`,
        `http://127.0.0.1:${emulatorPort}/_emulator/health`,
      ]) {
        const stillUp = await fetch(url).then(
          () => true,
          () => false,
        );
        if (stillUp) throw new Error(`${url} still answers`);
      }
    },
  );
  return result().failed > failedBefore ? [devLog] : [];
}
