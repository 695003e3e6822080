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
// 3. Replicas: the demo as `npm run start:replicas` runs it, two backends on PostgreSQL behind
//    the ALB emulator serving part 2's build; alice signs in, the proxy, the admin API and the
//    sign-in refresh are answered by each replica, /aws-admin and the AWS card render, and with
//    one replica stopped the ALB takes it out and the other answers every call.
//
// Screenshots go to .test-results/screenshots/. Chromium is /usr/bin/chromium (Debian's
// package) or $CHROMIUM_PATH; without one the test fails at its first check, loudly: never a
// silent pass.
// Used by `npm test`; run alone with `npm run test:browser`, or some parts only with
// `npm run test:browser -- replicas` (parts: development, production, replicas).
//
// The checks live in browser/: developmentDemo.mjs (part 1, with catalogChecks.mjs,
// adminPageChecks.mjs and signInChecks.mjs for the page), productionBuild.mjs (part 2),
// replicas.mjs (part 3), and ui.mjs for what they do on a page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDevelopmentDemo } from './browser/developmentDemo.mjs';
import { checkProductionBuild } from './browser/productionBuild.mjs';
import { checkReplicas } from './browser/replicas.mjs';
import {
  clearScreenshots,
  ensureChromium,
  launchChromium,
  SCREENSHOT_DIR,
} from './lib/browser.mjs';
import { createChecks } from './lib/checks.mjs';
import { repoRoot } from './lib/config-args.mjs';
import { logTail } from './lib/processes.mjs';

const PARTS = {
  development: checkDevelopmentDemo,
  production: checkProductionBuild,
  replicas: checkReplicas,
};

export async function runBrowserTest({
  out = console.log,
  parts = Object.keys(PARTS),
} = {}) {
  // The page the checks are looking at; a failed check saves a screenshot of it.
  let currentPage;
  const checks = createChecks({
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
  const { check, result } = checks;

  const hasBrowser = await check('a browser is available', ensureChromium);
  if (!hasBrowser) return result();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-browser-'));
  clearScreenshots('failed-');
  const browser = await launchChromium();
  // What each part gets: the checks to count with, the browser, a folder for its configs and
  // logs, and `showing(page)` to say which page a failed check should screenshot.
  const part = {
    checks,
    out,
    browser,
    dir,
    showing: page => {
      currentPage = page;
    },
  };
  const failedLogs = [];

  try {
    for (const name of parts) failedLogs.push(...(await PARTS[name](part)));
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
  const parts = process.argv.slice(2);
  const unknown = parts.filter(name => !(name in PARTS));
  if (unknown.length > 0) {
    console.error(
      `unknown part(s): ${unknown.join(', ')}; the parts are ${Object.keys(PARTS).join(', ')}`,
    );
    process.exit(2);
  }
  const { passed, failed } = await runBrowserTest(
    parts.length > 0 ? { parts } : {},
  );
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
