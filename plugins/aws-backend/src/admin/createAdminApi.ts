import { awsAdminReadPermission } from '@aws-bridge/plugin-aws-common';
import {
  type AwsCredentialsService,
  type AwsSignInStatusService,
  type AwsUserProvisioningService,
  DefaultAwsSignInStatusService,
} from '@aws-bridge/plugin-aws-node';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { ProxyRuntime } from '../proxy/ProxyRuntime';
import { requirePermission } from '../permissions/requirePermission';
import type { AdminApi } from './AdminApi';
import { RouteHealthChecker } from '../health/RouteHealthChecker';
import { reuseFor } from '../health/reuseFor';

/**
 * The admin API behind `/api/aws/admin/*`: route probes and account checks, each reused for
 * `intervalMs` (a route's probe can be asked for again now), the ALB sign-in's status, and, with the permission framework, the `aws.admin.read` check (403 when
 * denied, 502 when the framework cannot be asked, as for the proxy routes).
 */
export function createAdminApi(options: {
  runtime: ProxyRuntime;
  credentials: AwsCredentialsService;
  signInStatus?: AwsSignInStatusService;
  /** The directory syncs, registered by the aws-users catalog module when it is installed. */
  userProvisioning?: AwsUserProvisioningService;
  intervalMs: number;
  httpAuth?: HttpAuthService;
  permissions?: PermissionsService;
}): AdminApi {
  const { httpAuth, permissions } = options;
  const routes = new RouteHealthChecker(options.runtime, options.intervalMs);
  const signInStatus =
    options.signInStatus ?? new DefaultAwsSignInStatusService();
  return {
    routes: () => routes.check(),
    checkRoutes: route => routes.checkNow(route),
    accounts: reuseFor(options.intervalMs, () =>
      options.credentials.describeAccounts(),
    ),
    // Asked each time: it probes the key endpoint, which is one small GET. Without the service
    // (a legacy backend), an empty one answers that no provider reports here.
    signIn: () => signInStatus.describe(),
    directorySyncs: async () => {
      const { userProvisioning } = options;
      if (!userProvisioning) return { syncs: [], installed: false };
      return {
        syncs: await userProvisioning.describeDirectorySyncs(),
        installed: userProvisioning.hasCatalogModule(),
      };
    },
    runDirectorySync: async id => {
      if (!options.userProvisioning) {
        throw new NotFoundError(
          `No directory sync '${id}': the aws-users catalog module is not installed in this backend`,
        );
      }
      return options.userProvisioning.runDirectorySync(id);
    },
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
