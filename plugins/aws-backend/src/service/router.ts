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

/** Builds the plugin's Express router; `plugin.ts` mounts it under `/api/aws`. */
export function createRouter(): express.Router {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const body: AwsHealthResponse = { status: 'ok' };
    res.json(body);
  });

  return router;
}
