#!/usr/bin/env node
// Browser test: the demo as a user meets it, in headless Chromium driven by playwright-core.
//
// 1. Development: runs `npm start` (AWS emulator, backend, app dev server) on free
//    ports, checks it prints the URL to open, signs in as a guest, finds the example components
//    in the catalog, opens payments-api's entity page and checks that it is Backstage's styled
//    page (header, tabs, About card) with our AWS card; then sends SIGINT, as Ctrl-C does, and
//    checks that everything stopped.
// 2. Production: builds the app and lets the backend serve it (@backstage/plugin-app-backend),
//    then signs in and opens the catalog there.
//
// Screenshots go to .test-results/screenshots/. Chromium is /usr/bin/chromium (Debian's
// package) or $CHROMIUM_PATH; without one the test fails at its first check, loudly: never a
// silent pass.
// Used by `npm test`; run alone with `npm run test:browser`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  clearScreenshots,
  ensureChromium,
  launchChromium,
  SCREENSHOT_DIR,
  VIEWPORT,
} from './lib/browser.mjs';
import { createChecks } from './lib/checks.mjs';
import { repoRoot, writeConfigOverride } from './lib/config-args.mjs';
import {
  fatalError,
  freePort,
  logTail,
  poll,
  READINESS_PATH,
  startNpm,
  stopGroup,
  waitForHttp,
} from './lib/processes.mjs';

const START_TIMEOUT_MS = 300_000;
const UI_TIMEOUT_MS = 60_000;
const EXPECTED_COMPONENTS = ['checkout-web', 'orders-search', 'payments-api'];

async function signInAsGuest(page, url) {
  await page.goto(url);
  await page
    .getByRole('button', { name: /enter/i })
    .click({ timeout: UI_TIMEOUT_MS });
}

async function expectCatalogComponents(page) {
  for (const name of EXPECTED_COMPONENTS) {
    await page
      .getByRole('link', { name, exact: true })
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
  }
}

/** Facts about the entity page that tell Backstage's styled page from a bare, unstyled route. */
async function entityPageStyle(page) {
  return page.evaluate(() => {
    const title = [...document.querySelectorAll('h1, h2')].find(
      h => h.textContent?.trim() === 'payments-api',
    );
    const style = title ? getComputedStyle(title) : undefined;
    return {
      // Backstage UI's stylesheet (@backstage/ui/css/styles.css) defines these variables.
      buiVariables: getComputedStyle(document.documentElement)
        .getPropertyValue('--bui-font-regular')
        .trim(),
      titleFontSize: style ? parseFloat(style.fontSize) : 0,
      titleFontWeight: style ? Number(style.fontWeight) : 0,
    };
  });
}

