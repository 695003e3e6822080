import { awsProxyRoutePermission } from '@aws-bridge/plugin-aws-common';
import type {
  BackstageCredentials,
  BackstageNonePrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { badGateway, withReason } from './proxyErrors';
import type { ProxyRoute } from './routeConfig';

/** Every route's permission, `aws.proxy.<route>`, to register with the permissions registry. */
export function routePermissions(routes: ProxyRoute[]): BasicPermission[] {
  return routes.map(route => awsProxyRoutePermission(route.name));
}

/**
 * Asks the permission framework about one resource-less permission: throws a 403 with
 * `denied` as its message when the policy denies it, and a 502 when the framework cannot be
 * asked, like any other upstream the plugin depends on.
 */
export async function requirePermission(
  permissions: PermissionsService,
  permission: BasicPermission,
  credentials: BackstageCredentials,
  denied: string,
): Promise<void> {
  let decision;
  try {
    [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
  } catch (error) {
    throw badGateway(
      `Could not ask the permission framework about ${permission.name}: ${
        (error as Error).message
      }`,
    );
  }
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw withReason(
      new NotAllowedError(
        `${denied}: the permission policy denies ${permission.name}`,
      ),
      'permission-denied',
    );
  }
}

/**
 * Asks the permission framework whether the caller may use the route: 403 naming the
 * permission if the policy denies it. Backends calling with a service token are decided by
 * the token's own access restrictions, as Backstage does for every plugin. An anonymous
 * caller only gets here on a route config opened (allowUnauthenticatedRequests), and there is
 * no user for a policy to decide on, so the route's opening is the decision.
 */
export async function authorizeRoute(
  permissions: PermissionsService,
  route: ProxyRoute,
  credentials: BackstageCredentials,
): Promise<void> {
  if ((credentials.principal as BackstageNonePrincipal).type === 'none') {
    return;
  }
  await requirePermission(
    permissions,
    awsProxyRoutePermission(route.name),
    credentials,
    `You may not call AWS proxy route '/${route.name}'`,
  );
}
