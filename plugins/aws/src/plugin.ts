import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AwsProxyClient } from '@aws-bridge/plugin-aws-common';
import { awsApiRef } from './api';

/**
 * The aws-bridge frontend plugin for apps on Backstage's legacy frontend system. Apps on the new
 * frontend system use the default export of `@aws-bridge/plugin-aws/alpha` instead.
 *
 * @public
 */
export const awsPlugin = createPlugin({
  id: 'aws',
  apis: [
    createApiFactory({
      api: awsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AwsProxyClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The AWS card for entity pages (legacy frontend system). Put it inside an
 * `<EntitySwitch.Case if={isAwsAnnotated}>` so it shows only on entities that name an account.
 *
 * @public
 */
export const EntityAwsCard = awsPlugin.provide(
  createComponentExtension({
    name: 'EntityAwsCard',
    component: {
      lazy: () =>
        import('./components/EntityAwsCard').then(m => m.EntityAwsCard),
    },
  }),
);
