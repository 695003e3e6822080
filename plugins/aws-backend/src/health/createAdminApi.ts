import { awsAdminReadPermission } from '@aws-bridge/plugin-aws-common';
import type { AwsCredentialsService } from '@aws-bridge/plugin-aws-node';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ProxyRuntime } from '../proxy/createProxyRouter';
import type { AdminApi } from '../service/router';
import { RouteHealthChecker } from './RouteHealthChecker';
import { reuseFor } from './reuseFor';

/**
 * The admin API behind `/api/aws/admin/*`: route probes and account checks, each reused for
 * `intervalMs`, and, with the permission framework, the `aws.admin.read` check.
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
            const [decision] = await permissions.authorize(
              [{ permission: awsAdminReadPermission }],
              { credentials },
            );
            if (decision.result !== AuthorizeResult.ALLOW) {
              throw new NotAllowedError(
                `You may not read the AWS admin API: the permission policy denies ${awsAdminReadPermission.name}`,
              );
            }
          }
        }
      : undefined,
  };
}
