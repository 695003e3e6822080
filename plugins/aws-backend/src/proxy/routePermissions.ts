import { awsProxyRoutePermission } from '@aws-bridge/plugin-aws-common';
import type {
  BackstageCredentials,
  BackstageNonePrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import { requirePermission } from '../permissions/requirePermission';
import type { ProxyRoute } from './config/routeTypes';

/** Every route's permission, `aws.proxy.<route>`, to register with the permissions registry. */
export function routePermissions(routes: ProxyRoute[]): BasicPermission[] {
  return routes.map(route => awsProxyRoutePermission(route.name));
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
