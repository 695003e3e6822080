// The development demo, signed in as alice: the IdP's login form, the catalog, payments-api's
// entity page with the AWS card, and the cards of orders-search and fraud-scoring.
import {
  ALL_COMPONENTS_PATH,
  entityPageStyle,
  expectCatalogComponents,
  EXPECTED_COMPONENTS,
  expectLoginForm,
  expectSignedInAs,
  expectText,
  filterAwsCard,
  logIn,
  screenshot,
  UI_TIMEOUT_MS,
} from './ui.mjs';

/** The checks, in order, on `page`, a fresh page; `albUrl` is the URL users open. */
export async function checkCatalogAsAlice({ check, page, albUrl }) {
  await check(
    "the ALB sends a new visitor to the IdP's login form",
    async () => {
      await page.goto(albUrl);
      await expectLoginForm(page);
      await screenshot(page, 'alb-login.png');
    },
  );

  await check('alice logs in at the IdP and lands in the catalog', async () => {
    await logIn(page, 'alice');
    await page.waitForURL(/\/catalog/, { timeout: UI_TIMEOUT_MS });
  });

  await check(
    `the catalog lists ${EXPECTED_COMPONENTS.join(', ')}`,
    async () => {
      // "All", not the default "Owned" filter: alice owns only some of them.
      await page.goto(`${albUrl}${ALL_COMPONENTS_PATH}`);
      await expectCatalogComponents(page);
      await screenshot(page, 'catalog.png');
    },
  );

  await check(
    'the settings page shows alice, signed in: Alice Example, alice@example.com',
    async () => {
      await expectSignedInAs(page, albUrl, {
        name: 'Alice Example',
        email: 'alice@example.com',
      });
      await screenshot(page, 'settings-signed-in.png');
    },
  );

  await check("payments-api's entity page opens from the catalog", async () => {
    await page.goto(`${albUrl}${ALL_COMPONENTS_PATH}`);
    await page
      .getByRole('link', { name: 'payments-api', exact: true })
      .first()
      .click({ timeout: UI_TIMEOUT_MS });
    await page.waitForURL(/\/catalog\/default\/component\/payments-api$/, {
      timeout: UI_TIMEOUT_MS,
    });
    await page
      .getByRole('heading', { name: 'payments-api' })
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
  });

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
      await screenshot(page, 'entity-page.png', { fullPage: true });
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
      await screenshot(page, 'entity-card-filtered.png', { fullPage: true });
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
      await screenshot(page, 'entity-card-orders.png', { fullPage: true });
    },
  );

  await check(
    "fraud-scoring's AWS card says its account is not one the /tagging route allows, and what to change, without the route's list",
    async () => {
      await page.goto(`${albUrl}/catalog/default/component/fraud-scoring`);
      await expectText(
        page,
        'Error: The proxy route /tagging does not allow account 333333333333',
      );
      // The proxy's words name the account asked for, not the accounts the route allows.
      await page
        .getByText(
          "AWS proxy route '/tagging' may not be called for account 333333333333; an admin can see the route's settings on /aws-admin",
        )
        .first()
        .waitFor({ timeout: UI_TIMEOUT_MS });
      await page
        .getByText(/Add the account to the route's accounts list/)
        .first()
        .waitFor({ timeout: UI_TIMEOUT_MS });
      if ((await page.getByText(/accounts allows/).count()) > 0) {
        throw new Error("the card lists the route's allowed accounts");
      }
      await screenshot(page, 'entity-card-not-allowed.png', { fullPage: true });
    },
  );
}
