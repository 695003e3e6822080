/*
 * The `floor` row: the cheapest route a Backstage backend plugin can serve. Every proxy row's
 * request pays at least this (root router, auth policy check, plugin router), so the distance
 * between a proxy and this row is what the proxy itself costs.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import express from 'express';

export const FLOOR_PATH = '/api/benchfloor/ping';

export const benchFloorPlugin = createBackendPlugin({
  pluginId: 'benchfloor',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = express.Router();
        router.get('/ping', (_req, res) => {
          res.json({ ok: true });
        });
        httpRouter.use(router);
        // Same as the proxies under test: no Backstage token required.
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});
