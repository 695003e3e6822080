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
 * Builds the plugin's Express router; `plugin.ts` mounts it under `/api/aws`. No body parser
 * is installed: the SigV4 proxy must see raw request bodies to hash and stream them.
 */
export function createRouter(options: {
  proxy: express.RequestHandler;
}): express.Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    const body: AwsHealthResponse = { status: 'ok' };
    res.json(body);
  });

  router.use('/proxy', options.proxy);

  return router;
}
