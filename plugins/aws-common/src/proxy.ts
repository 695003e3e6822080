import {
  BasicPermission,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * The request header a caller sets to sign a proxied call with another account's
 * credentials: a 12-digit account ID among those the route's `accounts` allows.
 *
 * @public
 */
export const AWS_PROXY_ACCOUNT_HEADER = 'x-aws-bridge-account';

/**
 * The request header a caller sets to call a route in another region: one of the route's
 * `regions`.
 *
 * @public
 */
export const AWS_PROXY_REGION_HEADER = 'x-aws-bridge-region';

/**
 * What every proxy route's permission name starts with.
 *
 * @public
 */
export const AWS_PROXY_PERMISSION_PREFIX = 'aws.proxy.';

/**
 * A proxy route's name as config, the proxy, its permission and the admin API key it: the
 * route without slashes at either end (`/search/` and `search` are both `search`).
 *
 * @public
 */
export function awsProxyRouteName(route: string): string {
  return route.replace(/^\/+|\/+$/g, '');
}

/**
 * The resource-less permission for calling one SigV4 proxy route: `aws.proxy.<route>`, the
 * route's name without its leading slash (`aws.proxy.search`, `aws.proxy.team/search`).
 *
 * @public
 */
export function awsProxyRoutePermission(route: string): BasicPermission {
  return createPermission({
    name: `${AWS_PROXY_PERMISSION_PREFIX}${awsProxyRouteName(route)}`,
    attributes: {},
  });
}

/**
 * Whether a permission is a proxy route's; for a policy that decides every route alike.
 *
 * @public
 */
export function isAwsProxyRoutePermission(permission: Permission): boolean {
  return (
    permission.type === 'basic' &&
    permission.name.startsWith(AWS_PROXY_PERMISSION_PREFIX)
  );
}
