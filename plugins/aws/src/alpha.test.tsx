import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import awsPlugin, {
  awsAdminPage,
  awsTranslationRef,
  awsAlbSignInModule,
  awsAlbSignInPage,
  entityAwsCard,
} from './alpha';
import { componentWithAnnotations } from './components/EntityAwsCard/exampleEntity';
import { awsApiRef } from './api';
import { fakeAdminPageApis } from './__testUtils__/adminPageApis';
import {
  fakeAwsProxy,
  fakeAwsProxyClient,
  paymentsResources,
} from './__testUtils__/fakeAwsProxy';

const annotated = componentWithAnnotations({
  'aws-bridge.io/aws-account-id': '111111111111',
  'aws-bridge.io/aws-region': 'us-east-1',
  'aws-bridge.io/aws-resource-tags': 'app=payments-api',
});

describe('@aws-bridge/plugin-aws/alpha (new frontend system)', () => {
  it('is the aws plugin, with the card as entity-card:aws and its API as api:aws', () => {
    expect(awsPlugin.pluginId).toBe('aws');
    expect(awsPlugin.getExtension('entity-card:aws')).toBeDefined();
    expect(awsPlugin.getExtension('api:aws')).toBeDefined();
  });

  it('has the admin page as page:aws/admin at /aws-admin, titled with an icon for the nav, and its API as api:aws/admin', () => {
    expect(awsPlugin.getExtension('page:aws/admin')).toBeDefined();
    expect(awsPlugin.getExtension('api:aws/admin')).toBeDefined();
    const tester = createExtensionTester(awsAdminPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/aws-admin');
    expect(tester.get(coreExtensionData.title)).toBe('AWS admin');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();
  });

  it('renders the admin page for a user the policy allows', async () => {
    const { apis } = fakeAdminPageApis();
    await renderInTestApp(createExtensionTester(awsAdminPage).reactElement(), {
      apis,
    });
    // The first render loads the page's chunk and Material Table: slow on a busy machine.
    expect(
      await screen.findByText(
        'Proxy routes (4, 2 unhealthy)',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('AWS accounts (3, 1 failing)'),
    ).toBeInTheDocument();
  });

  it('exports its strings as awsTranslationRef, for apps to reword', () => {
    expect(awsTranslationRef.id).toBe('aws');
  });

  it('offers the card only to entities that name an AWS account', () => {
    const filter = createExtensionTester(entityAwsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );

    expect(filter?.(annotated)).toBe(true);
    // A malformed account ID still gets the card, which then explains the problem.
    expect(
      filter?.(
        componentWithAnnotations({ 'aws-bridge.io/aws-account-id': 'oops' }),
      ),
    ).toBe(true);
    expect(filter?.(componentWithAnnotations({}))).toBe(false);
  });

  it('renders the AWS card for the entity', async () => {
    const card = createExtensionTester(entityAwsCard).reactElement();

    const { fetchApi } = fakeAwsProxy({ resources: paymentsResources() });

    await renderInTestApp(
      <EntityProvider entity={annotated}>{card}</EntityProvider>,
      { apis: [[awsApiRef, fakeAwsProxyClient(fetchApi)]] },
    );

    expect(await screen.findByText('8 resources')).toBeInTheDocument();
    expect(screen.getByText('111111111111')).toBeInTheDocument();
  });

  it('has an app module with the ALB sign-in page and the session-ended prompt', async () => {
    expect(awsAlbSignInModule.pluginId).toBe('app');
    const page = createExtensionTester(awsAlbSignInPage, {
      config: { sessionCheckIntervalMs: 0 },
    }).get(SignInPageBlueprint.dataRefs.component);
    expect(page).toBeDefined();
    expect(awsAlbSignInPage).toMatchObject({ kind: 'sign-in-page' });
  });
});
