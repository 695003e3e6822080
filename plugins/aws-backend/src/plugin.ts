import {
  awsCredentialsServiceRef,
  awsSignInStatusServiceRef,
  awsUserProvisioningServiceRef,
} from '@aws-bridge/plugin-aws-node';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { awsAdminReadPermission } from '@aws-bridge/plugin-aws-common';
import { readProxyConfig } from './proxy/config/readProxyConfig';
import { routePermissions } from './proxy/routePermissions';
import { createAwsRouter } from './router/createAwsRouter';

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
        // A mistake in a route stops the backend here, naming the route's key.
        const proxy = readProxyConfig(config);
        // One resource-less permission per route, aws.proxy.<route>, listed for policy authors.
        permissionsRegistry.addPermissions([
          ...routePermissions(proxy.routes),
          awsAdminReadPermission,
        ]);
        httpRouter.use(
          createAwsRouter({
            proxy,
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
        // The proxy needs a Backstage user or service token unless config opens it.
        if (proxy.allowUnauthenticatedRequests) {
          httpRouter.addAuthPolicy({
            path: '/proxy',
            allow: 'unauthenticated',
          });
        } else {
          for (const route of proxy.routes) {
            if (route.allowUnauthenticatedRequests) {
              httpRouter.addAuthPolicy({
                path: `/proxy/${route.name}`,
                allow: 'unauthenticated',
              });
            }
          }
        }
        logger.info(
          `aws plugin ready: ${proxy.routes.length} proxy route(s)${proxy.routes
            .map(
              r =>
                ` /${r.name} -> ${r.target.protocol}//${r.target.host}${r.target.pathPrefix} (${r.service}, ${r.region}${r.allowUnauthenticatedRequests ? ', open' : ''})`,
            )
            .join(';')}`,
        );
      },
    });
  },
});
