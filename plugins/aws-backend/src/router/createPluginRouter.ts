import type {
  AwsAccountsHealthResponse,
  AwsAlbSignInStatus,
  AwsDirectorySyncStatus,
  AwsDirectorySyncsResponse,
  AwsHealthResponse,
  AwsProxyRoutesCheckResponse,
  AwsProxyRoutesHealthResponse,
} from '@aws-bridge/plugin-aws-common';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type { AdminApi } from '../admin/AdminApi';
import { ADMIN_CALLER } from '../admin/runRateLimit';

/**
 * Builds the plugin's Express router; `plugin.ts` mounts it under `/api/aws`. No body parser
 * is installed: the SigV4 proxy must see raw request bodies to hash and stream them.
 */
export function createPluginRouter(options: {
  proxy: express.RequestHandler;
  admin: AdminApi;
  /** The per-caller limit on the admin API's costly actions (createRunRateLimit). */
  runRateLimit: express.RequestHandler;
}): express.Router {
  const { admin } = options;
  const router = Router();

  // Before each costly action: aws.admin.read and aws.admin.run, then the caller's allowance.
  const mayRun: express.RequestHandler[] = [
    async (req, res, next) => {
      res.locals[ADMIN_CALLER] = await admin.authorize?.(req, 'run');
      next();
    },
    options.runRateLimit,
  ];

  router.get('/health', (_req, res) => {
    const body: AwsHealthResponse = { status: 'ok' };
    res.json(body);
  });

  router.get('/admin/routes', async (req, res) => {
    await admin.authorize?.(req, 'read');
    const body: AwsProxyRoutesHealthResponse = { routes: await admin.routes() };
    res.json(body);
  });

  // POST: it makes the backend call every route's target now. `?route=/search` checks one.
  router.post('/admin/routes/check', ...mayRun, async (req, res) => {
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
    await admin.authorize?.(req, 'read');
    const body: AwsAlbSignInStatus = await admin.signIn();
    res.json(body);
  });

  router.get('/admin/directory-syncs', async (req, res) => {
    await admin.authorize?.(req, 'read');
    const body: AwsDirectorySyncsResponse = await admin.directorySyncs();
    res.json(body);
  });

  // POST: it reads the whole directory and rewrites its users in the catalog, now.
  router.post('/admin/directory-syncs/:id/run', ...mayRun, async (req, res) => {
    const body: AwsDirectorySyncStatus = await admin.runDirectorySync(
      req.params.id,
    );
    res.json(body);
  });

  router.get('/admin/accounts', async (req, res) => {
    await admin.authorize?.(req, 'read');
    const body: AwsAccountsHealthResponse = {
      accounts: await admin.accounts(),
    };
    res.json(body);
  });

  // POST: it gets every account's credentials and asks AWS who they are, now, ending any
  // backoff after failures.
  router.post('/admin/accounts/check', ...mayRun, async (_req, res) => {
    const body: AwsAccountsHealthResponse = {
      accounts: await admin.checkAccounts(),
    };
    res.json(body);
  });

  router.use('/proxy', options.proxy);

  return router;
}
