// What the browser test does on a page as a person would (log in at the IdP's form, sign out
// from the settings page) and what it waits for there, each with an error that says what was
// missing. Shared by the development and the production checks.
import path from 'node:path';
import { SCREENSHOT_DIR } from '../lib/browser.mjs';

export const UI_TIMEOUT_MS = 60_000;
export const EXPECTED_COMPONENTS = [
  'checkout-web',
  'fraud-scoring',
  'orders-search',
  'payments-api',
];
// The catalog's component list with "All", not the default "Owned" filter: a user owns only
// some of them.
export const ALL_COMPONENTS_PATH =
  '/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all';

const DEMO_PASSWORD = 'aws-bridge';

/** Saves a screenshot of `page` as `file` in the screenshot folder. */
export async function screenshot(page, file, { fullPage = false } = {}) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, file), fullPage });
}

/** Waits for the IdP's login form (the ALB sent the browser there). */
export async function expectLoginForm(page) {
  await page.locator('#username').waitFor({ timeout: UI_TIMEOUT_MS });
  if (!new URL(page.url()).pathname.startsWith('/idp/')) {
    throw new Error(`the login form is at ${page.url()}, not the IdP's`);
  }
}

/** Logs in at the IdP's form, which must be showing. */
export async function logIn(page, username) {
  await expectLoginForm(page);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the settings page and checks the profile shown is this person's. */
export async function expectSignedInAs(page, baseUrl, { name, email }) {
  await page.goto(`${baseUrl}/settings`);
  for (const text of [name, email]) {
    await expectText(page, text, 'the settings page');
  }
}

/** Signs out from the settings page's profile menu, as a person does. */
export async function signOutFromSettings(page, baseUrl) {
  await page.goto(`${baseUrl}/settings`);
  await page
    .getByRole('button', { name: /more/i })
    .first()
    .click({ timeout: UI_TIMEOUT_MS });
  await page.getByText('Sign Out').click({ timeout: UI_TIMEOUT_MS });
}

/** Waits for an exact text on the page; `where` names the page in the error. */
export async function expectText(page, text, where = 'the page') {
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
export async function untilShown(page, url, locate, timeoutMs = 60_000) {
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
export function navLink(page, name) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name });
}

/** Waits for text matching a pattern; `what` names it in the error. */
export async function expectMatch(page, pattern, what) {
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
export async function adminApiAsPageUser(page) {
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
export async function filterAwsCard(page, text) {
  await page.getByPlaceholder('Filter').fill(text);
}

export async function expectCatalogComponents(page) {
  for (const name of EXPECTED_COMPONENTS) {
    await page
      .getByRole('link', { name, exact: true })
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
  }
}

/** Facts about the entity page that tell Backstage's styled page from a bare, unstyled route. */
export async function entityPageStyle(page) {
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
