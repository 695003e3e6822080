import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  awsSignInStatusServiceRef,
  awsUserProvisioningServiceRef,
} from '@aws-bridge/plugin-aws-node';
import { authProvidersExtensionPoint } from '@backstage/plugin-auth-node';
import { checkSessionDuration, readAwsAlbProviderConfig } from './config';
import { readProvisioningConfig } from './provisioning/readProvisioningConfig';
import { createAwsAlbProviderFactory } from './providerFactory';
import { readSignInResolver } from './signInResolver';

/**
 * The `awsalb` auth provider for Backstage's auth backend: signs users in from the headers
 * an AWS Application Load Balancer adds after authenticating them.
 *
 * @public
 */
export const authModuleAwsAlbProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'awsalbProvider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        // The auth backend's own database: just-in-time names are claimed there.
        database: coreServices.database,
        // The admin page reads the provider's status here; the aws plugin need not be installed.
        signInStatus: awsSignInStatusServiceRef,
        // Just-in-time provisioning writes people through the aws-users catalog module.
        userProvisioning: awsUserProvisioningServiceRef,
      },
      async init({
        providers,
        config,
        database,
        signInStatus,
        userProvisioning,
      }) {
        // The auth backend only warns about a broken provider in development; check here so
        // a config mistake stops the backend in every environment, naming the key.
        const providerConfig = config.getOptionalConfig(
          'auth.providers.awsalb',
        );
        if (providerConfig) {
          const options = readAwsAlbProviderConfig(providerConfig);
          checkSessionDuration(config, options.sessionDurationSeconds);
          readSignInResolver(providerConfig);
          readProvisioningConfig(providerConfig, options);
        }
        providers.registerProvider({
          providerId: 'awsalb',
          factory: createAwsAlbProviderFactory({
            signInStatus,
            userProvisioning,
            database,
          }),
        });
      },
    });
  },
});
