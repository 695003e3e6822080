#!/usr/bin/env node
// Browser test: the demo as a user meets it, in headless Chromium driven by playwright-core.
//
// 1. Development: runs `npm start` (AWS emulator, backend, app dev server, and the ALB emulator
//    in front) on free ports, checks it prints the ALB's URL as the one to open, logs in at the
//    IdP's form as alice and lands in the catalog signed in as her (name and email on the
//    settings page), opens payments-api's entity page and checks that it is Backstage's styled
//    page with our AWS card listing its tagged resources (both regions, console links), then
//    orders-search's (another account and region) and fraud-scoring's (an account the route
//    does not allow: the error names the key); opens /aws-admin from the nav (alice is in the
//    platform group) and checks every demo route and account, the broken ones with their
//    reasons, the sign-in section, the two directory syncs (one started again from the page),
//    and that a re-check updates a row; signs out and checks
//    that a reload asks for a login again; logs in
//    as carol, whom the catalog does not know, and sees the page that says so; signs in as
//    someone else from there (bob) and is bob, who is told /aws-admin is not for him, has no nav
//    item for it, and gets a 403 from its API; signs out and logs in as dave, whom no catalog
//    file has: he is provisioned just in time, and his User page shows him in payments; erin
//    and frank, whom the directory syncs bring in, have User pages with their groups. Then sends SIGINT, as Ctrl-C does, and checks
//    that everything stopped.
// 2. Production: builds the app and lets the backend serve it (@backstage/plugin-app-backend)
//    behind an ALB emulator whose sessions last 40 s; bob signs in and sees the catalog, the
//    session ends, the app shows the prompt to sign in again, and signing in again works.
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
const EXPECTED_COMPONENTS = [
  'checkout-web',
  'fraud-scoring',
  'orders-search',
  'payments-api',
];

const DEMO_PASSWORD = 'aws-bridge';
// Every proxy route in app-config.yaml; /fraud-api and /legacy-reports are broken on purpose.
const DEMO_ROUTES = [
  '/demo-api',
  '/payments-api',
  '/tagging',
  '/iam',
  '/fraud-api',
  '/legacy-reports',
];
// The ALB emulator's sessions in the production part: long enough to sign in and look around,
// short enough to wait out.
const SHORT_SESSION_SECONDS = 40;

/** Waits for the IdP's login form (the ALB sent the browser there). */
async function expectLoginForm(page) {
  await page.locator('#username').waitFor({ timeout: UI_TIMEOUT_MS });
  if (!new URL(page.url()).pathname.startsWith('/idp/')) {
    throw new Error(`the login form is at ${page.url()}, not the IdP's`);
  }
}

/** Logs in at the IdP's form, which must be showing. */
async function logIn(page, username) {
  await expectLoginForm(page);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the settings page and checks the profile shown is this person's. */
async function expectSignedInAs(page, baseUrl, { name, email }) {
  await page.goto(`${baseUrl}/settings`);
  for (const text of [name, email]) {
    await expectText(page, text, 'the settings page');
  }
}

/** Signs out from the settings page's profile menu, as a person does. */
async function signOutFromSettings(page, baseUrl) {
  await page.goto(`${baseUrl}/settings`);
  await page
    .getByRole('button', { name: /more/i })
    .first()
    .click({ timeout: UI_TIMEOUT_MS });
  await page.getByText('Sign Out').click({ timeout: UI_TIMEOUT_MS });
}

/** Waits for an exact text on the page; `where` names the page in the error. */
async function expectText(page, text, where = 'the page') {
  await page
    .getByText(text, { exact: true })
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS })
    .catch(() => {
      throw new Error(`'${text}' is not on ${where}`);
    });
}

/**
 * Opens `url` until `locate()` finds something there: for what the catalog shows only once it
 * has processed an entity in the background.
 */
async function untilShown(page, url, locate, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    const shown = await locate()
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    if (shown) return;
    if (Date.now() > deadline) {
      throw new Error(
        `nothing expected showed at ${url} within ${timeoutMs} ms`,
      );
    }
  }
}

