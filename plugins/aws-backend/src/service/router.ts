import type { AwsProxyRoutesHealthResponse } from '@aws-bridge/plugin-aws-common';
import type { AwsAccountDescription } from '@aws-bridge/plugin-aws-node';
import express from 'express';
import Router from 'express-promise-router';

/**
 * What `GET /api/aws/health` answers while the plugin is up.
 *
 * @public
 */
export interface AwsHealthResponse {
  status: 'ok';
}

/**
 * What `GET /api/aws/admin/accounts` answers.
 *
 * @public
 */
export interface AwsAccountsHealthResponse {
  accounts: AwsAccountDescription[];
}

/** The admin API: health of every route and account, each reused for the check interval. */
export type AdminApi = {
  routes(): Promise<AwsProxyRoutesHealthResponse['routes']>;
  accounts(): Promise<AwsAccountDescription[]>;
  /** Throws (a NotAllowedError, 403) when the caller may not read the admin API. */
  authorize?(req: express.Request): Promise<void>;
};

/**
 * Builds the plugin's Express router; `plugin.ts` mounts it under `/api/aws`. No body parser
 * is installed: the SigV4 proxy must see raw request bodies to hash and stream them.
 */
export function createPluginRouter(options: {
  proxy: express.RequestHandler;
  admin: AdminApi;
}): express.Router {
  const { admin } = options;
  const router = Router();

  router.get('/health', (_req, res) => {
    const body: AwsHealthResponse = { status: 'ok' };
    res.json(body);
  });

  router.get('/admin/routes', async (req, res) => {
    await admin.authorize?.(req);
    const body: AwsProxyRoutesHealthResponse = { routes: await admin.routes() };
    res.json(body);
  });

  router.get('/admin/accounts', async (req, res) => {
    await admin.authorize?.(req);
    const body: AwsAccountsHealthResponse = {
      accounts: await admin.accounts(),
    };
    res.json(body);
  });

  router.use('/proxy', options.proxy);

  return router;
}
