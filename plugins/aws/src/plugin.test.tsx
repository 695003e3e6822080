import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  FAKE_BASE_URL,
  fakeAwsProxy,
  paymentsResources,
} from './__testUtils__/fakeAwsProxy';
import {
  awsApiRef,
  awsPlugin,
  AwsProxyClient,
  EntityAwsCard,
  isAwsAnnotated,
} from './index';

describe('@aws-bridge/plugin-aws (legacy frontend system)', () => {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-search',
      annotations: {
        'aws-bridge.io/aws-account-id': '111111111111',
        'aws-bridge.io/aws-resource-tags': 'app=payments-api',
      },
    },
  };

  it('is the aws plugin, providing awsApiRef', () => {
    expect(awsPlugin.getId()).toBe('aws');
    expect([...awsPlugin.getApis()].map(factory => factory.api.id)).toEqual([
      awsApiRef.id,
    ]);
  });

  it('exports the card as a lazily loaded component extension', async () => {
    const { fetchApi } = fakeAwsProxy({ resources: paymentsResources() });
    const discoveryApi = {
      getBaseUrl: async (id: string) => `${FAKE_BASE_URL}/${id}`,
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[[awsApiRef, new AwsProxyClient({ discoveryApi, fetchApi })]]}
      >
        <EntityProvider entity={entity}>
          <EntityAwsCard />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(await screen.findByText('8 resources')).toBeInTheDocument();
    expect(screen.getByText('111111111111')).toBeInTheDocument();
  });

  it('exports isAwsAnnotated for EntitySwitch', () => {
    expect(isAwsAnnotated(entity)).toBe(true);
    expect(isAwsAnnotated({ ...entity, metadata: { name: 'x' } })).toBe(false);
  });
});
