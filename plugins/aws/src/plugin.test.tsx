import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { fakeAdminPageApis } from './__testUtils__/adminPageApis';
import {
  fakeAwsProxy,
  fakeDiscoveryApi,
  paymentsResources,
} from './__testUtils__/fakeAwsProxy';
import {
  AwsAdminClient,
  awsAdminApiRef,
  AwsAdminPage,
  awsAdminRouteRef,
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

  it('is the aws plugin, providing awsApiRef and awsAdminApiRef', () => {
    expect(awsPlugin.getId()).toBe('aws');
    expect([...awsPlugin.getApis()].map(factory => factory.api.id)).toEqual([
      awsApiRef.id,
      awsAdminApiRef.id,
    ]);
    expect(awsPlugin.routes.admin).toBe(awsAdminRouteRef);
  });

  it('exports the admin page as a routable extension at its route ref', async () => {
    // The client this package re-exports, with the fake backend's permission decision.
    const { backend, apis } = fakeAdminPageApis();
    const [, permission] = apis;
    await renderInTestApp(
      <TestApiProvider
        apis={[[awsAdminApiRef, new AwsAdminClient(backend)], permission]}
      >
        <Routes>
          <Route path="/aws-admin" element={<AwsAdminPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/aws-admin'] },
    );
    expect(
      await screen.findByText('Proxy routes (4, 2 unhealthy)'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'AWS admin' }),
    ).toBeInTheDocument();
  });

  it('exports the card as a lazily loaded component extension', async () => {
    const { fetchApi } = fakeAwsProxy({ resources: paymentsResources() });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            awsApiRef,
            // The client this package re-exports.
            new AwsProxyClient({ discoveryApi: fakeDiscoveryApi, fetchApi }),
          ],
        ]}
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
