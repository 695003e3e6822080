import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import {
  auditedRequestView,
  auditProxyCall,
  READ_METHODS,
  recordCallDetails,
} from './auditProxyCall';
import { ForwardContext, forwardRequest } from './forwardRequest';
import { sendProxyError, withReason } from './proxyErrors';
import type { ProxyRuntime } from './ProxyRuntime';
import { authorizeRoute } from './routePermissions';
import { RouteTable } from './RouteTable';

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
  /**
   * aws.proxy.allowUnauthenticatedRequests: with `httpAuth`, whether a path no route matches
   * is answered (404) without a Backstage token.
   */
  allowUnauthenticatedRequests?: boolean;
};

/**
 * The handler mounted at `/proxy`: finds the route named by the start of the path, records
 * the call with the auditor, checks who is calling (the route's own opening, or a Backstage
 * token), asks the permission framework whether the caller may use the route, and forwards
 * the rest. Route names may have several segments; the longest match wins, and only on a
 * segment boundary (`/apigw` does not serve `/apigwx`). A path no route matches is a 404 that
 * names the path, never the routes there are (the admin API lists them), and only to callers
 * who could call a route that is not open.
 */
export function createProxyHandler(
  options: ProxyHandlerOptions,
): express.RequestHandler {
  const { httpAuth, permissions, auditor, logger } = options;
  const auditReads = options.auditReads ?? true;
  const routes = new RouteTable(options.runtime.contexts);

  /** The caller's credentials, refused (401) unless `open` or they are a user or service. */
  const authenticate = (req: express.Request, open: boolean) =>
    httpAuth!.credentials(
      req,
      open ? undefined : { allow: ['user', 'service'] },
    );

  const serve = async (
    ctx: ForwardContext,
    req: express.Request,
    res: express.Response,
    rest: string,
  ) => {
    // An audited call's caller is checked on the request as the auditor sees it, so the
    // auditor finds the credentials resolved (auditedRequestView).
    let caller = req;
    if (
      auditor &&
      (auditReads || !READ_METHODS.has(req.method.toUpperCase()))
    ) {
      caller = auditedRequestView(req);
      const q = rest.indexOf('?');
      auditProxyCall({
        auditor,
        logger,
        route: ctx.route,
        request: caller,
        res,
        path: q < 0 ? rest : rest.slice(0, q),
      });
    }
    if (httpAuth) {
      try {
        // Backstage's auth policy has let the request in when no route is open (this repeats
        // its check: from the request's cache, or once more on the audited view); with open
        // routes, the plugin registers one policy opening /proxy, so that the check does not
        // grow with the number of routes, and this is the check. The legacy router has no auth
        // policy: this is its check too.
        const credentials = await authenticate(
          caller,
          ctx.route.allowUnauthenticatedRequests,
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

  const notFound = async (req: express.Request) => {
    if (httpAuth) {
      await authenticate(req, !!options.allowUnauthenticatedRequests);
    }
    const path = req.url.split('?')[0];
    throw withReason(
      new NotFoundError(
        `No AWS proxy route matches '${path.slice(0, 120)}'; an admin can see the routes there are on /aws-admin`,
      ),
      'route-not-found',
    );
  };

  return (req, res) => {
    // Express has removed the mount path; req.url is still exactly as the client encoded it.
    const match = routes.match(req.url);
    const handled = match
      ? serve(match.entry, req, res, match.rest)
      : notFound(req);
    handled.catch(error => sendProxyError(req, res, error));
  };
}
