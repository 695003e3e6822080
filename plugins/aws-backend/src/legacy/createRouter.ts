import {
  AwsCredentialsService,
  DefaultAwsCredentialsManager,
} from '@aws-bridge/plugin-aws-node';
import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import express from 'express';
import { sendProxyError } from '../proxy/proxyErrors';
import { readAdminConfig } from '../admin/readAdminConfig';
import { readProxyConfig } from '../proxy/config/readProxyConfig';
import { createAwsRouter } from '../router/createAwsRouter';

/**
 * Options for {@link createRouter}.
 *
 * @public
 * @deprecated Please migrate to the new backend system as this will be removed in the future.
 */
export type RouterOptions = {
  logger: LoggerService;
  /** The root config: `aws` (credentials and `aws.proxy`) and Segment's `proxysigv4`. */
  config: Config;
  /**
   * Authenticates callers: every route needs a Backstage user or service token unless config
   * opens it (`allowUnauthenticatedRequests`). Required unless `aws.proxy` opens every route.
   */
  httpAuth?: HttpAuthService;
  /** With httpAuth: checks each route's permission (`aws.proxy.<route>`) and `aws.admin.read`. */
  permissions?: PermissionsService;
  /** Records each proxied call, as the plugin does. */
  auditor?: AuditorService;
  /** The shared credentials service; by default one is made from `config`. */
  credentials?: AwsCredentialsService;
};

/**
 * The `aws` plugin's router for a backend on Backstage's legacy backend system, as Segment's
 * `proxy-sigv4` plugin has one: mount it at `/aws`
 * (`apiRouter.use('/aws', await createRouter(env))`) to serve the same
 * `/api/aws/proxy/<route>/<rest>`, `/api/aws/health` and `/api/aws/admin/*` as the plugin.
 * The new backend system should add the plugin instead.
 *
 * Throws at startup for a mistake in the config, and when nothing would authenticate callers:
 * without `httpAuth`, set `aws.proxy.allowUnauthenticatedRequests: true` to say that the
 * backend authenticates requests itself before they reach this router.
 *
 * @public
 * @deprecated Please migrate to the new backend system as this will be removed in the future.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { logger, config, httpAuth, permissions, auditor } = options;
  const proxy = readProxyConfig(config);
  const admin = readAdminConfig(config);
  if (!httpAuth && !proxy.allowUnauthenticatedRequests) {
    throw new InputError(
      'The aws plugin router needs httpAuth to authenticate callers. Pass it to createRouter, or set aws.proxy.allowUnauthenticatedRequests: true if this backend authenticates requests before they reach the router.',
    );
  }
  const credentials =
    options.credentials ??
    DefaultAwsCredentialsManager.fromConfig(config, { logger });
  const router = express.Router();
  router.use(
    createAwsRouter({
      proxy,
      admin,
      credentials,
      logger,
      httpAuth,
      permissions,
      auditor,
    }),
  );
  // A legacy backend may have no error handler of its own; answer in Backstage's error shape.
  router.use(
    (
      error: Error,
      req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => sendProxyError(req, res, error),
  );
  return router;
}
