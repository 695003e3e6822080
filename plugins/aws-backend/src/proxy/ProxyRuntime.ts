import type { AwsCredentialsService } from '@aws-bridge/plugin-aws-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { BodyBudget } from './BodyBudget';
import {
  DEFAULT_MAX_BUFFERED_BODY_BYTES,
  type ProxyRoute,
} from './config/routeTypes';
import { createUpstreamAgent, type ForwardContext } from './forwardRequest';
import { RouteSigners } from './RouteSigners';

/**
 * The routes as the proxy and the health probes use them: each route's signers and connection
 * pool, and the budget all routes' signed bodies share.
 */
export type ProxyRuntime = {
  contexts: ForwardContext[];
};

/**
 * Makes each route's signers and connection pool once, for the proxy handler and the admin
 * API's probes to share: a probe then tests the very signer and pool the route's calls use.
 */
export function createProxyRuntime(options: {
  routes: ProxyRoute[];
  credentials: AwsCredentialsService;
  logger: LoggerService;
  /** aws.proxy.maxBufferedBodySize, in bytes. */
  maxBufferedBodyBytes?: number;
}): ProxyRuntime {
  const bodyBudget = new BodyBudget(
    options.maxBufferedBodyBytes ?? DEFAULT_MAX_BUFFERED_BODY_BYTES,
  );
  return {
    contexts: options.routes.map(route => ({
      route,
      signers: new RouteSigners(route, options.credentials),
      agent: createUpstreamAgent(route.maxConnections),
      bodyBudget,
      logger: options.logger,
    })),
  };
}
