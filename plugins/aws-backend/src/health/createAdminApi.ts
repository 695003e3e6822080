import { awsAdminReadPermission } from '@aws-bridge/plugin-aws-common';
import type { AwsCredentialsService } from '@aws-bridge/plugin-aws-node';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ProxyRuntime } from '../proxy/createProxyRouter';
import { requirePermission } from '../proxy/routePermissions';
import type { AdminApi } from '../service/router';
import { RouteHealthChecker } from './RouteHealthChecker';
import { reuseFor } from './reuseFor';

/**
 * The admin API behind `/api/aws/admin/*`: route probes and account checks, each reused for
 * `intervalMs`, and, with the permission framework, the `aws.admin.read` check (403 when
 * denied, 502 when the framework cannot be asked, as for the proxy routes).
 */
export function createAdminApi(options: {
  runtime: ProxyRuntime;
  credentials: AwsCredentialsService;
  intervalMs: number;
  httpAuth?: HttpAuthService;
  permissions?: PermissionsService;
}): AdminApi {
  const { httpAuth, permissions } = options;
  const routes = new RouteHealthChecker(options.runtime, options.intervalMs);
  return {
    routes: () => routes.check(),
    accounts: reuseFor(options.intervalMs, () =>
      options.credentials.describeAccounts(),
    ),
    authorize: httpAuth
      ? async req => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user', 'service'],
          });
          if (permissions) {
            await requirePermission(
              permissions,
              awsAdminReadPermission,
              credentials,
              'You may not read the AWS admin API',
            );
          }
        }
      : undefined,
  };
}
