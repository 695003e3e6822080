import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './service/router';

/**
 * The `aws` backend plugin. Today it serves `GET /api/aws/health`; the SigV4 proxy and the
 * admin API join it in later releases.
 *
 * @public
 */
export const awsPlugin = createBackendPlugin({
  pluginId: 'aws',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
      },
      async init({ httpRouter, logger }) {
        httpRouter.use(createRouter());
        // Load balancers and uptime checks probe health without a Backstage token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('aws plugin ready: GET /api/aws/health');
      },
    });
  },
});