export async function runBrowserTest({ out = console.log } = {}) {
  // The page the checks are looking at; a failed check saves a screenshot of it.
  let currentPage;
  const { check, result } = createChecks({
    out,
    onFailure: async name => {
      if (!currentPage || currentPage.isClosed()) return;
      const file = `failed-${name.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await currentPage
        .screenshot({ path: path.join(SCREENSHOT_DIR, file), fullPage: true })
        .then(() => out(`       (screenshot: ${file})`))
        .catch(() => {});
    },
  });

  const hasBrowser = await check('a browser is available', ensureChromium);
  if (!hasBrowser) return result();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-browser-'));
  clearScreenshots('failed-');
  const browser = await launchChromium();
  const failedLogs = [];

  try {
    // --- 1. Development: `npm start`, as a user runs it.
    const [appPort, backendPort, emulatorPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const appUrl = `http://127.0.0.1:${appPort}`;
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const devConfig = writeConfigOverride(dir, 'dev-config.yaml', {
      app: { baseUrl: appUrl },
      backend: {
        baseUrl: backendUrl,
        listen: { port: backendPort, host: '127.0.0.1' },
        cors: { origin: appUrl },
      },
    });
    const devLog = path.join(dir, 'npm-start.log');
    const demo = startNpm(['start', '--', '--config', devConfig], devLog, {
      env: { AWS_EMULATOR_PORT: String(emulatorPort) },
    });
    const failedBefore = result().failed;

    const started = Date.now();
    const ready = await check(
      'npm start prints the one URL to open',
      async () => {
        const printed = await poll('npm start', START_TIMEOUT_MS, async () => {
          if (demo.exitCode !== null) throw fatalError('npm start exited');
          const match = fs
            .readFileSync(devLog, 'utf8')
            .match(/demo ready in .* Open (\S+)/);
          return { done: Boolean(match), value: match?.[1], reason: 'not yet' };
        });
        if (printed !== appUrl) {
          throw new Error(`printed ${printed}, expected ${appUrl}`);
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
      currentPage = page;
      const pageErrors = [];
      page.on('pageerror', error => pageErrors.push(error.message));

      await check('a guest signs in and lands in the catalog', async () => {
        await signInAsGuest(page, appUrl);
        await page.waitForURL(/\/catalog/, { timeout: UI_TIMEOUT_MS });
      });

      await check(
        `the catalog lists ${EXPECTED_COMPONENTS.join(', ')}`,
        async () => {
          await expectCatalogComponents(page);
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'catalog.png'),
          });
        },
      );

      await check(
        "payments-api's entity page opens from the catalog",
        async () => {
          await page
            .getByRole('link', { name: 'payments-api', exact: true })
            .first()
            .click();
          await page.waitForURL(
            /\/catalog\/default\/component\/payments-api$/,
            {
              timeout: UI_TIMEOUT_MS,
            },
          );
          await page
            .getByRole('heading', { name: 'payments-api' })
            .first()
            .waitFor({ timeout: UI_TIMEOUT_MS });
        },
      );

      await check(
        'the entity page has its Overview tab and About card',
        async () => {
          await page
            .getByText('Overview', { exact: true })
            .first()
            .waitFor({ timeout: UI_TIMEOUT_MS });
          await page
            .getByRole('heading', { name: 'About' })
            .waitFor({ timeout: UI_TIMEOUT_MS });
          await page
            .getByText('Card payments API on API Gateway and Lambda')
            .waitFor({ timeout: UI_TIMEOUT_MS });
        },
      );

      await check(
        'the AWS card shows the account, region and tags',
        async () => {
          // InfoCard titles are not headings to the accessibility tree, so look for the text.
          for (const text of [
            'AWS',
            '111111111111',
            'us-east-1',
            'app=payments-api',
          ]) {
            await page
              .getByText(text, { exact: true })
              .first()
              .waitFor({ timeout: UI_TIMEOUT_MS })
              .catch(() => {
                throw new Error(`'${text}' is not on the page`);
              });
          }
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'entity-page.png'),
            fullPage: true,
          });
        },
      );

      await check(
        'the entity page is styled as Backstage (not unstyled text)',
        async () => {
          const style = await entityPageStyle(page);
          if (!style.buiVariables) {
            throw new Error("Backstage UI's CSS variables are missing");
          }
          if (style.titleFontSize < 24 || style.titleFontWeight < 600) {
            throw new Error(
              `the title is ${style.titleFontSize}px, weight ${style.titleFontWeight}`,
            );
          }
        },
      );

      await check('no uncaught errors in the page', async () => {
        if (pageErrors.length > 0) throw new Error(pageErrors.join('; '));
      });
      await page.close();
    }

    await check(
      'SIGINT (Ctrl-C) stops the app, the backend, the emulator and npm start',
      async () => {
        if (demo.exitCode === null) {
          const exited = new Promise(resolve => demo.once('exit', resolve));
          process.kill(-demo.pid, 'SIGINT');
          const timer = setTimeout(() => stopGroup(demo), 30_000);
          await exited;
          clearTimeout(timer);
        }
        for (const url of [
          appUrl,
          `${backendUrl}${READINESS_PATH}`,
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
    if (result().failed > failedBefore) failedLogs.push(devLog);

    // --- 2. Production: the built app, served by the backend's app plugin.
    const failedBeforeProd = result().failed;
    const buildLog = path.join(dir, 'build-app.log');
    const built = await check('the app builds for production', async () => {
      const build = startNpm(['run', 'build:app'], buildLog);
      const code = await new Promise(resolve => build.once('exit', resolve));
      if (code !== 0) throw new Error(`npm run build:app exited with ${code}`);
    });
    if (built) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const prodConfig = writeConfigOverride(dir, 'prod-config.yaml', {
        app: { baseUrl: url },
        backend: { baseUrl: url, listen: { port, host: '127.0.0.1' } },
      });
      const prodLog = path.join(dir, 'backend-serving-app.log');
      const backend = startNpm(
        ['run', 'start:backend', '--', '--config', prodConfig],
        prodLog,
      );
      try {
        await check(
          'the backend serves the built app, and a guest sees the catalog',
          async () => {
            await waitForHttp(
              'the backend',
              `${url}${READINESS_PATH}`,
              START_TIMEOUT_MS,
              () => {
                if (backend.exitCode !== null)
                  throw fatalError('the backend exited');
              },
            );
            const page = await browser.newPage({ viewport: VIEWPORT });
            currentPage = page;
            await signInAsGuest(page, url);
            await page.waitForURL(/\/catalog/, { timeout: UI_TIMEOUT_MS });
            await expectCatalogComponents(page);
            await page.screenshot({
              path: path.join(SCREENSHOT_DIR, 'catalog-served-by-backend.png'),
            });
            await page.close();
          },
        );
      } finally {
        await stopGroup(backend);
      }
      if (result().failed > failedBeforeProd) failedLogs.push(prodLog);
    } else {
      failedLogs.push(buildLog);
    }
  } finally {
    await browser.close();
  }

  for (const logFile of failedLogs) {
    out(`  --- last 40 lines of ${logFile} ---`);
    out(logTail(logFile));
  }
  out(`  screenshots: ${path.relative(repoRoot, SCREENSHOT_DIR)}/`);
  return result();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed } = await runBrowserTest();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
