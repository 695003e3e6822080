import {
  awsCredentialsServiceRef,
  awsUserProvisioningServiceRef,
} from '@aws-bridge/plugin-aws-node';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { readCatalogHolders } from './directory/catalogHolders';
import { AwsDirectoryEntityProvider } from './directory/AwsDirectoryEntityProvider';
import { DirectorySyncRunStore } from './directory/DirectorySyncRunStore';
import {
  defaultAwsDirectoryGroupTransformer,
  defaultAwsDirectoryUserTransformer,
} from './directory/defaultTransformers';
import { createDirectoryReader } from './directory/createDirectoryReader';
import { readDirectoryConfigs } from './directory/readDirectoryConfig';
import { awsUsersTransformsExtensionPoint } from './extensionPoint';
import { AwsJitUserEntityProvider } from './jit/AwsJitUserEntityProvider';
import { defaultAwsJitUserTransformer } from './jit/defaultJitUserTransformer';

/**
 * Users and groups for the catalog from AWS: a sync per directory under
 * `catalog.providers.awsDirectory` (Amazon Cognito user pools, the IAM Identity Center identity
 * store), and people the ALB sign-in provisions just in time.
 *
 * @public
 */
export const catalogModuleAwsUsers = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'awsUsers',
  register(reg) {
    const transforms = {
      user: defaultAwsDirectoryUserTransformer,
      group: defaultAwsDirectoryGroupTransformer,
      jitUser: defaultAwsJitUserTransformer,
    };
    reg.registerExtensionPoint(awsUsersTransformsExtensionPoint, {
      setUserTransformer: t => (transforms.user = t),
      setGroupTransformer: t => (transforms.group = t),
      setJitUserTransformer: t => (transforms.jitUser = t),
    });
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        database: coreServices.database,
        auth: coreServices.auth,
        catalogApi: catalogServiceRef,
        credentials: awsCredentialsServiceRef,
        provisioning: awsUserProvisioningServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        database,
        auth,
        catalogApi,
        credentials,
        provisioning,
      }) {
        const jit = new AwsJitUserEntityProvider(user =>
          transforms.jitUser(user),
        );
        catalog.addEntityProvider(jit);
        provisioning.registerJitProvisioner(jit);

        const directories = readDirectoryConfigs(config);
        if (directories.length === 0) return;
        // The syncs' last runs, in the catalog's database, which every replica shares.
        const runs = await DirectorySyncRunStore.create(database);
        // What other sources hold, read through the catalog's own API as this plugin.
        const readHolders = async (location: string) => {
          try {
            return await readCatalogHolders(
              catalogApi,
              await auth.getOwnServiceCredentials(),
              location,
            );
          } catch (error) {
            // The run fails and writes nothing: without the catalog's names it cannot tell
            // which are its own.
            throw new ForwardedError(
              "Could not read the catalog's Users and Groups, which the sync must leave alone",
              error,
            );
          }
        };
        for (const directory of directories) {
          const provider = new AwsDirectoryEntityProvider({
            config: directory,
            reader: createDirectoryReader(directory, credentials),
            userTransformer: (...args) => transforms.user(...args),
            groupTransformer: (...args) => transforms.group(...args),
            readHolders,
            logger: logger.child({ directorySync: directory.id }),
            runs,
            scheduler,
          });
          catalog.addEntityProvider(provider);
          provisioning.registerDirectorySync(provider);
        }
      },
    });
  },
});
