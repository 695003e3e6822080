import type {
  AwsAccountDescription,
  AwsAccountsHealthResponse,
  AwsAlbSignInStatus,
  AwsDirectorySyncStatus,
  AwsDirectorySyncsResponse,
  AwsProxyRoutesCheckResponse,
  AwsProxyRoutesHealthResponse,
} from '@aws-bridge/plugin-aws-common';
import { InputError } from '@backstage/errors';
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

// Defined in the common library, where the frontend reads it; re-exported, as before.
export type { AwsAccountsHealthResponse };

/** The admin API: health of every route and account, each reused for the check interval. */
export type AdminApi = {
  routes(): Promise<AwsProxyRoutesHealthResponse['routes']>;
  /** Probes again now: the named route (`/search`), or every route. */
  checkRoutes(route?: string): Promise<AwsProxyRoutesCheckResponse['routes']>;
  accounts(): Promise<AwsAccountDescription[]>;
  signIn(): Promise<AwsAlbSignInStatus>;
  directorySyncs(): Promise<AwsDirectorySyncsResponse>;
  /** Runs a directory sync now and answers its status after the run. */
  runDirectorySync(id: string): Promise<AwsDirectorySyncStatus>;
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

  // POST: it makes the backend call every route's target now. `?route=/search` checks one.
  router.post('/admin/routes/check', async (req, res) => {
    await admin.authorize?.(req);
    const { route } = req.query;
    if (route !== undefined && typeof route !== 'string') {
      throw new InputError('route must be given once, as ?route=/name');
    }
    const body: AwsProxyRoutesCheckResponse = {
      routes: await admin.checkRoutes(route),
    };
    res.json(body);
  });

  router.get('/admin/sign-in', async (req, res) => {
    await admin.authorize?.(req);
    const body: AwsAlbSignInStatus = await admin.signIn();
    res.json(body);
  });

  router.get('/admin/directory-syncs', async (req, res) => {
    await admin.authorize?.(req);
    const body: AwsDirectorySyncsResponse = await admin.directorySyncs();
    res.json(body);
  });

  // POST: it reads the whole directory and rewrites its users in the catalog, now.
  router.post('/admin/directory-syncs/:id/run', async (req, res) => {
    await admin.authorize?.(req);
    const body: AwsDirectorySyncStatus = await admin.runDirectorySync(
      req.params.id,
    );
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