/** A link in the app's sidebar (the page header's breadcrumbs are a nav too, not this one). */
function navLink(page, name) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name });
}

/** Waits for text matching a pattern; `what` names it in the error. */
async function expectMatch(page, pattern, what) {
  await page
    .getByText(pattern)
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS })
    .catch(() => {
      throw new Error(`${what} (${pattern}) is not on the page`);
    });
}

/**
 * Calls the admin API from the page as the signed-in user: gets their Backstage token the way
 * the app does (the ALB's session cookie rides along), then asks for the routes.
 */
async function adminApiAsPageUser(page) {
  return page.evaluate(async () => {
    const refresh = await fetch('/api/auth/awsalb/refresh', {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const { backstageIdentity } = await refresh.json();
    const res = await fetch('/api/aws/admin/routes', {
      headers: { authorization: `Bearer ${backstageIdentity.token}` },
    });
    const body = await res.json();
    return { status: res.status, message: body?.error?.message };
  });
}

/** Types into the AWS card's table filter. */
async function filterAwsCard(page, text) {
  await page.getByPlaceholder('Filter').fill(text);
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

/** The awsalb provider's settings that depend on where the ALB emulator listens. */
function albProviderConfig(albUrl) {
  return {
    issuer: `${albUrl}/idp`,
    publicKeyEndpoint: `${albUrl}/_alb/public-keys`,
    logoutUrl: `${albUrl}/idp/session/end?client_id=aws-bridge-demo&post_logout_redirect_uri=${encodeURIComponent(`${albUrl}/`)}`,
  };
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
    const [albPort, devServerPort, backendPort, emulatorPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    // The ALB's URL is the app's and the backend's, as in production.
    const albUrl = `http://127.0.0.1:${albPort}`;
    const backendTarget = `http://127.0.0.1:${backendPort}`;
    const devConfig = writeConfigOverride(dir, 'dev-config.yaml', {
      app: {
        baseUrl: albUrl,
        listen: { host: '127.0.0.1', port: devServerPort },
      },
      backend: {
        baseUrl: albUrl,
        listen: { port: backendPort, host: '127.0.0.1' },
        cors: { origin: albUrl },
      },
      auth: { providers: { awsalb: albProviderConfig(albUrl) } },
      // The routes the entity card calls and the admin page probes, to this run's AWS emulator
      // (app-config.yaml has the emulator's usual port, 4566).
      aws: {
        proxy: {
          routes: {
            '/tagging': { target: `http://127.0.0.1:${emulatorPort}` },
            '/iam': { target: `http://127.0.0.1:${emulatorPort}` },
            '/fraud-api': { target: `http://127.0.0.1:${emulatorPort}/prod` },
            '/demo-api': { target: `http://127.0.0.1:${emulatorPort}/prod` },
            '/payments-api': {
              target: `http://127.0.0.1:${emulatorPort}/prod`,
            },
          },
        },
      },
    });
    const devLog = path.join(dir, 'npm-start.log');
    const demo = startNpm(['start', '--', '--config', devConfig], devLog, {
      env: { AWS_EMULATOR_PORT: String(emulatorPort) },
    });
    const failedBefore = result().failed;

    const started = Date.now();
    const ready = await check(
      "npm start prints the one URL to open: the ALB emulator's",
      async () => {
        const printed = await poll('npm start', START_TIMEOUT_MS, async () => {
          if (demo.exitCode !== null) throw fatalError('npm start exited');
          const match = fs
            .readFileSync(devLog, 'utf8')
            .match(/demo ready in .* Open (\S+)/);
          return { done: Boolean(match), value: match?.[1], reason: 'not yet' };
        });
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
      currentPage = page;
      const pageErrors = [];
      page.on('pageerror', error => pageErrors.push(error.message));

      await check(
        "the ALB sends a new visitor to the IdP's login form",
        async () => {
          await page.goto(albUrl);
          await expectLoginForm(page);
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'alb-login.png'),
          });
        },
      );

      await check(
        'alice logs in at the IdP and lands in the catalog',
        async () => {
          await logIn(page, 'alice');
          await page.waitForURL(/\/catalog/, { timeout: UI_TIMEOUT_MS });
        },
      );

      await check(
        `the catalog lists ${EXPECTED_COMPONENTS.join(', ')}`,
        async () => {
          // "All", not the default "Owned" filter: alice owns only some of them.
          await page.goto(
            `${albUrl}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`,
          );
          await expectCatalogComponents(page);
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'catalog.png'),
          });
        },
      );

      await check(
        'the settings page shows alice, signed in: Alice Example, alice@example.com',
        async () => {
          await expectSignedInAs(page, albUrl, {
            name: 'Alice Example',
            email: 'alice@example.com',
          });
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'settings-signed-in.png'),
          });
        },
      );

      await check(
        "payments-api's entity page opens from the catalog",
        async () => {
          await page.goto(
            `${albUrl}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`,
          );
          await page
            .getByRole('link', { name: 'payments-api', exact: true })
            .first()
            .click({ timeout: UI_TIMEOUT_MS });
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
        "the AWS card lists payments-api's tagged resources in 111111111111 (payments-prod), both regions, paged",
        async () => {
          // InfoCard titles are not headings to the accessibility tree, so look for the text.
          // 129 in us-east-1 (two GetResources pages) and 1 in eu-west-1.
          for (const text of [
            '111111111111 (payments-prod)',
            'us-east-1, eu-west-1',
            'app=payments-api',
            '130 resources',
          ]) {
            await expectText(page, text);
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

      await check(
        'its console links open the resource in the AWS console, in its region',
        async () => {
          await filterAwsCard(page, 'function:payments-api');
          const expected = {
            'payments-api':
              'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/payments-api',
            'payments-api-dr':
              'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/payments-api-dr',
          };
          for (const [name, href] of Object.entries(expected)) {
            const link = page.getByRole('link', {
              name: new RegExp(`^Open ${name},`),
            });
            await link.waitFor({ timeout: UI_TIMEOUT_MS });
            const actual = await link.getAttribute('href');
            const target = await link.getAttribute('target');
            if (actual !== href || target !== '_blank') {
              throw new Error(
                `${name}'s link is ${actual} (target ${target}), not ${href} in a new tab`,
              );
            }
          }
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'entity-card-filtered.png'),
            fullPage: true,
          });
        },
      );

      await check(
        "orders-search's AWS card lists its resources in 222222222222 (orders-staging), eu-west-1",
        async () => {
          await page.goto(`${albUrl}/catalog/default/component/orders-search`);
          for (const text of [
            '222222222222 (orders-staging)',
            '5 resources',
            'orders-indexer',
            'orders-search-snapshots',
            'OpenSearch domain',
          ]) {
            await expectText(page, text);
          }
          // orders-edge carries the tags too, but in us-east-1, which the entity does not name.
          if (await page.getByText('orders-edge').count()) {
            throw new Error('orders-edge (us-east-1) is listed');
          }
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'entity-card-orders.png'),
            fullPage: true,
          });
        },
      );

      await check(
        "fraud-scoring's AWS card says its account is not one the /tagging route allows, naming the key",
        async () => {
          await page.goto(`${albUrl}/catalog/default/component/fraud-scoring`);
          await expectText(
            page,
            'Error: The proxy route /tagging does not allow account 333333333333',
          );
          await page
            .getByText(/aws\.proxy\.routes\.\/tagging\.accounts allows/)
            .first()
            .waitFor({ timeout: UI_TIMEOUT_MS });
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'entity-card-not-allowed.png'),
            fullPage: true,
          });
        },
      );

      await check(
        'alice, in the platform group, has AWS admin in the nav, and it opens /aws-admin',
        async () => {
          await page.goto(`${albUrl}/catalog`);
          const link = navLink(page, 'AWS admin');
          await link.waitFor({ timeout: UI_TIMEOUT_MS });
          await link.click();
          await page.waitForURL(/\/aws-admin$/, { timeout: UI_TIMEOUT_MS });
        },
      );

      await check(
        `/aws-admin lists every demo route (${DEMO_ROUTES.join(', ')}), the broken ones with their reasons`,
        async () => {
          await expectText(page, 'Proxy routes (6, 2 unhealthy)');
          for (const route of DEMO_ROUTES) {
            await expectText(page, `aws.proxy.routes.${route}`);
          }
          await expectMatch(
            page,
            /^Credentials failed after \d+ ms: User: arn:aws:iam::999999999999:user\/backstage is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role\/BackstageReadOnly/,
            "/fraud-api's refused role",
          );
          await expectMatch(
            page,
            /^Probe \/reports\/: no answer \(.*ECONNREFUSED/,
            "/legacy-reports' target that does not answer",
          );
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'aws-admin.png'),
            fullPage: true,
          });
        },
      );

      await check(
        '/aws-admin lists every demo account with its alias, and fraud-risk failing with what to fix',
        async () => {
          await expectText(page, 'AWS accounts (4, 1 failing)');
          for (const alias of [
            'aws-bridge-platform',
            'payments-prod',
            'orders-staging',
          ]) {
            await expectText(page, alias);
          }
          await expectText(page, 'Failing: AccessDenied');
          await expectMatch(
            page,
            /^AWS refused to let the main account's credentials \(aws\.mainAccount\) assume arn:aws:iam::333333333333:role\/BackstageReadOnly\. Check that the role exists, that its trust policy/,
            'the advice for aws.accounts[2]',
          );
        },
      );

      await check(
        "/aws-admin's sign-in section shows the ALB's issuer, a key endpoint that answers, and alice's sign-in",
        async () => {
          await expectText(page, `${albUrl}/idp`);
          await expectMatch(page, /^Yes: 200 in \d+ ms$/, 'the key endpoint');
          await expectMatch(
            page,
            /as user:default\/alice/,
            'the last successful sign-in',
          );
        },
      );

      await check(
        "/aws-admin's directory sync section shows both demo syncs with their last run, and 'Sync now' runs one again",
        async () => {
          await expectText(page, 'User directory sync (2, none failing)');
          await expectText(page, 'Cognito user pool us-east-1_AwsBrdg01');
          await expectText(page, 'Identity Center store d-90670a1b2c');
          await expectText(page, '1 user, 1 group');
          const row = page.locator('tr', {
            hasText: 'catalog.providers.awsDirectory.demo-cognito',
          });
          await row
            .getByRole('button', { name: 'Sync now' })
            .click({ timeout: UI_TIMEOUT_MS });
          await poll(
            'the sync started from the page',
            UI_TIMEOUT_MS,
            async () => {
              const text = await row.innerText();
              return {
                done:
                  /Started by an admin/.test(text) && /Succeeded/.test(text),
                reason: `the row reads: ${text.replace(/\s+/g, ' ')}`,
              };
            },
          );
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'aws-admin-directory-sync.png'),
            fullPage: true,
          });
        },
      );

      await check(
        "checking /payments-api again updates its row's time",
        async () => {
          const row = page.locator('tr', {
            hasText: 'aws.proxy.routes./payments-api',
          });
          const before = await row.locator('time').getAttribute('datetime');
          await page
            .getByRole('button', { name: 'Check /payments-api again' })
            .click({ timeout: UI_TIMEOUT_MS });
          await poll('the re-check', UI_TIMEOUT_MS, async () => {
            const now = await row.locator('time').getAttribute('datetime');
            return { done: now !== before, reason: `still ${now}` };
          });
        },
      );

      await check(
        "signing out ends the ALB's and the IdP's sessions: the IdP asks for a login",
        async () => {
          await signOutFromSettings(page, albUrl);
          await expectLoginForm(page);
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'signed-out.png'),
          });
        },
      );

      await check(
        'after signing out, a reload of the app asks for a login again',
        async () => {
          await page.goto(`${albUrl}/catalog`);
          await expectLoginForm(page);
          // Neither session cookie came back: the ALB's shards were expired, not just hidden.
          const cookies = await page.context().cookies(albUrl);
          const albCookies = cookies.filter(c =>
            c.name.startsWith('AWSELBAuthSessionCookie'),
          );
          if (albCookies.length > 0) {
            throw new Error(
              `ALB cookies left: ${albCookies.map(c => c.name).join(', ')}`,
            );
          }
        },
      );

      await check(
        'carol, whom the catalog does not know, sees a page that says so and names her',
        async () => {
          await logIn(page, 'carol');
          await page
            .getByText('Backstage does not know you yet')
            .waitFor({ timeout: UI_TIMEOUT_MS });
          await page
            .getByText(/carol@contractor\.example.*cannot be added/)
            .waitFor({ timeout: UI_TIMEOUT_MS });
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'no-catalog-user.png'),
          });
        },
      );

      await check(
        "from there, 'Sign in as someone else' lets bob sign in, as himself",
        async () => {
          await page
            .getByRole('button', { name: 'Sign in as someone else' })
            .click({ timeout: UI_TIMEOUT_MS });
          await logIn(page, 'bob');
          await page.waitForURL(/\/catalog/, { timeout: UI_TIMEOUT_MS });
          await expectSignedInAs(page, albUrl, {
            name: 'Bob Example',
            email: 'bob@example.com',
          });
        },
      );

      await check(
        'bob, outside platform, is told /aws-admin is not for him, has no nav item for it, and the backend refuses him its API (403)',
        async () => {
          await page.goto(`${albUrl}/aws-admin`);
          await expectText(
            page,
            'Warning: You are not allowed to see the AWS admin page',
          );
          // The nav asked the same permission, now answered: no item.
          await expectText(page, 'Catalog');
          // (The page's own title links to the page, so only the nav is searched.)
          const adminLinks = await navLink(page, 'AWS admin').count();
          if (adminLinks > 0)
            throw new Error('the nav offers AWS admin to bob');
          const { status, message } = await adminApiAsPageUser(page);
          if (status !== 403 || !/denies aws\.admin\.read/.test(message)) {
            throw new Error(`the admin API answered ${status}: ${message}`);
          }
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'aws-admin-not-allowed.png'),
          });
        },
      );

      await check(
        'dave, in no catalog file, signs in and is provisioned just in time: the catalog shows him as a User in his group',
        async () => {
          // Sign-out ends at the IdP's login form, as the checks above show.
          await signOutFromSettings(page, albUrl);
          await logIn(page, 'dave');
          await page.waitForURL(/\/catalog/, { timeout: UI_TIMEOUT_MS });
          await expectSignedInAs(page, albUrl, {
            name: 'Dave Example',
            email: 'dave@example.com',
          });
          // The catalog processes the new entity in the background, within seconds.
          await untilShown(page, `${albUrl}/catalog/default/user/dave`, () =>
            page.getByText('dave@example.com').first(),
          );
          await page
            .getByRole('link', { name: /^payments$/i })
            .first()
            .waitFor({ timeout: UI_TIMEOUT_MS });
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'jit-provisioned-user.png'),
          });
        },
      );

      await check(
        'the directory syncs put erin (Cognito, data-science) and frank (identity store, security) in the catalog',
        async () => {
          for (const [name, group] of [
            ['erin', 'data-science'],
            ['frank', 'security'],
          ]) {
            await untilShown(
              page,
              `${albUrl}/catalog/default/user/${name}`,
              () => page.getByText(`${name}@example.com`).first(),
            );
            await page
              .getByRole('link', { name: new RegExp(`^${group}$`, 'i') })
              .first()
              .waitFor({ timeout: UI_TIMEOUT_MS });
          }
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, 'directory-synced-user.png'),
          });
        },
      );

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
    if (result().failed > failedBefore) failedLogs.push(devLog);

    // --- 2. Production: the built app, served by the backend's app plugin, behind the ALB.
    const failedBeforeProd = result().failed;
    const buildLog = path.join(dir, 'build-app.log');
    const built = await check('the app builds for production', async () => {
      const build = startNpm(['run', 'build:app'], buildLog);
      const code = await new Promise(resolve => build.once('exit', resolve));
      if (code !== 0) throw new Error(`npm run build:app exited with ${code}`);
    });
    if (built) {
      const [port, prodAlbPort] = [await freePort(), await freePort()];
      const url = `http://127.0.0.1:${prodAlbPort}`;
      const prodConfig = writeConfigOverride(dir, 'prod-config.yaml', {
        app: { baseUrl: url },
        backend: { baseUrl: url, listen: { port, host: '127.0.0.1' } },
        auth: { providers: { awsalb: albProviderConfig(url) } },
      });
      const prodLog = path.join(dir, 'backend-serving-app.log');
      const albLog = path.join(dir, 'alb-emulator.log');
      const backend = startNpm(
        ['run', 'start:backend', '--', '--config', prodConfig],
        prodLog,
      );
      const alb = startNpm(
        [
          'run',
          'start',
          '--workspace',
          'packages/alb-emulator',
          '--',
          '--port',
          String(prodAlbPort),
          '--public-url',
          url,
          '--backend',
          `http://127.0.0.1:${port}`,
          '--session-timeout',
          String(SHORT_SESSION_SECONDS),
        ],
        albLog,
      );
      try {
        let signedInAt = 0;
        const page = await browser.newPage({ viewport: VIEWPORT });
        currentPage = page;
        const signedIn = await check(
          'behind the ALB, the backend serves the built app, and bob signs in to the catalog',
          async () => {
            await waitForHttp(
              'the backend',
              `http://127.0.0.1:${port}${READINESS_PATH}`,
              START_TIMEOUT_MS,
              () => {
                if (backend.exitCode !== null)
                  throw fatalError('the backend exited');
              },
            );
            await waitForHttp(
              'the ALB emulator',
              `${url}/idp/.well-known/openid-configuration`,
              START_TIMEOUT_MS,
              () => {
                if (alb.exitCode !== null)
                  throw fatalError('the ALB emulator exited');
              },
            );
            await page.goto(url);
            await logIn(page, 'bob');
            signedInAt = Date.now();
            await page.waitForURL(/\/catalog/, { timeout: UI_TIMEOUT_MS });
            await page.goto(
              `${url}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`,
            );
            await expectCatalogComponents(page);
            await page.screenshot({
              path: path.join(SCREENSHOT_DIR, 'catalog-served-by-backend.png'),
            });
          },
        );
        if (signedIn) {
          await check(
            `when the ALB session ends (${SHORT_SESSION_SECONDS} s), the open app prompts to sign in again`,
            async () => {
              const wait =
                signedInAt + SHORT_SESSION_SECONDS * 1000 + 1500 - Date.now();
              if (wait > 0) await new Promise(r => setTimeout(r, wait));
              // The person comes back to the tab: the app asks the ALB whether the session holds.
              await page.evaluate(() =>
                window.dispatchEvent(new Event('focus')),
              );
              const dialog = page.getByRole('dialog', {
                name: 'Your sign-in has ended',
              });
              await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
              // Past the dialog's fade-in, so the screenshot shows it as a person sees it.
              await page.waitForTimeout(600);
              await page.screenshot({
                path: path.join(SCREENSHOT_DIR, 'session-ended.png'),
              });
            },
          );
          await check(
            "'Sign in again' goes back through the ALB and the IdP, and bob is in again",
            async () => {
              await page
                .getByRole('button', { name: 'Sign in again' })
                .click({ timeout: UI_TIMEOUT_MS });
              // The IdP's own session still holds, so it signs bob straight back in, as
              // Cognito or Okta would.
              await page
                .getByText('Your sign-in has ended')
                .waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
              await expectSignedInAs(page, url, {
                name: 'Bob Example',
                email: 'bob@example.com',
              });
            },
          );
        }
        await page.close();
      } finally {
        await stopGroup(alb);
        await stopGroup(backend);
      }
      if (result().failed > failedBeforeProd) failedLogs.push(prodLog, albLog);
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
