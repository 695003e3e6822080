import {
  awsCredentialsServiceRef,
  awsSignInStatusServiceRef,
  awsUserProvisioningServiceRef,
} from '@aws-bridge/plugin-aws-node';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  awsAdminReadPermission,
  awsAdminRunPermission,
} from '@aws-bridge/plugin-aws-common';
import { readAdminConfig } from './admin/readAdminConfig';
import { readProxyConfig } from './proxy/config/readProxyConfig';
import { routePermissions } from './proxy/routePermissions';
import type { ProxyRoute } from './proxy/config/routeTypes';
import { createAwsRouter } from './router/createAwsRouter';

/** How many routes the startup log line lists before saying how many more there are. */
const ROUTES_LOGGED = 20;

/**
 * The startup log line: how many routes, and the first ones with their targets; with a
 * thousand routes, it does not grow with them.
 */
function describeRoutes(routes: ProxyRoute[]): string {
  const described = routes
    .slice(0, ROUTES_LOGGED)
    .map(
      r =>
        ` /${r.name} -> ${r.target.protocol}//${r.target.host}${r.target.pathPrefix} (${r.service}, ${r.region}${r.allowUnauthenticatedRequests ? ', open' : ''})`,
    )
    .join(';');
  const more =
    routes.length > ROUTES_LOGGED
      ? ` and ${routes.length - ROUTES_LOGGED} more`
      : '';
  return `aws plugin ready: ${routes.length} proxy route(s)${described}${more}`;
}

/**
 * The `aws` backend plugin: the SigV4 proxy at `/api/aws/proxy/<route>/<rest>` (routes from
 * `aws.proxy.routes`, or Segment's `proxysigv4` block) and `GET /api/aws/health`.
 *
 * @public
 */
export const awsPlugin = createBackendPlugin({
  pluginId: 'aws',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        credentials: awsCredentialsServiceRef,
        // Reported by the awsalb auth module when it runs in this backend.
        signInStatus: awsSignInStatusServiceRef,
        // The directory syncs, registered by the aws-users catalog module when installed.
        userProvisioning: awsUserProvisioningServiceRef,
      },
      async init({
        config,
        httpRouter,
        logger,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        credentials,
        signInStatus,
        userProvisioning,
      }) {
        // A mistake in a route (or in aws.admin) stops the backend here, naming the key.
        const proxy = readProxyConfig(config);
        const admin = readAdminConfig(config);
        // One resource-less permission per route, aws.proxy.<route>, listed for policy authors.
        permissionsRegistry.addPermissions([
          ...routePermissions(proxy.routes),
          awsAdminReadPermission,
          awsAdminRunPermission,
        ]);
        httpRouter.use(
          createAwsRouter({
            proxy,
            admin,
            credentials,
            signInStatus,
            userProvisioning,
            logger,
            httpAuth,
            permissions,
            auditor,
          }),
        );
        // Load balancers and uptime checks probe health without a Backstage token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // The proxy needs a Backstage user or service token unless config opens it. When any
        // route is open, one policy opens /proxy and the proxy handler checks each call against
        // its route (a policy per open route would cost every call a test per open route).
        if (
          proxy.allowUnauthenticatedRequests ||
          proxy.routes.some(route => route.allowUnauthenticatedRequests)
        ) {
          httpRouter.addAuthPolicy({
            path: '/proxy',
            allow: 'unauthenticated',
          });
        }
        logger.info(describeRoutes(proxy.routes));
      },
    });
  },
});
