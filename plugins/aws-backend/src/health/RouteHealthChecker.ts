import type { AwsProxyRouteHealth } from '@aws-bridge/plugin-aws-common';
import type { ProxyRuntime } from '../proxy/createProxyRouter';
import { probeRoute } from './probeRoute';
import { reuseFor } from './reuseFor';

/**
 * Every route's health, probed when asked for and reused until `intervalMs` has passed, so
 * that however often the admin page refreshes, each route's target sees at most one probe per
 * interval. Probes of one route never overlap.
 */
export class RouteHealthChecker {
  private readonly probes: Array<() => Promise<AwsProxyRouteHealth>>;

  constructor(runtime: ProxyRuntime, intervalMs: number) {
    this.probes = runtime.contexts.map(ctx =>
      reuseFor(intervalMs, () => probeRoute(ctx)),
    );
  }

  /** Every route's health, in config order, probing the routes whose result is too old. */
  check(): Promise<AwsProxyRouteHealth[]> {
    return Promise.all(this.probes.map(probe => probe()));
  }
}
