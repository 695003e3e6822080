import type { AwsProxyRouteHealth } from '@aws-bridge/plugin-aws-common';
import { ownAccount, type ProxyRoute } from '../proxy/config/routeTypes';

/** What a route is configured to do, as the admin page lists it beside its health. */
export type RouteDescription = Omit<
  AwsProxyRouteHealth,
  'credentials' | 'probe' | 'healthy' | 'checkedAt'
>;

/** A route's config in the admin API's terms: no secret (no external ID), sets as lists. */
export function describeRoute(route: ProxyRoute): RouteDescription {
  const { access, credentials } = route;
  const selectable = access.selectableAccounts;
  let selectableAccounts: '*' | string[] = [];
  if (selectable === '*') selectableAccounts = '*';
  else if (selectable) selectableAccounts = [...selectable];
  return {
    route: `/${route.name}`,
    configKey: route.configKey,
    target: `${route.target.origin}${route.target.pathPrefix}`,
    service: route.service,
    region: route.region,
    regions: access.selectableRegions
      ? [...access.selectableRegions]
      : [route.region],
    account: ownAccount(route),
    roleArn: credentials.kind === 'role' ? credentials.roleArn : undefined,
    selectableAccounts,
    open: route.allowUnauthenticatedRequests,
    allowedMethods: access.allowedMethods
      ? [...access.allowedMethods]
      : undefined,
    allowedOperations: access.allowedOperations
      ? [...access.allowedOperations]
      : undefined,
  };
}
