import type { AwsProxyRouteHealth } from '@aws-bridge/plugin-aws-common';

/** One row of the routes table: the route plus the text its columns search and sort by. */
export type RouteRow = AwsProxyRouteHealth & {
  id: string;
  status: 'healthy' | 'unhealthy';
  signsAs: string;
  access: string;
  /** Why it is unhealthy, in one line; empty when healthy. */
  problem: string;
};

/** Why a route is unhealthy, from the step that failed. */
export function routeProblem(route: AwsProxyRouteHealth): string {
  if (route.healthy) return '';
  if (!route.credentials.ok) {
    return `Credentials failed: ${route.credentials.error ?? 'no reason given'}`;
  }
  const probe = route.probe;
  if (!probe) return 'Not probed';
  if (probe.status === undefined) {
    return `The target did not answer: ${probe.error ?? 'no reason given'}`;
  }
  return `The target answered ${probe.error ?? probe.status}`;
}

export function describeAccess(route: AwsProxyRouteHealth): string {
  const parts = [
    route.open ? 'open without a token' : 'signed-in callers',
    route.allowedMethods
      ? `methods ${route.allowedMethods.join(', ')}`
      : 'every method',
    route.allowedOperations
      ? `operations ${route.allowedOperations.join(', ')}`
      : 'every operation',
  ];
  return parts.join('; ');
}

export function describeSigner(route: AwsProxyRouteHealth): string {
  const own =
    route.account === 'main' ? 'the main account' : `account ${route.account}`;
  return route.roleArn ? `${own} (role ${route.roleArn})` : own;
}

/** Rows for the table: unhealthy first, each group by route name. */
export function routeRows(routes: AwsProxyRouteHealth[]): RouteRow[] {
  return routes
    .map(route => ({
      ...route,
      id: route.route,
      status: route.healthy ? ('healthy' as const) : ('unhealthy' as const),
      signsAs: describeSigner(route),
      access: describeAccess(route),
      problem: routeProblem(route),
    }))
    .sort(
      (a, b) =>
        Number(a.healthy) - Number(b.healthy) || a.route.localeCompare(b.route),
    );
}
