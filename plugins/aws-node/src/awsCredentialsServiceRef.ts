import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from './DefaultAwsCredentialsManager';
import type { AwsCredentialsService } from './types';

/**
 * The AWS credentials every aws-bridge plugin (and any other) shares. Root-scoped, so the
 * whole backend holds one manager: one cache, one AssumeRole per account however many plugins
 * ask.
 *
 * @public
 */
export const awsCredentialsServiceRef = createServiceRef<AwsCredentialsService>(
  {
    id: 'aws-bridge.aws-credentials',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
        },
        factory: ({ config, logger }) =>
          DefaultAwsCredentialsManager.fromConfig(config, {
            logger: logger.child({ service: 'aws-credentials' }),
          }),
      }),
  },
);
