// The development demo's sign-in paths after alice: signing out, carol whom the catalog does
// not know, bob who may not see /aws-admin, dave provisioned just in time, and the users the
// directory syncs bring in.
import {
  adminApiAsPageUser,
  expectLoginForm,
  expectSignedInAs,
  expectText,
  logIn,
  navLink,
  screenshot,
  signOutFromSettings,
  UI_TIMEOUT_MS,
  untilShown,
} from './ui.mjs';

/** The checks, in order, on `page`, where alice is signed in; `albUrl` is the URL users open. */
export async function checkSignInPaths({ check, page, albUrl }) {
  await check(
    "signing out ends the ALB's and the IdP's sessions: the IdP asks for a login",
    async () => {
      await signOutFromSettings(page, albUrl);
      await expectLoginForm(page);
      await screenshot(page, 'signed-out.png');
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
      await screenshot(page, 'no-catalog-user.png');
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
      if (adminLinks > 0) throw new Error('the nav offers AWS admin to bob');
      const { status, message } = await adminApiAsPageUser(page);
      if (status !== 403 || !/denies aws\.admin\.read/.test(message)) {
        throw new Error(`the admin API answered ${status}: ${message}`);
      }
      await screenshot(page, 'aws-admin-not-allowed.png');
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
      await screenshot(page, 'jit-provisioned-user.png');
    },
  );

  await check(
    'the directory syncs put erin (Cognito, data-science) and frank (identity store, security) in the catalog',
    async () => {
      for (const [name, group] of [
        ['erin', 'data-science'],
        ['frank', 'security'],
      ]) {
        await untilShown(page, `${albUrl}/catalog/default/user/${name}`, () =>
          page.getByText(`${name}@example.com`).first(),
        );
        await page
          .getByRole('link', { name: new RegExp(`^${group}$`, 'i') })
          .first()
          .waitFor({ timeout: UI_TIMEOUT_MS });
      }
      await screenshot(page, 'directory-synced-user.png');
    },
  );
}
