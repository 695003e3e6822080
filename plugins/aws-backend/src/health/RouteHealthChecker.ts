import {
  awsProxyRouteName,
  type AwsProxyRouteHealth,
} from '@aws-bridge/plugin-aws-common';
import { NotFoundError } from '@backstage/errors';
import type { ProxyRuntime } from '../proxy/ProxyRuntime';
import { probeRoute } from './probeRoute';
import { reuseFor, type ReusedCheck } from './reuseFor';

/**
 * Every route's health, probed when asked for and reused until `intervalMs` has passed, so
 * that however often the admin page refreshes, each route's target sees at most one probe per
 * interval. Fresh probes (checkNow) run at most once per `minRunIntervalMs` per route. Probes
 * of one route never overlap, fresh ones included.
 */
export class RouteHealthChecker {
  /** By route name (`search`, as config has it without slashes). */
  private readonly probes: Map<string, ReusedCheck<AwsProxyRouteHealth>>;

  constructor(
    runtime: ProxyRuntime,
    intervalMs: number,
    minRunIntervalMs: number,
  ) {
    this.probes = new Map(
      runtime.contexts.map(ctx => [
        ctx.route.name,
        reuseFor(
          intervalMs,
          options => probeRoute(ctx, options),
          minRunIntervalMs,
        ),
      ]),
    );
  }

  /** Every route's health, in config order, probing the routes whose result is too old. */
  check(): Promise<AwsProxyRouteHealth[]> {
    return Promise.all([...this.probes.values()].map(probe => probe()));
  }

  /**
   * Probes again now: one route (`/search` or `search`), or every route when none is named;
   * a route probed afresh within the minimum interval answers that probe's result. An
   * unknown route is a NotFoundError (404) naming it.
   */
  checkNow(route?: string): Promise<AwsProxyRouteHealth[]> {
    if (route === undefined) {
      return Promise.all(
        [...this.probes.values()].map(probe => probe({ fresh: true })),
      );
    }
    const probe = this.probes.get(awsProxyRouteName(route));
    if (!probe) {
      throw new NotFoundError(
        `There is no proxy route ${route}: routes are configured under aws.proxy.routes`,
      );
    }
    return probe({ fresh: true }).then(health => [health]);
  }
}
