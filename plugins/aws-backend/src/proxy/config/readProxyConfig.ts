import {
  readAwsConfigBoolean,
  readAwsConfigDurationMs,
  readAwsConfigObject,
  readAwsConfigSize,
} from '@aws-bridge/plugin-aws-node';
import type { Config } from '@backstage/config';
import { configError } from './configError';
import { readRoute } from './readRoute';
import {
  DEFAULT_HEALTH_CHECK_INTERVAL_MS,
  DEFAULT_PERMISSION_DECISION_TTL_MS,
  DEFAULT_MAX_BUFFERED_BODY_BYTES,
  type ProxyConfig,
  type ProxyRoute,
} from './routeTypes';

const PROXY_KEYS = [
  'routes',
  'allowUnauthenticatedRequests',
  'healthCheckInterval',
  'auditReads',
  'maxBufferedBodySize',
  'permissionDecisionCacheTtl',
];

const readOpenFlag = (block: Record<string, unknown>, key: string) =>
  readAwsConfigBoolean(
    block.allowUnauthenticatedRequests,
    `${key}.allowUnauthenticatedRequests`,
    configError,
    false,
  );

/** The routes of `aws.proxy.routes`, then those of Segment's `proxysigv4` block. */
function readRoutes(
  config: Config,
  proxy: Record<string, unknown>,
): ProxyRoute[] {
  const open = readOpenFlag(proxy, 'aws.proxy');
  const routes: ProxyRoute[] = [];
  for (const [routeKey, raw] of Object.entries(
    readAwsConfigObject(proxy.routes, 'aws.proxy.routes', configError),
  )) {
    routes.push(readRoute(routeKey, raw, `aws.proxy.routes.${routeKey}`, open));
  }
  const segment = readAwsConfigObject(
    config.getOptional('proxysigv4'),
    'proxysigv4',
    configError,
  );
  const segmentOpen = readOpenFlag(segment, 'proxysigv4');
  for (const [routeKey, raw] of Object.entries(segment)) {
    if (routeKey === 'allowUnauthenticatedRequests') continue;
    routes.push(
      readRoute(routeKey, raw, `proxysigv4.${routeKey}`, segmentOpen),
    );
  }
  return routes;
}

/** Refuses a route configured twice (in both blocks, or as `/x` and `x`), naming both keys. */
function checkUniqueNames(routes: ProxyRoute[]) {
  const seen = new Map<string, string>();
  for (const route of routes) {
    const earlier = seen.get(route.name);
    if (earlier) {
      throw configError(
        route.configKey,
        `route '/${route.name}' is also configured at ${earlier}`,
      );
    }
    seen.set(route.name, route.configKey);
  }
}

/** Reads `aws.proxy.maxBufferedBodySize`; a body a route accepts must fit in it. */
function readMaxBufferedBodyBytes(
  proxy: Record<string, unknown>,
  routes: ProxyRoute[],
): number {
  const maxBufferedBodyBytes = readAwsConfigSize(
    proxy.maxBufferedBodySize,
    'aws.proxy.maxBufferedBodySize',
    configError,
    DEFAULT_MAX_BUFFERED_BODY_BYTES,
  );
  const tooLarge = routes.find(
    r => !r.unsignedPayload && r.maxRequestBodyBytes > maxBufferedBodyBytes,
  );
  if (tooLarge) {
    throw configError(
      `${tooLarge.configKey}.maxRequestBodySize`,
      `${tooLarge.maxRequestBodyBytes} bytes is more than aws.proxy.maxBufferedBodySize (${maxBufferedBodyBytes} bytes), which all bodies share`,
    );
  }
  return maxBufferedBodyBytes;
}

/**
 * Reads `aws.proxy` and, for those migrating, Segment's `proxysigv4` block unchanged (every
 * key but `allowUnauthenticatedRequests` is a route there). Throws an InputError naming the
 * key for any mistake, so a bad route stops the backend at startup.
 *
 * Unlike Segment's plugin, which is open unless told otherwise, routes require a Backstage
 * token unless `allowUnauthenticatedRequests: true` is set, in either block or on the route.
 */
export function readProxyConfig(config: Config): ProxyConfig {
  const proxy = readAwsConfigObject(
    config.getOptional('aws.proxy'),
    'aws.proxy',
    configError,
    PROXY_KEYS,
  );
  const routes = readRoutes(config, proxy);
  checkUniqueNames(routes);
  const maxBufferedBodyBytes = readMaxBufferedBodyBytes(proxy, routes);
  return {
    routes,
    allowUnauthenticatedRequests: readOpenFlag(proxy, 'aws.proxy'),
    healthCheckIntervalMs: readAwsConfigDurationMs(
      proxy.healthCheckInterval,
      'aws.proxy.healthCheckInterval',
      configError,
      {
        defaultMs: DEFAULT_HEALTH_CHECK_INTERVAL_MS,
        minMs: 1000,
        maxMs: 86_400_000,
        range: '1 second and 1 day',
      },
    ),
    auditReads: readAwsConfigBoolean(
      proxy.auditReads,
      'aws.proxy.auditReads',
      configError,
      true,
    ),
    maxBufferedBodyBytes,
    permissionDecisionTtlMs: readAwsConfigDurationMs(
      proxy.permissionDecisionCacheTtl,
      'aws.proxy.permissionDecisionCacheTtl',
      configError,
      {
        defaultMs: DEFAULT_PERMISSION_DECISION_TTL_MS,
        minMs: 0,
        maxMs: 300_000,
        range: '0 (off) and 5 minutes',
      },
    ),
  };
}
