/**
 * The aws-bridge frontend plugin for Backstage's new frontend system:
 * `createApp({ features: [awsPlugin] })` with `import awsPlugin from '@aws-bridge/plugin-aws/alpha'`.
 *
 * @packageDocumentation
 */
import { isAwsAnnotated } from '@aws-bridge/plugin-aws-common';
import {
  ApiBlueprint,
  AppRootElementBlueprint,
  createFrontendModule,
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import CloudIcon from '@material-ui/icons/Cloud';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { z } from 'zod';
import { awsAdminApiFactory, awsApiFactory } from './api/apiFactories';
import { AwsAlbSessionEndedPrompt } from './components/AwsAlbSignInPage/AwsAlbSessionEndedPrompt';

export { awsTranslationRef } from './translation';
export { RequireAwsAdmin } from './components/AwsAdminPage/RequireAwsAdmin';

/**
 * `awsApiRef`'s default implementation (extension id `api:aws`): AWS calls through the
 * SigV4 proxy with the signed-in user's token.
 *
 * @alpha
 */
export const awsApi = ApiBlueprint.make({
  params: defineParams => defineParams(awsApiFactory),
});

/**
 * `awsAdminApiRef`'s default implementation (extension id `api:aws/admin`): the admin
 * API with the signed-in user's token.
 *
 * @alpha
 */
export const awsAdminApi = ApiBlueprint.make({
  name: 'admin',
  params: defineParams => defineParams(awsAdminApiFactory),
});

/**
 * The route of the AWS admin page in the new frontend system.
 *
 * @alpha
 */
export const awsAdminPageRouteRef = createRouteRef();

/**
 * The AWS admin page (extension id `page:aws/admin`) at `/aws-admin`, with a nav item. Users
 * without `aws.admin.read` see that they may not; to hide the nav item from them too, render
 * it inside `RequireAwsAdmin` in the app's nav (see the plugin's README).
 *
 * @alpha
 */
export const awsAdminPage = PageBlueprint.make({
  name: 'admin',
  params: {
    path: '/aws-admin',
    title: 'AWS admin',
    icon: <CloudIcon fontSize="inherit" />,
    routeRef: awsAdminPageRouteRef,
    loader: () =>
      import('./components/AwsAdminPage').then(m => <m.AwsAdminContent />),
  },
});

/**
 * The AWS card on entity pages (extension id `entity-card:aws`), shown on entities that carry
 * the `aws-bridge.io/aws-account-id` annotation; a malformed value shows as an error in the card.
 *
 * @alpha
 */
export const entityAwsCard = EntityCardBlueprint.make({
  params: {
    filter: isAwsAnnotated,
    loader: () =>
      import('./components/EntityAwsCard').then(m => <m.EntityAwsCard />),
  },
});

/**
 * The aws-bridge plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'aws',
  info: { packageJson: () => import('../package.json') },
  routes: { admin: awsAdminPageRouteRef },
  extensions: [awsApi, awsAdminApi, entityAwsCard, awsAdminPage],
});

/**
 * The ALB sign-in page (extension id `sign-in-page:app`, replacing the app's). Its config
 * `sessionCheckIntervalMs` sets how often an open app asks whether its ALB session holds.
 *
 * @alpha
 */
export const awsAlbSignInPage = SignInPageBlueprint.makeWithOverrides({
  configSchema: {
    sessionCheckIntervalMs: z.number().int().min(0).optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      loader: () =>
        import('./components/AwsAlbSignInPage').then(
          ({ AwsAlbSignInPage }) =>
            props => (
              <AwsAlbSignInPage
                {...props}
                sessionCheckIntervalMs={config.sessionCheckIntervalMs}
              />
            ),
        ),
    });
  },
});

/**
 * The prompt an open app shows when its ALB session ends (extension id
 * `app-root-element:app/awsalb-session-ended`).
 *
 * @alpha
 */
export const awsAlbSessionEndedPrompt = AppRootElementBlueprint.make({
  name: 'awsalb-session-ended',
  params: { element: <AwsAlbSessionEndedPrompt /> },
});

/**
 * Sign-in through an AWS Application Load Balancer for apps on the new frontend system:
 * `createApp({ features: [awsAlbSignInModule, ...] })`. It replaces the app's sign-in page with
 * `AwsAlbSignInPage` and adds the session-ended prompt.
 *
 * @alpha
 */
export const awsAlbSignInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [awsAlbSignInPage, awsAlbSessionEndedPrompt],
});
