import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { awsAdminApiFactory, awsApiFactory } from './api/apiFactories';
import { awsAdminRouteRef } from './routes';

/**
 * The aws-bridge frontend plugin for apps on Backstage's legacy frontend system. Apps on the new
 * frontend system use the default export of `@aws-bridge/plugin-aws/alpha` instead.
 *
 * @public
 */
export const awsPlugin = createPlugin({
  id: 'aws',
  routes: { admin: awsAdminRouteRef },
  apis: [awsApiFactory, awsAdminApiFactory],
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

/**
 * The AWS admin page (legacy frontend system): the health of every proxy route, AWS account
 * and the ALB sign-in, for users the policy grants `aws.admin.read`. Mount it at `/aws-admin`,
 * and wrap its sidebar item in `RequireAwsAdmin`.
 *
 * @public
 */
export const AwsAdminPage: () => JSX.Element = awsPlugin.provide(
  createRoutableExtension({
    name: 'AwsAdminPage',
    component: () =>
      import('./components/AwsAdminPage').then(m => m.AwsAdminPage),
    mountPoint: awsAdminRouteRef,
  }),
);
