import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import awsPlugin, {
  awsTranslationRef,
  awsAlbSignInModule,
  awsAlbSignInPage,
  entityAwsCard,
} from './alpha';
import { componentWithAnnotations } from './components/EntityAwsCard/exampleEntity';
import { AwsProxyClient } from '@aws-bridge/plugin-aws-common';
import { awsApiRef } from './api';
import {
  FAKE_BASE_URL,
  fakeAwsProxy,
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
    const discoveryApi = {
      getBaseUrl: async (id: string) => `${FAKE_BASE_URL}/${id}`,
    };

    await renderInTestApp(
      <EntityProvider entity={annotated}>{card}</EntityProvider>,
      { apis: [[awsApiRef, new AwsProxyClient({ discoveryApi, fetchApi })]] },
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
