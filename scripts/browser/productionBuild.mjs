// Part 2 of the browser test, production: builds the app and lets the backend serve it
// (@backstage/plugin-app-backend) behind an ALB emulator whose sessions last 40 s; bob signs in
// and sees the catalog, the session ends, the app prompts to sign in again, and that works.
import path from 'node:path';
import { VIEWPORT } from '../lib/browser.mjs';
import {
  albEmulatorStartArgs,
  writeConfigOverride,
} from '../lib/config-args.mjs';
import {
  fatalError,
  freePort,
  READINESS_PATH,
  startNpm,
  stopGroup,
  waitForHttp,
} from '../lib/processes.mjs';
import { DEMO_START_TIMEOUT_MS, productionConfig } from '../lib/demoConfig.mjs';
import {
  ALL_COMPONENTS_PATH,
  expectCatalogComponents,
  expectSignedInAs,
  logIn,
  screenshot,
  UI_TIMEOUT_MS,
} from './ui.mjs';

// The ALB emulator's sessions: long enough to sign in and look around, short enough to wait out.
const SHORT_SESSION_SECONDS = 40;

/**
 * Part 2, given what runBrowserTest gives each part; returns the logs to show when a check
 * failed: the build's, or the backend's and the ALB's.
 */
export async function checkProductionBuild({
  checks: { check, result },
  browser,
  dir,
  showing,
}) {
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
    const prodConfig = writeConfigOverride(
      dir,
      'prod-config.yaml',
      productionConfig({ albUrl: url, backendPort: port }),
    );
    const prodLog = path.join(dir, 'backend-serving-app.log');
    const albLog = path.join(dir, 'alb-emulator.log');
    const backend = startNpm(
      ['run', 'start:backend', '--', '--config', prodConfig],
      prodLog,
    );
    const alb = startNpm(
      albEmulatorStartArgs({
        port: prodAlbPort,
        publicUrl: url,
        backends: [`http://127.0.0.1:${port}`],
        flags: ['--session-timeout', String(SHORT_SESSION_SECONDS)],
      }),
      albLog,
    );
    try {
      let signedInAt = 0;
      const page = await browser.newPage({ viewport: VIEWPORT });
      showing(page);
      const signedIn = await check(
        'behind the ALB, the backend serves the built app, and bob signs in to the catalog',
        async () => {
          await waitForHttp(
            'the backend',
            `http://127.0.0.1:${port}${READINESS_PATH}`,
            DEMO_START_TIMEOUT_MS,
            () => {
              if (backend.exitCode !== null)
                throw fatalError('the backend exited');
            },
          );
          await waitForHttp(
            'the ALB emulator',
            `${url}/idp/.well-known/openid-configuration`,
            DEMO_START_TIMEOUT_MS,
            () => {
              if (alb.exitCode !== null)
                throw fatalError('the ALB emulator exited');
            },
          );
          await page.goto(url);
          await logIn(page, 'bob');
          signedInAt = Date.now();
          await page.waitForURL(/\/catalog/, { timeout: UI_TIMEOUT_MS });
          await page.goto(`${url}${ALL_COMPONENTS_PATH}`);
          await expectCatalogComponents(page);
          await screenshot(page, 'catalog-served-by-backend.png');
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
            await page.evaluate(() => window.dispatchEvent(new Event('focus')));
            const dialog = page.getByRole('dialog', {
              name: 'Your sign-in has ended',
            });
            await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
            // Past the dialog's fade-in, so the screenshot shows it as a person sees it.
            await page.waitForTimeout(600);
            await screenshot(page, 'session-ended.png');
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
    return result().failed > failedBeforeProd ? [prodLog, albLog] : [];
  }
  return [buildLog];
}
