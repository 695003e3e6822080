// The development demo's /aws-admin page, as alice (in the platform group): every demo route
// and account with the broken ones' reasons, the sign-in section, the directory syncs.
import { poll } from '../lib/processes.mjs';
import {
  expectMatch,
  expectText,
  navLink,
  screenshot,
  UI_TIMEOUT_MS,
} from './ui.mjs';

// Every proxy route in app-config.yaml; /fraud-api and /legacy-reports are broken on purpose.
const DEMO_ROUTES = [
  '/demo-api',
  '/payments-api',
  '/tagging',
  '/iam',
  '/fraud-api',
  '/legacy-reports',
];

/** The checks, in order, on `page`, where alice is signed in; `albUrl` is the URL users open. */
export async function checkAdminPageAsAlice({ check, page, albUrl }) {
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
      await screenshot(page, 'aws-admin.png', { fullPage: true });
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
      await poll('the sync started from the page', UI_TIMEOUT_MS, async () => {
        const text = await row.innerText();
        return {
          done: /Started by an admin/.test(text) && /Succeeded/.test(text),
          reason: `the row reads: ${text.replace(/\s+/g, ' ')}`,
        };
      });
      await screenshot(page, 'aws-admin-directory-sync.png', {
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
}
