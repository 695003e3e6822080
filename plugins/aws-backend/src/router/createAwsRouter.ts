import type {
  AwsCredentialsService,
  AwsSignInStatusService,
  AwsUserProvisioningService,
} from '@aws-bridge/plugin-aws-node';
import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import { createAdminApi } from '../admin/createAdminApi';
import type { AdminConfig } from '../admin/readAdminConfig';
import { createRunRateLimit } from '../admin/runRateLimit';
import type { ProxyConfig } from '../proxy/config/routeTypes';
import { createProxyHandler } from '../proxy/createProxyHandler';
import { createProxyRuntime } from '../proxy/ProxyRuntime';
import { CachedPermissionsService } from '../permissions/CachedPermissionsService';
import { createPluginRouter } from './createPluginRouter';

/**
 * The plugin's router from its read config: the proxy and the admin API share the routes'
 * signers and connection pool. Used by the plugin and by the legacy `createRouter`.
 */
export function createAwsRouter(options: {
  proxy: ProxyConfig;
  admin: AdminConfig;
  credentials: AwsCredentialsService;
  signInStatus?: AwsSignInStatusService;
  userProvisioning?: AwsUserProvisioningService;
  logger: LoggerService;
  httpAuth?: HttpAuthService;
  permissions?: PermissionsService;
  auditor?: AuditorService;
}): express.Router {
  const {
    proxy,
    credentials,
    logger,
    httpAuth,
    auditor,
    signInStatus,
    userProvisioning,
  } = options;
  // One cache for the proxy and the admin API: decisions are keyed by permission and user.
  const permissions =
    options.permissions && proxy.permissionDecisionTtlMs > 0
      ? new CachedPermissionsService(
          options.permissions,
          proxy.permissionDecisionTtlMs,
        )
      : options.permissions;
  const runtime = createProxyRuntime({
    routes: proxy.routes,
    credentials,
    logger,
    maxBufferedBodyBytes: proxy.maxBufferedBodyBytes,
  });
  return createPluginRouter({
    proxy: createProxyHandler({
      runtime,
      logger,
      httpAuth,
      permissions,
      auditor,
      auditReads: proxy.auditReads,
      allowUnauthenticatedRequests: proxy.allowUnauthenticatedRequests,
    }),
    admin: createAdminApi({
      runtime,
      credentials,
      signInStatus,
      userProvisioning,
      intervalMs: proxy.healthCheckIntervalMs,
      admin: options.admin,
      httpAuth,
      permissions,
    }),
    runRateLimit: createRunRateLimit(options.admin),
  });
}
