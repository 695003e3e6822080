import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  FAKE_BASE_URL,
  fakeAwsProxy,
  paymentsResources,
} from './__testUtils__/fakeAwsProxy';
import { fakeAdminBackend } from './__testUtils__/fakeAdminApi';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
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
    const backend = fakeAdminBackend();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [awsAdminApiRef, new AwsAdminClient(backend)],
          [
            permissionApiRef,
            mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
          ],
        ]}
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
