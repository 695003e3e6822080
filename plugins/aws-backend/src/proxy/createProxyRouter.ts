import type { AwsCredentialsService } from '@aws-bridge/plugin-aws-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import {
  createUpstreamAgent,
  ForwardContext,
  forwardRequest,
} from './forwardRequest';
import { sendProxyError } from './proxyErrors';
import type { ProxyRoute } from './routeConfig';
import { RouteSigners } from './RouteSigners';

/**
 * The handler mounted at `/proxy`: finds the route named by the start of the path and
 * forwards the rest. Route names may have several segments; the longest match wins, and
 * only on a segment boundary (`/apigw` does not serve `/apigwx`).
 */
export function createProxyHandler(options: {
  routes: ProxyRoute[];
  credentials: AwsCredentialsService;
  logger: LoggerService;
}): express.RequestHandler {
  const agent = createUpstreamAgent();
  const contexts: Array<ForwardContext & { prefix: string }> = options.routes
    .map(route => ({
      route,
      prefix: `/${route.name}`,
      signers: new RouteSigners(route, options.credentials),
      agent,
      logger: options.logger,
    }))
    .sort((a, b) => b.prefix.length - a.prefix.length);

  return (req, res) => {
    // Express has removed the mount path; req.url is still exactly as the client encoded it.
    const url = req.url;
    for (const ctx of contexts) {
      if (!url.startsWith(ctx.prefix)) continue;
      const next = url.charAt(ctx.prefix.length);
      if (next === '' || next === '/' || next === '?') {
        forwardRequest(ctx, req, res, url.slice(ctx.prefix.length));
        return;
      }
    }
    const path = url.split('?')[0];
    sendProxyError(
      req,
      res,
      new NotFoundError(
        `No AWS proxy route matches '${path.slice(0, 120)}'; the configured routes are ${
          contexts.map(c => c.prefix).join(', ') || 'none (aws.proxy.routes)'
        }`,
      ),
    );
  };
}
