import {
  awsAdminReadPermission,
  awsAdminRunPermission,
} from '@aws-bridge/plugin-aws-common';
import {
  type AwsCredentialsService,
  type AwsSignInStatusService,
  type AwsUserProvisioningService,
  DefaultAwsSignInStatusService,
} from '@aws-bridge/plugin-aws-node';
import type {
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { ProxyRuntime } from '../proxy/ProxyRuntime';
import { requirePermission } from '../permissions/requirePermission';
import type { AdminApi } from './AdminApi';
import type { AdminConfig } from './readAdminConfig';
import { RouteHealthChecker } from '../health/RouteHealthChecker';
import { reuseFor } from '../health/reuseFor';

/**
 * The admin API behind `/api/aws/admin/*`: route probes and account checks, each reused for
 * `intervalMs`; fresh ones (and directory syncs run now) at most once per target per
 * `admin.minRunIntervalMs`; the ALB sign-in's status; and, with the permission framework,
 * `aws.admin.read` on every call and `aws.admin.run` as well on the costly ones (403 when
 * denied, 502 when the framework cannot be asked, as for the proxy routes).
 */
export function createAdminApi(options: {
  runtime: ProxyRuntime;
  credentials: AwsCredentialsService;
  signInStatus?: AwsSignInStatusService;
  /** The directory syncs, registered by the aws-users catalog module when it is installed. */
  userProvisioning?: AwsUserProvisioningService;
  intervalMs: number;
  admin: AdminConfig;
  httpAuth?: HttpAuthService;
  permissions?: PermissionsService;
}): AdminApi {
  const { httpAuth, permissions, admin, userProvisioning } = options;
  const routes = new RouteHealthChecker(
    options.runtime,
    options.intervalMs,
    admin.minRunIntervalMs,
  );
  const signInStatus =
    options.signInStatus ?? new DefaultAwsSignInStatusService();
  const accounts = reuseFor(
    options.intervalMs,
    // A fresh check (an admin's re-check) also ends each account's credentials backoff.
    ({ fresh }) => options.credentials.describeAccounts({ recheck: fresh }),
    admin.minRunIntervalMs,
  );

  return {
    routes: () => routes.check(),
    checkRoutes: route => routes.checkNow(route),
    accounts: () => accounts(),
    checkAccounts: () => accounts({ fresh: true }),
    // Asked each time: it probes the key endpoint, which is one small GET. Without the service
    // (a legacy backend), an empty one answers that no provider reports here.
    signIn: () => signInStatus.describe(),
    directorySyncs: async () => {
      if (!userProvisioning) return { syncs: [], installed: false };
      return {
        syncs: await userProvisioning.describeDirectorySyncs(),
        installed: userProvisioning.hasCatalogModule(),
      };
    },
    runDirectorySync: async id => {
      if (!userProvisioning) {
        throw new NotFoundError(
          `No directory sync '${id}': the aws-users catalog module is not installed in this backend`,
        );
      }
      // A run that ended within the interval (scheduled, or started by anyone, on any replica:
      // runs are kept in the catalog's database) answers instead of a new one. A run in
      // progress is joined by runDirectorySync itself.
      const status = (await userProvisioning.describeDirectorySyncs()).find(
        sync => sync.id === id,
      );
      const finishedAt =
        status?.lastRun && Date.parse(status.lastRun.finishedAt);
      if (
        status &&
        !status.running &&
        finishedAt &&
        Date.now() - finishedAt < admin.minRunIntervalMs
      ) {
        return status;
      }
      return userProvisioning.runDirectorySync(id);
    },
    authorize: httpAuth
      ? async (req, action) => {
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
            if (action === 'run') {
              await requirePermission(
                permissions,
                awsAdminRunPermission,
                credentials,
                'You may not start AWS admin checks or syncs',
              );
            }
          }
          const principal = credentials.principal as
            BackstageUserPrincipal | BackstageServicePrincipal;
          return principal.type === 'user'
            ? principal.userEntityRef
            : `service:${principal.subject}`;
        }
      : undefined,
  };
}
