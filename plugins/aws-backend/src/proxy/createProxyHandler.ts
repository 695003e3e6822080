import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import {
  auditProxyCall,
  READ_METHODS,
  recordCallDetails,
} from './auditProxyCall';
import { ForwardContext, forwardRequest } from './forwardRequest';
import { sendProxyError, withReason } from './proxyErrors';
import type { ProxyRuntime } from './ProxyRuntime';
import { authorizeRoute } from './routePermissions';

export type ProxyHandlerOptions = {
  runtime: ProxyRuntime;
  logger: LoggerService;
  /**
   * Who is calling. With `permissions`, each call is authorized against its route's
   * permission; with `auditor`, each call is recorded. A legacy backend without them gets
   * neither.
   */
  httpAuth?: HttpAuthService;
  permissions?: PermissionsService;
  auditor?: AuditorService;
  /** With `auditor`: record GET, HEAD and OPTIONS calls too (aws.proxy.auditReads). */
  auditReads?: boolean;
};

/**
 * The handler mounted at `/proxy`: finds the route named by the start of the path, records
 * the call with the auditor, asks the permission framework whether the caller may use the
 * route, and forwards the rest. Route names may have several segments; the longest match
 * wins, and only on a segment boundary (`/apigw` does not serve `/apigwx`).
 */
export function createProxyHandler(
  options: ProxyHandlerOptions,
): express.RequestHandler {
  const { httpAuth, permissions, auditor, logger } = options;
  const auditReads = options.auditReads ?? true;
  const contexts = options.runtime.contexts
    .map(ctx => ({ ...ctx, prefix: `/${ctx.route.name}` }))
    .sort((a, b) => b.prefix.length - a.prefix.length);

  const serve = async (
    ctx: ForwardContext,
    req: express.Request,
    res: express.Response,
    rest: string,
  ) => {
    if (
      auditor &&
      (auditReads || !READ_METHODS.has(req.method.toUpperCase()))
    ) {
      const q = rest.indexOf('?');
      auditProxyCall({
        auditor,
        logger,
        route: ctx.route,
        req,
        res,
        path: q < 0 ? rest : rest.slice(0, q),
      });
    }
    if (httpAuth) {
      try {
        // The backend's auth policy has already let the request in (this repeats its check,
        // from the request's cache); the legacy router has no auth policy, so this is its.
        const credentials = await httpAuth.credentials(
          req,
          ctx.route.allowUnauthenticatedRequests
            ? undefined
            : { allow: ['user', 'service'] },
        );
        if (permissions) {
          await authorizeRoute(permissions, ctx.route, credentials);
        }
      } catch (error) {
        recordCallDetails(res, { error: error as Error });
        sendProxyError(req, res, error as Error);
        return;
      }
    }
    await forwardRequest(ctx, req, res, rest);
  };

  return (req, res) => {
    // Express has removed the mount path; req.url is still exactly as the client encoded it.
    const url = req.url;
    for (const ctx of contexts) {
      if (!url.startsWith(ctx.prefix)) continue;
      const next = url.charAt(ctx.prefix.length);
      if (next === '' || next === '/' || next === '?') {
        serve(ctx, req, res, url.slice(ctx.prefix.length)).catch(error =>
          sendProxyError(req, res, error),
        );
        return;
      }
    }
    const path = url.split('?')[0];
    sendProxyError(
      req,
      res,
      withReason(
        new NotFoundError(
          `No AWS proxy route matches '${path.slice(0, 120)}'; the configured routes are ${
            contexts.map(c => c.prefix).join(', ') || 'none (aws.proxy.routes)'
          }`,
        ),
        'route-not-found',
      ),
    );
  };
}
